"""What the moderators' page costs the server: the 3-second poll, and opening a comment.

Starts its own Redis and gunicorn (2 workers, shipped model), queues 100 comments, logs one
moderator in through the form, then times GET /moderate/api/queue (the poll, 100 rows) and
POST .../open (claim + highlights) for comments of a few lengths, first open (spans computed)
and reopened (spans cached). Prints figures; run: .venv/bin/python bench/web_pages_bench.py
"""

from __future__ import annotations

import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import redis
import requests

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from service.review.moderators import Moderators  # noqa: E402
from service.redis_server import RedisServer, free_port  # noqa: E402

LABELS = ("toxicity", "severe_toxicity", "obscene", "insult", "identity_attack", "threat", "incitement")
ALL_TO_REVIEW = json.dumps({"default": {label: {"review": 0.0, "reject": 1.0} for label in LABELS}})
API_KEY, PASSWORD = "bench-key", "bench password"
SENTENCE = "You are an idiot and the editor is a clueless fool, frankly. "


def ms(samples: list[float]) -> str:
    ordered = sorted(samples)
    p99 = ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]
    return f"p50 {statistics.median(ordered) * 1000:6.1f} ms  p99 {p99 * 1000:6.1f} ms  (n={len(ordered)})"


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        store = RedisServer(Path(tmp) / "redis").start()
        port = free_port()
        env = dict(os.environ, REDIS_URL=store.url, PORT=str(port), HOST="127.0.0.1",
                   PARLEY_API_KEYS=API_KEY, PARLEY_THRESHOLDS=ALL_TO_REVIEW,
                   PARLEY_SECRET_KEY="bench-" + "k" * 32, WEB_CONCURRENCY="2")
        with (Path(tmp) / "gunicorn.log").open("wb") as log:
            server = subprocess.Popen([sys.executable, "-m", "gunicorn", "-c",
                                       str(REPO / "service" / "gunicorn_conf.py"), "service.wsgi:app"],
                                      env=env, cwd=REPO, stdout=log, stderr=subprocess.STDOUT)
        try:
            return run(f"http://127.0.0.1:{port}", store.url)
        finally:
            server.terminate()
            server.wait(30)
            store.stop()


def run(url: str, redis_url: str) -> int:
    for _ in range(300):
        try:
            if requests.get(url + "/readyz", timeout=1).status_code == 200:
                break
        except requests.RequestException:
            time.sleep(0.2)
    client = redis.Redis.from_url(redis_url, decode_responses=True)
    Moderators(client).add("bench", PASSWORD)
    api = requests.Session()
    api.headers["Authorization"] = f"Bearer {API_KEY}"
    lengths = {"short (60 chars)": 1, "typical (300 chars)": 5, "long (2,000 chars)": 33,
               "20 KB": 333}
    for n in range(100):
        api.post(url + "/v1/comments", json={"id": f"c{n}", "text": f"{n}: " + SENTENCE * 2, "site": "s"})
    for name, repeat in lengths.items():
        for n in range(10):
            api.post(url + "/v1/comments", json={"id": f"{name}-{n}", "text": f"{n} " + SENTENCE * repeat,
                                                 "site": "len"})
    web = requests.Session()
    form = web.get(url + "/moderate/login").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)
    web.post(url + "/moderate/login", data={"name": "bench", "password": PASSWORD, "csrf_token": token})
    csrf = re.search(r'name="csrf-token" content="([^"]+)"', web.get(url + "/moderate/").text).group(1)
    web.headers["X-CSRF-Token"] = csrf

    polls = []
    for _ in range(200):
        start = time.perf_counter()
        response = web.get(url + "/moderate/api/queue?site=s")
        polls.append(time.perf_counter() - start)
        assert len(response.json()["items"]) == 100
    print(f"poll, 100 rows ({len(response.content) // 1024} KB):   {ms(polls)}")
    for name in lengths:
        first, again = [], []
        for n in range(10):
            for bucket in (first, again):
                start = time.perf_counter()
                assert web.post(url + f"/moderate/api/comments/{name}-{n}/open").status_code == 200
                bucket.append(time.perf_counter() - start)
        print(f"open {name:<20} first: {ms(first)}   reopened: {ms(again)}")
    print(f"machine: nproc={os.cpu_count()}, load average {os.getloadavg()[0]:.1f}")
    client.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
