"""Coral Talk's external moderation phase under load: p50/p99 against Talk's 200 ms timeout.

Talk waits at most the phase timeout (200 ms by default) and then publishes without Parley's
opinion, so the tail is what matters. The requests are what Talk sends by default: signed
HTML bodies, every one a different comment (so every one is a score-cache miss), most of them
clean (204), some quoting an abusive comment in a <blockquote>, some in German (withheld as
unreadable), some abusive (withheld or rejected, stored and queued). wrk paces them at fixed
rates over keep-alive connections and times each from when it was due, so a stalled server
cannot hide its queue. Starts its own Redis (fsync always) and gunicorn (2 workers).

Run: .venv/bin/python bench/coral_phase_bench.py [--seconds 12] [--rates 25,50,100]
"""

from __future__ import annotations

import argparse
import hashlib
import hmac
import json
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.harness import (PACING_LUA, _run_wrk, machine, paced_result, start_gunicorn,  # noqa: E402
                           start_redis)

SECRET = "bench-coral-secret"
TIMEOUT_MS = 200  # Talk's default phase timeout
CLEAN = ["The council should publish the whole budget before the vote, not after it.",
         "Good reporting on the strike; the map of the crossing was especially useful.",
         "I disagree with the editorial, but it makes its case fairly and with sources."]
ABUSIVE = ["You are a pathetic idiot and everyone here knows it.",
           "Someone should burn that embassy down with them inside."]
GERMAN = "Man sollte diese Politiker alle aufhängen, und zwar bald."

_SCRIPT = r"""
local counter, next_tid = 0, 0
local threads = {}
function setup(thread) thread:set("tid", next_tid); next_tid = next_tid + 1; table.insert(threads, thread) end
function init(args)
  reqs, stride = {}, tonumber(args[4])
  for line in io.lines(args[1]) do
    local tab = line:find("\t", 1, true)
    reqs[#reqs + 1] = { line:sub(1, tab - 1), line:sub(tab + 1) }
  end
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
end
function request()
  local r = reqs[((counter * stride + tid) % #reqs) + 1]
  counter = counter + 1
  wrk.headers["X-Coral-Signature"] = r[1]
  return wrk.format("POST", "/v1/integrations/coral", nil, r[2])
end
""" + PACING_LUA


def html_body(i: int) -> str:
    """The i-th comment as Talk's editor writes it; a different text every time."""
    kind = i % 10
    if kind < 6:
        return f"<p>{CLEAN[i % 3]}</p><p>Reader {i} adds: thanks &amp; regards.</p>"
    if kind < 8:
        return (f"<blockquote><p>{ABUSIVE[i % 2]}</p></blockquote>"
                f"<p>Quoting this for the moderators, reader {i}.<br>{CLEAN[i % 3]}</p>")
    if kind == 8:
        return f"<p>{GERMAN} Leser {i}.</p>"
    return f"<p>{ABUSIVE[i % 2]} (reader {i})</p>"


def write_requests(path: Path, count: int, prefix: str) -> None:
    """One line per request: its signature, a tab, the signed body (compact JSON)."""
    with path.open("w", encoding="utf-8") as out:
        for i in range(count):
            body = json.dumps({"action": "NEW", "comment": {"id": f"{prefix}-{i}", "body": html_body(i),
                                                            "parentID": None},
                               "author": {"id": f"author-{i % 50}", "role": "COMMENTER"},
                               "story": {"id": f"story-{i % 7}", "url": "https://news.example/s"},
                               "site": {"id": "bench-site"}, "tenantID": "t", "tenantDomain": "news.example"},
                              separators=(",", ":"))
            signature = "sha256=" + hmac.new(SECRET.encode(), body.encode(), hashlib.sha256).hexdigest()
            out.write(f"{signature}\t{body}\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=12)
    parser.add_argument("--rates", default="25,50,100", help="requests per second, comma-separated")
    parser.add_argument("--connections", type=int, default=8)
    args = parser.parse_args()
    rates = [float(r) for r in args.rates.split(",")]
    seconds = min(args.seconds, 60)
    print(f"machine: {machine()}; {seconds} s per rate, {args.connections} connections, gunicorn 2 workers")
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        redis_server = start_redis(root)
        instance = start_gunicorn("service.wsgi:app", root / "gunicorn.log", REDIS_URL=redis_server.url,
                                  PARLEY_CORAL_SECRETS=SECRET)
        try:
            print(f"{'rate/s':>7s} {'sent':>6s} {'p50 ms':>7s} {'p99 ms':>7s} {'max ms':>7s}  statuses")
            for n, rate in enumerate([rates[0]] + rates):  # the first run warms both workers
                requests_file = root / f"requests-{n}.tsv"
                write_requests(requests_file, int(rate * seconds) + 200, prefix=f"run{n}")
                result = paced_result(_run_wrk(_SCRIPT, "PACED", instance.url, seconds, args.connections,
                                               args.connections, "10s", requests_file, "-", rate,
                                               args.connections), rate)
                if n == 0:
                    continue
                verdict = "within" if result["p99_ms"] < TIMEOUT_MS else "OVER"
                print(f"{rate:7.0f} {result['sent']:6d} {result['p50_ms']:7.1f} {result['p99_ms']:7.1f} "
                      f"{result['max_ms']:7.1f}  {result['statuses']}  p99 {verdict} Talk's {TIMEOUT_MS} ms")
        finally:
            instance.stop()
            redis_server.stop()


if __name__ == "__main__":
    main()
