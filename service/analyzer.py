"""Score texts through the score cache: the one path every endpoint uses to ask the model."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from flask import Flask, current_app

from .score_cache import ScoreCache, text_digest
from .scoring import Scorer
from .text_normalization import normalize


@dataclass(frozen=True)
class Analysis:
    """One text's scores, and whether they came from the cache."""

    scores: dict[str, float]
    cached: bool


class Analyzer:
    """Look texts up in the cache by normalized hash, score only the misses, store them."""

    def __init__(self, scorer: Scorer, cache: ScoreCache):
        self.scorer = scorer
        self.cache = cache

    @property
    def model_version(self) -> str:
        return self.scorer.version

    def analyze(self, texts: Sequence[str]) -> list[Analysis]:
        """Scores for each text, in order; one cache read and one write for the whole batch."""
        digests = [text_digest(normalize(text)) for text in texts]
        hits = self.cache.get_many(digests)
        misses = [i for i, hit in enumerate(hits) if hit is None]
        fresh = self.scorer.score([texts[i] for i in misses]) if misses else []
        self.cache.put_many({digests[i]: scores for i, scores in zip(misses, fresh)})
        results: list[Analysis | None] = [None] * len(texts)
        for i, scores in zip(misses, fresh):
            results[i] = Analysis(scores, cached=False)
        for i, hit in enumerate(hits):
            if hit is not None:
                results[i] = Analysis(hit, cached=True)
        return results  # type: ignore[return-value]


def init_app(app: Flask, scorer: Scorer | None = None) -> None:
    """Load the model once per process (before gunicorn forks) and attach the analyzer."""
    settings = app.config["PARLEY"]
    scorer = scorer or Scorer.load(settings.model_path)
    cache = ScoreCache(app.extensions["redis"], scorer.version, settings.score_cache_ttl_seconds)
    app.extensions["scorer"] = scorer
    app.extensions["analyzer"] = Analyzer(scorer, cache)


def get_analyzer() -> Analyzer:
    """The current app's analyzer."""
    return current_app.extensions["analyzer"]
