"""Moderator accounts, `parley moderator`, and the auth seam (Basic, session + CSRF, API keys)."""

from __future__ import annotations

import base64
import io

import pytest
from flask import jsonify, request

from service.review import moderator_auth
from service.access.auth import moderator_route
from service.cli.main import main
from service.review.moderators import ModeratorError, Moderators


def basic(name: str, password: str) -> dict[str, str]:
    token = base64.b64encode(f"{name}:{password}".encode()).decode()
    return {"Authorization": f"Basic {token}"}


def test_accounts_keep_only_an_argon2_hash(redis_client):
    accounts = Moderators(redis_client)
    assert accounts.add("alice", "s3cret-pass") is True
    stored = redis_client.hgetall("parley:moderator:alice")
    assert stored["password_hash"].startswith("$argon2id$") and "s3cret-pass" not in str(stored)
    assert accounts.verify("alice", "s3cret-pass") and not accounts.verify("alice", "s3cret-pasS")
    assert not accounts.verify("nobody", "s3cret-pass")
    with pytest.raises(ModeratorError):
        accounts.add("alice", "another-pass")
    assert accounts.add("alice", "another-pass", replace=True) is False
    assert accounts.verify("alice", "another-pass")
    for bad_name in ("parley", "", "a b", "x" * 65, "-dash"):
        with pytest.raises(ModeratorError):
            accounts.add(bad_name, "long enough")
    with pytest.raises(ModeratorError):
        accounts.add("bob", "short")
    assert accounts.names() == ["alice"]
    assert accounts.remove("alice") and not accounts.verify("alice", "another-pass")


def test_cli_adds_lists_and_removes_with_the_password_from_stdin(redis_server, redis_client,
                                                                 monkeypatch, capsys):
    base = ["moderator", "--redis-url", redis_server.url]
    monkeypatch.setattr("sys.stdin", io.StringIO("piped password\n"))
    assert main(base + ["add", "carol"]) == 0
    assert Moderators(redis_client).verify("carol", "piped password")
    monkeypatch.setattr("sys.stdin", io.StringIO("piped password\n"))
    assert main(base + ["add", "carol"]) == 1
    assert "already exists" in capsys.readouterr().err
    assert main(base + ["list"]) == 0 and capsys.readouterr().out.split() == ["carol"]
    assert main(base + ["remove", "carol"]) == 0 and Moderators(redis_client).names() == []


@pytest.fixture
def login_app(app):
    """The app plus a login route like the one the moderators' pages will have."""

    @app.post("/_test/login")
    @moderator_route
    def _login():
        ok = moderator_auth.log_in(request.json["name"], request.json["password"])
        return jsonify({"ok": ok, "csrf_token": moderator_auth.csrf_token() if ok else None})

    app.extensions["moderators"].add("dana", "dana's password")
    return app


def test_session_login_needs_the_csrf_token_for_changes(login_app):
    client = login_app.test_client()
    wrong = client.post("/_test/login", json={"name": "dana", "password": "nope"}).get_json()
    assert wrong["ok"] is False
    token = client.post("/_test/login", json={"name": "dana", "password": "dana's password"}).get_json()["csrf_token"]
    assert client.get("/v1/reviews").status_code == 200
    refused = client.post("/v1/reviews/claim")
    assert refused.status_code == 403 and refused.get_json()["error"]["code"] == "csrf_failed"
    assert client.post("/v1/reviews/claim", headers={"X-CSRF-Token": token}).status_code == 204
    login_app.extensions["moderators"].remove("dana")
    assert client.get("/v1/reviews").status_code == 401  # a removed account's session ends


def test_basic_auth_and_api_keys(login_app, auth):
    client = login_app.test_client()
    assert client.get("/v1/reviews", headers=basic("dana", "dana's password")).status_code == 200
    wrong = client.get("/v1/reviews", headers=basic("dana", "guess"))
    assert wrong.status_code == 401 and wrong.get_json()["error"]["code"] == "moderator_auth_required"
    key = client.post("/v1/authors/u1/reject-pending", json={"reason": "spam"}, headers=auth)
    assert key.status_code == 403 and key.get_json()["error"]["code"] == "moderator_only"
    assert client.get("/v1/audit", headers={"Authorization": "Bearer made-up"}).status_code == 401


def test_remembered_checks_end_with_a_new_password_or_a_removed_account(redis_client):
    accounts = Moderators(redis_client, secret=b"server secret")
    accounts.add("erin", "first password")
    assert accounts.verify("erin", "first password")
    remembered = redis_client.keys("parley:moderator-verified:*")
    assert len(remembered) == 1 and 0 < redis_client.ttl(remembered[0]) <= 300
    assert accounts.verify("erin", "first password") and not accounts.verify("erin", "first passworD")
    accounts.add("erin", "second password", replace=True)
    assert not accounts.verify("erin", "first password")
    accounts.remove("erin")
    assert not accounts.verify("erin", "second password")
    other_server = Moderators(redis_client, secret=b"another secret")
    accounts.add("erin", "third password")
    assert accounts.verify("erin", "third password") and other_server.verify("erin", "third password")
    assert not other_server.verify("erin", "wrong") and len(redis_client.keys("parley:moderator-verified:*")) == 3


def test_cli_without_redis_url_uses_the_embedded_redis(tmp_path, monkeypatch, capsys):
    from service.redis_server import RedisServer
    import redis as redis_py

    monkeypatch.delenv("REDIS_URL", raising=False)
    monkeypatch.setenv("PARLEY_VAR_DIR", str(tmp_path))
    monkeypatch.setattr("sys.stdin", io.StringIO("offline password\n"))
    assert main(["moderator", "add", "fran"]) == 0  # nothing running: started just for this
    server = RedisServer(tmp_path / "redis").start()  # now as `parley serve` would run it
    try:
        monkeypatch.setattr("sys.stdin", io.StringIO("online password\n"))
        capsys.readouterr()
        assert main(["moderator", "add", "gail"]) == 0
        assert f"Redis at {server.url}\n" in capsys.readouterr().err
        client = redis_py.Redis.from_url(server.url, decode_responses=True)
        assert Moderators(client).names() == ["fran", "gail"]
        assert Moderators(client).verify("fran", "offline password")
        client.close()
    finally:
        server.stop()
