"""Site policy through the app on a real Redis: rudeness held not rejected, word lists, their API."""

import base64
import json

import pytest

from service import create_app
from service.review.moderators import Moderators
from service.review.queue import PENDING
from tests.compat_fixtures import CORAL_SECRETS, talk_body, talk_signature
from tests.conftest import API_KEY

RUDE = ["These politicians are cowards.", "What a stupid, dishonest article. The editor should be ashamed."]
EVERY_LABEL = ("toxicity", "severe_toxicity", "obscene", "insult", "identity_attack", "threat", "incitement")


def basic(name: str = "mia", password: str = "a long password") -> dict[str, str]:
    return {"Authorization": "Basic " + base64.b64encode(f"{name}:{password}".encode()).decode()}


@pytest.fixture
def moderator(redis_client) -> dict[str, str]:
    Moderators(redis_client).add("mia", "a long password")
    return basic()


@pytest.fixture
def live(app):
    app.extensions["word_lists"].check_seconds = 0  # read the versions on every decision
    return app


def post(client, auth, **body):
    return client.post("/v1/comments", json=body, headers=auth)


@pytest.mark.parametrize("text", RUDE)
def test_sharp_argument_is_never_rejected_by_default(client, auth, text):
    body = post(client, auth, id="r-" + str(len(text)), text=text, site="herald").get_json()
    assert body["decision"] != "reject"
    assert set(body["reasons"]) <= {"toxicity", "insult", "obscene"}


def test_a_site_opts_in_to_rejecting_rudeness_through_its_thresholds(make_app, auth):
    everything_held = {label: {"review": 0.0} for label in EVERY_LABEL}
    rude_only = {**everything_held, **{label: {"review": 1.0, "reject": 1.0} for label in ("threat", "incitement",
                                                                             "identity_attack", "severe_toxicity")}}
    thresholds = {"default": rude_only, "sites": {"strict": {"toxicity": {"reject": 0.0}}}}
    client = make_app(PARLEY_THRESHOLDS=json.dumps(thresholds)).test_client()
    relaxed = post(client, auth, id="a", text=RUDE[0], site="relaxed").get_json()
    strict = post(client, auth, id="b", text=RUDE[0], site="strict").get_json()
    assert relaxed["decision"] == "review" and "toxicity" in relaxed["reasons"]
    assert strict["decision"] == "reject" and "toxicity" in strict["reasons"]


def test_a_banned_word_rejects_however_it_is_spelled_with_the_entry_as_reason(live, auth, moderator):
    client = live.test_client()
    added = client.post("/v1/sites/herald/words", json={"list": "banned", "entries": ["glorbnik"]},
                        headers=moderator)
    assert added.status_code == 200 and added.get_json()["added"] == ["glorbnik"]
    body = post(client, auth, id="w1", text="Thanks for the piece, you g.l.0.r.b.n.i.k.", site="herald").get_json()
    assert body["decision"] == "reject" and body["reasons"][0] == "banned_word"
    assert body["matched_words"] == [{"list": "banned", "entry": "glorbnik"}]
    stored = client.get("/v1/comments/w1", headers=auth).get_json()
    assert stored["matched_words"] == body["matched_words"]
    assert stored["history"][-1]["words"] == ["banned: glorbnik"]
    elsewhere = post(client, auth, id="w2", text="Thanks for the piece, you g.l.0.r.b.n.i.k.", site="courier")
    assert "banned_word" not in elsewhere.get_json()["reasons"] and elsewhere.get_json()["matched_words"] == []


def test_a_suspect_word_holds_the_comment_in_the_second_tier(live, auth, moderator, redis_client):
    client = live.test_client()
    client.post("/v1/sites/herald/words", json={"list": "suspect", "entries": ["Zorp Weevil"]}, headers=moderator)
    body = post(client, auth, id="s1", text="Thanks for the clear reporting, zorp weevil.", site="herald").get_json()
    assert body["decision"] == "review" and body["reasons"][0] == "suspect_word"
    assert redis_client.zscore(PENDING, "s1") is not None
    item = client.get("/v1/reviews?label=suspect_word", headers=moderator).get_json()["items"][0]
    assert item["comment_id"] == "s1" and item["tier"] == 2
    assert item["matched_words"] == [{"list": "suspect", "entry": "Zorp Weevil"}]


def test_word_lists_do_not_touch_raw_scores(live, auth, moderator):
    client = live.test_client()
    client.post("/v1/sites/herald/words", json={"list": "banned", "entries": ["glorbnik"]}, headers=moderator)
    plain = client.post("/v1/score", json={"texts": ["you zzzz"]}, headers=auth).get_json()["results"][0]
    scored = client.post("/v1/score", json={"texts": ["you glorbnik"]}, headers=auth).get_json()["results"][0]
    assert set(scored) == {"scores", "cached"} and max(scored["scores"].values()) < 0.97
    perspective = client.post(f"/v1alpha1/comments:analyze?key={API_KEY}", json={
        "comment": {"text": "you glorbnik"}, "requestedAttributes": {"TOXICITY": {}}}).get_json()
    assert set(perspective["attributeScores"]) == {"TOXICITY"} and plain["scores"].keys() == scored["scores"].keys()


def test_the_coral_phase_rejects_a_banned_word_with_talks_code(make_app, moderator):
    app = make_app(PARLEY_CORAL_SECRETS=CORAL_SECRETS[0])
    app.extensions["word_lists"].check_seconds = 0
    client = app.test_client()
    client.post("/v1/sites/site-words/words", json={"list": "banned", "entries": ["glorbnik"]}, headers=moderator)
    raw = talk_body("Fine piece, glorbnik.", site="site-words", comment_id="t-1")
    answer = client.post("/v1/integrations/coral", data=raw,
                         headers={"Content-Type": "application/json",
                                  "X-Coral-Signature": talk_signature(raw, CORAL_SECRETS[0])}).get_json()
    assert answer["status"] == "REJECTED"
    assert answer["moderationAction"]["rejectionReason"]["code"] == "BANNED_WORD"


def test_the_word_list_api_is_for_moderators_and_audited(live, auth, moderator):
    client = live.test_client()
    change = {"list": "suspect", "entries": ["zorp", "G.L.O.R.B"]}
    assert client.post("/v1/sites/herald/words", json=change, headers=auth).status_code == 403
    assert client.post("/v1/sites/herald/words", json=change).status_code == 401
    assert client.post("/v1/sites/herald/words", json={"list": "naughty", "entries": ["x"]},
                       headers=moderator).get_json()["error"]["code"] == "validation_failed"
    assert client.post("/v1/sites/herald/words", json={"list": "banned", "entries": ["..."]},
                       headers=moderator).status_code == 422
    assert client.post("/v1/sites/herald/words", json=change, headers=moderator).status_code == 200
    lists = client.get("/v1/sites/herald/words", headers=moderator).get_json()
    assert lists == {"site": "herald", "banned": [], "suspect": ["G.L.O.R.B", "zorp"]}
    assert client.get("/v1/word-lists", headers=moderator).get_json() == {
        "sites": {"herald": {"banned": 0, "suspect": 2}}}
    removed = client.delete("/v1/sites/herald/words", json={"list": "suspect", "entries": ["glorb", "nope"]},
                            headers=moderator).get_json()
    assert removed["removed"] == ["G.L.O.R.B"] and removed["not_listed"] == ["nope"]
    audit = client.get("/v1/audit?event=words_added,words_removed", headers=moderator).get_json()["entries"]
    assert [(e["event"], e["moderator"], e["entries"]) for e in audit] == [
        ("words_added", "mia", ["zorp", "G.L.O.R.B"]), ("words_removed", "mia", ["G.L.O.R.B"])]


def test_a_site_without_lists_decides_as_before(client, auth, app, redis_client):
    body = post(client, auth, id="n1", text="Thanks for the careful reporting.", site="no-lists").get_json()
    assert body["decision"] == "publish" and body["matched_words"] == []
    assert redis_client.keys("parley:words:*") == []
