"""Read the time-bucketed counters back as series: the last 24 hours by hour, 14 days by day.

One pipelined read of one hash per bucket, plus the queue as it is now; nothing else.
"""

from __future__ import annotations

from typing import Any

import redis

from service.review.stats import (DAY, HOUR, SITES, WAIT_EDGES, Granularity, bucket_key,
                                  queue_keys, scope)

RANGES: dict[str, tuple[Granularity, int]] = {"24h": (HOUR, 24), "14d": (DAY, 14)}
DECISIONS = ("publish", "review", "reject")


def sites(client: redis.Redis) -> list[str]:
    """The sites that have sent comments since the counters began."""
    return sorted(client.smembers(SITES))


def read_series(client: redis.Redis, range_name: str, now: float,
                site: str | None = None) -> dict[str, Any]:
    """The range's buckets, oldest first, and their totals, for one site or all of them."""
    granularity, count = RANGES[range_name]
    last = granularity.start(now)
    starts = [last - i * granularity.seconds for i in reversed(range(count))]
    pending, age = queue_keys(site)
    with client.pipeline(transaction=False) as pipe:
        for start in starts:
            pipe.hgetall(bucket_key(scope(site), granularity, start))
        pipe.zcard(pending)
        pipe.zrange(age, 0, 0, withscores=True)
        *raws, depth, oldest = pipe.execute()
    live = (depth, oldest[0][1] if oldest else None)
    buckets = [bucket(raw, start, min(start + granularity.seconds, now))
               for raw, start in zip(raws, starts)]
    fill_queue(buckets, raws, live)
    return {"site": site or None, "range": range_name, "bucket_seconds": granularity.seconds,
            "generated_at": round(now, 3), "buckets": buckets,
            "totals": totals(buckets, [wait_counts(raw) for raw in raws])}


def bucket(raw: dict[str, str], start: int, end: float) -> dict[str, Any]:
    """One bucket's counts as the API shows them (the queue figures are filled in after)."""
    held: dict[str, int] = {}
    rejected: dict[str, int] = {}
    moderators: dict[str, dict[str, int]] = {}
    for field, value in raw.items():
        kind, _, rest = field.partition(":")
        if kind in ("held", "rejected"):
            (held if kind == "held" else rejected)[rest] = int(value)
        elif kind == "by":
            name, _, decision = rest.rpartition(":")
            moderators.setdefault(name, {"approve": 0, "reject": 0})[decision] = int(value)
    wait_count = int(raw.get("wait:count", 0))
    return {
        "start": start, "end": round(end, 3),
        "comments": {d: int(raw.get(f"auto:{d}", 0)) for d in DECISIONS},
        "moderator_decisions": {d: int(raw.get(f"mod:{d}", 0)) for d in ("approve", "reject")},
        "held_by_label": held, "rejected_by_label": rejected,
        "decisions_by_moderator": moderators,
        "time_to_decision_seconds": wait_summary(wait_counts(raw), wait_count),
        "queue": {"depth_max": None, "oldest_age_seconds_max": None},
    }


def wait_counts(raw: dict[str, str]) -> dict[str, int]:
    """A bucket's time-to-decision histogram, every edge present, smallest first."""
    return {edge: int(raw.get(f"wait:{edge}", 0)) for edge in [*map(str, WAIT_EDGES), "+Inf"]}


def wait_summary(waits: dict[str, int], count: int) -> dict[str, Any]:
    return {"count": count, "median": quantile(waits, 0.5), "p90": quantile(waits, 0.9)}


def quantile(waits: dict[str, int], q: float) -> float | None:
    """The q-quantile of a fixed-edge histogram, interpolated linearly inside its bucket.

    None when it holds nothing; a quantile in the open top bucket reads as its lower edge.
    """
    total = sum(max(0, n) for n in waits.values())
    if total <= 0:
        return None
    rank, seen, lower = q * total, 0, 0.0
    for edge, n in waits.items():
        n = max(0, n)
        if n and seen + n >= rank:
            if edge == "+Inf":
                return lower
            return round(lower + (float(edge) - lower) * (rank - seen) / n, 1)
        seen += n
        lower = float(edge) if edge != "+Inf" else lower
    return lower


def fill_queue(buckets: list[dict[str, Any]], raws: list[dict[str, str]],
               live: tuple[int, float | None]) -> None:
    """Each bucket's largest depth and oldest age, from its samples or the state it inherited.

    A bucket with no event kept the state the last event left (or, before the first event of
    the range, the state that event found); with no event in the whole range, today's queue.
    """
    first = next((r for r in raws if "q:depth_last" in r), None)
    state: tuple[int, float | None] | None = live if first is None else None
    if first is not None and "q:depth_first" in first:
        state = (_int(first["q:depth_first"]), _float(first["q:oldest_first"]))
    for body, raw in zip(buckets, raws):
        sampled = "q:depth_last" in raw
        if sampled:
            depth, age = _int(raw["q:depth_max"]), _float(raw.get("q:age_max", ""))
            state = (_int(raw["q:depth_last"]), _float(raw["q:oldest_last"]))
        elif state is None:
            continue
        else:
            depth, age = state[0], None
        if state[0] and state[1] is not None:
            age = max(age or 0.0, body["end"] - state[1])
        body["queue"] = {"depth_max": depth,
                         "oldest_age_seconds_max": round(age, 1) if age is not None else 0.0}


def totals(buckets: list[dict[str, Any]], histograms: list[dict[str, int]]) -> dict[str, Any]:
    """The range's sums (and its time-to-decision quantiles from the merged histograms)."""
    def add(name: str) -> dict[str, int]:
        out: dict[str, int] = {}
        for b in buckets:
            for key, n in b[name].items():
                out[key] = out.get(key, 0) + n
        return out

    moderators: dict[str, dict[str, int]] = {}
    waits: dict[str, int] = {}
    for b in buckets:
        for name, d in b["decisions_by_moderator"].items():
            row = moderators.setdefault(name, {"approve": 0, "reject": 0})
            for decision, n in d.items():
                row[decision] = row.get(decision, 0) + n
    for histogram in histograms:
        for edge, n in histogram.items():
            waits[edge] = waits.get(edge, 0) + n
    depths = [b["queue"]["depth_max"] for b in buckets if b["queue"]["depth_max"] is not None]
    ages = [b["queue"]["oldest_age_seconds_max"] for b in buckets
            if b["queue"]["oldest_age_seconds_max"] is not None]
    return {"comments": add("comments"), "moderator_decisions": add("moderator_decisions"),
            "held_by_label": add("held_by_label"), "rejected_by_label": add("rejected_by_label"),
            "decisions_by_moderator": moderators,
            "time_to_decision_seconds": wait_summary(
                waits, sum(b["time_to_decision_seconds"]["count"] for b in buckets)),
            "queue": {"depth_max": max(depths, default=None),
                      "oldest_age_seconds_max": max(ages, default=None)}}


def _int(raw: str) -> int:
    return int(float(raw))


def _float(raw: str) -> float | None:
    return float(raw) if raw else None
