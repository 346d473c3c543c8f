"""Score texts through the score cache: the one path every endpoint uses to ask the model."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence

import redis
from flask import Flask, current_app

from service.config import StartupError
from service.scoring.score_cache import ScoreCache, text_digest
from models.scorer import Scorer
from models.text_normalization import normalize_many


@dataclass(frozen=True)
class Analysis:
    """One text's scores, and whether they came from the cache."""

    scores: dict[str, float]
    cached: bool
    model_version: str = ""
    digest: str = ""


class Analyzer:
    """Look texts up in the cache by normalized hash, score only the misses, store them.

    The scorer and its version's cache are one pair, swapped in one assignment by `use`
    (after a promotion), so a batch is always scored and cached by the same model.
    """

    def __init__(self, scorer: Scorer, cache: ScoreCache,
                 on_analyzed: Callable[[list[Analysis]], None] | None = None):
        self._pair = (scorer, cache)
        self.on_analyzed = on_analyzed

    @property
    def scorer(self) -> Scorer:
        return self._pair[0]

    @property
    def cache(self) -> ScoreCache:
        return self._pair[1]

    @property
    def model_version(self) -> str:
        return self._pair[0].version

    def use(self, scorer: Scorer) -> None:
        """Serve `scorer` from now on, with a cache keyed by its version."""
        old = self._pair[1]
        cache = ScoreCache(old.client, scorer.version, old.ttl_seconds)
        cache.on_error = old.on_error
        self._pair = (scorer, cache)

    def analyze(self, texts: Sequence[str], *, store: bool = True) -> list[Analysis]:
        """Scores for each text, in order; one cache read and one write for the whole batch.

        With store=False the fresh scores are not cached yet: the caller adds them to its own
        transaction with `remember`.
        """
        scorer, cache = self._pair
        digests = [text_digest(text) for text in normalize_many(texts)]
        hits = cache.get_many(digests)
        misses = [i for i, hit in enumerate(hits) if hit is None]
        fresh = scorer.score([texts[i] for i in misses]) if misses else []
        if store:
            cache.put_many({digests[i]: scores for i, scores in zip(misses, fresh)})
        results: list[Analysis | None] = [None] * len(texts)
        for i, scores in zip(misses, fresh):
            results[i] = Analysis(scores, cached=False, model_version=scorer.version,
                                  digest=digests[i])
        for i, hit in enumerate(hits):
            if hit is not None:
                results[i] = Analysis(hit, cached=True, model_version=scorer.version)
        if self.on_analyzed is not None:
            self.on_analyzed(results)  # type: ignore[arg-type]
        return results  # type: ignore[return-value]


    def remember(self, pipe: redis.client.Pipeline, analyses: Sequence[Analysis]) -> None:
        """Cache fresh scores inside the caller's transaction (unless the model changed since)."""
        cache = self.cache
        cache.put_many({a.digest: a.scores for a in analyses
                        if not a.cached and a.model_version == cache.model_version}, pipe=pipe)


def load_scorer(path: Path) -> Scorer:
    """Load the bundle at the configured path; any failure (a sha256 mismatch above all) stops start-up."""
    try:
        return Scorer.load(path)
    except Exception as exc:
        raise StartupError(f"refusing to start: cannot load the model bundle {path}: {exc}") from exc


def init_app(app: Flask, scorer: Scorer | None = None) -> None:
    """Load the model once per process (before gunicorn forks) and attach the analyzer."""
    settings = app.config["PARLEY"]
    scorer = scorer or load_scorer(settings.model_path)
    cache = ScoreCache(app.extensions["redis"], scorer.version, settings.score_cache_ttl_seconds)
    metrics = app.extensions.get("metrics")
    if metrics is not None:
        cache.on_error = lambda exc: metrics.redis_error(exc, "score_cache")
    app.extensions["scorer"] = scorer
    app.extensions["analyzer"] = Analyzer(scorer, cache, metrics.observe_analyses if metrics else None)


def get_analyzer() -> Analyzer:
    """The current app's analyzer."""
    return current_app.extensions["analyzer"]
