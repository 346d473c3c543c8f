"""The time-bucketed counters on a real Redis: written in the decision's transaction, read back
as the numbers that were posted and decided, the queue sampled exactly."""

from __future__ import annotations

import threading
import time
import types

import pytest

from service.comments import intake as intake_module
from service.comments.intake import Intake
from service.review.queue import ReviewQueue
from service.scoring.analyzer import Analyzer
from service.scoring.policy import ThresholdTable
from service.scoring.score_cache import ScoreCache
from service.review.stats import DAY, HOUR, PREFIX, bucket_key
from service.review.stats_series import read_series, sites
from tests.integration.queue_support import LABELS, Clock

TEXT = "Thank you for the careful reporting on the council budget."


@pytest.fixture
def clock():
    """Ten minutes into the last full hour, so a test's events share one hourly bucket."""
    clock = Clock()
    clock.now = HOUR.start(time.time()) - 3600 + 600.0
    return clock


class FixedScorer:
    """Scores every text alike: the decisions here come from the thresholds, not a model."""

    version = "fixed-test-scores"
    labels = LABELS
    thresholds = {label: {"review": 0.5, "reject": 0.9} for label in LABELS}

    def score(self, texts):
        return [{label: 0.6 for label in LABELS} for _ in texts]


# Thresholds per automatic decision: every label's 0.6 is under both, over review only, or over both.
LIMITS = {"publish": (0.7, 0.9), "review": (0.5, 0.9), "reject": (0.3, 0.5)}


@pytest.fixture
def setup(redis_client, clock, monkeypatch):
    """An intake and a queue on one hand-moved clock, thresholds chosen per post."""
    monkeypatch.setattr(intake_module, "time", types.SimpleNamespace(time=clock))
    queue = ReviewQueue(redis_client, clock=clock)
    scorer = FixedScorer()
    analyzer = Analyzer(scorer, ScoreCache(redis_client, scorer.version, 0))

    def post(comment_id: str, decision: str, site: str = "s1") -> None:
        review, reject = LIMITS[decision]
        table = ThresholdTable({label: {"review": review, "reject": reject} for label in LABELS})
        result = Intake(redis_client, analyzer, table, queue=queue).submit(
            comment_id, f"{TEXT} ({comment_id})", site=site)
        assert result.comment.decision == decision

    def decide(comment_id: str, moderator: str, decision: str) -> None:
        queue.claim(comment_id, moderator)
        queue.decide(comment_id, moderator, decision, "" if decision == "approve" else "abusive")

    return types.SimpleNamespace(post=post, decide=decide, queue=queue, client=redis_client)


def test_counts_match_what_was_posted_and_decided(setup, clock):
    for n in range(3):
        setup.post(f"p{n}", "publish")
    for n in range(4):
        setup.post(f"h{n}", "review")
    setup.post("r0", "reject")
    setup.post("other-site", "review", site="s2")
    clock.advance(125)
    setup.decide("h0", "alice", "approve")
    setup.decide("h1", "alice", "reject")
    setup.decide("h2", "bob", "reject")
    now = clock()

    one = read_series(setup.client, "24h", now, site="s1")
    hour = one["buckets"][-1]
    assert len(one["buckets"]) == 24 and hour["start"] == HOUR.start(now)
    assert hour["comments"] == {"publish": 3, "review": 4, "reject": 1}
    assert hour["held_by_label"] == {label: 4 for label in LABELS}
    assert hour["rejected_by_label"] == {label: 1 for label in LABELS}
    assert hour["moderator_decisions"] == {"approve": 1, "reject": 2}
    assert hour["decisions_by_moderator"] == {"alice": {"approve": 1, "reject": 1},
                                              "bob": {"approve": 0, "reject": 1}}
    assert hour["time_to_decision_seconds"]["count"] == 3
    assert 120 <= hour["time_to_decision_seconds"]["median"] <= 300  # 125 s, in the 2-5 min bucket
    assert hour["queue"]["depth_max"] == 4
    assert one["totals"]["comments"] == {"publish": 3, "review": 4, "reject": 1}

    everyone = read_series(setup.client, "14d", now)
    today = everyone["buckets"][-1]
    assert len(everyone["buckets"]) == 14 and today["start"] == DAY.start(now)
    assert today["comments"] == {"publish": 3, "review": 5, "reject": 1}
    assert today["queue"]["depth_max"] == 5
    assert everyone["totals"]["moderator_decisions"] == {"approve": 1, "reject": 2}
    assert sites(setup.client) == ["s1", "s2"]


def test_undo_takes_the_decision_back_out_of_its_bucket(setup, clock):
    setup.post("h0", "review")
    clock.advance(10)
    setup.decide("h0", "alice", "reject")
    setup.queue.undo("h0", "alice")
    hour = read_series(setup.client, "24h", clock(), site="s1")["buckets"][-1]
    assert hour["moderator_decisions"] == {"approve": 0, "reject": 0}
    assert hour["decisions_by_moderator"] == {"alice": {"approve": 0, "reject": 0}}
    assert hour["time_to_decision_seconds"] == {"count": 0, "median": None, "p90": None}


def test_queue_depth_and_oldest_age_are_exact_per_hour(setup, clock):
    base = HOUR.start(time.time()) - 3 * 3600   # three full hours ago, then two quiet hours
    clock.now = base + 600
    setup.post("first", "review")
    clock.now = base + 1200
    setup.post("second", "review")
    clock.now = base + 3600 + 600
    setup.decide("first", "alice", "approve")
    now = time.time()
    buckets = read_series(setup.client, "24h", now, site="s1")["buckets"]
    queue = [b["queue"] for b in buckets[-4:]]
    assert queue[0] == {"depth_max": 2, "oldest_age_seconds_max": 3000.0}  # first, at the hour's end
    # before the decision "first" had waited 3600 s; after it "second" waited until the hour's end
    assert queue[1] == {"depth_max": 2, "oldest_age_seconds_max": 6000.0}
    assert queue[2] == {"depth_max": 1, "oldest_age_seconds_max": 9600.0}   # a quiet hour
    assert queue[3]["depth_max"] == 1
    assert queue[3]["oldest_age_seconds_max"] == pytest.approx(now - (base + 1200), abs=0.2)
    assert buckets[-5]["queue"] == {"depth_max": None, "oldest_age_seconds_max": None}  # before any


def test_an_hour_with_no_event_in_the_range_shows_the_queue_as_it_is(setup, clock):
    clock.now = time.time() - 49 * 3600   # its hourly bucket has expired; the queue remains
    setup.post("old", "review")
    now = time.time()
    buckets = read_series(setup.client, "24h", now, site="s1")["buckets"]
    assert all(b["queue"]["depth_max"] == 1 for b in buckets)
    assert buckets[-1]["queue"]["oldest_age_seconds_max"] == pytest.approx(49 * 3600, abs=1)
    assert not setup.client.exists(bucket_key("site:s1", HOUR, HOUR.start(clock.now)))
    assert setup.client.ttl(bucket_key("site:s1", DAY, DAY.start(clock.now))) > 27 * 86_400


def test_the_counters_are_written_inside_the_decisions_transaction(setup, clock):
    setup.post("h0", "review")
    setup.queue.claim("h0", "alice")
    seen: list[str] = []
    with setup.client.monitor() as monitor:
        done = threading.Event()

        def watch() -> None:
            for entry in monitor.listen():
                seen.append(entry["command"])
                if entry["command"].startswith("EXEC"):
                    done.set()
                    return

        reader = threading.Thread(target=watch, daemon=True)
        reader.start()
        time.sleep(0.2)
        setup.queue.decide("h0", "alice", "approve")
        assert done.wait(10)
    commands = [c.split(" ")[0].upper() for c in seen]
    multi, exec_ = commands.index("MULTI"), commands.index("EXEC")
    stats_calls = [i for i, c in enumerate(seen) if c.upper().startswith("EVAL") and f"{PREFIX}:h:" in c]
    assert stats_calls and all(multi < i < exec_ for i in stats_calls)
