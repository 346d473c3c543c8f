"""Turn label scores into publish / review / reject, by per-label (and per-site) thresholds.

Rudeness is not grounds for automatic rejection: sharp argument is what comment sections are
for, so the rudeness labels (toxicity, insult, obscene) send a comment to review at most,
whatever reject threshold the model ships with. Only the grave labels (threat, incitement,
identity_attack, severe_toxicity) reject by default. An operator or a site opts a rudeness
label into rejection by naming its `reject` threshold in an override; a `reject` of None
means "never rejects automatically". A site's banned words reject and its suspect words hold.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any, Iterable, Mapping

from service.scoring.word_lists import BANNED, SUSPECT, WordMatch, reasons_for

Thresholds = Mapping[str, Mapping[str, float | None]]
RUDENESS_LABELS = ("toxicity", "insult", "obscene")
GRAVE_LABELS = ("threat", "incitement", "identity_attack", "severe_toxicity")


class Decision(str, Enum):
    """What happens to a comment right after scoring."""

    PUBLISH = "publish"
    REVIEW = "review"
    REJECT = "reject"


@dataclass(frozen=True)
class Verdict:
    """A decision and what caused it: word-list reasons first, then labels, riskiest first."""

    decision: Decision
    reasons: tuple[str, ...]
    priority: float
    matched_words: tuple[WordMatch, ...] = ()


def decide(scores: Mapping[str, float], thresholds: Thresholds,
           words: Iterable[WordMatch] = ()) -> Verdict:
    """Reject when any label reaches its reject threshold or a banned word occurs; review when
    any label reaches review or a suspect word occurs."""
    over_review = [label for label, limits in thresholds.items()
                   if scores.get(label, 0.0) >= limits["review"]]
    over_reject = [label for label in over_review if _rejects(scores[label], thresholds[label])]
    matched = tuple(words)
    labels = tuple(sorted(over_review, key=lambda label: (-scores[label], label)))
    priority = max((scores[label] for label in labels), default=0.0)
    reasons = reasons_for(matched) + labels
    if over_reject or any(m.list == BANNED for m in matched):
        return Verdict(Decision.REJECT, reasons, priority, matched)
    if over_review or any(m.list == SUSPECT for m in matched):
        return Verdict(Decision.REVIEW, reasons, priority, matched)
    return Verdict(Decision.PUBLISH, (), priority)


def _rejects(score: float, limits: Mapping[str, float | None]) -> bool:
    reject = limits.get("reject")
    return reject is not None and score >= reject


def policy_defaults(model_defaults: Thresholds) -> dict[str, dict[str, float | None]]:
    """The model's thresholds under Parley's policy: rudeness labels never reject by themselves."""
    table = {label: dict(limits) for label, limits in model_defaults.items()}
    for label in RUDENESS_LABELS:
        if label in table:
            table[label]["reject"] = None
    return table


class ThresholdTable:
    """The model's default thresholds with the operator's overrides, globally and per site.

    Overrides have the shape {"default": {label: {"review": p, "reject": p}},
    "sites": {site: {label: {...}}}}; a site inherits every label it does not name. On top of
    these environment overrides sit the per-site overrides an operator applied from the
    threshold advice (kept in Redis, handed in by the model watcher with `use_site_overrides`);
    those win for the labels they name. `use_model` swaps the model defaults after a promotion.
    The model's defaults pass through `policy_defaults` first, so a rudeness label rejects only
    where an override names its `reject` threshold.
    Each change replaces the whole table in one assignment, so a reader never sees half of one.
    """

    def __init__(self, model_defaults: Thresholds, overrides: Mapping[str, Any] | None = None):
        self._overrides = overrides or {}
        self._model = model_defaults
        self._live: Mapping[str, Thresholds] = {}
        self._state = self._build(model_defaults, {})

    def _build(self, model_defaults: Thresholds, live: Mapping[str, Thresholds]
               ) -> tuple[dict[str, dict[str, float]], dict[str, dict[str, dict[str, float]]]]:
        base = _merge(policy_defaults(model_defaults), self._overrides.get("default", {}))
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


def _merge(base: Thresholds, override: Mapping[str, Mapping[str, float | None]]
           ) -> dict[str, dict[str, float | None]]:
    merged = {label: dict(limits) for label, limits in base.items()}
    for label, limits in override.items():
        if label not in merged:
            raise ValueError(f"thresholds name unknown label {label!r}")
        merged[label].update({kind: _limit(kind, value) for kind, value in limits.items()
                              if kind in ("review", "reject")})
        review, reject = merged[label]["review"], merged[label]["reject"]
        if not 0.0 <= review <= (1.0 if reject is None else reject) <= 1.0:  # type: ignore[operator]
            raise ValueError(f"thresholds for {label!r} need 0 <= review <= reject <= 1")
    return merged


def _limit(kind: str, value: Any) -> float | None:
    """A threshold from an override; `reject` may be None (never reject automatically)."""
    if value is None and kind == "reject":
        return None
    try:
        return float(value)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"a {kind} threshold is a number, not {value!r}") from exc
