"""Input as real sites send it: stray control bytes, and comments Parley cannot read."""

import json

import pytest

from service.review.queue import PENDING
from tests.compat_fixtures import THRESHOLDS

GERMAN = "Man sollte diese Politiker alle aufhängen"   # one should hang all these politicians
SPANISH = "Hay que colgar a todos estos políticos, no merecen otra cosa."
GHC_LIKE = "The \x02border vote was rushed\x00 and the paper should say so."


@pytest.fixture
def fixed(make_app):
    """Sites whose model verdict is fixed (publish everything), so only language decides."""
    app = make_app(PARLEY_THRESHOLDS=json.dumps(THRESHOLDS),
                   PARLEY_UNSUPPORTED_LANGUAGE=json.dumps({"sites": {"site-reject": "reject",
                                                                    "lenient": "publish"}}))
    return app.test_client()


def post(client, auth, **body):
    return client.post("/v1/comments", json=body, headers=auth)


def test_control_bytes_are_accepted_stored_as_sent_and_scored_as_spaces(client, auth):
    response = post(client, auth, id="ghc-1", text=GHC_LIKE)
    assert response.status_code == 201, response.get_json()
    stored = client.get("/v1/comments/ghc-1", headers=auth).get_json()
    assert stored["text"] == GHC_LIKE
    spaced = client.post("/v1/score", json={"texts": [GHC_LIKE.replace("\x02", " ").replace("\x00", " ")]},
                         headers=auth).get_json()["results"][0]
    assert response.get_json()["scores"] == spaced["scores"]


def test_one_control_byte_no_longer_fails_a_full_batch(client, auth):
    texts = [f"Reader {i} thinks the budget vote was rushed." for i in range(255)] + ["one \x02 stray byte"]
    response = client.post("/v1/score", json={"texts": texts}, headers=auth)
    assert response.status_code == 200
    assert len(response.get_json()["results"]) == 256


@pytest.mark.parametrize("raw", [b'{"id": "n1", "text": "NUL \\u0000 and DEL \\u007f and \\u0085"}',
                                 b'{"id": "n1", "text": "\\u001b[31mred\\u001b[0m"}'])
def test_every_storable_json_string_is_accepted(client, auth, raw):
    response = client.post("/v1/comments", data=raw, content_type="application/json", headers=auth)
    assert response.status_code == 201
    assert client.get("/v1/comments/n1", headers=auth).get_json()["text"] == json.loads(raw)["text"]


def test_unreadable_language_goes_to_review_by_default(fixed, auth, redis_client):
    body = post(fixed, auth, id="de-1", text=GERMAN, site="site-publish").get_json()
    assert body["decision"] == "review" and body["status"] == "pending"
    assert body["reasons"] == ["unsupported_language"] and body["language"] == "de"
    assert redis_client.zrange(PENDING, 0, -1) == ["de-1"]
    stored = fixed.get("/v1/comments/de-1", headers=auth).get_json()
    assert stored["language"] == "de"


def test_unreadable_language_action_is_per_site(fixed, auth):
    rejected = post(fixed, auth, id="es-1", text=SPANISH, site="site-reject").get_json()
    assert rejected["decision"] == "reject" and "unsupported_language" in rejected["reasons"]
    published = post(fixed, auth, id="es-2", text=SPANISH, site="lenient").get_json()
    assert published["decision"] == "publish" and published["language"] == "es"


@pytest.mark.parametrize("text", ["lol", "Good piece.", "👍👍", "😂😂😂"])
def test_short_english_and_emoji_are_judged_normally(fixed, auth, text):
    body = post(fixed, auth, id=f"short-{len(text)}", text=text, site="site-publish").get_json()
    assert body["decision"] == "publish" and body["language"] in ("en", "und")


def test_an_english_comment_is_detected_as_english(fixed, auth):
    body = post(fixed, auth, id="en-1", site="site-publish",
                text="The council should publish the full budget before the vote, not after it.").get_json()
    assert body["language"] == "en" and body["decision"] == "publish"
