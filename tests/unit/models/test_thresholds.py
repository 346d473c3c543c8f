"""Review and reject points chosen on validation scores."""

from __future__ import annotations

import numpy as np

from models.thresholds import MIN_POSITIVES, REVIEW_RANGE, choose, choose_all


def _scores() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(3)
    truth = np.r_[np.ones(200), np.zeros(2000)]
    scores = np.clip(np.r_[rng.normal(0.6, 0.2, 200), rng.normal(0.25, 0.15, 2000)], 0, 1)
    return scores, truth


def test_recall_weighted_review_sits_lower_and_reject_is_precise() -> None:
    scores, truth = _scores()
    f1, f2 = choose(scores, truth), choose(scores, truth, beta=2.0)
    assert REVIEW_RANGE[0] <= f2["review"] < f1["review"] <= REVIEW_RANGE[1]
    flagged = scores >= f1["reject"]
    assert truth[flagged].mean() >= 0.9
    assert f1["reject"] >= f1["review"] + 0.1


def test_floor_and_thin_labels() -> None:
    scores, truth = _scores()
    assert choose(scores * 0.3, truth, floor=0.5)["review"] == 0.5
    few = np.r_[np.ones(MIN_POSITIVES - 1), np.zeros(100)]
    assert choose(np.linspace(1, 0, len(few)), few) == {"review": 0.5, "reject": 0.85}


def test_violence_labels_weigh_recall() -> None:
    scores, truth = _scores()
    both = np.column_stack([scores, scores])
    chosen = choose_all(both, np.column_stack([truth, truth]), np.ones_like(both, dtype=bool),
                        ["identity_attack", "incitement"])
    assert chosen["incitement"]["review"] < chosen["identity_attack"]["review"]
