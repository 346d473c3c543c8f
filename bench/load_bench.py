"""HTTP load on loopback: Parley's POST /v1/comments against a bare Flask floor, in one run.

    .venv/bin/python bench/load_bench.py [--seconds 10] [--connections 8]

Prints one JSON object of figures: saturation throughput of the floor and of Parley (cache
miss, queue write included) and their ratio; p99 at 80% of Parley's saturation (open loop);
the cached path; batch /v1/score comments/s with one worker; model load time; RSS and PSS
per worker. Both apps run under service/gunicorn_conf.py with the same settings.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

import harness


def model_load_seconds() -> float:
    """How long Scorer.load takes for the shipped bundle (sha256 check included)."""
    from service.config import DEFAULT_MODEL_PATH
    from service.scoring import Scorer

    started = time.perf_counter()
    Scorer.load(DEFAULT_MODEL_PATH)
    return round(time.perf_counter() - started, 3)


def run(seconds: int, connections: int) -> dict:
    root = Path(tempfile.mkdtemp(prefix="parley-bench-"))
    redis_server = harness.start_redis(root)
    figures: dict = {"machine": harness.machine(), "seconds_per_run": seconds, "connections": connections,
                     "workers": 2, "redis": "local, appendonly, appendfsync always"}
    floor = harness.start_gunicorn("bench.floor_app:app", root / "floor.log")
    try:
        figures["floor"] = harness.wrk(floor.url, "floor", seconds, connections, "f")
        figures["floor_paced"] = harness.paced(
            floor.url, 0.8 * figures["floor"]["rps"], min(seconds, 10),
            lambda i: {"id": f"p{i}", "text": "a"}, "/echo")
    finally:
        floor.stop()
    parley = harness.start_gunicorn("service.wsgi:app", root / "parley.log", REDIS_URL=redis_server.url)
    try:
        miss = harness.wrk(parley.url, "miss", seconds, connections, "m")
        figures["comments_miss"] = miss
        figures["ratio_to_floor"] = round(miss["rps"] / figures["floor"]["rps"], 3)
        rate = round(0.8 * miss["rps"], 1)
        figures["comments_miss_at_80pct"] = harness.paced(
            parley.url, rate, min(seconds, 10),
            lambda i: {"id": f"paced-{i}", "text": f"Paced reader {i} finds the vote on the budget rushed."})
        figures["comments_cached"] = harness.wrk(parley.url, "cached", seconds, connections, "c")
        figures["score_cached"] = harness.wrk(parley.url, "score-cached", seconds, connections, "s")
        figures["memory_mb_per_worker"] = [harness.memory_mb(pid) for pid in parley.workers()]
    finally:
        parley.stop()
    single = harness.start_gunicorn("service.wsgi:app", root / "single.log", REDIS_URL=redis_server.url,
                                    WEB_CONCURRENCY="1")
    try:
        batch = harness.wrk(single.url, "batch", seconds, 1, "b")
        batch["comments_per_second"] = round(batch["rps"] * 256, 0)
        figures["score_batch_256_one_worker"] = batch
    finally:
        single.stop()
        redis_server.stop()
    figures["model_load_seconds"] = model_load_seconds()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10, help="length of each wrk run")
    parser.add_argument("--connections", type=int, default=8, help="wrk connections (closed loop)")
    args = parser.parse_args()
    print(json.dumps(run(args.seconds, args.connections), indent=2))


if __name__ == "__main__":
    main()
