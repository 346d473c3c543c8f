import pytest

from service.scoring.policy import (GRAVE_LABELS, RUDENESS_LABELS, Decision, ThresholdTable, decide,
                                    policy_defaults)
from service.scoring.word_lists import WordMatch

LIMITS = {"toxicity": {"review": 0.5, "reject": 0.9}, "threat": {"review": 0.3, "reject": 0.7}}


def test_publish_when_everything_is_low():
    verdict = decide({"toxicity": 0.1, "threat": 0.05}, LIMITS)
    assert verdict.decision is Decision.PUBLISH
    assert verdict.reasons == ()


def test_review_lists_every_label_over_review_highest_first():
    verdict = decide({"toxicity": 0.6, "threat": 0.65}, LIMITS)
    assert verdict.decision is Decision.REVIEW
    assert verdict.reasons == ("threat", "toxicity")
    assert verdict.priority == 0.65


def test_one_label_over_reject_rejects():
    verdict = decide({"toxicity": 0.2, "threat": 0.71}, LIMITS)
    assert verdict.decision is Decision.REJECT
    assert verdict.reasons == ("threat",)


def test_threshold_is_inclusive():
    assert decide({"toxicity": 0.5, "threat": 0.0}, LIMITS).decision is Decision.REVIEW


def test_site_overrides_inherit_the_rest():
    table = ThresholdTable(LIMITS, {"default": {"toxicity": {"reject": 0.95}},
                                    "sites": {"strict": {"threat": {"review": 0.1, "reject": 0.2}}}})
    assert table.for_site(None)["toxicity"] == {"review": 0.5, "reject": 0.95}
    strict = table.for_site("strict")
    assert strict["threat"] == {"review": 0.1, "reject": 0.2}
    assert strict["toxicity"] == {"review": 0.5, "reject": 0.95}
    assert table.for_site("unknown") == table.for_site(None)
    assert decide({"threat": 0.25, "toxicity": 0}, strict).decision is Decision.REJECT


@pytest.mark.parametrize("override", [
    {"default": {"nonsense": {"review": 0.1}}},
    {"default": {"threat": {"review": 0.9, "reject": 0.5}}},
    {"sites": {"x": {"threat": {"reject": 1.5}}}},
])
def test_bad_overrides_are_refused(override):
    with pytest.raises(ValueError):
        ThresholdTable(LIMITS, override)


# -- rudeness is held, never rejected by default ------------------------------------------

# Shaped like a shipped sidecar: the model's own reject points for rudeness are low.
MODEL = {"toxicity": {"review": 0.5, "reject": 0.6}, "insult": {"review": 0.5, "reject": 0.97},
         "obscene": {"review": 0.5, "reject": 0.6}, "threat": {"review": 0.3, "reject": 0.944},
         "incitement": {"review": 0.3, "reject": 0.97}, "identity_attack": {"review": 0.323, "reject": 0.97},
         "severe_toxicity": {"review": 0.5, "reject": 0.85}}
# "What a stupid, dishonest article. The editor should be ashamed." as a model might score it.
RUDE = {"toxicity": 0.99, "insult": 0.99, "obscene": 0.99, "threat": 0.0, "incitement": 0.0,
        "identity_attack": 0.02, "severe_toxicity": 0.1}


def test_rudeness_labels_never_reject_by_default_whatever_the_model_says():
    table = ThresholdTable(MODEL)
    defaults = table.for_site(None)
    assert all(defaults[label]["reject"] is None for label in RUDENESS_LABELS)
    assert all(defaults[label]["reject"] == MODEL[label]["reject"] for label in GRAVE_LABELS)
    verdict = decide(RUDE, defaults)
    assert verdict.decision is Decision.REVIEW
    assert verdict.reasons == ("insult", "obscene", "toxicity")


def test_grave_labels_still_reject_by_default():
    threat = dict(RUDE, threat=0.95)
    verdict = decide(threat, ThresholdTable(MODEL).for_site("any"))
    assert verdict.decision is Decision.REJECT and verdict.reasons[0] == "insult"
    assert "threat" in verdict.reasons


def test_a_site_or_the_operator_opts_in_to_rejecting_rudeness():
    table = ThresholdTable(MODEL, {"sites": {"strict": {"toxicity": {"reject": 0.9}}}})
    assert decide(RUDE, table.for_site("strict")).decision is Decision.REJECT
    assert decide(RUDE, table.for_site("relaxed")).decision is Decision.REVIEW
    everywhere = ThresholdTable(MODEL, {"default": {"insult": {"reject": 0.95}}})
    assert decide(RUDE, everywhere.for_site("relaxed")).decision is Decision.REJECT
    assert everywhere.for_site(None)["toxicity"]["reject"] is None  # only the label named opts in


def test_a_promoted_model_cannot_bring_rudeness_rejection_back():
    table = ThresholdTable(MODEL)
    table.use_model({**MODEL, "toxicity": {"review": 0.4, "reject": 0.5}})
    assert table.for_site(None)["toxicity"] == {"review": 0.4, "reject": None}
    assert policy_defaults(MODEL)["threat"] == MODEL["threat"]


def test_a_reject_of_none_turns_automatic_rejection_off_for_any_label():
    table = ThresholdTable(MODEL, {"sites": {"gentle": {"threat": {"reject": None}}}})
    assert decide(dict(RUDE, threat=0.99), table.for_site("gentle")).decision is Decision.REVIEW
    with pytest.raises(ValueError):
        ThresholdTable(MODEL, {"default": {"threat": {"review": None}}})
    with pytest.raises(ValueError):
        ThresholdTable(MODEL, {"default": {"threat": {"reject": "high"}}})


# -- word lists in the decision --------------------------------------------------------------

def test_a_banned_word_rejects_and_is_the_first_reason():
    clean = dict.fromkeys(MODEL, 0.01)
    verdict = decide(clean, ThresholdTable(MODEL).for_site(None), [WordMatch("banned", "glorbnik")])
    assert verdict.decision is Decision.REJECT
    assert verdict.reasons == ("banned_word",) and verdict.matched_words == (WordMatch("banned", "glorbnik"),)


def test_a_suspect_word_holds_for_review_beside_the_labels():
    verdict = decide(RUDE, ThresholdTable(MODEL).for_site(None), [WordMatch("suspect", "cowards")])
    assert verdict.decision is Decision.REVIEW
    assert verdict.reasons == ("suspect_word", "insult", "obscene", "toxicity")
    both = decide(dict.fromkeys(MODEL, 0.0), LIMITS, [WordMatch("banned", "a"), WordMatch("suspect", "b")])
    assert both.decision is Decision.REJECT and both.reasons == ("banned_word", "suspect_word")


def test_no_matches_change_nothing():
    scores = {"toxicity": 0.1, "threat": 0.05}
    assert decide(scores, LIMITS, ()) == decide(scores, LIMITS)
