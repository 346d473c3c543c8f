"""The stats arithmetic with no Redis: histogram quantiles, bucket parsing, the queue's carry."""

from __future__ import annotations

import pytest

from service.review.queue import index_key
from service.review.stats import DAY, HOUR, WAIT_EDGES, queue_keys, wait_field
from service.review.stats_series import bucket, fill_queue, quantile, totals, wait_counts


def histogram(**counts: int) -> dict[str, int]:
    return {edge: counts.get(f"le{edge}", 0) for edge in [*map(str, WAIT_EDGES), "+Inf"]}


def test_quantiles_interpolate_inside_their_bucket():
    waits = histogram(le60=10, le120=10)           # 10 in (30, 60], 10 in (60, 120]
    assert quantile(waits, 0.5) == pytest.approx(60.0)
    assert quantile(waits, 0.9) == pytest.approx(60 + 60 * 8 / 10)
    assert quantile(histogram(), 0.5) is None
    top = histogram()
    top["+Inf"] = 3
    assert quantile(top, 0.9) == WAIT_EDGES[-1]   # beyond the last edge: its lower bound


def test_a_wait_lands_in_the_first_bucket_that_holds_it():
    assert wait_field(0) == "wait:30" and wait_field(30) == "wait:30" and wait_field(31) == "wait:60"
    assert wait_field(10 ** 7) == "wait:+Inf"


def test_buckets_are_utc_aligned_and_keys_match_the_queues():
    moment = 1_700_000_123.4
    assert HOUR.start(moment) % 3600 == 0 and HOUR.start(moment) <= moment < HOUR.start(moment) + 3600
    assert DAY.start(moment) % 86_400 == 0
    assert queue_keys("s1")[0] == index_key("site", "s1")


def test_a_bucket_reads_back_its_counts():
    raw = {"auto:publish": "3", "auto:review": "2", "held:insult": "2", "rejected:threat": "1",
           "mod:approve": "1", "by:alice:approve": "1", "by:bob.k:reject": "2",
           "wait:60": "1", "wait:count": "1", "wait:sum": "45.5"}
    body = bucket(raw, 3600, 7200)
    assert body["comments"] == {"publish": 3, "review": 2, "reject": 0}
    assert body["held_by_label"] == {"insult": 2} and body["rejected_by_label"] == {"threat": 1}
    assert body["decisions_by_moderator"] == {"alice": {"approve": 1, "reject": 0},
                                              "bob.k": {"approve": 0, "reject": 2}}
    assert body["time_to_decision_seconds"]["count"] == 1
    assert 30 < body["time_to_decision_seconds"]["median"] <= 60
    assert wait_counts(raw)["60"] == 1


def test_quiet_buckets_inherit_the_state_their_last_event_left():
    raws = [{}, {"q:depth_first": "4", "q:oldest_first": "0", "q:depth_max": "5",
                 "q:age_max": "150", "q:depth_last": "2", "q:oldest_last": "120"}, {}]
    buckets = [bucket(r, start, start + 100) for r, start in zip(raws, (0, 100, 200))]
    fill_queue(buckets, raws, live=(9, 1.0))
    assert buckets[0]["queue"] == {"depth_max": 4, "oldest_age_seconds_max": 100.0}
    assert buckets[1]["queue"] == {"depth_max": 5, "oldest_age_seconds_max": 150.0}
    assert buckets[2]["queue"] == {"depth_max": 2, "oldest_age_seconds_max": 180.0}
    quiet = [bucket({}, 0, 100), bucket({}, 100, 150)]
    fill_queue(quiet, [{}, {}], live=(3, 40.0))       # no event in the range: as the queue is now
    assert [b["queue"]["depth_max"] for b in quiet] == [3, 3]
    assert quiet[1]["queue"]["oldest_age_seconds_max"] == 110.0


def test_totals_add_up_and_merge_histograms():
    raws = [{"auto:publish": "2", "wait:60": "1", "wait:count": "1", "by:a:approve": "1"},
            {"auto:publish": "1", "auto:reject": "4", "wait:600": "1", "wait:count": "1",
             "by:a:reject": "2"}]
    buckets = [bucket(r, i * 10, i * 10 + 10) for i, r in enumerate(raws)]
    summed = totals(buckets, [wait_counts(r) for r in raws])
    assert summed["comments"] == {"publish": 3, "review": 0, "reject": 4}
    assert summed["decisions_by_moderator"] == {"a": {"approve": 1, "reject": 2}}
    assert summed["time_to_decision_seconds"]["count"] == 2
    assert 30 < summed["time_to_decision_seconds"]["median"] <= 60
    assert 300 < summed["time_to_decision_seconds"]["p90"] <= 600
    assert summed["queue"] == {"depth_max": None, "oldest_age_seconds_max": None}
