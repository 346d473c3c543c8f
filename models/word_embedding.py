"""Dense word-embedding features for the linear heads, folded back into the sparse weights.

A comment's embedding is the TF-IDF-weighted sum of its words' static MiniLM vectors
(models/word_vectors.py): Z = X_words @ E, where X_words is FastTfidf's word block and E holds
one reduced vector per vocabulary column (zero for bigrams and rare words). The heads are fitted
on [X, scale * Z]; because Z is linear in X, the embedding weights v fold exactly into the word
weights (w_words += scale * E @ v), so serving is unchanged: no table, no extra cost. What the
embedding buys is in the fit: a word seen a handful of times in training inherits the weight of
words that MiniLM places near it, so the heads generalise past their training vocabulary.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import scipy.sparse as sp

from models.fast_features import FastTfidf
from models.identity_terms import GROUP_TERMS, PERSON_ADJECTIVES, PLACEHOLDER


def vocabulary_table(tfidf: FastTfidf, top_words: int, dims: int,
                     progress: Callable[[str], None] = lambda message: None) -> np.ndarray | None:
    """Return E, shape (word columns, dims): MiniLM vectors of the `top_words` most frequent unigrams."""
    from models.word_vectors import MiniLM, model_dir, reduce

    folder = model_dir()
    if folder is None:
        progress("MiniLM training extras not installed: no word-embedding features")
        return None
    unigrams = np.array([i for w, i in tfidf.vocabulary_.items() if " " not in w])
    chosen = unigrams[np.argsort(tfidf.word_idf_[unigrams], kind="stable")[:top_words]]  # lowest IDF = most frequent
    words = {i: w for w, i in tfidf.vocabulary_.items()}
    names = [words[i] for i in chosen]
    progress(f"embedding {len(chosen)} words with MiniLM")
    raw = MiniLM(folder).embed_words(names + list(GROUP_TERMS + PERSON_ADJECTIVES), progress=progress)
    raw, identities = raw[:len(names)], raw[len(names):]
    if PLACEHOLDER in names:  # the blinded identity stands for all of them: their mean direction
        mean = identities.mean(0)
        raw[names.index(PLACEHOLDER)] = mean / np.linalg.norm(mean)
    vectors = reduce(raw, dims)
    table = np.zeros((len(tfidf.vocabulary_), dims), dtype=np.float32)
    table[chosen] = vectors
    return table


def with_embedding(matrix: sp.csr_matrix, table: np.ndarray, scale: float) -> sp.csr_matrix:
    """Append the dense embedding block scale * X_words @ E to the feature matrix."""
    dense = np.asarray(matrix[:, :table.shape[0]] @ table, dtype=np.float32) * scale
    return sp.hstack([matrix, sp.csr_matrix(dense)], format="csr")


def fold(coef: np.ndarray, table: np.ndarray, scale: float) -> np.ndarray:
    """Return the weights over the original features: the embedding weights pushed onto the words."""
    width = coef.shape[0] - table.shape[1]
    folded = np.array(coef[:width], dtype=np.float32)
    folded[:table.shape[0]] += scale * (table @ coef[width:])
    return folded
