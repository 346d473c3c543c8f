"""Queue figures for dashboards and /metrics: depth, oldest age, decisions, time to decision.

Counters live in Redis (written in each decision's transaction), so every worker reports the
same totals and a restart loses nothing.
"""

from __future__ import annotations

import time
from datetime import datetime, timezone
from typing import Any, Iterable

import redis

from service.review.scripts import AGE, LEASES, PENDING

DECISIONS = "parley:queue:stats:decisions"
WAIT = "parley:queue:stats:wait_seconds"
# Per UTC day: moderator decisions ("<moderator>:<decision>") and automatic ones ("<decision>",
# "<decision>:<label>"), for the moderators' dashboard.
DECISIONS_DAY_PREFIX = "parley:queue:stats:decisions:day"
AUTO_DAY_PREFIX = "parley:queue:stats:auto:day"
# Upper bounds (seconds) of the submit-to-decision histogram, Prometheus style.
WAIT_BUCKETS = (60, 300, 900, 3600, 14_400, 86_400)


def record_decision(pipe: redis.client.Pipeline, moderator: str, decision: str,
                    wait_seconds: float, count: int = 1, at: float | None = None) -> None:
    """Count one decision and its wait on `pipe` (inside its transaction); -1 takes one back."""
    pipe.hincrby(DECISIONS, f"{moderator}:{decision}", count)
    pipe.hincrby(f"{DECISIONS_DAY_PREFIX}:{utc_day(at)}", f"{moderator}:{decision}", count)
    bucket = next((str(b) for b in WAIT_BUCKETS if wait_seconds <= b), "+Inf")
    pipe.hincrby(WAIT, f"le:{bucket}", count)
    pipe.hincrby(WAIT, "count", count)
    pipe.hincrbyfloat(WAIT, "sum", count * wait_seconds)


def queue_metrics(client: redis.Redis, now: float) -> dict[str, Any]:
    """Everything in one round trip."""
    with client.pipeline(transaction=False) as pipe:
        pipe.zcard(PENDING)
        pipe.zrange(AGE, 0, 0, withscores=True)
        pipe.zcount(LEASES, f"({now}", "+inf")
        pipe.hgetall(DECISIONS)
        pipe.hgetall(WAIT)
        depth, oldest, claimed, decisions, wait = pipe.execute()
    per_moderator: dict[str, dict[str, int]] = {}
    for field, count in decisions.items():
        moderator, _, decision = field.rpartition(":")
        per_moderator.setdefault(moderator, {"approve": 0, "reject": 0})[decision] = int(count)
    cumulative, buckets = 0, {}
    for bound in [*map(str, WAIT_BUCKETS), "+Inf"]:
        cumulative += int(wait.get(f"le:{bound}", 0))
        buckets[bound] = cumulative
    return {
        "depth": depth,
        "claimed": claimed,
        "oldest_age_seconds": round(max(0.0, now - oldest[0][1]), 3) if oldest else 0.0,
        "decisions_by_moderator": per_moderator,
        "decision_wait_seconds": {"count": int(wait.get("count", 0)),
                                  "sum": float(wait.get("sum", 0.0)), "buckets": buckets},
    }


def utc_day(at: float | None = None) -> str:
    """The UTC date of a moment (now by default), the key of the per-day counters."""
    return datetime.fromtimestamp(time.time() if at is None else at, timezone.utc).date().isoformat()


def record_auto_decision(pipe: redis.client.Pipeline, decision: str, reasons: Iterable[str],
                         at: float | None = None) -> None:
    """Count one automatic decision, and each label that caused it, on `pipe`."""
    key = f"{AUTO_DAY_PREFIX}:{utc_day(at)}"
    pipe.hincrby(key, decision, 1)
    for label in reasons:
        pipe.hincrby(key, f"{decision}:{label}", 1)


def day_metrics(client: redis.Redis, day: str) -> dict[str, Any]:
    """One UTC day's decisions per moderator and automatic decisions per label."""
    with client.pipeline(transaction=False) as pipe:
        pipe.hgetall(f"{DECISIONS_DAY_PREFIX}:{day}")
        pipe.hgetall(f"{AUTO_DAY_PREFIX}:{day}")
        decisions, auto = pipe.execute()
    per_moderator: dict[str, dict[str, int]] = {}
    for field, count in decisions.items():
        moderator, _, decision = field.rpartition(":")
        per_moderator.setdefault(moderator, {"approve": 0, "reject": 0})[decision] = int(count)
    auto_totals = {d: int(auto.get(d, 0)) for d in ("publish", "review", "reject")}
    by_label: dict[str, dict[str, int]] = {}
    for field, count in auto.items():
        decision, _, label = field.partition(":")
        if label:
            by_label.setdefault(label, {"review": 0, "reject": 0})[decision] = int(count)
    return {"day": day, "decisions_by_moderator": per_moderator, "auto_decisions": auto_totals,
            "auto_decisions_by_label": by_label}
