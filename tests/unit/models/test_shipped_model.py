"""The shipped model gets the seed page and a few dozen clear cases per label right.

These read ../shared (the seed page) when it is present and skip cleanly when it is not; the
clear cases are written here and need only the committed bundle.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from models.bundle import DEFAULT_ARTIFACT
from models.eval_sets import seed_page_comments
from models.evaluate import decide
from models.scorer import Scorer

REPO = Path(__file__).resolve().parents[3]


def _shared() -> Path:
    if os.environ.get("PARLEY_DATA_DIR"):
        return Path(os.environ["PARLEY_DATA_DIR"]).parent
    return REPO.parent / "shared"


@pytest.fixture(scope="module")
def scorer() -> Scorer:
    return Scorer.load(DEFAULT_ARTIFACT)


def _decision(scorer: Scorer, scores: dict[str, float]) -> str:
    """The default policy's decision (service/scoring/policy.py): rudeness never rejects."""
    return decide(scores, scorer.thresholds)


def test_seed_page(scorer: Scorer) -> None:
    page = seed_page_comments(_shared())
    if page is None:
        pytest.skip("../shared/seeds/article_with_comments.txt is not present")
    _, comments = page
    assert len(comments) == 5
    scores = scorer.score(comments)
    for number, row in enumerate(scores[:4], start=1):
        assert _decision(scorer, row) != "reject", f"comment {number} rejected: {row}"
    last = scores[4]
    assert _decision(scorer, last) in ("review", "reject")
    assert last["incitement"] >= scorer.thresholds["incitement"]["review"], f"incitement too low on comment 5: {last}"


CLEAR = {
    "toxicity": ["You are a worthless piece of garbage.", "Shut up, you disgusting idiot.",
                 "What a pathetic, brainless troll you are.", "This author is a lying moron.",
                 "Nobody cares about your garbage opinion, loser.", "Get lost, you ignorant clown."],
    "severe_toxicity": ["I will kill you and your whole family.", "Someone should shoot every one of them dead.",
                        "Burn them all alive.", "Kill yourself, you worthless piece of shit.",
                        "I hope you die in a fire.", "Hang the traitors from the nearest tree."],
    "obscene": ["This is fucking ridiculous.", "What a load of bullshit.", "Fuck off and die.",
                "Holy shit, this is a fucking mess.", "Shut the fuck up.", "This article is total shit."],
    "insult": ["You are an idiot.", "The writer is a complete moron.", "What a stupid, ignorant fool.",
               "You're too dumb to understand this.", "You are a pathetic loser.", "What an imbecile."],
    "identity_attack": ["Muslims are vermin and should be kicked out.", "Jews are parasites.",
                        "Black people are subhuman.", "Gay people are disgusting perverts.",
                        "Immigrants are animals.", "Women are too stupid to vote."],
    "threat": ["I will kill you if I ever see you.", "I am going to find you and beat you to death.",
               "I know where you live and I will burn your house down.", "I'll put a bullet in your head.",
               "Watch your back, I'm coming for you.", "I will break your legs."],
    "incitement": ["Someone should shoot every one of those politicians.", "Go burn their mosque to the ground.",
                   "Hang the traitors from the nearest tree.", "Round them up and kill them all.",
                   "Somebody needs to put a bullet in the senator.", "Violence against them is justified, go get them."],
}
BENIGN = ["Thanks for the thoughtful article.", "The airstrike killed twelve civilians, officials said.",
          "I disagree with the minister's budget.", "She is going to kill it at the finals.",
          "My Muslim neighbours invited us for dinner.", "We should protest peacefully outside the embassy.",
          "The troops were attacked overnight near the border.", "Being gay is perfectly normal.",
          "The history of the bombing of Dresden is grim.", "I condemn all violence against civilians."]


# Calls for violence and threats with no violent keyword: only meaning gives them away.
VEILED = {
    "incitement": ["Make sure none of those officials ever comes home.", "Time someone paid the editor a visit and finished it.",
                   "They should not live to see the trial.", "Find out where the judge lives and deal with her, lads.",
                   "Somebody ought to make the minister disappear for good.", "Go to their street tonight and make them pay."],
    "threat": ["I know where your kids go to school.", "Keep writing and see what happens to your family.",
               "Nice house you have. Shame if something happened to it.", "You won't be so brave when I find you.",
               "Watch your back on the way home tonight.", "Your days of writing lies are numbered, I promise."],
}


def test_clear_cases_are_held_and_named(scorer: Scorer) -> None:
    for label, texts in CLEAR.items():
        scores = scorer.score(texts)
        assert all(_decision(scorer, row) != "publish" for row in scores), (label, [round(r[label], 3) for r in scores])
        hits = [row[label] >= scorer.thresholds[label]["review"] for row in scores]
        assert sum(hits) >= 2 * len(hits) / 3, f"{label}: {[round(r[label], 3) for r in scores]}"


def test_clear_calls_for_violence_score_high(scorer: Scorer) -> None:
    # Perspective-like probabilities: most raters would call these incitement.
    scores = [row["incitement"] for row in scorer.score(CLEAR["incitement"])]
    assert sum(score >= 0.8 for score in scores) >= len(scores) - 1, [round(s, 3) for s in scores]


@pytest.mark.parametrize("label", sorted(VEILED))
def test_veiled_calls_and_threats_are_held(scorer: Scorer, label: str) -> None:
    scores = scorer.score(VEILED[label])
    held = [_decision(scorer, row) != "publish" for row in scores]
    assert sum(held) >= len(held) - 1, [(t, round(r[label], 3)) for t, r in zip(VEILED[label], scores)]


def test_benign_comments_are_not_rejected(scorer: Scorer) -> None:
    decisions = [_decision(scorer, row) for row in scorer.score(BENIGN)]
    assert "reject" not in decisions, list(zip(BENIGN, decisions))
    assert decisions.count("publish") >= len(BENIGN) - 2, list(zip(BENIGN, decisions))


def test_naming_a_group_kindly_is_published(scorer: Scorer) -> None:
    # No identity term is blinded any more: the model must tell naming a group from attacking it.
    warm = ["My {} neighbours invited us for dinner.", "I am proud to be {}.", "{} families have lived here for generations."]
    groups = ("Jewish", "Black", "deaf", "Sikh", "bisexual")
    texts = [template.format(who) for template in warm for who in groups]
    decisions = [_decision(scorer, row) for row in scorer.score(texts)]
    assert decisions.count("publish") >= len(texts) - 2, [t for t, d in zip(texts, decisions) if d != "publish"]


def test_calibration_is_monotone(scorer: Scorer) -> None:
    model = scorer.model
    assert (model.calibration[:, 0] > 0).all()
    assert (model.combined_calibration[:, 0] >= 0).all() and (model.combined_calibration[:, 2] > 0).all()


def test_rudeness_is_held_not_rejected(scorer: Scorer) -> None:
    rude = ["These politicians are cowards.", "What a stupid, dishonest article. The editor should be ashamed."]
    assert all(_decision(scorer, row) != "reject" for row in scorer.score(rude))
