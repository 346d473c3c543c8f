"""`parley import` of the seed article page, against the real service."""

import subprocess
import sys

from service.config import REPO_ROOT
from tests.conftest import API_KEY, SEED_PAGE, seed_page_or_skip


def test_import_seed_page(live_server, api):
    seed_page_or_skip()
    result = subprocess.run(
        [sys.executable, "-m", "service.cli.main", "import", str(SEED_PAGE), "--url", live_server.url,
         "--api-key", API_KEY, "--id-prefix", "seed", "--site", "seed-test"],
        capture_output=True, text=True, cwd=REPO_ROOT, timeout=60)
    assert result.returncode == 0, result.stderr
    lines = [line for line in result.stdout.splitlines() if line.startswith("comment ")]
    assert len(lines) == 5, result.stdout   # the article, note and bio were not imported
    decisions = {n: api.get(f"{live_server.url}/v1/comments/seed-{n}").json() for n in range(1, 6)}
    assert decisions[5]["decision"] in ("review", "reject")
    assert {"incitement", "identity_attack"} <= set(decisions[5]["reasons"])
    for n in range(1, 5):
        assert decisions[n]["decision"] != "reject", (n, decisions[n]["scores"])
