"""Per-site banned and suspect words: entries kept in Redis, matched as whole words.

A site's moderation lead lists words and phrases: a banned entry rejects a comment, a suspect
entry holds it for a person. Entries and comments both go through the classifier's own
normalization (`models.text_normalization.normalize`), so "g.l.0.r.b.n.i.k" in a comment
matches the entry "glorbnik", and "G.L.O.R.B.N.I.K" typed as an entry is that same entry.
Matching is by whole words: the normalized text is split into words, and an entry matches
where all its words stand in a row ("cat" never matches "concatenate").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Mapping

from models.text_normalization import normalize, normalize_with_offsets, original_span

BANNED, SUSPECT = "banned", "suspect"
KINDS = (BANNED, SUSPECT)
REASONS = {BANNED: "banned_word", SUSPECT: "suspect_word"}
MAX_ENTRY_CHARS = 100
MAX_ENTRY_WORDS = 5
_WORD = re.compile(r"\w+")


class WordListError(ValueError):
    """An entry or a list change Parley refuses; the message says why."""


@dataclass(frozen=True, order=True)
class WordMatch:
    """One list entry found in a comment: which list, and the entry as the moderator wrote it."""

    list: str
    entry: str

    def public(self) -> dict[str, str]:
        return {"list": self.list, "entry": self.entry}


def words_of(normalized: str) -> list[str]:
    """The words of already-normalized text, in order."""
    return _WORD.findall(normalized)


def entry_key(entry: str) -> str:
    """The form an entry is stored and matched under: its normalized words, space-separated."""
    if not isinstance(entry, str) or not entry.strip() or len(entry) > MAX_ENTRY_CHARS:
        raise WordListError(f"an entry is 1-{MAX_ENTRY_CHARS} characters: {entry!r}")
    words = words_of(normalize(entry))
    if not words:
        raise WordListError(f"{entry!r} has no letters or digits left once normalized")
    if len(words) > MAX_ENTRY_WORDS:
        raise WordListError(f"{entry!r} has more than {MAX_ENTRY_WORDS} words")
    return " ".join(words)


class Matcher:
    """One site's lists compiled for lookup: single words in a dict, phrases by first word.

    A text costs one normalization, one split and a set intersection; phrases are walked only
    when one of their first words occurs. An entry on both lists counts as banned.
    """

    def __init__(self, lists: Mapping[str, Mapping[str, str]]):
        self._singles: dict[str, WordMatch] = {}
        self._phrases: dict[str, list[tuple[tuple[str, ...], WordMatch]]] = {}
        for kind in (SUSPECT, BANNED):  # banned last, so it wins a tie
            for key, entry in lists.get(kind, {}).items():
                self._add(key, WordMatch(kind, entry))
        self.size = len(self._singles) + sum(len(v) for v in self._phrases.values())

    def _add(self, key: str, match: WordMatch) -> None:
        words = tuple(key.split(" "))
        if len(words) == 1:
            self._singles[key] = match
            return
        phrases = self._phrases.setdefault(words[0], [])
        phrases[:] = [(w, m) for w, m in phrases if w != words] + [(words, match)]

    def find(self, text: str) -> tuple[WordMatch, ...]:
        """Every entry the text contains, banned ones first, each once."""
        words = words_of(normalize(text))
        present = set(words)
        found = {self._singles[word] for word in present.intersection(self._singles)}
        starts = present.intersection(self._phrases)
        if starts:
            for i, word in enumerate(words):
                if word in starts:
                    found.update(match for phrase, match in self._phrases[word]
                                 if tuple(words[i:i + len(phrase)]) == phrase)
        return tuple(sorted(found, key=lambda m: (m.list != BANNED, m.entry)))


def reasons_for(matches: Iterable[WordMatch]) -> tuple[str, ...]:
    """The reason codes the matches give a decision: banned_word, then suspect_word."""
    kinds = {match.list for match in matches}
    return tuple(REASONS[kind] for kind in KINDS if kind in kinds)


def entry_spans(text: str, entries: Iterable[str]) -> list[tuple[int, int]]:
    """Where the entries occur in `text`, as [begin, end) ranges of the text as written.

    The same whole-word match on normalized text as `Matcher.find`, mapped back through the
    normalizer's offsets, so the page can mark "g.l.0.r.b.n.i.k" where the reader wrote it.
    """
    phrases = set()
    for entry in entries:
        try:
            phrases.add(tuple(entry_key(entry).split(" ")))
        except WordListError:
            continue
    if not phrases:
        return []
    normalized, offsets = normalize_with_offsets(text)
    found = list(_WORD.finditer(normalized))
    words = [m.group() for m in found]
    spans = []
    for i in range(len(words)):
        for phrase in phrases:
            if tuple(words[i:i + len(phrase)]) == phrase:
                spans.append(original_span(offsets, found[i].start(), found[i + len(phrase) - 1].end()))
    return sorted(set(spans))
