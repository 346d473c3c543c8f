"""`make run` from this checkout: starts gunicorn and an embedded Redis, loads the demo, stops both."""

import os
import re
import signal
import subprocess
import threading
import time

import pytest
import redis
import requests

from service.config import REPO_ROOT
from service.redis_server import free_port
from service.cli.serve import DEMO_API_KEY


def test_make_run_serves_the_demo_and_stops_its_redis(tmp_path):
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "PARLEY_API_KEYS", "MAKEFLAGS")}
    env["PARLEY_VAR_DIR"] = str(tmp_path / "var")
    process = subprocess.Popen(["make", "--no-print-directory", "run", f"PORT={port}"], cwd=REPO_ROOT,
                               env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                               start_new_session=True)
    output: list[str] = []
    reader = threading.Thread(target=lambda: output.extend(process.stdout), daemon=True)
    reader.start()
    try:
        deadline = time.monotonic() + 180
        while "Parley is running" not in "".join(output):
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail("make run did not come up:\n" + "".join(output))
            time.sleep(0.2)
        text = "".join(output)
        redis_url = re.search(r"embedded Redis on (redis://\S+)", text).group(1)
        assert DEMO_API_KEY in text and f"http://127.0.0.1:{port}" in text

        base = f"http://127.0.0.1:{port}"
        headers = {"Authorization": f"Bearer {DEMO_API_KEY}"}
        response = requests.post(base + "/v1/comments", headers=headers,
                                 json={"id": "mr-1", "text": "A calm, well sourced piece."})
        assert response.status_code == 201 and response.json()["decision"] == "publish"
        demo = requests.get(base + "/v1/comments/demo-10", headers=headers).json()
        assert demo["decision"] in ("review", "reject")
        assert (tmp_path / "var" / "redis" / "appendonly.aof").exists() or \
            (tmp_path / "var" / "redis" / "appendonlydir").exists()
    finally:
        os.killpg(process.pid, signal.SIGINT)      # Ctrl-C in the terminal
        process.wait(60)
        reader.join(5)
        process.stdout.close()
    assert "embedded Redis stopped" in "".join(output)
    with pytest.raises(redis.ConnectionError):
        redis.Redis.from_url(redis_url, socket_connect_timeout=1).ping()
