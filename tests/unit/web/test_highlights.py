"""Highlights become plain-text segments that join back to exactly the comment's text."""

from __future__ import annotations

from service.web.cards import SUGGESTED_REASON, REASONS
from service.web.highlights import control_name, is_invisible, segments
from service.review.decisions import LABELS, ReasonCode


def joined(parts: list[dict]) -> str:
    return "".join(part["text"] for part in parts)


def test_no_spans_is_one_plain_segment():
    assert segments("plain words", {}) == [{"text": "plain words"}]


def test_overlapping_spans_of_two_labels_split_where_they_meet():
    text = "you stupid idiot, really"
    spans = {"insult": [{"begin": 4, "end": 16, "score": 0.5}],
             "toxicity": [{"begin": 11, "end": 16, "score": 0.3}]}
    parts = segments(text, spans)
    assert joined(parts) == text
    assert parts == [{"text": "you "}, {"text": "stupid ", "labels": ["insult"]},
                     {"text": "idiot", "labels": ["insult", "toxicity"]}, {"text": ", really"}]


def test_markup_stays_text_and_spans_out_of_range_are_clipped():
    text = "<script>alert(1)</script>"
    parts = segments(text, {"toxicity": [{"begin": 0, "end": 8, "score": 0.4},
                                         {"begin": 20, "end": 999, "score": 0.1},
                                         {"begin": 5, "end": 5, "score": 0.9}]})
    assert joined(parts) == text
    assert parts[0] == {"text": "<script>", "labels": ["toxicity"]}
    assert parts[-1] == {"text": "ript>", "labels": ["toxicity"]}


def test_bidi_overrides_and_zero_width_characters_become_markers():
    text = "a\u202eb\u200bc"
    parts = segments(text, {})
    assert joined(parts) == text
    assert parts[1] == {"text": "\u202e", "control": "U+202E RIGHT-TO-LEFT OVERRIDE"}
    assert parts[3]["control"].startswith("U+200B")


def test_control_characters_become_markers_and_layout_ones_stay_text():
    text = "a\x00b\x02c\x7fd\x85e\tf\ng\rh"
    parts = segments(text, {})
    assert joined(parts) == text
    assert [p["control"] for p in parts if "control" in p] == [
        "U+0000 NULL", "U+0002 START OF TEXT", "U+007F DELETE", "U+0085 CONTROL CHARACTER"]
    assert parts[-1] == {"text": "e\tf\ng\rh"}


def test_emoji_sequences_are_left_whole():
    family, flag = "👨\u200d👩\u200d👧", "🏴\U000e0067\U000e0062\U000e0065\U000e006e\U000e0067\U000e007f"
    assert segments(family + flag, {}) == [{"text": family + flag}]
    assert not is_invisible("\u200d") and is_invisible("\u2066")
    assert control_name("\u2066").startswith("U+2066 LEFT-TO-RIGHT ISOLATE")


def test_every_label_suggests_a_real_reason_and_the_picker_lists_every_reason():
    assert set(SUGGESTED_REASON) == set(LABELS)
    assert set(SUGGESTED_REASON.values()) <= {code.value for code in ReasonCode}
    assert [code for code, _ in REASONS] == [code.value for code in ReasonCode]
