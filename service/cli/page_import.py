"""Split a saved article page into its reader comments.

The format: article text (with any editor's notes and bios), then the reader comments as a
numbered list at the end ("1. ...", "2. ..."), each possibly running over several lines or
paragraphs. Only that final run of numbers 1..N counts as comments, so numbered lists inside
the article are left alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_ITEM = re.compile(r"^\s*(\d{1,4})[.)]\s+(\S.*)$")


@dataclass(frozen=True)
class PageComment:
    """One reader comment: its number on the page and its text."""

    number: int
    text: str


def split_comments(page: str) -> list[PageComment]:
    """The reader comments of a page, in order; [] when the page has no numbered list."""
    lines = page.splitlines()
    starts = [(i, int(m.group(1))) for i, line in enumerate(lines) if (m := _ITEM.match(line))]
    first = _start_of_final_run(starts)
    if first is None:
        return []
    run = [(i, n) for i, n in starts if i >= first]
    comments = []
    for position, (line_no, number) in enumerate(run):
        end = run[position + 1][0] if position + 1 < len(run) else len(lines)
        body = [_ITEM.match(lines[line_no]).group(2)] + [line.strip() for line in lines[line_no + 1:end]]  # type: ignore[union-attr]
        text = re.sub(r"\n{3,}", "\n\n", "\n".join(body)).strip()
        comments.append(PageComment(number, text))
    return comments


def _start_of_final_run(starts: list[tuple[int, int]]) -> int | None:
    """Line index of the '1.' that begins the last consecutive 1..N run reaching the end."""
    for k in range(len(starts) - 1, -1, -1):
        if starts[k][1] == 1:
            numbers = [n for _, n in starts[k:]]
            if numbers == list(range(1, len(numbers) + 1)):
                return starts[k][0]
    return None
