"""POST /v1/comments (score, decide, store) and GET /v1/comments/<id>."""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify

from service.review.audit_log import AuditLog
from service.access.auth import require_api_key
from service.comments.store import CommentStore
from service.errors import NotFound
from service.comments.intake import Intake
from service.redis_client import get_redis
from service.validation import id_field, json_object, text_field

bp = Blueprint("comments", __name__, url_prefix="/v1/comments")


@bp.post("")
@require_api_key
def submit_comment():
    """Score and decide one comment; 201 when new, 200 for a repeat or an edit."""
    body = json_object()
    settings = current_app.config["PARLEY"]
    comment_id = id_field(body, "id", required=True)
    text = text_field(body, "text", settings.max_text_chars)
    fields = {name: id_field(body, name, required=False) for name in ("article_id", "author_id", "site")}
    intake: Intake = current_app.extensions["intake"]
    result = intake.submit(comment_id, text, **fields)
    comment = result.comment
    if result.created or result.edited:
        current_app.extensions["metrics"].observe_auto_decision(comment.decision, comment.reasons)
    payload = {
        "id": comment.id, "decision": comment.decision, "status": comment.status,
        "scores": comment.scores, "reasons": comment.reasons, "matched_words": comment.matched_words,
        "model_version": comment.model_version, "version": comment.version,
        "cached": result.cached, "edited": result.edited, "language": comment.language,
    }
    return jsonify(payload), 201 if result.created else 200


@bp.get("/<comment_id>")
@require_api_key
def get_comment(comment_id: str):
    """The stored comment with its scores, decisions and full history."""
    client = get_redis()
    comment = CommentStore(client).get(comment_id)
    if comment is None:
        raise NotFound(f"No comment with id {comment_id!r}.")
    return jsonify({**comment.public(), "history": AuditLog(client).history(comment_id)})
