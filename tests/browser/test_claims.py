"""Two moderators at once: a comment one holds is shown as theirs to the other and cannot be decided."""

from __future__ import annotations

import re

from playwright.sync_api import expect

FIRST = "You are a pathetic moron and a disgusting idiot, shut up."
SECOND = "Typical clueless idiots running this paper."


def test_another_moderators_claim_is_respected_and_the_list_follows(moderator_page, web, site):
    first, second = web.submit(site, [{"text": FIRST}, {"text": SECOND}])
    alice = moderator_page("alice", site)
    expect(alice.locator(".row.selected")).to_have_attribute("data-id", first)
    expect(alice.locator("#claim-status")).to_contain_text("Claimed by you")

    bob = moderator_page("bob", site)
    # Bob starts on the first comment nobody holds, and sees who holds the other.
    expect(bob.locator(".row.selected")).to_have_attribute("data-id", second)
    expect(bob.locator(f'.row[data-id="{first}"] .claim-badge')).to_have_text("held by alice")
    bob.keyboard.press("k")
    expect(bob.locator(".row.selected")).to_have_attribute("data-id", first)
    expect(bob.locator("#claim-status")).to_have_text(
        re.compile(r"^Claimed by alice, [45]:\d\d left: you cannot decide it$"))
    expect(bob.locator(".actions .approve")).to_be_disabled()
    bob.keyboard.press("a")
    expect(bob.locator("#toast")).to_contain_text("Claimed by alice")
    bob.keyboard.press("r")
    bob.keyboard.press("1")
    assert web.status(first) == "pending"
    assert web.redis.hget(f"parley:queue:claim:{first}", "moderator") == "alice"

    # Alice decides; Bob's list drops the comment on its next poll, without a reload.
    alice.keyboard.press("a")
    expect(bob.locator(f'.row[data-id="{first}"]')).to_have_count(0, timeout=15_000)
    assert web.status(first) == "approved"
    assert web.history(first)[-1]["moderator"] == "alice"
