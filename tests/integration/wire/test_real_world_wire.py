"""Perspective and Coral as real clients use them: languages, HTML bodies, control bytes."""

import json

import pytest

from service import create_app
from service.review.queue import PENDING
from tests.compat_fixtures import CORAL_SECRETS, THRESHOLDS, label_entries, talk_body, talk_signature
from tests.conftest import API_KEY

ANALYZE = f"/v1alpha1/comments:analyze?key={API_KEY}"
SUGGEST = f"/v1alpha1/comments:suggestscore?key={API_KEY}"
GERMAN = "Man sollte diese Politiker alle aufhängen"
CLEAN = "I disagree with this, and I am reporting it to the moderators."
VIOLENT = "I will find you and kill you, you worthless piece of shit."


@pytest.fixture
def make_client(app_env, shipped_scorer, redis_client):
    def build(**env):
        overrides = {**app_env, "PARLEY_THRESHOLDS": json.dumps(THRESHOLDS),
                     "PARLEY_CORAL_SECRETS": ",".join(CORAL_SECRETS), **env}
        return create_app(overrides, scorer=shipped_scorer).test_client()
    return build


@pytest.fixture
def client(make_client):
    return make_client()


def analyze(client, text, **extra):
    return client.post(ANALYZE, json={"comment": {"text": text}, "requestedAttributes": {"TOXICITY": {}}, **extra})


def coral(client, html, site, comment_id):
    body = talk_body(html, site=site, comment_id=comment_id)
    return client.post("/v1/integrations/coral", data=body,
                       headers={"Content-Type": "application/json",
                                "X-Coral-Signature": talk_signature(body, CORAL_SECRETS[0])})


def native_scores(client, text):
    return client.post("/v1/score", json={"texts": [text]},
                       headers={"Authorization": f"Bearer {API_KEY}"}).get_json()["results"][0]["scores"]


# -- Perspective: languages -----------------------------------------------------------------

def test_perspective_reports_the_detected_language(client):
    body = analyze(client, "Thanks for the careful reporting on the council budget.").get_json()
    assert body["detectedLanguages"] == ["en"] and body["languages"] == ["en"]
    short = analyze(client, "lol")
    assert short.status_code == 200 and short.get_json()["detectedLanguages"] == []


def test_perspective_refuses_a_language_it_does_not_read_as_perspective_does(client):
    response = analyze(client, GERMAN)
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["status"] == "INVALID_ARGUMENT"
    detail = error["details"][0]
    assert detail["errorType"] == "LANGUAGE_NOT_SUPPORTED_BY_ATTRIBUTE"
    assert detail["languageNotSupportedByAttributeError"] == {
        "requestedLanguages": [], "detectedLanguages": ["de"], "attribute": "TOXICITY"}


def test_perspective_trusts_languages_given_as_english(client):
    response = analyze(client, GERMAN, languages=["en"])
    assert response.status_code == 200
    body = response.get_json()
    assert body["languages"] == ["en"] and body["detectedLanguages"] == ["de"]
    assert "TOXICITY" in body["attributeScores"]


def test_suggestscore_keeps_no_example_it_cannot_read(client, redis_client):
    response = client.post(SUGGEST, json={"comment": {"text": GERMAN},
                                          "attributeScores": {"THREAT": {"summaryScore": {"value": 1}}}})
    assert response.status_code == 400
    assert response.get_json()["error"]["details"][0]["errorType"] == "LANGUAGE_NOT_SUPPORTED_BY_ATTRIBUTE"
    assert list(label_entries(redis_client)) == []


def test_perspective_accepts_control_bytes_and_refuses_lone_surrogates(client):
    assert analyze(client, "a stray \x02 byte in a comment about the budget").status_code == 200
    bad = client.post(ANALYZE, data=b'{"comment": {"text": "a \\ud800 b"}, "requestedAttributes": {"TOXICITY": {}}}',
                      content_type="application/json")
    assert bad.status_code == 400 and bad.get_json()["error"]["status"] == "INVALID_ARGUMENT"


@pytest.mark.parametrize("field,value", [("doNotStore", "yes"), ("spanAnnotations", 1), ("clientToken", 5),
                                         ("sessionId", []), ("communityId", {}), ("context", "x"),
                                         ("languages", "en")])
def test_mistyped_optional_fields_are_invalid_argument(client, field, value):
    response = analyze(client, "A fair point about the budget.", **{field: value})
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["status"] == "INVALID_ARGUMENT" and error["details"][0]["@type"].endswith("BadRequest")


# -- Coral: HTML bodies -----------------------------------------------------------------------

def test_coral_html_is_read_as_text_and_the_original_kept(client, redis_client):
    html = "<p>I <b>agree</b> &amp; more,<br>on a new line. See <a href=\"https://x.example\">this</a>.</p>"
    response = coral(client, html, "site-review", "h-1")
    assert response.status_code == 200
    stored = client.get("/v1/comments/h-1", headers={"Authorization": f"Bearer {API_KEY}"}).get_json()
    assert stored["text"] == "I agree & more,\non a new line. See this."
    assert stored["original_html"] == html and stored["quotes"] == []
    assert stored["scores"] == native_scores(client, stored["text"])


def test_coral_quote_is_not_the_authors_words(client, redis_client):
    quoted = f"<blockquote>{VIOLENT}</blockquote><p>{CLEAN}</p>"
    assert coral(client, quoted, "", "q-1").status_code == 204          # judged on the author's words
    assert coral(client, f"<p>{VIOLENT}</p>", "", "q-2").status_code == 200  # the same words, written


def test_coral_quote_is_stored_for_the_moderators(client, redis_client):
    response = coral(client, f"<blockquote>{VIOLENT}</blockquote><p>{CLEAN}</p>", "site-review", "q-3")
    assert response.status_code == 200
    stored = client.get("/v1/comments/q-3", headers={"Authorization": f"Bearer {API_KEY}"}).get_json()
    assert stored["text"] == CLEAN and stored["quotes"] == [VIOLENT]
    assert stored["scores"] == native_scores(client, CLEAN)


def test_coral_quote_only_reply_is_judged_on_the_quote(client):
    assert coral(client, f"<blockquote>{VIOLENT}</blockquote>", "", "q-4").status_code == 200


def test_coral_empty_html_is_no_opinion(client, redis_client):
    assert coral(client, "<p></p><br>", "site-review", "e-1").status_code == 204
    assert not redis_client.exists("parley:comment:e-1")


def test_coral_plain_format_takes_the_body_as_it_is(make_client):
    client = make_client(PARLEY_CORAL_BODY_FORMAT="plain")
    assert coral(client, "a <b> c", "site-review", "pl-1").status_code == 200
    stored = client.get("/v1/comments/pl-1", headers={"Authorization": f"Bearer {API_KEY}"}).get_json()
    assert stored["text"] == "a <b> c" and stored["original_html"] == ""


def test_coral_withholds_an_unreadable_comment_without_a_toxic_flag(client, redis_client):
    response = coral(client, f"<p>{GERMAN}</p>", "site-publish", "de-1")
    assert response.status_code == 200 and response.get_json() == {"status": "SYSTEM_WITHHELD"}
    assert json.loads(redis_client.hget("parley:comment:de-1", "reasons")) == ["unsupported_language"]
    assert redis_client.zscore(PENDING, "de-1") is not None


def test_coral_accepts_control_bytes(client):
    assert coral(client, "<p>fine\x02 words\x00 here</p>", "site-publish", "c-1").status_code == 204
