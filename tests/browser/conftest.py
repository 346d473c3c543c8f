"""The moderators' pages in Debian's Chromium (headless, via Playwright), against real gunicorn."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator
from urllib.parse import quote

import pytest
import redis
import requests

from service.review.moderators import Moderators
from service.redis_server import RedisServer
from tests.conftest import API_KEY
from tests.e2e.conftest import LiveServer, start_gunicorn, stop_gunicorn

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
LABELS = ("toxicity", "severe_toxicity", "obscene", "insult", "identity_attack", "threat",
          "incitement")
# Every comment is doubtful and none is bad enough to reject: all of them wait for review.
# The screenshots' site holds comments as the shipped model would (nothing auto-rejected).
SHOWCASE_SITE = "daily-courier"
THRESHOLDS = json.dumps({
    "default": {label: {"review": 0.0, "reject": 1.0} for label in LABELS},
    "sites": {SHOWCASE_SITE: {label: {"review": 0.5 if label == "severe_toxicity" else 0.3,
                                      "reject": 1.0} for label in LABELS}},
})
PASSWORD = "correct horse battery"
MODERATORS = ("alice", "bob")
CORAL_SECRET = "browser-coral-secret"  # for comments that arrive through Talk's phase


@dataclass
class Web:
    """The running app, its Redis, and helpers to fill a site's queue."""

    server: LiveServer
    redis: redis.Redis

    @property
    def url(self) -> str:
        return self.server.url

    def submit(self, site: str, comments: list[dict[str, Any]], held: bool = True) -> list[str]:
        """POST comments (text, optional id/author_id/article_id) to the site; their ids."""
        ids = []
        with requests.Session() as http:
            http.headers["Authorization"] = f"Bearer {API_KEY}"
            for n, comment in enumerate(comments):
                body = {"id": f"{site}-{n}", "site": site, "article_id": "a-1",
                        "author_id": f"reader-{n}", **comment}
                response = http.post(self.url + "/v1/comments", json=body, timeout=10)
                assert response.status_code == 201, response.text
                assert response.json()["decision"] == "review" or not held
                ids.append(body["id"])
        return ids

    def status(self, comment_id: str) -> str:
        return self.redis.hget(f"parley:comment:{comment_id}", "status") or ""

    def history(self, comment_id: str) -> list[dict[str, Any]]:
        return [json.loads(raw) for raw in self.redis.lrange(f"parley:history:{comment_id}", 0, -1)]


@pytest.fixture(scope="session")
def web(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Web]:
    if not CHROMIUM.exists():
        pytest.skip("/usr/bin/chromium is not installed (`make test` installs it)")
    server_redis = RedisServer(tmp_path_factory.mktemp("browser-redis"), fsync="everysec").start()
    client = redis.Redis.from_url(server_redis.url, decode_responses=True)
    for name in MODERATORS:
        Moderators(client).add(name, PASSWORD, replace=True)
    server = start_gunicorn(server_redis.url, tmp_path_factory.mktemp("browser") / "gunicorn.log",
                            PARLEY_THRESHOLDS=THRESHOLDS, PARLEY_SECRET_KEY="browser-tests-" + "k" * 32,
                            PARLEY_CORAL_SECRETS=CORAL_SECRET)
    yield Web(server, client)
    stop_gunicorn(server)
    client.close()
    server_redis.stop()


@pytest.fixture(scope="session")
def browser(web: Web):
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=15_000)   # assertions wait this long on a loaded, shared machine
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def site() -> str:
    """A site of the test's own: each test's queue page is filtered to it."""
    return "site-" + uuid.uuid4().hex[:8]


@pytest.fixture
def new_context(browser):
    """Make browser contexts (one per moderator), closed after the test."""
    contexts = []

    def make():
        context = browser.new_context(viewport={"width": 1400, "height": 860})
        context.set_default_timeout(15_000)   # a shared 2-core machine
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


def log_in(context, web: Web, name: str, then: str = "/moderate/"):
    """Log in through the form and land on `then`; the page is watched for dialogs."""
    page = context.new_page()
    page.dialogs = []
    page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(web.url + "/moderate/login?next=" + quote(then, safe=""))
    page.fill("input[name=name]", name)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(web.url + then)
    return page


@pytest.fixture
def moderator_page(new_context, web):
    """Log a moderator in (in a context of their own) on the queue page of one site."""

    def open_queue(name: str, site: str):
        page = log_in(new_context(), web, name, f"/moderate/?site={site}")
        page.wait_for_selector("#claim-status, #empty:not([hidden])")
        return page

    return open_queue
