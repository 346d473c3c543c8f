"""The review API under gunicorn (2 workers) over HTTP, with moderators on HTTP Basic."""

from __future__ import annotations

import json
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from typing import Iterator

import pytest
import redis
import requests

from service.review.moderators import Moderators
from tests.conftest import API_KEY
from tests.e2e.conftest import LiveServer, start_gunicorn, stop_gunicorn

LABELS = ("toxicity", "severe_toxicity", "obscene", "insult", "identity_attack", "threat", "incitement")
# Every comment is doubtful and none is bad enough to reject: all of them go to review.
ALL_TO_REVIEW = json.dumps({"default": {label: {"review": 0.0, "reject": 1.0} for label in LABELS}})
CLAIM_SECONDS = 3  # long enough for a loaded machine, short enough to wait out
PASSWORD = "correct horse battery"
TEXTS = ["You are a complete idiot and everyone knows it.",
         "I disagree with the minister, the strike was a mistake.",
         "People like you should be locked up, you filthy traitor.",
         "Interesting piece, though the map is wrong."]


@pytest.fixture(scope="module")
def review_server(e2e_redis, tmp_path_factory) -> Iterator[LiveServer]:
    server = start_gunicorn(e2e_redis.url, tmp_path_factory.mktemp("reviews") / "gunicorn.log",
                            PARLEY_CLAIM_SECONDS=str(CLAIM_SECONDS), PARLEY_THRESHOLDS=ALL_TO_REVIEW)
    yield server
    stop_gunicorn(server)


@pytest.fixture(scope="module")
def moderators(e2e_redis) -> Iterator[dict[str, requests.Session]]:
    """Four moderator accounts, each with a requests session on Basic auth."""
    client = redis.Redis.from_url(e2e_redis.url, decode_responses=True)
    accounts = Moderators(client)
    sessions = {}
    for name in ("alice", "bob", "carol", "dave"):
        accounts.add(name, PASSWORD, replace=True)
        sessions[name] = requests.Session()
        sessions[name].auth = (name, PASSWORD)
    yield sessions
    for session in sessions.values():
        session.close()
    client.close()


@pytest.fixture
def site() -> str:
    """A site of this test's own, so tests sharing the e2e Redis never see each other's queue."""
    return "site-" + uuid.uuid4().hex[:8]


def submit(server: LiveServer, site: str, n: int, text: str = "", author: str = "u1") -> str:
    comment_id = f"{site}-{n}"
    response = requests.post(server.url + "/v1/comments", headers={"Authorization": f"Bearer {API_KEY}"},
                             json={"id": comment_id, "text": text or TEXTS[n % len(TEXTS)], "site": site,
                                   "article_id": "a1", "author_id": author}, timeout=10)
    assert response.status_code in (200, 201) and response.json()["decision"] == "review", response.text
    return comment_id


def code(response: requests.Response) -> str:
    return response.json()["error"]["code"]


def test_only_moderators_may_use_the_review_api(review_server, moderators, site):
    comment_id = submit(review_server, site, 0)
    url = review_server.url
    with_key = {"Authorization": f"Bearer {API_KEY}"}
    assert moderators["alice"].post(f"{url}/v1/reviews/{comment_id}/claim").status_code == 200
    refused = requests.post(f"{url}/v1/reviews/{comment_id}/decision", headers=with_key,
                            json={"decision": "approve"}, timeout=10)
    assert refused.status_code == 403 and code(refused) == "moderator_only"
    assert code(requests.get(f"{url}/v1/reviews", headers=with_key, timeout=10)) == "moderator_only"
    anonymous = requests.post(f"{url}/v1/reviews/claim", timeout=10)
    assert anonymous.status_code == 401 and code(anonymous) == "moderator_auth_required"
    assert anonymous.headers["WWW-Authenticate"].startswith("Basic")
    wrong = requests.get(f"{url}/v1/reviews", auth=("alice", "not the password"), timeout=10)
    assert wrong.status_code == 401
    stored = requests.get(f"{url}/v1/comments/{comment_id}", headers=with_key, timeout=10).json()
    assert stored["status"] == "pending"


def test_claim_and_decide_over_http(review_server, moderators, site):
    ids = [submit(review_server, site, n) for n in range(3)]
    url, alice, bob = review_server.url, moderators["alice"], moderators["bob"]
    listed = alice.get(f"{url}/v1/reviews", params={"site": site}).json()["items"]
    assert sorted(i["comment_id"] for i in listed) == sorted(ids)
    risks = [i["risk"] for i in listed]
    assert risks == sorted(risks, reverse=True)
    first = alice.post(f"{url}/v1/reviews/claim", json={"site": site})
    assert first.status_code == 200 and first.json()["item"]["comment_id"] == listed[0]["comment_id"]
    lease = first.json()["lease"]
    assert lease["moderator"] == "alice" and lease["mine"] and 0 < lease["expires_in_seconds"] <= CLAIM_SECONDS
    second = bob.post(f"{url}/v1/reviews/claim", params={"site": site}).json()["item"]["comment_id"]
    assert second == listed[1]["comment_id"]
    taken = bob.post(f"{url}/v1/reviews/{listed[0]['comment_id']}/claim")
    assert taken.status_code == 409 and code(taken) == "already_claimed"
    target = listed[0]["comment_id"]
    body = {"decision": "reject", "reason": "abusive", "note": "name-calling"}
    decided = alice.post(f"{url}/v1/reviews/{target}/decision", json=body)
    assert decided.status_code == 200 and decided.json()["status"] == "rejected"
    again = alice.post(f"{url}/v1/reviews/{target}/decision", json=body)
    assert again.status_code == 200 and again.json()["replayed"] is True
    other = bob.post(f"{url}/v1/reviews/{target}/decision", json={"decision": "approve"})
    assert other.status_code == 409 and code(other) == "already_decided"
    unclaimed = alice.post(f"{url}/v1/reviews/{listed[2]['comment_id']}/decision", json={"decision": "approve"})
    assert unclaimed.status_code == 409 and code(unclaimed) == "lease_not_held"
    bad = alice.post(f"{url}/v1/reviews/{second}/decision", json={"decision": "reject"})
    assert bad.status_code == 422 and "reason" in bad.json()["error"]["details"]
    history = requests.get(f"{url}/v1/comments/{target}", headers={"Authorization": f"Bearer {API_KEY}"},
                           timeout=10).json()
    assert history["status"] == "rejected" and history["decided_by"] == "alice"
    assert [e["event"] for e in history["history"]][-2:] == ["claimed", "rejected"]
    assert bob.post(f"{url}/v1/reviews/{second}/release").json()["released"] is True
    assert alice.post(f"{url}/v1/reviews/claim", json={"site": site}).json()["item"]["comment_id"] == second


def test_an_expired_lease_frees_the_comment_and_refuses_the_late_decision(review_server, moderators, site):
    comment_id = submit(review_server, site, 0)
    url, alice, bob = review_server.url, moderators["alice"], moderators["bob"]
    assert alice.post(f"{url}/v1/reviews/{comment_id}/claim").status_code == 200
    time.sleep(CLAIM_SECONDS + 0.2)
    assert alice.get(f"{url}/v1/reviews", params={"site": site}).json()["items"][0]["claim"] is None
    assert bob.post(f"{url}/v1/reviews/claim", json={"site": site}).json()["item"]["comment_id"] == comment_id
    late = alice.post(f"{url}/v1/reviews/{comment_id}/decision", json={"decision": "approve"})
    assert late.status_code == 409 and code(late) == "lease_not_held"
    assert late.json()["error"]["details"]["held_by"] == "bob"


def test_an_edit_voids_the_claim(review_server, moderators, site):
    comment_id = submit(review_server, site, 0)
    url, alice = review_server.url, moderators["alice"]
    assert alice.post(f"{url}/v1/reviews/{comment_id}/claim").json()["lease"]["version"] == 1
    submit(review_server, site, 0, text="Edited: you are still an idiot, a total moron.")
    edited = alice.post(f"{url}/v1/reviews/{comment_id}/decision", json={"decision": "approve"})
    assert edited.status_code == 409 and code(edited) == "comment_edited"
    assert alice.post(f"{url}/v1/reviews/{comment_id}/claim").json()["lease"]["version"] == 2
    decided = alice.post(f"{url}/v1/reviews/{comment_id}/decision", json={"decision": "approve"})
    assert decided.status_code == 200 and decided.json()["version"] == 2


def test_reject_pending_by_author_over_http(review_server, moderators, site):
    mine = [submit(review_server, site, n, author=f"{site}-troll") for n in range(3)]
    others = [submit(review_server, site, n, author=f"{site}-reader") for n in range(3, 5)]
    url, carol = review_server.url, moderators["carol"]
    response = carol.post(f"{url}/v1/authors/{site}-troll/reject-pending", json={"reason": "spam"})
    assert response.status_code == 200 and sorted(response.json()["rejected"]) == sorted(mine)
    left = carol.get(f"{url}/v1/reviews", params={"site": site}).json()["items"]
    assert sorted(i["comment_id"] for i in left) == sorted(others)
    trail = carol.get(f"{url}/v1/audit", params={"comment_id": mine[0]}).json()["entries"]
    assert trail[-1]["event"] == "rejected" and trail[-1]["bulk"] is True and trail[-1]["actor"] == "carol"


def test_audit_over_http_paged_and_as_json_lines(review_server, moderators, site):
    started = time.time() - 1
    comment_id = submit(review_server, site, 0)
    url, dave = review_server.url, moderators["dave"]
    dave.post(f"{url}/v1/reviews/{comment_id}/claim")
    dave.post(f"{url}/v1/reviews/{comment_id}/decision", json={"decision": "reject", "reason": "other"})
    since = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(started))
    page = dave.get(f"{url}/v1/audit", params={"moderator": "dave", "since": since, "limit": 1}).json()
    assert page["entries"][0]["event"] == "claimed" and page["next_cursor"]
    rest = dave.get(f"{url}/v1/audit", params={"moderator": "dave", "since": since,
                                               "cursor": page["next_cursor"]}).json()
    assert [e["event"] for e in rest["entries"]] == ["rejected"]
    lines = dave.get(f"{url}/v1/audit", params={"comment_id": comment_id},
                     headers={"Accept": "application/x-ndjson"})
    assert lines.headers["Content-Type"].startswith("application/x-ndjson")
    events = [json.loads(line)["event"] for line in lines.text.splitlines()]
    assert events == ["submitted", "auto_decision", "claimed", "rejected"]
    assert dave.get(f"{url}/v1/audit", params={"comment_id": comment_id, "format": "jsonl"}).text == lines.text
    assert code(dave.get(f"{url}/v1/audit", params={"since": "yesterday"})) == "validation_failed"


def test_concurrent_moderators_over_http_never_share_a_comment(review_server, moderators, site):
    ids = [submit(review_server, site, n) for n in range(16)]
    url, barrier = review_server.url, threading.Barrier(len(moderators))

    def claim_all(name: str) -> list[str]:
        session, got = moderators[name], []
        barrier.wait()
        while (response := session.post(f"{url}/v1/reviews/claim", json={"site": site})).status_code == 200:
            got.append(response.json()["item"]["comment_id"])
            # Keep each lease alive well past CLAIM_SECONDS by deciding right away.
            decided = session.post(f"{url}/v1/reviews/{got[-1]}/decision", json={"decision": "approve"})
            assert decided.status_code == 200, decided.text
        assert response.status_code == 204
        return got

    with ThreadPoolExecutor(len(moderators)) as pool:
        results = list(pool.map(claim_all, moderators))
    claimed = [comment_id for got in results for comment_id in got]
    assert sorted(claimed) == sorted(ids)
    assert sum(1 for got in results if got) >= 2


def test_the_review_api_is_in_openapi(review_server):
    paths = requests.get(review_server.url + "/openapi.json", timeout=10).json()["paths"]
    for path in ("/v1/reviews", "/v1/reviews/claim", "/v1/reviews/{comment_id}/claim",
                 "/v1/reviews/{comment_id}/release", "/v1/reviews/{comment_id}/decision",
                 "/v1/authors/{author_id}/reject-pending", "/v1/audit"):
        assert path in paths


def test_undo_over_http(review_server, moderators, site):
    comment_id = submit(review_server, site, 0)
    url, alice, bob = review_server.url, moderators["alice"], moderators["bob"]
    alice.post(f"{url}/v1/reviews/{comment_id}/claim")
    alice.post(f"{url}/v1/reviews/{comment_id}/decision", json={"decision": "reject", "reason": "threat"})
    refused = bob.post(f"{url}/v1/reviews/{comment_id}/undo")
    assert refused.status_code == 409 and code(refused) == "undo_not_allowed"
    undone = alice.post(f"{url}/v1/reviews/{comment_id}/undo")
    assert undone.status_code == 200 and undone.json()["lease"]["moderator"] == "alice"
    assert undone.json()["item"]["status"] == "pending"
