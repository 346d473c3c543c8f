"""Owns the review queue keys: pending comments ordered by risk, riskiest and then oldest first."""

from __future__ import annotations

import redis

PENDING = "parley:queue:pending"

# Risk is kept to 1e-4 so risk and submit time fit one exact float: lower sorts first.
_RISK_STEPS = 10_000
_TIME_SPAN = 10_000_000_000


def priority_key(risk: float, submitted_at: float) -> float:
    """Sort key: higher risk first, then older first."""
    steps = round((1.0 - min(max(risk, 0.0), 1.0)) * _RISK_STEPS)
    return float(steps * _TIME_SPAN + int(submitted_at))


class ReviewQueue:
    """Add, remove and list pending comments; writes go into the caller's transaction."""

    def __init__(self, client: redis.Redis):
        self.client = client

    def enqueue(self, pipe: redis.client.Pipeline, comment_id: str, risk: float,
                submitted_at: float) -> None:
        """Queue (or re-rank) a comment for review."""
        pipe.zadd(PENDING, {comment_id: priority_key(risk, submitted_at)})

    def remove(self, pipe: redis.client.Pipeline, comment_id: str) -> None:
        """Take a comment off the queue (decided, or no longer doubtful after an edit)."""
        pipe.zrem(PENDING, comment_id)

    def pending_ids(self, limit: int = 50) -> list[str]:
        """Pending comment ids in review order."""
        return self.client.zrange(PENDING, 0, limit - 1)

    def depth(self) -> int:
        """How many comments wait."""
        return self.client.zcard(PENDING)
