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

ENCODER_THREADS_ENV = "PARLEY_ENCODER_THREADS"


def load_encoder(folder: Path, spec: dict[str, Any]) -> Any:
    """Open the sentence encoder a bundle names: beside the bundle, else the shipped artifacts folder.

    Its sha256 must match the bundle's record (an EncoderError, which is a BundleError, if not).
    One intra-op thread by default: under gunicorn every worker is one core's worth of work.
    """
    import os

    from models.sentence_encoder import ARTIFACTS, SentenceEncoder

    home = folder if (folder / spec["file"]).is_file() else ARTIFACTS
    tokenizer = home / spec["tokenizer"] if spec.get("tokenizer") else None
    return SentenceEncoder(home / spec["file"], spec["sha256"], tokenizer_path=tokenizer,
                           max_tokens=int(spec["max_tokens"]), threads=int(os.environ.get(ENCODER_THREADS_ENV, "1")))


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
        heads = getattr(model, "encoder_heads", None)
        if heads is not None:
            heads.encoder = load_encoder(Path(path).parent, heads.encoder_spec)
            heads.encoder.encode(["Warm up the encoder's session before the first comment."])
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
