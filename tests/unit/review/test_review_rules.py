"""The queue's pure rules: ordering key, reasons, implied labels, decision records."""

import pytest

from service.review.decisions import (LABELS, DecisionRecord, ModeratorDecision, ReasonCode,
                                     check_reason, implied_labels)
from service.review.queue import filter_keys, priority


def test_priority_is_risk_first_then_age_and_waiting_counts_as_risk():
    boost = 14_400
    assert priority(0.9, 1000, boost) < priority(0.8, 1000, boost)       # riskier first
    assert priority(0.8, 999, boost) < priority(0.8, 1000, boost)        # then older first
    assert priority(0.5, 0, boost) < priority(1.0, 7201, boost)          # waited (1 - r) x boost
    assert priority(0.5, 0, boost) > priority(1.0, 7199, boost)
    assert priority(1.7, 0, boost) == priority(1.0, 0, boost)            # risk is clamped


def test_reasons_are_required_for_rejections_and_refused_for_approvals():
    assert check_reason("reject", "hate_speech") == "hate_speech"
    assert check_reason("approve", "") == ""
    for decision, reason in (("reject", ""), ("reject", "rude"), ("approve", "spam"), ("maybe", "")):
        with pytest.raises(ValueError):
            check_reason(decision, reason)
    assert {code.value for code in ReasonCode} == {"offensive", "abusive", "hate_speech", "threat",
                                                   "incitement", "spam", "off_topic", "other"}


def test_decisions_imply_labels():
    assert implied_labels(ModeratorDecision.APPROVE, "") == {label: 0.0 for label in LABELS}
    assert implied_labels(ModeratorDecision.REJECT, "hate_speech") == {"toxicity": 1.0, "identity_attack": 1.0}
    assert implied_labels(ModeratorDecision.REJECT, "incitement")["incitement"] == 1.0
    assert implied_labels(ModeratorDecision.REJECT, "spam") == {}
    for code in ReasonCode:
        assert set(implied_labels(ModeratorDecision.REJECT, code.value)) <= set(LABELS)


def test_decision_records_round_trip_and_recognise_retries():
    record = DecisionRecord("c1", "reject", "spam", "note", "alice", 2, 10.5, 3.25)
    again = DecisionRecord.from_json(record.to_json())
    assert again == record and not again.replay and again.replayed().replay
    assert record.same_as("alice", ModeratorDecision.REJECT, "spam", "note")
    assert not record.same_as("alice", ModeratorDecision.REJECT, "spam", "other note")
    assert record.public()["status"] == "rejected" and "replay" not in record.public()


def test_filters_name_their_indexes():
    assert filter_keys() == []
    assert filter_keys(site="s", label="threat") == ["parley:queue:pending:site:s",
                                                     "parley:queue:pending:label:threat"]


def test_queue_settings_come_from_the_environment():
    from service.config import ConfigError, Settings

    assert Settings.from_env({}).review_age_boost_seconds == 14_400
    settings = Settings.from_env({"PARLEY_REVIEW_AGE_BOOST_SECONDS": "600", "PARLEY_CLAIM_SECONDS": "9"})
    assert (settings.review_age_boost_seconds, settings.claim_seconds) == (600, 9)
    with pytest.raises(ConfigError):
        Settings.from_env({"PARLEY_REVIEW_AGE_BOOST_SECONDS": "0"})
