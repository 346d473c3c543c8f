"""Request budgets per API key and per client address, counted in Redis so every worker shares them.

A fixed window per bucket, counted by one Lua script (INCR, set the expiry on the first hit,
read the time left) that takes every bucket of a request at once: one atomic round trip.
When Redis cannot be reached the limiter lets the request through: scoring must keep working
during a Redis outage, and the write paths answer 503 on their own. RateLimiter and RatePolicy
know nothing of Flask; init_app's hook is the only glue.
"""

from __future__ import annotations

import hashlib
import logging
import math
import re
from dataclasses import dataclass
from typing import Any, Callable, Mapping, Sequence

import redis
from flask import Flask, Response, g, request

from service.access.auth import OPEN, credential_for
from service.config import ConfigError
from service.errors import RateLimited

log = logging.getLogger(__name__)

PREFIX = "parley:ratelimit"
_UNITS = {"s": 1, "second": 1, "m": 60, "minute": 60, "h": 3600, "hour": 3600, "d": 86400, "day": 86400}
_LIMIT = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([a-z]+?)s?\s*$")

_HIT = """
local out = {}
for i, key in ipairs(KEYS) do
  local count = redis.call('INCR', key)
  local ttl = redis.call('PTTL', key)
  if ttl < 0 then
    redis.call('PEXPIRE', key, ARGV[i])
    ttl = tonumber(ARGV[i])
  end
  out[2 * i - 1] = count
  out[2 * i] = ttl
end
return out
"""


@dataclass(frozen=True)
class Limit:
    """At most `count` requests per `window_seconds`."""

    count: int
    window_seconds: int

    def __str__(self) -> str:
        return f"{self.count};w={self.window_seconds}"


def parse_limit(raw: str, name: str = "rate limit") -> Limit | None:
    """'1200/minute', '50/10s', '100 / hour' -> Limit; 'off' -> None."""
    if raw.strip().lower() in ("off", "none", "0", "false"):
        return None
    match = _LIMIT.match(raw.lower())
    if not match or match.group(3) not in _UNITS:
        raise ConfigError(f"{name} must look like '1200/minute' or 'off', got {raw!r}")
    count, multiple, unit = int(match.group(1)), int(match.group(2) or 1), match.group(3)
    if count < 1 or multiple < 1:
        raise ConfigError(f"{name} must allow at least 1 request per window, got {raw!r}")
    return Limit(count, multiple * _UNITS[unit])


def parse_route_limits(raw: Mapping[str, Any]) -> dict[str, Limit | None]:
    """PARLEY_RATE_LIMITS: {route rule or endpoint name: '100/minute' | 'off'}."""
    return {route: parse_limit(str(value), f"PARLEY_RATE_LIMITS[{route!r}]") for route, value in raw.items()}


@dataclass(frozen=True)
class Verdict:
    """The outcome of one hit on one bucket."""

    allowed: bool
    limit: Limit
    remaining: int
    reset_seconds: int

    def headers(self) -> dict[str, str]:
        """IETF draft RateLimit-* headers (and Retry-After when refused)."""
        headers = {"RateLimit-Limit": str(self.limit.count),
                   "RateLimit-Remaining": str(self.remaining),
                   "RateLimit-Reset": str(self.reset_seconds),
                   "RateLimit-Policy": str(self.limit)}
        if not self.allowed:
            headers["Retry-After"] = str(self.reset_seconds)
        return headers


def bucket_name(scope: str, identity: str) -> str:
    """A Redis key for one caller in one scope; the identity is hashed (it may be a secret)."""
    digest = hashlib.sha256(identity.encode("utf-8", "surrogateescape")).hexdigest()[:24]
    return f"{PREFIX}:{scope}:{digest}"


class RateLimiter:
    """Count hits per bucket in Redis; answer whether this one is within the limit."""

    def __init__(self, client: redis.Redis, on_error: Callable[[Exception], None] | None = None):
        self.client = client
        self.on_error = on_error
        self._script = client.register_script(_HIT)

    def hit(self, bucket: str, limit: Limit) -> Verdict | None:
        """Count one request against `bucket`; None when Redis failed (the caller lets it pass)."""
        verdicts = self.hit_many([(bucket, limit)])
        return verdicts[0] if verdicts else None

    def hit_many(self, buckets: Sequence[tuple[str, Limit]]) -> list[Verdict] | None:
        """Count one request against each bucket in one round trip; None when Redis failed."""
        if not buckets:
            return []
        try:
            raw = self._script(keys=[name for name, _ in buckets],
                               args=[limit.window_seconds * 1000 for _, limit in buckets])
        except redis.RedisError as exc:
            log.warning("rate limiter unavailable: %s", type(exc).__name__)
            if self.on_error:
                self.on_error(exc)
            return None
        verdicts = []
        for (_, limit), count, ttl_ms in zip(buckets, raw[0::2], raw[1::2]):
            reset = max(1, math.ceil(int(ttl_ms) / 1000))
            verdicts.append(Verdict(int(count) <= limit.count, limit, max(0, limit.count - int(count)), reset))
        return verdicts


@dataclass(frozen=True)
class RatePolicy:
    """Which buckets one request is counted in: its address's, and its key's (or route's)."""

    key_limit: Limit | None
    address_limit: Limit | None
    route_limits: Mapping[str, Limit | None]

    @classmethod
    def from_settings(cls, settings: Any) -> "RatePolicy":
        return cls(parse_limit(settings.rate_limit, "PARLEY_RATE_LIMIT"),
                   parse_limit(settings.address_rate_limit, "PARLEY_ADDRESS_RATE_LIMIT"),
                   parse_route_limits(settings.route_rate_limits))

    def buckets(self, rule: str, endpoint: str, address: str, credential: str) -> list[tuple[str, str, Limit]]:
        """(scope, Redis key, limit) per bucket, the key's (or route's) last.

        The key bucket is named by whatever credential was presented, verified or not: the
        address bucket, counted first, bounds how many made-up keys one client can try.
        """
        scope, limit = "key", self.key_limit
        for name in (rule, endpoint):
            if name in self.route_limits:
                scope, limit = f"route:{name}", self.route_limits[name]
                break
        wanted = [("address", address, self.address_limit),
                  (scope, credential or f"address:{address}", limit)]
        return [(bucket_scope, bucket_name(bucket_scope, identity), bucket_limit)
                for bucket_scope, identity, bucket_limit in wanted if bucket_limit is not None]


def presented_credential() -> str:
    """Whatever identifies the caller, verified or not: the Authorization header, or the key
    where Perspective clients send it (x-goog-api-key, ?key=)."""
    return (request.headers.get("Authorization") or request.headers.get("X-Goog-Api-Key")
            or request.args.get("key") or "")


def init_app(app: Flask) -> None:
    """Count every non-open request in its buckets before it runs; 429 when one is full."""
    policy = RatePolicy.from_settings(app.config["PARLEY"])
    limiter = RateLimiter(app.extensions["redis"], on_error=app.extensions["metrics"].redis_error)
    app.extensions["rate_limiter"] = limiter

    @app.before_request
    def _limit() -> None:
        if request.endpoint is None or credential_for(app, request.endpoint) == OPEN:
            return
        rule = request.url_rule.rule if request.url_rule else request.path
        buckets = policy.buckets(rule, request.endpoint, request.remote_addr or "-", presented_credential())
        verdicts = limiter.hit_many([(name, limit) for _, name, limit in buckets])
        for (scope, _, _), verdict in zip(buckets, verdicts or []):
            if not verdict.allowed:
                raise RateLimited(details={"scope": scope.split(":")[0],
                                           "retry_after_seconds": verdict.reset_seconds},
                                  headers=verdict.headers())
        if verdicts:
            g.rate_limit_headers = verdicts[-1].headers()

    @app.after_request
    def _headers(response: Response) -> Response:
        response.headers.update(g.get("rate_limit_headers", {}))
        return response
