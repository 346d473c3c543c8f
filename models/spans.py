"""Find the words that drove a label's score, as character offsets into the original text.

Each word is dropped in turn and the comment rescored (one batch); the words whose absence
lowers the label's probability the most are the span. Function words ("every", "the", "they")
are never a span on their own: dropping one can jolt a sentence embedding, but it is not what a
moderator needs pointed at. A short comment is rescored by the whole model, encoder stage
included; a long one (over SPAN_FULL_CHARS) by the linear stage alone, since one encoder pass
per word would take seconds on the moderators' page. This works for any feature set, and
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
SPAN_FULL_CHARS = 300
FUNCTION_WORDS = frozenset("""
a an the this that these those every each all any some no none both either neither other another
i me my we us our you your he him his she her it its they them their who whom whose which what
and or but nor so yet if then than as of in on at to for from by with about into over under
is am are was were be been being do does did have has had will would shall should can could may
might must not very just also too there here when where why how
""".split())
RELATIVE_DROP = 0.25


def word_ranges(text: str) -> list[tuple[int, int]]:
    """Return [begin, end) ranges in `text` of the content words its normalized form contains."""
    normalized, offsets = normalize_with_offsets(text)
    ranges = []
    for match in WORD.finditer(normalized):
        if match.group().lower() in FUNCTION_WORDS:
            continue
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
    rescore = model.predict_proba if len(text) <= SPAN_FULL_CHARS or not hasattr(model, "linear_proba") \
        else model.linear_proba  # type: ignore[attr-defined]
    probabilities = rescore(variants)
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
