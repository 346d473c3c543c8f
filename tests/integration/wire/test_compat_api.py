"""The Perspective, OpenAI and Coral compatible endpoints through the app, on a real Redis."""

import json

import pytest

from service import create_app
from service.redis_server import free_port
from service.review.queue import PENDING
from tests.compat_fixtures import (CORAL_SECRETS, THRESHOLDS, label_entries, redis_contains, talk_body,
                                   talk_signature)
from tests.conftest import API_KEY

ANALYZE = f"/v1alpha1/comments:analyze?key={API_KEY}"
SUGGEST = f"/v1alpha1/comments:suggestscore?key={API_KEY}"


@pytest.fixture
def compat_client(app_env, shipped_scorer, redis_client):
    overrides = {**app_env, "PARLEY_THRESHOLDS": json.dumps(THRESHOLDS),
                 "PARLEY_CORAL_SECRETS": ",".join(CORAL_SECRETS)}
    return create_app(overrides, scorer=shipped_scorer).test_client()


def talk_analyze(text):
    return {"comment": {"text": text}, "doNotStore": True, "requestedAttributes": {"TOXICITY": {}},
            "languages": ["en"]}


def test_colon_route_answers_perspective_shape(compat_client):
    response = compat_client.post(ANALYZE, json=talk_analyze("Thanks for the thoughtful reporting."))
    assert response.status_code == 200, response.get_data(as_text=True)
    score = response.get_json()["attributeScores"]["TOXICITY"]["summaryScore"]
    assert score["type"] == "PROBABILITY" and 0.0 <= score["value"] <= 1.0


def test_key_in_goog_header_works(compat_client):
    response = compat_client.post("/v1alpha1/comments:analyze", json=talk_analyze("hello there"),
                                  headers={"x-goog-api-key": "second-key"})
    assert response.status_code == 200


def test_analyze_matches_parley_scores_for_every_attribute(compat_client):
    text = "You are a complete idiot and I hope someone hurts you."
    attrs = {name: {} for name in ("TOXICITY", "SEVERE_TOXICITY", "IDENTITY_ATTACK", "INSULT",
                                   "PROFANITY", "THREAT", "INCITEMENT")}
    body = compat_client.post(ANALYZE, json={"comment": {"text": text}, "requestedAttributes": attrs}).get_json()
    native = compat_client.post("/v1/score", json={"texts": [text]},
                                headers={"Authorization": f"Bearer {API_KEY}"}).get_json()["results"][0]["scores"]
    assert body["attributeScores"]["PROFANITY"]["summaryScore"]["value"] == pytest.approx(native["obscene"])
    assert body["attributeScores"]["INCITEMENT"]["summaryScore"]["value"] == pytest.approx(native["incitement"])
    assert body["attributeScores"]["THREAT"]["summaryScore"]["value"] == pytest.approx(native["threat"])


def test_span_annotations_come_from_the_scorer(compat_client):
    text = "Interesting point about the budget. But you are an idiot."
    body = compat_client.post(ANALYZE, json={"comment": {"text": text}, "spanAnnotations": True,
                                             "requestedAttributes": {"INSULT": {}}}).get_json()
    spans = body["attributeScores"]["INSULT"]["spanScores"]
    assert spans and all(0 <= s["begin"] < s["end"] <= len(text) for s in spans)
    assert all(s["score"]["type"] == "PROBABILITY" for s in spans)


def test_score_threshold_one_leaves_the_attribute_out(compat_client):
    body = compat_client.post(ANALYZE, json={"comment": {"text": "hello"}, "clientToken": "t-1",
                                             "requestedAttributes": {"TOXICITY": {"scoreThreshold": 1.0}}}).get_json()
    assert body["attributeScores"] == {} and body["clientToken"] == "t-1"


def test_do_not_store_keeps_the_text_nowhere(compat_client, redis_client):
    text = "Unique do-not-store sentence about Quokkaville and the council vote."
    assert compat_client.post(ANALYZE, json=talk_analyze(text)).status_code == 200
    assert redis_client.keys("parley:score:*")
    assert redis_contains(redis_client, "Quokkaville") == []


@pytest.mark.parametrize("url,headers,status,google_status", [
    ("/v1alpha1/comments:analyze", {}, 403, "PERMISSION_DENIED"),
    ("/v1alpha1/comments:analyze?key=wrong", {}, 400, "INVALID_ARGUMENT"),
    ("/v1alpha1/comments:analyze", {"x-goog-api-key": "wrong"}, 400, "INVALID_ARGUMENT"),
])
def test_key_errors_in_googles_shape(compat_client, url, headers, status, google_status):
    response = compat_client.post(url, json=talk_analyze("hi"), headers=headers)
    assert response.status_code == status
    error = response.get_json()["error"]
    assert error["status"] == google_status and error["code"] == status and "details" in error


def test_bad_json_and_unknown_paths_are_google_errors(compat_client):
    bad = compat_client.post(ANALYZE, data=b"{oops", content_type="application/json")
    assert bad.status_code == 400 and bad.get_json()["error"]["status"] == "INVALID_ARGUMENT"
    missing = compat_client.post(f"/v1alpha1/comments:nothing?key={API_KEY}", json={})
    assert missing.status_code == 404 and missing.get_json()["error"]["status"] == "NOT_FOUND"
    wrong_method = compat_client.get(ANALYZE)
    assert wrong_method.get_json()["error"]["status"] == "NOT_FOUND"


def test_huge_body_is_a_google_error(compat_client):
    response = compat_client.post(ANALYZE, data=b'{"comment": {"text": "' + b"a" * 1_100_000 + b'"}}',
                                  content_type="application/json")
    assert response.status_code == 400 and response.get_json()["error"]["status"] == "INVALID_ARGUMENT"


def test_suggestscore_stores_a_labeled_example(compat_client, redis_client):
    response = compat_client.post(SUGGEST, json={
        "comment": {"text": "I disagree with the mayor."}, "languages": ["en"],
        "attributeScores": {"TOXICITY": {"summaryScore": {"value": 0}}},
        "communityId": "Coral:https://news.example", "clientToken": "comment:c-1",
        "context": {"entries": [{"text": "{\"Coral_comment_id\": \"c-1\"}"}]}})
    assert response.status_code == 200 and response.get_json() == {"clientToken": "comment:c-1"}
    [entry] = list(label_entries(redis_client))
    assert entry["labels"] == {"toxicity": 0.0} and entry["source"] == "suggestscore"
    assert entry["site"] == "Coral:https://news.example" and entry["text"] == "I disagree with the mayor."
    assert entry["client_token"] == "comment:c-1" and entry["model_version"]


def test_suggestscore_do_not_store_keeps_nothing(compat_client, redis_client):
    response = compat_client.post(SUGGEST, json={"comment": {"text": "Private Wombatford"}, "doNotStore": True,
                                                 "attributeScores": {"INSULT": {"summaryScore": {"value": 1}}}})
    assert response.status_code == 200 and response.get_json() == {}
    assert list(label_entries(redis_client)) == [] and redis_contains(redis_client, "Wombatford") == []


def test_openai_moderation_shape(compat_client):
    response = compat_client.post("/v1/moderations", json={"input": ["hello", "you idiot"]},
                                  headers={"Authorization": f"Bearer {API_KEY}"})
    assert response.status_code == 200, response.get_data(as_text=True)
    body = response.get_json()
    assert body["id"].startswith("modr-") and body["model"].startswith("parley-")
    assert len(body["results"]) == 2
    assert len(body["results"][0]["category_scores"]) == 13


@pytest.mark.parametrize("headers,code", [({}, None), ({"Authorization": "Bearer nope"}, "invalid_api_key")])
def test_openai_auth_errors(compat_client, headers, code):
    response = compat_client.post("/v1/moderations", json={"input": "x"}, headers=headers)
    assert response.status_code == 401
    assert response.get_json()["error"]["code"] == code
    assert response.get_json()["error"]["type"] == "invalid_request_error"


def test_openai_bad_json_and_wrong_method(compat_client):
    auth = {"Authorization": f"Bearer {API_KEY}"}
    bad = compat_client.post("/v1/moderations", data=b"[", content_type="application/json", headers=auth)
    assert bad.status_code == 400 and set(bad.get_json()["error"]) == {"message", "type", "param", "code"}
    assert compat_client.get("/v1/moderations", headers=auth).get_json()["error"]["type"] == "invalid_request_error"


def coral_post(client, body, *secrets):
    headers = {"Content-Type": "application/json"}
    if secrets:
        headers["X-Coral-Signature"] = talk_signature(body, *secrets)
    return client.post("/v1/integrations/coral", data=body, headers=headers)


def test_coral_publish_is_204_and_stores_nothing(compat_client, redis_client):
    response = coral_post(compat_client, talk_body("Fine piece.", site="site-publish", comment_id="p-1"),
                          CORAL_SECRETS[0])
    assert response.status_code == 204 and response.get_data() == b""
    assert not redis_client.exists("parley:comment:p-1")


def test_coral_review_is_withheld_and_queued(compat_client, redis_client):
    response = coral_post(compat_client, talk_body("Hmm.", site="site-review", comment_id="r-1"), CORAL_SECRETS[1])
    assert response.status_code == 200
    assert response.get_json() == {"status": "SYSTEM_WITHHELD",
                                   "actions": [{"actionType": "FLAG", "reason": "COMMENT_DETECTED_TOXIC"}]}
    stored = redis_client.hgetall("parley:comment:r-1")
    assert stored["status"] == "pending" and stored["site"] == "site-review"
    assert stored["article_id"] == "story-1" and stored["author_id"] == "author-1"
    assert redis_client.zscore(PENDING, "r-1") is not None


def test_coral_reject_names_a_rejection_reason(compat_client, redis_client):
    response = coral_post(compat_client, talk_body("Whatever.", site="site-reject", comment_id="x-1"),
                          *CORAL_SECRETS)
    body = response.get_json()
    assert body["status"] == "REJECTED"
    assert body["moderationAction"]["rejectionReason"]["code"] == "HATE_SPEECH"
    assert redis_client.hget("parley:comment:x-1", "status") == "rejected"


@pytest.mark.parametrize("secrets", [(), ("wrong-secret",)])
def test_coral_bad_signature_is_401_and_stores_nothing(compat_client, redis_client, secrets):
    response = coral_post(compat_client, talk_body("Hmm.", site="site-review", comment_id="b-1"), *secrets)
    assert response.status_code == 401 and response.get_json()["error"]["code"] == "bad_signature"
    assert not redis_client.exists("parley:comment:b-1")


def test_coral_unconfigured_refuses_everything(client):
    body = talk_body("Hmm.", site="x")
    response = coral_post(client, body, "any")
    assert response.status_code == 401


def test_openapi_documents_the_compat_paths(client):
    paths = client.get("/openapi.json").get_json()["paths"]
    for path in ("/v1alpha1/comments:analyze", "/v1alpha1/comments:suggestscore", "/v1/moderations",
                 "/v1/integrations/coral"):
        assert path in paths


@pytest.fixture
def unreachable_redis_client(app_env, shipped_scorer):
    """The app pointed at a port where no Redis listens: the fault, injected without mocking."""
    overrides = {**app_env, "REDIS_URL": f"redis://127.0.0.1:{free_port()}/0",
                 "PARLEY_THRESHOLDS": json.dumps(THRESHOLDS), "PARLEY_CORAL_SECRETS": CORAL_SECRETS[0]}
    return create_app(overrides, scorer=shipped_scorer).test_client()


def test_redis_down_analyze_and_moderations_still_answer(unreachable_redis_client):
    assert unreachable_redis_client.post(ANALYZE, json=talk_analyze("hello")).status_code == 200
    response = unreachable_redis_client.post("/v1/moderations", json={"input": "hello"},
                                             headers={"Authorization": f"Bearer {API_KEY}"})
    assert response.status_code == 200


def test_redis_down_suggestscore_is_googles_503(unreachable_redis_client):
    response = unreachable_redis_client.post(SUGGEST, json={
        "comment": {"text": "x"}, "attributeScores": {"TOXICITY": {"summaryScore": {"value": 1}}}})
    assert response.status_code == 503
    assert response.get_json()["error"]["status"] == "UNAVAILABLE" and response.headers["Retry-After"]


def test_redis_down_coral_still_withholds(unreachable_redis_client):
    body = talk_body("Hmm.", site="site-review", comment_id="down-1")
    response = coral_post(unreachable_redis_client, body, CORAL_SECRETS[0])
    assert response.status_code == 200 and response.get_json()["status"] == "SYSTEM_WITHHELD"
