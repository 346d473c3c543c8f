"""A fast TF-IDF featurizer: word uni/bigrams by vocabulary, character n-grams by hashing.

scikit-learn's text vectorizers build every character n-gram as a Python string, which caps a
process at a few thousand comments a second. Here character n-grams are hashed in bulk with
numpy over the whole batch (code points, a polynomial rolling hash, no Python per n-gram), and
only the buckets seen often enough in training are kept. Word n-grams go through a plain dict.
Both blocks get sublinear TF, IDF and L2 normalisation, like two TfidfVectorizers in a union.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Sequence
from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin

_MIX = np.uint64(0x9E3779B97F4A7C15)
_PRIME = np.uint64(1_000_003)


def _char_hashes(texts: Sequence[str], n_min: int, n_max: int, n_buckets: int) -> tuple[np.ndarray, np.ndarray]:
    """Return (document index, bucket) for every character n-gram of every text."""
    padded = [f" {text} " for text in texts]
    lengths = np.array([len(p) for p in padded], dtype=np.int64)
    codes = np.frombuffer("\0".join(padded).encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    doc_of = np.repeat(np.arange(len(texts)), lengths + 1)[:len(codes)]
    breaks = np.concatenate([[0], np.cumsum(codes == 0)])
    docs, buckets = [], []
    with np.errstate(over="ignore"):
        for n in range(n_min, n_max + 1):
            count = len(codes) - n + 1
            if count <= 0:
                continue
            h = np.full(count, np.uint64(n), dtype=np.uint64)
            for k in range(n):
                h = h * _PRIME + codes[k:k + count]
            valid = breaks[n:n + count] == breaks[:count]  # no separator inside the window
            h = (h[valid] * _MIX) >> np.uint64(40)
            docs.append(doc_of[:count][valid])
            buckets.append((h % np.uint64(n_buckets)).astype(np.int64))
    if not docs:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    return np.concatenate(docs), np.concatenate(buckets)


def tfidf_entries(docs: np.ndarray, columns: np.ndarray, n_docs: int, idf: np.ndarray,
                  sublinear: bool = True) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return (rows, columns, values) of TF x IDF, L2-normalised per row, sorted by row.

    `docs` and `columns` list one (document, column) pair per occurrence; TF is 1 + log(count)
    when `sublinear`, else the count.
    """
    keys, counts = np.unique(docs * len(idf) + columns, return_counts=True)
    rows, columns = np.divmod(keys, len(idf))
    values = ((1.0 + np.log(counts)) if sublinear else counts) * idf[columns]
    norms = np.sqrt(np.bincount(rows, weights=values ** 2, minlength=n_docs))
    norms[norms == 0] = 1.0
    return rows, columns, values / norms[rows]


def _idf(df: np.ndarray, n_docs: int) -> np.ndarray:
    return (np.log((1 + n_docs) / (1 + df)) + 1.0).astype(np.float32)


class FastTfidf(BaseEstimator, TransformerMixin):
    """Word (1-2)-gram and hashed character n-gram TF-IDF over already-normalized texts."""

    def __init__(self, word_features: int = 200_000, char_features: int = 300_000, char_ngrams: tuple[int, int] = (2, 5),
                 min_df: int = 2, n_buckets: int = 1 << 21, word_pattern: str = r"\w[\w']*") -> None:
        self.word_features = word_features
        self.char_features = char_features
        self.char_ngrams = char_ngrams
        self.min_df = min_df
        self.n_buckets = n_buckets
        self.word_pattern = word_pattern

    def _words(self, text: str) -> list[str]:
        tokens = self.pattern_.findall(text)
        return tokens + [f"{a} {b}" for a, b in zip(tokens, tokens[1:])]

    def fit(self, texts: Sequence[str], y: Any = None) -> "FastTfidf":
        """Choose the vocabulary and character buckets by document frequency; compute IDF."""
        self.fit_transform(texts)
        return self

    def fit_transform(self, texts: Sequence[str], y: Any = None) -> sp.csr_matrix:
        """Fit on `texts` and return their matrix, tokenizing and hashing them only once."""
        self.pattern_ = re.compile(self.word_pattern)
        words = [self._words(text) for text in texts]
        df: Counter[str] = Counter()
        for doc in words:
            df.update(set(doc))
        kept = sorted(w for w, c in df.most_common(self.word_features) if c >= self.min_df)
        self.vocabulary_ = {w: i for i, w in enumerate(kept)}
        self.word_idf_ = _idf(np.array([df[w] for w in kept]), len(texts))
        docs, buckets = _char_hashes(texts, *self.char_ngrams, self.n_buckets)
        pairs = np.unique(docs * self.n_buckets + buckets)
        bucket_df = np.bincount(pairs % self.n_buckets, minlength=self.n_buckets)
        order = np.argsort(-bucket_df, kind="stable")[:self.char_features]
        order = np.sort(order[bucket_df[order] >= self.min_df])
        self.bucket_map_ = np.full(self.n_buckets, -1, dtype=np.int32)
        self.bucket_map_[order] = np.arange(len(order), dtype=np.int32)
        self.char_idf_ = _idf(bucket_df[order], len(texts))
        return self._stack(words, docs, buckets)

    @property
    def n_features(self) -> int:
        """Return the total width of the output matrix."""
        return len(self.vocabulary_) + len(self.char_idf_)

    def _stack(self, words: list[list[str]], docs: np.ndarray, buckets: np.ndarray) -> sp.csr_matrix:
        n_docs, n_words = len(words), len(self.vocabulary_)
        flat = [word for doc in words for word in doc]
        columns = np.fromiter(map(self.vocabulary_.get, flat, itertools.repeat(-1)), dtype=np.int64, count=len(flat))
        owners = np.repeat(np.arange(n_docs), [len(doc) for doc in words])
        keep = columns >= 0
        word_rows, word_columns, word_values = tfidf_entries(owners[keep], columns[keep], n_docs, self.word_idf_)
        columns = self.bucket_map_[buckets].astype(np.int64)
        keep = columns >= 0
        char_rows, char_columns, char_values = tfidf_entries(docs[keep], columns[keep], n_docs, self.char_idf_)
        rows = np.concatenate([word_rows, char_rows])
        order = np.argsort(rows, kind="stable")  # two sorted runs: a cheap merge
        indices = np.concatenate([word_columns, char_columns + n_words])[order].astype(np.int32)
        data = np.concatenate([word_values, char_values])[order].astype(np.float32)
        indptr = np.concatenate([[0], np.cumsum(np.bincount(rows, minlength=n_docs))])
        return sp.csr_matrix((data, indices, indptr), shape=(n_docs, self.n_features))

    def transform(self, texts: Sequence[str]) -> sp.csr_matrix:
        """Return the (n, word + char features) TF-IDF matrix."""
        docs, buckets = _char_hashes(texts, *self.char_ngrams, self.n_buckets)
        return self._stack([self._words(text) for text in texts], docs, buckets)
