"""Benchmark in-process scoring: single-comment latency, batch throughput, load time, size, RSS.

Run: `.venv/bin/python bench/scoring_bench.py [--model PATH] [--write docs/benchmarks.md]`.
The comments are the project's own seeds/training texts plus, when ../shared is present, the
SFU news comments (realistic lengths); they are only read here, never trained on by this script.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from models.bundle import DEFAULT_ARTIFACT  # noqa: E402
from models.scorer import Scorer  # noqa: E402


def comments() -> list[str]:
    """Return a realistic mix: news comments (SFU, the demo queue) and a tenth of the seeds.

    A news section's comments are mostly civil: SFU's Globe and Mail comments and the demo
    comments carry the mix; a 10% sample of the hand-written seeds adds the threats, calls for
    violence and hard negatives a war-news section also sees.
    """
    seeds = [json.loads(line)["text"] for path in sorted((REPO / "seeds" / "training").glob("*.jsonl"))
             for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    texts = random.Random(7).sample(seeds, len(seeds) // 10)
    texts += [json.loads(line)["text"] for line in (REPO / "seeds" / "demo_comments.jsonl").read_text(
        encoding="utf-8").splitlines() if line.strip()]
    from models.datasets import data_dir
    from models.eval_sets import sfu

    root = data_dir(REPO)
    if root.is_dir():
        texts += sfu(root).texts
    random.Random(7).shuffle(texts)
    return texts


def current_rss_mb() -> float:
    """Return this process's resident set size now, from /proc/self/status."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def cpu_model() -> str:
    """Return the CPU model name from /proc/cpuinfo."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def measure(model_path: Path, variant: str = "cascade") -> dict[str, float]:
    """Return the benchmark figures for the bundle at `model_path`, run as `variant`.

    "cascade" is the shipped model as it serves; "everywhere" sends every comment to the encoder
    stage; "linear" is the linear stage alone (the model before the encoder stage).
    """
    start = time.perf_counter()
    scorer = Scorer.load(model_path)
    load_seconds = time.perf_counter() - start
    if variant == "everywhere":
        scorer.model.cascade_gate = None
    elif variant == "linear":
        scorer.model.encoder_heads = None
    texts = comments()
    for text in texts[:200]:
        scorer.score_one(text)  # warm up caches and lazy tables
    latencies = []
    for text in texts[:2000]:
        t0 = time.perf_counter()
        scorer.score_one(text)
        latencies.append((time.perf_counter() - t0) * 1000)
    latencies.sort()
    cascade = cascade_share(scorer, texts)
    batch = (texts * (20000 // len(texts) + 1))[:20000]
    t0 = time.perf_counter()
    for i in range(0, len(batch), 256):
        scorer.score(batch[i:i + 256])
    batch_seconds = time.perf_counter() - t0
    return {
        "comments": len(texts), "mean_chars": statistics.mean(len(t) for t in texts),
        "p50_ms": latencies[len(latencies) // 2], "p99_ms": latencies[int(len(latencies) * 0.99)],
        "batch_per_second": len(batch) / batch_seconds, "load_seconds": load_seconds,
        "artifact_mb": model_path.stat().st_size / 1e6,
        "rss_mb": current_rss_mb(),
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "cascade_share": cascade, "encoder_share": encoder_share(scorer, texts),
    }


def encoder_share(scorer: Scorer, texts: list[str]) -> float:
    """Return the share of `texts` that reach the encoder stage."""
    model = scorer.model
    return len(model.escalated(model.calibrate(*model.raw_scores(texts)))) / len(texts)


def cascade_share(scorer: Scorer, texts: list[str]) -> float:
    """Return the share of `texts` that the sentence stage splits and rescores."""
    import numpy as np

    from models.classifier import sentences

    model = scorer.model
    whole, _ = model.raw_scores(texts, split=False)
    columns = model.sentence_columns()
    doubtful = np.any(whole[:, columns] >= model.sentence_gate, axis=1)
    return float(np.mean([bool(d and sentences(t)) for d, t in zip(doubtful, texts)]))


def markdown(runs: dict[str, dict[str, float]], command: str) -> str:
    """Render the variants' figures as the "Scoring (in process)" section of docs/benchmarks.md."""
    names = list(runs)
    rows = [("single comment p50", "p50_ms", "{:.2f} ms", "<= 5 ms"),
            ("single comment p99", "p99_ms", "{:.2f} ms", "<= 25 ms"),
            ("batch throughput (batches of 256)", "batch_per_second", "{:,.0f} comments/s", ">= 3,000/s"),
            ("model load (sha256 checks, unpickle, encoder session)", "load_seconds", "{:.2f} s", "<= 3 s"),
            ("RSS after scoring (model loaded, warm)", "rss_mb", "{:.0f} MB", "<= 400 MB"),
            ("share of comments reaching the encoder stage", "encoder_share", "{:.1%}", ""),
            ("share of comments reaching the sentence split", "cascade_share", "{:.1%}", "")]
    first = runs[names[0]]
    lines = ["## Scoring (in process)", "",
             f"Machine: {os.cpu_count()} CPUs (`nproc`), {cpu_model()}, Python {platform.python_version()}, "
             "shared with other work while measured.", "", f"Command: `{command}`", "",
             f"Comments: {first['comments']} texts (SFU news comments, the demo queue, a tenth of the project's "
             f"seeds), mean {first['mean_chars']:.0f} characters; one process, one thread. Variants, one model "
             "loaded per variant in the same run: `cascade` (as shipped), `everywhere` (every comment reaches the "
             "encoder stage), `linear` (the linear stage alone, the reference the encoder stage is added to). "
             f"Artifact {first['artifact_mb']:.1f} MB (the encoder's ONNX file, built at install, is not committed).",
             "", "| figure | " + " | ".join(names) + " | target |", "|---|" + "---|" * len(names) + "---|"]
    for label, key, fmt, target in rows:
        lines.append(f"| {label} | " + " | ".join(fmt.format(runs[n][key]) for n in names) + f" | {target} |")
    return "\n".join(lines) + "\n"


def replace_section(path: Path, section: str) -> None:
    """Put `section` in place of the file's section with the same "## " heading (or append it)."""
    heading = section.splitlines()[0]
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    start = old.find(heading + "\n")
    if start < 0:
        path.write_text(old.rstrip("\n") + "\n\n" + section if old else section, encoding="utf-8")
        return
    end = old.find("\n## ", start + len(heading))
    path.write_text(old[:start] + section + (old[end:] if end >= 0 else ""), encoding="utf-8")


def main() -> int:
    """Run the benchmark, print the figures, optionally write them to a Markdown file."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--model", type=Path, default=DEFAULT_ARTIFACT)
    parser.add_argument("--write", type=Path, default=None, help="write the Markdown section to this file")
    args = parser.parse_args()
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    runs = {variant: measure(args.model, variant) for variant in ("cascade", "everywhere", "linear")}
    text = markdown(runs, "OMP_NUM_THREADS=1 .venv/bin/python bench/scoring_bench.py --write docs/benchmarks.md")
    print(text)
    if args.write:
        replace_section(args.write, text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
