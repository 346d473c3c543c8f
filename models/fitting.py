"""Fit the per-label linear heads and their calibrators on a masked, soft-labelled corpus.

A row only trains the labels its dataset actually annotates; a soft label p becomes the same
row twice, once positive with weight w*p and once negative with weight w*(1-p).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence

import numpy as np
import scipy.sparse as sp
from joblib import Parallel, delayed
from sklearn.linear_model import LogisticRegression

from models.datasets import Example


def label_matrix(examples: Sequence[Example], labels: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """Return (values, known) arrays of shape (n, labels); values are soft targets."""
    values = np.zeros((len(examples), len(labels)))
    known = np.zeros((len(examples), len(labels)), dtype=bool)
    for i, example in enumerate(examples):
        for j, label in enumerate(labels):
            if label in example.labels:
                values[i, j] = example.labels[label]
                known[i, j] = True
    return values, known


def expand_soft(values: np.ndarray, weights: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Turn soft targets into (row index, hard target, weight) triples, dropping zero weights."""
    rows = np.concatenate([np.arange(len(values)), np.arange(len(values))])
    targets = np.concatenate([np.ones(len(values)), np.zeros(len(values))])
    w = np.concatenate([weights * values, weights * (1 - values)])
    keep = w > 0
    return rows[keep], targets[keep], w[keep]


def balanced_rows(values: np.ndarray, weights: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray] | float:
    """Expand soft targets and rebalance them; a constant margin instead when one class is absent.

    Positives are reweighted to carry about a third of the weight, so rare labels still get a
    margin; the weights are returned scaled to a mean of 1.
    """
    rows, targets, w = expand_soft(values, weights)
    positive = w[targets == 1].sum()
    if positive == 0 or positive == w.sum():
        return 8.0 if positive else -8.0
    share = positive / w.sum()
    if share < 1 / 3:
        w = np.where(targets == 1, w * (1 / 3) / share * (1 - share) / (2 / 3), w)
    return rows, targets, w * len(w) / w.sum()


def _fit_one(matrix: sp.csr_matrix, values: np.ndarray, weights: np.ndarray, c: float,
             seed: int) -> tuple[np.ndarray, float]:
    expanded = balanced_rows(values, weights)
    if isinstance(expanded, float):
        return np.zeros(matrix.shape[1]), expanded
    rows, targets, w = expanded
    model = LogisticRegression(C=c, solver="liblinear", max_iter=200, random_state=seed)
    model.fit(matrix[rows], targets, sample_weight=w)
    return model.coef_[0], float(model.intercept_[0])  # binary coef_ belongs to classes_[1] == 1


def fit_heads(matrix: sp.csr_matrix, examples: Sequence[Example], labels: Sequence[str], c: float = 2.0,
              seed: int = 13, n_jobs: int = 2, head_c: Mapping[str, float] | None = None,
              progress: Callable[[str], None] = lambda message: None) -> tuple[np.ndarray, np.ndarray]:
    """Return (coef of shape (features, labels), intercepts) fitted label by label.

    `head_c` overrides the regularization `c` for the labels it names.
    """
    values, known = label_matrix(examples, labels)
    weights = np.array([example.weight for example in examples])
    jobs = []
    for j, label in enumerate(labels):
        mask = known[:, j]
        progress(f"queued {label}: {int(mask.sum())} rows, {values[mask, j].sum():.0f} positive")
        jobs.append(delayed(_fit_one)(matrix[mask], values[mask, j], weights[mask], (head_c or {}).get(label, c), seed))
    fitted = []
    for label, result in zip(labels, Parallel(n_jobs=n_jobs, backend="threading", return_as="generator")(jobs)):
        fitted.append(result)
        progress(f"fitted {label}")
    coef = np.column_stack([f[0] for f in fitted]).astype(np.float32)
    return coef, np.array([f[1] for f in fitted])


# alt-profanity-check was trained on Davidson's tweets: its prior would look better than it is there.
PRIOR_LEAKS = ("davidson",)


def calibration_weights(examples: Sequence[Example]) -> np.ndarray:
    """Weigh validation rows so every source counts the same, and drop the prior's own training data."""
    sources = [example.source.split(":")[0] for example in examples]  # all seed files count as one source
    counts = Counter(sources)
    return np.array([0.0 if source in PRIOR_LEAKS else len(examples) / (len(counts) * counts[source])
                     for source in sources])


# Where the prior's weight for a label is learned: toxicity follows the rows labelled with
# Jigsaw's own definition of toxicity in a discussion forum (Wikipedia talk, CAT), because
# Parley's `toxicity` stands in for Perspective's TOXICITY.
STACK_SOURCES = {"toxicity": ("wikipedia_cat",)}


def _platt(features: np.ndarray, values: np.ndarray, weights: np.ndarray) -> np.ndarray | None:
    rows, targets, w = expand_soft(values, weights)
    if len(np.unique(targets)) < 2 or w[targets == 1].sum() < 3:
        return None
    platt = LogisticRegression(C=100.0, solver="lbfgs")
    platt.fit(features[rows], targets, sample_weight=w * len(w) / w.sum())
    return np.concatenate([platt.coef_[0], platt.intercept_])


def _calibrate_label(features: np.ndarray, values: np.ndarray, weights: np.ndarray,
                     stack_rows: np.ndarray | None) -> np.ndarray | None:
    """Platt-scale one label on `features`; with `stack_rows`, their mix of features sets the direction.

    The direction (each feature's weight relative to the first) is learned on the stack rows
    only, then one scale and offset on every row: the label follows the stack sources'
    definition while the other sources still set how sure a given margin is.
    """
    if stack_rows is None:
        return _platt(features, values, weights)
    stacked = _platt(features[stack_rows], values[stack_rows], weights[stack_rows])
    if stacked is None or stacked[0] <= 0:
        return _platt(features, values, weights)
    ratios = stacked[:-1] / stacked[0]
    single = _platt((features @ ratios)[:, None], values, weights)
    return None if single is None else np.concatenate([single[0] * ratios, single[1:]])


def fit_calibration(columns: Sequence[np.ndarray], examples: Sequence[Example], labels: Sequence[str],
                    rows: np.ndarray | None = None) -> np.ndarray:
    """Fit, per label, a logistic calibrator on per-label feature columns; identity when data is thin.

    `columns` are (n, labels) arrays (a stage's margins) or (n, 1) arrays (the prior's log-odds,
    shared by every label); the result has one weight per column and an offset, per label.
    `rows` limits the fit to those validation rows (the ones a stage actually scores).
    """
    values, known = label_matrix(examples, labels)
    weights = calibration_weights(examples)
    sources = np.array([example.source for example in examples])
    selected = np.ones(len(examples), dtype=bool) if rows is None else np.isin(np.arange(len(examples)), rows)
    params = np.zeros((len(labels), len(columns) + 1))
    params[:, 0] = 1.0
    for j, label in enumerate(labels):
        mask = known[:, j] & (weights > 0) & selected
        features = np.column_stack([c[:, j] if c.shape[1] > 1 else c[:, 0] for c in columns])
        stack = np.isin(sources[mask], STACK_SOURCES[label]) if label in STACK_SOURCES else None
        fitted = _calibrate_label(features[mask], values[mask, j], weights[mask], stack)
        if fitted is not None:
            params[j] = fitted
    return params
