"""The label mappings behind the Perspective, OpenAI and Coral compatible endpoints."""

import pytest

from service.wire.vendor_labels import (OPENAI_CATEGORIES, PERSPECTIVE_ATTRIBUTES, coral_rejection_code,
                                   openai_categories, openai_category_scores, perspective_label)

LABELS = {"toxicity", "severe_toxicity", "obscene", "insult", "identity_attack", "threat", "incitement"}
LIMITS = {label: {"review": 0.5, "reject": 0.9} for label in LABELS}
ZERO = {label: 0.0 for label in LABELS}

OPENAI_KEYS = {"harassment", "harassment/threatening", "hate", "hate/threatening", "illicit",
               "illicit/violent", "self-harm", "self-harm/intent", "self-harm/instructions", "sexual",
               "sexual/minors", "violence", "violence/graphic"}


def test_every_parley_label_has_one_perspective_attribute():
    assert set(PERSPECTIVE_ATTRIBUTES.values()) == LABELS
    assert perspective_label("PROFANITY") == "obscene"
    assert perspective_label("INCITEMENT") == "incitement"
    assert perspective_label("FLIRTATION") is None


def test_openai_has_every_category_key_openai_returns():
    assert set(OPENAI_CATEGORIES) == OPENAI_KEYS
    assert set(openai_category_scores(ZERO)) == OPENAI_KEYS
    assert set(openai_categories(ZERO, LIMITS)) == OPENAI_KEYS


def test_mapped_categories_only_use_parley_labels():
    used = {label for groups in OPENAI_CATEGORIES.values() for group in groups for label in group}
    assert used <= LABELS


def test_unmodeled_categories_score_zero_and_never_flag():
    scores = {label: 1.0 for label in LABELS}
    category_scores = openai_category_scores(scores)
    flags = openai_categories(scores, LIMITS)
    for category in ("sexual", "sexual/minors", "self-harm", "self-harm/intent",
                     "self-harm/instructions", "illicit", "illicit/violent", "violence/graphic"):
        assert category_scores[category] == 0.0 and flags[category] is False


def test_threat_is_harassment_threatening_and_violence():
    scores = {**ZERO, "threat": 0.8}
    category_scores = openai_category_scores(scores)
    assert category_scores["harassment/threatening"] == 0.8
    assert category_scores["violence"] == 0.8
    assert category_scores["harassment"] == 0.8
    assert category_scores["hate"] == 0.0
    assert openai_categories(scores, LIMITS)["violence"] is True


def test_hate_threatening_needs_both_identity_attack_and_violence():
    assert openai_category_scores({**ZERO, "identity_attack": 0.9})["hate/threatening"] == 0.0
    both = {**ZERO, "identity_attack": 0.9, "incitement": 0.6}
    assert openai_category_scores(both)["hate/threatening"] == 0.6
    assert openai_categories(both, LIMITS)["hate/threatening"] is True
    assert openai_categories({**ZERO, "identity_attack": 0.9, "incitement": 0.4}, LIMITS)["hate/threatening"] is False


def test_flags_follow_the_review_threshold_inclusively():
    assert openai_categories({**ZERO, "insult": 0.5}, LIMITS)["harassment"] is True
    assert openai_categories({**ZERO, "insult": 0.49}, LIMITS)["harassment"] is False


def test_toxicity_alone_flags_no_openai_category():
    flags = openai_categories({**ZERO, "toxicity": 0.99, "obscene": 0.99}, LIMITS)
    assert not any(flags.values())


@pytest.mark.parametrize("reasons,code", [
    (["identity_attack", "insult"], "HATE_SPEECH"),
    (["threat"], "ABUSIVE"),
    (["incitement"], "ABUSIVE"),
    (["insult", "identity_attack"], "ABUSIVE"),
    (["obscene"], "OFFENSIVE"),
    (["toxicity"], "OFFENSIVE"),
    (["something_new"], "OTHER"),
    ([], "OTHER"),
])
def test_coral_rejection_code_follows_the_riskiest_known_label(reasons, code):
    assert coral_rejection_code(reasons) == code
