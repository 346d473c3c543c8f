"""A fast TF-IDF featurizer: word uni/bigrams by vocabulary, character n-grams by hashing.

scikit-learn's text vectorizers build every character n-gram as a Python string, which caps a
process at a few thousand comments a second. Here a whole batch is hashed with numpy
(`models.token_hashing`): character n-grams into buckets, of which only those seen often enough
in training are kept, and words by hash against the vocabulary. Both blocks get sublinear TF,
IDF and L2 normalisation, like two TfidfVectorizers in a union.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin

from models.token_hashing import CodedBatch, HashIndex, pair_hashes

WORD = re.compile(r"\w[\w']*")


def count_pairs(docs: np.ndarray, columns: np.ndarray, width: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return (rows, columns, counts) of the distinct (doc, column) pairs, sorted by row then column.

    One sort of packed keys does it; 32-bit keys, when the batch is small enough for them, sort
    about twice as fast as 64-bit ones.
    """
    n_docs = int(docs.max()) + 1 if len(docs) else 0
    dtype = np.int32 if n_docs * width < 2 ** 31 else np.int64
    keys = np.sort(docs.astype(dtype) * dtype(width) + columns.astype(dtype))
    if not len(keys):
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, empty
    starts = np.concatenate([[0], np.flatnonzero(keys[1:] != keys[:-1]) + 1])
    counts = np.diff(np.concatenate([starts, [len(keys)]]))
    rows, columns = np.divmod(keys[starts].astype(np.int64), width)
    return rows, columns, counts


def tfidf_entries(docs: np.ndarray, columns: np.ndarray, n_docs: int, idf: np.ndarray,
                  sublinear: bool = True) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return (rows, columns, values) of TF x IDF, L2-normalised per row, sorted by row.

    `docs` and `columns` list one (document, column) pair per occurrence; TF is 1 + log(count)
    when `sublinear`, else the count.
    """
    rows, columns, counts = count_pairs(docs, columns, len(idf))
    values = ((1.0 + np.log(counts)) if sublinear else counts) * idf[columns]
    norms = np.sqrt(np.bincount(rows, weights=values ** 2, minlength=n_docs))
    norms[norms == 0] = 1.0
    return rows, columns, values / norms[rows]


def _idf(df: np.ndarray, n_docs: int) -> np.ndarray:
    return (np.log((1 + n_docs) / (1 + df)) + 1.0).astype(np.float32)


class FastTfidf(BaseEstimator, TransformerMixin):
    """Word (1-2)-gram and hashed character n-gram TF-IDF over already-normalized texts.

    Words are the tokens of `\\w[\\w']*` (see `models.token_hashing`); the vocabulary is kept as
    strings (readable, and what spans report) and matched by hash.
    """

    CHUNK = 512  # texts per transform step: bounds memory and keeps sort keys 32-bit

    def __init__(self, word_features: int = 200_000, char_features: int = 300_000, char_ngrams: tuple[int, int] = (2, 5),
                 min_df: int = 2, n_buckets: int = 1 << 21) -> None:
        self.word_features = word_features
        self.char_features = char_features
        self.char_ngrams = char_ngrams
        self.min_df = min_df
        self.n_buckets = n_buckets

    @staticmethod
    def _words(text: str) -> list[str]:
        """Return the word unigrams and bigrams of one normalized text, as strings."""
        tokens = WORD.findall(text)
        return tokens + [f"{a} {b}" for a, b in zip(tokens, tokens[1:])]

    def fit(self, texts: Sequence[str], y: Any = None) -> "FastTfidf":
        """Choose the vocabulary and character buckets by document frequency; compute IDF."""
        df: Counter[str] = Counter()
        for text in texts:
            df.update(set(self._words(text)))
        kept = sorted(w for w, c in df.most_common(self.word_features) if c >= self.min_df)
        self.vocabulary_ = {w: i for i, w in enumerate(kept)}
        self.word_idf_ = _idf(np.array([df[w] for w in kept]), len(texts))
        bucket_df = np.zeros(self.n_buckets, dtype=np.int64)
        for i in range(0, len(texts), self.CHUNK):
            docs, buckets = CodedBatch(texts[i:i + self.CHUNK]).char_ngrams(*self.char_ngrams, self.n_buckets)
            bucket_df += np.bincount(np.unique(docs * self.n_buckets + buckets) % self.n_buckets,
                                     minlength=self.n_buckets)
        order = np.argsort(-bucket_df, kind="stable")[:self.char_features]
        order = np.sort(order[bucket_df[order] >= self.min_df])
        self.bucket_map_ = np.full(self.n_buckets, -1, dtype=np.int32)
        self.bucket_map_[order] = np.arange(len(order), dtype=np.int32)
        self.char_idf_ = _idf(bucket_df[order], len(texts))
        self._index = None
        return self

    @property
    def n_features(self) -> int:
        """Return the total width of the output matrix."""
        return len(self.vocabulary_) + len(self.char_idf_)

    def __getstate__(self) -> dict[str, Any]:
        state = super().__getstate__()
        state.pop("_index", None)  # rebuilt from the vocabulary on first use: not worth its bytes
        return state

    def _lookup(self) -> tuple[HashIndex, np.ndarray]:
        if getattr(self, "_index", None) is None:
            self._index = (HashIndex(self.vocabulary_), np.concatenate([self.word_idf_, self.char_idf_]))
        return self._index

    def transform(self, texts: Sequence[str]) -> sp.csr_matrix:
        """Return the (n, word + char features) TF-IDF matrix."""
        texts = list(texts)
        if len(texts) > self.CHUNK:
            return sp.vstack([self.transform(texts[i:i + self.CHUNK]) for i in range(0, len(texts), self.CHUNK)],
                             format="csr")
        index, idf = self._lookup()
        n_docs, n_words = len(texts), len(self.vocabulary_)
        batch = CodedBatch(texts)
        docs, hashes = batch.words()
        pair_docs, pairs = pair_hashes(docs, hashes)
        word_docs = np.concatenate([docs, pair_docs])
        word_columns = index.lookup(np.concatenate([hashes, pairs]))
        char_docs, buckets = batch.char_ngrams(*self.char_ngrams, self.n_buckets)
        char_columns = self.bucket_map_[buckets]
        found, hit = word_columns >= 0, char_columns >= 0
        rows, columns, counts = count_pairs(np.concatenate([word_docs[found], char_docs[hit]]),
                                            np.concatenate([word_columns[found], char_columns[hit] + n_words]),
                                            self.n_features)
        values = (1.0 + np.log(counts)) * idf[columns]
        block = 2 * rows + (columns >= n_words)  # words and characters are normalised separately
        norms = np.sqrt(np.bincount(block, weights=values ** 2, minlength=2 * n_docs))
        norms[norms == 0] = 1.0
        indptr = np.concatenate([[0], np.cumsum(np.bincount(rows, minlength=n_docs))])
        return sp.csr_matrix(((values / norms[block]).astype(np.float32), columns.astype(np.int32), indptr),
                             shape=(n_docs, self.n_features))
