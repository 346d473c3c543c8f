"""Hostile comments render as inert text: nothing they carry runs, opens a dialog or becomes markup."""

from __future__ import annotations

from playwright.sync_api import expect

FLAG = "window.__parley_xss"
CORPUS = [
    "<script>window.__parley_xss = 1; alert('script')</script> idiot",
    '<img src=x onerror="window.__parley_xss=2;alert(2)"> you moron',
    '<a href="javascript:window.__parley_xss=3">click here, stupid</a>',
    "<svg/onload=window.__parley_xss=4><body onload=alert(4)>",
    '"><iframe src="javascript:alert(5)"></iframe><!-- broken <b><i>unclosed <p class="x',
    "</textarea></title></style><script>alert(6)</script>{{ 7*7 }} ${alert(7)}",
    "\u202eevil.exe \u202bmixed\u202c and the override \u2066isolate",
    "id\u200biot with zero\u200cwidth\u2060 joins\ufeff and soft\u00adhyphen",
    "Emoji 😡🔥👍🏽 👨‍👩‍👧 🏴󠁧󠁢󠁥󠁮󠁧󠁿 you clown",
    ("Long and rude, you idiot. " * 800)[:20_000],
]
AUTHOR = '<img src=x onerror="window.__parley_xss=9">'


def test_the_corpus_shows_as_text_and_nothing_runs(moderator_page, web, site):
    ids = web.submit(site, [{"text": text, "author_id": AUTHOR, "article_id": "<b>a</b>"}
                            for text in CORPUS])
    page = moderator_page("alice", site)
    expect(page.locator(".row")).to_have_count(len(CORPUS))
    texts = dict(zip(ids, CORPUS))
    seen = set()
    for _ in CORPUS:
        comment_id = page.locator(".row.selected").get_attribute("data-id")
        expect(page.locator("#claim-status")).to_contain_text("Claimed by you")
        shown = page.locator("#comment-text")
        expect(shown).to_have_attribute("dir", "auto")
        assert shown.evaluate("node => node.textContent") == texts[comment_id]
        # Only our own text wrappers inside the text: no element a payload could have made.
        tags = shown.evaluate("node => [...node.querySelectorAll('*')].map(e => e.tagName)")
        assert set(tags) <= {"MARK", "SPAN"}, tags
        expect(page.locator("#card .author")).to_have_text(AUTHOR)
        seen.add(comment_id)
        page.keyboard.press("j")
    assert seen == set(ids)
    # Payloads as text: the markup is visible, not interpreted.
    expect(page.locator(".row").first).to_be_visible()
    assert "<script>" in page.locator("#rows").inner_text()
    assert page.locator("#rows img, #rows script, #rows iframe, #rows svg, #rows a, #card img, "
                        "#card iframe, #card svg, #card a").count() == 0
    # Invisible characters are shown as markers and kept, so the text is exactly what was sent.
    page.locator(f'.row[data-id="{ids[6]}"]').click()
    expect(page.locator("#comment-text .ctl").first).to_have_attribute("data-cp", "U+202E")
    expect(page.locator(f'.row[data-id="{ids[6]}"] .excerpt .ctl').first).to_have_attribute("data-cp", "U+202E")
    page.locator(f'.row[data-id="{ids[9]}"]').click()
    expect(page.locator("#comment-text")).to_contain_text("Long and rude")
    assert page.evaluate(f"typeof {FLAG}") == "undefined"
    assert page.dialogs == []
    for page_path in ("/moderate/history", f"/moderate/comments/{ids[0]}", "/moderate/dashboard"):
        page.goto(web.url + page_path)
        assert page.evaluate(f"typeof {FLAG}") == "undefined"
    page.goto(web.url + f"/moderate/comments/{ids[1]}")
    expect(page.locator(".comment-text")).to_have_text(CORPUS[1])
    assert page.dialogs == []
