"""`parley serve`: gunicorn as a child process, an embedded Redis when none is configured.

The embedded Redis keeps its append-only file (fsync always) under var/redis, so what was
acknowledged survives a restart; it is stopped cleanly after gunicorn exits.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from .client import ParleyClient
from .config import REPO_ROOT
from .redis_server import RedisServer

GUNICORN_CONF = Path(__file__).with_name("gunicorn_conf.py")
DEMO_API_KEY = "parley-demo-key"


def serve(*, host: str, port: int, workers: int, demo: bool) -> int:
    """Run until gunicorn exits (Ctrl-C or SIGTERM stops both it and the embedded Redis)."""
    env = dict(os.environ, HOST=host, PORT=str(port), WEB_CONCURRENCY=str(workers))
    if demo and not env.get("PARLEY_API_KEYS"):
        env["PARLEY_API_KEYS"] = DEMO_API_KEY
    embedded = None
    if not env.get("REDIS_URL"):
        var_dir = Path(env.get("PARLEY_VAR_DIR") or REPO_ROOT / "var")
        embedded = RedisServer(var_dir / "redis").start()
        env["REDIS_URL"] = embedded.url
        print(f"parley: embedded Redis on {embedded.url} (data in {embedded.data_dir})", flush=True)
    gunicorn = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", str(GUNICORN_CONF), "service.wsgi:app"], env=env)

    def _forward(signum: int, _frame: object) -> None:
        gunicorn.send_signal(signum)

    previous = {sig: signal.signal(sig, _forward) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        base_url = f"http://{host}:{port}"
        if demo:
            _load_demo(base_url, env)
        return gunicorn.wait()
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        if gunicorn.poll() is None:
            gunicorn.terminate()
            gunicorn.wait(30)
        if embedded is not None:
            embedded.stop()
            print("parley: embedded Redis stopped", flush=True)


def _load_demo(base_url: str, env: dict[str, str]) -> None:
    """Post the demo comments once the service is ready, and say how to use it."""
    from seeds import demo_comments

    api_key = env["PARLEY_API_KEYS"].split(",")[0].strip()
    client = ParleyClient(base_url, api_key)
    if not client.wait_ready(120):
        print("parley: the service did not become ready; demo data not loaded", file=sys.stderr)
        return
    held = sum(client.submit(c)["decision"] != "publish" for c in demo_comments())
    print(f"\nParley is running at {base_url}\n"
          f"  demo API key:  {api_key}\n"
          f"  demo comments: loaded ({held} held or rejected)\n"
          f"  try:  curl -s -H 'Authorization: Bearer {api_key}' -H 'Content-Type: application/json' \\\n"
          f"          -d '{{\"id\": \"c1\", \"text\": \"Thanks for the clear reporting.\"}}' {base_url}/v1/comments\n",
          flush=True)
