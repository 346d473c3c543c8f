"""Coral Talk's external moderation phase: POST /v1/integrations/coral.

Talk calls this for every new or edited comment and waits at most the phase timeout (a few
hundred ms), so the answer is one cached scoring plus, for doubtful comments, one intake
write. Comments Parley would publish get 204 (no opinion) and are not stored; comments for
review or rejection go through the same intake as POST /v1/comments, so they are stored,
audited and queued, and Talk is told to withhold or reject them.
"""

from __future__ import annotations

import logging

import redis
from flask import Blueprint, current_app, jsonify, request

from service.wire.coral import (SIGNATURE_HEADER, PhaseRequest, parse_phase_request, reject_response,
                          review_response, verify_signature)
from service.access.auth import SIGNATURE, requires
from service.errors import BadSignature, ValidationFailed
from service.comments.intake import Intake
from service.scoring.policy import Decision
from service.validation import check_text

log = logging.getLogger(__name__)

bp = Blueprint("coral", __name__, url_prefix="/v1/integrations/coral")


@bp.post("")
@requires(SIGNATURE)
def moderation_phase():
    """Verify Talk's signature, decide, and answer in Talk's phase response shape."""
    raw = request.get_data(cache=True)
    secrets = current_app.config["PARLEY"].coral_secrets
    if not secrets:
        log.warning("Coral phase request refused: PARLEY_CORAL_SECRETS is not set")
        raise BadSignature("The Coral integration is not configured (PARLEY_CORAL_SECRETS).")
    if not verify_signature(raw, request.headers.get(SIGNATURE_HEADER), secrets):
        raise BadSignature()
    try:
        phase = parse_phase_request(raw)
    except ValueError as exc:
        raise ValidationFailed(details={"body": str(exc)}) from exc
    if not phase.text.strip():
        return "", 204
    check_text(phase.text, "comment.body", current_app.config["PARLEY"].max_text_chars)
    status, reasons = _decide(phase)
    if status == "pending":
        return jsonify(review_response())
    if status == "rejected":
        return jsonify(reject_response(reasons))
    return "", 204


def _decide(phase: PhaseRequest) -> tuple[str, list[str]]:
    """Where the comment stands (published, pending, rejected, approved) and why."""
    intake: Intake = current_app.extensions["intake"]
    analysis = intake.analyzer.analyze([phase.text])[0]
    verdict = intake.verdict(phase.text, analysis.scores, phase.site)  # word lists included
    if verdict.decision is Decision.PUBLISH:
        return "published", []
    try:
        comment = intake.submit(phase.comment_id, phase.text, site=phase.site,
                                article_id=phase.article_id, author_id=phase.author_id).comment
    except redis.RedisError as exc:
        # Talk keeps its own queue: withholding or rejecting there beats silently publishing.
        log.warning("coral comment %s not stored (%s); answering anyway",
                    phase.comment_id, type(exc).__name__)
        status = "pending" if verdict.decision is Decision.REVIEW else "rejected"
        return status, list(verdict.reasons)
    return comment.status, list(comment.reasons)
