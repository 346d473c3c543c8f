"""Acknowledged means kept: SIGKILL Redis after N acknowledged submissions, restart, find all N."""

from __future__ import annotations

import json
import time

import redis
import requests

from service.review.audit_log import STREAM
from service.review.moderators import Moderators
from service.redis_server import RedisServer
from service.review.queue import PENDING
from tests.conftest import API_KEY
from tests.e2e.conftest import start_gunicorn, stop_gunicorn
from tests.e2e.test_reviews_http import ALL_TO_REVIEW, TEXTS

N = 25


def test_acknowledged_comments_survive_a_redis_sigkill(tmp_path):
    server = RedisServer(tmp_path / "redis", fsync="always").start()
    app = start_gunicorn(server.url, tmp_path / "gunicorn.log", PARLEY_THRESHOLDS=ALL_TO_REVIEW)
    client = redis.Redis.from_url(server.url, decode_responses=True)
    key = {"Authorization": f"Bearer {API_KEY}"}
    try:
        Moderators(client).add("erin", "a long password")
        ids = []
        for n in range(N):
            body = {"id": f"durable-{n}", "text": f"{TEXTS[n % len(TEXTS)]} ({n})", "author_id": "u1"}
            response = requests.post(app.url + "/v1/comments", json=body, headers=key, timeout=10)
            assert response.status_code == 201 and response.json()["decision"] == "review"
            ids.append(body["id"])
        acknowledged_order = client.zrange(PENDING, 0, -1)
        assert sorted(acknowledged_order) == sorted(ids)

        server.kill()  # as a crash would: no chance to flush anything more
        down = requests.post(app.url + "/v1/comments", json={"id": "lost", "text": "Hello there."},
                             headers=key, timeout=10)
        assert down.status_code == 503 and down.json()["error"]["code"] == "store_unavailable"
        assert int(down.headers["Retry-After"]) > 0
        queue_down = requests.get(app.url + "/v1/reviews", auth=("erin", "a long password"), timeout=10)
        assert queue_down.status_code == 503 and "Traceback" not in queue_down.text
        assert queue_down.json()["error"]["code"] == "store_unavailable" and queue_down.headers["Retry-After"]

        server = RedisServer(tmp_path / "redis", port=server.port, fsync="always").start()
        client.close()
        client = redis.Redis.from_url(server.url, decode_responses=True)
        assert client.zrange(PENDING, 0, -1) == acknowledged_order
        submitted = [json.loads(f["entry"])["comment_id"] for _, f in client.xrange(STREAM)
                     if json.loads(f["entry"])["event"] == "submitted"]
        assert submitted == ids  # the audit log kept the order they were acknowledged in
        for comment_id in ids:
            history = [json.loads(e)["event"] for e in client.lrange(f"parley:history:{comment_id}", 0, -1)]
            assert history == ["submitted", "auto_decision"]
            assert client.hget(f"parley:comment:{comment_id}", "status") == "pending"
        assert not client.exists("parley:comment:lost")

        deadline = time.monotonic() + 10  # gunicorn's workers reconnect by themselves
        while True:
            listed = requests.get(app.url + "/v1/reviews", params={"limit": N},
                                  auth=("erin", "a long password"), timeout=10)
            if listed.status_code == 200 or time.monotonic() > deadline:
                break
            time.sleep(0.2)
        assert [i["comment_id"] for i in listed.json()["items"]] == acknowledged_order
    finally:
        client.close()
        stop_gunicorn(app)
        server.stop()
