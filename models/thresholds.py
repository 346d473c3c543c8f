"""Choose per-label review and reject thresholds on validation data (never on evaluation sets).

Review is where a moderator's look is worth it (best F1, so recall and precision balance);
reject is where the model alone is trusted: for the grave labels (threat, incitement,
identity_attack, severe_toxicity) the lowest score whose validation precision is at least
GRAVE_REJECT_PRECISION (0.97). The rudeness labels get a reject point too (at
REJECT_PRECISION), but the default policy never rejects on them (service/scoring/policy.py):
it is there for a site that opts in. Both are
clamped to sane ranges so a thin validation label cannot produce a silly policy. The broad
labels get a higher review floor: sharp but civil opinion is common in news comments, and the
validation mix (mostly hate-speech corpora, far more toxic than a comment section) puts their
best-F1 point lower than a news site can afford; the rare violent labels hardly ever fire on
ordinary comments, so their floor stays low. For the two violence labels a missed call for
violence costs more than a moderator's extra look, so their review point weighs recall double
(F2); it is also the steadier choice on their thin validation data: with 18 public incitement
positives the best-F1 point swung from 0.30 to 0.80 between two retrains of similar models.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

REJECT_PRECISION = 0.9
GRAVE_REJECT_PRECISION = 0.97
GRAVE_LABELS = ("threat", "incitement", "identity_attack", "severe_toxicity")
REVIEW_RANGE = (0.3, 0.8)
REVIEW_FLOOR = {"toxicity": 0.5, "insult": 0.5, "obscene": 0.5}
REJECT_RANGE = (0.6, 0.97)
MIN_POSITIVES = 10
REVIEW_BETA = {"threat": 2.0, "incitement": 2.0}  # F-beta for the review point; others use F1


def _precision_recall(scores: np.ndarray, truth: np.ndarray, weights: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    order = np.argsort(-scores, kind="stable")
    s, t, w = scores[order], truth[order], weights[order]
    tp = np.cumsum(w * t)
    fp = np.cumsum(w * (1 - t))
    precision = tp / np.maximum(tp + fp, 1e-12)
    recall = tp / max(tp[-1], 1e-12)
    return s, precision, recall


def choose(scores: np.ndarray, truth: np.ndarray, weights: np.ndarray | None = None,
           floor: float = REVIEW_RANGE[0], beta: float = 1.0,
           reject_precision: float = REJECT_PRECISION) -> dict[str, float]:
    """Return {"review": p, "reject": p} for one label's validation probabilities.

    Review is at the best F-beta point (beta > 1 favours recall); reject at the lowest score
    whose precision (of everything scoring at least that) reaches `reject_precision`.
    """
    weights = np.ones_like(scores) if weights is None else weights
    if truth.sum() < MIN_POSITIVES:
        return {"review": max(0.5, floor), "reject": 0.85}
    s, precision, recall = _precision_recall(scores, truth, weights)
    f_beta = (1 + beta ** 2) * precision * recall / np.maximum(beta ** 2 * precision + recall, 1e-12)
    review = float(np.clip(s[int(np.argmax(f_beta))], floor, REVIEW_RANGE[1]))
    confident = np.nonzero(precision >= reject_precision)[0]
    reject = float(s[confident[-1]]) if len(confident) else REJECT_RANGE[1]
    reject = float(np.clip(max(reject, review + 0.1), *REJECT_RANGE))
    return {"review": round(review, 3), "reject": round(reject, 3)}


def choose_all(probabilities: np.ndarray, values: np.ndarray, known: np.ndarray,
               labels: Sequence[str]) -> dict[str, dict[str, float]]:
    """Choose thresholds for every label from validation probabilities and soft targets."""
    result = {}
    for j, label in enumerate(labels):
        mask = known[:, j]
        result[label] = choose(probabilities[mask, j], (values[mask, j] >= 0.5).astype(float),
                               floor=REVIEW_FLOOR.get(label, REVIEW_RANGE[0]), beta=REVIEW_BETA.get(label, 1.0),
                               reject_precision=GRAVE_REJECT_PRECISION if label in GRAVE_LABELS else REJECT_PRECISION)
    return result
