"""Faults under load on loopback, each reporting acknowledged vs stored comments.

    .venv/bin/python bench/fault_bench.py [--soak-seconds 600] [--soak-rate RPS] [--skip-soak]

1. Redis SIGKILLed and restarted on the same data (appendfsync always): 0 acknowledged lost,
   503 with Retry-After (never 500) while down, seconds from Redis answering to the next 2xx.
2. A gunicorn worker SIGKILLed: replaced, 0 acknowledged lost.
3. A soak at a fixed rate (default: half of a quick saturation estimate): errors, p99, RSS growth.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import redis
import requests

import harness


@dataclass
class Load:
    """Client threads posting distinct comments until stopped, keeping every answer's fate."""

    url: str
    prefix: str
    threads: int = 4
    acked: list[str] = field(default_factory=list)
    statuses: dict[str, int] = field(default_factory=dict)
    unavailable_without_retry_after: int = 0
    ack_times: list[float] = field(default_factory=list)
    _stop: threading.Event = field(default_factory=threading.Event)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _threads: list[threading.Thread] = field(default_factory=list)

    def start(self) -> "Load":
        for n in range(self.threads):
            thread = threading.Thread(target=self._run, args=(n,), daemon=True)
            thread.start()
            self._threads.append(thread)
        return self

    def stop(self) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(15)

    def _run(self, n: int) -> None:
        session = requests.Session()
        session.headers.update(harness.HEADERS)
        i = 0
        while not self._stop.is_set():
            i += 1
            comment_id = f"{self.prefix}-{n}-{i}"
            try:
                response = session.post(self.url + "/v1/comments", timeout=5, json={
                    "id": comment_id, "text": f"Reader {n} comment {i}: the budget vote was rushed."})
                status = str(response.status_code)
            except requests.RequestException:
                response, status = None, "transport_error"
            with self._lock:
                self.statuses[status] = self.statuses.get(status, 0) + 1
                if status in ("200", "201"):
                    self.acked.append(comment_id)
                    self.ack_times.append(time.monotonic())
                elif status == "503" and "Retry-After" not in response.headers:
                    self.unavailable_without_retry_after += 1
            if status != "201":
                time.sleep(0.02)

    def count(self) -> int:
        with self._lock:
            return len(self.acked)

    def first_ack_after(self, moment: float, timeout_seconds: float = 30) -> float:
        deadline = time.monotonic() + timeout_seconds
        while time.monotonic() < deadline:
            with self._lock:
                later = [t for t in self.ack_times if t >= moment]
            if later:
                return round(min(later) - moment, 3)
            time.sleep(0.01)
        return float("inf")


def stored(redis_url: str, ids: list[str]) -> int:
    client = redis.Redis.from_url(redis_url)
    pipe = client.pipeline(transaction=False)
    for comment_id in ids:
        pipe.exists(f"parley:comment:{comment_id}")
    return sum(pipe.execute())


def redis_kill(root: Path, load_seconds: float, down_seconds: float) -> dict:
    store = harness.start_redis(root / "kill")
    server = harness.start_gunicorn("service.wsgi:app", root / "kill.log", REDIS_URL=store.url)
    load = Load(server.url, "rk").start()
    try:
        time.sleep(load_seconds)
        store.kill()
        killed = time.monotonic()
        time.sleep(down_seconds)
        store.start()
        answering = time.monotonic()
        recovery = load.first_ack_after(answering)
        time.sleep(load_seconds)
    finally:
        load.stop()
        server.stop()
    result = {"acknowledged": len(load.acked), "stored": stored(store.url, load.acked),
              "statuses": load.statuses, "503_without_retry_after": load.unavailable_without_retry_after,
              "down_seconds": round(answering - killed, 2), "recovery_seconds_after_redis_answers": recovery}
    store.stop()
    result["lost"] = result["acknowledged"] - result["stored"]
    return result


def worker_kill(root: Path, load_seconds: float) -> dict:
    store = harness.start_redis(root / "worker")
    server = harness.start_gunicorn("service.wsgi:app", root / "worker.log", REDIS_URL=store.url)
    load = Load(server.url, "wk").start()
    try:
        time.sleep(load_seconds)
        before = server.workers()
        os.kill(before[0], signal.SIGKILL)
        killed = time.monotonic()
        while True:
            now = server.workers()
            if len(now) == len(before) and before[0] not in now:
                replaced = round(time.monotonic() - killed, 2)
                break
            if time.monotonic() - killed > 30:
                replaced = None
                break
            time.sleep(0.05)
        time.sleep(load_seconds)
    finally:
        load.stop()
        server.stop()
    result = {"acknowledged": len(load.acked), "stored": stored(store.url, load.acked),
              "statuses": load.statuses, "replaced_after_seconds": replaced}
    store.stop()
    result["lost"] = result["acknowledged"] - result["stored"]
    return result


def soak(root: Path, seconds: float, rate: float | None) -> dict:
    store = harness.start_redis(root / "soak")
    server = harness.start_gunicorn("service.wsgi:app", root / "soak.log", REDIS_URL=store.url,
                                    GUNICORN_MAX_REQUESTS="0")  # no recycling: growth must show
    try:
        if rate is None:
            rate = round(0.5 * harness.wrk(server.url, "miss", 5, 8, "warm")["rps"], 1)
        else:
            harness.wrk(server.url, "miss", 3, 4, "warm")
        start_memory = {pid: harness.memory_mb(pid) for pid in server.workers()}
        stalls = harness.watch_stalls(store.url)
        windows = []
        deadline = time.monotonic() + seconds
        n = 0
        while time.monotonic() < deadline:
            window = min(30.0, deadline - time.monotonic())
            if window < 1:
                break
            n += 1
            windows.append(harness.paced(server.url, "miss", rate, window, f"soak-{n}"))
        end_memory = {pid: harness.memory_mb(pid) for pid in server.workers()}
        redis_stalls = harness.redis_stalls(stalls)
    finally:
        server.stop()
        store.stop()
    errors = sum(count for w in windows for status, count in w["statuses"].items() if status not in (200, 201))
    growth = {str(pid): round(100 * (end_memory[pid]["rss"] / start_memory[pid]["rss"] - 1), 1)
              for pid in start_memory if pid in end_memory and start_memory[pid].get("rss")}
    return {"seconds": seconds, "rate": rate, "requests": sum(w["sent"] for w in windows), "errors": errors,
            "worst_window_p99_ms": max(w["p99_ms"] for w in windows),
            "median_window_p99_ms": sorted(w["p99_ms"] for w in windows)[len(windows) // 2],
            "redis_stalls_ms": redis_stalls,
            "rss_start_mb": {str(k): v.get("rss") for k, v in start_memory.items()},
            "rss_end_mb": {str(k): v.get("rss") for k, v in end_memory.items()},
            "rss_growth_percent": growth, "same_workers_throughout": set(start_memory) == set(end_memory)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--load-seconds", type=float, default=8, help="load before and after each fault")
    parser.add_argument("--down-seconds", type=float, default=3, help="how long Redis stays dead")
    parser.add_argument("--soak-seconds", type=float, default=600)
    parser.add_argument("--soak-rate", type=float, default=None, help="requests/s (default: half of saturation)")
    parser.add_argument("--skip-soak", action="store_true")
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="parley-faults-"))
    figures = {"machine": harness.machine(), "load_average_at_start": os.getloadavg(),
               "redis_kill": redis_kill(root, args.load_seconds, args.down_seconds),
               "worker_kill": worker_kill(root, args.load_seconds)}
    if not args.skip_soak:
        figures["soak"] = soak(root, args.soak_seconds, args.soak_rate)
    figures["load_average_at_end"] = os.getloadavg()
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
