"""Latency of the compatible endpoints under real gunicorn: Coral phase, Perspective, OpenAI.

Starts its own redis-server and gunicorn on free loopback ports, sends a bounded number of
sequential requests per endpoint over one keep-alive connection, prints p50/p95/max in ms.
Run: .venv/bin/python bench/compat_latency.py [--requests N]
"""

from __future__ import annotations

import argparse
import hashlib
import hmac
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

import requests

from service.config import REPO_ROOT
from service.redis_server import RedisServer, free_port

KEY, SECRET = "bench-key", "bench-secret"
LABELS = ("toxicity", "severe_toxicity", "obscene", "insult", "identity_attack", "threat", "incitement")
FIXED = {"sites": {
    "pub": {label: {"review": 1.0, "reject": 1.0} for label in LABELS},
    "rev": {**{label: {"review": 1.0, "reject": 1.0} for label in LABELS}, "toxicity": {"review": 0.0, "reject": 1.0}},
    "rej": {label: {"review": 0.0, "reject": 0.0} for label in LABELS},
}}
TEXTS = ["The minister's answer on the strike was evasive.", "You people are idiots and should be ashamed.",
         "Someone should teach those traitors a lesson they won't forget.", "Good reporting, thanks."]


def start(redis_url: str, log: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = dict(os.environ, REDIS_URL=redis_url, PORT=str(port), HOST="127.0.0.1", PARLEY_API_KEYS=KEY,
               PARLEY_CORAL_SECRETS=SECRET, PARLEY_THRESHOLDS=json.dumps(FIXED), WEB_CONCURRENCY="2")
    process = subprocess.Popen([sys.executable, "-m", "gunicorn", "-c", "service/gunicorn_conf.py",
                                "service.wsgi:app"], env=env, cwd=REPO_ROOT, stdout=log.open("wb"),
                               stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            if requests.get(url + "/readyz", timeout=1).ok:
                return process, url
        except requests.RequestException:
            pass
        time.sleep(0.2)
    process.kill()
    raise SystemExit("gunicorn did not become ready:\n" + log.read_text(errors="replace"))


def measure(name: str, count: int, call: Callable[[int], requests.Response], expected: int) -> None:
    times = []
    for i in range(count + 5):
        started = time.perf_counter()
        response = call(i)
        elapsed = time.perf_counter() - started
        assert response.status_code == expected, (name, response.status_code, response.text)
        if i >= 5:                                   # the first few warm both workers
            times.append(elapsed * 1000)
    times.sort()
    p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
    print(f"{name:34s} n={count:4d}  p50={statistics.median(times):6.1f} ms  p95={p95:6.1f} ms  max={times[-1]:6.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200, help="requests per endpoint (max 2000)")
    count = min(parser.parse_args().requests, 2000)
    with tempfile.TemporaryDirectory() as tmp:
        redis_server = RedisServer(Path(tmp) / "redis").start()
        process, url = start(redis_server.url, Path(tmp) / "gunicorn.log")
        session = requests.Session()
        try:
            def coral(site: str) -> Callable[[int], requests.Response]:
                def call(i: int) -> requests.Response:
                    body = json.dumps({"action": "NEW", "comment": {"id": f"{site}-{i}", "body": TEXTS[i % 4] + f" #{i}"},
                                       "author": {"id": "a"}, "story": {"id": "s"}, "site": {"id": site},
                                       "tenantID": "t"}, indent=2).encode()
                    signature = "sha256=" + hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
                    return session.post(url + "/v1/integrations/coral", data=body, timeout=5,
                                        headers={"Content-Type": "application/json", "X-Coral-Signature": signature})
                return call
            measure("coral phase, publish (204)", count, coral("pub"), 204)
            measure("coral phase, review (withheld)", count, coral("rev"), 200)
            measure("coral phase, reject", count, coral("rej"), 200)
            measure("perspective analyze (new texts)", count, lambda i: session.post(
                f"{url}/v1alpha1/comments:analyze?key={KEY}", timeout=5, json={
                    "comment": {"text": TEXTS[i % 4] + f" ({i})"}, "doNotStore": True,
                    "requestedAttributes": {"TOXICITY": {}}, "languages": ["en"]}), 200)
            measure("openai moderations (4 inputs)", count, lambda i: session.post(
                f"{url}/v1/moderations", timeout=5, headers={"Authorization": f"Bearer {KEY}"},
                json={"input": [t + f" [{i}]" for t in TEXTS]}), 200)
        finally:
            process.terminate()
            process.wait(20)
            redis_server.stop()


if __name__ == "__main__":
    main()
