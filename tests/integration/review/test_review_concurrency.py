"""Many moderators at once, each on its own connection: no comment is ever held or decided twice."""

from __future__ import annotations

import random
import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
import redis

from service.review.queue import Refusal, ReviewQueue, ReviewRefused
from tests.integration.queue_support import Clock, add_pending

THREADS, ROUNDS, ITEMS = 8, 6, 60


@pytest.fixture
def moderator_queues(redis_server):
    """One queue per moderator thread, each on its own connection pool."""
    queues = [ReviewQueue(redis.Redis.from_url(redis_server.url, decode_responses=True))
              for _ in range(THREADS)]
    yield queues
    for queue in queues:
        queue.client.close()


def fill(redis_client: redis.Redis, seed: int) -> list[str]:
    queue, rng, now = ReviewQueue(redis_client), random.Random(seed), Clock().now
    ids = [f"r{seed}-{n}" for n in range(ITEMS)]
    for comment_id in ids:
        add_pending(queue, comment_id, risk=rng.choice([0.5, 0.7, 0.9]), at=now - rng.randint(0, 50),
                    site=rng.choice(["s1", "s2"]))
    return ids


def run_together(work, count: int = THREADS) -> list:
    barrier = threading.Barrier(count)

    def start(n: int):
        barrier.wait()
        return work(n)

    with ThreadPoolExecutor(count) as pool:
        return list(pool.map(start, range(count)))


def test_concurrent_claims_never_hand_out_the_same_comment(redis_client, moderator_queues):
    for round_number in range(ROUNDS):
        redis_client.flushdb()
        ids = fill(redis_client, round_number)
        queues = moderator_queues

        def claim_all(n: int) -> list[str]:
            site = "s1" if n % 3 == 0 else ""  # some moderators filter, most do not
            got = []
            while (item := queues[n].claim_next(f"m{n}", site=site)) is not None:
                got.append(item.comment.id)
            if site:
                while (item := queues[n].claim_next(f"m{n}")) is not None:
                    got.append(item.comment.id)
            return got

        results = run_together(claim_all)
        claimed = [comment_id for got in results for comment_id in got]
        assert sorted(claimed) == sorted(ids), f"round {round_number}: duplicates or losses"
        assert sum(1 for got in results if got) >= 2, "no contention: the test proves nothing"
        holders = {item.comment.id: item.claim.moderator for item in queues[0].pending(limit=ITEMS)}
        assert holders == {cid: f"m{n}" for n, got in enumerate(results) for cid in got}


def test_concurrent_claims_of_one_comment_have_one_winner(redis_client, moderator_queues):
    for round_number in range(ROUNDS * 3):
        redis_client.flushdb()
        add_pending(ReviewQueue(redis_client), "hot", risk=0.9, at=Clock().now)
        queues = moderator_queues

        def grab(n: int) -> str:
            try:
                return queues[n].claim("hot", f"m{n}").claim.moderator
            except ReviewRefused as refused:
                assert refused.refusal is Refusal.ALREADY_CLAIMED
                return ""

        winners = [name for name in run_together(grab) if name]
        assert len(winners) == 1, f"round {round_number}: {winners}"


def test_concurrent_decisions_apply_once_each(redis_client, moderator_queues):
    ids = fill(redis_client, 99)
    queues = moderator_queues
    holder = {}
    for n, comment_id in enumerate(ids):
        holder[comment_id] = f"m{n % THREADS}"
        queues[0].claim(comment_id, holder[comment_id])

    def decide_everything(n: int) -> Counter:
        outcomes: Counter = Counter()
        for comment_id in random.Random(n).sample(ids, len(ids)):
            try:
                queues[n].decide(comment_id, f"m{n}", "reject", "spam")
                outcomes["decided"] += 1
            except ReviewRefused as refused:
                outcomes[refused.refusal.value] += 1
        return outcomes

    totals = sum(run_together(decide_everything), Counter())
    assert totals["decided"] == ITEMS
    assert set(totals) <= {"decided", Refusal.LEASE_NOT_HELD.value, Refusal.ALREADY_DECIDED.value}
    rejected = [e for e in queues[0].audit.page(limit=1000).entries if e["event"] == "rejected"]
    assert sorted(e["comment_id"] for e in rejected) == sorted(ids)
    assert all(e["moderator"] == holder[e["comment_id"]] for e in rejected)
