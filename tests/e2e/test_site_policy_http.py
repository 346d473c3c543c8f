"""Site policy under gunicorn (2 workers) over HTTP: rudeness held, the gravest first, word lists."""

from __future__ import annotations

import json
import time
import uuid
from typing import Iterator

import pytest
import redis
import requests

from service.review.moderators import Moderators
from tests.conftest import API_KEY
from tests.e2e.conftest import LiveServer, start_gunicorn, stop_gunicorn

PASSWORD = "correct horse battery"
# Clear-cut texts; the grave labels review low and never reject here, so the test is about the
# queue's order, not about where this model puts its scores.
THRESHOLDS = json.dumps({"default": {label: {"review": 0.2, "reject": None} for label in
                                     ("incitement", "threat", "severe_toxicity", "identity_attack")}})
SHOOT = "Someone should go to the army base and shoot every soldier there."
MORONS = ["You moron.", "you moron, you absolute moron"]
RUDE = ["These politicians are cowards.", "What a stupid, dishonest article. The editor should be ashamed."]


@pytest.fixture(scope="module")
def policy_server(e2e_redis, tmp_path_factory) -> Iterator[LiveServer]:
    server = start_gunicorn(e2e_redis.url, tmp_path_factory.mktemp("site-policy") / "gunicorn.log",
                            PARLEY_THRESHOLDS=THRESHOLDS, WEB_CONCURRENCY="2")
    yield server
    stop_gunicorn(server)


@pytest.fixture(scope="module")
def lead(e2e_redis) -> Iterator[requests.Session]:
    """A moderation lead on HTTP Basic."""
    client = redis.Redis.from_url(e2e_redis.url, decode_responses=True)
    Moderators(client).add("lead", PASSWORD, replace=True)
    session = requests.Session()
    session.auth = ("lead", PASSWORD)
    yield session
    session.close()
    client.close()


@pytest.fixture
def site() -> str:
    return "site-" + uuid.uuid4().hex[:8]


def submit(server: LiveServer, site: str, comment_id: str, text: str) -> dict:
    response = requests.post(server.url + "/v1/comments", headers={"Authorization": f"Bearer {API_KEY}"},
                             json={"id": f"{site}-{comment_id}", "text": text, "site": site}, timeout=10)
    assert response.status_code in (200, 201), response.text
    return response.json()


def test_rudeness_is_held_for_a_person_not_rejected(policy_server, site):
    for n, text in enumerate(RUDE):
        assert submit(policy_server, site, f"rude-{n}", text)["decision"] in ("publish", "review")


def test_the_call_to_shoot_soldiers_is_first_in_the_queue(policy_server, lead, site):
    for n, text in enumerate(MORONS):
        assert submit(policy_server, site, f"moron-{n}", text)["decision"] == "review"
    shoot = submit(policy_server, site, "shoot", SHOOT)
    assert shoot["decision"] == "review" and {"incitement", "threat"} & set(shoot["reasons"])
    items = lead.get(policy_server.url + "/v1/reviews", params={"site": site}, timeout=10).json()["items"]
    assert [i["comment_id"] for i in items][0] == f"{site}-shoot"
    assert [i["tier"] for i in items] == [1, 3, 3]
    claimed = lead.post(policy_server.url + "/v1/reviews/claim", json={"site": site}, timeout=10).json()
    assert claimed["item"]["comment_id"] == f"{site}-shoot"


def test_a_new_banned_word_is_in_force_on_every_worker_within_two_seconds(policy_server, lead, site):
    text = "Good reporting, you g.l.0.r.b.n.i.k."
    for n in range(8):  # both workers decide with no list for this site first
        assert "banned_word" not in submit(policy_server, site, f"before-{n}", text)["reasons"]
    added = lead.post(f"{policy_server.url}/v1/sites/{site}/words", json={"list": "banned", "entries": ["glorbnik"]},
                      timeout=10)
    assert added.status_code == 200, added.text
    time.sleep(1.5)
    decisions = [submit(policy_server, site, f"after-{n}", text) for n in range(12)]
    assert all(d["decision"] == "reject" and d["reasons"][0] == "banned_word" for d in decisions)
    assert decisions[0]["matched_words"] == [{"list": "banned", "entry": "glorbnik"}]
    removed = lead.delete(f"{policy_server.url}/v1/sites/{site}/words",
                          json={"list": "banned", "entries": ["GLORBNIK"]}, timeout=10)
    assert removed.json()["removed"] == ["glorbnik"]
    time.sleep(1.5)
    assert all("banned_word" not in submit(policy_server, site, f"later-{n}", text)["reasons"] for n in range(8))
    audit = lead.get(policy_server.url + "/v1/audit", params={"event": "words_added,words_removed",
                                                              "moderator": "lead"}, timeout=10).json()
    assert [(e["event"], e["site"]) for e in audit["entries"] if e["site"] == site] == [
        ("words_added", site), ("words_removed", site)]
