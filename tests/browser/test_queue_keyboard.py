"""A moderator works the queue with the keyboard: log in, approve, reject with a reason, undo."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.conftest import PASSWORD, log_in

RISKY = "You are a pathetic moron and a disgusting idiot, shut up."
MILD = "I think the minister is wrong about the budget."


def selected(page):
    return page.locator(".row.selected")


def test_login_wrong_password_then_right_then_logout(new_context, web):
    page = new_context().new_page()
    page.goto(web.url + "/moderate/")
    expect(page).to_have_url(web.url + "/moderate/login?next=/moderate/")
    page.fill("input[name=name]", "alice")
    page.fill("input[name=password]", "not the password")
    page.click("button[type=submit]")
    expect(page.locator(".error")).to_have_text("Wrong name or password.")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    expect(page).to_have_url(web.url + "/moderate/")
    expect(page.locator(".whoami")).to_have_text("alice")
    cookie = next(c for c in page.context.cookies() if c["name"] == "parley_session")
    assert cookie["httpOnly"] and cookie["sameSite"] == "Lax" and cookie["expires"] > 0
    page.click("text=Log out")
    expect(page).to_have_url(web.url + "/moderate/login")
    page.goto(web.url + "/moderate/history")
    expect(page.locator("input[name=password]")).to_be_visible()


def test_riskiest_first_and_approve_with_a(moderator_page, web, site):
    mild, risky = web.submit(site, [{"text": MILD}, {"text": RISKY}])
    page = moderator_page("alice", site)
    expect(selected(page)).to_have_attribute("data-id", risky)
    expect(page.locator("#claim-status")).to_have_text(
        re.compile(r"^Claimed by you, [45]:\d\d left$"))
    assert page.locator("#comment-text mark.hl").count() > 0   # the words that drove the score
    page.keyboard.press("a")
    expect(selected(page)).to_have_attribute("data-id", mild)
    expect(page.locator("#toast")).to_contain_text("Approved")
    assert web.status(risky) == "approved"
    assert web.history(risky)[-1]["moderator"] == "alice"
    page.keyboard.press("k")    # j/k move; the decided comment is gone from the list
    expect(selected(page)).to_have_attribute("data-id", mild)
    assert page.locator(f'.row[data-id="{risky}"]').count() == 0


def test_reject_with_r_and_a_reason_key(moderator_page, web, site):
    (comment,) = web.submit(site, [{"text": RISKY}])
    page = moderator_page("alice", site)
    expect(selected(page)).to_have_attribute("data-id", comment)
    page.keyboard.press("r")
    expect(page.locator("#reason-picker")).to_be_visible()
    page.keyboard.press("4")    # threat
    expect(page.locator("#reason-picker")).to_be_hidden()
    expect(page.locator("#empty")).to_be_visible()
    assert web.status(comment) == "rejected"
    last = web.history(comment)[-1]
    assert (last["event"], last["reason"], last["moderator"]) == ("rejected", "threat", "alice")


def test_undo_with_u_gives_the_comment_back(moderator_page, web, site):
    first, second = web.submit(site, [{"text": RISKY}, {"text": MILD}])
    page = moderator_page("alice", site)
    expect(selected(page)).to_have_attribute("data-id", first)
    page.keyboard.press("a")
    expect(selected(page)).to_have_attribute("data-id", second)
    assert web.status(first) == "approved"
    page.keyboard.press("u")
    expect(selected(page)).to_have_attribute("data-id", first)
    expect(page.locator("#claim-status")).to_contain_text("Claimed by you")
    assert web.status(first) == "pending"
    assert [e["event"] for e in web.history(first)][-2:] == ["approved", "undone"]
    page.keyboard.press("j")    # the second one is ours to decide again, after the release
    expect(selected(page)).to_have_attribute("data-id", second)
    page.keyboard.press("r")
    page.keyboard.press("Enter")  # the suggested reason
    expect(selected(page)).to_have_attribute("data-id", first)
    assert web.status(second) == "rejected"


def test_help_overlay_lists_the_shortcuts(moderator_page, web, site):
    web.submit(site, [{"text": MILD}])
    page = moderator_page("bob", site)
    page.keyboard.press("?")
    expect(page.locator("#help")).to_be_visible()
    expect(page.locator("#help")).to_contain_text("approve")
    page.keyboard.press("Escape")
    expect(page.locator("#help")).to_be_hidden()


def test_reject_all_by_author_after_confirming(moderator_page, web, site):
    ids = web.submit(site, [{"text": RISKY, "author_id": "troll"}, {"text": RISKY + " Again.", "author_id": "troll"},
                            {"text": MILD, "author_id": "someone-else"}])
    page = moderator_page("alice", site)
    page.click("button.bulk")
    expect(page.locator("#bulk-confirm")).to_be_visible()
    expect(page.locator("#bulk-count")).to_have_text("2")
    page.select_option("#bulk-reason", "spam")
    page.click("#bulk-go")
    expect(page.locator(".row")).to_have_count(1)
    assert [web.status(i) for i in ids] == ["rejected", "rejected", "pending"]
    assert page.dialogs == []
