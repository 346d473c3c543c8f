"""What moderators see of real-world input: quoted passages, control bytes, the language."""

from __future__ import annotations

import json
import re

import pytest

from service import create_app
from service.review.moderators import Moderators
from tests.compat_fixtures import CORAL_SECRETS, LABELS, talk_body, talk_signature
from tests.conftest import API_KEY

ALL_TO_REVIEW = json.dumps({"default": {label: {"review": 0.0, "reject": 1.0} for label in LABELS}})
PASSWORD = "correct horse battery"
QUOTE = "<script>alert(1)</script> you said this"


@pytest.fixture
def web(app_env, shipped_scorer, redis_client):
    app = create_app({**app_env, "PARLEY_THRESHOLDS": ALL_TO_REVIEW, "PARLEY_CORAL_SECRETS": CORAL_SECRETS[0],
                      "PARLEY_SECRET_KEY": "integration-" + "s" * 32}, scorer=shipped_scorer)
    Moderators(redis_client).add("alice", PASSWORD)
    client = app.test_client()
    form = client.get("/moderate/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)
    client.post("/moderate/login", data={"name": "alice", "password": PASSWORD, "csrf_token": token})
    client.token = re.search(r'name="csrf-token" content="([^"]+)"',
                             client.get("/moderate/").get_data(as_text=True)).group(1)
    return client


def coral(client, html, comment_id):
    body = talk_body(html, site="s", comment_id=comment_id)
    response = client.post("/v1/integrations/coral", data=body, headers={
        "Content-Type": "application/json", "X-Coral-Signature": talk_signature(body, CORAL_SECRETS[0])})
    assert response.status_code == 200, response.get_data(as_text=True)


def open_card(client, comment_id):
    return client.post(f"/moderate/api/comments/{comment_id}/open",
                       headers={"X-CSRF-Token": client.token}).get_json()["card"]


def test_card_shows_the_quote_apart_and_the_text_is_only_the_authors(web):
    html = "<blockquote>&lt;script&gt;alert(1)&lt;/script&gt; you said this</blockquote><p>My own words.</p>"
    coral(web, html, "k-1")
    card = open_card(web, "k-1")
    assert card["text"] == "My own words."
    assert card["quotes"] == [[{"text": QUOTE}]]
    trail = web.get("/moderate/comments/k-1").get_data(as_text=True)
    assert 'class="quoted"' in trail and "Quoted, not the author's words" in trail
    assert "&lt;script&gt;alert(1)&lt;/script&gt; you said this" in trail and "<script>alert(1)" not in trail
    assert "&lt;blockquote&gt;" in trail  # the body as sent, escaped


def test_control_bytes_show_as_markers_on_the_card_and_the_trail(web):
    response = web.post("/v1/comments", headers={"Authorization": f"Bearer {API_KEY}"},
                        json={"id": "k-2", "text": "stray\x02byte and nul\x00", "site": "s"})
    assert response.status_code == 201
    card = open_card(web, "k-2")
    assert {"text": "\x02", "control": "U+0002 START OF TEXT"} in card["segments"]
    assert {"text": "\x00", "control": "U+0000 NULL"} in card["segments"]
    trail = web.get("/moderate/comments/k-2").get_data(as_text=True)
    assert 'data-cp="U+0002" title="U+0002 START OF TEXT"' in trail and 'data-cp="U+0000"' in trail


def test_card_names_an_unreadable_language(web):
    coral(web, "<p>Man sollte diese Politiker alle aufhängen</p>", "k-3")
    card = open_card(web, "k-3")
    assert card["language"] == "de" and "unsupported_language" in card["reasons"]
    trail = web.get("/moderate/comments/k-3").get_data(as_text=True)
    assert "Detected language: de" in trail
