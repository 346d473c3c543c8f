"""What the HTTP benchmarks share: a Redis, gunicorn instances, wrk, a paced client, RSS readings.

Everything runs on loopback; every loop is bounded by a duration.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import redis

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from service.redis_server import RedisServer, free_port  # noqa: E402

GUNICORN_CONF = REPO / "service" / "gunicorn_conf.py"
API_KEY = "bench-key"
HEADERS = {"Authorization": f"Bearer {API_KEY}", "Content-Type": "application/json"}


def machine() -> str:
    """nproc and CPU model, for the figures' caption."""
    model = "unknown CPU"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            model = line.split(":", 1)[1].strip()
            break
    return f"{os.cpu_count()} CPUs, {model}"


def ensure_wrk() -> str:
    """Debian's wrk, installed with apt the first time (bench only; the tests never need it)."""
    found = shutil.which("wrk")
    if found:
        return found
    print("installing wrk with apt-get ...", file=sys.stderr)
    subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=True,
                   stdout=subprocess.DEVNULL)
    return shutil.which("wrk") or "wrk"


@dataclass
class Instance:
    """One gunicorn master on a loopback port."""

    url: str
    process: subprocess.Popen
    log_path: Path

    def workers(self) -> list[int]:
        return child_pids(self.process.pid)

    def stop(self) -> None:
        stop_process(self.process)


def start_gunicorn(app: str, log_path: Path, **env: str) -> Instance:
    """gunicorn -c service/gunicorn_conf.py APP, waiting until /readyz (or /healthz) answers."""
    port = free_port()
    full_env = dict(os.environ, HOST="127.0.0.1", PORT=str(port), PARLEY_API_KEYS=API_KEY,
                    WEB_CONCURRENCY="2", PARLEY_RATE_LIMIT="off", PARLEY_ADDRESS_RATE_LIMIT="off",
                    GUNICORN_ACCESS_LOG="off", PYTHONPATH=str(REPO))
    full_env.update(env)
    full_env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    with log_path.open("wb") as log:
        process = subprocess.Popen([sys.executable, "-m", "gunicorn", "-c", str(GUNICORN_CONF), app],
                                   env=full_env, cwd=REPO, stdout=log, stderr=subprocess.STDOUT)
    instance = Instance(f"http://127.0.0.1:{port}", process, log_path)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited: {log_path.read_text()[-2000:]}")
        for path in ("/readyz", "/healthz"):
            try:
                with urllib.request.urlopen(instance.url + path, timeout=1) as resp:
                    if resp.status == 200:
                        return instance
            except OSError:
                pass
        time.sleep(0.2)
    process.kill()
    raise RuntimeError("gunicorn never became ready")


def stop_process(process: subprocess.Popen) -> None:
    """Ask a server to stop (SIGTERM, a graceful shutdown); kill it if it takes over 20 s."""
    process.terminate()
    try:
        process.wait(20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def child_pids(parent: int) -> list[int]:
    """Direct children of `parent`, from /proc."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == parent:
                found.append(int(entry))
    return sorted(found)


def memory_mb(pid: int) -> dict[str, float]:
    """RSS and PSS (shared pages split between the sharers) of one process, in MB."""
    figures = {}
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            name, _, rest = line.partition(":")
            if name in ("Rss", "Pss"):
                figures[name.lower()] = round(int(rest.split()[0]) / 1024, 1)
    except OSError:
        pass
    return figures


def post_json(url: str, body: dict, timeout: float = 10.0) -> tuple[int, dict]:
    """One POST with the bench key; (status, JSON body)."""
    request = urllib.request.Request(url, data=json.dumps(body).encode(), headers=HEADERS, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as resp:
            return resp.status, json.loads(resp.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read() or b"{}")


_WRK_SCRIPT = r"""
local counter, next_tid = 0, 0
local threads = {}
-- `tid` is a global of each thread's own Lua state, set here in the main one.
function setup(thread) thread:set("tid", next_tid); next_tid = next_tid + 1; table.insert(threads, thread) end
function init(args)
  mode, prefix = args[1], args[2]
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["Authorization"] = "Bearer @KEY@"
end
local function batch(n, tag)
  local parts = {}
  for i = 1, n do parts[i] = '"Batch reader ' .. tag .. '-' .. i .. ' says the budget vote was rushed."' end
  return '{"texts":[' .. table.concat(parts, ",") .. ']}'
end
function request()
  counter = counter + 1
  local id = prefix .. "-" .. tid .. "-" .. counter
  local body
  if mode == "miss" then
    wrk.path = "/v1/comments"
    body = '{"id":"' .. id .. '","text":"Reader ' .. id .. ' thinks the council vote on the budget was rushed."}'
  elseif mode == "cached" then
    wrk.path = "/v1/comments"
    body = '{"id":"' .. id .. '","text":"I think the council vote on the budget was rushed."}'
  elseif mode == "score-cached" then
    wrk.path = "/v1/score"
    body = '{"texts":["I think the council vote on the budget was rushed."]}'
  elseif mode == "batch" then
    wrk.path = "/v1/score"
    body = batch(256, id)
  else
    wrk.path = "/echo"
    body = '{"id":"' .. id .. '","text":"Reader thinks the council vote on the budget was rushed."}'
  end
  return wrk.format(nil, nil, nil, body)
end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('WRK {"requests": %d, "duration_us": %d, "connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d, "p50_ms": %.2f, "p99_ms": %.2f}\n',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
"""


def _run_wrk(script_text: str, marker: str, url: str, seconds: float, threads: int, connections: int,
             timeout: str, *args: object) -> dict:
    """Run wrk with `script_text` and return the JSON its `done` hook printed after `marker`."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(script_text.replace("@KEY@", API_KEY))
    try:
        done = subprocess.run([ensure_wrk(), "-t", str(threads), "-c", str(connections),
                               "-d", f"{max(1, round(seconds))}s", "--timeout", timeout, "-s", script.name, url,
                               "--", *map(str, args)], capture_output=True, text=True, timeout=seconds + 60)
    finally:
        os.unlink(script.name)
    line = next((l for l in done.stdout.splitlines() if l.startswith(marker + " ")), None)
    if line is None:
        raise RuntimeError(f"wrk said: {done.stdout}\n{done.stderr}")
    return json.loads(line[len(marker) + 1:])


def wrk(url: str, mode: str, seconds: int, connections: int, prefix: str, threads: int = 1) -> dict:
    """A closed-loop wrk run; requests/s, error counts and latency percentiles."""
    result = _run_wrk(_WRK_SCRIPT, "WRK", url, seconds, threads, connections, "5s", mode, prefix)
    result["rps"] = round(result["requests"] / (result["duration_us"] / 1e6), 1)
    return result


# Pacing on top of _WRK_SCRIPT: one connection per wrk thread, thread k's n-th request due at
# t0 + k/rate + n*threads/rate, and each latency measured from when its request was due (not
# sent), so a stalled server cannot hide its queue behind the client's few connections.
PACING_LUA = r"""
local ffi = require("ffi")
ffi.cdef[[
typedef struct { long tv_sec; long tv_usec; } parley_timeval;
int gettimeofday(parley_timeval *tv, void *tz);
]]
local tv = ffi.new("parley_timeval")
local function now() ffi.C.gettimeofday(tv, nil); return tonumber(tv.tv_sec) + tonumber(tv.tv_usec) * 1e-6 end
local base_setup, start = setup, nil
function setup(thread)
  start = start or now()
  thread:set("t0", start)
  base_setup(thread)
end
local base_init, base_request = init, request
function init(args)
  base_init(args)
  rate, interval, sent, latencies, statuses = tonumber(args[3]), tonumber(args[4]) / tonumber(args[3]), 0, {}, {}
end
local function due() return t0 + tid / rate + sent * interval end
function delay() return math.max(0, (due() - now()) * 1000) end
function request() current_due = due(); sent = sent + 1; return base_request() end
function response(status, headers, body)
  latencies[#latencies + 1] = now() - current_due
  statuses[status] = (statuses[status] or 0) + 1
end
function done(summary, latency, requests)
  local all, merged = {}, {}
  for _, thread in ipairs(threads) do
    for _, v in ipairs(thread:get("latencies")) do all[#all + 1] = v end
    for code, n in pairs(thread:get("statuses")) do merged[code] = (merged[code] or 0) + n end
  end
  table.sort(all)
  local function pick(q) return #all > 0 and all[math.min(#all, math.floor(q * #all) + 1)] * 1000 or -1 end
  local codes = {}
  for code, n in pairs(merged) do codes[#codes + 1] = string.format('"%d": %d', code, n) end
  local e = summary.errors
  io.write(string.format('PACED {"answered": %d, "statuses": {%s}, "failed": %d, "p50_ms": %.2f, "p99_ms": %.2f, "max_ms": %.2f}\n',
    #all, table.concat(codes, ", "), e.timeout + e.connect + e.read + e.write, pick(0.5), pick(0.99), pick(1.0)))
end
"""
# Pacing goes on top of any base script that defines setup/init/request as _WRK_SCRIPT does
# (a `tid` per thread, the `threads` table) and reads its rate and connections from args 3 and 4.
_PACED_SCRIPT = _WRK_SCRIPT + PACING_LUA


def paced_result(result: dict, rate: float) -> dict:
    """The PACED line as figures: failed requests counted under status 0."""
    statuses = {int(code): count for code, count in result.pop("statuses").items()}
    failed = result.pop("failed")
    if failed:
        statuses[0] = failed
    return {"rate": rate, "sent": result.pop("answered") + failed, **result, "statuses": statuses}


def paced(url: str, mode: str, rate: float, seconds: float, prefix: str, connections: int = 8) -> dict:
    """An open-loop-style wrk run at a fixed request rate (latency from each request's due time).

    `mode` picks the request body as in `wrk`. Requests that failed (timeouts, refused or broken
    connections) count under status 0; those still in flight when the run ends are not counted.
    wrk takes whole seconds, so `seconds` is rounded.
    """
    result = _run_wrk(_PACED_SCRIPT, "PACED", url, seconds, connections, connections, "10s",
                      mode, prefix, rate, connections)
    return paced_result(result, rate)


STALL_MS = 20  # Redis's latency monitor records every event (an fsync above all) slower than this


def watch_stalls(url: str) -> redis.Redis:
    """Turn on Redis's latency monitor from now on (earlier events forgotten); pass the client on."""
    client = redis.Redis.from_url(url, decode_responses=True)
    client.config_set("latency-monitor-threshold", STALL_MS)
    client.execute_command("LATENCY", "RESET")
    return client


def redis_stalls(client: redis.Redis) -> dict[str, int]:
    """The slowest event of each kind Redis itself saw since `watch_stalls`, in ms.

    With `appendfsync always` the server waits for each fsync before it answers anyone, so a
    slow disk shows here ("aof-fsync-always"): a tail latency the app cannot help.
    """
    return {event: int(worst) for event, _, _, worst in client.execute_command("LATENCY", "LATEST")}


def start_redis(root: Path, fsync: str = "always") -> RedisServer:
    """A Redis as production runs it: append-only, fsync always (unless told otherwise)."""
    return RedisServer(root / "redis", fsync=fsync).start()
