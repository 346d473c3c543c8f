"""The numpy tokenizer finds exactly the tokens of the regexes it replaces, and hashes them stably."""

from __future__ import annotations

import re

import numpy as np
import pytest

from models.fast_features import count_pairs
from models.token_hashing import CodedBatch, HashIndex, pair_hashes
from models.text_normalization import normalize, normalize_many

TEXTS = ["", "'", "'' ''", "''abc d'", "don't 'quote' it''s", "a_b c__ d'e' _x_", "ümlaut ñ 日本語 テスト x²",
         "x" * 60, "a", "it's  it's it's", "\U0001F600 smile \U0001D400bc", "tab\tnew\nline", "12 3rd 4.5 a1b2",
         "surrogate \ud800 here"]


def tokens_by_hash(texts: list[str], **words: object) -> list[list[int]]:
    """Return, per text, the hashes the numpy path finds."""
    docs, hashes = CodedBatch(texts).words(**words)
    return [hashes[docs == i].tolist() for i in range(len(texts))]


def reference_hashes(tokens: list[str]) -> list[int]:
    """Hash each token with a plain Horner loop: what span_hashes must equal."""
    out = []
    for token in tokens:
        h = 0
        for char in token:
            h = (h * 1_000_003 + ord(char)) % (1 << 64)
        out.append(h)
    return out


@pytest.mark.parametrize(("pattern", "words"), [(r"\w[\w']*", {}),
                                                (r"(?u)\b\w\w+\b", {"min_length": 2, "apostrophes": False})])
def test_tokens_match_the_regex(pattern: str, words: dict[str, object]) -> None:
    found = tokens_by_hash(TEXTS + ['a\0b c'], **words)
    expected = [reference_hashes(re.findall(pattern, text)) for text in TEXTS + ['a\0b c']]
    assert found == expected


def test_bigrams_pair_neighbours_within_a_text_only() -> None:
    docs, hashes = CodedBatch(["a b c", "d"]).words()
    pair_docs, pairs = pair_hashes(docs, hashes)
    assert pair_docs.tolist() == [0, 0]  # "a b" and "b c"; nothing joins "c" to "d"
    index = HashIndex({"a b": 0, "b c": 1, "c d": 2, "a": 3})
    assert index.lookup(pairs).tolist() == [0, 1]


def test_index_finds_every_entry_and_nothing_else() -> None:
    vocabulary = {f"w{i}": i for i in range(5000)} | {f"w{i} w{i + 1}": 5000 + i for i in range(2000)}
    index = HashIndex(vocabulary)
    texts = [key for key in vocabulary if " " not in key] + ["nope", "w99999"]
    docs, hashes = CodedBatch(texts).words()
    assert index.lookup(hashes).tolist() == list(range(5000)) + [-1, -1]


def test_count_pairs_counts_repeats_per_row() -> None:
    rows, columns, counts = count_pairs(np.array([1, 0, 1, 1, 0]), np.array([7, 3, 7, 2, 3]), width=10)
    assert list(zip(rows.tolist(), columns.tolist(), counts.tolist())) == [(0, 3, 2), (1, 2, 1), (1, 7, 2)]


def test_batched_normalization_equals_one_at_a_time() -> None:
    texts = TEXTS + ["a\0b", "f u c k you", "stuuuupid", "sh1t h4ppens", "F.U.C.K off a a a", "h000t", "f**k", "no\0nul"]
    assert normalize_many(texts) == [normalize(text) for text in texts]


def test_no_word_character_lies_beyond_the_table_scan() -> None:
    from models.text_normalization import WORD_CHARACTERS_END, word_characters

    beyond = "".join(map(chr, range(WORD_CHARACTERS_END, 0x110000)))
    assert re.search(r"\w", beyond) is None
    assert word_characters()[ord("_")] and word_characters()[ord("é")] and not word_characters()[ord("'")]
