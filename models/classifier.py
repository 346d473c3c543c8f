"""The persisted model: one feature pipeline, one linear head per label, one calibrator per label.

The heads are stored as a single dense (features x labels) matrix so scoring a batch is one
sparse-dense product. Per label, a calibrator fitted on validation rows combines the head's
margin with the pretrained prior's log-odds (when there is one) into a probability that means
the same thing across labels and retrains.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp
from sklearn.pipeline import Pipeline


# A call for violence or a threat in one sentence of a long comment is not diluted by the rest:
# for these labels a comment scores at least as high as its worst sentence.
SENTENCE_LABELS = ("severe_toxicity", "identity_attack", "threat", "incitement")
SENTENCE_BREAK = re.compile(r"(?<=[.!?\u2026])\s+|\n+")
MIN_SPLIT_CHARS = 120
MAX_SENTENCES = 40


def sentences(text: str) -> list[str]:
    """Return the sentences of a long text, or [] when it is short or a single sentence."""
    if len(text) < MIN_SPLIT_CHARS:
        return []
    parts = [part for part in SENTENCE_BREAK.split(text) if len(part.strip()) > 2]
    return parts[:MAX_SENTENCES] if len(parts) > 1 else []


class ParleyModel:
    """Map texts to calibrated probabilities for a fixed tuple of labels."""

    def __init__(self, labels: Sequence[str], features: Pipeline, coef: np.ndarray,
                 intercept: np.ndarray, calibration: np.ndarray, prior_column: int | None = None) -> None:
        self.labels = tuple(labels)
        self.features = features
        self.coef = np.ascontiguousarray(coef, dtype=np.float32)
        self.intercept = np.asarray(intercept, dtype=np.float64)
        # (labels, 3): weight of the margin, weight of the prior's log-odds, offset
        self.calibration = np.asarray(calibration, dtype=np.float64)
        self.prior_column = prior_column

    def transform(self, texts: Sequence[str]) -> sp.csr_matrix:
        """Return the feature matrix for `texts`."""
        return self.features.transform(list(texts))

    def margins(self, matrix: sp.csr_matrix) -> np.ndarray:
        """Return the raw linear scores, shape (n, labels), for a feature matrix."""
        return np.asarray(matrix @ self.coef, dtype=np.float64) + self.intercept

    def prior(self, matrix: sp.csr_matrix) -> np.ndarray:
        """Return the prior's log-odds column, shape (n, 1) (zeros without a prior)."""
        if self.prior_column is None:
            return np.zeros((matrix.shape[0], 1))
        return matrix[:, self.prior_column].toarray()

    def calibrate(self, margins: np.ndarray, prior: np.ndarray) -> np.ndarray:
        """Turn raw margins (and the prior's log-odds) into calibrated probabilities."""
        z = margins * self.calibration[:, 0] + prior * self.calibration[:, 1] + self.calibration[:, 2]
        return 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))

    def raw_scores(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """Return (margins, prior log-odds) per text, with sentence maxima for SENTENCE_LABELS."""
        texts = list(texts)
        pieces = [sentences(text) for text in texts]
        extra = [sentence for piece in pieces for sentence in piece]
        matrix = self.transform(texts + extra)
        margins, prior = self.margins(matrix), self.prior(matrix)[:len(texts)]
        whole = margins[:len(texts)]
        if extra:
            columns = [self.labels.index(label) for label in SENTENCE_LABELS if label in self.labels]
            owner = np.repeat(np.arange(len(texts)), [len(piece) for piece in pieces])
            worst = np.full((len(texts), len(columns)), -np.inf)
            np.maximum.at(worst, owner, margins[len(texts):, columns])
            whole[:, columns] = np.maximum(whole[:, columns], worst)
        return whole, prior

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        """Return calibrated probabilities, shape (n, labels)."""
        if len(texts) == 0:
            return np.zeros((0, len(self.labels)))
        return self.calibrate(*self.raw_scores(texts))
