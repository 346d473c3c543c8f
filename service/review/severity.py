"""How grave a held comment is: its severity tier, and its risk within that tier.

Tier 1: threat or incitement (someone may get hurt). Tier 2: identity attack, severe
toxicity, or an entry of the site's suspect-word list (a person put that word there so that a
person would look; it is usually a slur or a coded term the classifier does not know, or a
name the site must not print). Tier 3: rudeness alone (toxicity, insult, obscene) and any
reason not named here. A comment's tier is the gravest of its reasons; its risk is the
highest score among the reasons of that tier (a word-list reason counts the comment's highest
label score), so the score orders comments within a tier.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Mapping

TIERS: dict[str, int] = {
    "threat": 1, "incitement": 1,
    "identity_attack": 2, "severe_toxicity": 2, "suspect_word": 2, "banned_word": 2,
    "toxicity": 3, "insult": 3, "obscene": 3,
}
LOWEST_TIER = 3
TIER_NAMES = {1: "threat or incitement", 2: "identity attack, severe toxicity or a suspect word",
              3: "rudeness"}
_WORD_REASONS = frozenset({"suspect_word", "banned_word"})


@dataclass(frozen=True)
class Severity:
    """Where a comment stands before waiting time counts: tier first, then risk."""

    tier: int
    risk: float

    @property
    def tier_name(self) -> str:
        return TIER_NAMES[self.tier]


def severity_of(reasons: Iterable[str], scores: Mapping[str, float]) -> Severity:
    """The tier of the gravest reason, and the highest score among that tier's reasons."""
    reasons = list(reasons)
    tier = min((TIERS.get(reason, LOWEST_TIER) for reason in reasons), default=LOWEST_TIER)
    top = max(scores.values(), default=0.0)
    risk = max((top if reason in _WORD_REASONS else float(scores.get(reason, 0.0))
                for reason in reasons if TIERS.get(reason, LOWEST_TIER) == tier), default=0.0)
    return Severity(tier, risk)


def tier_bonus(tier: int) -> int:
    """How many points of risk a tier is worth above the lowest: 2, 1 or 0."""
    return LOWEST_TIER - min(max(tier, 1), LOWEST_TIER)
