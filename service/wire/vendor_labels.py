"""Parley's labels under other vendors' names: Perspective attributes, OpenAI categories, Coral codes.

The one place these mappings live, so the compatible endpoints and their docs
(docs/migrating-from-perspective.md, docs/openai-compat.md) cannot drift apart.
"""

from __future__ import annotations

from typing import Iterable, Mapping

Scores = Mapping[str, float]
Thresholds = Mapping[str, Mapping[str, float]]

# Perspective attribute -> Parley label. PROFANITY is Parley's `obscene`; INCITEMENT is Parley's own.
PERSPECTIVE_ATTRIBUTES: dict[str, str] = {
    "TOXICITY": "toxicity",
    "SEVERE_TOXICITY": "severe_toxicity",
    "IDENTITY_ATTACK": "identity_attack",
    "INSULT": "insult",
    "PROFANITY": "obscene",
    "THREAT": "threat",
    "INCITEMENT": "incitement",
}

# OpenAI category -> groups of Parley labels. A category's score is the minimum over its groups
# of the maximum within each group ("all of these aspects, each shown by any of its labels").
# An empty tuple means Parley does not model the category: it always scores 0, never flags.
OPENAI_CATEGORIES: dict[str, tuple[tuple[str, ...], ...]] = {
    "harassment": (("insult", "threat", "severe_toxicity"),),
    "harassment/threatening": (("threat",),),
    "hate": (("identity_attack",),),
    "hate/threatening": (("identity_attack",), ("threat", "incitement")),
    "illicit": (),
    "illicit/violent": (),
    "self-harm": (),
    "self-harm/intent": (),
    "self-harm/instructions": (),
    "sexual": (),
    "sexual/minors": (),
    "violence": (("threat", "incitement"),),
    "violence/graphic": (),
}

# Parley reason -> Coral Talk rejection reason code, for the first reason behind a rejection.
# Every code is a member of Talk's REJECTION_REASON_CODE enum (see docs/migrating-from-perspective.md).
CORAL_REJECTION_CODES: dict[str, str] = {
    "banned_word": "BANNED_WORD",      # an entry of the site's banned-word list
    "identity_attack": "HATE_SPEECH",
    "threat": "ABUSIVE",
    "incitement": "ABUSIVE",
    "severe_toxicity": "ABUSIVE",
    "insult": "ABUSIVE",
    "obscene": "OFFENSIVE",
    "toxicity": "OFFENSIVE",
}
CORAL_DEFAULT_REJECTION_CODE = "OTHER"
CORAL_FLAG_REASON = "COMMENT_DETECTED_TOXIC"


def perspective_label(attribute: str) -> str | None:
    """The Parley label behind a Perspective attribute name, or None if Parley has no such model."""
    return PERSPECTIVE_ATTRIBUTES.get(attribute)


def openai_category_scores(scores: Scores) -> dict[str, float]:
    """A score in [0, 1] for every OpenAI category, from Parley's label scores."""
    return {category: _combine(groups, scores) for category, groups in OPENAI_CATEGORIES.items()}


def openai_categories(scores: Scores, thresholds: Thresholds) -> dict[str, bool]:
    """Whether each OpenAI category is flagged: every group has a label at its review threshold."""
    return {category: bool(groups) and all(_any_over(group, scores, thresholds) for group in groups)
            for category, groups in OPENAI_CATEGORIES.items()}


def coral_rejection_code(reasons: Iterable[str]) -> str:
    """Coral's rejection reason code for Parley's reasons (riskiest first); OTHER when none fits."""
    for label in reasons:
        if label in CORAL_REJECTION_CODES:
            return CORAL_REJECTION_CODES[label]
    return CORAL_DEFAULT_REJECTION_CODE


def _combine(groups: tuple[tuple[str, ...], ...], scores: Scores) -> float:
    if not groups:
        return 0.0
    return min(max(float(scores.get(label, 0.0)) for label in group) for group in groups)


def _any_over(group: tuple[str, ...], scores: Scores, thresholds: Thresholds) -> bool:
    return any(label in thresholds and float(scores.get(label, 0.0)) >= thresholds[label]["review"]
               for label in group)
