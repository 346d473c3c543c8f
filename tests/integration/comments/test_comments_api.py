"""POST /v1/comments and friends through the Flask app, on a real Redis."""

from service.review.queue import PENDING

CLEAN = "Thank you for the careful reporting, the map of the crossing was very helpful."
ABUSIVE = "You are a pathetic idiot and a worthless piece of shit, shut up."


def post(client, auth, **body):
    return client.post("/v1/comments", json=body, headers=auth)


def test_clean_comment_is_published_and_stored(client, auth, redis_client):
    response = post(client, auth, id="c1", text=CLEAN, article_id="a1", author_id="u1", site="s")
    assert response.status_code == 201
    body = response.get_json()
    assert body["id"] == "c1" and body["decision"] == "publish" and body["status"] == "published"
    assert set(body["scores"]) == {"toxicity", "severe_toxicity", "obscene", "insult",
                                   "identity_attack", "threat", "incitement"}
    assert all(0.0 <= p <= 1.0 for p in body["scores"].values())
    assert body["reasons"] == [] and body["cached"] is False and body["model_version"]
    stored = client.get("/v1/comments/c1", headers=auth).get_json()
    assert stored["text"] == CLEAN and stored["author_id"] == "u1"
    assert [e["event"] for e in stored["history"]] == ["submitted", "auto_decision"]
    assert redis_client.zcard(PENDING) == 0


def test_abusive_comment_is_held_with_reasons(client, auth):
    body = post(client, auth, id="c2", text=ABUSIVE).get_json()
    assert body["decision"] in ("review", "reject")
    assert "insult" in body["reasons"] or "toxicity" in body["reasons"]


def test_review_decision_queues_once_even_when_reposted(client, auth, app, redis_client):
    thresholds = app.extensions["thresholds"]
    # Make every label doubtful at 0 so the comment must go to review, never reject.
    for limits in thresholds.for_site(None).values():
        limits.update(review=0.0, reject=1.01)
    first = post(client, auth, id="q1", text=CLEAN)
    again = post(client, auth, id="q1", text=CLEAN)
    assert first.status_code == 201 and again.status_code == 200
    assert first.get_json()["decision"] == "review" and again.get_json()["decision"] == "review"
    assert redis_client.zrange(PENDING, 0, -1) == ["q1"]
    history = client.get("/v1/comments/q1", headers=auth).get_json()["history"]
    assert [e["event"] for e in history] == ["submitted", "auto_decision"]


def test_an_edit_that_clears_a_queued_comment_takes_it_off_the_queue(client, auth, app, redis_client):
    for limits in app.extensions["thresholds"].for_site(None).values():
        limits["reject"] = 1.01  # the abusive text is held for review, never rejected
    assert post(client, auth, id="u1", text=ABUSIVE).get_json()["decision"] == "review"
    assert redis_client.zrange(PENDING, 0, -1) == ["u1"]
    edited = post(client, auth, id="u1", text=CLEAN).get_json()
    assert edited["edited"] is True and edited["decision"] == "publish"
    assert redis_client.zcard(PENDING) == 0 and not redis_client.keys("parley:queue:ikeys:*")


def test_changed_text_is_an_edit(client, auth):
    post(client, auth, id="e1", text=CLEAN)
    edited = post(client, auth, id="e1", text=ABUSIVE)
    assert edited.status_code == 200
    body = edited.get_json()
    assert body["edited"] is True and body["version"] == 2 and body["decision"] != "publish"
    stored = client.get("/v1/comments/e1", headers=auth).get_json()
    assert stored["text"] == ABUSIVE
    assert [e["event"] for e in stored["history"]] == ["submitted", "auto_decision", "edited", "auto_decision"]


def test_same_text_elsewhere_hits_the_score_cache(client, auth):
    assert post(client, auth, id="k1", text=CLEAN).get_json()["cached"] is False
    assert post(client, auth, id="k2", text="  " + CLEAN.upper()).get_json()["cached"] in (True, False)
    assert post(client, auth, id="k3", text=CLEAN).get_json()["cached"] is True


def test_score_batch_has_no_side_effects(client, auth, redis_client):
    response = client.post("/v1/score", json={"texts": [CLEAN, ABUSIVE]}, headers=auth)
    assert response.status_code == 200
    results = response.get_json()["results"]
    assert len(results) == 2
    assert results[1]["scores"]["toxicity"] > results[0]["scores"]["toxicity"]
    assert not redis_client.keys("parley:comment:*")


def test_missing_comment_is_404(client, auth):
    response = client.get("/v1/comments/nope", headers=auth)
    assert response.status_code == 404 and response.get_json()["error"]["code"] == "not_found"
