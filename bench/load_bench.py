"""HTTP load on loopback: Parley's POST /v1/comments against a bare Flask floor, in one run.

    .venv/bin/python bench/load_bench.py [--seconds 10] [--connections 8]

Prints one JSON object of figures: saturation throughput of the floor and of Parley (cache
miss, queue write included) and their ratio; p99 at 80% of Parley's saturation (open loop);
the cached path; batch /v1/score comments/s with one worker; model load time; RSS and PSS
per worker; and the slowest events Redis's own latency monitor saw during the 80% run. Both
apps run under service/gunicorn_conf.py with the same settings.
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from pathlib import Path

import harness


def model_load_seconds() -> float:
    """How long Scorer.load takes for the shipped bundle (sha256 check included)."""
    from service.config import DEFAULT_MODEL_PATH
    from models.scorer import Scorer

    started = time.perf_counter()
    Scorer.load(DEFAULT_MODEL_PATH)
    return round(time.perf_counter() - started, 3)


def run(seconds: int, connections: int, fsync: str) -> dict:
    root = Path(tempfile.mkdtemp(prefix="parley-bench-"))
    redis_server = harness.start_redis(root, fsync)
    figures: dict = {"machine": harness.machine(), "load_average_at_start": os.getloadavg(),
                     "seconds_per_run": seconds, "connections": connections, "workers": 2,
                     "redis": f"local, appendonly, appendfsync {fsync}"}
    floor = harness.start_gunicorn("bench.floor_app:app", root / "floor.log")
    try:
        figures["floor"] = harness.wrk(floor.url, "floor", seconds, connections, "f")
    finally:
        floor.stop()
    parley = harness.start_gunicorn("service.wsgi:app", root / "parley.log", REDIS_URL=redis_server.url)
    try:
        miss = harness.wrk(parley.url, "miss", seconds, connections, "m")
        figures["comments_miss"] = miss
        figures["ratio_to_floor"] = round(miss["rps"] / figures["floor"]["rps"], 3)
        rate = round(0.8 * miss["rps"], 1)
        stalls = harness.watch_stalls(redis_server.url)
        figures["comments_miss_at_80pct"] = harness.paced(parley.url, "miss", rate, min(seconds, 10), "paced")
        figures["redis_stalls_during_80pct_ms"] = harness.redis_stalls(stalls)
        figures["comments_cached"] = harness.wrk(parley.url, "cached", seconds, connections, "c")
        figures["score_cached"] = harness.wrk(parley.url, "score-cached", seconds, connections, "s")
        figures["memory_mb_per_worker"] = [harness.memory_mb(pid) for pid in parley.workers()]
    finally:
        parley.stop()
    # The paced client's own noise: the floor driven at the same rate shows what it adds.
    floor = harness.start_gunicorn("bench.floor_app:app", root / "floor2.log")
    try:
        figures["floor_at_same_rate"] = harness.paced(floor.url, "floor", rate, min(seconds, 10), "p")
    finally:
        floor.stop()
    # The default limits on (two bucket increments per request, in one Lua call).
    limited = harness.start_gunicorn("service.wsgi:app", root / "limited.log", REDIS_URL=redis_server.url,
                                     PARLEY_RATE_LIMIT="1000000/minute", PARLEY_ADDRESS_RATE_LIMIT="1000000/minute")
    try:
        figures["rate_limits_on"] = harness.wrk(limited.url, "miss", seconds, connections, "l")
    finally:
        limited.stop()
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
    figures["load_average_at_end"] = os.getloadavg()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10, help="length of each wrk run")
    parser.add_argument("--connections", type=int, default=8, help="wrk connections (closed loop)")
    parser.add_argument("--fsync", default="always", choices=["always", "everysec"],
                        help="Redis appendfsync (always is what Parley ships with)")
    args = parser.parse_args()
    print(json.dumps(run(args.seconds, args.connections, args.fsync), indent=2))


if __name__ == "__main__":
    main()
