"""Evaluation metrics: ROC AUC and the Jigsaw unintended-bias metrics on identity subgroups.

The bias metrics follow Borkan et al. 2019: per identity, the subgroup AUC, BPSN (background
positive, subgroup negative) and BNSP AUCs, and the final metric
0.25 * overall AUC + 0.25 * sum over the three of their power mean (p = -5) across identities.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence

import numpy as np
from sklearn.metrics import roc_auc_score

# The identity terms of the conversationai madlibs set (written out here, not read from it).
IDENTITY_TERMS = (
    "lesbian", "gay", "bisexual", "transgender", "trans", "queer", "lgbt", "lgbtq", "homosexual",
    "straight", "heterosexual", "male", "female", "nonbinary", "african", "african american", "black",
    "white", "european", "hispanic", "latino", "latina", "latinx", "mexican", "canadian", "american",
    "asian", "indian", "middle eastern", "chinese", "japanese", "christian", "muslim", "jewish",
    "buddhist", "catholic", "protestant", "sikh", "taoist", "old", "older", "young", "younger",
    "teenage", "millenial", "middle aged", "elderly", "blind", "deaf", "paralyzed",
)
POWER = -5.0
HELDOUT_SALT = "parley-heldout-v1:"


def is_heldout_identity(term: str) -> bool:
    """Whether `term` is one of the identities held out from development (a third, by hash).

    The split is a fixed hash rule, so no file of ours names the held-out groups: the seeds are
    checked not to contain them (seeds/training/make_examples.py), and their bias figures are
    reported, never tuned on.
    """
    return hashlib.sha256((HELDOUT_SALT + term).encode()).digest()[0] % 3 == 0


def auc(truth: np.ndarray, scores: np.ndarray) -> float:
    """Return ROC AUC, or NaN when only one class is present."""
    truth = np.asarray(truth)
    if truth.min() == truth.max():
        return float("nan")
    return float(roc_auc_score(truth, scores))


def identity_masks(texts: Sequence[str], terms: Sequence[str] = IDENTITY_TERMS) -> dict[str, np.ndarray]:
    """Return, per identity term, a boolean mask of the texts that mention it as a whole word."""
    lowered = [text.lower() for text in texts]
    masks = {}
    for term in terms:
        pattern = re.compile(rf"\b{re.escape(term)}\b")
        mask = np.array([bool(pattern.search(text)) for text in lowered])
        if mask.any():
            masks[term] = mask
    return masks


def bias_report(truth: np.ndarray, scores: np.ndarray, masks: dict[str, np.ndarray]) -> dict[str, object]:
    """Return per-identity subgroup/BPSN/BNSP AUCs and the generalized-mean final metric."""
    truth = np.asarray(truth).astype(bool)
    rows = {}
    for term, mask in masks.items():
        rows[term] = {
            "rows": int(mask.sum()),
            "subgroup_auc": auc(truth[mask], scores[mask]),
            "bpsn_auc": auc(truth[(mask & ~truth) | (~mask & truth)], scores[(mask & ~truth) | (~mask & truth)]),
            "bnsp_auc": auc(truth[(mask & truth) | (~mask & ~truth)], scores[(mask & truth) | (~mask & ~truth)]),
        }
    overall = auc(truth, scores)

    def power_mean(key: str) -> float:
        values = np.array([r[key] for r in rows.values() if not np.isnan(r[key])])
        return float(np.mean(values ** POWER) ** (1 / POWER)) if len(values) else float("nan")

    means = {key: power_mean(key) for key in ("subgroup_auc", "bpsn_auc", "bnsp_auc")}
    final = 0.25 * overall + 0.25 * sum(means.values())
    return {"overall_auc": overall, "power_means": means, "final": final, "identities": rows}
