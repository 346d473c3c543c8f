"""Benchmark `parley retrain`: wall time per phase and peak memory with N site labels.

Starts its own redis-server, writes N synthetic site labels (moderator approvals and rejections
with reasons, plus imports) through the LabelStore, then runs the real retrain (public data
from the classifier's builder, full features unless told otherwise, the full evaluation suite
for current and candidate) into a scratch registry whose default is the shipped model.
Prints the figures; it is not a test.

    PARLEY_DATA_DIR=/work/shared/data .venv/bin/python bench/retrain_bench.py --site-labels 10000
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import redis  # noqa: E402

from models.corpus import build_corpus  # noqa: E402
from models.datasets import data_dir  # noqa: E402
from models.eval_sets import banned_texts  # noqa: E402
from service.learning.retrain import RetrainOptions, retrain, subset  # noqa: E402
from service.config import DEFAULT_MODEL_PATH, REPO_ROOT  # noqa: E402
from service.learning.label_store import LabelStore  # noqa: E402
from service.learning.registry import ModelRegistry  # noqa: E402
from service.redis_server import RedisServer  # noqa: E402
from models.scorer import Scorer  # noqa: E402

TOPICS = ["the council vote", "the new tram line", "the hospital budget", "the school closures", "the harbour plan",
          "the election debate", "the housing report", "the water bill", "the bridge repairs", "the festival"]
OPINIONS = ["is long overdue", "will cost far too much", "was handled badly", "makes a lot of sense",
            "needs a proper debate", "is the best news this year", "ignores the north side"]
CODED = ["glorpnik", "snarfwit", "blatherskull"]
REASONS = ["abusive", "offensive", "hate_speech", "threat", "spam"]


def site_label(rng: random.Random, n: int) -> dict:
    """One synthetic site label: a decision on a comment, or an imported row."""
    text = f"{rng.choice(TOPICS)} {rng.choice(OPINIONS)}"
    if rng.random() < 0.3:
        text = f"{rng.choice(['you', 'what a', 'typical'])} {rng.choice(CODED)}, {text}"
        reason = "abusive"
    else:
        reason = rng.choice(REASONS) if rng.random() < 0.1 else ""
    text = f"{text} ({n})"
    if rng.random() < 0.2:
        return {"text": text, "labels": {"toxicity": float(bool(reason)), "insult": float(reason == "abusive")},
                "source": "import"}
    decision = "reject" if reason else "approve"
    return {"text": text, "labels": {}, "source": "moderator", "decision": decision, "reason": reason,
            "comment_id": f"bench-{n}", "version": 1,
            "scores": {"toxicity": rng.random(), "insult": rng.random()}}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--site-labels", type=int, default=10_000)
    parser.add_argument("--public-limit", type=int, default=0, help="0: the whole public training set")
    parser.add_argument("--features", choices=("full", "small", "tiny"), default="full")
    parser.add_argument("--no-eval", action="store_true", help="skip the public evaluation suite")
    parser.add_argument("--keep", type=Path, default=None, help="copy the candidate's report folder here")
    args = parser.parse_args()

    root = data_dir(REPO_ROOT)
    with tempfile.TemporaryDirectory(prefix="retrain-bench-") as scratch:
        server = RedisServer(Path(scratch) / "redis", fsync="everysec").start()
        try:
            client = redis.Redis.from_url(server.url, decode_responses=True)
            store, rng = LabelStore(client), random.Random(11)
            t0 = time.monotonic()
            pipe = client.pipeline(transaction=False)
            for n in range(args.site_labels):
                row = site_label(rng, n)
                store.add(site="bench", pipe=pipe, **row)
                if n % 1000 == 999:
                    pipe.execute()
            pipe.execute()
            write_s = time.monotonic() - t0
            marks: list[tuple[str, float]] = []
            start = time.monotonic()

            def say(message: str) -> None:
                marks.append((message, time.monotonic() - start))
                print(f"[{time.monotonic() - start:7.1f}s] {message}", flush=True)

            banned = banned_texts(root)
            public = subset(build_corpus(root, banned=banned, progress=say), args.public_limit)
            corpus_s = time.monotonic() - start
            registry = ModelRegistry(client, Path(scratch) / "models", DEFAULT_MODEL_PATH)
            current = Scorer.load(DEFAULT_MODEL_PATH)
            result = retrain(store.iter("bench"), public, registry, current,
                             RetrainOptions(site="bench", features=args.features, promote=False),
                             eval_root=None if args.no_eval else root, banned=banned, say=say)
            total_s = time.monotonic() - start
            if args.keep is not None:
                import shutil

                shutil.copytree(result.report_path.parent, args.keep / result.version,
                                ignore=shutil.ignore_patterns("*.joblib"))
            peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        finally:
            server.stop()

    def at(prefix: str) -> float:
        return next((t for m, t in marks if m.startswith(prefix)), float("nan"))

    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")), "?")
    print(f"\nmachine: nproc={os.cpu_count()}, {cpu}, Python {platform.python_version()}, "
          f"load avg {os.getloadavg()[0]:.1f}")
    print(f"site labels: {args.site_labels} (written in {write_s:.1f}s); public train rows: {len(public.train)}; "
          f"features: {args.features}")
    print(f"build public corpus: {corpus_s:.1f}s")
    print(f"train candidate:     {at('saved candidate') - at('training on'):.1f}s")
    print(f"evaluate both:       {total_s - at('evaluating current'):.1f}s")
    print(f"total retrain:       {total_s:.1f}s; peak RSS {peak_mb:.0f} MB")
    print(f"gate: {'accepted' if result.verdict.accepted else 'rejected'}; report {result.report_path}")
    for reason in result.verdict.reasons:
        print(f"  - {reason}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
