"""The append-only record of every state change: one global stream, per moderator, per comment.

Each event is written in the same transaction (or Lua script) as the change it records, to the
global stream, to the comment's history and, when a moderator is involved, to that moderator's
stream, so all three always agree. Nothing is ever trimmed.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Iterator

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


@dataclass(frozen=True)
class AuditQuery:
    """Filters an entry must pass (empty ones pass everything)."""

    moderator: str = ""
    since: float | None = None
    events: frozenset[str] = frozenset()

    def matches(self, entry: dict[str, Any]) -> bool:
        return ((self.since is None or entry.get("at", 0) >= self.since)
                and (not self.moderator or entry.get("moderator") == self.moderator)
                and (not self.events or entry.get("event") in self.events))


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

    def record_setting(self, pipe: redis.client.Pipeline, event: str, actor: str,
                       **fields: Any) -> dict[str, Any]:
        """Queue an event about a setting, not a comment (a site's word list, say): it goes to
        the global stream and, when a moderator made the change, to that moderator's."""
        entry = {"event": event, "actor": actor, "at": round(self.clock(), 3), **fields}
        encoded = json.dumps(entry, separators=(",", ":"))
        pipe.xadd(STREAM, {"entry": encoded})
        if fields.get("moderator"):
            pipe.xadd(self.moderator_key(fields["moderator"]), {"entry": encoded})
        return entry

    def history(self, comment_id: str) -> list[dict[str, Any]]:
        """Every event of one comment, oldest first."""
        return [json.loads(raw) for raw in self.client.lrange(self.history_key(comment_id), 0, -1)]

    def page(self, *, comment_id: str = "", moderator: str = "", since: float | None = None,
             events: Iterable[str] = (), newest_first: bool = False, cursor: str | None = None,
             limit: int = 100) -> AuditPage:
        """One page of events matching every filter given, oldest (or newest) first."""
        query = AuditQuery(moderator, since, frozenset(events))
        limit = max(1, min(limit, MAX_PAGE))
        if comment_id:
            return self._history_page(comment_id, query, newest_first, cursor, limit)
        key = self.moderator_key(moderator) if moderator else STREAM
        low = _since_id(since) if since is not None else "-"
        start = f"({cursor}" if cursor else ("+" if newest_first else low)
        entries: list[dict[str, Any]] = []
        while True:
            if newest_first:
                rows = self.client.xrevrange(key, max=start, min=low, count=limit)
            else:
                rows = self.client.xrange(key, min=start, max="+", count=limit)
            for entry_id, fields in rows:
                start = f"({entry_id}"
                entry = json.loads(fields["entry"])
                if query.matches(entry):
                    entries.append({**entry, "entry_id": entry_id})
                if len(entries) == limit:
                    return AuditPage(entries, entry_id)
            if len(rows) < limit:
                return AuditPage(entries, None)

    def _history_page(self, comment_id: str, query: "AuditQuery", newest_first: bool,
                      cursor: str | None, limit: int) -> AuditPage:
        """A comment's history is short: read it whole, filter, and page by position."""
        found = [{**json.loads(raw), "entry_id": str(index)} for index, raw
                 in enumerate(self.client.lrange(self.history_key(comment_id), 0, -1))]
        found = [entry for entry in found if query.matches(entry)]
        if newest_first:
            found.reverse()
        offset = int(cursor) if cursor and cursor.isdigit() else 0
        more = offset + limit < len(found)
        return AuditPage(found[offset:offset + limit], str(offset + limit) if more else None)

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
