"""Time-bucketed counters behind the dashboard's charts and GET /v1/stats (owns parley:stats:*).

Every automatic and moderator decision adds to one hourly and one daily hash, for all sites
and for the comment's site, with one script call queued in the transaction that writes the
decision: the charts never disagree with what was decided, and nothing scans comments. Hourly
hashes expire 48 h after their hour ends, daily ones 30 days after their day.

The same call samples the queue (see SAMPLE below), so depth and oldest age per hour are exact
maxima, not guesses: the queue changes only at these events, and between two of them it keeps
its depth while its oldest comment just ages.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

import redis

from service.comments.store import Comment
from service.review.scripts import AGE, PENDING, age_key

PREFIX = "parley:stats"
SITES = f"{PREFIX}:sites"
STATE_KEEP_SECONDS = 30 * 86_400
# Upper bounds (seconds) of the time-to-decision histogram: fine enough for a median read
# off a chart (the estimate lies inside its bucket), fixed so buckets add across hours and sites.
WAIT_EDGES = (30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 14_400, 28_800, 43_200, 86_400,
              172_800, 604_800)


@dataclass(frozen=True)
class Granularity:
    """A bucket size and how long its hashes live after the bucket ends."""

    code: str
    seconds: int
    keep_seconds: int

    def start(self, moment: float) -> int:
        """The start of the bucket holding `moment` (UTC-aligned: the epoch is a UTC midnight)."""
        return int(moment // self.seconds) * self.seconds

    def expire_at(self, moment: float) -> int:
        return self.start(moment) + self.seconds + self.keep_seconds


HOUR = Granularity("h", 3600, 48 * 3600)
DAY = Granularity("d", 86_400, 30 * 86_400)


def scope(site: str | None) -> str:
    """`all` for every site together, `site:<name>` for one (no site name contains nothing)."""
    return f"site:{site}" if site else "all"


def bucket_key(scope_name: str, granularity: Granularity, start: int) -> str:
    return f"{PREFIX}:{granularity.code}:{start}:{scope_name}"


def state_key(scope_name: str) -> str:
    """The queue's depth and oldest submit time after the scope's latest event."""
    return f"{PREFIX}:queue_state:{scope_name}"


def queue_keys(site: str | None) -> tuple[str, str]:
    """The review queue's sorted sets a scope samples: its pending ids (the queue's site index)
    and their submit times."""
    return (f"{PENDING}:site:{site}", age_key(site)) if site else (PENDING, AGE)


def wait_field(wait_seconds: float) -> str:
    """The histogram field a time to decision falls in."""
    return "wait:" + next((str(edge) for edge in WAIT_EDGES if wait_seconds <= edge), "+Inf")


# KEYS, 7 per scope: count hour, count day, sample hour, sample day, state, pending, age.
# ARGV: now, expire-at of the same 4 hashes, site (added to SITES unless empty), then field and
# increment pairs (an increment with a decimal point is added as a float).
# Sample: the state before this event held from the scope's previous event until now, so its
# depth and its oldest age *now* are maxima too; a bucket's first event also keeps that state
# (`q:depth_first`, `q:oldest_first`) for the quiet stretch before it. Ages are taken now.
RECORD = f"local SITES = '{SITES}'\nlocal STATE_KEEP = {STATE_KEEP_SECONDS}\n" + r"""
local now = tonumber(ARGV[1])
local function raise(key, field, value)
  local old = tonumber(redis.call('HGET', key, field) or '-1')
  if value > old then redis.call('HSET', key, field, tostring(value)) end
end
for k = 0, #KEYS - 1, 7 do
  for c = 1, 2 do
    for i = 7, #ARGV, 2 do
      if string.find(ARGV[i + 1], '.', 1, true) then
        redis.call('HINCRBYFLOAT', KEYS[k + c], ARGV[i], ARGV[i + 1])
      else
        redis.call('HINCRBY', KEYS[k + c], ARGV[i], ARGV[i + 1])
      end
    end
    redis.call('EXPIREAT', KEYS[k + c], ARGV[1 + c])
  end
  local state = KEYS[k + 5]
  local depth = redis.call('ZCARD', KEYS[k + 6])
  local first = redis.call('ZRANGE', KEYS[k + 7], 0, 0, 'WITHSCORES')
  local oldest = first[2] or ''
  local prev = redis.call('HMGET', state, 'depth', 'oldest')
  for s = 3, 4 do
    local key = KEYS[k + s]
    if prev[1] then
      if redis.call('HEXISTS', key, 'q:depth_last') == 0 then
        redis.call('HSET', key, 'q:depth_first', prev[1], 'q:oldest_first', prev[2])
      end
      raise(key, 'q:depth_max', tonumber(prev[1]))
      if prev[2] ~= '' then raise(key, 'q:age_max', now - tonumber(prev[2])) end
    end
    raise(key, 'q:depth_max', depth)
    if oldest ~= '' then raise(key, 'q:age_max', now - tonumber(oldest)) end
    redis.call('HSET', key, 'q:depth_last', depth, 'q:oldest_last', oldest)
    redis.call('EXPIREAT', key, ARGV[1 + s])
  end
  redis.call('HSET', state, 'depth', depth, 'oldest', oldest)
  redis.call('EXPIRE', state, STATE_KEEP)
end
if ARGV[6] ~= '' then redis.call('SADD', SITES, ARGV[6]) end
"""


class Stats:
    """Writes the counters; every write joins the caller's transaction."""

    def __init__(self, client: redis.Redis):
        self.client = client

    def record(self, pipe: redis.client.Pipeline, site: str, counts: Mapping[str, int | float],
               *, at: float, now: float) -> None:
        """Add `counts` to the buckets holding `at` and sample the queue at `now`, on `pipe`."""
        scopes = [("all", None)] + ([(scope(site), site)] if site else [])
        keys: list[str] = []
        for name, site_or_none in scopes:
            keys += [bucket_key(name, HOUR, HOUR.start(at)), bucket_key(name, DAY, DAY.start(at)),
                     bucket_key(name, HOUR, HOUR.start(now)), bucket_key(name, DAY, DAY.start(now)),
                     state_key(name), *queue_keys(site_or_none)]
        args = [repr(now), *(str(g.expire_at(t)) for t in (at, now) for g in (HOUR, DAY)), site]
        for field, increment in counts.items():
            args += [field, f"{increment:.3f}" if isinstance(increment, float) else str(increment)]
        # EVAL with the text, not a registered Script: that would make the transaction check
        # SCRIPT EXISTS first, one more round trip on intakes that run no other script.
        pipe.eval(RECORD, len(keys), *keys, *args)

    def auto_decision(self, pipe: redis.client.Pipeline, comment: Comment) -> None:
        """Count a comment's automatic decision, and each label that held or rejected it."""
        counts: dict[str, int] = {f"auto:{comment.decision}": 1}
        kind = {"review": "held", "reject": "rejected"}.get(comment.decision)
        if kind:
            counts.update({f"{kind}:{label}": 1 for label in comment.reasons})
        self.record(pipe, comment.site, counts, at=comment.updated_at, now=comment.updated_at)

    def moderator_decision(self, pipe: redis.client.Pipeline, site: str, moderator: str,
                           decision: str, wait_seconds: float, *, at: float, now: float,
                           count: int = 1) -> None:
        """Count a moderator's decision and its time to decision; count=-1 takes one back."""
        counts: dict[str, int | float] = {
            f"mod:{decision}": count, f"by:{moderator}:{decision}": count,
            wait_field(wait_seconds): count, "wait:count": count,
            "wait:sum": float(count * wait_seconds)}
        self.record(pipe, site, counts, at=at, now=now)
