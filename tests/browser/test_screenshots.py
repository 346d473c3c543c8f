"""Screenshots of the queue and a comment card (from the demo comments), and of the dashboard
after a replayed fortnight of one site's traffic.

Always taken (so the page renders them without error); written to docs/screenshots/ when
PARLEY_SCREENSHOTS=1:  PARLEY_SCREENSHOTS=1 .venv/bin/python -m pytest tests/browser/test_screenshots.py
"""

from __future__ import annotations

import os
import time

import requests
from playwright.sync_api import expect

from seeds import demo_comments
from service.config import REPO_ROOT
from tests.browser.conftest import PASSWORD, SHOWCASE_SITE, log_in
from tests.browser.traffic import replay

SHOWN = ("demo-9", "demo-10", "demo-11", "demo-18", "demo-22", "demo-16", "demo-7", "demo-20", "demo-6",
         "demo-8", "demo-4", "demo-23")


def test_screenshots_of_the_queue_and_a_card(moderator_page, web, tmp_path):
    by_id = {c["id"]: c for c in demo_comments()}
    site = SHOWCASE_SITE
    ids = web.submit(site, [{k: v for k, v in by_id[i].items() if k != "site"} | {"id": f"shot-{i}"}
                            for i in SHOWN], held=False)
    ids = [i for i in ids if web.status(i) == "pending"]
    held = requests.post(f"{web.url}/v1/reviews/{ids[1]}/claim", auth=("bob", PASSWORD), timeout=10)
    assert held.status_code == 200, held.text
    page = moderator_page("alice", site)
    expect(page.locator("#claim-status")).to_contain_text("Claimed by you")
    page.keyboard.press("j")
    page.keyboard.press("k")
    expect(page.locator(f'.row[data-id="{ids[1]}"] .claim-badge')).to_have_text("held by bob")
    expect(page.locator("#comment-text mark.hl").first).to_be_visible()
    out = REPO_ROOT / "docs" / "screenshots" if os.environ.get("PARLEY_SCREENSHOTS") else tmp_path
    out.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(out / "queue.png"))
    card, legend = page.locator("#card").bounding_box(), page.locator("#card .legend").bounding_box()
    page.screenshot(path=str(out / "comment-card.png"),
                    clip={"x": card["x"], "y": card["y"], "width": card["width"],
                          "height": legend["y"] + legend["height"] + 16 - card["y"]})
    for name in ("queue.png", "comment-card.png"):
        assert (out / name).stat().st_size > 10_000


def test_screenshot_of_the_dashboard_after_a_fortnight(new_context, web, tmp_path):
    site = "evening-post"   # a site of its own: the fortnight is replayed once per session
    replayed = replay(web.redis, site, time.time())
    page = log_in(new_context(), web, "alice", f"/moderate/dashboard?site={site}&range=14d")
    posted = replayed["posted"]
    assert (f"{sum(posted.values())} in all ({posted['publish']} published, {posted['review']} held "
            f"for review, {posted['reject']} rejected automatically)"
            in page.locator("#chart-comments").get_attribute("aria-label"))
    out = REPO_ROOT / "docs" / "screenshots" if os.environ.get("PARLEY_SCREENSHOTS") else tmp_path
    out.mkdir(parents=True, exist_ok=True)
    for name, query in (("dashboard-14d.png", "&range=14d"), ("dashboard.png", "")):
        page.goto(f"{web.url}/moderate/dashboard?site={site}{query}")
        trends = page.locator("#trends").bounding_box()
        page.screenshot(path=str(out / name), full_page=True,
                        clip={"x": 0, "y": 0, "width": 1400, "height": trends["y"] + trends["height"] + 16})
        assert (out / name).stat().st_size > 10_000


def test_screenshot_of_a_sites_threshold_advice(new_context, web, tmp_path):
    from service.learning.label_store import LabelStore

    site = "herald"
    store = LabelStore(web.redis)
    for i in range(14):  # what a fortnight of decisions on one small site leaves behind
        store.add(text=f"you are a pathetic idiot, reader {i}", labels={"insult": 1.0, "toxicity": 1.0},
                  source="moderator", site=site)
        store.add(text=f"a fair point about the council budget, number {i}",
                  labels={"insult": 0.0, "toxicity": 0.0}, source="moderator", site=site)
    page = log_in(new_context(), web, "alice", f"/moderate/dashboard?site={site}")
    expect(page.locator("#advice-table")).to_contain_text("insult")
    expect(page.locator("#advice-site")).to_have_value(site)
    out = REPO_ROOT / "docs" / "screenshots" if os.environ.get("PARLEY_SCREENSHOTS") else tmp_path
    out.mkdir(parents=True, exist_ok=True)
    page.locator("#threshold-advice").screenshot(path=str(out / "threshold-advice.png"))
    assert (out / "threshold-advice.png").stat().st_size > 10_000
