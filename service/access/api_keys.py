"""Client API keys created with `parley apikey create`: stored in Redis only as SHA-256 digests.

A key is shown once, when it is made; Redis holds its digest, a short public id and a name,
so a leaked Redis dump does not leak usable keys. Keys from PARLEY_API_KEYS work alongside.
"""

from __future__ import annotations

import hashlib
import secrets
import time
from dataclasses import dataclass

import redis

PREFIX = "parley:apikey"
INDEX = "parley:apikeys"
KEY_PREFIX = "pk_"


def key_digest(key: str) -> str:
    """The stored, non-reversible name of a key."""
    return hashlib.sha256(key.encode("utf-8", "surrogateescape")).hexdigest()


@dataclass(frozen=True)
class ApiKeyRecord:
    """What Parley remembers about a created key (never the key itself)."""

    id: str
    name: str
    created_at: float


class ApiKeyStore:
    """Create, look up, list and revoke stored keys."""

    def __init__(self, client: redis.Redis):
        self.client = client

    @staticmethod
    def _key(digest: str) -> str:
        return f"{PREFIX}:{digest}"

    def create(self, name: str = "") -> tuple[str, ApiKeyRecord]:
        """Make a new key; return it (to show once) and its record."""
        key = KEY_PREFIX + secrets.token_urlsafe(32)
        digest = key_digest(key)
        record = ApiKeyRecord(id=digest[:12], name=name or digest[:12], created_at=round(time.time(), 3))
        with self.client.pipeline() as pipe:
            pipe.hset(self._key(digest), mapping={"id": record.id, "name": record.name,
                                                  "created_at": str(record.created_at)})
            pipe.sadd(INDEX, digest)
            pipe.execute()
        return key, record

    def lookup(self, key: str) -> ApiKeyRecord | None:
        """The record of `key`, or None when it was never made or has been revoked."""
        raw = self.client.hgetall(self._key(key_digest(key)))
        return self._record(raw) if raw else None

    def list(self) -> list[ApiKeyRecord]:
        """Every stored key's record, oldest first."""
        records = []
        for digest in self.client.smembers(INDEX):
            raw = self.client.hgetall(self._key(digest))
            if raw:
                records.append(self._record(raw))
        return sorted(records, key=lambda r: r.created_at)

    def revoke(self, id_or_name: str) -> list[ApiKeyRecord]:
        """Delete every key whose id or name is `id_or_name`; return what was revoked."""
        revoked = []
        for digest in self.client.smembers(INDEX):
            raw = self.client.hgetall(self._key(digest))
            if raw and id_or_name in (raw.get("id"), raw.get("name")):
                with self.client.pipeline() as pipe:
                    pipe.delete(self._key(digest))
                    pipe.srem(INDEX, digest)
                    pipe.execute()
                revoked.append(self._record(raw))
        return revoked

    @staticmethod
    def _record(raw: dict[str, str]) -> ApiKeyRecord:
        return ApiKeyRecord(id=raw["id"], name=raw.get("name", ""), created_at=float(raw.get("created_at", 0)))
