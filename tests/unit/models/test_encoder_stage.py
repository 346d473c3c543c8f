"""The encoder stage through the real code path: a tiny random BERT, the cascade, chunks, the recipe."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from models.bundle import LABELS, BundleError, load_bundle, sidecar_path
from models.encoder_stage import CHUNK_CHARS, chunks
from models.scorer import Scorer

TEXTS = ["the council meets on tuesday", "someone should shoot the senators now", "you are a stupid idiot",
         "i will kill you tonight", "great reporting on the election results"]


def test_scorer_attaches_the_encoder_named_by_the_bundle(tiny_scorer: Scorer) -> None:
    heads = tiny_scorer.model.encoder_heads
    assert heads is not None and heads.encoder is not None
    assert tiny_scorer.sidecar["encoder"] == heads.encoder_spec
    assert heads.encoder.sha256 == heads.encoder_spec["sha256"]


def test_only_escalated_comments_reach_the_encoder(tiny_scorer: Scorer) -> None:
    model = tiny_scorer.model
    seen: list[str] = []

    def embed(texts):
        seen.extend(texts)
        return model.encoder_heads.encoder.encode(texts)

    margins, prior = model.raw_scores(TEXTS)
    linear = model.calibrate(margins, prior)
    escalated = model.escalated(linear)
    probabilities = model.predict_proba(TEXTS, embed=embed)
    assert seen == [TEXTS[i] for i in escalated]
    kept = np.setdiff1d(np.arange(len(TEXTS)), escalated)
    np.testing.assert_array_equal(probabilities[kept], linear[kept])
    encoder = model.encoder_heads.margins([TEXTS[i] for i in escalated])
    np.testing.assert_allclose(probabilities[escalated],
                               model.combine(margins[escalated], prior[escalated], encoder))


def test_gate_none_sends_every_comment(tiny_scorer: Scorer) -> None:
    model = tiny_scorer.model
    gate, model.cascade_gate = model.cascade_gate, None
    try:
        assert list(model.escalated(np.zeros((3, len(LABELS))))) == [0, 1, 2]
    finally:
        model.cascade_gate = gate
    assert gate is not None and list(model.escalated(np.zeros((3, len(LABELS))))) == []


def test_probabilities_rise_with_each_stage_margin(tiny_scorer: Scorer) -> None:
    model = tiny_scorer.model
    base = np.zeros((1, len(LABELS)))
    prior = np.zeros((1, 1))
    low = model.combine(base, prior, base)
    for j in range(len(LABELS)):
        if model.combined_calibration[j, 2] > 0:
            up = base.copy()
            up[0, j] = 2.0
            assert model.combine(base, prior, up)[0, j] > low[0, j]


def test_long_comments_score_as_their_worst_chunk(tiny_scorer: Scorer) -> None:
    heads = tiny_scorer.model.encoder_heads
    text = "The weather was lovely at the lake. " * 8 + "I will kill you tonight."
    parts = chunks(text)
    assert len(parts) > 1 and all(len(p) <= CHUNK_CHARS for p in parts) and parts[-1].endswith("tonight.")
    per_chunk = heads.logits(heads.encoder.encode(parts))
    np.testing.assert_allclose(heads.margins([text])[0], per_chunk.max(axis=0), rtol=1e-5)
    assert chunks("short") == ["short"]


def test_sidecar_must_name_the_encoder_the_model_needs(tiny_bundle: Path, tmp_path: Path) -> None:
    import json
    import shutil

    copy = tmp_path / "copy.joblib"
    shutil.copy(tiny_bundle, copy)
    meta = json.loads(sidecar_path(tiny_bundle).read_text())
    meta["encoder"] = {**meta["encoder"], "sha256": "0" * 64}
    sidecar_path(copy).write_text(json.dumps(meta))
    with pytest.raises(BundleError, match="encoder"):
        load_bundle(copy)
