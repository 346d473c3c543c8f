"""Word-embedding features fold exactly into the word weights, so serving never sees them."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp

from models.fast_features import FastTfidf
from models.word_embedding import fold, with_embedding
from models.word_vectors import model_dir

TEXTS = ["you are a lovely person", "you are a horrible idiot", "the idiot wrote a lovely article",
         "a person wrote an article", "horrible article, horrible person"]


def test_fold_scores_the_same_as_the_stacked_features() -> None:
    tfidf = FastTfidf(min_df=1)
    matrix = tfidf.fit_transform(TEXTS)
    rng = np.random.default_rng(0)
    table = rng.normal(size=(len(tfidf.vocabulary_), 4)).astype(np.float32)
    stacked = with_embedding(matrix, table, scale=0.5)
    coef = rng.normal(size=(stacked.shape[1], 2)).astype(np.float32)
    assert stacked.shape == (len(TEXTS), matrix.shape[1] + 4)
    np.testing.assert_allclose(stacked @ coef, matrix @ fold(coef, table, scale=0.5), rtol=1e-4, atol=1e-5)


def test_fold_leaves_the_character_columns_alone() -> None:
    table = np.ones((3, 2), dtype=np.float32)
    coef = np.arange(14, dtype=np.float32).reshape(7, 2)  # 3 word + 2 char columns + 2 embedding dims
    folded = fold(coef, table, scale=1.0)
    assert folded.shape == (5, 2)
    np.testing.assert_array_equal(folded[3:], coef[3:5])
    assert sp.issparse(with_embedding(sp.csr_matrix(np.eye(5, dtype=np.float32)), table, 1.0))


@pytest.mark.skipif(model_dir() is None, reason="MiniLM training extras not installed")
def test_minilm_puts_related_words_together() -> None:
    from models.word_vectors import MiniLM

    vectors = MiniLM(model_dir()).embed_words(["murder", "kill", "sandwich"])
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, rtol=1e-5)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2]
