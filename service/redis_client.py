"""The one place the service's Redis client is made, and Redis errors become Parley's."""

from __future__ import annotations

import logging

import redis
from flask import Flask, Response, current_app

from .errors import StoreUnavailable, envelope

log = logging.getLogger(__name__)

# Errors that mean "Redis is not there right now", as opposed to a bug in a command.
UNAVAILABLE = (redis.ConnectionError, redis.TimeoutError, redis.exceptions.BusyLoadingError)


def make_client(url: str) -> redis.Redis:
    """A client with short timeouts, so a dead Redis gives a quick 503, not a hung worker."""
    return redis.Redis.from_url(url, socket_connect_timeout=1.0, socket_timeout=2.0,
                                health_check_interval=15, decode_responses=True)


def init_app(app: Flask) -> None:
    """Attach the client as app.extensions['redis'] and map outages to 503 store_unavailable."""
    url = app.config["PARLEY"].redis_url
    if not url:
        raise RuntimeError("REDIS_URL is not set (`parley serve` starts an embedded Redis)")
    app.extensions["redis"] = make_client(url)

    @app.errorhandler(redis.RedisError)
    def _redis_error(error: redis.RedisError) -> Response:
        log.warning("redis error: %s", type(error).__name__)
        unavailable = StoreUnavailable()
        return envelope(unavailable.code, unavailable.message, unavailable.status,
                        headers=unavailable.headers)


def get_redis() -> redis.Redis:
    """The current app's Redis client."""
    return current_app.extensions["redis"]
