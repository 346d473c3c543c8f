"""Identity blinding: every listed term, and nothing else, becomes the placeholder."""

from __future__ import annotations

import pytest

from models.features import normalize_all, normalize_blinded
from models.identity_terms import GROUP_TERMS, PERSON_ADJECTIVES, PLACEHOLDER, blind


@pytest.mark.parametrize("term", GROUP_TERMS)
def test_each_group_term_is_blinded_whole(term: str) -> None:
    assert blind(f"the {term} view") == f"the {PLACEHOLDER} view"
    assert f"{PLACEHOLDER}x" not in blind(f"{term}x")  # a longer word is not the term


@pytest.mark.parametrize("word", PERSON_ADJECTIVES)
def test_ambiguous_words_are_blinded_only_before_people(word: str) -> None:
    assert blind(f"{word} people are here") == f"{PLACEHOLDER} people are here"
    assert blind(f"an {word} man") == f"an {PLACEHOLDER} man"
    assert blind(f"the {word} house") == f"the {word} house"
    assert blind(f"{word} peoples") == f"{word} peoples"


def test_longest_term_wins() -> None:
    assert blind("african american voters") == f"{PLACEHOLDER} voters"
    assert blind("middle eastern food") == f"{PLACEHOLDER} food"
    assert blind("older women") == f"{PLACEHOLDER} women"


@pytest.mark.parametrize("text", ["the olden days", "the whitest wall", "scunthorpe", "jew jets", "men and women",
                                  "turn a blind eye", "a straight answer"])
def test_other_words_are_left_alone(text: str) -> None:
    assert blind(text) == text


def test_possessives_and_punctuation_keep_their_place() -> None:
    assert blind("muslims' rights, gays; jews!") == f"{PLACEHOLDER}' rights, {PLACEHOLDER}; {PLACEHOLDER}!"
    assert blind("the muslim's view") == f"the {PLACEHOLDER}'s view"


def test_blinding_runs_after_normalization() -> None:
    # Case, homoglyphs and spaced letters are undone first, so obfuscated identity terms blind too.
    texts = ["MUSLIMS are here", "g a y pride", "мuslim food"]
    assert normalize_blinded(texts) == [f"{PLACEHOLDER} are here", f"{PLACEHOLDER} pride", f"{PLACEHOLDER} food"]
    assert normalize_all(texts) == ["muslims are here", "gay pride", "muslim food"]  # what older bundles see
