"""Tokens and n-grams of a whole batch of texts as 64-bit hashes, computed with numpy alone.

Looking each word up in a Python dict, and building every character n-gram as a string, cost
more than everything else in scoring a comment. Here a batch is one array of code points: word
tokens are found with a character-class table and cumulative sums, hashed with a polynomial
prefix hash, and matched against a vocabulary through an open-addressing table of its hashes.
The tokens are exactly those of the regular expressions they replace (`\\w[\\w']*` for Parley's
words, `\\b\\w\\w+\\b` for scikit-learn's default), which the tests check against `re`.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from models.text_normalization import code_points, owner_of_positions, word_characters

_BASE = 1_000_003
_P = np.uint64(_BASE)
_P_INVERSE = np.uint64(pow(_BASE, -1, 1 << 64))  # the base is odd, so it has an inverse mod 2**64
_MIX = np.uint64(0x9E3779B97F4A7C15)
_APOSTROPHE = ord("'")


def _compute_powers(size: int) -> tuple[np.ndarray, np.ndarray]:
    one = np.ones(1, dtype=np.uint64)
    forward = np.concatenate([one, np.cumprod(np.full(size - 1, _P, dtype=np.uint64))])
    backward = np.concatenate([one, np.cumprod(np.full(size - 1, _P_INVERSE, dtype=np.uint64))])
    return forward, backward


_SMALL_POWERS = _compute_powers(1 << 16)  # enough for a few comments: 1 MB, made once


def _powers(size: int) -> tuple[np.ndarray, np.ndarray]:
    """Return (base**k, base**-k) mod 2**64 for k < size (two cumulative products: cheap)."""
    if size <= len(_SMALL_POWERS[0]):
        return _SMALL_POWERS[0][:size], _SMALL_POWERS[1][:size]
    return _compute_powers(size)


class CodedBatch:
    """A batch of texts as one code-point array: " text " per text, NUL between texts."""

    def __init__(self, texts: Sequence[str]) -> None:
        self.codes = code_points(" " + " \0 ".join(texts) + " " if texts else "")
        # The text each position belongs to, by length: a NUL inside a text must not shift it.
        self.owner = owner_of_positions(texts, padding=3)[:len(self.codes)]
        self._hashing: tuple[np.ndarray, np.ndarray] | None = None

    def span_hashes(self, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
        """Return the polynomial hash of codes[start:end] for each span, as a Horner loop would.

        With prefix[i] = sum(codes[k] * base**-k for k < i), a span's hash is
        (prefix[end] - prefix[start]) * base**(end - 1), all mod 2**64: no loop over tokens.
        """
        if self._hashing is None:
            forward, backward = _powers(len(self.codes) + 1)
            prefix = np.concatenate([np.zeros(1, dtype=np.uint64), np.cumsum(self.codes * backward[:-1])])
            self._hashing = forward, prefix
        forward, prefix = self._hashing
        return (prefix[ends] - prefix[starts]) * forward[ends - 1]

    def word_spans(self, leading_apostrophes: bool) -> tuple[np.ndarray, np.ndarray]:
        """Return (starts, ends) of tokens: `\\w[\\w']*` when apostrophes count, else runs of `\\w`."""
        word = word_characters()[self.codes]
        if leading_apostrophes:
            # A run of [\w'] holds a token from its first \w character to its end.
            in_run = word | (self.codes == _APOSTROPHE)
            seen = np.cumsum(word)
            run_start = in_run & ~np.concatenate([[False], in_run[:-1]])
            before_run = np.maximum.accumulate(np.where(run_start, seen - word, 0))
            member = in_run & (seen > before_run)
        else:
            member = word
        edges = np.diff(np.concatenate([[False], member, [False]]).astype(np.int8))
        return np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)

    def words(self, min_length: int = 1, apostrophes: bool = True) -> tuple[np.ndarray, np.ndarray]:
        """Return (text index, hash) for every word token, in reading order."""
        starts, ends = self.word_spans(apostrophes)
        if min_length > 1:
            keep = ends - starts >= min_length
            starts, ends = starts[keep], ends[keep]
        return self.owner[starts], self.span_hashes(starts, ends)

    def char_ngrams(self, n_min: int, n_max: int, n_buckets: int) -> tuple[np.ndarray, np.ndarray]:
        """Return (text index, bucket) for every character n-gram that stays inside one text."""
        codes = self.codes.astype(np.uint64)
        breaks = np.concatenate([[0], np.cumsum(self.codes == 0)])
        docs, buckets = [], []
        for n in range(n_min, n_max + 1):
            count = len(codes) - n + 1
            if count <= 0:
                continue
            h = np.full(count, np.uint64(n), dtype=np.uint64)
            for k in range(n):
                h = h * _P + codes[k:k + count]
            valid = breaks[n:n + count] == breaks[:count]  # no separator inside the window
            docs.append(self.owner[:count][valid])
            buckets.append((((h[valid] * _MIX) >> np.uint64(40)) % np.uint64(n_buckets)).astype(np.int64))
        if not docs:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        return np.concatenate(docs), np.concatenate(buckets)


def pair_hashes(docs: np.ndarray, hashes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return (text index, hash) of every two adjacent tokens of the same text (word bigrams)."""
    same = docs[1:] == docs[:-1]
    return docs[1:][same], hashes[:-1][same] * _MIX + hashes[1:][same]


class HashIndex:
    """Map token hashes to vocabulary columns with an open-addressing table held in numpy arrays.

    Binary search over sorted hashes makes ~19 dependent cache misses per token; a table at
    most 40% full finds most tokens in their first slot. The table is laid out by sorting the
    entries by home slot, so building it is one sort, not a probing loop.
    """

    CHUNK = 50_000  # vocabulary entries hashed at a time, to bound the memory of a build

    def __init__(self, vocabulary: dict[str, int]) -> None:
        keys = list(vocabulary)
        hashes = np.concatenate([self._entry_hashes(keys[i:i + self.CHUNK]) for i in range(0, len(keys), self.CHUNK)]
                                or [np.zeros(0, dtype=np.uint64)])
        columns = np.fromiter(vocabulary.values(), dtype=np.int64, count=len(keys))
        self.bits = max(10, int(np.ceil(np.log2(max(len(keys), 1) / 0.4))))
        home = self._home(hashes)
        order = np.argsort(home, kind="stable")
        # Linear probing in home order: each entry takes its home or the slot after the previous one.
        rank = np.arange(len(keys))
        slots = rank + np.maximum.accumulate(home[order] - rank) if len(keys) else rank
        size = max(1 << self.bits, int(slots[-1]) + 2 if len(keys) else 0)  # overflow room, no wrap-around
        self.hashes = np.zeros(size, dtype=np.uint64)
        self.columns = np.full(size, -1, dtype=np.int64)
        self.hashes[slots], self.columns[slots] = hashes[order], columns[order]
        self.max_probe = int(np.max(slots - home[order], initial=0))  # no entry sits further from home

    @staticmethod
    def _entry_hashes(keys: list[str]) -> np.ndarray:
        """Hash vocabulary entries: a token, or two tokens joined by one space (a bigram)."""
        batch = CodedBatch(keys)
        starts, ends = batch.word_spans(leading_apostrophes=True)
        owners = batch.owner[starts]
        per_key = np.bincount(owners, minlength=len(keys))
        spaces = np.bincount(batch.owner[batch.codes == ord(" ")], minlength=len(keys)) - 2  # minus the padding
        if np.any(per_key != spaces + 1) or np.any(per_key > 2) or np.any(per_key == 0):
            raise ValueError("vocabulary entries must be one token or two joined by a space")
        token_hashes = batch.span_hashes(starts, ends)
        first = np.concatenate([[0], np.cumsum(per_key)[:-1]])
        hashes = token_hashes[first].copy()
        bigram = per_key == 2
        hashes[bigram] = token_hashes[first[bigram]] * _MIX + token_hashes[first[bigram] + 1]
        return hashes

    def _home(self, hashes: np.ndarray) -> np.ndarray:
        return ((hashes * _MIX) >> np.uint64(64 - self.bits)).astype(np.int64)

    def lookup(self, hashes: np.ndarray) -> np.ndarray:
        """Return the column of each hash, or -1 where it is not in the vocabulary."""
        found = np.full(len(hashes), -1, dtype=np.int64)
        slots, pending = self._home(hashes), np.arange(len(hashes))
        for _ in range(self.max_probe + 1):
            hit = self.hashes[slots] == hashes[pending]
            found[pending[hit]] = self.columns[slots[hit]]
            # An empty slot ends the probe (the table always ends with one): not there.
            go_on = ~hit & (self.columns[slots] >= 0)
            pending, slots = pending[go_on], slots[go_on] + 1
            if not len(pending):
                break
        return found
