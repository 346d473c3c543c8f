"""The JSON the queue page's script calls: list, open (claim), release, decide, undo, bulk.

These call the review queue directly, with the web session's moderator; refusals come back
as the API's 404/409 envelopes (the app-wide ReviewRefused handler), which the script shows.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, g, jsonify, request

from service.api.reviews import check_decision, filters, get_queue
from service.review.queue import Refusal, ReviewItem, ReviewRefused
from service.scoring.word_lists import REASONS as WORD_REASONS, entry_spans
from service.validation import id_field, json_object
from service.web.cards import card, row
from service.web.highlights import Highlighter, segments
from service.web.security import session_required

bp = Blueprint("web_api", __name__, url_prefix="/moderate/api")
LIST_LIMIT = 100


def card_body(item: ReviewItem) -> dict[str, Any]:
    """The card of one pending comment, highlighted, as the viewer sees it."""
    queue, c = get_queue(), item.comment
    highlighter: Highlighter = current_app.extensions["highlighter"]
    thresholds = current_app.extensions["thresholds"].for_site(c.site)
    labels = [reason for reason in c.reasons if reason in c.scores]  # the model explains only labels
    spans = dict(highlighter.spans(c.text, labels))
    for match in c.matched_words:  # and the word-list entries are marked where the reader wrote them
        found = [{"begin": b, "end": e} for b, e in entry_spans(c.text, [match["entry"]])]
        spans.setdefault(WORD_REASONS[match["list"]], []).extend(found)
    return card(item, g.moderator, queue.clock(), segments=segments(c.text, spans),
                thresholds=thresholds, author_pending=queue.author_pending(c.author_id),
                age_boost_seconds=queue.age_boost_seconds)


@bp.get("/queue")
@session_required
def queue_rows():
    """The pending comments in review order, small enough to poll every few seconds."""
    queue = get_queue()
    items = queue.pending(**filters(request.args.to_dict()), limit=LIST_LIMIT)
    now = queue.clock()
    return jsonify({"me": g.moderator, "depth": queue.depth(), "undo_seconds": queue.undo_seconds,
                    "claim_seconds": queue.claim_seconds,
                    "age_boost_seconds": queue.age_boost_seconds,
                    "items": [row(item, g.moderator, now, queue.age_boost_seconds) for item in items]})


@bp.post("/comments/<path:comment_id>/open")
@session_required
def open_comment(comment_id: str):
    """Claim the comment for the viewer; if someone else holds it, show it as theirs."""
    queue = get_queue()
    try:
        item = queue.claim(comment_id, g.moderator)
    except ReviewRefused as refused:
        if refused.refusal is not Refusal.ALREADY_CLAIMED:
            raise
        item = queue.item(comment_id)
        if item is None:
            raise ReviewRefused(Refusal.NOT_PENDING, comment_id) from refused
    return jsonify({"card": card_body(item)})


@bp.post("/comments/<path:comment_id>/release")
@session_required
def release_comment(comment_id: str):
    """Give the comment back when the viewer moves on without deciding."""
    get_queue().release(comment_id, g.moderator)
    return jsonify({"comment_id": comment_id, "released": True})


@bp.post("/comments/<path:comment_id>/decision")
@session_required
def decide_comment(comment_id: str):
    """Approve, or reject with a reason, the comment the viewer holds."""
    body = json_object()
    decision, reason = body.get("decision"), body.get("reason") or ""
    check_decision(decision, reason, "")
    record = get_queue().decide(comment_id, g.moderator, decision, reason)
    return jsonify({**record.public(), "undo_seconds": get_queue().undo_seconds})


@bp.post("/comments/<path:comment_id>/undo")
@session_required
def undo_decision(comment_id: str):
    """Take the viewer's last decision back; they hold the comment again."""
    return jsonify({"card": card_body(get_queue().undo(comment_id, g.moderator))})


@bp.post("/authors/reject-pending")
@session_required
def reject_author():
    """Reject every pending comment of one author (the card's confirmed bulk action)."""
    body = json_object()
    author_id = id_field(body, "author_id", required=True)
    reason = body.get("reason") or ""
    check_decision("reject", reason, "", bulk=True)
    rejected = get_queue().reject_pending(author_id, g.moderator, reason)
    return jsonify({"author_id": author_id, "rejected": rejected, "count": len(rejected)})
