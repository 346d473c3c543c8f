"""Decide whether a retrained candidate may replace the current model.

The rule: the candidate must do better than the current model on the site's held-out labels
(lower mean log loss over every known label cell, by at least MIN_SITE_GAIN, without its
decisions at its own review thresholds agreeing less often with the moderators' than the
current model's, beyond AGREEMENT_TOLERANCE: better probabilities that flag the whole site
are no gain to its moderators) and must not do worse on any public held-out set beyond that
metric's tolerance:
  AUC (and the bias final metric)  drop   > 0.005 blocks;
  accuracy (HateCheck)             drop   > 0.01 blocks;
  false-flag rate (SFU, lower is better) rise > 0.01 blocks;
  the seed page                    passing for the current model and failing for the candidate blocks.
Too few held-out site labels (< MIN_SITE_ROWS) block too: an unmeasured gain is not a gain.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

AUC_TOLERANCE = 0.005
ACCURACY_TOLERANCE = 0.01
FALSE_FLAG_TOLERANCE = 0.01
MIN_SITE_GAIN = 1e-4
AGREEMENT_TOLERANCE = 0.01
MIN_SITE_ROWS = 10


@dataclass
class GateVerdict:
    """Whether the candidate passes, why (or why not), and every comparison made."""

    accepted: bool
    reasons: list[str]
    comparisons: list[dict[str, Any]] = field(default_factory=list)


def tolerance_of(metric: str, auc_tolerance: float = AUC_TOLERANCE) -> tuple[float, bool]:
    """Return (allowed worsening, higher is better) for a table metric name."""
    if "lower is better" in metric:
        return FALSE_FLAG_TOLERANCE, False
    if "accuracy" in metric:
        return max(ACCURACY_TOLERANCE, 2 * auc_tolerance), True
    return auc_tolerance, True


def compare_public(current: list[dict[str, Any]], candidate: list[dict[str, Any]],
                   auc_tolerance: float = AUC_TOLERANCE) -> list[dict[str, Any]]:
    """Pair the two evaluation tables row by row; mark each row ok or regressed."""
    theirs = {(row["set"], row["metric"]): row for row in candidate}
    rows = []
    for row in current:
        other = theirs.get((row["set"], row["metric"]))
        if other is None:
            continue
        before, after = float(row["parley"]), float(other["parley"])
        allowed, higher = tolerance_of(row["metric"], auc_tolerance)
        if math.isnan(before) or math.isnan(after):
            ok, worse_by = True, float("nan")
        else:
            worse_by = (before - after) if higher else (after - before)
            ok = worse_by <= allowed + 1e-12
        rows.append({"set": row["set"], "metric": row["metric"], "rows": row.get("rows"),
                     "current": before, "candidate": after, "worse_by": worse_by,
                     "tolerance": allowed, "ok": ok})
    return rows


def judge(current: dict[str, Any], candidate: dict[str, Any], *,
          auc_tolerance: float = AUC_TOLERANCE) -> GateVerdict:
    """Apply the rule above to two evaluation results (see `models.retrain.evaluate_model`)."""
    reasons: list[str] = []
    site_now, site_new = current["site"], candidate["site"]
    if site_now["rows"] < MIN_SITE_ROWS:
        reasons.append(f"only {site_now['rows']} held-out site labels (need {MIN_SITE_ROWS}) to measure a gain")
    elif not site_new["log_loss"] < site_now["log_loss"] - MIN_SITE_GAIN:
        reasons.append(f"no gain on the site's held-out labels: log loss {site_new['log_loss']:.4f} "
                       f"vs current {site_now['log_loss']:.4f}")
    if site_now["rows"] >= MIN_SITE_ROWS and site_new["agreement"] < site_now["agreement"] - AGREEMENT_TOLERANCE:
        reasons.append(f"decisions agree less with the site's moderators on its held-out labels: "
                       f"{site_new['agreement']:.4f} vs current {site_now['agreement']:.4f} "
                       f"(tolerance {AGREEMENT_TOLERANCE})")
    comparisons = compare_public(current.get("table", []), candidate.get("table", []), auc_tolerance)
    for row in comparisons:
        if not row["ok"]:
            reasons.append(f"{row['set']} {row['metric']}: {row['candidate']:.4f} vs current "
                           f"{row['current']:.4f}, worse by {row['worse_by']:.4f} (tolerance {row['tolerance']})")
    page_now, page_new = current.get("seed_page"), candidate.get("seed_page")
    if page_now and page_new and page_now["passed"] and not page_new["passed"]:
        reasons.append("the seed page passes with the current model and fails with the candidate")
    return GateVerdict(not reasons, reasons, comparisons)
