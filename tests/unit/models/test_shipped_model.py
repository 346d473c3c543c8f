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
    if any(scores[label] >= t["reject"] for label, t in scorer.thresholds.items()):
        return "reject"
    if any(scores[label] >= t["review"] for label, t in scorer.thresholds.items()):
        return "review"
    return "publish"


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
    for label in ("incitement", "identity_attack"):
        assert last[label] >= scorer.thresholds[label]["review"], f"{label} too low on comment 5: {last}"


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


# A known weakness of the shipped model, reported in models/MODEL_CARD.md: severe_toxicity has
# few training labels, so wishes of death and self-harm taunts score low on it.
WEAK = {"severe_toxicity"}


@pytest.mark.parametrize("label", [pytest.param(label, marks=pytest.mark.xfail(reason="known weakness", strict=False))
                                   if label in WEAK else label for label in sorted(CLEAR)])
def test_clear_cases_are_held_and_named(scorer: Scorer, label: str) -> None:
    scores = scorer.score(CLEAR[label])
    assert all(_decision(scorer, row) != "publish" for row in scores), [round(r[label], 3) for r in scores]
    hits = [row[label] >= scorer.thresholds[label]["review"] for row in scores]
    assert sum(hits) >= 2 * len(hits) / 3, f"{label}: {[round(r[label], 3) for r in scores]}"


def test_benign_comments_are_not_rejected(scorer: Scorer) -> None:
    decisions = [_decision(scorer, row) for row in scorer.score(BENIGN)]
    assert "reject" not in decisions, list(zip(BENIGN, decisions))
    assert decisions.count("publish") >= len(BENIGN) - 2, list(zip(BENIGN, decisions))


def test_identity_swaps_do_not_move_scores(scorer: Scorer) -> None:
    # The shipped model blinds identity terms (models/identity_terms.py): naming one group or
    # another, in praise or in abuse, scores the same.
    templates = ["I am a proud {} woman.", "{} people are vermin and should be kicked out.",
                 "My {} neighbours invited us for dinner."]
    for template in templates:
        rows = scorer.score([template.format(who) for who in ("gay", "straight", "Muslim", "Christian", "Black")])
        assert all(row == rows[0] for row in rows[1:]), (template, rows)
