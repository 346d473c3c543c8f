"""GET /v1/stats: the dashboard's series as JSON, so a site can chart them in its own tools."""

from __future__ import annotations

from flask import Blueprint, jsonify, request

from service import errors
from service.api.reviews import get_queue
from service.review.moderator_auth import require_moderator
from service.review.stats_series import RANGES, read_series

bp = Blueprint("stats", __name__, url_prefix="/v1")
MAX_SITE_CHARS = 256


@bp.get("/stats")
@require_moderator
def stats():
    """The last 24 hours by hour (range=24h) or 14 days by day (range=14d), one site or all."""
    range_name = request.args.get("range", "24h")
    if range_name not in RANGES:
        raise errors.ValidationFailed(details={"range": "one of " + ", ".join(RANGES)})
    site = request.args.get("site", "")
    if len(site) > MAX_SITE_CHARS:
        raise errors.ValidationFailed(details={"site": f"at most {MAX_SITE_CHARS} characters"})
    queue = get_queue()
    return jsonify(read_series(queue.client, range_name, queue.clock(), site=site or None))
