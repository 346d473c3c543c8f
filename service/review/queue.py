"""Owns the review queue: pending comments in priority order, moderators' leases, and decisions.

Order. Severity first: a comment's tier (1 threat or incitement, 2 identity attack, severe
toxicity or a suspect word, 3 rudeness; `severity.py`) is worth 2, 1 or 0 points, its risk
within the tier up to 1 more, and its place is its submit time minus those points x
PARLEY_REVIEW_AGE_BOOST_SECONDS (default 4 h), earliest first. So among comments submitted
close together the gravest tier comes first and, within a tier, the riskiest; and every hour
of waiting counts as a quarter point, so nothing starves: once a comment has waited
(3 - points) x 4 h, no comment submitted later can overtake it. The key never changes while
the comment waits, so the order lives in sorted sets and needs no re-ranking (entries queued
under the older risk-only key are re-ranked once, by `upgrade_order`, at start-up).

Leases. A claim holds a comment for PARLEY_CLAIM_SECONDS. A claim is live while its deadline
is ahead and the comment is still at the claimed version (an edit voids it). Dead claims are
swept, and logged as `expired`, by the next claim, release or listing: no background worker.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any, Callable, TypeVar

import redis

from service.review import scripts as lua
from service.review.audit_log import AuditLog
from service.comments.store import Comment, CommentStore
from service.learning.label_store import LabelStore
from service.review.decisions import (DECISION_PREFIX, DecisionRecord, ModeratorDecision, ReasonCode,
                               Refusal, ReviewRefused, apply_decision, apply_undo, check_reason,
                               risk_of)
from service.review.metrics import queue_metrics
from service.review.severity import LOWEST_TIER, Severity, severity_of, tier_bonus
from service.review.stats import Stats

PENDING = lua.PENDING
ORDER_KEY = "parley:queue:order"
ORDER_VERSION = "severity-tiers"   # what the priority indexes' scores mean; set once re-ranked
DEFAULT_AGE_BOOST_SECONDS = 14_400
DEFAULT_UNDO_SECONDS = 30
T = TypeVar("T")

__all__ = ["PENDING", "ReviewQueue", "ReviewItem", "Lease", "DecisionRecord", "ModeratorDecision",
           "ReasonCode", "Refusal", "ReviewRefused", "priority"]


def priority(risk: float, created_at: float, age_boost_seconds: float,
             tier: int = LOWEST_TIER) -> float:
    """Sort key, lower first: submit time moved earlier by the comment's tier and risk."""
    points = tier_bonus(tier) + round(min(max(risk, 0.0), 1.0), 4)
    return round(created_at - points * age_boost_seconds, 3)


def index_key(kind: str, value: str) -> str:
    """The sorted set of pending comments with one site, article, label or author."""
    return f"{PENDING}:{kind}:{value}"


def filter_keys(site: str = "", article_id: str = "", label: str = "") -> list[str]:
    """The indexes a comment must be in to match every filter given (empty means any)."""
    given = (("site", site), ("article", article_id), ("label", label))
    return [index_key(kind, value) for kind, value in given if value]


@dataclass(frozen=True)
class Lease:
    """A moderator's claim on one version of a comment, until `expires_at`."""

    comment_id: str
    moderator: str
    version: int
    claimed_at: float
    expires_at: float

    def public(self, now: float) -> dict[str, Any]:
        return {"comment_id": self.comment_id, "moderator": self.moderator,
                "version": self.version, "claimed_at": self.claimed_at,
                "expires_at": self.expires_at,
                "expires_in_seconds": max(0.0, round(self.expires_at - now, 3))}


@dataclass(frozen=True)
class ReviewItem:
    """A pending comment as a moderator sees it, with its live claim if any."""

    comment: Comment
    claim: Lease | None

    @property
    def risk(self) -> float:
        return risk_of(self.comment)

    @property
    def severity(self) -> Severity:
        return severity_of(self.comment.reasons, self.comment.scores)

    def public(self, now: float) -> dict[str, Any]:
        """The JSON shape of GET /v1/reviews items."""
        c = self.comment
        return {"comment_id": c.id, "text": c.text, "site": c.site, "article_id": c.article_id,
                "author_id": c.author_id, "version": c.version, "status": c.status,
                "risk": round(self.risk, 4), "tier": self.severity.tier, "reasons": c.reasons,
                "matched_words": c.matched_words, "scores": c.scores,
                "model_version": c.model_version, "submitted_at": c.created_at,
                "updated_at": c.updated_at, "waiting_seconds": round(max(0.0, now - c.created_at), 3),
                "claim": self.claim.public(now) if self.claim else None}


class ReviewQueue:
    """Every queue operation; index writes join the caller's transaction, the rest are atomic."""

    def __init__(self, client: redis.Redis, *, claim_seconds: int = 300,
                 age_boost_seconds: int = DEFAULT_AGE_BOOST_SECONDS,
                 undo_seconds: int = DEFAULT_UNDO_SECONDS, clock: Callable[[], float] = time.time):
        self.client = client
        self.claim_seconds = claim_seconds
        self.undo_seconds = undo_seconds
        self.age_boost_seconds = age_boost_seconds
        self.clock = clock
        self.comments = CommentStore(client)
        self.audit = AuditLog(client, clock)
        self.labels = LabelStore(client)
        self.stats = Stats(client)
        register = client.register_script
        self._claim_next, self._claim_one = register(lua.CLAIM_NEXT), register(lua.CLAIM_ONE)
        self._release, self._list = register(lua.RELEASE), register(lua.LIST)
        self._index, self._unindex = register(lua.INDEX), register(lua.UNINDEX)
        self._rerank = register(lua.RERANK)

    def now(self) -> float:
        """The queue's time, to the millisecond (the precision every stored time has)."""
        return round(self.clock(), 3)

    # -- writes inside the intake's transaction ------------------------------------------

    def enqueue(self, pipe: redis.client.Pipeline, comment: Comment, risk: float | None = None) -> None:
        """Queue (or re-rank, after an edit) a comment whose record is written on `pipe`.

        Its place comes from its reasons and scores (`severity_of`); `risk` overrides the risk.
        """
        keys = [PENDING] + [index_key(kind, value) for kind, value in
                            (("site", comment.site), ("article", comment.article_id),
                             ("author", comment.author_id)) if value]
        keys += [index_key("label", label) for label in comment.reasons]
        score = self.place(comment, risk)
        ages = [lua.age_key(comment.site)] if comment.site else []
        self._index(keys=keys, args=[self._ikeys(comment.id), comment.id, repr(score), lua.AGE,
                                     repr(comment.created_at), *ages], client=pipe)

    def place(self, comment: Comment, risk: float | None = None) -> float:
        """The comment's sort key in every priority index."""
        severity = severity_of(comment.reasons, comment.scores)
        return priority(severity.risk if risk is None else risk, comment.created_at,
                        self.age_boost_seconds, severity.tier)

    def upgrade_order(self, batch: int = 500) -> int | None:
        """Re-rank, once per Redis, comments queued before severity tiers; how many moved.

        Old entries stay served meanwhile (only their places change, one atomic script each).
        None when Redis cannot be reached: the next start tries again.
        """
        try:
            if self.client.get(ORDER_KEY) == ORDER_VERSION:
                return 0
            queued = self.client.zrange(PENDING, 0, -1, withscores=True)  # read once: ranks move
            moved = sum(self._rerank_batch(queued[i:i + batch]) for i in range(0, len(queued), batch))
            self.client.set(ORDER_KEY, ORDER_VERSION)
            return moved
        except redis.RedisError:
            return None

    def _rerank_batch(self, ids: list[tuple[str, float]]) -> int:
        with self.client.pipeline(transaction=False) as pipe:
            for comment_id, _ in ids:
                pipe.hgetall(CommentStore.key(comment_id))
            found = pipe.execute()
        with self.client.pipeline(transaction=False) as pipe:
            queued = 0
            for (comment_id, old), raw in zip(ids, found):
                if not raw or raw.get("status") != "pending":
                    continue
                comment = Comment.from_hash(raw)
                new = self.place(comment)
                if new != old:
                    self._rerank(args=[self._ikeys(comment_id), comment_id, str(comment.version),
                                       repr(new), lua.AGE], client=pipe)
                    queued += 1
            return sum(pipe.execute()) if queued else 0

    def remove(self, pipe: redis.client.Pipeline, comment_id: str) -> None:
        """Take a comment off every queue index (decided, or no longer doubtful after an edit)."""
        self._unindex(keys=[], args=[self._ikeys(comment_id), comment_id], client=pipe)

    @staticmethod
    def _ikeys(comment_id: str) -> str:
        return f"{lua.IKEYS_PREFIX}:{comment_id}"

    # -- reading ---------------------------------------------------------------------------

    def pending_ids(self, limit: int = 50, **filters: str) -> list[str]:
        """Pending comment ids in review order (claimed ones included)."""
        return self._list(keys=filter_keys(**filters), args=[limit, _t(self.now())])

    def pending(self, *, site: str = "", article_id: str = "", label: str = "",
             limit: int = 50) -> list[ReviewItem]:
        """Pending comments in review order, each with its live claim."""
        ids = self.pending_ids(limit, site=site, article_id=article_id, label=label)
        return self.items(ids)

    def items(self, ids: list[str]) -> list[ReviewItem]:
        """The pending ones of `ids`, in that order, read in one round trip."""
        with self.client.pipeline(transaction=False) as pipe:
            for comment_id in ids:
                pipe.hgetall(CommentStore.key(comment_id))
                pipe.hgetall(self.claim_key(comment_id))
            raw = pipe.execute()
        now, found = self.now(), []
        for comment_raw, claim_raw in zip(raw[::2], raw[1::2]):
            if comment_raw and comment_raw.get("status") == "pending":
                comment = Comment.from_hash(comment_raw)
                found.append(ReviewItem(comment, _live(comment, claim_raw, now)))
        return found

    def item(self, comment_id: str) -> ReviewItem | None:
        """One pending comment with its live claim, or None when it is not pending."""
        found = self.items([comment_id])
        return found[0] if found else None

    def author_pending(self, author_id: str) -> int:
        """How many comments of one author wait (what a bulk rejection would take)."""
        return self.client.zcard(index_key("author", author_id)) if author_id else 0

    def depth(self) -> int:
        """How many comments wait (claimed or not)."""
        return self.client.zcard(PENDING)

    def metrics(self) -> dict[str, Any]:
        """Depth, oldest age, live claims, decisions per moderator, submit-to-decision times."""
        return queue_metrics(self.client, self.now())

    @staticmethod
    def claim_key(comment_id: str) -> str:
        return f"{lua.CLAIM_PREFIX}:{comment_id}"

    # -- leases ----------------------------------------------------------------------------

    def claim_next(self, moderator: str, *, site: str = "", article_id: str = "",
                   label: str = "") -> ReviewItem | None:
        """Claim the first unclaimed comment matching the filters; None when there is none."""
        now = self.now()
        reply = self._claim_next(keys=filter_keys(site, article_id, label),
                                 args=[moderator, _t(now), _t(now + self.claim_seconds)])
        if reply[0] == "empty":
            return None
        return self._claimed(reply, moderator)

    def claim(self, comment_id: str, moderator: str) -> ReviewItem:
        """Claim one comment (or renew the caller's own claim on it)."""
        now = self.now()
        reply = self._claim_one(keys=[], args=[comment_id, moderator, _t(now),
                                               _t(now + self.claim_seconds)])
        if reply[0] == "err":
            self._refuse(comment_id, reply)
        return self._claimed(reply, moderator)

    def release(self, comment_id: str, moderator: str) -> None:
        """Give a claimed comment back to the queue before the lease runs out."""
        reply = self._release(keys=[], args=[comment_id, moderator, _t(self.now())])
        if reply[0] == "err":
            self._refuse(comment_id, reply)

    def _claimed(self, reply: list[str], moderator: str) -> ReviewItem:
        _, comment_id, version, claimed_at, expires_at = reply
        item = self.item(comment_id)
        if item is None:  # decided in the instant since the claim
            raise ReviewRefused(Refusal.NOT_PENDING, comment_id)
        return ReviewItem(item.comment, Lease(comment_id, moderator, int(version),
                                              float(claimed_at), float(expires_at)))

    def _refuse(self, comment_id: str, reply: list[str]) -> None:
        refusal = Refusal(reply[1])
        details: dict[str, Any] = {}
        if len(reply) > 2:
            details = {"held_by": reply[2], "expires_at": float(reply[3])}
        if refusal is Refusal.NOT_PENDING:
            decided = self.decision_of(comment_id)
            if decided is not None:
                raise ReviewRefused(Refusal.ALREADY_DECIDED, comment_id, decided.public())
        raise ReviewRefused(refusal, comment_id, details)

    # -- decisions -------------------------------------------------------------------------

    def decision_of(self, comment_id: str) -> DecisionRecord | None:
        """The moderator decision on the comment's current version, if there is one."""
        comment = self.comments.get(comment_id)
        raw = self.client.get(f"{DECISION_PREFIX}:{comment_id}")
        record = DecisionRecord.from_json(raw) if raw else None
        return record if record and comment and record.version == comment.version else None

    def decide(self, comment_id: str, moderator: str, decision: str, reason: str = "",
               note: str = "") -> DecisionRecord:
        """Approve or reject a comment the moderator holds; an identical retry is a no-op."""
        verdict, reason = ModeratorDecision(decision), check_reason(decision, reason)

        def attempt(pipe: redis.client.Pipeline) -> DecisionRecord:
            comment = self._watched_comment(pipe, comment_id)
            replay = self._check_decidable(pipe, comment, moderator, verdict, reason, note)
            if replay is not None:
                return replay
            pipe.multi()
            return apply_decision(self, pipe, comment, moderator, verdict, reason, note)

        return self._transaction(attempt, comment_id)

    def _check_decidable(self, pipe: redis.client.Pipeline, comment: Comment, moderator: str,
                         verdict: ModeratorDecision, reason: str, note: str) -> DecisionRecord | None:
        """Refuse unless the moderator holds a live lease on this version; None means go ahead."""
        raw = pipe.get(f"{DECISION_PREFIX}:{comment.id}")
        previous = DecisionRecord.from_json(raw) if raw else None
        if previous is not None and previous.version == comment.version:
            if previous.same_as(moderator, verdict, reason, note):
                return previous.replayed()
            raise ReviewRefused(Refusal.ALREADY_DECIDED, comment.id, previous.public())
        claim = pipe.hgetall(self.claim_key(comment.id))
        mine = claim.get("moderator") == moderator
        if mine and int(claim["version"]) != comment.version:
            raise ReviewRefused(Refusal.COMMENT_EDITED, comment.id,
                                {"claimed_version": int(claim["version"]),
                                 "current_version": comment.version})
        if comment.status != "pending":
            raise ReviewRefused(Refusal.NOT_PENDING, comment.id, {"status": comment.status})
        live = _live(comment, claim, self.now())
        if live is None or not mine:
            details = {"held_by": live.moderator, "expires_at": live.expires_at} if live else {}
            raise ReviewRefused(Refusal.LEASE_NOT_HELD, comment.id, details)
        return None

    def undo(self, comment_id: str, moderator: str) -> ReviewItem:
        """Take back the moderator's own decision within undo_seconds; they hold it again."""

        def attempt(pipe: redis.client.Pipeline) -> None:
            comment = self._watched_comment(pipe, comment_id)
            raw = pipe.get(f"{DECISION_PREFIX}:{comment_id}")
            record = DecisionRecord.from_json(raw) if raw else None
            why = self._undo_refusal(comment, record, moderator)
            if why or record is None:
                raise ReviewRefused(Refusal.UNDO_NOT_ALLOWED, comment_id, {"why": why})
            pipe.multi()
            apply_undo(self, pipe, comment, record)

        self._transaction(attempt, comment_id)
        item = self.item(comment_id)
        if item is None:  # decided again in the instant since
            raise ReviewRefused(Refusal.NOT_PENDING, comment_id)
        return item

    def _undo_refusal(self, comment: Comment, record: DecisionRecord | None, moderator: str) -> str:
        if record is None or record.version != comment.version:
            return "no_decision"
        if record.moderator != moderator:
            return "not_yours"
        if record.bulk:
            return "bulk"
        if self.now() - record.decided_at > self.undo_seconds:
            return "too_late"
        return ""

    def reject_pending(self, author_id: str, moderator: str, reason: str,
                       note: str = "") -> list[str]:
        """Reject every pending comment of one author in one transaction (claims included)."""
        reason = check_reason(ModeratorDecision.REJECT.value, reason)
        author_index = index_key("author", author_id)

        def attempt(pipe: redis.client.Pipeline) -> list[str]:
            pipe.watch(author_index)
            ids = pipe.zrange(author_index, 0, -1)
            if ids:
                pipe.watch(*(key for i in ids for key in (CommentStore.key(i), self.claim_key(i))))
            pending = [c for c in (self.comments.get(i, client=pipe) for i in ids)
                       if c is not None and c.status == "pending"]
            pipe.multi()
            for comment in pending:
                apply_decision(self, pipe, comment, moderator, ModeratorDecision.REJECT,
                               reason, note, bulk=True)
            return [c.id for c in pending]

        return self.client.transaction(attempt, value_from_callable=True)

    def _transaction(self, attempt: Callable[[redis.client.Pipeline], T], comment_id: str) -> T:
        """Run `attempt` with the comment's keys WATCHed, again whenever one changes meanwhile."""
        keys = (CommentStore.key(comment_id), self.claim_key(comment_id),
                f"{DECISION_PREFIX}:{comment_id}")
        return self.client.transaction(attempt, *keys, value_from_callable=True)

    def _watched_comment(self, pipe: redis.client.Pipeline, comment_id: str) -> Comment:
        comment = self.comments.get(comment_id, client=pipe)
        if comment is None:
            raise ReviewRefused(Refusal.NOT_FOUND, comment_id)
        return comment

def _live(comment: Comment, claim: dict[str, str], now: float) -> Lease | None:
    """The claim as a Lease if it is live: unexpired and on the comment's current version."""
    if not claim or float(claim["expires_at"]) <= now or int(claim["version"]) != comment.version:
        return None
    return Lease(comment.id, claim["moderator"], comment.version, float(claim["claimed_at"]),
                 float(claim["expires_at"]))


def _t(moment: float) -> str:
    """A time as the decimal string the Lua side stores and compares."""
    return f"{moment:.3f}"
