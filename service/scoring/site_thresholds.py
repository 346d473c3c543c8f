"""Per-site threshold overrides an operator applied from the threshold advice, kept in Redis.

Every worker reads the whole hash once a second (with the model version check) and hands it
to its ThresholdTable, so an `apply` takes effect everywhere within about a second.
"""

from __future__ import annotations

import json
import time
from typing import Any, Mapping

import redis

OVERRIDES = "parley:thresholds:sites"
APPLIED = "parley:thresholds:applied"


class SiteThresholds:
    """Read, apply and clear the per-site overrides."""

    def __init__(self, client: redis.Redis):
        self.client = client

    @staticmethod
    def parse(raw: Mapping[str, str]) -> dict[str, dict[str, dict[str, float]]]:
        """Decode HGETALL output, skipping fields that are not valid JSON objects."""
        out = {}
        for site, value in raw.items():
            try:
                table = json.loads(value)
            except ValueError:
                continue
            if isinstance(table, dict):
                out[site] = table
        return out

    def all(self) -> dict[str, dict[str, dict[str, float]]]:
        """Every site's applied overrides."""
        return self.parse(self.client.hgetall(OVERRIDES))

    def applied(self, site: str) -> dict[str, Any] | None:
        """When, by what advice and for which model the site's overrides were applied."""
        raw = self.client.hget(APPLIED, site)
        return json.loads(raw) if raw else None

    def apply(self, site: str, table: Mapping[str, Mapping[str, float]], **meta: Any) -> None:
        """Store `table` ({label: {"review", "reject"}}) for `site`, with who/why in `meta`."""
        body = {label: {k: None if v is None else float(v) for k, v in limits.items()
                        if k in ("review", "reject")}  # reject None: never automatically
                for label, limits in table.items()}
        with self.client.pipeline() as pipe:
            pipe.hset(OVERRIDES, site, json.dumps(body, sort_keys=True))
            pipe.hset(APPLIED, site, json.dumps({"at": round(time.time(), 3), **meta}))
            pipe.execute()

    def clear(self, site: str) -> bool:
        """Drop the site's overrides (back to the model's and the environment's); True if any."""
        with self.client.pipeline() as pipe:
            pipe.hdel(OVERRIDES, site)
            pipe.hdel(APPLIED, site)
            removed, _ = pipe.execute()
        return bool(removed)
