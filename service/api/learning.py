"""The learning loop for the moderators' dashboard: per-site threshold advice and model versions."""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify, request

from service.errors import ValidationFailed
from service.learning.model_watch import registry_for
from service.review.moderator_auth import require_moderator
from service.redis_client import get_redis
from service.learning.threshold_advice import TARGET_PRECISION, TARGET_RECALL, advice_for_site

bp = Blueprint("learning", __name__, url_prefix="/v1/learning")


def _target(name: str, default: float) -> float:
    raw = request.args.get(name, "")
    try:
        value = float(raw) if raw else default
    except ValueError:
        value = -1.0
    if not 0.0 < value <= 1.0:
        raise ValidationFailed(details={name: "a number in (0, 1]"})
    return value


@bp.get("/threshold-advice")
@require_moderator
def threshold_advice():
    """Suggested per-label thresholds for one site, from its labels (applying them is the CLI's)."""
    site = request.args.get("site", "").strip()
    if not site:
        raise ValidationFailed(details={"site": "required"})
    advice = advice_for_site(get_redis(), current_app.extensions["scorer"], current_app.extensions["thresholds"],
                             site, target_precision=_target("precision", TARGET_PRECISION),
                             target_recall=_target("recall", TARGET_RECALL))
    return jsonify(advice)


@bp.get("/models")
@require_moderator
def models():
    """Every model version with its gate status, and the one this worker serves."""
    registry = registry_for(current_app)
    return jsonify({"served": current_app.extensions["scorer"].version,
                    "versions": [entry.public() for entry in registry.versions()]})
