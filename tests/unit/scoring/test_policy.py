import pytest

from service.scoring.policy import Decision, ThresholdTable, decide

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
