"""Find the words that drove a label's score, as character offsets into the original text.

Each word is dropped in turn and the comment rescored (one batch); the words whose absence
lowers the label's probability the most are the span. This works for any feature set, and
because words are found in normalized text and mapped back through the offset map, an
obfuscated "f u c k" is reported as the whole obfuscated stretch the reader typed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from models.text_normalization import normalize_with_offsets, original_span

WORD = re.compile(r"\w[\w']*")
MAX_WORDS = 300
MIN_DROP = 0.02
RELATIVE_DROP = 0.25


def word_ranges(text: str) -> list[tuple[int, int]]:
    """Return [begin, end) ranges in `text` of the words its normalized form contains."""
    normalized, offsets = normalize_with_offsets(text)
    ranges = []
    for match in WORD.finditer(normalized):
        begin, end = original_span(offsets, *match.span())
        if ranges and begin < ranges[-1][1]:
            continue
        ranges.append((begin, end))
    return ranges[:MAX_WORDS]


def _merge(text: str, picked: list[tuple[int, int, float]]) -> list[dict[str, float | int]]:
    merged: list[dict[str, float | int]] = []
    for begin, end, score in picked:
        if merged and not text[int(merged[-1]["end"]):begin].strip(" ,.-'\""):
            merged[-1]["end"] = end
            merged[-1]["score"] = max(float(merged[-1]["score"]), score)
        else:
            merged.append({"begin": begin, "end": end, "score": score})
    return merged


def find_spans(model: object, text: str, label_indexes: Sequence[int]) -> list[list[dict[str, float | int]]]:
    """Return, per requested label index, the merged spans of `text` that drove its score."""
    ranges = word_ranges(text)
    if not ranges:
        return [[] for _ in label_indexes]
    variants = [text] + [text[:begin] + " " + text[end:] for begin, end in ranges]
    probabilities = model.predict_proba(variants)  # type: ignore[attr-defined]
    result = []
    for index in label_indexes:
        drops = probabilities[0, index] - probabilities[1:, index]
        top = float(drops.max())
        if top < MIN_DROP:
            result.append([])
            continue
        keep = np.nonzero(drops >= max(MIN_DROP, RELATIVE_DROP * top))[0]
        picked = [(ranges[i][0], ranges[i][1], round(float(drops[i]), 4)) for i in keep]
        result.append(_merge(text, picked))
    return result
