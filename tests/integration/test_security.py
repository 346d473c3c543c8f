"""Credentials per route, stored API keys, and rate limits shared through Redis."""

import json
import threading

import pytest

from service.access.api_keys import ApiKeyStore
from service.access.auth import API_KEY, OPEN, credential_for, unmarked_endpoints
from service.cli.main import main as parley

OPEN_ROUTES = {"/healthz", "/readyz", "/openapi.json", "/metrics", "/$discovery/rest"}


def test_every_route_declares_its_credential(app):
    assert unmarked_endpoints(app) == []


def test_only_these_routes_are_open(app):
    open_rules = {rule.rule for rule in app.url_map.iter_rules()
                  if credential_for(app, rule.endpoint) == OPEN and not rule.endpoint.endswith("static")}
    assert open_rules == OPEN_ROUTES


def test_unmarked_view_fails_closed(app, client, auth):
    app.add_url_rule("/v1/unmarked", "unmarked", lambda: {"ok": True})
    assert credential_for(app, "unmarked") == API_KEY
    assert client.get("/v1/unmarked").status_code == 401
    assert client.get("/v1/unmarked", headers=auth).status_code == 200


@pytest.mark.parametrize("path", ["/v1/comments/x", "/v1/unknown-route-still-404"])
def test_no_key_no_data(client, path):
    response = client.get(path)
    assert response.status_code in (401, 404)
    if path == "/v1/comments/x":
        assert response.status_code == 401 and response.headers["WWW-Authenticate"].startswith("Bearer")


def test_stored_key_works_until_revoked(client, redis_client):
    store = ApiKeyStore(redis_client)
    key, record = store.create("site-a")
    assert key.startswith("pk_") and record.name == "site-a"
    assert key not in json.dumps(redis_client.hgetall(f"parley:apikey:{redis_client.smembers('parley:apikeys').pop()}"))
    headers = {"Authorization": f"Bearer {key}"}
    assert client.post("/v1/score", json={"texts": ["hi"]}, headers=headers).status_code == 200
    assert [r.id for r in store.revoke("site-a")] == [record.id]
    assert client.post("/v1/score", json={"texts": ["hi"]}, headers=headers).status_code == 401


def test_apikey_cli(redis_server, redis_client, monkeypatch, capsys):
    monkeypatch.setenv("REDIS_URL", redis_server.url)
    assert parley(["apikey", "create", "--name", "newsroom"]) == 0
    out = capsys.readouterr().out
    key = out.strip().splitlines()[-1]
    assert key.startswith("pk_")
    assert ApiKeyStore(redis_client).lookup(key).name == "newsroom"
    assert parley(["apikey", "list"]) == 0
    listing = capsys.readouterr().out
    assert "newsroom" in listing and key not in listing
    assert parley(["apikey", "revoke", "newsroom"]) == 0
    assert ApiKeyStore(redis_client).lookup(key) is None
    assert parley(["apikey", "revoke", "newsroom"]) == 1


def test_key_rate_limit_429_with_headers(make_app, auth):
    client = make_app(PARLEY_RATE_LIMIT="3/minute").test_client()
    answers = [client.post("/v1/score", json={"texts": ["hi"]}, headers=auth) for _ in range(4)]
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert answers[0].headers["RateLimit-Limit"] == "3"
    assert [a.headers["RateLimit-Remaining"] for a in answers[:3]] == ["2", "1", "0"]
    refused = answers[3]
    assert refused.get_json()["error"]["code"] == "rate_limited"
    assert 1 <= int(refused.headers["Retry-After"]) <= 60
    # Another key has its own budget; open routes are never limited.
    other = client.post("/v1/score", json={"texts": ["hi"]}, headers={"Authorization": "Bearer second-key"})
    assert other.status_code == 200
    assert all(client.get("/healthz").status_code == 200 for _ in range(5))


def test_limits_are_shared_between_apps(make_app, auth):
    """Two apps (as two workers or two hosts would be) draw on one budget in Redis."""
    first = make_app(PARLEY_RATE_LIMIT="4/minute").test_client()
    second = make_app(PARLEY_RATE_LIMIT="4/minute").test_client()
    codes = [(first if i % 2 else second).post("/v1/score", json={"texts": ["x"]}, headers=auth).status_code
             for i in range(6)]
    assert codes == [200, 200, 200, 200, 429, 429]


def test_concurrent_hits_never_overshoot(make_app, auth):
    app = make_app(PARLEY_RATE_LIMIT="20/minute")
    codes: list[int] = []

    def hammer() -> None:
        client = app.test_client()
        for _ in range(10):
            codes.append(client.get("/v1/comments/none", headers=auth).status_code)

    threads = [threading.Thread(target=hammer) for _ in range(5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert codes.count(404) == 20 and codes.count(429) == 30


def test_address_limit_stops_key_guessing(make_app):
    client = make_app(PARLEY_ADDRESS_RATE_LIMIT="5/minute").test_client()
    codes = [client.get("/v1/comments/x", headers={"Authorization": f"Bearer guess-{i}"}).status_code
             for i in range(7)]
    assert codes == [401] * 5 + [429] * 2


def test_route_override_and_off(make_app, auth):
    client = make_app(PARLEY_RATE_LIMIT="off",
                  PARLEY_RATE_LIMITS='{"/v1/score": "2/minute"}').test_client()
    assert [client.post("/v1/score", json={"texts": ["y"]}, headers=auth).status_code
            for _ in range(3)] == [200, 200, 429]
    assert all(client.get("/v1/comments/n", headers=auth).status_code == 404 for _ in range(10))


def test_request_id_is_echoed_or_made(client, auth):
    given = client.get("/healthz", headers={"X-Request-ID": "req-42"})
    assert given.headers["X-Request-ID"] == "req-42"
    made = client.get("/healthz", headers={"X-Request-ID": "<script>" + "x" * 200})
    assert len(made.headers["X-Request-ID"]) == 32 and "<" not in made.headers["X-Request-ID"]
    error = client.post("/v1/comments", data=b"nope", content_type="application/json", headers=auth)
    assert len(error.headers["X-Request-ID"]) == 32


def test_logs_are_json_and_hold_no_text_or_key(make_app, auth, capsys):
    app = make_app(REDIS_URL="redis://127.0.0.1:1/0")
    secret_text = "my secret comment text"
    response = app.test_client().post("/v1/comments", json={"id": "l1", "text": secret_text},
                                      headers={**auth, "X-Request-ID": "log-1"})
    assert response.status_code == 503
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines() if line.strip()]
    assert lines and all("level" in line for line in lines)
    assert any(line.get("request_id") == "log-1" for line in lines)
    assert secret_text not in json.dumps(lines) and "test-key" not in json.dumps(lines)


def test_log_text_setting_adds_the_body(make_app, auth, capsys):
    app = make_app(PARLEY_LOG_TEXT="1")
    app.test_client().post("/v1/score", json={"texts": ["debug me"]}, headers=auth)
    assert "debug me" in capsys.readouterr().out
