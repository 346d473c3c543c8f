"""Undo cheap obfuscation so "f.u.c.k", "sh1t" and "ｆｕｃｋ" look like the words they hide.

The same `normalize` runs inside the model pipeline at training and at serving time, so the
classifier only ever sees normalized text. `normalize_with_offsets` applies the very same steps
while tracking, for every normalized character, the original character it came from: spans
found in normalized text are reported against the text the reader wrote.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable, Sequence

import numpy as np

# Letters that look alike across scripts; NFKD does not fold these into Latin.
_HOMOGLYPHS = {
    "а": "a", "в": "b", "е": "e", "ё": "e", "к": "k", "м": "m", "н": "h", "о": "o", "р": "p",
    "с": "c", "т": "t", "у": "y", "х": "x", "і": "i", "ї": "i", "ј": "j", "ѕ": "s", "ԁ": "d",
    "ɡ": "g", "ο": "o", "α": "a", "β": "b", "ε": "e", "ι": "i", "κ": "k", "ν": "v", "ρ": "p",
    "τ": "t", "υ": "u", "χ": "x", "ς": "s", "σ": "s", "η": "n", "μ": "u", "ω": "w", "ß": "ss",
    "ø": "o", "đ": "d", "ł": "l", "ı": "i", "æ": "ae", "œ": "oe", "ſ": "s", "€": "e", "£": "l",
}
_INVISIBLE = "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b\u200c\u200d\u200e\u200f" \
    "\u202a\u202b\u202c\u202d\u202e\u2060\u2061\u2062\u2063\u2064\ufeff"
# C0, DEL and C1 control characters other than whitespace (tabs and newlines stay as they are).
_CONTROLS = tuple(code for code in (*range(0x20), 0x7F, *range(0x80, 0xA0)) if not chr(code).isspace())
_LEET = {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "8": "b", "9": "g",
         "@": "a", "$": "s", "!": "i", "|": "l", "€": "e", "+": "t"}
# Swear words and slurs people mask with symbols; a masked token is matched against these.
_MASKABLE = (
    "fuck", "fucking", "fucker", "fucked", "motherfucker", "shit", "shitty", "bullshit", "bitch",
    "bitches", "cunt", "cunts", "dick", "cock", "pussy", "asshole", "ass", "bastard", "damn",
    "whore", "slut", "fag", "faggot", "nigger", "nigga", "retard", "retarded", "twat", "wanker",
    "crap", "piss", "dumbass", "jackass", "kike", "spic", "chink", "tranny", "hell",
)
_MASK_CHARS = "*#%"

_SPACED = re.compile(r"(?<!\w)(?:\w[ .\-_*]){2,}\w(?!\w)")
_LEET_TOKEN = re.compile(r"[\w@$!|+€]*[0-9@$!|+€][\w@$!|+€]*")
# Numbers with units or ordinals ("1st", "10k", "f16", "covid19") are not l33t.
_NUMERIC = re.compile(r"\d+[a-z]{0,2}|[a-z]+\d+|\d+(?:am|pm|px|kg|km|mm|cm|th|st|nd|rd|s)")
_MASKED = re.compile(r"(?<![\w*#%])[a-z]+[*#%]+[a-z*#%]*(?![\w*#%])|(?<![\w*#%])[*#%]+[a-z]+\b")
_REPEATS = re.compile(r"([a-z])\1{2,}")
_SPACES = re.compile(r"\s+")

Substitution = Callable[[re.Match[str]], str]


@functools.lru_cache(maxsize=1)
def _char_table() -> dict[int, str | None]:
    """Build the per-character folding table once, on first use (never at import)."""
    table: dict[int, str | None] = {}
    for code in list(range(0x80, 0x3000)) + list(range(0xFF00, 0xFFF0)) + list(range(0x1D400, 0x1D800)):
        char = chr(code)
        folded = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
        if folded != char and folded.isascii():
            table[code] = folded
    for src, dst in _HOMOGLYPHS.items():
        table[ord(src)] = dst
        if len(src.upper()) == 1:
            table[ord(src.upper())] = dst
    for char in _INVISIBLE:
        table[ord(char)] = None
    for code in _CONTROLS:  # a stray control byte separates words as a space would
        table[code] = " "
    return table


def _fold(text: str) -> str:
    return text.translate(_char_table()).lower()


def _join_spaced(match: re.Match[str]) -> str:
    return re.sub(r"[ .\-_*]", "", match.group())


def _unleet(match: re.Match[str]) -> str:
    token = match.group()
    if token.isalpha() or not any(c.isalpha() for c in token) or _NUMERIC.fullmatch(token):
        return token
    # Only tokens mixing letters with look-alike symbols are rewritten: "2017" and "$5" stay.
    body = token.rstrip("!")
    return "".join(_LEET.get(c, c) for c in body) + token[len(body):]


@functools.lru_cache(maxsize=4096)
def _unmask_word(token: str) -> str:
    for word in _MASKABLE:
        if len(word) == len(token) and all(t == w or t in _MASK_CHARS for t, w in zip(token, word)):
            return word
    first, last = token[0], token[-1]
    for word in _MASKABLE:  # "f**k" style runs of any length keep at least the first letter
        if word[0] == first and (last in _MASK_CHARS or word[-1] == last) and len(word) >= len(token) - 1:
            visible = [c for c in token if c not in _MASK_CHARS]
            if visible and all(c in word for c in visible):
                return word
    return token


def _unmask(match: re.Match[str]) -> str:
    return _unmask_word(match.group())


# Each step: a pattern, its replacement (a template or a function), and the characters that
# must occur for the step to matter (a cheap test that skips most clean comments).
_STEPS: tuple[tuple[re.Pattern[str], str | Substitution, str], ...] = (
    (_SPACED, _join_spaced, " .-_*"),
    (_MASKED, _unmask, "*#%"),
    (_LEET_TOKEN, _unleet, "0123456789@$!|+€"),
    (_REPEATS, r"\1", ""),
)


@functools.lru_cache(maxsize=16)
def _trigger(triggers: str) -> re.Pattern[str]:
    return re.compile("[" + re.escape(triggers) + "]")


def _applies(text: str, triggers: str) -> bool:
    return not triggers or _trigger(triggers).search(text) is not None


def _undo_obfuscation(folded: str, skip: frozenset[re.Pattern[str]] = frozenset()) -> str:
    text = folded
    for pattern, replacement, triggers in _STEPS:
        if pattern in skip and text is folded:  # only known not to match while nothing changed
            continue
        if _applies(text, triggers):
            text = pattern.sub(replacement, text)
    return " ".join(text.split())  # what _SPACES + strip do in normalize_with_offsets, faster


def normalize(text: str) -> str:
    """Return `text` folded to lowercase Latin with cheap obfuscation undone."""
    return _undo_obfuscation(_fold(text))


# Unicode assigns no letter or digit at or above U+40000 (planes 4-16 hold tags, variation
# selectors and private use); a test checks this against the running Python's `re`.
WORD_CHARACTERS_END = 0x40000


@functools.cache
def word_characters() -> np.ndarray:
    """Return a table over every code point: True where `re`'s `\\w` matches it."""
    candidates = "".join(map(chr, range(WORD_CHARACTERS_END)))
    table = np.zeros(0x110000, dtype=bool)
    table[code_points("".join(re.findall(r"\w", candidates)))] = True
    return table


def code_points(text: str) -> np.ndarray:
    """Return the code points of `text` as uint32 (lone surrogates included)."""
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)


def owner_of_positions(texts: Sequence[str], padding: int) -> np.ndarray:
    """Return, for each position of the texts joined with `padding` characters each, its text's index."""
    return np.repeat(np.arange(len(texts)), [len(text) + padding for text in texts])


_SPACED_GAP = np.zeros(128, dtype=bool)
_SPACED_GAP[code_points(" .-_*")] = True  # the separators _SPACED allows between letters
_BATCH_MIN = 8  # below this, numpy's per-call cost outweighs the regexes it saves
_LOWER_A, _LOWER_Z = ord("a"), ord("z")
# (may _SPACED match, may _REPEATS match) -> the steps a text can skip
_SKIPS = {(False, False): frozenset([_SPACED, _REPEATS]), (False, True): frozenset([_SPACED]),
          (True, False): frozenset([_REPEATS]), (True, True): frozenset()}


def normalize_many(texts: Sequence[str]) -> list[str]:
    """Return `[normalize(t) for t in texts]`, skipping the regexes a batch-wide test rules out.

    Nearly every comment has a space (which lets `_SPACED` run) and nearly none hides a word
    in spaced letters or repeats a letter three times; numpy finds, for the whole batch at
    once, the texts where those two patterns cannot match, which halves the cost.
    """
    if len(texts) < _BATCH_MIN:
        return [normalize(text) for text in texts]
    folded = [_fold(text) for text in texts]
    codes = code_points("\0".join(folded))
    owner = owner_of_positions(folded, padding=1)[:len(codes)]
    word = word_characters()[codes]
    gap = _SPACED_GAP[np.minimum(codes, 127)]
    after_boundary = ~np.concatenate([[False], word[:-1]])
    # _SPACED needs a non-word boundary, then \w gap \w gap \w; _REPEATS needs a letter thrice.
    spaced = after_boundary[:-4] & word[:-4] & gap[1:-3] & word[2:-2] & gap[3:-1] & word[4:]
    letter = (codes >= _LOWER_A) & (codes <= _LOWER_Z)
    tripled = letter[:-2] & (codes[:-2] == codes[1:-1]) & (codes[1:-1] == codes[2:])
    may_space = np.zeros(len(folded), dtype=bool)
    may_repeat = np.zeros(len(folded), dtype=bool)
    may_space[owner[:-4][spaced]] = True
    may_repeat[owner[:-2][tripled]] = True
    return [_undo_obfuscation(text, _SKIPS[bool(s), bool(r)]) for text, s, r in zip(folded, may_space, may_repeat)]


def _tracked_sub(pattern: re.Pattern[str], replacement: str | Substitution, text: str,
                 offsets: list[int]) -> tuple[str, list[int]]:
    """Do `pattern.sub(substitute, text)` and carry each output character's source offset."""
    parts: list[str] = []
    new_offsets: list[int] = []
    last = 0
    for match in pattern.finditer(text):
        start, end = match.span()
        parts.append(text[last:start])
        new_offsets.extend(offsets[last:start])
        new = match.expand(replacement) if isinstance(replacement, str) else replacement(match)
        parts.append(new)
        if len(new) == end - start:
            new_offsets.extend(offsets[start:end])
        else:
            # Kept characters are found left to right in the match; others take the match start.
            source = [offsets[i] for i in range(start, end)]
            chars = text[start:end]
            cursor = 0
            for char in new:
                found = chars.find(char, cursor)
                if found >= 0:
                    new_offsets.append(source[found])
                    cursor = found + 1
                else:
                    new_offsets.append(source[min(cursor, len(source) - 1)] if source else offsets[start])
        last = end
    parts.append(text[last:])
    new_offsets.extend(offsets[last:])
    return "".join(parts), new_offsets


def normalize_with_offsets(text: str) -> tuple[str, list[int]]:
    """Return `normalize(text)` and, per normalized character, its offset in `text`."""
    chars: list[str] = []
    offsets: list[int] = []
    for index, char in enumerate(text):
        folded = _fold(char)
        chars.append(folded)
        offsets.extend([index] * len(folded))
    folded_text = "".join(chars)
    for pattern, replacement, triggers in _STEPS:
        if _applies(folded_text, triggers):
            folded_text, offsets = _tracked_sub(pattern, replacement, folded_text, offsets)
    folded_text, offsets = _tracked_sub(_SPACES, " ", folded_text, offsets)
    stripped = folded_text.lstrip()
    lead = len(folded_text) - len(stripped)
    stripped = stripped.rstrip()
    return stripped, offsets[lead:lead + len(stripped)]


def original_span(offsets: list[int], begin: int, end: int) -> tuple[int, int]:
    """Map the normalized range [begin, end) to the [begin, end) range of the original text."""
    if begin >= end:
        return 0, 0
    return offsets[begin], offsets[end - 1] + 1
