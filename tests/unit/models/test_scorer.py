"""The Scorer returns well-formed probabilities and spans that point at the right words."""

from __future__ import annotations

import pytest

from models.bundle import LABELS
from models.scorer import Scorer


def test_scores_have_every_label_in_range(tiny_scorer: Scorer) -> None:
    scores = tiny_scorer.score(["thanks for the article", "you are a stupid idiot", ""])
    assert len(scores) == 3
    for row in scores:
        assert tuple(row) == LABELS
        assert all(0.0 <= p <= 1.0 and isinstance(p, float) for p in row.values())


def test_score_one_matches_batch(tiny_scorer: Scorer) -> None:
    text = "i will kill you tonight"
    assert tiny_scorer.score_one(text) == pytest.approx(tiny_scorer.score([text])[0])


def test_scorer_exposes_version_labels_thresholds(tiny_scorer: Scorer) -> None:
    assert tiny_scorer.labels == LABELS
    assert tiny_scorer.version
    assert set(tiny_scorer.thresholds) == set(LABELS)
    assert all(0 < t["review"] <= t["reject"] <= 1 for t in tiny_scorer.thresholds.values())


def test_tiny_model_ranks_toxic_above_clean(tiny_scorer: Scorer) -> None:
    clean, toxic = tiny_scorer.score(["the council meets on tuesday", "you stupid idiot moron"])
    assert toxic["toxicity"] > clean["toxicity"]
    assert toxic["insult"] > clean["insult"]


def test_spans_point_at_the_driving_words(tiny_scorer: Scorer) -> None:
    text = "Thanks for the article, you stupid idiot."
    spans = tiny_scorer.spans(text, ["insult"])["insult"]
    covered = " ".join(text[s["begin"]:s["end"]] for s in spans)
    assert "idiot" in covered or "stupid" in covered
    assert "Thanks" not in covered and "article" not in covered
    assert all(0 <= s["begin"] < s["end"] <= len(text) and s["score"] > 0 for s in spans)


def test_spans_cover_obfuscated_words_in_original_offsets(tiny_scorer: Scorer) -> None:
    text = "the weather is nice but this is f u c k i n g nonsense"
    spans = tiny_scorer.spans(text, ["obscene"])["obscene"]
    assert any("f u c k i n g" in text[s["begin"]:s["end"]] for s in spans)


def test_spans_reject_unknown_labels(tiny_scorer: Scorer) -> None:
    with pytest.raises(ValueError):
        tiny_scorer.spans("hello", ["spam"])
