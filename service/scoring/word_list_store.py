"""Owns the word lists in Redis: one hash per site and list, and a version per site.

Each hash maps an entry's normalized form to the entry as it was typed. Every change bumps
the site's version in `parley:words:versions` and writes its audit event in the same
transaction, so a worker that sees the new version reads the new lists, and no change goes
unrecorded. An entry lives on one list of a site: adding it to one takes it off the other.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

import redis

from service.review.audit_log import AuditLog
from service.scoring.word_lists import BANNED, KINDS, SUSPECT, WordListError, entry_key

PREFIX = "parley:words"
VERSIONS = f"{PREFIX}:versions"
MAX_ENTRIES = 20_000
MAX_SITE_CHARS = 256
_MAX_RETRIES = 20


def list_key(site: str, kind: str) -> str:
    """The hash of one site's banned or suspect entries."""
    return f"{PREFIX}:{kind}:{site}"


@dataclass(frozen=True)
class ListChange:
    """What one add or remove did: entries changed, entries moved off the other list, no-ops."""

    site: str
    list: str
    changed: list[str]
    unchanged: list[str]
    moved: list[str] = field(default_factory=list)
    version: int = 0

    def public(self, verb: str) -> dict[str, Any]:
        """The API's JSON: `verb` is "added" or "removed"."""
        other = "already_listed" if verb == "added" else "not_listed"
        body = {"site": self.site, "list": self.list, verb: self.changed, other: self.unchanged,
                "version": self.version}
        if verb == "added":
            body["moved_from"] = {"list": _other(self.list), "entries": self.moved}
        return body


def _other(kind: str) -> str:
    return SUSPECT if kind == BANNED else BANNED


def check_site(site: str) -> str:
    """A site id a list can belong to (the same shape comments carry)."""
    if not isinstance(site, str) or not site.strip() or len(site) > MAX_SITE_CHARS \
            or any(ch < " " or ch == "\x7f" for ch in site):
        raise WordListError(f"a site is 1-{MAX_SITE_CHARS} printable characters")
    return site


def check_kind(kind: str) -> str:
    if kind not in KINDS:
        raise WordListError(f"a list is {' or '.join(KINDS)}, not {kind!r}")
    return kind


class WordListStore:
    """Read, add and remove entries; every write is one transaction with its audit event."""

    def __init__(self, client: redis.Redis, clock: Callable[[], float] = time.time):
        self.client = client
        self.audit = AuditLog(client, clock)

    def lists(self, site: str) -> dict[str, dict[str, str]]:
        """Both lists of a site: {"banned": {normalized: entry}, "suspect": {...}}."""
        with self.client.pipeline(transaction=False) as pipe:
            for kind in KINDS:
                pipe.hgetall(list_key(site, kind))
            found = pipe.execute()
        return dict(zip(KINDS, found))

    def versions(self) -> dict[str, str]:
        """Every site that ever had a list, with its current version."""
        return self.client.hgetall(VERSIONS)

    def sites(self) -> dict[str, dict[str, int]]:
        """Sites with entries now, each with the size of its two lists."""
        names = sorted(self.versions())
        with self.client.pipeline(transaction=False) as pipe:
            for site in names:
                for kind in KINDS:
                    pipe.hlen(list_key(site, kind))
            sizes = pipe.execute()
        counts = {site: dict(zip(KINDS, sizes[2 * i:2 * i + 2])) for i, site in enumerate(names)}
        return {site: n for site, n in counts.items() if any(n.values())}

    def add(self, site: str, kind: str, entries: Iterable[str], **who: str) -> ListChange:
        """Put entries on the site's list (taking them off the other list); `who`: actor, moderator, via."""
        return self._change(site, kind, entries, adding=True, **who)

    def remove(self, site: str, kind: str, entries: Iterable[str], **who: str) -> ListChange:
        """Take entries (given in any spelling that normalizes the same) off the site's list."""
        return self._change(site, kind, entries, adding=False, **who)

    def _change(self, site: str, kind: str, entries: Iterable[str], *, adding: bool,
                actor: str, moderator: str = "", via: str = "") -> ListChange:
        check_site(site), check_kind(kind)
        typed: dict[str, str] = {}
        for entry in entries:
            typed.setdefault(entry_key(entry), entry.strip())
        if not typed:
            raise WordListError("name at least one entry")
        here, there = list_key(site, kind), list_key(site, _other(kind))
        keys = list(typed)
        for _ in range(_MAX_RETRIES):
            with self.client.pipeline() as pipe:
                try:
                    pipe.watch(here, there)
                    current = dict(zip(keys, pipe.hmget(here, keys)))
                    new = [k for k, v in current.items() if v is None]
                    if adding:
                        moved = self._plan_add(pipe, here, there, new)
                        change = ListChange(site, kind, [typed[k] for k in new],
                                            [v for v in current.values() if v is not None],
                                            [typed[k] for k in moved])
                    else:
                        moved = []
                        change = ListChange(site, kind, [v for v in current.values() if v is not None],
                                            [typed[k] for k in new])
                    if not change.changed:
                        return change
                    pipe.multi()
                    pipe.hincrby(VERSIONS, site, 1)
                    if adding:
                        pipe.hset(here, mapping={k: typed[k] for k in new})
                        if moved:
                            pipe.hdel(there, *moved)
                    else:
                        pipe.hdel(here, *[k for k, v in current.items() if v is not None])
                    self._audit(pipe, adding, change, actor=actor, moderator=moderator, via=via)
                    version = pipe.execute()[0]
                    return ListChange(site, kind, change.changed, change.unchanged, change.moved, int(version))
                except redis.WatchError:
                    continue
        raise redis.WatchError(f"the {kind} list of {site!r} kept changing; gave up")

    def _audit(self, pipe: redis.client.Pipeline, adding: bool, change: ListChange, *,
               actor: str, moderator: str, via: str) -> None:
        event: dict[str, Any] = {"site": change.site, "list": change.list, "entries": change.changed}
        if change.moved:
            event["moved_from"] = _other(change.list)
        if moderator:
            event["moderator"] = moderator
        if via:
            event["via"] = via
        self.audit.record_setting(pipe, "words_added" if adding else "words_removed", actor, **event)

    @staticmethod
    def _plan_add(pipe: redis.client.Pipeline, here: str, there: str, new: list[str]) -> list[str]:
        """Refuse a list over MAX_ENTRIES; return the new keys now on the other list."""
        if not new:
            return []
        if pipe.hlen(here) + len(new) > MAX_ENTRIES:
            raise WordListError(f"a list holds at most {MAX_ENTRIES} entries")
        return [k for k, v in zip(new, pipe.hmget(there, new)) if v is not None]
