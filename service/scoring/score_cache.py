"""Scores cached in Redis by model version and a hash of the normalized text.

The version is part of the key, so a new model never serves an old model's scores; only the
hash is stored, never the text. A failing cache is logged and skipped: scoring goes on.
"""

from __future__ import annotations

import hashlib
import json
import logging
from typing import Callable, Mapping, Sequence

import redis

log = logging.getLogger(__name__)

PREFIX = "parley:score"


def text_digest(normalized_text: str) -> str:
    """The stable, non-reversible name of a text."""
    return hashlib.sha256(normalized_text.encode("utf-8")).hexdigest()


class ScoreCache:
    """Get and put label scores for many texts in one round trip each."""

    def __init__(self, client: redis.Redis, model_version: str, ttl_seconds: int):
        self.client = client
        self.model_version = model_version
        self.ttl_seconds = ttl_seconds
        self.on_error: Callable[[Exception], None] | None = None

    def key(self, digest: str) -> str:
        return f"{PREFIX}:{self.model_version}:{digest}"

    def get_many(self, digests: Sequence[str]) -> list[dict[str, float] | None]:
        """Cached scores per digest (None where missing, or for all when Redis fails)."""
        if not digests or self.ttl_seconds == 0:
            return [None] * len(digests)
        try:
            raw = self.client.mget([self.key(d) for d in digests])
        except redis.RedisError as exc:
            log.warning("score cache read failed: %s", type(exc).__name__)
            self._report(exc)
            return [None] * len(digests)
        return [json.loads(value) if value else None for value in raw]

    def put_many(self, entries: Mapping[str, Mapping[str, float]],
                 pipe: redis.client.Pipeline | None = None) -> None:
        """Store scores per digest with the TTL; failures only cost a future cache miss.

        Given the caller's transaction, the writes just join it (one fsync instead of two).
        """
        if not entries or self.ttl_seconds == 0:
            return
        target = pipe if pipe is not None else self.client.pipeline(transaction=False)
        for digest, scores in entries.items():
            target.set(self.key(digest), json.dumps(scores), ex=self.ttl_seconds)
        if pipe is not None:
            return
        try:
            target.execute()
        except redis.RedisError as exc:
            log.warning("score cache write failed: %s", type(exc).__name__)
            self._report(exc)

    def _report(self, exc: Exception) -> None:
        if self.on_error is not None:
            self.on_error(exc)
