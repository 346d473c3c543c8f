"""The append-only record of every state change: one global stream, per moderator, per comment.

Each event is written in the same transaction (or Lua script) as the change it records, to the
global stream, to the comment's history and, when a moderator is involved, to that moderator's
stream, so all three always agree. Nothing is ever trimmed.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from typing import Any, Callable, Iterator

import redis

STREAM = "parley:audit"
HISTORY_PREFIX = "parley:history"
MODERATOR_PREFIX = "parley:audit:moderator"
# Stream ids carry Redis's clock and entries the app's: allow this much skew when `since` is
# turned into a stream id, then filter on the entry's own time exactly.
_SKEW_SECONDS = 300
MAX_PAGE = 1000


@dataclass(frozen=True)
class AuditPage:
    """Some entries, oldest first, and the cursor of the next page (None at the end)."""

    entries: list[dict[str, Any]]
    next_cursor: str | None


class AuditLog:
    """Append events in the caller's transaction; read them per comment, per moderator, or all."""

    def __init__(self, client: redis.Redis, clock: Callable[[], float] = time.time):
        self.client = client
        self.clock = clock

    @staticmethod
    def history_key(comment_id: str) -> str:
        return f"{HISTORY_PREFIX}:{comment_id}"

    @staticmethod
    def moderator_key(moderator: str) -> str:
        return f"{MODERATOR_PREFIX}:{moderator}"

    def record(self, pipe: redis.client.Pipeline, event: str, comment_id: str,
               actor: str = "parley", **fields: Any) -> dict[str, Any]:
        """Queue one event on `pipe` (a MULTI pipeline), so it lands with the change it records."""
        entry = {"event": event, "comment_id": comment_id, "actor": actor,
                 "at": round(self.clock(), 3), **fields}
        encoded = json.dumps(entry, separators=(",", ":"))
        pipe.xadd(STREAM, {"entry": encoded})
        pipe.rpush(self.history_key(comment_id), encoded)
        if fields.get("moderator"):
            pipe.xadd(self.moderator_key(fields["moderator"]), {"entry": encoded})
        return entry

    def history(self, comment_id: str) -> list[dict[str, Any]]:
        """Every event of one comment, oldest first."""
        return [json.loads(raw) for raw in self.client.lrange(self.history_key(comment_id), 0, -1)]

    def page(self, *, comment_id: str = "", moderator: str = "", since: float | None = None,
             cursor: str | None = None, limit: int = 100) -> AuditPage:
        """One page of events matching every filter given, oldest first."""
        limit = max(1, min(limit, MAX_PAGE))
        if comment_id:
            return self._history_page(comment_id, moderator, since, cursor, limit)
        key = self.moderator_key(moderator) if moderator else STREAM
        start = f"({cursor}" if cursor else (_since_id(since) if since is not None else "-")
        entries: list[dict[str, Any]] = []
        while True:
            rows = self.client.xrange(key, min=start, max="+", count=limit)
            for entry_id, fields in rows:
                start = f"({entry_id}"
                entry = json.loads(fields["entry"])
                if since is None or entry.get("at", 0) >= since:
                    entries.append({**entry, "entry_id": entry_id})
                if len(entries) == limit:
                    return AuditPage(entries, entry_id)
            if len(rows) < limit:
                return AuditPage(entries, None)

    def _history_page(self, comment_id: str, moderator: str, since: float | None,
                      cursor: str | None, limit: int) -> AuditPage:
        offset = int(cursor) if cursor and cursor.isdigit() else 0
        raw = self.client.lrange(self.history_key(comment_id), offset, -1)
        entries: list[dict[str, Any]] = []
        for index, encoded in enumerate(raw, start=offset):
            entry = json.loads(encoded)
            if since is not None and entry.get("at", 0) < since:
                continue
            if moderator and entry.get("moderator") != moderator:
                continue
            entries.append({**entry, "entry_id": str(index)})
            if len(entries) == limit:
                more = index + 1 < offset + len(raw)
                return AuditPage(entries, str(index + 1) if more else None)
        return AuditPage(entries, None)

    def export(self, **filters: Any) -> Iterator[str]:
        """Every matching event as JSON lines (one object and a newline each), oldest first."""
        cursor: str | None = None
        while True:
            page = self.page(cursor=cursor, limit=MAX_PAGE, **filters)
            for entry in page.entries:
                yield json.dumps(entry, separators=(",", ":"), ensure_ascii=False) + "\n"
            if page.next_cursor is None:
                return
            cursor = page.next_cursor


def _since_id(since: float) -> str:
    return f"{max(0, int((since - _SKEW_SECONDS) * 1000))}-0"
