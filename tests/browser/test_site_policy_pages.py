"""The site's policy on the moderators' pages: tiers in the queue, word lists on the dashboard."""

from __future__ import annotations

import time

from playwright.sync_api import expect

from service.comments.store import Comment, CommentStore
from service.review.queue import ReviewQueue
from tests.browser.conftest import LABELS, log_in

HOSTILE_ENTRY = "<svg onload=alert(1)>"


def queue_held(web, site: str, comment_id: str, text: str, **scores: float) -> None:
    """Put a comment in the queue as the intake would, held for the labels given."""
    now = time.time()
    comment = Comment(id=comment_id, text=text, site=site, status="pending", decision="review",
                      reasons=sorted(scores, key=lambda k: -scores[k]),
                      scores={label: 0.01 for label in LABELS} | scores, created_at=now, updated_at=now)
    queue = ReviewQueue(web.redis)
    with web.redis.pipeline() as pipe:
        CommentStore(web.redis).put(pipe, comment)
        queue.enqueue(pipe, comment)
        pipe.execute()


def test_the_queue_shows_the_gravest_first_and_why(moderator_page, web, site):
    queue_held(web, site, f"{site}-moron", "You moron.", insult=0.99, toxicity=0.99)
    queue_held(web, site, f"{site}-shoot", "Shoot every soldier at the base.", incitement=0.93)
    queue_held(web, site, f"{site}-slur", "Those people are vermin.", identity_attack=0.6)
    page = moderator_page("alice", site)
    rows = page.locator(".row")
    expect(rows).to_have_count(3)
    assert [rows.nth(i).get_attribute("data-id") for i in range(3)] == [
        f"{site}-shoot", f"{site}-slur", f"{site}-moron"]
    assert [rows.nth(i).locator(".tier").inner_text() for i in range(3)] == ["T1", "T2", "T3"]
    assert "threat or incitement" in rows.nth(0).locator(".tier").get_attribute("title")
    expect(page.locator("#card-place")).to_contain_text("Tier 1 of 3 (threat or incitement)")
    expect(page.locator("#card-place")).to_contain_text("risk 0.93 within the tier")


def test_word_lists_are_managed_on_the_dashboard_and_shown_on_the_card(new_context, moderator_page, web, site):
    page = log_in(new_context(), web, "bob", "/moderate/dashboard")
    page.dialogs = []
    page.fill("#words-site", site)
    page.click("#word-lists-site button[type=submit]")
    expect(page.locator("#words-banned .empty")).to_have_text("None.")
    page.fill("#words-entries", f"glorbnik\nZorp Weevil\n{HOSTILE_ENTRY}")
    page.select_option("#words-list", "suspect")
    page.click("#add-words button[type=submit]")
    expect(page.locator(".flash.ok")).to_contain_text("Added to the suspect list")
    entries = page.locator("#words-suspect .entry")
    expect(entries).to_have_count(3)
    assert HOSTILE_ENTRY in [entries.nth(i).inner_text() for i in range(3)]  # shown as text
    assert page.locator("#word-lists svg").count() == 0 and not page.dialogs
    # Move glorbnik to the banned list, then take the hostile entry off again.
    page.fill("#words-entries", "G.L.O.R.B.N.I.K")
    page.select_option("#words-list", "banned")
    page.click("#add-words button[type=submit]")
    expect(page.locator(".flash.ok")).to_contain_text("Moved off the other list: G.L.O.R.B.N.I.K")
    expect(page.locator("#words-banned .entry")).to_have_text(["G.L.O.R.B.N.I.K"])
    page.locator("#words-suspect li", has_text="onload").locator("button").click()
    expect(page.locator("#words-suspect .entry")).to_have_text(["Zorp Weevil"])
    events = [e for e in web.redis.xrange("parley:audit") if site in e[1]["entry"]]
    assert len(events) == 3 and all('"moderator":"bob"' in e[1]["entry"] for e in events)

    time.sleep(1.1)  # the lists reach every worker within a second
    text = "Thanks for this, z.o.r.p weevil, truly."
    ids = web.submit(site, [{"text": text}])
    moderator = moderator_page("alice", site)
    expect(moderator.locator(f'.row[data-id="{ids[0]}"] .chip.l-suspect_word')).to_have_text(
        "suspect word: Zorp Weevil")
    mark = moderator.locator("#comment-text mark.l-suspect_word")
    expect(mark).to_have_text("z.o.r.p weevil")
    banned = web.submit(site, [{"id": f"{site}-banned", "text": "you glorbnik"}], held=False)
    assert web.status(banned[0]) == "rejected"
