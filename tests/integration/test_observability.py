"""/metrics, /readyz and /healthz as an operator's monitoring sees them."""

import json
import re



def metric(text: str, name: str, **labels: str) -> float:
    """The value of one sample in Prometheus text format (0 when absent)."""
    for line in text.splitlines():
        if line.startswith("#") or not line.startswith(name):
            continue
        sample, _, value = line.rpartition(" ")
        found = dict(re.findall(r'(\w+)="([^"]*)"', sample))
        if sample.split("{")[0] == name and all(found.get(k) == v for k, v in labels.items()):
            return float(value)
    return 0.0


def test_metrics_count_requests_decisions_scores_and_cache(client, auth):
    text = "Interesting piece, thanks for writing it."
    client.post("/v1/comments", json={"id": "m1", "text": text}, headers=auth)
    client.post("/v1/comments", json={"id": "m2", "text": text}, headers=auth)
    client.post("/v1/comments", data=b"[", content_type="application/json", headers=auth)
    body = client.get("/metrics").get_data(as_text=True)
    assert metric(body, "parley_http_requests_total", route="/v1/comments", status="201") == 2
    assert metric(body, "parley_http_requests_total", route="/v1/comments", status="400") == 1
    assert metric(body, "parley_http_request_duration_seconds_count", route="/v1/comments", status="201") == 2
    assert metric(body, "parley_auto_decisions_total", decision="publish") == 2
    assert metric(body, "parley_score_cache_lookups_total", result="miss") == 1
    assert metric(body, "parley_score_cache_lookups_total", result="hit") == 1
    assert metric(body, "parley_label_score_count", label="toxicity") == 1
    assert metric(body, "parley_review_queue_depth") == 0
    assert 'parley_model_info{version="' in body


def test_queue_depth_is_read_from_redis(client, redis_client):
    redis_client.zadd("parley:queue:pending", {"a": 1, "b": 2})
    assert metric(client.get("/metrics").get_data(as_text=True), "parley_review_queue_depth") == 2


def test_metrics_token(make_app):
    client = make_app(PARLEY_METRICS_TOKEN="scrape-me").test_client()
    assert client.get("/metrics").status_code == 401
    assert client.get("/metrics", headers={"Authorization": "Bearer wrong"}).status_code == 401
    assert client.get("/metrics", headers={"Authorization": "Bearer scrape-me"}).status_code == 200


def test_redis_down_readyz_fails_healthz_and_metrics_answer(make_app, auth):
    app = make_app(REDIS_URL="redis://127.0.0.1:1/0")
    client = app.test_client()
    assert client.get("/healthz").status_code == 200
    ready = client.get("/readyz")
    assert ready.status_code == 503 and ready.get_json()["checks"] == {"model": True, "redis": False}
    submit = client.post("/v1/comments", json={"id": "d1", "text": "hello"}, headers=auth)
    assert submit.status_code == 503 and submit.get_json()["error"]["code"] == "store_unavailable"
    assert submit.headers["Retry-After"] == "2"
    scored = client.post("/v1/score", json={"texts": ["still scored"]}, headers=auth)
    assert scored.status_code == 200 and scored.get_json()["results"][0]["cached"] is False
    body = client.get("/metrics").get_data(as_text=True)
    assert metric(body, "parley_redis_errors_total", where="request") >= 1
    assert metric(body, "parley_redis_errors_total", where="score_cache") >= 1
    assert metric(body, "parley_redis_errors_total", where="limiter") >= 1


def test_readyz_fails_without_model(app):
    app.extensions.pop("scorer")
    assert app.test_client().get("/readyz").status_code == 503


def test_queue_figures_come_from_the_review_queue(make_app, auth):
    labels = ("toxicity", "severe_toxicity", "obscene", "insult", "identity_attack", "threat", "incitement")
    thresholds = {"sites": {"hold": {label: {"review": 0.0, "reject": 1.0} for label in labels}}}
    client = make_app(PARLEY_THRESHOLDS=json.dumps(thresholds)).test_client()
    answer = client.post("/v1/comments", json={"id": "q1", "text": "Hold me.", "site": "hold"}, headers=auth)
    assert answer.get_json()["decision"] == "review"
    body = client.get("/metrics").get_data(as_text=True)
    assert metric(body, "parley_review_queue_depth") == 1
    assert 0 <= metric(body, "parley_review_queue_oldest_age_seconds") < 60
    assert "parley_review_queue_claimed" in body
