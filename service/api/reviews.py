"""The moderators' review API: list, claim, release and decide (moderator credentials only)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Flask, Response, current_app, g, jsonify, request

from service import errors
from service.review.moderator_auth import require_moderator
from service.review.queue import ReasonCode, Refusal, ReviewItem, ReviewQueue, ReviewRefused
from service.validation import json_object

bp = Blueprint("reviews", __name__, url_prefix="/v1/reviews")

MAX_LIST = 200
MAX_NOTE_CHARS = 2000
_REFUSALS: dict[Refusal, type[errors.ParleyError]] = {
    Refusal.NOT_FOUND: errors.NotFound, Refusal.NOT_PENDING: errors.NotPending,
    Refusal.ALREADY_CLAIMED: errors.AlreadyClaimed, Refusal.LEASE_NOT_HELD: errors.LeaseNotHeld,
    Refusal.ALREADY_DECIDED: errors.AlreadyDecided, Refusal.COMMENT_EDITED: errors.CommentEdited,
    Refusal.UNDO_NOT_ALLOWED: errors.UndoNotAllowed,
}


def get_queue() -> ReviewQueue:
    """The current app's review queue."""
    return current_app.extensions["review_queue"]


def refusal_error(refused: ReviewRefused) -> errors.ParleyError:
    """The API error for a queue refusal (the web pages use this too)."""
    return _REFUSALS[refused.refusal](details={"comment_id": refused.comment_id, **refused.details})


def int_arg(name: str, default: int, maximum: int) -> int:
    """A bounded positive integer query parameter."""
    raw = request.args.get(name, "")
    if not raw:
        return default
    if not raw.isdigit() or not 1 <= int(raw) <= maximum:
        raise errors.ValidationFailed(details={name: f"an integer from 1 to {maximum}"})
    return int(raw)


def filters(source: dict[str, Any]) -> dict[str, str]:
    """The site / article_id / label filters, from query arguments or a JSON body."""
    found = {name: source.get(name) or "" for name in ("site", "article_id", "label")}
    for name, value in found.items():
        if not isinstance(value, (str, int)) or isinstance(value, bool) or len(str(value)) > 256:
            raise errors.ValidationFailed(details={name: "a string of at most 256 characters"})
    return {name: str(value) for name, value in found.items()}


def item_body(item: ReviewItem) -> dict[str, Any]:
    """One queue item as JSON, with whether the caller holds it."""
    body = item.public(get_queue().clock())
    if body["claim"] is not None:
        body["claim"]["mine"] = body["claim"]["moderator"] == g.moderator
    return body


@bp.get("")
@require_moderator
def list_reviews():
    """Pending comments in priority order, claimed ones included (with who holds them)."""
    queue = get_queue()
    items = queue.pending(**filters(request.args.to_dict()), limit=int_arg("limit", 50, MAX_LIST))
    return jsonify({"items": [item_body(i) for i in items], "depth": queue.depth()})


@bp.post("/claim")
@require_moderator
def claim_next():
    """Claim the next comment (optionally within a site, article or label); 204 when none."""
    body = json_object() if request.get_data(cache=True) else {}  # chunked bodies have no length
    item = get_queue().claim_next(g.moderator, **filters({**request.args.to_dict(), **body}))
    if item is None:
        return Response(status=204)
    return jsonify(claim_body(item))


@bp.post("/<comment_id>/claim")
@require_moderator
def claim_one(comment_id: str):
    """Claim one comment, or renew the caller's own claim on it."""
    return jsonify(claim_body(get_queue().claim(comment_id, g.moderator)))


def claim_body(item: ReviewItem) -> dict[str, Any]:
    body = item_body(item)
    return {"item": body, "lease": body["claim"]}


@bp.post("/<comment_id>/release")
@require_moderator
def release(comment_id: str):
    """Give the comment back to the queue before the lease runs out."""
    get_queue().release(comment_id, g.moderator)
    return jsonify({"comment_id": comment_id, "released": True})


@bp.post("/<comment_id>/decision")
@require_moderator
def decide(comment_id: str):
    """Approve or reject the claimed version; an identical retry answers the same, once."""
    body = json_object()
    decision, reason, note = body.get("decision"), body.get("reason") or "", body.get("note") or ""
    check_decision(decision, reason, note)
    record = get_queue().decide(comment_id, g.moderator, decision, reason, note)
    return jsonify({**record.public(), "replayed": record.replay})


@bp.post("/<comment_id>/undo")
@require_moderator
def undo(comment_id: str):
    """Take back your own decision within a few seconds; you hold the comment again."""
    return jsonify(claim_body(get_queue().undo(comment_id, g.moderator)))


def check_decision(decision: Any, reason: Any, note: Any, *, bulk: bool = False) -> None:
    """422 unless decision, reason and note make a valid decision."""
    codes = [code.value for code in ReasonCode]
    if not bulk and decision not in ("approve", "reject"):
        raise errors.ValidationFailed(details={"decision": "approve or reject"})
    if (bulk or decision == "reject") and reason not in codes:
        raise errors.ValidationFailed(details={"reason": "a rejection needs one of " + ", ".join(codes)})
    if decision == "approve" and reason:
        raise errors.ValidationFailed(details={"reason": "an approval takes no reason"})
    if not isinstance(note, str) or len(note) > MAX_NOTE_CHARS or "\x00" in note:
        raise errors.ValidationFailed(details={"note": f"a string of at most {MAX_NOTE_CHARS} characters"})


def init_app(app: Flask) -> None:
    """Register the blueprint and turn queue refusals into 404/409 errors everywhere."""

    @app.errorhandler(ReviewRefused)
    def _refused(refused: ReviewRefused) -> Response:
        error = refusal_error(refused)
        return errors.envelope(error.code, error.message, error.status, error.details)

    app.register_blueprint(bp)
