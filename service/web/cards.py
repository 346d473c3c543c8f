"""The shapes the queue page's script renders: a compact row per comment, a full card for one."""

from __future__ import annotations

from typing import Any

from service.review.queue import ReviewItem
from service.web.highlights import segments

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


def row(item: ReviewItem, me: str, now: float) -> dict[str, Any]:
    """One line of the queue list."""
    c = item.comment
    excerpt = c.text if len(c.text) <= EXCERPT_CHARS else c.text[:EXCERPT_CHARS] + "…"
    return {"id": c.id, "version": c.version, "excerpt": excerpt,
            "excerpt_segments": segments(excerpt, {}), "site": c.site,
            "article_id": c.article_id, "author_id": c.author_id, "risk": round(item.risk, 3),
            "reasons": c.reasons, "waiting_seconds": round(max(0.0, now - c.created_at)),
            "claim": claim_view(item, me, now)}


def card(item: ReviewItem, me: str, now: float, *, segments: list[dict[str, Any]],
         thresholds: dict[str, dict[str, float]], author_pending: int) -> dict[str, Any]:
    """Everything the comment card shows: full text as segments, labelled scores, the claim."""
    c = item.comment
    scores = [{"label": label, "score": round(score, 3), "held": label in c.reasons,
               "review": thresholds.get(label, {}).get("review"),
               "reject": thresholds.get(label, {}).get("reject")}
              for label, score in sorted(c.scores.items(), key=lambda kv: -kv[1])]
    top = max(c.reasons, key=lambda label: c.scores.get(label, 0.0), default="")
    return {**row(item, me, now), "text": c.text, "segments": segments, "scores": scores,
            "submitted_at": c.created_at, "model_version": c.model_version,
            "author_pending": author_pending, "suggested_reason": SUGGESTED_REASON.get(top, "other"),
            "text_chars": len(c.text)}
