"""The shapes the queue page's script renders: a compact row per comment, a full card for one."""

from __future__ import annotations

from typing import Any

from service.review.queue import ReviewItem
from service.review.severity import tier_bonus
from service.web.highlights import marked, segments

EXCERPT_CHARS = 240
# The reason a rejection most likely needs, from the label that held the comment most strongly.
SUGGESTED_REASON = {"threat": "threat", "incitement": "incitement", "identity_attack": "hate_speech",
                    "insult": "abusive", "toxicity": "offensive", "severe_toxicity": "abusive",
                    "obscene": "offensive"}
REASONS = (("offensive", "Offensive"), ("abusive", "Abusive"), ("hate_speech", "Hate speech"),
           ("threat", "Threat"), ("incitement", "Incitement"), ("spam", "Spam"),
           ("off_topic", "Off topic"), ("other", "Other"))


def claim_view(item: ReviewItem, me: str, now: float) -> dict[str, Any] | None:
    """Who holds the comment and for how long, from the viewer's side."""
    if item.claim is None:
        return None
    return {"moderator": item.claim.moderator, "mine": item.claim.moderator == me,
            "expires_in_seconds": max(0.0, round(item.claim.expires_at - now, 1))}


def place(item: ReviewItem, now: float, age_boost_seconds: float) -> dict[str, Any]:
    """Why the comment stands where it does: tier points, risk, and what waiting has added."""
    severity = item.severity
    waited = max(0.0, now - item.comment.created_at) / age_boost_seconds if age_boost_seconds else 0.0
    points = tier_bonus(severity.tier) + severity.risk + waited
    why = (f"Tier {severity.tier} of 3 ({severity.tier_name}): {tier_bonus(severity.tier)} points; "
           f"risk {severity.risk:.2f} within the tier; waiting +{waited:.2f}; {points:.2f} in all "
           "(higher comes first)")
    return {"tier": severity.tier, "tier_name": severity.tier_name, "risk": round(severity.risk, 3),
            "waited_points": round(waited, 3), "points": round(points, 3), "why": why}


def row(item: ReviewItem, me: str, now: float, age_boost_seconds: float = 0.0) -> dict[str, Any]:
    """One line of the queue list."""
    c = item.comment
    excerpt = c.text if len(c.text) <= EXCERPT_CHARS else c.text[:EXCERPT_CHARS] + "…"
    return {"id": c.id, "version": c.version, "excerpt": excerpt,
            "excerpt_segments": segments(excerpt, {}), "site": c.site,
            "article_id": c.article_id, "author_id": c.author_id, "risk": round(item.risk, 3),
            "reasons": c.reasons, "matched_words": c.matched_words,
            "place": place(item, now, age_boost_seconds),
            "waiting_seconds": round(max(0.0, now - c.created_at)),
            "claim": claim_view(item, me, now)}


def card(item: ReviewItem, me: str, now: float, *, segments: list[dict[str, Any]],
         thresholds: dict[str, dict[str, float]], author_pending: int,
         age_boost_seconds: float = 0.0) -> dict[str, Any]:
    """Everything the comment card shows: full text as segments, labelled scores, the claim."""
    c = item.comment
    scores = [{"label": label, "score": round(score, 3), "held": label in c.reasons,
               "review": thresholds.get(label, {}).get("review"),
               "reject": thresholds.get(label, {}).get("reject")}
              for label, score in sorted(c.scores.items(), key=lambda kv: -kv[1])]
    labels = [reason for reason in c.reasons if reason in c.scores] or c.reasons
    top = max(labels, key=lambda label: c.scores.get(label, 0.0), default="")
    return {**row(item, me, now, age_boost_seconds), "text": c.text, "segments": segments, "scores": scores,
            "submitted_at": c.created_at, "model_version": c.model_version,
            "author_pending": author_pending, "suggested_reason": SUGGESTED_REASON.get(top, "other"),
            "text_chars": len(c.text), "language": c.language,
            "quotes": [marked(quote) for quote in c.quotes]}  # quoted passages, not scored
