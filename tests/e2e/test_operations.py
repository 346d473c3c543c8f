"""What an operator relies on under real gunicorn: summed metrics, JSON logs, refusing a bad model."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time

import requests

from service.config import DEFAULT_MODEL_PATH, REPO_ROOT
from service.redis_server import free_port
from tests.e2e.conftest import API_KEY, GUNICORN_CONF, start_gunicorn, stop_gunicorn
from tests.integration.test_observability import metric

ROUTE = "/v1/comments/<comment_id>"


def test_metrics_add_up_over_workers(live_server, api):
    def count() -> float:
        return metric(requests.get(live_server.url + "/metrics", timeout=5).text,
                      "parley_http_requests_total", method="GET", route=ROUTE, status="404")

    before = count()
    for i in range(20):
        response = api.get(f"{live_server.url}/v1/comments/missing-{i}", timeout=5)
        assert response.status_code == 404, response.text
    # Any worker may answer a scrape; each must report all 20.
    seen = [count() - before for _ in range(6)]
    assert set(seen) == {20.0}, seen


def test_logs_are_json_lines_with_request_ids_and_no_text(live_server, api):
    secret = "a very private remark about the mayor"
    response = api.post(live_server.url + "/v1/comments", json={"id": "log-e2e", "text": secret},
                        headers={"X-Request-ID": "e2e-trace-1"}, timeout=5)
    assert response.headers["X-Request-ID"] == "e2e-trace-1"
    time.sleep(0.3)
    log = live_server.log()
    entries = [json.loads(line) for line in log.splitlines() if line.startswith("{")]
    assert entries and len(entries) == len([line for line in log.splitlines() if line.strip()])
    access = [e for e in entries if e.get("request_id") == "e2e-trace-1"]
    assert access and access[0]["path"] == "/v1/comments" and access[0]["status"] in (200, 201)
    assert secret not in log and "test-key" not in log


def _tampered_copy(tmp_path):
    artifact = tmp_path / DEFAULT_MODEL_PATH.name
    shutil.copy(DEFAULT_MODEL_PATH, artifact)
    shutil.copy(DEFAULT_MODEL_PATH.with_suffix(".json"), artifact.with_suffix(".json"))
    data = bytearray(artifact.read_bytes())
    data[len(data) // 2] ^= 0xFF
    artifact.write_bytes(bytes(data))
    return artifact


def test_gunicorn_refuses_a_tampered_model(e2e_redis, tmp_path):
    artifact = _tampered_copy(tmp_path)
    env = dict(os.environ, REDIS_URL=e2e_redis.url, MODEL_PATH=str(artifact), PORT=str(free_port()),
               PARLEY_API_KEYS="k")
    done = subprocess.run([sys.executable, "-m", "gunicorn", "-c", str(GUNICORN_CONF), "service.wsgi:app"],
                          env=env, cwd=REPO_ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode != 0
    assert "refusing to start" in done.stderr and "sha256" in done.stderr
    assert "Traceback" not in done.stderr


def test_parley_serve_refuses_a_tampered_model(e2e_redis, tmp_path):
    artifact = _tampered_copy(tmp_path)
    env = dict(os.environ, REDIS_URL=e2e_redis.url, MODEL_PATH=str(artifact), PARLEY_API_KEYS="k")
    done = subprocess.run([sys.executable, "-m", "service.cli.main", "serve", "--port", str(free_port())],
                          env=env, cwd=REPO_ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode != 0 and "sha256" in done.stderr


def test_recycled_workers_are_replaced_and_keep_answering(e2e_redis, tmp_path):
    """max_requests restarts end workers through the fast-exit hook: the master carries on."""
    server = start_gunicorn(e2e_redis.url, tmp_path / "gunicorn.log", WEB_CONCURRENCY="1",
                            GUNICORN_MAX_REQUESTS="4")
    try:
        session = requests.Session()
        session.headers["Authorization"] = f"Bearer {API_KEY}"
        for i in range(16):
            response = session.post(server.url + "/v1/comments", timeout=10,
                                    json={"id": f"recycle-{i}", "text": f"Reader {i} on the budget vote."})
            assert response.status_code == 201, response.text
        assert all(session.get(f"{server.url}/v1/comments/recycle-{i}", timeout=10).status_code == 200
                   for i in range(16))
        booted = [json.loads(line)["message"] for line in server.log().splitlines()
                  if line.startswith("{") and "Booting worker" in line]
        assert len(set(booted)) >= 3 and server.process.poll() is None
    finally:
        stop_gunicorn(server)


def test_http_level_junk_gets_json_errors(live_server):
    import socket

    def raw(request: bytes) -> bytes:
        with socket.create_connection(("127.0.0.1", int(live_server.url.rsplit(":", 1)[1])), timeout=10) as sock:
            sock.sendall(request)
            chunks = []
            while chunk := sock.recv(65536):
                chunks.append(chunk)
        return b"".join(chunks)

    key = b"Authorization: Bearer test-key\r\n"
    # A 2 MB chunked body, no Content-Length: read only up to the body limit, then refused as JSON.
    chunk = b"a" * 65536
    body = b"".join(b"%x\r\n%s\r\n" % (len(chunk), chunk) for _ in range(32)) + b"0\r\n\r\n"
    answer = raw(b"POST /v1/score HTTP/1.1\r\nHost: x\r\n" + key +
                 b"Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n" + body)
    assert answer.split(b" ")[1] in (b"400", b"413") and b'{"error":' in answer
    # A small chunked body (HTTP/1.1 clients that stream) is read and scored like any other.
    small = b'{"texts": ["hello there"]}'
    answer = raw(b"POST /v1/score HTTP/1.1\r\nHost: x\r\n" + key + b"Content-Type: application/json\r\n"
                 b"Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n%x\r\n%s\r\n0\r\n\r\n" % (len(small), small))
    assert answer.startswith(b"HTTP/1.1 200") and b'"results"' in answer
    # A percent-encoded invalid UTF-8 path.
    answer = raw(b"GET /v1/comments/%ff%fe HTTP/1.1\r\nHost: x\r\n" + key + b"Connection: close\r\n\r\n")
    assert answer.startswith(b"HTTP/1.1 404") and b'"not_found"' in answer
    # UTF-16 declared: refused as not-UTF-8 JSON, not a crash.
    payload = '{"texts": ["hi"]}'.encode("utf-16")
    answer = raw(b"POST /v1/score HTTP/1.1\r\nHost: x\r\n" + key + b"Content-Type: application/json; charset=utf-16\r\n"
                 b"Content-Length: %d\r\nConnection: close\r\n\r\n" % len(payload) + payload)
    assert answer.startswith(b"HTTP/1.1 400") and b'"invalid_json"' in answer
