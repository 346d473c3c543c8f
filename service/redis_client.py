"""The one place the service's Redis client is made, and Redis errors become Parley's.

Either a plain REDIS_URL (a single server, or a managed Redis's endpoint) or, for high
availability, REDIS_SENTINELS=host:port,... with REDIS_SENTINEL_MASTER: redis-py then asks the
sentinels where the master is and follows a failover by itself.
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urlparse

import redis
from flask import Flask, Response, current_app
from redis.backoff import ExponentialWithJitterBackoff
from redis.retry import Retry
from redis.sentinel import Sentinel

from service.config import ConfigError, Settings
from service.errors import StoreUnavailable, envelope

log = logging.getLogger(__name__)

# Errors that mean "Redis is not there right now", as opposed to a bug in a command.
UNAVAILABLE = (redis.ConnectionError, redis.TimeoutError, redis.exceptions.BusyLoadingError)


def _client_options() -> dict[str, Any]:
    """Short timeouts and one quick retry: a dead Redis gives a fast 503, not a hung worker.

    redis-py's default retries ten times with backoff, which would hold a worker for seconds
    per request during an outage; one retry still rides over a single dropped connection.
    """
    return {"socket_connect_timeout": 0.5, "socket_timeout": 2.0, "health_check_interval": 15,
            "retry": Retry(ExponentialWithJitterBackoff(cap=0.05, base=0.01), 1),
            "decode_responses": True}


def make_client(url: str) -> redis.Redis:
    """A client for one Redis URL (redis:// or rediss:// for TLS, as managed Redis offers)."""
    return redis.Redis.from_url(url, **_client_options())


def _sentinel_address(entry: str) -> tuple[str, int]:
    host, _, port = entry.rpartition(":")
    if not host or not port.isdigit():
        raise ConfigError(f"REDIS_SENTINELS entries must be host:port, got {entry!r}")
    return host, int(port)


def client_from_settings(settings: Settings) -> redis.Redis:
    """The configured client: through Sentinel when REDIS_SENTINELS is set, else REDIS_URL."""
    if settings.redis_sentinels:
        options = _client_options()
        db = 0
        if settings.redis_url:
            path = urlparse(settings.redis_url).path.strip("/")
            db = int(path) if path.isdigit() else 0
        sentinel = Sentinel([_sentinel_address(e) for e in settings.redis_sentinels],
                            sentinel_kwargs={"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
                            **options)
        return sentinel.master_for(settings.redis_sentinel_master, db=db, **options)
    if not settings.redis_url:
        raise RuntimeError("REDIS_URL (or REDIS_SENTINELS) is not set "
                           "(`parley serve` starts an embedded Redis)")
    return make_client(settings.redis_url)


def init_app(app: Flask) -> None:
    """Attach the client as app.extensions['redis'] and map outages to 503 store_unavailable."""
    app.extensions["redis"] = client_from_settings(app.config["PARLEY"])

    @app.errorhandler(redis.RedisError)
    def _redis_error(error: redis.RedisError) -> Response:
        log.warning("redis error: %s", type(error).__name__)
        metrics = current_app.extensions.get("metrics")
        if metrics is not None:
            metrics.redis_error(error, "request")
        unavailable = StoreUnavailable()
        return envelope(unavailable.code, unavailable.message, unavailable.status,
                        headers=unavailable.headers)


def get_redis() -> redis.Redis:
    """The current app's Redis client."""
    return current_app.extensions["redis"]
