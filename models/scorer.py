"""Score comments with the shipped model bundle: label probabilities and the spans behind them.

The service makes one `Scorer` per process (before gunicorn forks) with `Scorer.load`; nothing
here touches Flask or Redis, and nothing is loaded at import time.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from models.bundle import BundleError, load_bundle
from models.spans import find_spans


class Scorer:
    """Turn texts into calibrated probabilities for every label of one model version."""

    def __init__(self, model: Any, sidecar: dict[str, Any]) -> None:
        self.model = model
        self.sidecar = sidecar
        self.version: str = sidecar["model_version"]
        self.labels: tuple[str, ...] = tuple(sidecar["labels"])
        self.thresholds: dict[str, dict[str, float]] = {
            label: {"review": float(t["review"]), "reject": float(t["reject"])}
            for label, t in sidecar["thresholds"].items()
        }

    @classmethod
    def load(cls, path: str | Path) -> "Scorer":
        """Load the bundle at `path` after checking its sha256 (raises BundleError).

        One comment is scored at once, so the lookup tables the featurizer builds lazily exist
        before gunicorn forks and the first request does not pay for them.
        """
        model, sidecar = load_bundle(path)
        scorer = cls(model, sidecar)
        scorer.score_one("Warm up the tables, don't wait for the first comment.")
        return scorer

    def score(self, texts: Sequence[str]) -> list[dict[str, float]]:
        """Return one {label: probability} mapping per text, in order."""
        if isinstance(texts, str):
            raise TypeError("score() takes a sequence of texts; use score_one() for a single text")
        probabilities = self.model.predict_proba(list(texts))
        return [dict(zip(self.labels, row)) for row in probabilities.tolist()]

    def score_one(self, text: str) -> dict[str, float]:
        """Return {label: probability} for a single text."""
        return self.score([text])[0]

    def spans(self, text: str, labels: Iterable[str]) -> dict[str, list[dict[str, Any]]]:
        """Return, per label, [{"begin", "end", "score"}] offsets into `text` that drove the score."""
        wanted = list(labels)
        unknown = [label for label in wanted if label not in self.labels]
        if unknown:
            raise ValueError(f"unknown labels: {', '.join(unknown)}")
        found = find_spans(self.model, text, [self.labels.index(label) for label in wanted])
        return dict(zip(wanted, found))


__all__ = ["BundleError", "Scorer"]
