"""Moderator actions beyond one comment: reject an author's pending comments, read the audit log."""

from __future__ import annotations

import math
from datetime import datetime, timezone

from flask import Blueprint, Response, g, jsonify, request, stream_with_context

from service.review.audit_log import MAX_PAGE
from service.errors import ValidationFailed
from service.review.moderator_auth import require_moderator
from service.validation import json_object
from service.api.reviews import check_decision, get_queue, int_arg

bp = Blueprint("moderation", __name__, url_prefix="/v1")

NDJSON = "application/x-ndjson"


@bp.post("/authors/<author_id>/reject-pending")
@require_moderator
def reject_author_pending(author_id: str):
    """Reject every pending comment of one author, each recorded in the audit log."""
    body = json_object()
    reason, note = body.get("reason") or "", body.get("note") or ""
    check_decision("reject", reason, note, bulk=True)
    rejected = get_queue().reject_pending(author_id, g.moderator, reason, note)
    return jsonify({"author_id": author_id, "rejected": rejected, "count": len(rejected)})


@bp.get("/audit")
@require_moderator
def read_audit():
    """Audit events (oldest first, or newest with order=desc): paged JSON, or JSON lines."""
    audit = get_queue().audit
    order = request.args.get("order", "asc")
    if order not in ("asc", "desc"):
        raise ValidationFailed(details={"order": "asc or desc"})
    events = [e for e in request.args.get("event", "").split(",") if e]
    found = {"comment_id": request.args.get("comment_id", ""),
             "moderator": request.args.get("moderator", ""), "since": since_arg(),
             "events": events, "newest_first": order == "desc"}
    wants_lines = request.args.get("format") == "jsonl" or (
        request.accept_mimetypes.best_match(["application/json", NDJSON]) == NDJSON)
    if wants_lines:
        lines = audit.export(**found)
        first = next(lines, "")  # read before answering, so an outage is still a clean 503
        return Response(stream_with_context(_chain(first, lines)), mimetype=NDJSON)
    page = audit.page(**found, cursor=request.args.get("cursor") or None,
                      limit=int_arg("limit", 100, MAX_PAGE))
    return jsonify({"entries": page.entries, "next_cursor": page.next_cursor})


def _chain(first: str, rest):
    if first:
        yield first
    yield from rest


def since_arg() -> float | None:
    """`since` as epoch seconds, given as a number or an ISO 8601 time (UTC when unzoned)."""
    raw = request.args.get("since", "").strip()
    if not raw:
        return None
    try:
        value = float(raw)
    except ValueError:
        pass
    else:
        if not math.isfinite(value):
            raise ValidationFailed(details={"since": "epoch seconds or an ISO 8601 time"})
        return value
    try:
        moment = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError as exc:
        raise ValidationFailed(details={"since": "epoch seconds or an ISO 8601 time"}) from exc
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.timestamp()
