"""What a moderator's decision is, why it can be refused, and everything it writes at once."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, replace
from enum import Enum
from typing import TYPE_CHECKING, Any

import redis

from service.comments.store import Comment, CommentStore
from service.review.scripts import LEASES
from service.review.metrics import record_decision
from service.review.severity import severity_of

if TYPE_CHECKING:
    from service.review.queue import ReviewQueue

DECISION_PREFIX = "parley:queue:decision"
LABELS = ("toxicity", "severe_toxicity", "obscene", "insult", "identity_attack", "threat",
          "incitement")


class ModeratorDecision(str, Enum):
    """What a moderator can do with a held comment."""

    APPROVE = "approve"
    REJECT = "reject"


class ReasonCode(str, Enum):
    """Why a comment was rejected; a contract with sites and the learning loop."""

    OFFENSIVE = "offensive"
    ABUSIVE = "abusive"
    HATE_SPEECH = "hate_speech"
    THREAT = "threat"
    INCITEMENT = "incitement"
    SPAM = "spam"
    OFF_TOPIC = "off_topic"
    OTHER = "other"


# The training labels a decision implies; labels not named stay unknown. An approval says the
# comment is none of these; spam, off-topic and "other" say nothing about toxicity.
_IMPLIED: dict[str, dict[str, float]] = {
    "approve": {label: 0.0 for label in LABELS},
    "offensive": {"toxicity": 1.0},
    "abusive": {"toxicity": 1.0, "insult": 1.0},
    "hate_speech": {"toxicity": 1.0, "identity_attack": 1.0},
    "threat": {"toxicity": 1.0, "threat": 1.0},
    "incitement": {"toxicity": 1.0, "incitement": 1.0},
    "spam": {}, "off_topic": {}, "other": {},
}


class Refusal(str, Enum):
    """Why a claim, release or decision was refused (the API's 404/409 error codes)."""

    NOT_FOUND = "not_found"
    NOT_PENDING = "not_pending"
    ALREADY_CLAIMED = "already_claimed"
    LEASE_NOT_HELD = "lease_not_held"
    ALREADY_DECIDED = "already_decided"
    COMMENT_EDITED = "comment_edited"
    UNDO_NOT_ALLOWED = "undo_not_allowed"


class ReviewRefused(Exception):
    """The queue refused a request; `refusal` says why and `details` what stands in the way."""

    def __init__(self, refusal: Refusal, comment_id: str, details: dict[str, Any] | None = None):
        super().__init__(f"{refusal.value}: {comment_id}")
        self.refusal = refusal
        self.comment_id = comment_id
        self.details = details or {}


def check_reason(decision: str, reason: str | None) -> str:
    """The reason a decision needs: a ReasonCode for a rejection, nothing for an approval."""
    verdict = ModeratorDecision(decision)
    if verdict is ModeratorDecision.APPROVE:
        if reason:
            raise ValueError("an approval takes no reason")
        return ""
    return ReasonCode(reason).value


def implied_labels(decision: ModeratorDecision, reason: str) -> dict[str, float]:
    """The labels the learning loop should learn from this decision."""
    return dict(_IMPLIED["approve" if decision is ModeratorDecision.APPROVE else reason])


@dataclass(frozen=True)
class DecisionRecord:
    """A moderator's decision on one version of a comment."""

    comment_id: str
    decision: str
    reason: str
    note: str
    moderator: str
    version: int
    decided_at: float
    wait_seconds: float
    bulk: bool = False
    replay: bool = False

    def same_as(self, moderator: str, decision: ModeratorDecision, reason: str, note: str) -> bool:
        """True for a retry of this very decision (which then has no further effect)."""
        return (self.moderator, self.decision, self.reason, self.note) == (
            moderator, decision.value, reason, note)

    def replayed(self) -> "DecisionRecord":
        return replace(self, replay=True)

    def public(self) -> dict[str, Any]:
        body = asdict(self)
        body.pop("replay")
        body["status"] = "approved" if self.decision == "approve" else "rejected"
        return body

    def to_json(self) -> str:
        body = asdict(self)
        body.pop("replay")
        return json.dumps(body, separators=(",", ":"))

    @classmethod
    def from_json(cls, raw: str) -> "DecisionRecord":
        return cls(**json.loads(raw))


def apply_decision(queue: "ReviewQueue", pipe: redis.client.Pipeline, comment: Comment,
                   moderator: str, decision: ModeratorDecision, reason: str, note: str,
                   *, bulk: bool = False) -> DecisionRecord:
    """Queue on `pipe` (in MULTI) every write of one decision, so they land together or not."""
    now = queue.now()
    status = "approved" if decision is ModeratorDecision.APPROVE else "rejected"
    record = DecisionRecord(comment.id, decision.value, reason, note, moderator, comment.version,
                            round(now, 3), round(max(0.0, now - comment.created_at), 3), bulk)
    pipe.hset(CommentStore.key(comment.id), mapping={"status": status, "decided_by": moderator,
                                                     "updated_at": repr(now)})
    queue.remove(pipe, comment.id)
    pipe.delete(queue.claim_key(comment.id))
    pipe.zrem(LEASES, comment.id)
    pipe.set(f"{DECISION_PREFIX}:{comment.id}", record.to_json())
    fields = {"moderator": moderator, "version": comment.version, "reason": reason or None,
              "note": note or None, "wait_seconds": record.wait_seconds}
    if bulk:
        fields["bulk"] = True
    queue.audit.record(pipe, status, comment.id, actor=moderator,
                       **{k: v for k, v in fields.items() if v is not None})
    queue.labels.add(text=comment.text, labels=implied_labels(decision, reason),
                     source="moderator", site=comment.site, comment_id=comment.id,
                     scores=comment.scores, model_version=comment.model_version, pipe=pipe,
                     decision=decision.value, reason=reason, moderator=moderator,
                     version=comment.version, reasons=list(comment.reasons))
    record_decision(pipe, moderator, decision.value, record.wait_seconds, at=now)
    queue.stats.moderator_decision(pipe, comment.site, moderator, decision.value,
                                   record.wait_seconds, at=now, now=now)
    return record


def apply_undo(queue: "ReviewQueue", pipe: redis.client.Pipeline, comment: Comment,
               record: DecisionRecord) -> None:
    """Queue on `pipe` (in MULTI) the writes that take a decision back and re-lease the comment.

    The training label cannot be unwritten (its stream is append-only), so a retraction entry
    follows it: the learning loop keeps the last entry per comment and version.
    """
    now = queue.now()
    pipe.hset(CommentStore.key(comment.id), mapping={"status": "pending", "decided_by": "parley",
                                                     "updated_at": repr(now)})
    queue.enqueue(pipe, comment, risk_of(comment))
    pipe.delete(f"{DECISION_PREFIX}:{comment.id}")
    expires_at = now + queue.claim_seconds
    pipe.hset(queue.claim_key(comment.id), mapping={
        "moderator": record.moderator, "version": str(comment.version),
        "claimed_at": f"{now:.3f}", "expires_at": f"{expires_at:.3f}"})
    pipe.zadd(LEASES, {comment.id: expires_at})
    queue.audit.record(pipe, "undone", comment.id, actor=record.moderator,
                       moderator=record.moderator, version=comment.version,
                       undid=record.decision, reason=record.reason or None,
                       expires_at=round(expires_at, 3))
    queue.labels.add(text=comment.text, labels={}, source="moderator", site=comment.site,
                     comment_id=comment.id, scores=comment.scores,
                     model_version=comment.model_version, pipe=pipe, decision="undone",
                     retracts=record.decision, moderator=record.moderator,
                     version=comment.version)
    record_decision(pipe, record.moderator, record.decision, record.wait_seconds, count=-1,
                    at=record.decided_at)
    queue.stats.moderator_decision(pipe, comment.site, record.moderator, record.decision,
                                   record.wait_seconds, at=record.decided_at, now=now, count=-1)


def risk_of(comment: Comment) -> float:
    """The highest score among the reasons of the comment's gravest tier (see severity.py)."""
    return severity_of(comment.reasons, comment.scores).risk
