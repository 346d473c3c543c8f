"""Each kind of cheap obfuscation is undone, and offsets lead back to the original text."""

from __future__ import annotations

import re

import pytest

from models.text_normalization import normalize, normalize_with_offsets, original_span


@pytest.mark.parametrize(("raw", "expected"), [
    ("sh1t h4ppens", "shit happens"),                  # l33t
    ("you are an @ss and a$$hole", "you are an ass and asshole"),
    ("stuuuuupid", "stupid"),                          # repeated letters
    ("f u c k you", "fuck you"),                       # spaced letters
    ("F.U.C.K off", "fuck off"),                       # dotted letters
    ("s-h-i-t", "shit"),
    ("fυck yоu", "fuck you"),                          # Greek upsilon, Cyrillic o
    ("ｆｕｃｋ", "fuck"),                                # full-width forms
    ("fu\u200bck\u200d", "fuck"),                      # zero-width characters
    ("f*ck", "fuck"), ("f**k", "fuck"), ("sh*t", "shit"), ("b*tch", "bitch"),  # masked swears
    ("Héllo   WORLD", "hello world"),                  # accents, case, whitespace
])
def test_obfuscation_is_undone(raw: str, expected: str) -> None:
    assert normalize(raw) == expected


@pytest.mark.parametrize("clean", ["In 2017 the U.S. spent $5 billion", "F-16 jets and covid19 tests",
                                   "She finished 1st at 10am", "Good!"])
def test_ordinary_text_survives(clean: str) -> None:
    assert normalize(clean) == " ".join(clean.lower().split())


@pytest.mark.parametrize("raw", ["you are a  f u c k i n g   moron", "sh1t\u200b happens", "ｆｕｃｋ off",
                                 "stuuupid a$$hole!", "  lead and trail  ", "F.U.C.K you"])
def test_offsets_agree_with_normalize(raw: str) -> None:
    normalized, offsets = normalize_with_offsets(raw)
    assert normalized == normalize(raw)
    assert len(offsets) == len(normalized)
    assert all(0 <= o < len(raw) for o in offsets)
    assert offsets == sorted(offsets)


def test_offsets_map_words_back_to_the_original() -> None:
    raw = "you are a  f u c k i n g   moron, a$$hole"
    normalized, offsets = normalize_with_offsets(raw)
    words = {m.group(): raw[slice(*original_span(offsets, *m.span()))] for m in re.finditer(r"\w+", normalized)}
    assert words["fucking"] == "f u c k i n g"
    assert words["moron"] == "moron"
    assert words["asshole"] == "a$$hole"


@pytest.mark.parametrize("raw,spaced", [
    ("you\x02idiot", "you idiot"),
    ("nul\x00here", "nul here"),
    ("del\x7fand\x9bc1", "del and c1"),
    ("\x01\x02kill\x03them\x04", "kill them"),
])
def test_control_characters_read_as_spaces(raw: str, spaced: str) -> None:
    assert normalize(raw) == normalize(spaced) == spaced
    text, offsets = normalize_with_offsets(raw)
    assert text == spaced
    assert all(raw[o] == ch for o, ch in zip(offsets, text) if ch != " ")  # letters map back


def test_tabs_and_newlines_are_not_treated_as_stray_controls() -> None:
    # A newline is not one of _SPACED's separators, so letters on their own lines stay apart.
    assert normalize("a\nb\nc") == "a b c"
    assert normalize("line one\n\nline two\tend") == "line one line two end"
