"""`parley serve`: gunicorn as a child process, an embedded Redis when none is configured.

The embedded Redis keeps its append-only file (fsync always) under var/redis, so what was
acknowledged survives a restart; it is stopped cleanly after gunicorn exits.
"""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
import sys
from pathlib import Path

from service.cli.client import ParleyClient
from service.config import REPO_ROOT
from service.redis_server import RedisServer

GUNICORN_CONF = Path(__file__).resolve().parent.parent / "gunicorn_conf.py"
DEMO_API_KEY = "parley-demo-key"
DEMO_MODERATOR = "demo"


def serve(*, host: str, port: int, workers: int, demo: bool) -> int:
    """Run until gunicorn exits (Ctrl-C or SIGTERM stops both it and the embedded Redis)."""
    env = dict(os.environ, HOST=host, PORT=str(port), WEB_CONCURRENCY=str(workers))
    if demo and not env.get("PARLEY_API_KEYS"):
        env["PARLEY_API_KEYS"] = DEMO_API_KEY
    var_dir = Path(env.get("PARLEY_VAR_DIR") or REPO_ROOT / "var")
    if not env.get("PARLEY_SECRET_KEY", "").strip():
        env["PARLEY_SECRET_KEY"] = persistent_secret(var_dir / "secret_key")
        print(f"parley: PARLEY_SECRET_KEY unset; sessions are signed with {var_dir / 'secret_key'}",
              flush=True)
    embedded = None
    if not env.get("REDIS_URL"):
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
            _load_demo(base_url, env, var_dir)
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


def persistent_secret(path: Path) -> str:
    """The session key kept in `path` (made once, owner-only), so every worker and restart agree."""
    try:
        return path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another `parley serve` made it first: use theirs
        return path.read_text(encoding="ascii").strip()
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(key + "\n")
    return key


def demo_moderator(redis_url: str, password_file: Path) -> tuple[str, str | None]:
    """Make the `demo` moderator when there is no moderator yet; its password, if we know it."""
    import redis

    from service.review.moderators import Moderators

    client = redis.Redis.from_url(redis_url, decode_responses=True)
    try:
        accounts = Moderators(client)
        if not accounts.names():
            password = secrets.token_urlsafe(12)
            accounts.add(DEMO_MODERATOR, password)
            password_file.parent.mkdir(parents=True, exist_ok=True)
            password_file.unlink(missing_ok=True)
            fd = os.open(password_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w", encoding="ascii") as handle:
                handle.write(password + "\n")
            return DEMO_MODERATOR, password
        if DEMO_MODERATOR in accounts.names() and password_file.is_file():
            return DEMO_MODERATOR, password_file.read_text(encoding="ascii").strip()
        return accounts.names()[0], None
    finally:
        client.close()


def _load_demo(base_url: str, env: dict[str, str], var_dir: Path) -> None:
    """Post the demo comments once the service is ready, and say how to use it."""
    from seeds import demo_comments

    api_key = env["PARLEY_API_KEYS"].split(",")[0].strip()
    client = ParleyClient(base_url, api_key)
    if not client.wait_ready(120):
        print("parley: the service did not become ready; demo data not loaded", file=sys.stderr)
        return
    held = sum(client.submit(c)["decision"] != "publish" for c in demo_comments())
    name, password = demo_moderator(env["REDIS_URL"], var_dir / "demo_moderator_password")
    login = (f"  moderators:    {base_url}/moderate/  log in as {name} / {password}\n" if password else
             f"  moderators:    {base_url}/moderate/  log in as one of your moderators (e.g. {name})\n")
    print(f"\nParley is running at {base_url}\n{login}"
          f"  demo API key:  {api_key}\n"
          f"  demo comments: loaded ({held} held or rejected)\n"
          f"  try:  curl -s -H 'Authorization: Bearer {api_key}' -H 'Content-Type: application/json' \\\n"
          f"          -d '{{\"id\": \"c1\", \"text\": \"Thanks for the clear reporting.\"}}' {base_url}/v1/comments\n",
          flush=True)
