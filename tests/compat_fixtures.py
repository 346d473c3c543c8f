"""Shared by the compat integration and e2e tests: deterministic per-site thresholds, Talk's signing."""

from __future__ import annotations

import hashlib
import hmac
import json
from typing import Any, Iterator

import redis

LABELS = ("toxicity", "severe_toxicity", "obscene", "insult", "identity_attack", "threat", "incitement")
CORAL_SECRETS = ("old-secret-0123456789abcdef", "new-secret-fedcba9876543210")


def _every_label(review: float, reject: float) -> dict[str, dict[str, float]]:
    return {label: {"review": review, "reject": reject} for label in LABELS}


# Sites whose decision does not depend on the model: scores are always >= 0 and (in practice) < 1.
THRESHOLDS = {"sites": {
    "site-publish": _every_label(1.0, 1.0),
    "site-review": {**_every_label(1.0, 1.0), "toxicity": {"review": 0.0, "reject": 1.0}},
    "site-reject": {**_every_label(1.0, 1.0), "identity_attack": {"review": 0.0, "reject": 0.0}},
}}


def talk_body(text: str, *, site: str, comment_id: str | None = None, story: str = "story-1") -> bytes:
    """A phase request as Talk sends it: pretty-printed JSON (JSON.stringify(data, null, 2))."""
    comment: dict[str, Any] = {"body": text, "parentID": None}
    if comment_id is not None:
        comment["id"] = comment_id
    data = {"action": "NEW", "comment": comment, "author": {"id": "author-1", "role": "COMMENTER"},
            "story": {"id": story, "url": "https://news.example/story"}, "site": {"id": site},
            "tenantID": "tenant-1", "tenantDomain": "news.example"}
    return json.dumps(data, indent=2).encode("utf-8")


def talk_signature(body: bytes, *secrets: str) -> str:
    """X-Coral-Signature as Talk builds it: one sha256=<hex> per active secret, comma-joined."""
    return ",".join("sha256=" + hmac.new(s.encode(), body, hashlib.sha256).hexdigest() for s in secrets)


def redis_contains(client: redis.Redis, needle: str) -> list[str]:
    """Keys whose name or any value mentions `needle`, across every Redis type Parley uses."""
    found = []
    for key in client.scan_iter(count=500):
        kind = client.type(key)
        if kind == "string":
            values = [client.get(key) or ""]
        elif kind == "hash":
            values = list(client.hgetall(key).values())
        elif kind == "list":
            values = client.lrange(key, 0, -1)
        elif kind in ("set", "zset"):
            values = list(client.smembers(key)) if kind == "set" else client.zrange(key, 0, -1)
        elif kind == "stream":
            values = [v for _, fields in client.xrange(key) for v in fields.values()]
        else:
            values = []
        if needle in key or any(needle in str(value) for value in values):
            found.append(key)
    return found


def label_entries(client: redis.Redis) -> Iterator[dict[str, Any]]:
    """Every labeled example in the label store, any site."""
    for key in client.scan_iter("parley:labels:*"):
        if client.type(key) == "stream":
            for _, fields in client.xrange(key):
                yield json.loads(fields["entry"])
