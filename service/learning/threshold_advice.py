"""Suggest per-site, per-label thresholds from the site's own labels, scored by the current model.

Reject: the lowest threshold whose precision on the site's labels reaches the target (so the
model alone rejects only what moderators would); a label that rejects nothing automatically
(the rudeness labels, by default) gets no reject advice, so applying advice never opts a site
into rejecting rudeness. Review: the highest threshold whose recall
reaches the target (so moderators see that share of what they would act on). A label with too
few positives or negatives keeps its current thresholds, and advice stays within REVIEW_RANGE and
REJECT_RANGE (`clamped` says when it was pulled in). When the model was trained on this
site's labels, only the held-out slice is used, so the advice is not measured on training rows.
`advice_for_site` is what the moderators' dashboard calls; it returns plain JSON.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import redis

from models.bundle import LABELS
from models.datasets import Example
from models.fitting import label_matrix
from service.learning.site_data import site_examples

from service.learning.label_store import LabelStore
from service.scoring.policy import ThresholdTable
from models.scorer import Scorer

TARGET_PRECISION = 0.95
TARGET_RECALL = 0.90
MIN_POSITIVES = 10
MIN_NEGATIVES = 10
# A site's labels are a biased sample (moderators mostly see what was held), so advice never
# goes outside these ranges: auto-reject below 0.5 would reject what the sample never showed.
REVIEW_RANGE = (0.05, 0.95)
REJECT_RANGE = (0.5, 0.99)


def _rates(scores: np.ndarray, truth: np.ndarray, threshold: float) -> tuple[float, float]:
    over = scores >= threshold
    tp = float(np.sum(over & truth))
    precision = tp / over.sum() if over.any() else float("nan")
    return precision, tp / max(truth.sum(), 1)


def _curve(scores: np.ndarray, truth: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Precision and recall at every distinct score used as a threshold, high to low (n log n)."""
    order = np.argsort(-scores, kind="stable")
    s, t = scores[order], truth[order]
    tp, flagged = np.cumsum(t), np.arange(1, len(s) + 1)
    last = np.r_[s[1:] != s[:-1], True]  # a threshold takes every tie with it
    return s[last], tp[last] / flagged[last], tp[last] / max(int(truth.sum()), 1)


def advise_label(scores: np.ndarray, truth: np.ndarray, current: Mapping[str, float],
                 target_precision: float, target_recall: float) -> dict[str, Any]:
    """Advice for one label from its scores and 0/1 truth."""
    positives, negatives = int(truth.sum()), int((~truth).sum())
    row: dict[str, Any] = {"positives": positives, "negatives": negatives,
                           "current": {"review": current["review"], "reject": current["reject"]}}
    if positives < MIN_POSITIVES or negatives < MIN_NEGATIVES:
        return {**row, "status": "not_enough_labels", "suggested": row["current"]}
    cuts, precision, recall = _curve(scores, truth)
    status = "ok"
    review = float(cuts[np.nonzero(recall >= target_recall)[0][0]])
    clamped = not REVIEW_RANGE[0] <= review <= REVIEW_RANGE[1]
    reject: float | None = None  # a label that never rejects automatically is not opted in by advice
    if current["reject"] is not None:
        precise = np.nonzero(precision >= target_precision)[0]
        if len(precise):
            reject = float(cuts[precise[-1]])  # cuts run high to low: the last one is the lowest
        else:
            reject, status = float(current["reject"]), "precision_unreachable"
        clamped = clamped or not REJECT_RANGE[0] <= reject <= REJECT_RANGE[1]
        reject = min(max(reject, REJECT_RANGE[0]), REJECT_RANGE[1])
    review = min(max(review, REVIEW_RANGE[0]), REVIEW_RANGE[1], 1.0 if reject is None else reject)
    suggested = {"review": review, "reject": reject}  # exact: rounding could cross a score
    measured = {}
    for name, table in (("current", row["current"]), ("suggested", suggested)):
        p_rej, r_rej = _rates(scores, truth, table["reject"]) if table["reject"] is not None else (np.nan, np.nan)
        p_rev, r_rev = _rates(scores, truth, table["review"])
        measured[name] = {key: None if np.isnan(value) else round(value, 4) for key, value in (
            ("reject_precision", p_rej), ("reject_recall", r_rej),
            ("review_precision", p_rev), ("review_recall", r_rev))}
    return {**row, "status": status, "clamped": clamped, "suggested": suggested, "measured": measured}


def advise(scorer: Scorer, rows: Sequence[Example], current: Mapping[str, Mapping[str, float]], *,
           target_precision: float = TARGET_PRECISION, target_recall: float = TARGET_RECALL) -> dict[str, Any]:
    """Advice for every label from labelled site rows."""
    texts = [e.text for e in rows]
    scored = [s for i in range(0, len(texts), 2048) for s in scorer.score(texts[i:i + 2048])]
    p = np.array([[s[label] for label in LABELS] for s in scored]).reshape(len(rows), len(LABELS))
    values, known = label_matrix(rows, LABELS)
    labels = {}
    for j, label in enumerate(LABELS):
        mask = known[:, j]
        labels[label] = advise_label(p[mask, j], values[mask, j] >= 0.5, current[label],
                                     target_precision, target_recall)
    return {"model_version": scorer.version, "rows": len(rows), "target_precision": target_precision,
            "target_recall": target_recall, "labels": labels}


def site_rows(entries: Iterable[Mapping[str, Any]], scorer: Scorer, site: str) -> tuple[list[Example], str]:
    """The site's labelled rows to measure on, and which slice they are ("all" or "held-out")."""
    review = {label: t["review"] for label, t in scorer.thresholds.items()}
    data = site_examples(entries, review)
    trained_on = scorer.sidecar.get("trained_on_sites", [])
    if site in trained_on or "*" in trained_on:
        return data.heldout, "held-out"
    return data.train + data.heldout, "all"


def advice_for_site(client: redis.Redis, scorer: Scorer, thresholds: ThresholdTable, site: str, *,
                    target_precision: float = TARGET_PRECISION,
                    target_recall: float = TARGET_RECALL) -> dict[str, Any]:
    """The dashboard's JSON: per-label suggested thresholds for `site`, with what they achieve."""
    rows, slice_name = site_rows(LabelStore(client).iter(site), scorer, site)
    body = advise(scorer, rows, thresholds.for_site(site), target_precision=target_precision,
                  target_recall=target_recall)
    return {"site": site, "slice": slice_name, **body}


def suggested_table(advice: Mapping[str, Any]) -> dict[str, dict[str, float]]:
    """The overrides `apply` writes: only labels whose advice is usable."""
    return {label: row["suggested"] for label, row in advice["labels"].items() if row["status"] == "ok"}
