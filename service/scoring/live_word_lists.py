"""The word lists in force in this worker: each site's compiled matcher, kept in step with Redis.

Compiling 5,000 entries takes milliseconds, so a worker keeps each site's matcher and rebuilds
it only when the site's version in Redis moved. The versions (one small hash) are read at most
once per `check_seconds`, on the decision path itself, so a change is in force on every
worker within about a second; a site that has no lists costs one dict lookup per comment.
Redis being down only delays the check: the lists last read stay in force.
"""

from __future__ import annotations

import logging
import time
from typing import Any, Callable

import redis

from service.scoring.word_list_store import WordListStore, list_key
from service.scoring.word_lists import KINDS, Matcher, WordMatch

log = logging.getLogger(__name__)
CHECK_SECONDS = 1.0


class LiveWordLists:
    """Match comments against their site's lists, re-reading a site whose version changed."""

    def __init__(self, store: WordListStore, *, check_seconds: float = CHECK_SECONDS,
                 clock: Callable[[], float] = time.monotonic):
        self.store = store
        self.check_seconds = check_seconds
        self.clock = clock
        self._next_check = 0.0
        self._versions: dict[str, str] = {}
        self._matchers: dict[str, Matcher] = {}

    def matches(self, site: str, text: str) -> tuple[WordMatch, ...]:
        """The entries of `site`'s lists that `text` contains (none for a site without lists)."""
        self.refresh_if_due()
        matcher = self._matchers.get(site)
        return matcher.find(text) if matcher is not None else ()

    def refresh_if_due(self) -> None:
        """Re-read the versions if `check_seconds` have passed, and the lists that moved."""
        now = self.clock()
        if now < self._next_check:
            return
        self._next_check = now + self.check_seconds
        try:
            self._refresh()
        except redis.RedisError as exc:
            log.warning("word lists not refreshed: %s", type(exc).__name__)

    def _refresh(self) -> None:
        versions = self.store.versions()
        if versions == self._versions:
            return
        changed = [site for site, version in versions.items() if self._versions.get(site) != version]
        with self.store.client.pipeline(transaction=False) as pipe:
            for site in changed:
                for kind in KINDS:
                    pipe.hgetall(list_key(site, kind))
            found = pipe.execute()
        matchers = {site: m for site, m in self._matchers.items() if site in versions}
        for i, site in enumerate(changed):
            lists = dict(zip(KINDS, found[2 * i:2 * i + 2]))
            matcher = Matcher(lists)
            if matcher.size:
                matchers[site] = matcher
            else:
                matchers.pop(site, None)
        self._matchers, self._versions = matchers, versions  # readers see the old or the new, whole


def init_app(app: Any) -> None:
    """Attach this worker's live lists as app.extensions["word_lists"] (nothing is read yet)."""
    app.extensions["word_lists"] = LiveWordLists(WordListStore(app.extensions["redis"]))
