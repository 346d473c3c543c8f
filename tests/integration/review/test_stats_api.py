"""GET /v1/stats through the app on a real Redis: moderator credentials, the numbers posted."""

from __future__ import annotations

import json

import jsonschema_rs
import pytest

from service import create_app
from service.api.openapi import document
from service.review.moderators import Moderators
from tests.conftest import API_KEY
from tests.integration.queue_support import LABELS
from tests.integration.review.test_stats import FixedScorer

PASSWORD = "correct horse battery"


@pytest.fixture
def stats_app(app_env, redis_client):
    """The app with injected scores: every label 0.6, held unless a site's thresholds say otherwise."""
    def every(review: float, reject: float) -> dict:
        return {label: {"review": review, "reject": reject} for label in LABELS}

    thresholds = json.dumps({"default": every(0.5, 0.9),
                             "sites": {"calm": every(0.7, 0.9), "harsh": every(0.5, 0.55)}})
    app = create_app({**app_env, "PARLEY_THRESHOLDS": thresholds}, scorer=FixedScorer())
    Moderators(redis_client).add("alice", PASSWORD, replace=True)
    yield app
    app.extensions["redis"].close()


def test_stats_count_what_the_sites_posted_for_moderators_only(stats_app):
    http = stats_app.test_client()
    bearer = {"Authorization": f"Bearer {API_KEY}"}
    for n, site in enumerate(["calm", "calm", "harsh", "mid", "mid", "mid"]):
        response = http.post("/v1/comments", headers=bearer,
                             json={"id": f"c{n}", "text": f"a comment, number {n}", "site": site})
        assert response.status_code == 201
    decided = http.post("/v1/reviews/claim", auth=("alice", PASSWORD))
    comment_id = decided.get_json()["item"]["comment_id"]
    assert http.post(f"/v1/reviews/{comment_id}/decision", auth=("alice", PASSWORD),
                     json={"decision": "approve"}).status_code == 200

    assert http.get("/v1/stats", headers=bearer).status_code == 403
    assert http.get("/v1/stats").status_code == 401
    everyone = http.get("/v1/stats", auth=("alice", PASSWORD)).get_json()
    assert everyone["site"] is None and everyone["range"] == "24h" and len(everyone["buckets"]) == 24
    assert everyone["totals"]["comments"] == {"publish": 2, "review": 3, "reject": 1}
    assert everyone["totals"]["moderator_decisions"] == {"approve": 1, "reject": 0}
    assert everyone["totals"]["decisions_by_moderator"] == {"alice": {"approve": 1, "reject": 0}}
    assert everyone["totals"]["queue"]["depth_max"] == 3
    mid = http.get("/v1/stats?site=mid&range=14d", auth=("alice", PASSWORD)).get_json()
    assert mid["site"] == "mid" and mid["bucket_seconds"] == 86_400 and len(mid["buckets"]) == 14
    assert mid["totals"]["comments"] == {"publish": 0, "review": 3, "reject": 0}
    assert sum(b["held_by_label"].get("toxicity", 0) for b in mid["buckets"]) == 3
    schema = {"$ref": "#/components/schemas/StatsSeries", "components": document()["components"]}
    for body in (everyone, mid):
        jsonschema_rs.validate(schema, body)   # what /openapi.json promises
    harsh = http.get("/v1/stats?site=harsh", auth=("alice", PASSWORD)).get_json()
    assert harsh["totals"]["rejected_by_label"] == {label: 1 for label in LABELS}


def test_stats_refuse_an_unknown_range(stats_app):
    response = stats_app.test_client().get("/v1/stats?range=7d", auth=("alice", PASSWORD))
    assert response.status_code == 422
    assert response.get_json()["error"]["code"] == "validation_failed"
    assert "range" in response.get_json()["error"]["details"]
