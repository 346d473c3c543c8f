"""The README's promise: after `parley serve --demo`, log in as the printed moderator and clear the
demo queue with the keyboard alone."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
import time

import pytest
from playwright.sync_api import expect

from service.config import REPO_ROOT
from service.redis_server import free_port


@pytest.fixture
def demo_server(tmp_path):
    port = free_port()
    env = {k: v for k, v in os.environ.items()
           if k not in ("REDIS_URL", "PARLEY_API_KEYS", "PARLEY_SECRET_KEY", "PARLEY_THRESHOLDS")}
    env["PARLEY_VAR_DIR"] = str(tmp_path / "var")
    process = subprocess.Popen([sys.executable, "-m", "service.cli.main", "serve", "--demo", "--port", str(port)],
                               cwd=REPO_ROOT, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True, start_new_session=True)
    output: list[str] = []
    reader = threading.Thread(target=lambda: output.extend(process.stdout), daemon=True)
    reader.start()
    try:
        deadline = time.monotonic() + 120
        while "Parley is running" not in "".join(output):
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail("parley serve --demo did not come up:\n" + "".join(output))
            time.sleep(0.2)
        yield f"http://127.0.0.1:{port}", "".join(output)
    finally:
        os.killpg(process.pid, signal.SIGINT)
        process.wait(60)
        reader.join(5)
        process.stdout.close()
    assert (tmp_path / "var" / "secret_key").is_file()


def test_a_new_moderator_clears_the_demo_queue_with_the_keyboard(demo_server, new_context):
    url, printed = demo_server
    found = re.search(r"(http://\S+/moderate/)\s+log in as (\S+) / (\S+)", printed)
    assert found, printed
    queue_url, name, password = found.groups()
    page = new_context().new_page()
    page.goto(queue_url)
    expect(page.locator("input[name=name]")).to_be_focused()   # autofocus: no click needed
    page.keyboard.type(name)
    page.keyboard.press("Tab")
    page.keyboard.type(password)
    page.keyboard.press("Enter")
    expect(page.locator(".whoami")).to_have_text(name)
    expect(page.locator("#claim-status")).to_contain_text("Claimed by you")   # the riskiest, opened
    waiting = page.locator(".row").count()
    assert waiting >= 3, "the demo should leave a few comments for review"
    for n in range(waiting):
        expect(page.locator("#claim-status")).to_contain_text("Claimed by you")
        if n % 2:
            page.keyboard.press("a")
        else:
            page.keyboard.press("r")
            page.keyboard.press("Enter")   # the suggested reason
        expect(page.locator(".row")).to_have_count(waiting - n - 1)
    expect(page.locator("#empty")).to_be_visible()
    expect(page.locator("#depth")).to_have_text("0 waiting")
    page.goto(url + "/moderate/dashboard")
    expect(page.locator("#tile-depth")).to_have_text("0")
    expect(page.locator("#tile-decisions")).to_have_text(str(waiting))
