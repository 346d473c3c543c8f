"""`parley retrain` builds the very pipeline `parley train` does, encoder stage included."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from models.bundle import load_bundle
from models.corpus import Corpus
from models.encoder_stage import Embedder
from models.train import RECIPE, fit_model
from service.learning.registry import ModelRegistry
from service.learning.retrain import RetrainOptions, train_candidate
from tests.encoder_support import tiny_encoder
from tests.unit.conftest import tiny_examples

TEXTS = ["the council meets on tuesday", "someone should shoot the senators now", "you are a stupid idiot",
         "i will kill you tonight", "great reporting on the election results"]


def test_retrain_builds_the_same_pipeline_as_train(tmp_path: Path, redis_client) -> None:
    rows = tiny_examples()
    embedder = Embedder(tiny_encoder(tmp_path), cache_dir=tmp_path / "cache")
    public = Corpus(rows, rows[::3], [], {"fixture": {"rows": len(rows)}})
    trained, thresholds, _ = fit_model(rows, public.validation, use_prior=False, n_jobs=1, embedder=embedder,
                                       features={"word_features": 5000, "char_features": 5000, "min_df": 1})
    registry = ModelRegistry(redis_client, tmp_path / "registry", tmp_path / "none.joblib")
    _, artifact = train_candidate(public, [], registry, RetrainOptions(features="tiny"), lambda m: None,
                                  embedder=embedder)
    retrained, _ = load_bundle(artifact)
    retrained.encoder_heads.encoder = embedder.encoder
    assert retrained.cascade_gate is not None and RECIPE["cascade_recall"] < 1
    np.testing.assert_allclose(retrained.predict_proba(TEXTS), trained.predict_proba(TEXTS, embed=embedder))
    assert thresholds == load_bundle(artifact)[1]["thresholds"]
