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
    "sites": {site: {label: {...}}}}; a site inherits every label it does not name. On top of
    these environment overrides sit the per-site overrides an operator applied from the
    threshold advice (kept in Redis, handed in by the model watcher with `use_site_overrides`);
    those win for the labels they name. `use_model` swaps the model defaults after a promotion.
    Each change replaces the whole table in one assignment, so a reader never sees half of one.
    """

    def __init__(self, model_defaults: Thresholds, overrides: Mapping[str, Any] | None = None):
        self._overrides = overrides or {}
        self._model = model_defaults
        self._live: Mapping[str, Thresholds] = {}
        self._state = self._build(model_defaults, {})

    def _build(self, model_defaults: Thresholds, live: Mapping[str, Thresholds]
               ) -> tuple[dict[str, dict[str, float]], dict[str, dict[str, dict[str, float]]]]:
        base = _merge(model_defaults, self._overrides.get("default", {}))
        sites = {site: _merge(base, table) for site, table in self._overrides.get("sites", {}).items()}
        for site, table in live.items():
            sites[site] = _merge(sites.get(site, base), table)
        return base, sites

    def use_model(self, model_defaults: Thresholds) -> None:
        """Take a newly promoted model's default thresholds, keeping every override."""
        self._model = model_defaults
        self._state = self._build(model_defaults, self._live)

    def use_site_overrides(self, live: Mapping[str, Thresholds]) -> list[str]:
        """Replace the applied per-site overrides; return the sites skipped as invalid."""
        valid, skipped = {}, []
        for site, table in live.items():
            try:
                _merge(self._state[0], table)
            except (ValueError, TypeError, AttributeError):
                skipped.append(site)
                continue
            valid[site] = table
        self._live = valid
        self._state = self._build(self._model, valid)
        return skipped

    def for_site(self, site: str | None) -> Thresholds:
        """The thresholds that apply to one site (the defaults for an unknown or absent site)."""
        base, sites = self._state
        return sites.get(site or "", base)

    def as_dict(self) -> dict[str, Any]:
        """Everything in force, for the API and the dashboard."""
        base, sites = self._state
        return {"default": base, "sites": sites}


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
