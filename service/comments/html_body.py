"""Read a comment body sent as HTML (Coral Talk's default) as the plain text a reader sees.

Tags are dropped and entities decoded; paragraphs, block elements and <br> become line
breaks; a link keeps its text. Quoted passages (<blockquote>, which Talk's reply-with-quote
writes) are someone else's words: they are set apart so they are shown, marked, but never
scored as the author's. Only the standard library's tolerant parser reads the markup.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

# Elements that end a line where they open or close.
_BLOCKS = frozenset({"address", "article", "aside", "blockquote", "dd", "div", "dl", "dt",
                     "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6",
                     "header", "hr", "li", "ol", "p", "pre", "section", "table", "tr", "ul"})
# Elements whose content is never text a reader sees.
_HIDDEN = frozenset({"script", "style", "template", "head", "title"})
_RUNS = re.compile(r"[ \t\r\n\f]+")


@dataclass(frozen=True)
class ReadBody:
    """The author's own words and, apart, the passages the comment quoted."""

    text: str
    quotes: tuple[str, ...] = ()


class _Reader(HTMLParser):
    """Collect text in two streams: the author's, and the current top-level quote's."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.own: list[str] = []
        self.quotes: list[list[str]] = []
        self.quote_depth = 0
        self.hidden_depth = 0

    def _out(self) -> list[str]:
        return self.quotes[-1] if self.quote_depth else self.own

    def _end_line(self, out: list[str] | None = None) -> None:
        """A block's edge: start a new line unless one was just started."""
        out = self._out() if out is None else out
        if out and not out[-1].endswith("\n"):
            out.append("\n")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HIDDEN:
            self.hidden_depth += 1
        elif tag == "br":
            self._out().append("\n")
        elif tag == "blockquote":
            self._end_line(self.own)
            if self.quote_depth == 0:
                self.quotes.append([])
            else:
                self._end_line()
            self.quote_depth += 1
        elif tag in _BLOCKS:
            self._end_line()

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self._out().append("\n")
        elif tag in _BLOCKS:
            self._end_line()

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN:
            self.hidden_depth = max(0, self.hidden_depth - 1)
        elif tag == "blockquote" and self.quote_depth:
            self.quote_depth -= 1
            self._end_line(self.own if self.quote_depth == 0 else None)
        elif tag in _BLOCKS:
            self._end_line()

    def handle_data(self, data: str) -> None:
        if not self.hidden_depth:
            self._out().append(_RUNS.sub(" ", data))


def read_html(body: str) -> ReadBody:
    """The text of an HTML comment body, with its quoted passages apart."""
    reader = _Reader()
    reader.feed(body)
    reader.close()
    quotes = tuple(q for q in (_lines(parts) for parts in reader.quotes) if q)
    return ReadBody(_lines(reader.own), quotes)


def _lines(parts: list[str]) -> str:
    """Join text pieces: spaces trimmed around line breaks, at most one blank line in a row."""
    lines = [line.strip(" ") for line in "".join(parts).split("\n")]
    text = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", text).strip("\n")
