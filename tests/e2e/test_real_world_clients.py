"""Real-world input and clients against the real app under gunicorn.

Google's documented Perspective sample (google-api-python-client, built from the discovery
document) with only its discovery URL changed; Talk's HTML bodies; stray control bytes; a
comment in a language Parley cannot read.
"""

from __future__ import annotations

import json
from typing import Iterator

import pytest
import requests
from googleapiclient import discovery, errors

from tests.compat_fixtures import CORAL_SECRETS, THRESHOLDS, talk_body, talk_signature
from tests.conftest import API_KEY
from tests.e2e.conftest import LiveServer, start_gunicorn, stop_gunicorn

GERMAN = "Man sollte diese Politiker alle aufhängen"


@pytest.fixture(scope="module")
def server(e2e_redis, tmp_path_factory) -> Iterator[LiveServer]:
    live = start_gunicorn(e2e_redis.url, tmp_path_factory.mktemp("real-world") / "gunicorn.log",
                          PARLEY_THRESHOLDS=json.dumps(THRESHOLDS), PARLEY_CORAL_SECRETS=CORAL_SECRETS[0],
                          PARLEY_PROXY_HOPS="1")
    yield live
    stop_gunicorn(live)


def google_client(server: LiveServer):
    """Google's sample, verbatim but for discoveryServiceUrl."""
    return discovery.build(
        "commentanalyzer", "v1alpha1", developerKey=API_KEY,
        discoveryServiceUrl=f"{server.url}/$discovery/rest?version=v1alpha1",
        static_discovery=False)


def test_googles_documented_sample_runs_against_parley(server):
    client = google_client(server)
    analyze_request = {"comment": {"text": "friendly greetings from python"},
                       "requestedAttributes": {"TOXICITY": {}}}
    response = client.comments().analyze(body=analyze_request).execute()
    score = response["attributeScores"]["TOXICITY"]["summaryScore"]
    assert score["type"] == "PROBABILITY" and 0.0 <= score["value"] < 0.5
    assert response["languages"] == ["en"] and response["detectedLanguages"] == ["en"]


def test_google_client_scores_abuse_higher_and_sends_feedback(server):
    client = google_client(server)
    calm, nasty = (client.comments().analyze(body={"comment": {"text": text}, "requestedAttributes": {"INSULT": {}},
                                                   "languages": ["en"]}).execute()
                   for text in ("Thank you for the careful article.", "You are a stupid worthless idiot."))
    value = lambda r: r["attributeScores"]["INSULT"]["summaryScore"]["value"]  # noqa: E731
    assert value(calm) < value(nasty)
    feedback = client.comments().suggestscore(body={
        "comment": {"text": "You are a stupid worthless idiot."}, "clientToken": "google-1",
        "attributeScores": {"INSULT": {"summaryScore": {"value": 1}}}}).execute()
    assert feedback == {"clientToken": "google-1"}


def test_google_client_sees_perspectives_errors(server):
    client = google_client(server)
    with pytest.raises(errors.HttpError) as caught:
        client.comments().analyze(body={"comment": {"text": GERMAN}, "requestedAttributes": {"THREAT": {}}}).execute()
    assert caught.value.resp.status == 400
    detail = json.loads(caught.value.content)["error"]["details"][0]
    assert detail["errorType"] == "LANGUAGE_NOT_SUPPORTED_BY_ATTRIBUTE"
    assert detail["languageNotSupportedByAttributeError"]["detectedLanguages"] == ["de"]
    wrong_key = discovery.build("commentanalyzer", "v1alpha1", developerKey="not-a-key", static_discovery=False,
                                discoveryServiceUrl=f"{server.url}/$discovery/rest?version=v1alpha1")
    with pytest.raises(errors.HttpError) as caught:
        wrong_key.comments().analyze(body={"comment": {"text": "hi"}, "requestedAttributes": {"TOXICITY": {}}}).execute()
    assert caught.value.resp.status == 400 and b"API_KEY_INVALID" in caught.value.content


def test_unknown_discovery_version_is_googles_unknown_api(server):
    with pytest.raises(errors.UnknownApiNameOrVersion):
        discovery.build("commentanalyzer", "v9", developerKey=API_KEY, static_discovery=False,
                        discoveryServiceUrl=f"{server.url}/$discovery/rest?version=v9")


def test_discovery_root_url_follows_the_proxy(server):
    doc = requests.get(f"{server.url}/$discovery/rest?version=v1alpha1", timeout=5,
                       headers={"X-Forwarded-Proto": "https", "X-Forwarded-Host": "comments.news.example"}).json()
    assert doc["rootUrl"] == doc["baseUrl"] == "https://comments.news.example/"
    direct = requests.get(f"{server.url}/$discovery/rest?version=v1alpha1", timeout=5).json()
    assert direct["rootUrl"] == server.url + "/"


def coral(server: LiveServer, html: str, site: str, comment_id: str) -> requests.Response:
    body = talk_body(html, site=site, comment_id=comment_id)
    return requests.post(server.url + "/v1/integrations/coral", data=body, timeout=5, headers={
        "Content-Type": "application/json", "X-Coral-Signature": talk_signature(body, CORAL_SECRETS[0])})


def test_talk_html_body_with_a_quote(server):
    html = ("<blockquote><p>I will find you and kill you, you worthless piece of shit.</p></blockquote>"
            "<p>Quoting this so the <b>moderators</b> see it &amp; act.<br>Please.</p>")
    assert coral(server, html, "", "rw-quote").status_code == 204  # the author's words are clean
    held = coral(server, html, "site-review", "rw-quote-held")
    assert held.status_code == 200
    stored = requests.get(server.url + "/v1/comments/rw-quote-held", timeout=5,
                          headers={"Authorization": f"Bearer {API_KEY}"}).json()
    assert stored["text"] == "Quoting this so the moderators see it & act.\nPlease."
    assert stored["quotes"] == ["I will find you and kill you, you worthless piece of shit."]
    assert stored["original_html"] == html


def test_unreadable_language_is_held_not_published(server):
    auth = {"Authorization": f"Bearer {API_KEY}"}
    response = requests.post(server.url + "/v1/comments", timeout=5, headers=auth,
                             json={"id": "rw-de", "text": GERMAN, "site": "site-publish"})
    body = response.json()
    assert body["decision"] == "review" and body["reasons"] == ["unsupported_language"]
    assert body["language"] == "de"
    assert coral(server, f"<p>{GERMAN}</p>", "site-publish", "rw-de-coral").json() == {"status": "SYSTEM_WITHHELD"}


def test_control_bytes_pass_through_every_front_door(server):
    auth = {"Authorization": f"Bearer {API_KEY}"}
    text = "A Gab-style comment with a stray \x02 byte and a NUL \x00 in it."
    created = requests.post(server.url + "/v1/comments", timeout=5, headers=auth,
                            json={"id": "rw-ctl", "text": text, "site": "site-publish"})
    assert created.status_code == 201
    assert requests.get(server.url + "/v1/comments/rw-ctl", timeout=5, headers=auth).json()["text"] == text
    batch = requests.post(server.url + "/v1/score", timeout=30, headers=auth,
                          json={"texts": [f"comment {i}" for i in range(255)] + [text]})
    assert batch.status_code == 200 and len(batch.json()["results"]) == 256
    assert coral(server, f"<p>{text}</p>", "site-publish", "rw-ctl-coral").status_code == 204
