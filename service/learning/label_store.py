"""Labeled examples for the learning loop: moderator decisions, Perspective-style feedback, imports.

Kept durably in one Redis stream per site, each entry the text, the labels it implies (0/1 or
a probability per label; labels not named are unknown), where it came from, and the scores and
model version at the time.
"""

from __future__ import annotations

import json
import time
from typing import Any, Iterator, Mapping

import redis

PREFIX = "parley:labels"
SITES = "parley:labels:sites"


class LabelStore:
    """Append labeled examples (inside the caller's transaction if given) and read them back."""

    def __init__(self, client: redis.Redis):
        self.client = client

    @staticmethod
    def key(site: str) -> str:
        return f"{PREFIX}:{site or '_'}"

    def add(self, *, text: str, labels: Mapping[str, float], source: str, site: str = "",
            comment_id: str = "", scores: Mapping[str, float] | None = None,
            model_version: str = "", pipe: redis.client.Pipeline | None = None,
            **extra: Any) -> None:
        """Record one example; `source` is e.g. 'moderator', 'suggestscore' or 'import'."""
        entry = {"text": text, "labels": dict(labels), "source": source, "site": site,
                 "comment_id": comment_id, "scores": dict(scores or {}),
                 "model_version": model_version, "at": round(time.time(), 3), **extra}
        target = pipe if pipe is not None else self.client
        target.xadd(self.key(site), {"entry": json.dumps(entry, separators=(",", ":"))})
        target.sadd(SITES, site or "_")

    def sites(self) -> list[str]:
        """Sites that have labels ('' for examples without a site)."""
        return sorted("" if s == "_" else s for s in self.client.smembers(SITES))

    def iter(self, site: str, batch: int = 1000) -> Iterator[dict[str, Any]]:
        """Every example of one site, oldest first."""
        last = "-"
        while True:
            rows = self.client.xrange(self.key(site), min=last, max="+", count=batch + 1)
            rows = [row for row in rows if row[0] != last]
            if not rows:
                return
            for entry_id, fields in rows:
                yield {"entry_id": entry_id, **json.loads(fields["entry"])}
            last = rows[-1][0]
