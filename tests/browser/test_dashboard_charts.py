"""The dashboard's charts in Chromium: they render, raise no page error, and say what was posted."""

from __future__ import annotations

import re
import time

import requests
from playwright.sync_api import expect

from service.scoring.site_thresholds import SiteThresholds
from tests.browser.conftest import LABELS, PASSWORD, log_in
from tests.conftest import API_KEY

NEVER = 1.0   # the highest threshold allowed: a clean text never scores a full 1
CHART_IDS = ("chart-comments", "chart-moderated", "chart-labels", "chart-depth", "chart-oldest",
             "chart-wait", "chart-moderators")


def post_with(web, site: str, review: float, reject: float | None, texts: list[str],
              start: int) -> list[dict]:
    """Apply the site's thresholds, wait for the workers to take them, post; the answers."""
    SiteThresholds(web.redis).apply(site, {label: {"review": review, "reject": reject}
                                           for label in LABELS})
    time.sleep(2.5)   # every worker reads the overrides once a second
    answers = []
    for n, text in enumerate(texts, start):
        response = requests.post(web.url + "/v1/comments", timeout=10,
                                 headers={"Authorization": f"Bearer {API_KEY}"},
                                 json={"id": f"{site}-{n}", "text": text, "site": site})
        assert response.status_code == 201, response.text
        answers.append(response.json())
    return answers


def test_the_charts_render_and_show_what_was_posted(new_context, web, site):
    texts = ["A fair point about the council budget."] * 9
    answers = (post_with(web, site, NEVER, None, texts[:3], 0)     # published
               + post_with(web, site, 0.0, 0.0, texts[3:4], 3)     # rejected
               + post_with(web, site, 0.0, None, texts[4:], 4))    # held for review
    tally = {d: sum(a["decision"] == d for a in answers) for d in ("publish", "review", "reject")}
    assert tally["publish"] and tally["review"] >= 3   # the thresholds took effect
    held = [a["id"] for a in answers if a["decision"] == "review"]
    for comment_id, decision in zip(held, ("approve", "approve", "reject")):
        requests.post(f"{web.url}/v1/reviews/{comment_id}/claim", auth=("alice", PASSWORD), timeout=10)
        decided = requests.post(f"{web.url}/v1/reviews/{comment_id}/decision", timeout=10,
                                auth=("alice", PASSWORD),
                                json={"decision": decision, **({"reason": "spam"} if decision == "reject" else {})})
        assert decided.status_code == 200, decided.text

    page = log_in(new_context(), web, "alice", f"/moderate/dashboard?site={site}")
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.reload()
    expect(page.locator("#stats-scope")).to_have_text(site)
    charts = page.locator("svg.chart[role=img]")
    expect(charts).to_have_count(len(CHART_IDS))
    for chart_id in CHART_IDS:
        box = page.locator(f"#{chart_id}").bounding_box()
        assert box and box["width"] > 300 and box["height"] > 100, chart_id

    total = sum(tally.values())
    comments = page.locator("#chart-comments").get_attribute("aria-label")
    assert (f"{total} in all ({tally['publish']} published, {tally['review']} held for review, "
            f"{tally['reject']} rejected automatically)") in comments
    bar_totals = [int(t) for t in page.locator("#chart-comments .bar-total").all_text_contents()]
    assert sum(bar_totals) == total
    moderated = page.locator("#chart-moderated").get_attribute("aria-label")
    assert "3 in all (2 approved, 1 rejected)" in moderated
    assert "alice" in page.locator("#chart-moderators").get_attribute("aria-label")
    depth = page.locator("#chart-depth").get_attribute("aria-label")
    assert re.search(rf"waiting at most {tally['review']} \(at ", depth), depth
    cells = {k: page.locator(f'#range-totals [data-total="{k}"]').inner_text()
             for k in ("in", "publish", "review", "reject", "approve", "moderator-reject", "depth")}
    assert cells == {"in": str(total), "publish": str(tally["publish"]), "review": str(tally["review"]),
                     "reject": str(tally["reject"]), "approve": "2", "moderator-reject": "1",
                     "depth": str(tally["review"])}

    page.get_by_role("link", name="14 days").click()
    expect(page.locator("#trends-title")).to_contain_text("Last 14 days")
    assert f"{total} in all" in page.locator("#chart-comments").get_attribute("aria-label")
    assert errors == []
