"""The append-only record of every state change, globally (a Redis stream) and per comment."""

from __future__ import annotations

import json
import time
from typing import Any

import redis

STREAM = "parley:audit"
HISTORY_PREFIX = "parley:history"


class AuditLog:
    """Append events in the caller's transaction; read them back per comment."""

    def __init__(self, client: redis.Redis):
        self.client = client

    @staticmethod
    def history_key(comment_id: str) -> str:
        return f"{HISTORY_PREFIX}:{comment_id}"

    def record(self, pipe: redis.client.Pipeline, event: str, comment_id: str,
               actor: str = "parley", **fields: Any) -> dict[str, Any]:
        """Queue one event on `pipe` (a MULTI pipeline), so it lands with the change it records."""
        entry = {"event": event, "comment_id": comment_id, "actor": actor,
                 "at": round(time.time(), 3), **fields}
        encoded = json.dumps(entry, separators=(",", ":"))
        pipe.xadd(STREAM, {"entry": encoded})
        pipe.rpush(self.history_key(comment_id), encoded)
        return entry

    def history(self, comment_id: str) -> list[dict[str, Any]]:
        """Every event of one comment, oldest first."""
        return [json.loads(raw) for raw in self.client.lrange(self.history_key(comment_id), 0, -1)]
