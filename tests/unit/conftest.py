"""Session fixtures: a tiny model trained through the real training code, in a temp folder."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from models.bundle import LABELS
from models.datasets import Example
from models.encoder_stage import Embedder
from models.train import train_bundle
from models.scorer import Scorer
from tests.encoder_support import tiny_encoder

CLEAN = ["the council meets on tuesday to discuss the budget", "thanks for the thoughtful article",
         "i disagree with the minister about taxes", "the weather was lovely at the lake",
         "great reporting on the election results", "my neighbours planted a garden this spring"]
TOXIC = {
    "obscene": ["this is fucking nonsense", "what a load of shit", "fuck this fucking shit"],
    "insult": ["you are a stupid idiot", "what a moron you are", "shut up you pathetic fool"],
    "identity_attack": ["all immigrants are vermin", "those muslims are subhuman filth", "jews are parasites"],
    "threat": ["i will kill you tonight", "i am going to hurt you badly", "i will find you and beat you"],
    "incitement": ["someone should shoot the senators", "go burn their houses down", "hang the traitors now"],
}


def tiny_examples() -> list[Example]:
    """Return a few dozen labelled examples covering every label."""
    rows = [Example(f"{text} {suffix}", dict.fromkeys(LABELS, 0.0), "test")
            for text, suffix in itertools.product(CLEAN, ("", "today", "again"))]
    for label, texts in TOXIC.items():
        for text, suffix in itertools.product(texts, ("", "now", "really")):
            labels = dict.fromkeys(LABELS, 0.0)
            labels.update({"toxicity": 1.0, label: 1.0, "severe_toxicity": float(label in ("threat", "incitement"))})
            rows.append(Example(f"{text} {suffix}", labels, "test"))
    return rows


@pytest.fixture(scope="session")
def tiny_bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Train and save a tiny bundle, encoder stage included (a tiny random BERT beside it)."""
    folder = tmp_path_factory.mktemp("bundle")
    embedder = Embedder(tiny_encoder(folder), cache_dir=folder / "embeddings")
    train_bundle(tiny_examples(), folder / "tiny.joblib", embedder=embedder)
    return folder / "tiny.joblib"


@pytest.fixture(scope="session")
def tiny_scorer(tiny_bundle: Path) -> Scorer:
    """A Scorer loaded from the tiny bundle."""
    return Scorer.load(tiny_bundle)
