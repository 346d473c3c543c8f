"""A comment from Talk with a quote, stray control bytes and a foreign language, as moderators see it."""

from __future__ import annotations

import requests
from playwright.sync_api import expect

from tests.browser.conftest import CORAL_SECRET
from tests.compat_fixtures import talk_body, talk_signature

QUOTE = "<script>window.__parley_xss = 1</script>You are all idiots"


def through_talk(web, site: str, comment_id: str, html: str) -> None:
    body = talk_body(html, site=site, comment_id=comment_id)
    response = requests.post(web.url + "/v1/integrations/coral", data=body, timeout=10, headers={
        "Content-Type": "application/json", "X-Coral-Signature": talk_signature(body, CORAL_SECRET)})
    assert response.status_code == 200, response.text


def test_quote_is_shown_apart_marked_and_inert(moderator_page, web, site):
    through_talk(web, site, f"{site}-q", "<blockquote>&lt;script&gt;window.__parley_xss = 1&lt;/script&gt;"
                                         "You are all idiots</blockquote><p>I disagree,<br>politely.</p>")
    page = moderator_page("alice", site)
    expect(page.locator("#claim-status")).to_contain_text("Claimed by you")
    assert page.locator("#comment-text").evaluate("n => n.textContent") == "I disagree,\npolitely."
    quoted = page.locator("#comment-quotes .quoted")
    expect(quoted).to_have_count(1)
    expect(quoted.locator(".quoted-label")).to_have_text("Quoted, not the author's words, not scored")
    expect(quoted.locator(".quoted-text")).to_have_text(QUOTE)
    assert page.evaluate("window.__parley_xss") is None
    assert page.locator("#card script").count() == 0


def test_control_bytes_show_as_markers_and_the_language_is_named(moderator_page, web, site):
    web.submit(site, [{"text": "a stray\x02byte and a NUL\x00 here"}])
    through_talk(web, site, f"{site}-de", "<p>Man sollte diese Politiker alle aufhängen</p>")
    page = moderator_page("alice", site)
    page.locator(f'.row[data-id="{site}-0"]').click()
    markers = page.locator("#comment-text .ctl")
    expect(markers).to_have_count(2)
    expect(markers.first).to_have_attribute("data-cp", "U+0002")
    page.locator(f'.row[data-id="{site}-de"]').click()
    expect(page.locator("#card .language")).to_have_text("detected language: de")
    expect(page.locator("#comment-quotes")).to_be_hidden()
