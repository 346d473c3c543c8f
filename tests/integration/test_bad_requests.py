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
    (b'{"id": "a", "text": "\\u0000\\u0002 \\n\\u007f"}', "application/json", 422, "validation_failed"),
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


@pytest.mark.parametrize("data,status,code", [
    (b"", 400, "invalid_json"),
    (b'"just a string"', 422, "validation_failed"),
    (b"null", 422, "validation_failed"),
    (b'{"id": "a", "text": NaN}', 400, "invalid_json"),
    (b'{"id": "a", "text": "lone \\ud800 surrogate"}', 422, "validation_failed"),
    (b'{"id": "a\\u0000b", "text": "hi"}', 422, "validation_failed"),
    (b'{"id": "\\udfff", "text": "hi"}', 422, "validation_failed"),
    (b'{"id": 1.5, "text": "hi"}', 422, "validation_failed"),
    (b'{"id": ' + b"9" * 300 + b', "text": "hi"}', 422, "validation_failed"),
    (b'{"id": 9223372036854775808, "text": "hi"}', 422, "validation_failed"),
    (b'{"id": 1e300, "text": "hi"}', 422, "validation_failed"),
    (b'{"id": ' + b"9" * 5000 + b', "text": "hi"}', 400, "invalid_json"),
    (b'{"id": "a", "text": "' + "\u00e9".encode("latin-1") + b'"}', 400, "invalid_json"),
    (b'{"a":' * 5000 + b"1" + b"}" * 5000, 400, "invalid_json"),
])
def test_more_bad_bodies(client, auth, redis_client, data, status, code):
    response = client.post("/v1/comments", data=data, content_type="application/json", headers=auth)
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.get_json()["error"]["code"] == code
    assert not redis_client.keys("parley:comment:*") and not redis_client.keys("parley:history:*")


@pytest.mark.parametrize("content_type", ["application/x-www-form-urlencoded", "multipart/form-data", ""])
def test_wrong_content_type_is_415(client, auth, content_type):
    response = client.post("/v1/score", data=b'{"texts": ["hi"]}', content_type=content_type, headers=auth)
    assert response.status_code == 415
    assert response.get_json()["error"]["code"] == "unsupported_media_type"


def test_tabs_and_newlines_are_fine(client, auth):
    response = client.post("/v1/comments", json={"id": "t", "text": "line one\n\tline two\r\n"}, headers=auth)
    assert response.status_code == 201


def test_unknown_fields_are_ignored(client, auth, redis_client):
    response = client.post("/v1/comments", headers=auth,
                           json={"id": "u1", "text": "A fair point.", "rating": 5, "meta": {"x": [1]}})
    assert response.status_code == 201
    stored = client.get("/v1/comments/u1", headers=auth).get_json()
    assert "rating" not in stored and "meta" not in stored


def test_text_over_limit_in_batch_is_413_and_nothing_cached(client, auth, redis_client):
    response = client.post("/v1/score", json={"texts": ["fine", "a" * 20_481]}, headers=auth)
    assert response.status_code == 413 and "texts[1]" in response.get_json()["error"]["details"]
    assert not redis_client.keys("parley:score:*")


def test_bad_text_in_batch_scores_nothing(client, auth, redis_client):
    response = client.post("/v1/score", data=b'{"texts": ["fine", "lone \\udc00"]}',
                           content_type="application/json", headers=auth)
    assert response.status_code == 422 and "texts[1]" in response.get_json()["error"]["details"]
    assert not redis_client.keys("parley:score:*")


def test_duplicate_texts_in_a_batch_each_get_scores(client, auth):
    """/v1/score has no ids: duplicates are allowed and answered in order."""
    response = client.post("/v1/score", json={"texts": ["same words", "same words"]}, headers=auth)
    results = response.get_json()["results"]
    assert response.status_code == 200 and len(results) == 2
    assert results[0]["scores"] == results[1]["scores"]


def test_huge_path_id_is_404_json(client, auth):
    response = client.get("/v1/comments/" + "x" * 5000, headers=auth)
    assert response.status_code == 404 and response.get_json()["error"]["code"] == "not_found"


def test_integer_ids_are_stored_as_strings(client, auth):
    response = client.post("/v1/comments", json={"id": 9223372036854775807, "text": "A fine point."}, headers=auth)
    assert response.status_code == 201 and response.get_json()["id"] == "9223372036854775807"
    assert client.post("/v1/comments", json={"id": 7.0, "text": "Seven."}, headers=auth).get_json()["id"] == "7"
