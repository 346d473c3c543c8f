"""The persisted model: a cheap linear stage for every comment, a sentence-encoder stage for the doubtful.

Stage one is one feature pipeline (word and character n-grams, a pretrained prior) and one linear
head per label, stored as a single dense (features x labels) matrix so scoring a batch is one
sparse-dense product; per label, a calibrator fitted on validation rows turns its margin and the
prior's log-odds into a probability. Stage two (models/encoder_stage.py) embeds a comment with
MiniLM and adds a second margin per label; a second calibrator, fitted on the validation rows
that reach it, combines all three. A comment reaches stage two when any label's stage-one
probability reaches that label's `cascade_gate` (chosen on validation so almost every positive
does): the plainly benign majority pays for one cheap pass, and the encoder reads the rest.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp
from sklearn.pipeline import Pipeline

from models.encoder_stage import Embed, EncoderHeads


# A call for violence or a threat in one sentence of a long comment is not diluted by the rest:
# for these labels a comment scores at least as high as its worst sentence. Only comments whose
# whole-text margin on one of these labels reaches `sentence_gate` are split and rescored (a
# cascade: most comments are plainly benign and pay for one pass).
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
        self.sentence_gate: np.ndarray | None = None  # per SENTENCE_LABELS margin; None: always split
        self.encoder_heads: EncoderHeads | None = None
        # (labels, 4): weights of the linear margin, the prior's log-odds, the encoder margin; offset
        self.combined_calibration: np.ndarray | None = None
        self.cascade_gate: np.ndarray | None = None  # per label, stage-one probability; None: every comment

    def blocks(self, texts: Sequence[str]) -> tuple[sp.csr_matrix, np.ndarray]:
        """Return the TF-IDF matrix and the prior's log-odds column (zeros without a prior).

        Together they are what `self.features.transform` returns (the prior is its last column).
        The fitted steps are called directly: scikit-learn's per-call bookkeeping in Pipeline and
        FeatureUnion, and stacking the blocks, cost more than scoring one comment does.
        """
        steps = self.features.named_steps
        normalized = steps["normalize"].func(list(texts))
        parts = dict(steps["union"].transformer_list)
        prior = parts["prior"].log_odds(normalized) if "prior" in parts else np.zeros((len(normalized), 1))
        return parts["tfidf"].transform(normalized), prior

    def margins(self, tfidf: sp.csr_matrix, prior: np.ndarray) -> np.ndarray:
        """Return the raw linear scores, shape (n, labels)."""
        scores = np.asarray(tfidf @ self.coef[:tfidf.shape[1]], dtype=np.float64) + self.intercept
        if self.prior_column is not None:
            scores += prior * self.coef[self.prior_column]
        return scores

    def calibrate(self, margins: np.ndarray, prior: np.ndarray) -> np.ndarray:
        """Turn raw margins (and the prior's log-odds) into calibrated probabilities."""
        z = margins * self.calibration[:, 0] + prior * self.calibration[:, 1] + self.calibration[:, 2]
        return 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))

    def sentence_columns(self) -> list[int]:
        """Return the column indexes of the labels judged per sentence."""
        return [self.labels.index(label) for label in SENTENCE_LABELS if label in self.labels]

    def raw_scores(self, texts: Sequence[str], split: bool = True) -> tuple[np.ndarray, np.ndarray]:
        """Return (margins, prior log-odds) per text, with sentence maxima for SENTENCE_LABELS."""
        tfidf, prior = self.blocks(texts)
        whole = self.margins(tfidf, prior)
        columns = self.sentence_columns()
        if not split or not columns:
            return whole, prior
        doubtful = np.ones(len(texts), dtype=bool) if self.sentence_gate is None else \
            np.any(whole[:, columns] >= self.sentence_gate, axis=1)
        owners, pieces = [], []
        for i in np.nonzero(doubtful)[0]:
            parts = sentences(texts[i])
            owners += [i] * len(parts)
            pieces += parts
        if pieces:
            worst = np.full((len(texts), len(columns)), -np.inf)
            np.maximum.at(worst, np.array(owners), self.margins(*self.blocks(pieces))[:, columns])
            whole[:, columns] = np.maximum(whole[:, columns], worst)
        return whole, prior

    def set_sentence_gate(self, texts: Sequence[str], share: float = 0.25) -> None:
        """Gate sentence rescoring at the margin the top `share` of `texts` reach, per label."""
        if not texts:
            return
        whole, _ = self.raw_scores(texts, split=False)
        self.sentence_gate = np.quantile(whole[:, self.sentence_columns()], 1 - share, axis=0)

    def escalated(self, linear: np.ndarray) -> np.ndarray:
        """Return the row indexes whose stage-one probabilities send them to the encoder stage."""
        if self.encoder_heads is None:
            return np.zeros(0, dtype=int)
        if self.cascade_gate is None:
            return np.arange(len(linear))
        return np.nonzero(np.any(linear >= self.cascade_gate, axis=1))[0]

    def combine(self, margins: np.ndarray, prior: np.ndarray, encoder: np.ndarray) -> np.ndarray:
        """Turn both stages' margins (and the prior) into calibrated probabilities."""
        w = self.combined_calibration
        z = margins * w[:, 0] + prior * w[:, 1] + encoder * w[:, 2] + w[:, 3]
        return 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))

    def linear_proba(self, texts: Sequence[str]) -> np.ndarray:
        """Return stage one's calibrated probabilities alone (what the cascade gates on)."""
        if len(texts) == 0:
            return np.zeros((0, len(self.labels)))
        return self.calibrate(*self.raw_scores(texts))

    def predict_proba(self, texts: Sequence[str], embed: Embed | None = None) -> np.ndarray:
        """Return calibrated probabilities, shape (n, labels); `embed` overrides the attached encoder."""
        if len(texts) == 0:
            return np.zeros((0, len(self.labels)))
        margins, prior = self.raw_scores(texts)
        probabilities = self.calibrate(margins, prior)
        rows = self.escalated(probabilities)
        if len(rows):
            encoder = self.encoder_heads.margins([texts[i] for i in rows], embed)
            probabilities[rows] = self.combine(margins[rows], prior[rows], encoder)
        return probabilities
