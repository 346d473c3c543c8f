"""Failed moderator logins, counted in Redis: password guessing gets a 429, not unlimited tries.

Only failures count. Three buckets bound a guesser: one account from one address (the tight
one, so a stranger elsewhere cannot lock a moderator out), one address over all accounts, and
one account over all addresses (a distributed guess). A right password clears its pair bucket.
If Redis is down the moderator accounts are unreachable anyway, so the throttle just steps aside.
"""

from __future__ import annotations

import logging
import math

import redis

from service.access.rate_limit import Limit, RateLimiter, bucket_name

log = logging.getLogger(__name__)


class LoginThrottle:
    """Say how long a login attempt must wait, and count the ones that fail."""

    def __init__(self, client: redis.Redis, limiter: RateLimiter, limit: Limit | None) -> None:
        self.client = client
        self.limiter = limiter
        self.limit = limit

    def _buckets(self, name: str, address: str) -> list[tuple[str, Limit]]:
        if self.limit is None:
            return []
        account, window = name.strip().lower(), self.limit.window_seconds
        return [(bucket_name("login:pair", f"{account}\n{address}"), self.limit),
                (bucket_name("login:address", address), Limit(self.limit.count * 5, window)),
                (bucket_name("login:account", account), Limit(self.limit.count * 20, window))]

    def wait_seconds(self, name: str, address: str) -> int:
        """Return 0 when this attempt may go ahead, else the seconds until it may."""
        buckets = self._buckets(name, address)
        if not buckets:
            return 0
        try:
            with self.client.pipeline(transaction=False) as pipe:
                for key, _ in buckets:
                    pipe.get(key)
                    pipe.pttl(key)
                raw = pipe.execute()
        except redis.RedisError as exc:
            log.warning("login throttle unavailable: %s", type(exc).__name__)
            return 0
        waits = [max(1, math.ceil(int(ttl) / 1000)) for (_, limit), count, ttl in zip(buckets, raw[0::2], raw[1::2])
                 if count is not None and int(count) >= limit.count]
        return max(waits, default=0)

    def failed(self, name: str, address: str) -> None:
        """Count one failed attempt in every bucket."""
        self.limiter.hit_many(self._buckets(name, address))

    def succeeded(self, name: str, address: str) -> None:
        """Forget this account's failures from this address."""
        buckets = self._buckets(name, address)
        if buckets:
            try:
                self.client.delete(buckets[0][0])
            except redis.RedisError:
                pass
