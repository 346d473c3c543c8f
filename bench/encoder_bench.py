"""Benchmark the MiniLM sentence encoder: int8 ONNX, fp32 ONNX and the numpy forward pass.

Run: `.venv/bin/python bench/encoder_bench.py [--fp32 PATH] [--quick]`. Prints per-comment latency
(p50/p99, one thread) at about 15, 40, 100 and 128 tokens, batch throughput over a realistic mix
of comment lengths with 1 and 2 threads (batch 1, the encoder's default, and 32), load time and
the process RSS after load. Each variant and thread count runs in its own child process, so RSS
and thread pools do not leak between them.
The fp32 file is built on the fly into bench/out/ when absent. Comments come from ../shared/data
(Gab Hate Corpus and Civil Comments toxic spans); they are only read.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import random
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from scoring_bench import current_rss_mb as rss_mb  # noqa: E402  (bench/ is on sys.path as the script's folder)

DATA = REPO.parent / "shared" / "data"
TARGETS = (15, 40, 100, 128)
VARIANTS = ("int8", "fp32", "numpy")


def corpus() -> list[str]:
    """Comment-like texts of every length, deduplicated, in a fixed shuffled order."""
    texts: list[str] = []
    with open(DATA / "gab_hate_corpus" / "ghc_train.tsv", encoding="utf-8", newline="") as handle:
        texts += [row["text"] for row in csv.DictReader(handle, delimiter="\t")]
    with open(DATA / "civil_comments_toxic_spans" / "SemEval2021__data__tsd_train.csv", encoding="utf-8",
              newline="") as handle:
        texts += [row["text"] for row in csv.DictReader(handle)]
    texts = sorted({text.strip() for text in texts if text.strip()})
    random.Random(0).shuffle(texts)
    return texts


def pick_by_length(ids: Sequence[Sequence[int]], target: int, count: int = 20) -> list[int]:
    """Indices of `count` texts whose (truncated) token count is closest to `target`."""
    gaps = np.array([abs(len(row) - target) for row in ids])
    return list(np.argsort(gaps, kind="stable")[:count])


class NumpyEncoder:
    """models/minilm_numpy.py's forward pass, batched the way SentenceEncoder batches."""

    def __init__(self, max_tokens: int = 128, batch_size: int = 32) -> None:
        from tokenizers import Tokenizer

        from models.minilm_onnx import load_wheel
        from models.sentence_encoder import wheel_model_dir
        from models.minilm_numpy import MiniLM

        folder = wheel_model_dir()
        weights, dims = load_wheel(folder)
        self.model = MiniLM(weights, dims.layers, dims.heads)
        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(max_length=max_tokens)
        self.batch_size = batch_size

    def token_ids(self, texts: Sequence[str]) -> list[list[int]]:
        return [self.tokenizer.encode(text).ids for text in texts]

    def encode_ids(self, ids: Sequence[Sequence[int]]) -> np.ndarray:
        out = np.empty((len(ids), 384), dtype=np.float32)
        order = np.argsort([len(row) for row in ids], kind="stable")
        for start in range(0, len(order), self.batch_size):
            chunk = order[start:start + self.batch_size]
            length = max(len(ids[i]) for i in chunk)
            batch = np.zeros((len(chunk), length), dtype=np.int64)
            mask = np.zeros((len(chunk), length), dtype=bool)
            for row, i in enumerate(chunk):
                batch[row, :len(ids[i])] = ids[i]
                mask[row, :len(ids[i])] = True
            out[chunk] = self.model.encode(batch, mask)
        return out

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        return self.encode_ids(self.token_ids(texts))


def load(variant: str, threads: int, fp32_path: Path) -> object:
    from models.bundle import file_sha256
    from models.sentence_encoder import DEFAULT_MODEL, SentenceEncoder

    if variant == "numpy":
        return NumpyEncoder()
    path = DEFAULT_MODEL if variant == "int8" else fp32_path
    return SentenceEncoder(path, file_sha256(path), threads=threads)


def timed_calls(call: Callable[[], object], repeats: int) -> list[float]:
    for _ in range(3):
        call()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return times


def worker(variant: str, threads: int, fp32_path: Path, quick: bool) -> dict:
    """Measure one variant at one thread count; runs in a child process."""
    texts = corpus()
    base_rss = rss_mb()
    start = time.perf_counter()
    encoder = load(variant, threads, fp32_path)
    result: dict = {"variant": variant, "threads": threads, "load_s": time.perf_counter() - start,
                    "rss_before_mb": base_rss, "rss_after_load_mb": rss_mb()}
    slow = variant == "numpy"
    mix = texts[:(150 if slow else 1000) // (4 if quick else 1)]
    if threads == 1:
        pool = texts[:6000]
        ids = encoder.token_ids(pool)
        for target in TARGETS:
            chosen = [pool[i] for i in pick_by_length(ids, target)]
            repeats = (40 if slow else 200) // (4 if quick else 1)
            times = [t for n in range(repeats)
                     for t in timed_calls(lambda: encoder.encode([chosen[n % len(chosen)]]), 1)]
            result[f"latency_{target}"] = {"p50_ms": 1000 * float(np.percentile(times, 50)),
                                           "p99_ms": 1000 * float(np.percentile(times, 99)),
                                           "tokens": float(np.mean([len(ids[i]) for i in pick_by_length(ids, target)]))}
        result["rss_after_latency_mb"] = rss_mb()
    mix_tokens = sum(len(row) for row in encoder.token_ids(mix))
    result.update(batch_comments=len(mix), batch_tokens_mean=mix_tokens / len(mix), throughput={})
    for batch_size in (32,) if slow else (1, 32):
        encoder.batch_size = batch_size
        encoder.encode(mix[:64])
        start = time.perf_counter()
        encoder.encode(mix)
        elapsed = time.perf_counter() - start
        result["throughput"][batch_size] = {"comments_per_s": len(mix) / elapsed, "tokens_per_s": mix_tokens / elapsed}
    result["rss_end_mb"] = rss_mb()
    return result


def run_child(variant: str, threads: int, fp32_path: Path, quick: bool) -> dict:
    env = dict(os.environ, OMP_NUM_THREADS=str(threads), OPENBLAS_NUM_THREADS=str(threads),
               MKL_NUM_THREADS=str(threads))  # the numpy pass's BLAS reads these at import
    command = [sys.executable, __file__, "--worker", variant, "--threads", str(threads), "--fp32", str(fp32_path)]
    if quick:
        command.append("--quick")
    out = subprocess.run(command, env=env, check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def report(results: list[dict], load_before: float) -> None:
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
          f"1-min load average before: {load_before:.2f}, after: {os.getloadavg()[0]:.2f}")
    print("\nper-comment latency, 1 thread (p50 / p99 ms; mean tokens of the chosen comments)")
    print(f"{'variant':8s}" + "".join(f"{f'~{t} tok':>18s}" for t in TARGETS))
    for r in results:
        if r["threads"] == 1:
            print(f"{r['variant']:8s}" + "".join(
                f"{r[f'latency_{t}']['p50_ms']:>8.2f} / {r[f'latency_{t}']['p99_ms']:>6.2f}" for t in TARGETS))
    print("\nbatch throughput (mixed lengths; batches sorted by length)")
    print(f"{'variant':8s}{'threads':>8s}{'batch':>6s}{'comments':>10s}{'mean tok':>10s}{'comments/s':>12s}"
          f"{'tokens/s':>10s}")
    for r in results:
        for batch_size, t in r["throughput"].items():
            print(f"{r['variant']:8s}{r['threads']:>8d}{batch_size:>6}{r['batch_comments']:>10d}"
                  f"{r['batch_tokens_mean']:>10.1f}{t['comments_per_s']:>12.1f}{t['tokens_per_s']:>10.0f}")
    print("\nload (1-thread process; RSS before = interpreter, corpus and imports; singles = after the"
          " latency runs; at end = after the batch run)")
    print(f"{'variant':8s}{'load s':>8s}{'RSS before':>12s}{'RSS loaded':>12s}{'RSS singles':>12s}"
          f"{'RSS at end':>12s}")
    for r in results:
        if r["threads"] == 1:
            print(f"{r['variant']:8s}{r['load_s']:>8.2f}{r['rss_before_mb']:>10.0f}MB{r['rss_after_load_mb']:>10.0f}MB"
                  f"{r['rss_after_latency_mb']:>10.0f}MB{r['rss_end_mb']:>10.0f}MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fp32", type=Path, default=REPO / "bench" / "out" / "minilm-l6-v2-fp32.onnx")
    parser.add_argument("--quick", action="store_true", help="a quarter of the repeats and comments")
    parser.add_argument("--variants", default=",".join(VARIANTS))
    parser.add_argument("--worker", choices=VARIANTS, help=argparse.SUPPRESS)
    parser.add_argument("--threads", type=int, default=1, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(args.worker, args.threads, args.fp32, args.quick)))
        return
    if not args.fp32.is_file():
        subprocess.run([sys.executable, "-m", "models.minilm_onnx", "--fp32", "--out", str(args.fp32)],
                       cwd=REPO, check=True)
    load_before = os.getloadavg()[0]
    results = [run_child(variant, threads, args.fp32, args.quick)
               for variant in args.variants.split(",") for threads in (1, 2)]
    report(results, load_before)


if __name__ == "__main__":
    main()
