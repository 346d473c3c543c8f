"""Severity tiers and the queue's sort key: the gravest first, the score within a tier, waiting counts."""

import pytest

from service.review.queue import priority
from service.review.severity import Severity, severity_of, tier_bonus

BOOST = 14_400
LOW = dict.fromkeys(("toxicity", "severe_toxicity", "obscene", "insult", "identity_attack", "threat",
                     "incitement"), 0.01)


@pytest.mark.parametrize("reasons, tier", [
    (["threat"], 1), (["incitement", "insult"], 1), (["insult", "identity_attack"], 2),
    (["severe_toxicity"], 2), (["suspect_word"], 2), (["toxicity", "insult", "obscene"], 3),
    (["some_future_reason"], 3), ([], 3),
])
def test_the_gravest_reason_sets_the_tier(reasons, tier):
    assert severity_of(reasons, LOW).tier == tier


def test_risk_is_the_highest_score_of_the_tier_that_held_it():
    scores = dict(LOW, incitement=0.41, threat=0.35, insult=0.99)
    assert severity_of(["insult", "incitement", "threat"], scores) == Severity(1, 0.41)
    assert severity_of(["suspect_word", "insult"], dict(LOW, insult=0.7)) == Severity(2, 0.7)
    assert severity_of(["insult"], dict(LOW, insult=0.7)).tier_name == "rudeness"


def test_a_call_to_violence_comes_before_the_rudest_insults_submitted_with_it():
    t = 1_800_000_000.0
    shoot = priority(0.93, t + 60, BOOST, tier=1)  # posted a minute after the insults
    morons = [priority(0.99, t, BOOST, tier=3), priority(0.99, t + 1, BOOST, tier=3)]
    slur = priority(0.40, t + 60, BOOST, tier=2)
    assert sorted([*morons, shoot, slur]) == [shoot, slur, *morons]


def test_waiting_still_counts_so_rudeness_does_not_starve():
    t = 1_800_000_000.0
    insult = priority(0.99, t, BOOST, tier=3)
    # A tier-1 comment at risk 0.93 is worth 2.93 points; an insult at 0.99 catches up after
    # waiting (2.93 - 0.99) x 4 h = 7.76 h: nothing submitted later can overtake it after that.
    assert priority(1.0, t + 7.7 * 3600, BOOST, tier=1) < insult
    assert priority(0.93, t + 7.8 * 3600, BOOST, tier=1) > insult
    assert priority(1.0, t + 3 * BOOST + 1, BOOST, tier=1) > priority(0.0, t, BOOST, tier=3)


def test_tier_points_and_the_old_key_for_rudeness():
    assert [tier_bonus(t) for t in (1, 2, 3)] == [2, 1, 0]
    assert priority(0.5, 1000.0, 3600) == 1000.0 - 0.5 * 3600  # tier 3 keeps the risk-only key
