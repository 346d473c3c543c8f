"""Bad input gets a clear JSON error with a stable code, and stores nothing."""

import pytest


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer wrong"}, {"Authorization": "Basic abc"}])
def test_missing_or_wrong_key_is_401(client, headers):
    response = client.post("/v1/comments", json={"id": "x", "text": "hello"}, headers=headers)
    assert response.status_code == 401
    assert response.get_json()["error"]["code"] == "unauthorized"


def test_any_configured_key_works(client):
    response = client.post("/v1/score", json={"texts": ["hi"]}, headers={"Authorization": "Bearer second-key"})
    assert response.status_code == 200


@pytest.mark.parametrize("data,content_type,status,code", [
    (b"{not json", "application/json", 400, "invalid_json"),
    (b"\xff\xfe{}", "application/json", 400, "invalid_json"),
    (b'{"id": "a", "text": "b"}', "text/plain", 415, "unsupported_media_type"),
    (b"[1, 2]", "application/json", 422, "validation_failed"),
    (b'{"text": "no id"}', "application/json", 422, "validation_failed"),
    (b'{"id": "a"}', "application/json", 422, "validation_failed"),
    (b'{"id": "a", "text": 5}', "application/json", 422, "validation_failed"),
    (b'{"id": "a", "text": "   \\n "}', "application/json", 422, "validation_failed"),
    (b'{"id": "a", "text": "nul \\u0000 here"}', "application/json", 422, "validation_failed"),
    (b'{"id": true, "text": "hi"}', "application/json", 422, "validation_failed"),
    (b'{"id": "a", "text": "hi", "author_id": ["x"]}', "application/json", 422, "validation_failed"),
    (b"[" * 100000 + b"]" * 100000, "application/json", 400, "invalid_json"),
])
def test_bad_bodies(client, auth, redis_client, data, content_type, status, code):
    response = client.post("/v1/comments", data=data, content_type=content_type, headers=auth)
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.get_json()["error"]["code"] == code
    assert not redis_client.keys("parley:comment:*")


def test_text_over_limit_is_413(client, auth, redis_client):
    response = client.post("/v1/comments", json={"id": "big", "text": "a" * 20_481}, headers=auth)
    assert response.status_code == 413
    assert response.get_json()["error"]["code"] == "payload_too_large"
    assert not redis_client.keys("parley:comment:*")


def test_body_over_limit_is_413_json(client, auth):
    response = client.post("/v1/score", data=b'{"texts": ["' + b"a" * 2_000_000 + b'"]}',
                           content_type="application/json", headers=auth)
    assert response.status_code == 413
    assert response.get_json()["error"]["code"] == "payload_too_large"


def test_huge_id_is_refused(client, auth):
    response = client.post("/v1/comments", json={"id": "x" * 300, "text": "hi"}, headers=auth)
    assert response.status_code == 422


def test_batch_limits(client, auth):
    too_many = client.post("/v1/score", json={"texts": ["a"] * 257}, headers=auth)
    assert too_many.status_code == 413
    empty = client.post("/v1/score", json={"texts": []}, headers=auth)
    assert empty.status_code == 422
    wrong = client.post("/v1/score", json={"texts": ["ok", 3]}, headers=auth)
    assert wrong.status_code == 422 and "texts[1]" in wrong.get_json()["error"]["details"]


def test_unknown_route_and_method_are_json(client, auth):
    assert client.get("/v2/nothing").get_json()["error"]["code"] == "not_found"
    response = client.delete("/v1/comments", headers=auth)
    assert response.status_code == 405 and response.get_json()["error"]["code"] == "method_not_allowed"


def test_open_routes(client):
    assert client.get("/healthz").get_json() == {"status": "ok"}
    ready = client.get("/readyz")
    assert ready.status_code == 200 and ready.get_json()["checks"] == {"model": True, "redis": True}
    spec = client.get("/openapi.json").get_json()
    assert spec["openapi"].startswith("3.") and "/v1/comments" in spec["paths"]
