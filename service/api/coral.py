"""Coral Talk's external moderation phase: POST /v1/integrations/coral.

Talk calls this for every new or edited comment and waits at most the phase timeout (200 ms
by default), so the answer is one cached scoring plus, for doubtful comments, one intake
write. Talk sends the body as HTML by default: it is read as text (service/comments/html_body),
quoted passages apart, and text in a language Parley cannot read is held (or as the site says). Comments Parley would publish get 204 (no opinion) and are not stored; comments for
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
from service.comments.html_body import read_html
from service.scoring import language
from service.validation import check_text, is_blank

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
    if is_blank(phase.text):
        return "", 204
    check_text(phase.text, "comment.body", current_app.config["PARLEY"].max_text_chars)
    text, quotes = _read(phase)
    if is_blank(text):
        return "", 204
    status, reasons = _decide(phase, text, quotes)
    if status == "pending":  # Talk's toxic flag only when the model found something
        return jsonify(review_response(flag=any(reason != language.REASON for reason in reasons)))
    if status == "rejected":
        return jsonify(reject_response(reasons))
    return "", 204


def _read(phase: PhaseRequest) -> tuple[str, tuple[str, ...]]:
    """The words to judge and the passages quoted beside them, from Talk's body.

    Talk sends HTML unless its phase is set to plain text (PARLEY_CORAL_BODY_FORMAT says
    which). A reply that is nothing but a quote is judged on the quote: it is all it says.
    """
    if current_app.config["PARLEY"].coral_body_format != "html":
        return phase.text, ()
    body = read_html(phase.text)
    if is_blank(body.text):
        return "\n\n".join(body.quotes), ()
    return body.text, body.quotes


def _decide(phase: PhaseRequest, text: str, quotes: tuple[str, ...]) -> tuple[str, list[str]]:
    """Where the comment stands (published, pending, rejected, approved) and why."""
    intake: Intake = current_app.extensions["intake"]
    analysis = intake.analyzer.analyze([text])[0]
    verdict = intake.verdict(text, analysis.scores, phase.site)  # word lists included
    verdict, _ = intake.languages.judge(verdict, text, phase.site)
    if verdict.decision is Decision.PUBLISH:
        return "published", []
    original = phase.text if current_app.config["PARLEY"].coral_body_format == "html" else ""
    try:
        comment = intake.submit(phase.comment_id, text, site=phase.site, article_id=phase.article_id,
                                author_id=phase.author_id, quotes=quotes, original_html=original).comment
    except redis.RedisError as exc:
        # Talk keeps its own queue: withholding or rejecting there beats silently publishing.
        log.warning("coral comment %s not stored (%s); answering anyway",
                    phase.comment_id, type(exc).__name__)
        status = "pending" if verdict.decision is Decision.REVIEW else "rejected"
        return status, list(verdict.reasons)
    return comment.status, list(comment.reasons)
