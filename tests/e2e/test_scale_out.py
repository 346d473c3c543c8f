"""Two gunicorn instances on different ports sharing one Redis behave as one Parley."""

from __future__ import annotations

import concurrent.futures
import json
from pathlib import Path

import pytest
import redis
import requests

from service.redis_server import RedisServer
from service.review.queue import PENDING
from tests.conftest import API_KEY
from tests.e2e.conftest import start_gunicorn, stop_gunicorn

AUTH = {"Authorization": f"Bearer {API_KEY}"}
LABELS = ("toxicity", "severe_toxicity", "obscene", "insult", "identity_attack", "threat", "incitement")
# A site where every comment is held for review and none is rejected: a full queue to race on.
THRESHOLDS = json.dumps({"sites": {"review-all": {label: {"review": 0.0, "reject": 1.0} for label in LABELS}}})
DOUBTFUL = "Someone should go and shoot every one of those traitors, they deserve a bullet."


@pytest.fixture(scope="module")
def pair(tmp_path_factory: pytest.TempPathFactory):
    """One Redis, two instances (each with two workers), a per-key limit of 10 a minute."""
    root = tmp_path_factory.mktemp("scale-out")
    store = RedisServer(root / "redis").start()
    env = {"PARLEY_RATE_LIMIT": "10/minute", "PARLEY_ADDRESS_RATE_LIMIT": "off", "PARLEY_THRESHOLDS": THRESHOLDS}
    first = start_gunicorn(store.url, root / "a.log", **env)
    second = start_gunicorn(store.url, root / "b.log", **env)
    yield store, first, second
    stop_gunicorn(first)
    stop_gunicorn(second)
    store.stop()


@pytest.fixture
def store_client(pair):
    client = redis.Redis.from_url(pair[0].url, decode_responses=True)
    client.flushdb()
    yield client
    client.close()


def test_rate_limit_is_shared(pair, store_client):
    _, first, second = pair
    key = {"Authorization": f"Bearer {API_KEY}"}
    codes = [requests.get((first if i % 2 else second).url + "/v1/comments/none", headers=key, timeout=5).status_code
             for i in range(14)]
    assert codes.count(404) == 10 and codes.count(429) == 4


def test_score_cache_is_shared(pair, store_client):
    _, first, second = pair
    text = "The second paragraph makes a fair point about the budget."
    one = requests.post(first.url + "/v1/comments", json={"id": "s1", "text": text}, headers=AUTH, timeout=5)
    two = requests.post(second.url + "/v1/comments", json={"id": "s2", "text": text}, headers=AUTH, timeout=5)
    assert one.status_code == two.status_code == 201
    assert one.json()["cached"] is False and two.json()["cached"] is True


def test_same_comment_to_both_instances_is_queued_once(pair, store_client):
    _, first, second = pair
    body = {"id": "twice", "text": DOUBTFUL}
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(lambda i: requests.post((first if i % 2 else second).url + "/v1/comments",
                                                        json=body, headers=AUTH, timeout=5), range(8)))
    assert sum(a.status_code == 201 for a in answers) == 1
    assert all(a.status_code in (200, 201) for a in answers)
    assert len(store_client.lrange("parley:history:twice", 0, -1)) == 2  # submitted + auto_decision
    if answers[0].json()["decision"] == "review":
        assert store_client.zcard(PENDING) == 1


def test_claims_are_exclusive_across_instances(pair, store_client):
    """Two moderators, one per instance, claim until the queue is empty: no comment twice.

    Needs the review queue's claim endpoint and moderator accounts (the review-queue issue);
    skipped on a branch without them.
    """
    _, first, second = pair
    if requests.post(first.url + "/v1/reviews/claim", timeout=5).status_code == 404:
        pytest.skip("POST /v1/reviews/claim is not on this branch yet (review-queue issue)")
    from service.review.moderators import Moderators

    moderators = Moderators(store_client)
    moderators.add("mod-a", "pw-a-long-enough")
    moderators.add("mod-b", "pw-b-long-enough")
    queued = set()
    for i in range(8):  # the pair's per-key limit is 10 a minute
        answer = requests.post(first.url + "/v1/comments", headers=AUTH, timeout=5,
                               json={"id": f"claim-{i}", "text": f"Comment number {i}.", "site": "review-all"}).json()
        if answer["decision"] == "review":
            queued.add(answer["id"])
    assert len(queued) == 8

    def drain(instance, name: str) -> list[str]:
        claimed = []
        for _ in range(40):
            response = requests.post(instance.url + "/v1/reviews/claim", auth=(name, f"pw-{name[-1]}-long-enough"),
                                     timeout=5)
            if response.status_code == 204:
                break
            assert response.status_code == 200, response.text
            claimed.append(response.json()["item"]["comment_id"])
        return claimed

    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        a, b = pool.map(lambda args: drain(*args), [(first, "mod-a"), (second, "mod-b")])
    assert not set(a) & set(b) and len(a) == len(set(a)) and len(b) == len(set(b))
    assert set(a) | set(b) == queued
