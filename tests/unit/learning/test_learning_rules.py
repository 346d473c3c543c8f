"""The learning loop's pure rules: what a label teaches, weights, the gate, advice, live thresholds."""

from __future__ import annotations

import math

import numpy as np
import pytest

from models.datasets import Example
from service.learning.promotion_gate import compare_public, judge
from service.learning.site_data import SITE_WEIGHT, cap_site_weight, entry_labels, is_heldout, latest_entries, site_examples
from service.learning.label_io import LabelFileError, parse_row
from service.scoring.policy import ThresholdTable
from service.learning.threshold_advice import advise_label

REVIEW = {"toxicity": 0.5, "insult": 0.5, "threat": 0.5}


def decision(decision: str, reason: str = "", *, comment_id: str = "c1", version: int = 1, **scores: float) -> dict:
    return {"source": "moderator", "decision": decision, "reason": reason, "comment_id": comment_id,
            "version": version, "text": f"text of {comment_id}", "scores": scores,
            "labels": {"toxicity": 0.0} if decision == "approve" else {}}


def test_rejection_teaches_the_reason_labels_from_the_queue_mapping():
    assert entry_labels(decision("reject", "abusive"), REVIEW) == {"toxicity": 1.0, "insult": 1.0}
    assert entry_labels(decision("reject", "threat"), REVIEW) == {"toxicity": 1.0, "threat": 1.0}
    assert entry_labels(decision("reject", "spam"), REVIEW) == {}


def test_approval_is_negative_only_for_what_the_model_flagged():
    assert entry_labels(decision("approve", insult=0.8, toxicity=0.3), REVIEW) == {"insult": 0.0}
    assert entry_labels(decision("approve", insult=0.1), REVIEW) == {"toxicity": 0.0}  # nothing flagged: stored labels
    assert entry_labels({**decision("approve", insult=0.8), "reasons": ["threat"]}, REVIEW) == {"threat": 0.0}


def test_only_the_last_decision_per_comment_version_counts_and_undo_retracts():
    entries = [decision("reject", "abusive"), {**decision("undone"), "labels": {}},
               decision("approve", comment_id="c2"), decision("reject", "threat", comment_id="c2"),
               decision("approve", comment_id="c3", version=1), decision("reject", "hate_speech", comment_id="c3", version=2)]
    kept = latest_entries(entries)
    assert [(e["comment_id"], e["decision"]) for e in kept] == [("c2", "reject"), ("c3", "approve"), ("c3", "reject")]


def test_site_examples_split_stably_weigh_by_source_and_drop_eval_texts():
    entries = [{"source": "import", "text": f"imported {i}", "labels": {"insult": 1}} for i in range(200)]
    entries += [{"source": "suggestscore", "text": "client said so", "labels": {"toxicity": 0.4}},
                {"source": "import", "text": "a HateCheck case", "labels": {"toxicity": 1}}]
    data = site_examples(entries, REVIEW, banned={"a hatecheck case"})
    assert data.skipped["in_eval_set"] == 1
    assert 20 < len(data.heldout) < 60 and len(data.train) + len(data.heldout) == 201
    assert all(is_heldout(e.text) for e in data.heldout) and not any(is_heldout(e.text) for e in data.train)
    weights = {e.source: e.weight for e in data.train + data.heldout}
    assert weights == {"site:import": SITE_WEIGHT, "site:suggestscore": SITE_WEIGHT * 0.5}


def test_site_weight_is_capped_against_the_public_weight():
    public = [Example(f"p{i}", {"toxicity": 0.0}, "public") for i in range(100)]
    site = [Example(f"s{i}", {"toxicity": 1.0}, "site:import", weight=4.0) for i in range(50)]
    capped = cap_site_weight(site, public, share_cap=0.25)
    assert math.isclose(sum(e.weight for e in capped), 25.0)
    assert cap_site_weight(site[:5], public, share_cap=0.25) == site[:5]


def result(log_loss: float, wiki: float, flags: float, rows: int = 50, agreement: float = 0.9) -> dict:
    return {"site": {"rows": rows, "log_loss": log_loss, "agreement": agreement},
            "table": [{"set": "wikipedia", "metric": "toxicity AUC", "rows": 10, "parley": wiki},
                      {"set": "sfu", "metric": "false-flag rate on non-toxic (lower is better)", "rows": 9, "parley": flags},
                      {"set": "x", "metric": "toxicity AUC", "rows": 3, "parley": float("nan")}]}


def test_gate_needs_a_site_gain_and_no_public_loss_beyond_tolerance():
    assert judge(result(0.5, 0.970, 0.10), result(0.4, 0.966, 0.105)).accepted  # within tolerance
    worse_public = judge(result(0.5, 0.970, 0.10), result(0.4, 0.960, 0.10))
    assert not worse_public.accepted and "wikipedia" in worse_public.reasons[0]
    more_flags = judge(result(0.5, 0.970, 0.10), result(0.4, 0.970, 0.12))
    assert not more_flags.accepted and "false-flag" in more_flags.reasons[0]
    no_gain = judge(result(0.5, 0.970, 0.10), result(0.5, 0.980, 0.05))
    assert not no_gain.accepted and "no gain" in no_gain.reasons[0]
    flooding = judge(result(0.5, 0.970, 0.10), result(0.2, 0.970, 0.10, agreement=0.6))
    assert not flooding.accepted and "agree less" in flooding.reasons[0]
    thin = judge(result(0.5, 0.97, 0.1, rows=3), result(0.1, 0.99, 0.0, rows=3))
    assert not thin.accepted and "held-out site labels" in thin.reasons[0]
    rows = compare_public(result(0, 0.9, 0)["table"], result(0, 0.8, 0)["table"])
    assert [r["ok"] for r in rows] == [False, True, True]  # NaN rows are not judged


def test_advice_reaches_target_precision_and_recall():
    rng = np.random.default_rng(0)
    truth = np.r_[np.ones(100, bool), np.zeros(300, bool)]
    scores = np.r_[rng.uniform(0.3, 1.0, 100), rng.uniform(0.0, 0.6, 300)]
    row = advise_label(scores, truth, {"review": 0.5, "reject": 0.9}, 0.95, 0.9)
    assert row["status"] == "ok"
    assert row["measured"]["suggested"]["reject_precision"] >= 0.95
    assert row["measured"]["suggested"]["review_recall"] >= 0.9
    assert row["suggested"]["review"] <= row["suggested"]["reject"]
    tiny = advise_label(scores / 100, truth, {"review": 0.5, "reject": 0.9}, 0.95, 0.9)
    assert tiny["clamped"] and tiny["suggested"] == {"review": 0.05, "reject": 0.5}  # a biased sample's 0.01 is not trusted
    thin = advise_label(scores[:5], truth[:5], {"review": 0.5, "reject": 0.9}, 0.95, 0.9)
    assert thin["status"] == "not_enough_labels" and thin["suggested"] == {"review": 0.5, "reject": 0.9}


def test_threshold_table_takes_live_site_overrides_and_new_model_defaults():
    model = {"toxicity": {"review": 0.5, "reject": 0.9}, "insult": {"review": 0.4, "reject": 0.8}}
    table = ThresholdTable(model, {"sites": {"a": {"toxicity": {"review": 0.3}}}})
    skipped = table.use_site_overrides({"a": {"insult": {"reject": 0.7}}, "b": {"toxicity": {"review": 0.95, "reject": 0.2}},
                                        "c": {"nonsense": {"review": 0.1}}})
    assert sorted(skipped) == ["b", "c"]
    # Rudeness never rejects by default; the live override opts insult (only) in for site a.
    assert table.for_site("a") == {"toxicity": {"review": 0.3, "reject": None}, "insult": {"review": 0.4, "reject": 0.7}}
    assert table.for_site("b") == table.for_site(None)
    table.use_model({"toxicity": {"review": 0.6, "reject": 0.95}, "insult": {"review": 0.45, "reject": 0.85}})
    assert table.for_site("a")["insult"] == {"review": 0.45, "reject": 0.7}
    assert table.for_site(None)["toxicity"] == {"review": 0.6, "reject": None}


@pytest.mark.parametrize("row, message", [({"text": ""}, "text"), ({"text": "x"}, "no label"),
                                           ({"text": "x", "insult": "yes"}, "number"), ({"text": "x", "threat": 2}, "0 to 1")])
def test_label_rows_are_checked(row, message):
    with pytest.raises(LabelFileError, match=message):
        parse_row(row, "f:1")


def test_learning_settings_come_from_the_environment():
    from service.config import ConfigError, Settings

    settings = Settings.from_env({"PARLEY_VAR_DIR": "/srv/var", "PARLEY_DEPLOYMENT": "eu",
                                  "PARLEY_MODEL_CHECK_SECONDS": "2.5"})
    assert (str(settings.models_dir), settings.deployment, settings.model_check_seconds) == ("/srv/var/models", "eu", 2.5)
    assert str(Settings.from_env({"PARLEY_MODELS_DIR": "/m"}).models_dir) == "/m"
    with pytest.raises(ConfigError):
        Settings.from_env({"PARLEY_MODEL_CHECK_SECONDS": "-1"})


def test_candidates_are_judged_under_the_overrides_that_outlive_a_promotion():
    from types import SimpleNamespace

    from service.learning.retrain import effective_thresholds

    model = SimpleNamespace(thresholds={"toxicity": {"review": 0.5, "reject": 0.9}})
    overrides = {"env": {"default": {"toxicity": {"reject": 0.95}}},
                 "applied": {"herald": {"toxicity": {"review": 0.2}}}}
    assert effective_thresholds(model, overrides, "herald") == {"toxicity": {"review": 0.2, "reject": 0.95}}
    assert effective_thresholds(model, overrides, "other") == {"toxicity": {"review": 0.5, "reject": 0.95}}
    assert effective_thresholds(model, None, "herald") == {"toxicity": {"review": 0.5, "reject": None}}
