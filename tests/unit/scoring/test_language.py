"""Language detection and what happens to a comment Parley cannot read."""

import pytest

from service.config import ConfigError
from service.scoring.language import (REASON, Detection, LanguagePolicy, detect, hold_unreadable)
from service.scoring.policy import Decision, Verdict

PUBLISH = Verdict(Decision.PUBLISH, (), 0.1)
GERMAN = Detection("de", 0.99)


@pytest.mark.parametrize("text,language", [
    ("Man sollte diese Politiker alle aufhängen", "de"),
    ("Hay que colgar a todos estos políticos.", "es"),
    ("Il faudrait pendre tous ces politiciens.", "fr"),
    ("Всех этих политиков надо повесить.", "ru"),
    ("Thanks for the clear reporting on the strike.", "en"),
    ("The article says the strike hit a depot, but the ministry called it a clinic.", "en"),
])
def test_clear_sentences_are_named(text, language):
    assert detect(text).language == language


@pytest.mark.parametrize("text", ["lol", "Good piece.", "👍👍👍", "😂😂😂 🙄", "+1", "Agreed!",
                                  "https://news.example/a/very-long-path-with-words @someone"])
def test_short_emoji_and_link_only_comments_are_english_or_undetermined(text):
    detection = detect(text)
    assert detection.language in ("en", "und") and detection.readable


def test_links_and_names_do_not_count_as_words():
    assert detect("@Bundesregierung https://www.example.de/nachrichten/politik ok").language == "und"


def test_only_the_opening_of_a_long_comment_is_read():
    long_english = "This council decision was rushed and the reporting fair. " * 200
    assert detect(long_english + "Man sollte diese Politiker alle aufhängen " * 100).language == "en"


def test_readable_means_english_or_undetermined():
    assert Detection("en", 0.9).readable and Detection("und", 0.0).readable
    assert not GERMAN.readable


@pytest.mark.parametrize("action,decision", [(Decision.REVIEW, Decision.REVIEW),
                                             (Decision.REJECT, Decision.REJECT)])
def test_unreadable_comment_takes_the_sites_action_with_the_reason(action, decision):
    verdict = hold_unreadable(PUBLISH, GERMAN, action)
    assert verdict.decision is decision and verdict.reasons == (REASON,)


def test_publish_action_publishes_without_a_reason():
    assert hold_unreadable(PUBLISH, GERMAN, Decision.PUBLISH) == PUBLISH


def test_a_stricter_verdict_stands_and_gains_the_reason():
    rejected = Verdict(Decision.REJECT, ("threat",), 0.97)
    verdict = hold_unreadable(rejected, GERMAN, Decision.REVIEW)
    assert verdict.decision is Decision.REJECT and verdict.reasons == ("threat", REASON)
    held = hold_unreadable(Verdict(Decision.REVIEW, ("insult",), 0.6), GERMAN, Decision.PUBLISH)
    assert held.decision is Decision.REVIEW and held.reasons == ("insult", REASON)


def test_readable_text_keeps_its_verdict():
    assert hold_unreadable(PUBLISH, Detection("und", 0.0), Decision.REJECT) is PUBLISH
    assert hold_unreadable(PUBLISH, Detection("en", 0.99), Decision.REJECT) is PUBLISH


def test_policy_default_is_review_and_sites_override():
    assert LanguagePolicy().action_for("any") is Decision.REVIEW
    policy = LanguagePolicy({"default": "reject", "sites": {"de-site": "publish", "other": "Review"}})
    assert policy.action_for("de-site") is Decision.PUBLISH
    assert policy.action_for("other") is Decision.REVIEW
    assert policy.action_for("unknown") is Decision.REJECT and policy.action_for(None) is Decision.REJECT
    assert LanguagePolicy("publish").action_for("x") is Decision.PUBLISH


@pytest.mark.parametrize("setting", [{"default": "hold"}, {"sites": {"a": 3}}, {"sites": ["a"]}])
def test_bad_policy_settings_stop_start_up(setting):
    with pytest.raises(ConfigError, match="PARLEY_UNSUPPORTED_LANGUAGE"):
        LanguagePolicy.from_setting(setting)


def test_judge_detects_and_decides_per_site():
    policy = LanguagePolicy({"sites": {"open": "publish"}})
    verdict, detection = policy.judge(PUBLISH, "Man sollte diese Politiker alle aufhängen", "strict")
    assert detection.language == "de" and verdict.decision is Decision.REVIEW
    verdict, _ = policy.judge(PUBLISH, "Man sollte diese Politiker alle aufhängen", "open")
    assert verdict is PUBLISH
