"""Claim+decide throughput and latency with concurrent moderators, against gunicorn on loopback.

Starts its own Redis (append-only, fsync always, as shipped) and gunicorn, fills the queue
through POST /v1/comments, then lets each moderator thread claim the next comment and decide
it until the queue is empty. Prints figures; run: .venv/bin/python bench/review_bench.py
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import redis
import requests

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from service.review.moderators import Moderators  # noqa: E402
from service.redis_server import RedisServer, free_port  # noqa: E402

LABELS = ("toxicity", "severe_toxicity", "obscene", "insult", "identity_attack", "threat", "incitement")
ALL_TO_REVIEW = json.dumps({"default": {label: {"review": 0.0, "reject": 1.0} for label in LABELS}})
API_KEY = "bench-key"
PASSWORD = "bench password"
TEXTS = ["You are an idiot and so is your editor.", "The strike was a mistake, in my view.",
         "Traitors like him should be dealt with.", "Thanks, the map helped a lot."]


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.machine()


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def start_gunicorn(redis_url: str, workers: int, log: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = dict(os.environ, REDIS_URL=redis_url, PORT=str(port), HOST="127.0.0.1",
               PARLEY_API_KEYS=API_KEY, WEB_CONCURRENCY=str(workers),
               PARLEY_THRESHOLDS=ALL_TO_REVIEW, GUNICORN_MAX_REQUESTS="0")
    with log.open("wb") as out:
        process = subprocess.Popen([sys.executable, "-m", "gunicorn", "-c", "service/gunicorn_conf.py",
                                    "--access-logfile", "/dev/null", "service.wsgi:app"],
                                   cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            if requests.get(url + "/readyz", timeout=1).status_code == 200:
                return process, url
        except requests.RequestException:
            time.sleep(0.2)
    process.kill()
    raise SystemExit("gunicorn did not become ready; see " + str(log))


def fill(url: str, count: int) -> None:
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {API_KEY}"

    def post(n: int) -> None:
        body = {"id": f"bench-{n}", "text": f"{TEXTS[n % len(TEXTS)]} #{n}", "site": "bench",
                "author_id": f"u{n % 50}"}
        assert session.post(url + "/v1/comments", json=body, timeout=30).json()["decision"] == "review"

    with ThreadPoolExecutor(4) as pool:
        list(pool.map(post, range(count)))
    session.close()


def moderate(url: str, name: str, barrier: threading.Barrier) -> dict[str, list[float]]:
    session, times = requests.Session(), {"claim": [], "decide": [], "pair": []}
    session.auth = (name, PASSWORD)
    barrier.wait()
    while True:
        started = time.perf_counter()
        claimed = session.post(url + "/v1/reviews/claim", timeout=30)
        middle = time.perf_counter()
        if claimed.status_code == 204:
            break
        comment_id = claimed.json()["item"]["comment_id"]
        body = {"decision": "reject", "reason": "abusive"} if len(times["pair"]) % 2 else {"decision": "approve"}
        decided = session.post(f"{url}/v1/reviews/{comment_id}/decision", json=body, timeout=30)
        ended = time.perf_counter()
        assert decided.status_code == 200, decided.text
        times["claim"].append(middle - started)
        times["decide"].append(ended - middle)
        times["pair"].append(ended - started)
    session.close()
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--comments", type=int, default=400)
    parser.add_argument("--moderators", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--fsync", default="always", choices=["always", "everysec", "no"],
                        help="Redis appendfsync (Parley ships 'always')")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        server = RedisServer(Path(tmp) / "redis", fsync=args.fsync).start()
        process, url = start_gunicorn(server.url, args.workers, Path(tmp) / "gunicorn.log")
        try:
            client = redis.Redis.from_url(server.url, decode_responses=True)
            names = [f"mod{n}" for n in range(args.moderators)]
            for name in names:
                Moderators(client).add(name, PASSWORD)
            fill(url, args.comments)
            barrier = threading.Barrier(len(names))
            started = time.perf_counter()
            with ThreadPoolExecutor(len(names)) as pool:
                results = list(pool.map(lambda n: moderate(url, n, barrier), names))
            elapsed = time.perf_counter() - started
            leftover = client.zcard("parley:queue:pending")
            client.close()
        finally:
            process.terminate()
            process.wait(30)
            server.stop()
    merged = {kind: [t for r in results for t in r[kind]] for kind in ("claim", "decide", "pair")}
    pairs = len(merged["pair"])
    print(f"machine: {os.cpu_count()} CPUs, {cpu_model()}, "
          f"Python {platform.python_version()}, load average {os.getloadavg()[0]:.1f} (shared machine)")
    print(f"setup: {args.moderators} moderators, {args.workers} gunicorn workers, {args.comments} comments,"
          f" Redis appendfsync {args.fsync}, HTTP Basic on every request (argon2id; checks remembered in Redis 300 s)")
    print(f"claim+decide pairs: {pairs} in {elapsed:.2f} s = {pairs / elapsed:.1f} pairs/s "
          f"({2 * pairs / elapsed:.1f} requests/s); left in queue: {leftover}")
    for kind in ("claim", "decide", "pair"):
        values = [v * 1000 for v in merged[kind]]
        print(f"{kind:>6} latency ms: p50 {statistics.median(values):.1f}  p90 {percentile(values, 0.9):.1f}"
              f"  p99 {percentile(values, 0.99):.1f}  max {max(values):.1f}")
    per_moderator = ", ".join(f"{n}={len(r['pair'])}" for n, r in zip(names, results))
    print(f"per moderator: {per_moderator}")
    return 0 if leftover == 0 and pairs == args.comments else 1


if __name__ == "__main__":
    sys.exit(main())
