"""The real app under gunicorn on a free loopback port, driven over HTTP."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import pytest
import requests

from bench.harness import stop_process
from service.config import REPO_ROOT
from service.redis_server import RedisServer, free_port
from tests.conftest import API_KEY

GUNICORN_CONF = REPO_ROOT / "service" / "gunicorn_conf.py"


@dataclass
class LiveServer:
    """A running gunicorn with its base URL."""

    url: str
    process: subprocess.Popen
    log_path: Path

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")


def start_gunicorn(redis_url: str, log_path: Path, **extra_env: str) -> LiveServer:
    """Start `gunicorn -c service/gunicorn_conf.py service.wsgi:app` and wait for /readyz."""
    port = free_port()
    env = dict(os.environ, REDIS_URL=redis_url, PORT=str(port), HOST="127.0.0.1",
               PARLEY_API_KEYS=API_KEY, WEB_CONCURRENCY="2")
    env.update(extra_env)
    with log_path.open("wb") as log:   # the child keeps its own copy of the descriptor
        process = subprocess.Popen([sys.executable, "-m", "gunicorn", "-c", str(GUNICORN_CONF),
                                    "service.wsgi:app"], env=env, cwd=REPO_ROOT,
                                   stdout=log, stderr=subprocess.STDOUT)
    server = LiveServer(f"http://127.0.0.1:{port}", process, log_path)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("gunicorn exited:\n" + server.log())
        try:
            if requests.get(server.url + "/readyz", timeout=1).status_code == 200:
                return server
        except requests.RequestException:
            pass
        time.sleep(0.2)
    process.kill()
    raise RuntimeError("gunicorn never became ready:\n" + server.log())


def stop_gunicorn(server: LiveServer) -> None:
    stop_process(server.process)


@pytest.fixture(scope="session")
def e2e_redis(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisServer]:
    """A Redis of the e2e session's own, append-only with fsync always, as in production."""
    server = RedisServer(tmp_path_factory.mktemp("e2e-redis")).start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def live_server(e2e_redis: RedisServer, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    server = start_gunicorn(e2e_redis.url, tmp_path_factory.mktemp("gunicorn") / "gunicorn.log")
    yield server
    stop_gunicorn(server)


@pytest.fixture
def api(live_server: LiveServer) -> requests.Session:
    """A requests session with the client API key set."""
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {API_KEY}"
    return session
