"""The review queue on a real Redis: order, filters, leases, decisions, bulk, audit, labels."""

from __future__ import annotations

import json

import pytest

from service.review.audit_log import AuditLog
from service.learning.label_store import LabelStore
from service.review.queue import PENDING, Refusal, ReviewQueue, ReviewRefused, priority
from tests.integration.queue_support import Clock, add_pending

BOOST = 3600


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def queue(redis_client, clock) -> ReviewQueue:
    return ReviewQueue(redis_client, claim_seconds=60, age_boost_seconds=BOOST, clock=clock)


def refusal(excinfo: pytest.ExceptionInfo[ReviewRefused]) -> Refusal:
    return excinfo.value.refusal


def test_riskiest_first_and_ties_oldest_first(queue, clock):
    t = clock.now
    add_pending(queue, "low-new", risk=0.6, at=t)
    add_pending(queue, "high-new", risk=0.9, at=t + 10)
    add_pending(queue, "low-old", risk=0.6, at=t - 5)
    add_pending(queue, "high-newer", risk=0.9, at=t + 20)
    assert queue.pending_ids() == ["high-new", "high-newer", "low-old", "low-new"]
    assert [item.comment.id for item in queue.pending(limit=2)] == ["high-new", "high-newer"]
    assert queue.claim_next("alice").comment.id == "high-new"


def test_a_long_wait_overtakes_risk_so_nothing_starves(queue, clock):
    t = clock.now
    add_pending(queue, "old-mild", risk=0.5, at=t - 1801)  # waited more than (1 - 0.5) x 1 h
    add_pending(queue, "fresh-severe", risk=1.0, at=t)
    add_pending(queue, "fresh-mild", risk=0.5, at=t)
    add_pending(queue, "recent-mild", risk=0.5, at=t - 1799)
    assert queue.pending_ids() == ["old-mild", "fresh-severe", "recent-mild", "fresh-mild"]
    # The bound: nothing submitted more than (1 - r) x boost after a comment can overtake it.
    assert priority(1.0, t + 1801, BOOST) > priority(0.5, t, BOOST)


def test_filters_by_site_article_and_label(queue, clock):
    t = clock.now
    add_pending(queue, "s1a1", risk=0.7, at=t, site="s1", article_id="a1")
    add_pending(queue, "s1a2", risk=0.9, at=t, site="s1", article_id="a2", label="threat")
    add_pending(queue, "s2a1", risk=0.8, at=t, site="s2", article_id="a1")
    assert queue.pending_ids(site="s1") == ["s1a2", "s1a1"]
    assert queue.pending_ids(article_id="a1") == ["s2a1", "s1a1"]
    assert queue.pending_ids(site="s1", article_id="a1") == ["s1a1"]
    assert queue.pending_ids(label="threat") == ["s1a2"]
    assert queue.pending_ids(site="nowhere") == []
    assert queue.claim_next("alice", site="s2").comment.id == "s2a1"
    assert queue.claim_next("alice", site="s2") is None
    assert queue.claim_next("bob", article_id="a1").comment.id == "s1a1"


def test_claims_skip_held_comments_and_show_their_holder(queue, clock):
    add_pending(queue, "first", risk=0.9, at=clock.now)
    add_pending(queue, "second", risk=0.8, at=clock.now)
    alice = queue.claim_next("alice")
    bob = queue.claim_next("bob")
    assert (alice.comment.id, bob.comment.id) == ("first", "second")
    assert alice.claim.moderator == "alice" and alice.claim.expires_at == pytest.approx(clock.now + 60)
    assert queue.claim_next("carol") is None
    listed = {item.comment.id: item.claim.moderator for item in queue.pending()}
    assert listed == {"first": "alice", "second": "bob"}
    with pytest.raises(ReviewRefused) as taken:
        queue.claim("first", "bob")
    assert refusal(taken) is Refusal.ALREADY_CLAIMED and taken.value.details["held_by"] == "alice"
    clock.advance(30)
    renewed = queue.claim("first", "alice")
    assert renewed.claim.expires_at == pytest.approx(clock.now + 60)


def test_an_expired_lease_returns_the_comment_and_a_late_decision_is_refused(queue, clock):
    add_pending(queue, "c1", risk=0.9, at=clock.now)
    queue.claim_next("alice")
    clock.advance(61)
    assert queue.pending()[0].claim is None
    assert queue.claim_next("bob").comment.id == "c1"
    with pytest.raises(ReviewRefused) as late:
        queue.decide("c1", "alice", "approve")
    assert refusal(late) is Refusal.LEASE_NOT_HELD and late.value.details["held_by"] == "bob"
    events = [(e["event"], e.get("moderator"), e.get("why")) for e in queue.audit.history("c1")]
    assert events == [("submitted", None, None), ("claimed", "alice", None),
                      ("expired", "alice", "lease_expired"), ("claimed", "bob", None)]
    expired = queue.audit.history("c1")[2]
    assert expired["expires_at"] == pytest.approx(clock.now - 1, abs=0.01) and expired["at"] == clock.now
    assert queue.decide("c1", "bob", "approve").decision == "approve"


def test_an_expired_lease_refuses_even_before_anyone_sweeps_it(queue, clock):
    add_pending(queue, "c1", risk=0.9, at=clock.now)
    queue.claim("c1", "alice")
    clock.advance(60)
    with pytest.raises(ReviewRefused) as late:
        queue.decide("c1", "alice", "reject", "spam")
    assert refusal(late) is Refusal.LEASE_NOT_HELD


def test_a_decision_is_taken_once(queue, clock, redis_client):
    add_pending(queue, "c1", risk=0.9, at=clock.now)
    queue.claim("c1", "alice")
    first = queue.decide("c1", "alice", "reject", "abusive", "slur in line 2")
    again = queue.decide("c1", "alice", "reject", "abusive", "slur in line 2")
    assert again.replay and not first.replay and again.decided_at == first.decided_at
    for moderator, decision, reason in (("alice", "approve", ""), ("bob", "reject", "abusive")):
        with pytest.raises(ReviewRefused) as twice:
            queue.decide("c1", moderator, decision, reason, "slur in line 2")
        assert refusal(twice) is Refusal.ALREADY_DECIDED
        assert twice.value.details["moderator"] == "alice"
    with pytest.raises(ReviewRefused) as claim_after:
        queue.claim("c1", "bob")
    assert refusal(claim_after) is Refusal.ALREADY_DECIDED
    events = [e["event"] for e in queue.audit.history("c1")]
    assert events.count("rejected") == 1
    assert len(list(LabelStore(redis_client).iter("s1"))) == 1
    assert redis_client.hget("parley:comment:c1", "status") == "rejected"
    assert queue.pending_ids() == [] and queue.depth() == 0


def test_a_decision_on_an_edited_comment_is_refused(queue, clock):
    add_pending(queue, "c1", risk=0.9, at=clock.now)
    queue.claim("c1", "alice")
    add_pending(queue, "c1", risk=0.7, at=clock.now, text="edited text", version=2)
    with pytest.raises(ReviewRefused) as edited:
        queue.decide("c1", "alice", "approve")
    assert refusal(edited) is Refusal.COMMENT_EDITED
    assert edited.value.details == {"claimed_version": 1, "current_version": 2}
    # The edit voided the claim: anyone may claim the new version, and decide it.
    assert queue.pending()[0].claim is None
    assert queue.claim_next("bob").claim.version == 2
    assert queue.decide("c1", "bob", "approve").version == 2
    ended = [e for e in queue.audit.history("c1") if e["event"] == "expired"]
    assert [(e["moderator"], e["why"], e["version"]) for e in ended] == [("alice", "edited", 1)]


def test_a_decision_without_a_lease_is_refused(queue, clock):
    add_pending(queue, "c1", risk=0.9, at=clock.now)
    with pytest.raises(ReviewRefused) as unclaimed:
        queue.decide("c1", "alice", "approve")
    assert refusal(unclaimed) is Refusal.LEASE_NOT_HELD and unclaimed.value.details == {}
    queue.claim("c1", "bob")
    with pytest.raises(ReviewRefused) as others:
        queue.decide("c1", "alice", "approve")
    assert refusal(others) is Refusal.LEASE_NOT_HELD and others.value.details["held_by"] == "bob"
    with pytest.raises(ReviewRefused) as missing:
        queue.decide("nope", "alice", "approve")
    assert refusal(missing) is Refusal.NOT_FOUND
    with pytest.raises(ValueError):
        queue.decide("c1", "bob", "reject", "rude")  # not a reason code


def test_release_gives_the_comment_back(queue, clock):
    add_pending(queue, "c1", risk=0.9, at=clock.now)
    queue.claim_next("alice")
    with pytest.raises(ReviewRefused) as not_yours:
        queue.release("c1", "bob")
    assert refusal(not_yours) is Refusal.LEASE_NOT_HELD
    queue.release("c1", "alice")
    with pytest.raises(ReviewRefused) as twice:
        queue.release("c1", "alice")
    assert refusal(twice) is Refusal.LEASE_NOT_HELD
    assert queue.claim_next("bob").comment.id == "c1"
    assert [e["event"] for e in queue.audit.history("c1")][-3:] == ["claimed", "released", "claimed"]


def test_bulk_reject_by_author_leaves_other_authors_untouched(queue, clock, redis_client):
    t = clock.now
    for n in range(3):
        add_pending(queue, f"u1-{n}", risk=0.6 + n / 10, at=t, author_id="u1")
    for n in range(2):
        add_pending(queue, f"u2-{n}", risk=0.95, at=t, author_id="u2")
    queue.claim("u1-0", "bob")
    rejected = queue.reject_pending("u1", "alice", "spam", "link farm")
    assert sorted(rejected) == ["u1-0", "u1-1", "u1-2"]
    assert queue.pending_ids() == ["u2-0", "u2-1"]
    assert queue.claim_next("carol").comment.author_id == "u2"
    for n in range(3):
        last = queue.audit.history(f"u1-{n}")[-1]
        assert (last["event"], last["moderator"], last["reason"], last["bulk"]) == (
            "rejected", "alice", "spam", True)
    assert all(redis_client.hget(f"parley:comment:u2-{n}", "status") == "pending" for n in range(2))
    assert queue.reject_pending("u1", "alice", "spam") == []  # idempotent
    with pytest.raises(ReviewRefused) as late:
        queue.decide("u1-0", "bob", "approve")
    assert refusal(late) is Refusal.ALREADY_DECIDED


def test_decisions_are_training_labels(queue, clock, redis_client):
    add_pending(queue, "c1", risk=0.9, at=clock.now, label="threat", text="I will find you")
    add_pending(queue, "c2", risk=0.8, at=clock.now, text="fine, really")
    for comment_id in ("c1", "c2"):
        queue.claim(comment_id, "alice")
    queue.decide("c1", "alice", "reject", "threat")
    queue.decide("c2", "alice", "approve")
    examples = {e["comment_id"]: e for e in LabelStore(redis_client).iter("s1")}
    threat, fine = examples["c1"], examples["c2"]
    assert threat["text"] == "I will find you" and threat["labels"] == {"toxicity": 1.0, "threat": 1.0}
    assert threat["scores"]["threat"] == 0.9 and threat["model_version"] == "test-model"
    assert (threat["source"], threat["reason"], threat["moderator"]) == ("moderator", "threat", "alice")
    assert fine["labels"]["toxicity"] == 0.0 and set(fine["labels"]) >= {"threat", "insult"}


def test_audit_reads_per_moderator_since_and_as_json_lines(queue, clock, redis_client):
    add_pending(queue, "c1", risk=0.9, at=clock.now)
    add_pending(queue, "c2", risk=0.8, at=clock.now)
    queue.claim("c1", "alice")
    queue.decide("c1", "alice", "approve")
    clock.advance(5)
    cutoff = clock.now
    queue.claim("c2", "bob")
    queue.release("c2", "bob")
    audit = AuditLog(redis_client)
    assert [e["event"] for e in audit.page(moderator="alice").entries] == ["claimed", "approved"]
    assert [e["event"] for e in audit.page(moderator="bob", since=cutoff).entries] == ["claimed", "released"]
    assert [e["event"] for e in audit.page(since=cutoff).entries] == ["claimed", "released"]
    assert [e["event"] for e in audit.page(comment_id="c1", moderator="alice").entries] == [
        "claimed", "approved"]
    first = audit.page(limit=2)
    second = audit.page(limit=2, cursor=first.next_cursor)
    assert [e["event"] for e in first.entries + second.entries] == [
        "submitted", "submitted", "claimed", "approved"]
    lines = list(audit.export())
    assert len(lines) == 6 and all(line.endswith("\n") for line in lines)
    approved = json.loads(lines[3])
    assert (approved["event"], approved["actor"], approved["comment_id"]) == ("approved", "alice", "c1")
    assert approved["at"] == pytest.approx(cutoff - 5, abs=0.01)
    paged = audit.page(comment_id="c1", limit=1)
    assert paged.next_cursor == "1" and audit.page(comment_id="c1", cursor="2").entries[0]["event"] == "approved"


def test_metrics(queue, clock):
    add_pending(queue, "old", risk=0.5, at=clock.now - 100)
    add_pending(queue, "new", risk=0.9, at=clock.now)
    queue.claim("new", "alice")
    clock.advance(20)
    queue.decide("new", "alice", "reject", "offensive")
    figures = queue.metrics()
    assert figures["depth"] == 1 and figures["claimed"] == 0
    assert figures["oldest_age_seconds"] == pytest.approx(120, abs=0.01)
    assert figures["decisions_by_moderator"] == {"alice": {"approve": 0, "reject": 1}}
    wait = figures["decision_wait_seconds"]
    assert wait["count"] == 1 and wait["sum"] == pytest.approx(20, abs=0.01)
    assert wait["buckets"]["60"] == 1 and wait["buckets"]["+Inf"] == 1


def test_every_change_is_one_atomic_unit_on_the_server(queue, clock, redis_client):
    """The indexes a comment is in are recorded with it, so removal can never miss one."""
    add_pending(queue, "c1", risk=0.9, at=clock.now, site="s9", article_id="a9", author_id="u9")
    indexed = redis_client.smembers("parley:queue:ikeys:c1")
    assert PENDING in indexed and "parley:queue:pending:author:u9" in indexed
    queue.claim("c1", "alice")
    queue.decide("c1", "alice", "approve")
    assert not any(redis_client.zscore(key, "c1") for key in indexed)
    assert not redis_client.exists("parley:queue:ikeys:c1", "parley:queue:claim:c1")


def test_undo_takes_a_decision_back_for_its_own_moderator_only(queue, clock, redis_client):
    add_pending(queue, "c1", risk=0.9, at=clock.now)
    queue.claim("c1", "alice")
    queue.decide("c1", "alice", "reject", "offensive")
    for moderator, why in (("bob", "not_yours"),):
        with pytest.raises(ReviewRefused) as refused:
            queue.undo("c1", moderator)
        assert refusal(refused) is Refusal.UNDO_NOT_ALLOWED and refused.value.details["why"] == why
    clock.advance(5)
    item = queue.undo("c1", "alice")
    assert item.comment.status == "pending" and item.claim.moderator == "alice"
    assert queue.pending_ids() == ["c1"] and queue.metrics()["decisions_by_moderator"]["alice"]["reject"] == 0
    examples = list(LabelStore(redis_client).iter("s1"))
    assert [e["decision"] for e in examples] == ["reject", "undone"] and examples[1]["retracts"] == "reject"
    with pytest.raises(ReviewRefused) as twice:
        queue.undo("c1", "alice")
    assert refused.value.details["why"] == "not_yours" and twice.value.details["why"] == "no_decision"
    assert queue.decide("c1", "alice", "approve").decision == "approve"
    clock.advance(31)
    with pytest.raises(ReviewRefused) as late:
        queue.undo("c1", "alice")
    assert late.value.details["why"] == "too_late"
    events = [e["event"] for e in queue.audit.history("c1")]
    assert events == ["submitted", "claimed", "rejected", "undone", "approved"]
    add_pending(queue, "c2", risk=0.9, at=clock.now, author_id="u7")
    queue.reject_pending("u7", "alice", "spam")
    with pytest.raises(ReviewRefused) as bulk:
        queue.undo("c2", "alice")
    assert bulk.value.details["why"] == "bulk"


def test_audit_newest_first_and_by_event(queue, clock, redis_client):
    for n in range(4):
        add_pending(queue, f"c{n}", risk=0.9, at=clock.now)
        queue.claim(f"c{n}", "alice")
        queue.decide(f"c{n}", "alice", "approve")
    audit = AuditLog(redis_client)
    recent = audit.page(events=["approved", "rejected"], newest_first=True, limit=3)
    assert [e["comment_id"] for e in recent.entries] == ["c3", "c2", "c1"]
    rest = audit.page(events=["approved"], newest_first=True, limit=3, cursor=recent.next_cursor)
    assert [e["comment_id"] for e in rest.entries] == ["c0"] and rest.next_cursor is None
    mine = audit.page(moderator="alice", events=["claimed"], newest_first=True, limit=10)
    assert [e["comment_id"] for e in mine.entries] == ["c3", "c2", "c1", "c0"]
    trail = audit.page(comment_id="c1", newest_first=True, limit=2)
    assert [e["event"] for e in trail.entries] == ["approved", "claimed"] and trail.next_cursor == "2"


def test_the_app_wires_the_queue_settings(app_env, shipped_scorer, redis_client):
    from service import create_app

    app = create_app({**app_env, "PARLEY_CLAIM_SECONDS": "7", "PARLEY_REVIEW_AGE_BOOST_SECONDS": "60"},
                     scorer=shipped_scorer)
    queue = app.extensions["review_queue"]
    assert (queue.claim_seconds, queue.age_boost_seconds) == (7, 60)
    assert app.extensions["intake"].queue is queue
