"""Liveness (/healthz: the process answers) and readiness (/readyz: model and Redis work)."""

from __future__ import annotations

import redis
from flask import Blueprint, current_app, jsonify

from ..auth import open_route

bp = Blueprint("health", __name__)


@bp.get("/healthz")
@open_route
def healthz():
    """Up, whatever Redis does: an orchestrator should not restart us for Redis's sake."""
    return jsonify({"status": "ok"})


@bp.get("/readyz")
@open_route
def readyz():
    """Ready only with the model loaded and Redis answering PING."""
    checks = {"model": "scorer" in current_app.extensions}
    try:
        checks["redis"] = bool(current_app.extensions["redis"].ping())
    except redis.RedisError:
        checks["redis"] = False
    ready = all(checks.values())
    body = {"status": "ready" if ready else "not_ready", "checks": checks}
    if ready:
        body["model_version"] = current_app.extensions["scorer"].version
    return jsonify(body), 200 if ready else 503
