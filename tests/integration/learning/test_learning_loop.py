"""The learning loop on a synthetic site: decisions -> labels -> retrain -> gate -> promotion.

Models are small (5k+5k features, a few hundred synthetic public rows) so the file stays fast;
the training, evaluation (models/evaluate.py on synthetic evaluation files), gate, registry and
queue code are the real ones, on the session's real Redis.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
import redis

from models.bundle import LABELS
from service.learning.retrain import NotEnoughLabels, RetrainOptions, retrain
from models.train import train_bundle
from service.scoring.analyzer import Analyzer
from service.comments.intake import Intake
from service.learning.label_store import LabelStore
from service.learning.registry import ModelRegistry, RegistryError
from service.scoring.policy import ThresholdTable
from service.review.queue import ReviewQueue
from service.scoring.score_cache import ScoreCache
from models.scorer import Scorer
from models.text_normalization import normalize
from tests.learning_support import (CODED, INSULT_WORDS, SUBJECTS, World, clean_text, coded_insult,
                                    world)  # noqa: F401  (world is a fixture)

SITE = "gazette"


@pytest.fixture
def registry(redis_client: redis.Redis, world: World, tmp_path: Path) -> ModelRegistry:
    return ModelRegistry(redis_client, tmp_path / "models", world.base)


def moderate(client: redis.Redis, scorer: Scorer, texts: list[str], decide) -> int:
    """Submit `texts` to a premoderated site and let a moderator decide each; return decisions."""
    premoderated = {label: {"review": 0.0, "reject": 1.0} for label in LABELS}
    table = ThresholdTable(scorer.thresholds, {"sites": {SITE: premoderated}})
    queue = ReviewQueue(client)
    intake = Intake(client, Analyzer(scorer, ScoreCache(client, scorer.version, 0)), table, queue=queue)
    for n, text in enumerate(texts):
        assert intake.submit(f"c{n}", text, site=SITE).comment.decision == "review"
    decided = 0
    while (item := queue.claim_next("moderator-1", site=SITE)) is not None:
        verdict, reason = decide(item.comment.text)
        queue.decide(item.comment.id, "moderator-1", verdict, reason)
        decided += 1
    return decided


def coded_site(rng: random.Random, n: int) -> list[str]:
    return [coded_insult(rng) if i % 2 else clean_text(rng) for i in range(n)]


def reject_coded(text: str) -> tuple[str, str]:
    return ("reject", "abusive") if CODED in text else ("approve", "")


def test_site_learns_a_coded_insult_without_public_regression(redis_client, world, registry):
    base = Scorer.load(world.base)
    assert moderate(redis_client, base, coded_site(random.Random(5), 160), reject_coded) == 160
    seen = {normalize(e["text"]) for e in LabelStore(redis_client).iter(SITE)}
    fresh = [t for t in {coded_insult(random.Random(1000 + i)) for i in range(60)} if normalize(t) not in seen]
    insult_review = base.thresholds["insult"]["review"]
    missed = [base.score_one(t)["insult"] < insult_review for t in fresh]
    assert sum(missed) / len(missed) > 0.9  # the base model misses the coded insult

    result = retrain(LabelStore(redis_client).iter(SITE), world.public, registry, base,
                     RetrainOptions(site=SITE, features="tiny"), eval_root=world.eval_root)

    assert result.verdict.accepted and result.promoted, result.verdict.reasons
    assert registry.promoted() == result.version == registry.current_version()
    promoted = Scorer.load(registry.verify(result.version))
    caught = [promoted.score_one(t)["insult"] >= promoted.thresholds["insult"]["review"] for t in fresh]
    assert sum(caught) / len(caught) >= 0.9
    sets = {row["set"] for row in result.verdict.comparisons}
    assert {"wikipedia", "wikipedia_fuzzed", "gab_test", "olid_test", "hatecheck", "sfu", "madlibs",
            "fox_news (held-out threads)", "latent_hatred (held-out 20%)"} <= sets
    assert all(row["ok"] for row in result.verdict.comparisons)
    folder = registry.version_dir(result.version)
    report = result.report_path.read_text()
    assert "Gate: ACCEPTED" in report and "Site held-out labels" in report
    assert (folder / "public_changes.png").stat().st_size > 1000 and (folder / "site_roc.png").is_file()
    assert registry.status(result.version)["status"] == "accepted"


def test_candidate_worse_on_a_public_set_is_not_promoted(redis_client, world, registry):
    base = Scorer.load(world.base)
    rng = random.Random(7)
    # A site that lets insults through: its approvals teach the model that insults are fine,
    # and (turned up far past the default cap) that costs the public insult-heavy sets.
    texts = [f"you are a {rng.choice(INSULT_WORDS)}, {rng.choice(SUBJECTS)} is {w}"
             for w in ("late", "sensible", "overdue", "expensive") for _ in range(40)]
    moderate(redis_client, base, texts, lambda text: ("approve", ""))

    result = retrain(LabelStore(redis_client).iter(SITE), world.public, registry, base,
                     RetrainOptions(site=SITE, features="tiny", site_weight=40.0, site_share_cap=10.0),
                     eval_root=world.eval_root)

    assert not result.verdict.accepted and not result.promoted
    assert registry.promoted() is None and registry.current_version() == base.version
    assert any(not row["ok"] for row in result.verdict.comparisons)
    assert all("site's held-out" not in reason for reason in result.verdict.reasons)  # the site did gain
    assert registry.status(result.version)["status"] == "rejected"
    assert "Gate: REJECTED" in result.report_path.read_text()
    with pytest.raises(RegistryError, match="rejected"):
        registry.promote(result.version)


def test_too_few_site_labels_stop_before_training(redis_client, world, registry):
    base = Scorer.load(world.base)
    moderate(redis_client, base, coded_site(random.Random(3), 8), reject_coded)
    with pytest.raises(NotEnoughLabels, match="held-out site labels"):
        retrain(LabelStore(redis_client).iter(SITE), world.public, registry, base,
                RetrainOptions(site=SITE, features="tiny"), eval_root=None)
    assert registry.versions()[1:] == []  # no candidate was written


def test_promote_rollback_and_tamper_refusal(redis_client, world, registry, tmp_path):
    base_version = registry.default_version()
    a = registry.version_dir("cand-a") / "parley-model.joblib"
    train_bundle(world.public.train[:300], a)
    sidecar = json.loads(a.with_suffix(".json").read_text())
    sidecar["model_version"] = "cand-a"
    a.with_suffix(".json").write_text(json.dumps(sidecar))
    assert registry.promote("cand-a") is None
    assert registry.current_version() == "cand-a"
    assert [e.version for e in registry.versions() if e.promoted] == ["cand-a"]
    assert registry.rollback() == base_version and registry.promoted() is None
    with pytest.raises(RegistryError, match="nothing to roll back"):
        registry.rollback()
    with open(a, "ab") as handle:
        handle.write(b"tampered")
    with pytest.raises(RegistryError, match="sha256"):
        registry.promote("cand-a")
    assert registry.promoted() is None
    with pytest.raises(RegistryError, match="version name"):
        registry.promote("../escape")
