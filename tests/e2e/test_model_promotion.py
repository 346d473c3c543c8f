"""A promotion under load: real gunicorn, a thread hammering POST /v1/score, no request dropped."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import redis
import requests

from service.learning.retrain import RetrainOptions, train_candidate
from service.learning.registry import ModelRegistry
from tests.conftest import API_KEY
from tests.e2e.conftest import start_gunicorn, stop_gunicorn
from tests.learning_support import World, world  # noqa: F401  (world is a fixture)

DEPLOYMENT = "promotion-under-load"  # its own key: other e2e servers share this Redis
MAX_REQUESTS = 4000


def hammer(url: str, stop: threading.Event, results: list[tuple[float, object, str]]) -> None:
    """POST /v1/score back to back (fresh texts, so the model really runs) until told to stop."""
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {API_KEY}"
    for n in range(MAX_REQUESTS):
        if stop.is_set():
            break
        try:
            response = session.post(url + "/v1/score", json={"texts": [f"reader comment number {n}"]}, timeout=10)
            version = response.json().get("model_version", "") if response.status_code == 200 else ""
            results.append((time.monotonic(), response.status_code, version))
        except requests.RequestException as exc:
            results.append((time.monotonic(), repr(exc), ""))
    session.close()


def test_promotion_under_load_drops_no_requests(e2e_redis, world: World, tmp_path: Path):
    models_dir = tmp_path / "models"
    client = redis.Redis.from_url(e2e_redis.url, decode_responses=True)
    registry = ModelRegistry(client, models_dir, world.base, deployment=DEPLOYMENT)
    client.delete(registry.promoted_key, registry.history_key)
    version, _ = train_candidate(world.public, [], registry, RetrainOptions(features="tiny", seed=5), lambda m: None)
    server = start_gunicorn(e2e_redis.url, tmp_path / "gunicorn.log", MODEL_PATH=str(world.base),
                            PARLEY_MODELS_DIR=str(models_dir), PARLEY_DEPLOYMENT=DEPLOYMENT,
                            PARLEY_RATE_LIMIT="off", PARLEY_ADDRESS_RATE_LIMIT="off")  # load, not budgets
    stop, results = threading.Event(), []
    threads = [threading.Thread(target=hammer, args=(server.url, stop, results)) for _ in range(2)]
    try:
        for thread in threads:
            thread.start()
        time.sleep(1.0)
        promoted_at = time.monotonic()
        registry.promote(version)
        deadline = promoted_at + 20
        while time.monotonic() < deadline and not _settled(results, version, promoted_at):
            time.sleep(0.1)
        time.sleep(0.5)
    finally:
        stop.set()
        for thread in threads:
            thread.join(30)
        stop_gunicorn(server)
        log = server.log()
        client.delete(registry.promoted_key, registry.history_key)
        client.close()

    failures = [r for r in results if r[1] != 200]
    assert not failures, failures[:5]
    before = [r for r in results if r[0] < promoted_at]
    assert before and {r[2] for r in before} == {registry.default_version()}
    late = [r for r in results if r[0] > promoted_at + 3]
    assert late and {r[2] for r in late} == {version}
    assert len(results) > 50
    assert log.count(f"now serving model {version}") == 2  # each of the two workers swapped once


def _settled(results: list[tuple[float, object, str]], version: str, since: float) -> bool:
    recent = [r for r in results[-20:] if r[0] > since]
    return len(recent) == 20 and all(r[2] == version for r in recent) and time.monotonic() > since + 3.5
