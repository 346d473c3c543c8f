"""How often language detection misreads English, and what it costs per comment.

Two runs, kept apart on purpose:

  --choose   the rule's tuning data: English *training* text (Civil Comments toxic spans, the
             GHC and OLID training splits, seeds/training) and bench/language_samples.tsv
             (non-English comments written for this project). Prints the share of English
             misread and of foreign text caught for a grid of (minimum letters, confidence).
  (default)  the chosen rule (service/scoring/language.py), measured once on the evaluation
             sets: the Wikipedia test sets, SFU CTC, the seed page's comments and
             seeds/demo_comments.jsonl (and, apart from the total, madlibs' synthetic sentences).
             Prints the share of each detected as another language and the cost of one detection.

Run: .venv/bin/python bench/language_bench.py [--choose]   (about 30 s)
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from models import datasets, eval_sets  # noqa: E402
from service.scoring import language  # noqa: E402

SHARED = REPO.parent / "shared"
SAMPLES = REPO / "bench" / "language_samples.tsv"
BUDGET = 0.005  # the ceiling on English misread


def training_english() -> dict[str, list[str]]:
    """English text the rule may be tuned on: training splits only."""
    root = datasets.data_dir(REPO)
    return {"civil_spans": [e.text for e in datasets.civil_spans(root)],
            "ghc_train": [e.text for e in datasets.gab(root)],
            "olid_train": [e.text for e in datasets.olid(root)],
            "seeds_training": [e.text for e in datasets.seeds()]}


def foreign_samples() -> list[tuple[str, str]]:
    """(language, text) pairs from bench/language_samples.tsv."""
    rows = [line.split("\t", 1) for line in SAMPLES.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")]
    return [(code, text) for code, text in rows]


def evaluation_english() -> dict[str, list[str]]:
    """The evaluation sets the issue names; never used to choose the rule."""
    root = datasets.data_dir(REPO)
    found = {"wikipedia": eval_sets.wikipedia(root, False).texts,
             "wikipedia_fuzzed": eval_sets.wikipedia(root, True).texts,
             "madlibs": eval_sets.madlibs(root).texts,
             "sfu": eval_sets.sfu(root).texts}
    page = eval_sets.seed_page_comments(SHARED)
    if page is not None:
        found["seed_page"] = page[1]
    demo = REPO / "seeds" / "demo_comments.jsonl"
    found["demo_comments"] = [json.loads(line)["text"] for line in demo.read_text().splitlines() if line.strip()]
    return found


def choose() -> None:
    """Print the grid the rule was chosen from."""
    english, foreign = training_english(), foreign_samples()
    texts = [t for group in english.values() for t in group if t.strip()]
    identifier = language._identifier()

    def guesses(items: list[str]) -> list[tuple[int, str, float]]:
        out = []
        for text in items:
            words = language._NOT_WORDS.sub(" ", text[:language.MAX_CHARS])
            out.append((sum(c.isalpha() for c in words), *identifier.classify(words)))
        return out

    english_guesses, foreign_guesses = guesses(texts), guesses([t for _, t in foreign])
    print(f"English training texts: {len(texts)}; hand-written non-English: {len(foreign)}")
    print("min_letters confidence  english_misread  foreign_caught")
    for letters in (0, 8, 12, 20):
        for confidence in (0.3, 0.5, 0.7, 0.9):
            def other(guess: tuple[int, str, float]) -> bool:
                count, code, p = guess
                return count >= letters and p >= confidence and code not in language.SUPPORTED
            misread = sum(map(other, english_guesses)) / len(english_guesses)
            caught = sum(map(other, foreign_guesses)) / len(foreign_guesses)
            print(f"{letters:11d} {confidence:10.1f}  {misread:15.4f}  {caught:14.3f}")


def measure() -> None:
    """Print the misread share per evaluation set and the detection cost, with the chosen rule.

    The budget is checked on the comment sets the issue names; madlibs (synthetic four-word
    template sentences, not comments) is reported beside them, not in the total.
    """
    language.load()
    total = misread = 0
    costs: list[float] = []
    print(f"rule: >= {language.MIN_LETTERS} letters, confidence >= {language.MIN_CONFIDENCE}, "
          f"{len(language.CANDIDATES)} candidate languages")
    print(f"{'set':18s} {'texts':>6s} {'misread':>8s} {'share':>7s}  detected as")
    for name, texts in evaluation_english().items():
        found: Counter[str] = Counter()
        for text in texts:
            started = time.perf_counter()
            detection = language.detect(text)
            costs.append(time.perf_counter() - started)
            if not detection.readable:
                found[detection.language] += 1
        wrong = sum(found.values())
        if name != "madlibs":
            total, misread = total + len(texts), misread + wrong
        print(f"{name:18s} {len(texts):6d} {wrong:8d} {wrong / len(texts):7.2%}  {dict(found.most_common(5))}")
    costs.sort()
    share = misread / total
    print(f"{'comments (no madlibs)':18s} {total:6d} {misread:8d} {share:7.2%}  (budget {BUDGET:.1%}: "
          f"{'PASS' if share <= BUDGET else 'FAIL'})")
    print(f"cost per comment: mean {statistics.fmean(costs) * 1e6:.0f} us, "
          f"p99 {costs[int(len(costs) * 0.99)] * 1e6:.0f} us, max {costs[-1] * 1e3:.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--choose", action="store_true", help="the tuning grid on training-side data")
    if parser.parse_args().choose:
        choose()
    else:
        measure()


if __name__ == "__main__":
    main()
