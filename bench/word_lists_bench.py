"""Benchmark the word lists: what matching adds per comment, with no lists and with 5,000 entries.

Run: `.venv/bin/python bench/word_lists_bench.py [--entries 5000] [--comments 2000]`.
The comments are the project's seeds/training texts plus, when ../shared is present, the SFU
news comments. The list mixes single words and 2-3 word phrases: 70% single words (one in 50
of them a word that occurs in the comments, so matches happen), 30% phrases whose first word is a
common word of the comments (the slow path: each occurrence walks its phrases). The lists
live in an embedded Redis and reach the matcher the way a worker gets them (LiveWordLists);
beside them, the same comments' scoring time with the shipped model.
"""

from __future__ import annotations

import argparse
import collections
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.scoring_bench import comments as corpus, cpu_model  # noqa: E402
from models.scorer import Scorer  # noqa: E402
from models.text_normalization import normalize  # noqa: E402
from service.redis_server import RedisServer  # noqa: E402
from service.scoring.live_word_lists import LiveWordLists  # noqa: E402
from service.scoring.word_list_store import WordListStore  # noqa: E402
from service.scoring.word_lists import words_of  # noqa: E402


def news_comments() -> list[str]:
    """The SFU opinion-article comments (real news comments, long ones included), if present."""
    from models.datasets import data_dir
    from models.eval_sets import sfu

    root = data_dir(REPO)
    return list(sfu(root).texts) if root.is_dir() else []


def make_entries(texts: list[str], n: int, rng: random.Random) -> list[str]:
    """n distinct entries: pseudo-words, real words of the comments, and phrases."""
    counts = collections.Counter(word for text in texts for word in words_of(normalize(text)) if word.isalpha())
    common = [w for w, _ in counts.most_common(200)]
    middling = [w for w, c in counts.items() if 3 <= c <= 50 and len(w) > 3]
    letters = "abcdefghijklmnopqrstuvwxyz"
    entries: set[str] = set()
    while len(entries) < int(n * 0.7):
        if rng.random() < 0.02 and middling:
            entries.add(rng.choice(middling))
        else:
            entries.add("".join(rng.choice(letters) for _ in range(rng.randint(5, 10))))
    while len(entries) < n:
        words = [rng.choice(common)] + [rng.choice(middling or common) for _ in range(rng.randint(1, 2))]
        entries.add(" ".join(words))
    return sorted(entries)


def per_comment_us(live: LiveWordLists, site: str, texts: list[str], rounds: int) -> list[float]:
    """Microseconds per comment, one timing per comment (best of `rounds`)."""
    out = []
    for text in texts:
        best = float("inf")
        for _ in range(rounds):
            start = time.perf_counter()
            live.matches(site, text)
            best = min(best, time.perf_counter() - start)
        out.append(best * 1e6)
    return out


def summary(values: list[float]) -> str:
    ordered = sorted(values)
    p99 = ordered[int(0.99 * (len(ordered) - 1))]
    return f"mean {statistics.fmean(values):.1f} µs, median {statistics.median(values):.1f} µs, p99 {p99:.1f} µs"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=5000)
    parser.add_argument("--comments", type=int, default=2000)
    parser.add_argument("--scored", type=int, default=300, help="comments scored one by one for comparison")
    args = parser.parse_args()
    rng = random.Random(17)
    texts = corpus()[:args.comments]
    entries = make_entries(texts, args.entries, rng)
    phrases = sum(" " in e for e in entries)
    with tempfile.TemporaryDirectory() as tmp:
        server = RedisServer(Path(tmp) / "redis", fsync="everysec").start()
        try:
            store = WordListStore(__import__("redis").Redis.from_url(server.url, decode_responses=True))
            start = time.perf_counter()
            half = len(entries) // 2
            store.add("big", "banned", entries[:half], actor="bench")
            store.add("big", "suspect", entries[half:], actor="bench")
            add_s = time.perf_counter() - start
            live = LiveWordLists(store, check_seconds=3600)
            start = time.perf_counter()
            live.refresh_if_due()  # a worker's first read: versions, both lists, compile
            load_s = time.perf_counter() - start
            none = per_comment_us(live, "no-lists", texts, rounds=3)
            big = per_comment_us(live, "big", texts, rounds=3)
            matched = sum(bool(live.matches("big", t)) for t in texts)
            news = news_comments()
            big_news = per_comment_us(live, "big", news, rounds=3) if news else []
        finally:
            server.stop()
    scorer = Scorer.load(REPO / "models" / "artifacts" / "parley-model.joblib")
    scorer.score(texts[:20])  # warm
    scoring = []
    for text in texts[:args.scored]:
        start = time.perf_counter()
        scorer.score_one(text)
        scoring.append((time.perf_counter() - start) * 1e6)
    chars = statistics.median(len(t) for t in texts)
    print(f"machine: {cpu_model()}; {len(texts)} comments (median {chars:.0f} characters); "
          f"{len(entries)} entries ({phrases} phrases of 2-3 words)")
    print(f"add {len(entries)} entries (two calls): {add_s * 1000:.0f} ms; a worker's load + compile: {load_s * 1000:.0f} ms")
    print(f"site without lists: {summary(none)}")
    print(f"site with {len(entries)} entries: {summary(big)}; {matched} of {len(texts)} comments matched")
    print(f"scoring one comment (score_one, {len(scoring)} comments): {summary(scoring)}")
    if news:
        print(f"SFU news comments only ({len(news)}, median {statistics.median(len(t) for t in news):.0f} "
              f"characters), {len(entries)} entries: {summary(big_news)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
