"""The feature pipeline: normalize, then word and character n-gram TF-IDF (plus an optional prior).

Everything that turns text into numbers lives in one scikit-learn Pipeline that is fitted on the
training rows only and persisted inside the bundle, so serving can never drift from training.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.pipeline import FeatureUnion, Pipeline
from sklearn.preprocessing import FunctionTransformer

from models.fast_features import FastTfidf, tfidf_entries
from models.token_hashing import CodedBatch, HashIndex
from models.text_normalization import normalize_many


def normalize_all(texts: Iterable[str]) -> list[str]:
    """Normalize every text (a module-level function so the pipeline pickles by reference)."""
    return normalize_many(list(texts))


class PretrainedPrior(BaseEstimator, TransformerMixin):
    """Expose alt-profanity-check's fitted model as one feature: its log-odds, scaled.

    That model (TF-IDF word unigrams, five sigmoid-calibrated linear SVMs) carries what we
    cannot download: Jigsaw's Wikipedia toxicity labels. Its weights are copied out of the
    fitted objects into plain arrays, so the artifact holds numbers, not that package's
    classes, and scoring is one sparse product instead of five estimator calls.
    """

    def __init__(self, vectorizer: Any = None, model: Any = None, scale: float = 1.0) -> None:
        self.vectorizer = vectorizer
        self.model = model
        self.scale = scale

    def fit(self, texts: Sequence[str], y: Any = None) -> "PretrainedPrior":
        """Copy the wrapped model's vocabulary, IDF, SVM weights and calibrators into arrays."""
        self.vocabulary_ = dict(self.vectorizer.vocabulary_)
        self.idf_ = np.asarray(self.vectorizer.idf_, dtype=np.float64)
        members = self.model.calibrated_classifiers_
        self.weights_ = np.column_stack([m.estimator.coef_[0] for m in members])
        self.bias_ = np.array([m.estimator.intercept_[0] for m in members])
        self.sigmoid_ = np.array([[m.calibrators[0].a_, m.calibrators[0].b_] for m in members])
        self.pattern_ = re.compile(self.vectorizer.token_pattern)
        self.vectorizer = self.model = None  # keep only the arrays in the artifact
        return self

    def log_odds(self, texts: Sequence[str]) -> np.ndarray:
        """Return the prior's scaled log-odds, shape (n, 1), float32."""
        if self.pattern_.pattern != r"(?u)\b\w\w+\b":
            raise ValueError(f"unsupported token pattern {self.pattern_.pattern!r}")
        docs, hashes = CodedBatch([text.lower() for text in texts]).words(min_length=2, apostrophes=False)
        columns = self._lookup().lookup(hashes)
        found = columns >= 0
        rows, columns, values = tfidf_entries(docs[found], columns[found], len(texts), self.idf_, sublinear=False)
        weighted = self.weights_[columns] * values[:, None]
        decision = np.column_stack([np.bincount(rows, weights=weighted[:, k], minlength=len(texts))
                                    for k in range(weighted.shape[1])]) + self.bias_
        proba = np.mean(1.0 / (1.0 + np.exp(self.sigmoid_[:, 0] * decision + self.sigmoid_[:, 1])), axis=1)
        proba = np.clip(proba, 1e-4, 1 - 1e-4)
        return (np.log(proba / (1 - proba)) * self.scale).astype(np.float32).reshape(-1, 1)

    def _lookup(self) -> HashIndex:
        if getattr(self, "_index", None) is None:
            self._index = HashIndex(self.vocabulary_)
        return self._index

    def __getstate__(self) -> dict[str, Any]:
        state = super().__getstate__()
        state.pop("_index", None)  # rebuilt from the vocabulary on first use: not worth its bytes
        return state

    def transform(self, texts: Sequence[str]) -> sp.csr_matrix:
        """Return the log-odds as an (n, 1) sparse matrix, for the feature union."""
        return sp.csr_matrix(self.log_odds(texts))


def build_features(word_features: int = 200_000, char_features: int = 300_000, min_df: int = 2,
                   prior: PretrainedPrior | None = None) -> Pipeline:
    """Return an unfitted pipeline from raw texts to a sparse feature matrix."""
    parts: list[tuple[str, Any]] = [
        ("tfidf", FastTfidf(word_features=word_features, char_features=char_features, min_df=min_df)),
    ]
    if prior is not None:
        parts.append(("prior", prior))
    return Pipeline([
        ("normalize", FunctionTransformer(normalize_all, validate=False)),
        ("union", FeatureUnion(parts)),
    ])


def load_profanity_prior() -> PretrainedPrior | None:
    """Load alt-profanity-check's fitted vectorizer and model if the package is installed."""
    try:
        from importlib import resources

        import joblib

        data = resources.files("profanity_check") / "data"
        return PretrainedPrior(joblib.load(data / "vectorizer.joblib"), joblib.load(data / "model.joblib"))
    except (ImportError, FileNotFoundError, ModuleNotFoundError):
        return None
