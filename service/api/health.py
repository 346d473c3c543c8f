"""Liveness (/healthz: the process answers), readiness (/readyz: model and Redis work), /metrics."""

from __future__ import annotations

import hmac

import redis
from flask import Blueprint, Response, current_app, jsonify, request
from prometheus_client import generate_latest
from prometheus_client.exposition import CONTENT_TYPE_LATEST

from service.access.auth import open_route
from service.errors import Unauthorized
from service.metrics import scrape_registry

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


@bp.get("/metrics")
@open_route
def metrics():
    """Prometheus text format; needs `Authorization: Bearer $PARLEY_METRICS_TOKEN` when set."""
    token = current_app.config["PARLEY"].metrics_token
    if token:
        _, _, given = request.headers.get("Authorization", "").partition(" ")
        if not hmac.compare_digest(given.strip().encode(), token.encode()):
            raise Unauthorized("A valid metrics token is required.")
    return Response(generate_latest(scrape_registry(current_app)), mimetype=CONTENT_TYPE_LATEST)
