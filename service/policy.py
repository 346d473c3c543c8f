"""Turn label scores into publish / review / reject, by per-label (and per-site) thresholds."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any, Mapping

Thresholds = Mapping[str, Mapping[str, float]]


class Decision(str, Enum):
    """What happens to a comment right after scoring."""

    PUBLISH = "publish"
    REVIEW = "review"
    REJECT = "reject"


@dataclass(frozen=True)
class Verdict:
    """A decision and the labels that caused it, riskiest first."""

    decision: Decision
    reasons: tuple[str, ...]
    priority: float


def decide(scores: Mapping[str, float], thresholds: Thresholds) -> Verdict:
    """Reject when any label reaches its reject threshold, review when any reaches review."""
    over_review = [label for label, limits in thresholds.items()
                   if scores.get(label, 0.0) >= limits["review"]]
    over_reject = [label for label in over_review
                   if scores.get(label, 0.0) >= thresholds[label]["reject"]]
    reasons = tuple(sorted(over_review, key=lambda label: (-scores[label], label)))
    priority = max((scores[label] for label in reasons), default=0.0)
    if over_reject:
        return Verdict(Decision.REJECT, reasons, priority)
    if over_review:
        return Verdict(Decision.REVIEW, reasons, priority)
    return Verdict(Decision.PUBLISH, (), priority)


class ThresholdTable:
    """The model's default thresholds with the operator's overrides, globally and per site.

    Overrides have the shape {"default": {label: {"review": p, "reject": p}},
    "sites": {site: {label: {...}}}}; a site inherits every label it does not name.
    """

    def __init__(self, model_defaults: Thresholds, overrides: Mapping[str, Any] | None = None):
        overrides = overrides or {}
        self._base = _merge(model_defaults, overrides.get("default", {}))
        self._sites = {site: _merge(self._base, table)
                       for site, table in overrides.get("sites", {}).items()}

    def for_site(self, site: str | None) -> Thresholds:
        """The thresholds that apply to one site (the defaults for an unknown or absent site)."""
        return self._sites.get(site or "", self._base)

    def as_dict(self) -> dict[str, Any]:
        """Everything in force, for the API and the dashboard."""
        return {"default": self._base, "sites": self._sites}


def _merge(base: Thresholds, override: Mapping[str, Mapping[str, float]]) -> dict[str, dict[str, float]]:
    merged = {label: dict(limits) for label, limits in base.items()}
    for label, limits in override.items():
        if label not in merged:
            raise ValueError(f"thresholds name unknown label {label!r}")
        merged[label].update({kind: float(value) for kind, value in limits.items()
                              if kind in ("review", "reject")})
        if not 0.0 <= merged[label]["review"] <= merged[label]["reject"] <= 1.0:
            raise ValueError(f"thresholds for {label!r} need 0 <= review <= reject <= 1")
    return merged
