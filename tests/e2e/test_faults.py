"""Short fault drills under load: Redis SIGKILLed and restarted, a gunicorn worker SIGKILLed.

Each keeps a few client threads posting distinct comments, records which were acknowledged
(2xx), and checks afterwards that every acknowledged comment is in Redis. bench/fault_bench.py
runs the longer versions and reports the figures.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import redis
import requests

from bench.harness import child_pids
from service.redis_server import RedisServer
from tests.conftest import API_KEY
from tests.e2e.conftest import start_gunicorn, stop_gunicorn


@dataclass
class Load:
    """Client threads posting distinct comments until stopped; what each answer was."""

    url: str
    prefix: str
    threads: int = 3
    acked: list[str] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    unavailable_without_retry_after: int = 0
    transport_errors: int = 0
    first_ack_after: dict[str, float] = field(default_factory=dict)
    _stop: threading.Event = field(default_factory=threading.Event)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _workers: list[threading.Thread] = field(default_factory=list)

    def start(self) -> "Load":
        for n in range(self.threads):
            thread = threading.Thread(target=self._run, args=(n,), daemon=True)
            thread.start()
            self._workers.append(thread)
        return self

    def stop(self) -> None:
        self._stop.set()
        for thread in self._workers:
            thread.join(10)

    def _run(self, n: int) -> None:
        session = requests.Session()
        session.headers["Authorization"] = f"Bearer {API_KEY}"
        i = 0
        while not self._stop.is_set():
            i += 1
            comment_id = f"{self.prefix}-{n}-{i}"
            try:
                response = session.post(self.url + "/v1/comments", timeout=5,
                                        json={"id": comment_id, "text": f"Comment {i} from reader {n}."})
            except requests.RequestException:
                with self._lock:
                    self.transport_errors += 1
                time.sleep(0.01)
                continue
            with self._lock:
                self.statuses[response.status_code] = self.statuses.get(response.status_code, 0) + 1
                if response.status_code in (200, 201):
                    self.acked.append(comment_id)
                elif response.status_code == 503 and "Retry-After" not in response.headers:
                    self.unavailable_without_retry_after += 1
            if response.status_code == 503:
                time.sleep(0.02)

    def count(self) -> int:
        with self._lock:
            return len(self.acked)

    def wait_for_acks(self, more: int, timeout_seconds: float = 10.0) -> None:
        target = self.count() + more
        deadline = time.monotonic() + timeout_seconds
        while self.count() < target:
            assert time.monotonic() < deadline, f"load stalled: {self.statuses}"
            time.sleep(0.02)


def missing(client: redis.Redis, ids: list[str]) -> list[str]:
    pipe = client.pipeline(transaction=False)
    for comment_id in ids:
        pipe.exists(f"parley:comment:{comment_id}")
    return [comment_id for comment_id, found in zip(ids, pipe.execute()) if not found]


@pytest.fixture
def own_redis(tmp_path: Path):
    server = RedisServer(tmp_path / "redis").start()  # appendfsync always, as in production
    yield server
    server.stop()


def test_redis_killed_and_restarted_under_load(own_redis: RedisServer, tmp_path: Path):
    server = start_gunicorn(own_redis.url, tmp_path / "gunicorn.log", PARLEY_RATE_LIMIT="off",
                            PARLEY_ADDRESS_RATE_LIMIT="off")
    load = Load(server.url, "rk").start()
    try:
        load.wait_for_acks(30)
        own_redis.kill()
        time.sleep(1.0)
        during = requests.post(server.url + "/v1/comments", json={"id": "down-1", "text": "Hello."},
                               headers={"Authorization": f"Bearer {API_KEY}"}, timeout=5)
        assert during.status_code == 503 and during.json()["error"]["code"] == "store_unavailable"
        assert int(during.headers["Retry-After"]) >= 1
        scored = requests.post(server.url + "/v1/score", json={"texts": ["still scored"]},
                               headers={"Authorization": f"Bearer {API_KEY}"}, timeout=5)
        assert scored.status_code == 200
        acked_before_restart = load.count()
        own_redis.start()
        restarted = time.monotonic()
        load.wait_for_acks(1, timeout_seconds=5)
        recovery_seconds = time.monotonic() - restarted
        load.wait_for_acks(20)
    finally:
        load.stop()
        stop_gunicorn(server)
    assert recovery_seconds <= 2.0, recovery_seconds
    assert 500 not in load.statuses and load.unavailable_without_retry_after == 0, load.statuses
    assert load.statuses.get(503, 0) >= 1
    assert acked_before_restart >= 30
    with redis.Redis.from_url(own_redis.url, decode_responses=True) as client:
        assert missing(client, load.acked) == []


def test_worker_killed_under_load(own_redis: RedisServer, tmp_path: Path):
    server = start_gunicorn(own_redis.url, tmp_path / "gunicorn.log", PARLEY_RATE_LIMIT="off",
                            PARLEY_ADDRESS_RATE_LIMIT="off")
    load = Load(server.url, "wk").start()
    try:
        load.wait_for_acks(30)
        before = set(child_pids(server.process.pid))
        assert len(before) == 2
        victim = min(before)
        os.kill(victim, signal.SIGKILL)
        deadline = time.monotonic() + 15
        while True:
            now = set(child_pids(server.process.pid))
            if len(now) == 2 and victim not in now:
                break
            assert time.monotonic() < deadline, f"worker not replaced: {now}"
            time.sleep(0.1)
        load.wait_for_acks(30)
    finally:
        load.stop()
        stop_gunicorn(server)
    assert 500 not in load.statuses, load.statuses
    with redis.Redis.from_url(own_redis.url, decode_responses=True) as client:
        assert missing(client, load.acked) == []
