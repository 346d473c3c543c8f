"""Word-list entries and matching: the classifier's normalization, whole words, phrases."""

import pytest

from models.text_normalization import normalize
from service.scoring.word_lists import (BANNED, SUSPECT, Matcher, WordListError, WordMatch, entry_key,
                                        entry_spans, reasons_for)


def matcher(banned=(), suspect=()) -> Matcher:
    return Matcher({BANNED: {entry_key(e): e for e in banned}, SUSPECT: {entry_key(e): e for e in suspect}})


@pytest.mark.parametrize("typed", ["glorbnik", "GLORBNIK", "g.l.0.r.b.n.i.k", "g l o r b n i k", "Glörbnik",
                                   "gl0rbn1k", "glorrrbnik"])
def test_spellings_of_an_entry_are_one_entry(typed):
    assert entry_key(typed) == "glorbnik"


def test_an_entry_is_stored_the_way_the_classifier_sees_it():
    for typed in ("Shoot  every   SOLDIER", "sh00t every soldier!"):
        assert entry_key(typed) == " ".join(normalize(typed).replace("!", "").split())
    assert entry_key("o'reilly") == "o reilly"


@pytest.mark.parametrize("bad", ["", "   ", "...", "x" * 101, "one two three four five six"])
def test_unusable_entries_are_refused(bad):
    with pytest.raises(WordListError):
        entry_key(bad)


@pytest.mark.parametrize("text", ["Go g.l.0.r.b.n.i.k yourself", "GLORBNIK!", "you glorbnik, you",
                                  "what the g l o r b n i k", "Glörbnik."])
def test_obfuscated_words_match_their_entry(text):
    assert matcher(banned=["glorbnik"]).find(text) == (WordMatch(BANNED, "glorbnik"),)


@pytest.mark.parametrize("text", ["glorbniks everywhere", "theglorbnik", "glorb nik", "a clean comment"])
def test_only_whole_words_match(text):
    assert matcher(banned=["glorbnik"]).find(text) == ()


def test_phrases_match_their_words_in_a_row():
    found = matcher(suspect=["shoot every soldier"])
    assert found.find("They should SHOOT every  soldier at the base") == (WordMatch(SUSPECT, "shoot every soldier"),)
    assert found.find("shoot every other soldier") == ()
    assert found.find("every soldier should shoot") == ()
    assert found.find("shoot every soldiers") == ()


def test_every_entry_found_is_reported_once_banned_first():
    lists = matcher(banned=["zorp"], suspect=["glorbnik", "big wet", "zorp"])
    assert lists.find("glorbnik zorp big wet glorbnik zorp") == (
        WordMatch(BANNED, "zorp"), WordMatch(SUSPECT, "big wet"), WordMatch(SUSPECT, "glorbnik"))
    assert reasons_for(lists.find("zorp glorbnik")) == ("banned_word", "suspect_word")
    assert lists.size == 3  # zorp counts once: banned wins


def test_spans_point_at_the_text_as_written():
    text = "Well, g.l.0.r.b.n.i.k to you and SHOOT every soldier."
    spans = entry_spans(text, ["glorbnik", "shoot every soldier", "absent"])
    assert [text[b:e] for b, e in spans] == ["g.l.0.r.b.n.i.k", "SHOOT every soldier"]
    assert entry_spans(text, ["   "]) == []
