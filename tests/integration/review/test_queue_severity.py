"""Severity-first order on a real Redis, and entries queued under the old risk-only key."""

import pytest

from service.comments.store import Comment, CommentStore
from service.review import scripts as lua
from service.review.queue import ORDER_KEY, PENDING, ReviewQueue, index_key
from tests.integration.queue_support import LABELS, Clock, add_pending

BOOST = 14_400


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def queue(redis_client, clock) -> ReviewQueue:
    return ReviewQueue(redis_client, claim_seconds=60, age_boost_seconds=BOOST, clock=clock)


def held(queue: ReviewQueue, comment_id: str, at: float, **scores: float) -> Comment:
    """A comment held for every reason given, its labels scored as given (the rest near zero)."""
    comment = Comment(id=comment_id, text=f"text of {comment_id}", site="s1", status="pending",
                      decision="review", reasons=sorted(scores, key=lambda k: -scores[k]),
                      scores={name: 0.01 for name in LABELS} | {k: v for k, v in scores.items() if k in LABELS},
                      created_at=at, updated_at=at)
    with queue.client.pipeline() as pipe:
        CommentStore(queue.client).put(pipe, comment)
        queue.enqueue(pipe, comment)
        pipe.execute()
    return comment


def test_the_call_to_violence_waits_behind_no_insult(queue, clock):
    t = clock.now
    held(queue, "moron-1", t - 120, insult=0.99, toxicity=0.99)
    held(queue, "moron-2", t - 60, insult=0.99, toxicity=0.98)
    held(queue, "shoot-soldiers", t, incitement=0.93, severe_toxicity=0.7, toxicity=0.4)
    held(queue, "slur", t, identity_attack=0.6, toxicity=0.8)
    assert queue.pending_ids() == ["shoot-soldiers", "slur", "moron-1", "moron-2"]
    assert queue.claim_next("alice").comment.id == "shoot-soldiers"
    first = queue.pending()[0]
    assert (first.severity.tier, first.risk) == (1, 0.93)
    body = first.public(clock.now)
    assert body["tier"] == 1 and body["risk"] == 0.93


def test_the_score_orders_within_a_tier_and_filters_keep_the_order(queue, clock):
    t = clock.now
    held(queue, "threat-low", t, threat=0.35)
    held(queue, "incitement-high", t + 5, incitement=0.8)
    held(queue, "suspect", t, suspect_word=0.0, insult=0.2)
    assert queue.pending_ids() == ["incitement-high", "threat-low", "suspect"]
    assert queue.pending_ids(label="suspect_word") == ["suspect"]


def test_an_insult_that_waited_long_enough_is_served_first(queue, clock):
    t = clock.now
    held(queue, "old-insult", t - 8 * 3600, insult=0.99)  # waited more than (2.93 - 0.99) x 4 h
    held(queue, "fresh-incitement", t, incitement=0.93)
    assert queue.pending_ids() == ["old-insult", "fresh-incitement"]


def test_entries_queued_under_the_old_key_are_reranked_once_and_still_served(queue, clock, redis_client):
    t = clock.now
    old_threat = held(queue, "old-threat", t, threat=0.6)
    held(queue, "old-insult", t, insult=0.9)
    add_pending(queue, "old-filtered", risk=0.5, at=t, site="s2", label="incitement")
    # What the code before severity tiers wrote: submit time - highest score x boost, everywhere.
    for comment_id, risk in (("old-threat", 0.6), ("old-insult", 0.9), ("old-filtered", 0.5)):
        for key in redis_client.smembers(f"{lua.IKEYS_PREFIX}:{comment_id}"):
            if key != lua.AGE:
                redis_client.zadd(key, {comment_id: t - risk * BOOST})
    assert queue.pending_ids() == ["old-insult", "old-threat", "old-filtered"]
    ages = redis_client.zrange(lua.AGE, 0, -1, withscores=True)

    assert queue.upgrade_order() == 2  # the tier-3 insult already had its place
    assert redis_client.get(ORDER_KEY)
    assert queue.pending_ids() == ["old-threat", "old-filtered", "old-insult"]
    assert queue.pending_ids(site="s2") == ["old-filtered"]
    assert redis_client.zscore(index_key("label", "threat"), "old-threat") == queue.place(old_threat)
    assert redis_client.zrange(lua.AGE, 0, -1, withscores=True) == ages  # waiting time is untouched
    assert queue.upgrade_order() == 0  # once per Redis
    assert [queue.claim_next("alice").comment.id for _ in range(3)] == ["old-threat", "old-filtered", "old-insult"]


def test_the_upgrade_skips_comments_decided_or_edited_meanwhile(queue, clock, redis_client):
    t = clock.now
    comment = held(queue, "c1", t, threat=0.6)
    redis_client.zadd(PENDING, {"c1": t - 0.6 * BOOST})
    rerank = redis_client.register_script(lua.RERANK)
    ikeys = f"{lua.IKEYS_PREFIX}:c1"
    assert rerank(args=[ikeys, "c1", "2", "123.0", lua.AGE]) == 0  # version 2 was never stored
    redis_client.hset(CommentStore.key("c1"), "status", "approved")
    assert rerank(args=[ikeys, "c1", str(comment.version), "123.0", lua.AGE]) == 0
    assert redis_client.zscore(PENDING, "c1") == t - 0.6 * BOOST
    redis_client.zrem(PENDING, "c1")
    redis_client.hset(CommentStore.key("c1"), "status", "pending")
    rerank(args=[ikeys, "c1", str(comment.version), "123.0", lua.AGE])
    assert redis_client.zscore(PENDING, "c1") is None  # ZADD XX never puts back what left
