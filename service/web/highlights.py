"""Turn a comment and the classifier's spans into plain-text segments the page shows safely.

The page never parses comment text as HTML: it gets a list of segments (plain, highlighted
with the labels that drove the score, or one invisible control character shown as a marker)
and builds text nodes from them. Spans cost a rescoring per word, so they are computed on at
most SPAN_MAX_CHARS characters and cached in Redis by model version and text digest.
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from typing import Any, Iterable, Protocol

import redis

PREFIX = "parley:web:spans"
SPAN_MAX_CHARS = 2000
CACHE_TTL_SECONDS = 24 * 3600
# Characters that reorder or hide text (bidi overrides, zero-width joiners): shown as markers.
_INVISIBLE = frozenset("\u200b\u200c\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
                       "\u2060\u2066\u2067\u2068\u2069\ufeff\u00ad")
# Control characters are accepted and stored as sent, but shown as markers; these read as text.
_LAYOUT_CONTROLS = frozenset("\t\n\r")
# Unicode gives C0 controls and DEL no character names, only these (ISO 6429) ones.
_C0_NAMES = ("NULL", "START OF HEADING", "START OF TEXT", "END OF TEXT", "END OF TRANSMISSION",
             "ENQUIRY", "ACKNOWLEDGE", "BELL", "BACKSPACE", "CHARACTER TABULATION", "LINE FEED",
             "LINE TABULATION", "FORM FEED", "CARRIAGE RETURN", "SHIFT OUT", "SHIFT IN",
             "DATA LINK ESCAPE", "DEVICE CONTROL ONE", "DEVICE CONTROL TWO", "DEVICE CONTROL THREE",
             "DEVICE CONTROL FOUR", "NEGATIVE ACKNOWLEDGE", "SYNCHRONOUS IDLE",
             "END OF TRANSMISSION BLOCK", "CANCEL", "END OF MEDIUM", "SUBSTITUTE", "ESCAPE",
             "INFORMATION SEPARATOR FOUR", "INFORMATION SEPARATOR THREE",
             "INFORMATION SEPARATOR TWO", "INFORMATION SEPARATOR ONE")
_CONTROL_NAMES = {**dict(enumerate(_C0_NAMES)), 0x7F: "DELETE"}


class SpanSource(Protocol):
    """What a highlighter needs of the Scorer."""

    version: str

    def spans(self, text: str, labels: Iterable[str]) -> dict[str, list[dict[str, Any]]]: ...


def is_invisible(ch: str) -> bool:
    """True for a character a moderator could not see but that changes how text reads.

    The zero-width joiner and tag characters are left alone: emoji sequences are built of them.
    Control characters (NUL, U+0002, DEL, C1) count too; tabs and line breaks do not.
    """
    if ch == "\u200d" or "\U000e0000" <= ch <= "\U000e007f" or ch in _LAYOUT_CONTROLS:
        return False
    return ch in _INVISIBLE or unicodedata.category(ch) in ("Cf", "Cc")


def control_name(ch: str) -> str:
    """A short marker for an invisible character, e.g. 'U+202E RIGHT-TO-LEFT OVERRIDE'."""
    if ord(ch) in _CONTROL_NAMES:
        return f"U+{ord(ch):04X} {_CONTROL_NAMES[ord(ch)]}"
    fallback = "CONTROL CHARACTER" if unicodedata.category(ch) == "Cc" else "FORMAT CHARACTER"
    return f"U+{ord(ch):04X} {unicodedata.name(ch, fallback)}"


def segments(text: str, spans: dict[str, list[dict[str, Any]]]) -> list[dict[str, Any]]:
    """Split `text` into consecutive segments whose texts join back to exactly `text`."""
    ranges = [(label, max(0, int(span["begin"])), min(len(text), int(span["end"])))
              for label, found in spans.items() for span in found]
    ranges = [(label, begin, end) for label, begin, end in ranges if begin < end]
    edges = sorted({0, len(text)} | {edge for _, begin, end in ranges for edge in (begin, end)})
    out: list[dict[str, Any]] = []
    for begin, end in zip(edges, edges[1:]):
        labels = sorted({label for label, b, e in ranges if b <= begin and end <= e})
        _split_invisible(text[begin:end], labels, out)
    return out


def marked(text: str) -> list[dict[str, Any]]:
    """`text` as segments with no highlights: invisible characters split out as markers."""
    return segments(text, {})


def _split_invisible(piece: str, labels: list[str], out: list[dict[str, Any]]) -> None:
    start = 0
    for i, ch in enumerate(piece):
        if is_invisible(ch):
            if i > start:
                _append(out, piece[start:i], labels)
            out.append({"text": ch, "control": control_name(ch)})
            start = i + 1
    if start < len(piece):
        _append(out, piece[start:], labels)


def _append(out: list[dict[str, Any]], text: str, labels: list[str]) -> None:
    last = out[-1] if out else None
    if last is not None and "control" not in last and last.get("labels", []) == labels:
        last["text"] += text
    else:
        out.append({"text": text, "labels": labels} if labels else {"text": text})


class Highlighter:
    """Spans for a comment's reasons, cached in Redis so reopening a comment costs nothing."""

    def __init__(self, scorer: SpanSource, client: redis.Redis):
        self.scorer = scorer
        self.client = client

    def key(self, text: str, labels: list[str]) -> str:
        digest = hashlib.sha256("\0".join([text, *labels]).encode("utf-8")).hexdigest()
        return f"{PREFIX}:{self.scorer.version}:{digest}"

    def spans(self, text: str, labels: Iterable[str]) -> dict[str, list[dict[str, Any]]]:
        """The spans of the first SPAN_MAX_CHARS characters for `labels` (none if unknown)."""
        wanted = sorted(set(labels))
        if not wanted:
            return {}
        key = self.key(text, wanted)
        cached = self.client.get(key)
        if cached:
            return json.loads(cached)
        try:
            found = self.scorer.spans(text[:SPAN_MAX_CHARS], wanted)
        except ValueError:  # a label this model does not know: highlight nothing
            return {}
        self.client.set(key, json.dumps(found, separators=(",", ":")), ex=CACHE_TTL_SECONDS)
        return found

    def segments(self, text: str, labels: Iterable[str]) -> list[dict[str, Any]]:
        """The text as segments, highlighted by what drove the labels."""
        return segments(text, self.spans(text, labels))
