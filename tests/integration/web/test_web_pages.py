"""The moderators' pages on a real Redis through Flask's test client: guards, CSRF, headers, figures."""

from __future__ import annotations

import base64
import json
import re
import stat

import pytest

from service import create_app
from service.review.moderators import Moderators
from service.review.metrics import day_metrics, utc_day
from service.cli.serve import demo_moderator, persistent_secret
from tests.conftest import API_KEY

LABELS = ("toxicity", "severe_toxicity", "obscene", "insult", "identity_attack", "threat", "incitement")
ALL_TO_REVIEW = json.dumps({"default": {label: {"review": 0.0, "reject": 1.0} for label in LABELS}})
PASSWORD = "correct horse battery"
HOSTILE = '<script>alert(1)</script><img src=x onerror=alert(2)> you idiot'


@pytest.fixture
def web_app(app_env, shipped_scorer, redis_client):
    app = create_app({**app_env, "PARLEY_THRESHOLDS": ALL_TO_REVIEW,
                      "PARLEY_SECRET_KEY": "integration-" + "s" * 32}, scorer=shipped_scorer)
    Moderators(redis_client).add("alice", PASSWORD)
    return app


@pytest.fixture
def web(web_app):
    return web_app.test_client()


def submit(client, comment_id: str, text: str, author: str = "u1") -> None:
    response = client.post("/v1/comments", headers={"Authorization": f"Bearer {API_KEY}"},
                           json={"id": comment_id, "text": text, "site": "s", "author_id": author})
    assert response.status_code == 201, response.get_json()


def token_of(html: str) -> str:
    return re.search(r'name="csrf-token" content="([^"]+)"', html).group(1)


def log_in(client) -> str:
    """Log alice in through the form; the queue page's CSRF token."""
    form = client.get("/moderate/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)
    response = client.post("/moderate/login", data={"name": "alice", "password": PASSWORD,
                                                    "csrf_token": token})
    assert response.status_code == 302 and response.headers["Location"] == "/moderate/"
    return token_of(client.get("/moderate/").get_data(as_text=True))


def test_without_a_session_pages_redirect_and_json_is_401_without_a_basic_prompt(web):
    page = web.get("/moderate/history")
    assert page.status_code == 302
    assert page.headers["Location"].startswith("/moderate/login?next=/moderate/history")
    api = web.get("/moderate/api/queue")
    assert api.status_code == 401 and "WWW-Authenticate" not in api.headers
    assert api.get_json()["error"]["code"] == "moderator_auth_required"
    assert web.get("/").headers["Location"] == "/moderate/"


def test_every_web_response_carries_the_security_headers(web):
    for path in ("/moderate/login", "/moderate/static/queue.js", "/moderate/api/queue", "/"):
        response = web.get(path)
        response.close()  # the static file's handle
        headers = response.headers
        assert "script-src 'self'" in headers["Content-Security-Policy"], path
        assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "same-origin"
    assert web.get("/moderate/api/queue").headers["Cache-Control"] == "no-store"


def test_login_sets_a_hardened_cookie_and_a_wrong_password_does_not(web):
    form = web.get("/moderate/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)
    wrong = web.post("/moderate/login", data={"name": "alice", "password": "nope", "csrf_token": token})
    assert wrong.status_code == 401 and "Wrong name or password." in wrong.get_data(as_text=True)
    assert web.get("/moderate/api/queue").status_code == 401
    log_in(web)
    cookie = web.get_cookie("parley_session")
    assert cookie.http_only and cookie.same_site == "Lax" and cookie.expires is not None
    assert web.get("/moderate/api/queue").status_code == 200


def test_repeated_wrong_passwords_are_throttled_per_name_and_address(app_env, shipped_scorer, redis_client):
    app = create_app({**app_env, "PARLEY_LOGIN_RATE_LIMIT": "3/15minutes",
                      "PARLEY_SECRET_KEY": "integration-" + "s" * 32}, scorer=shipped_scorer)
    Moderators(redis_client).add("alice", PASSWORD)
    web = app.test_client()
    token = re.search(r'name="csrf_token" value="([^"]+)"', web.get("/moderate/login").get_data(as_text=True)).group(1)

    def attempt(password: str, address: str = "10.0.0.1"):
        return web.post("/moderate/login", data={"name": "alice", "password": password, "csrf_token": token},
                        environ_base={"REMOTE_ADDR": address})

    assert [attempt("guess").status_code for _ in range(3)] == [401, 401, 401]
    refused = attempt(PASSWORD)  # even the right password waits: the guesser must not learn it
    assert refused.status_code == 429 and "Too many failed logins" in refused.get_data(as_text=True)
    assert 0 < int(refused.headers["Retry-After"]) <= 900
    basic = web.get("/v1/reviews", environ_base={"REMOTE_ADDR": "10.0.0.1"},
                    headers={"Authorization": "Basic " + base64.b64encode(f"alice:{PASSWORD}".encode()).decode()})
    assert basic.status_code == 429 and basic.get_json()["error"]["code"] == "login_throttled"
    assert attempt(PASSWORD, address="10.0.0.2").status_code == 302  # alice elsewhere is not locked out


def test_secure_cookie_over_https(web):
    response = web.get("/moderate/login", base_url="https://parley.example")
    assert "Secure" in response.headers["Set-Cookie"]
    assert "Secure" not in web.get("/moderate/login").headers["Set-Cookie"]


def test_login_only_redirects_inside_the_moderators_area(web):
    form = web.get("/moderate/login?next=//evil.example/x").get_data(as_text=True)
    assert "evil.example" not in form
    token = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)
    response = web.post("/moderate/login", data={"name": "alice", "password": PASSWORD,
                                                  "csrf_token": token, "next": "https://evil.example/"})
    assert response.headers["Location"] == "/moderate/"


def test_decisions_need_the_csrf_token_and_then_work(web, redis_client):
    submit(web, "c1", HOSTILE)
    token = log_in(web)
    opened = web.post("/moderate/api/comments/c1/open", headers={"X-CSRF-Token": "wrong"})
    assert opened.status_code == 403 and opened.get_json()["error"]["code"] == "csrf_failed"
    opened = web.post("/moderate/api/comments/c1/open", headers={"X-CSRF-Token": token})
    card = opened.get_json()["card"]
    assert card["claim"]["mine"] and "".join(s["text"] for s in card["segments"]) == HOSTILE
    refused = web.post("/moderate/api/comments/c1/decision", json={"decision": "approve"})
    assert refused.status_code == 403
    decided = web.post("/moderate/api/comments/c1/decision", json={"decision": "reject", "reason": "spam"},
                       headers={"X-CSRF-Token": token})
    assert decided.status_code == 200 and decided.get_json()["status"] == "rejected"
    again = web.post("/moderate/api/comments/c1/decision", json={"decision": "approve"},
                     headers={"X-CSRF-Token": token})
    assert again.status_code == 409 and again.get_json()["error"]["code"] == "already_decided"
    undone = web.post("/moderate/api/comments/c1/undo", headers={"X-CSRF-Token": token})
    assert undone.status_code == 200 and redis_client.hget("parley:comment:c1", "status") == "pending"


def test_a_comment_held_by_someone_else_opens_as_theirs(web, web_app):
    submit(web, "c1", HOSTILE)
    web_app.extensions["review_queue"].claim("c1", "bob")
    token = log_in(web)
    card = web.post("/moderate/api/comments/c1/open", headers={"X-CSRF-Token": token}).get_json()["card"]
    assert card["claim"]["moderator"] == "bob" and card["claim"]["mine"] is False
    decided = web.post("/moderate/api/comments/c1/decision", json={"decision": "approve"},
                       headers={"X-CSRF-Token": token})
    assert decided.status_code == 409 and decided.get_json()["error"]["code"] == "lease_not_held"
    rows = web.get("/moderate/api/queue?site=s").get_json()["items"]
    assert rows[0]["claim"] == {"moderator": "bob", "mine": False,
                                "expires_in_seconds": rows[0]["claim"]["expires_in_seconds"]}


def test_bulk_rejection_of_an_author_from_the_page(web, redis_client):
    submit(web, "c1", "you idiot", author="troll")
    submit(web, "c2", "you moron", author="troll")
    submit(web, "c3", "you fool", author="other")
    token = log_in(web)
    response = web.post("/moderate/api/authors/reject-pending", headers={"X-CSRF-Token": token},
                        json={"author_id": "troll", "reason": "abusive"})
    assert sorted(response.get_json()["rejected"]) == ["c1", "c2"]
    assert [redis_client.hget(f"parley:comment:{c}", "status") for c in ("c1", "c2", "c3")] == [
        "rejected", "rejected", "pending"]


def test_history_trail_and_dashboard_escape_text_and_count_today(web, web_app):
    submit(web, "c1", HOSTILE, author="<b>bold</b>")
    token = log_in(web)
    web.post("/moderate/api/comments/c1/open", headers={"X-CSRF-Token": token})
    web.post("/moderate/api/comments/c1/decision", json={"decision": "approve"},
             headers={"X-CSRF-Token": token})
    history = web.get("/moderate/history?moderator=alice").get_data(as_text=True)
    assert "approved" in history and "&lt;script&gt;alert(1)&lt;/script&gt;" in history
    assert "<script>alert" not in history
    everyone = web.get("/moderate/history").get_data(as_text=True)
    assert "last 7 days" in everyone and 'class="pill approved"' in everyone
    trail = web.get("/moderate/comments/c1").get_data(as_text=True)
    assert "&lt;b&gt;bold&lt;/b&gt;" in trail and "<b>bold" not in trail
    assert trail.index("approved") < trail.index("auto decision") < trail.index("submitted")
    assert "No decisions yet by bob" in web.get("/moderate/history?moderator=bob").get_data(as_text=True)
    dashboard = web.get("/moderate/dashboard").get_data(as_text=True)
    assert re.search(r'id="tile-decisions">1<', dashboard)
    today = day_metrics(web_app.extensions["redis"], utc_day())
    assert today["decisions_by_moderator"] == {"alice": {"approve": 1, "reject": 0}}
    assert today["auto_decisions"]["review"] == 1
    assert set(today["auto_decisions_by_label"]) == set(LABELS)
    web.post("/moderate/api/comments/c1/undo", headers={"X-CSRF-Token": token})
    assert day_metrics(web_app.extensions["redis"], utc_day())["decisions_by_moderator"]["alice"]["approve"] == 0


def test_logout_needs_the_token_and_ends_the_session(web):
    token = log_in(web)
    assert web.post("/moderate/logout").status_code == 403
    assert web.post("/moderate/logout", data={"csrf_token": token}).status_code == 302
    assert web.get("/moderate/api/queue").status_code == 401


def test_serve_keeps_one_session_key_in_var(tmp_path):
    path = tmp_path / "var" / "secret_key"
    key = persistent_secret(path)
    assert len(key) == 64 and persistent_secret(path) == key
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_demo_moderator_is_made_once_and_its_password_reprinted(redis_server, redis_client, tmp_path):
    name, password = demo_moderator(redis_server.url, tmp_path / "demo_password")
    assert name == "demo" and Moderators(redis_client).verify("demo", password)
    assert demo_moderator(redis_server.url, tmp_path / "demo_password") == ("demo", password)
    redis_client.flushdb()
    Moderators(redis_client).add("alice", PASSWORD)
    assert demo_moderator(redis_server.url, tmp_path / "other") == ("alice", None)


def test_leaving_the_page_releases_the_claim_with_a_form_token(web, redis_client):
    """The page's sendBeacon on pagehide can only send a form body: its token is read from there."""
    submit(web, "c1", HOSTILE)
    token = log_in(web)
    web.post("/moderate/api/comments/c1/open", headers={"X-CSRF-Token": token})
    assert redis_client.exists("parley:queue:claim:c1")
    assert web.post("/moderate/api/comments/c1/release", data={"csrf_token": "x"}).status_code == 403
    released = web.post("/moderate/api/comments/c1/release", data={"csrf_token": token},
                        content_type="multipart/form-data")
    assert released.status_code == 200 and not redis_client.exists("parley:queue:claim:c1")


def test_logging_out_or_a_new_password_ends_every_copy_of_the_session(web, web_app, redis_client):
    log_in(web)
    stolen = web.get_cookie("parley_session").value
    token = token_of(web.get("/moderate/").get_data(as_text=True))
    web.post("/moderate/logout", data={"csrf_token": token})
    other = web_app.test_client()
    other.set_cookie("parley_session", stolen)
    assert other.get("/moderate/api/queue").status_code == 401
    log_in(web)
    assert web.get("/moderate/api/queue").status_code == 200
    Moderators(redis_client).add("alice", PASSWORD, replace=True)
    assert web.get("/moderate/api/queue").status_code == 401


def test_dashboard_shows_a_sites_threshold_advice(web, redis_client):
    from service.learning.label_store import LabelStore

    store = LabelStore(redis_client)
    for i in range(15):
        store.add(text=f"you are a worthless idiot number {i}", labels={"insult": 1.0, "toxicity": 1.0},
                  source="moderator", site="herald<b>")
        store.add(text=f"thanks for the thoughtful article, point {i}", labels={"insult": 0.0, "toxicity": 0.0},
                  source="moderator", site="herald<b>")
    log_in(web)
    plain = web.get("/moderate/dashboard").get_data(as_text=True)
    assert "herald&lt;b&gt;" in plain and "advice-table" not in plain  # offered, not computed
    page = web.get("/moderate/dashboard", query_string={"site": "herald<b>"}).get_data(as_text=True)
    assert "<b>" not in page.split('id="threshold-advice"')[1]
    rows = re.findall(r"<tr><td>([a-z ]+)</td><td>([a-z ()]+)</td>", page.split('id="advice-table"')[1])
    status = dict(rows)
    assert status["insult"] == "ok" and status["threat"] == "not enough labels"
    assert "parley thresholds apply --site herald&lt;b&gt;" in page
    assert "No labels for that site." in web.get("/moderate/dashboard?site=elsewhere").get_data(as_text=True)
