"""Session-wide test resources: a real redis-server on a free port, the shipped model, apps."""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

import pytest
import redis

from service import create_app
from service.config import DEFAULT_MODEL_PATH, REPO_ROOT
from service.redis_server import RedisServer

SHARED = REPO_ROOT.parent / "shared"
SEED_PAGE = SHARED / "seeds" / "article_with_comments.txt"
API_KEY = "test-key"


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisServer]:
    """The same redis-server binary `make run` embeds, on its own port and data dir."""
    server = RedisServer(tmp_path_factory.mktemp("redis"), fsync="everysec").start()
    yield server
    server.stop()


@pytest.fixture
def redis_client(redis_server: RedisServer) -> Iterator[redis.Redis]:
    """A client on a database flushed before and after the test."""
    client = redis.Redis.from_url(redis_server.url, decode_responses=True)
    client.flushdb()
    yield client
    client.flushdb()
    client.close()


@pytest.fixture(scope="session")
def shipped_scorer():
    """The committed model, loaded once for the session."""
    from models.scorer import Scorer

    return Scorer.load(DEFAULT_MODEL_PATH)


@pytest.fixture
def app_env(redis_server: RedisServer) -> dict[str, str]:
    """Environment overrides for an app on the test Redis."""
    return {"REDIS_URL": redis_server.url, "PARLEY_API_KEYS": f"{API_KEY},second-key",
            "MODEL_PATH": str(DEFAULT_MODEL_PATH)}


@pytest.fixture
def make_app(app_env: dict[str, str], shipped_scorer, redis_client: redis.Redis):
    """Build apps on the test Redis with extra settings; their connections close after the test."""
    made = []

    def build(**env: str):
        made.append(create_app({**app_env, **env}, scorer=shipped_scorer))
        return made[-1]

    yield build
    for built in made:
        built.extensions["redis"].close()


@pytest.fixture
def app(make_app):
    """A fresh app per test, on a flushed Redis."""
    return make_app()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def auth() -> dict[str, str]:
    return {"Authorization": f"Bearer {API_KEY}"}


def seed_page_or_skip() -> str:
    """The seed article page from ../shared, or skip where ../shared is absent."""
    if not SEED_PAGE.is_file():
        pytest.skip("../shared/seeds/article_with_comments.txt is not present")
    return SEED_PAGE.read_text(encoding="utf-8")


@pytest.fixture
def tmp_var(tmp_path: Path) -> Path:
    return tmp_path / "var"
