"""Switch a running worker to the promoted model (and applied site thresholds) between requests.

Before a request, at most once per PARLEY_MODEL_CHECK_SECONDS, a worker reads the promoted
version and the per-site threshold overrides in one Redis round trip. A new version is loaded
(sha256 checked) on a background thread while the old model keeps serving; the next request
boundary swaps the analyzer's scorer+cache pair, the model's default thresholds and the app's
scorer, so no request is dropped or scored half by one model and half by another. A freshly
forked worker that finds itself behind loads before its first request instead, so it never
serves an older model than its siblings. Redis being down only delays the check.
"""

from __future__ import annotations

import gc
import logging
import threading
import time
from collections.abc import Callable

import redis
from flask import Flask

from service.scoring.analyzer import Analyzer, load_scorer
from service.learning.registry import ModelRegistry, RegistryError
from service.scoring.policy import ThresholdTable
from models.scorer import BundleError, Scorer
from service.scoring.site_thresholds import OVERRIDES, SiteThresholds

log = logging.getLogger(__name__)
RETRY_FAILED_SECONDS = 30.0


class ModelWatcher:
    """Poll the registry's promoted key; load new versions off the request path; swap at boundaries."""

    def __init__(self, registry: ModelRegistry, analyzer: Analyzer, thresholds: ThresholdTable, *,
                 default: Callable[[], Scorer], default_version: str, check_seconds: float = 1.0,
                 on_swap: Callable[[Scorer], None] = lambda scorer: None,
                 clock: Callable[[], float] = time.monotonic):
        self.registry = registry
        self.analyzer = analyzer
        self.thresholds = thresholds
        self.default = default
        self.default_version = default_version
        self.check_seconds = check_seconds
        self.on_swap = on_swap
        self.clock = clock
        self._next_check = 0.0
        self._lock = threading.Lock()
        self._loading: str | None = None
        self._ready: Scorer | None = None
        self._failed: dict[str, float] = {}
        self._site_raw: dict[str, str] = {}  # nothing applied yet: no rebuild for an empty hash
        self._checked_once = False
        self._target = default_version

    def before_request(self) -> None:
        """Swap in a loaded model, then check Redis if the interval has passed."""
        self._swap_ready()
        if self.check_seconds <= 0 or self.clock() < self._next_check:
            return
        self._next_check = self.clock() + self.check_seconds
        try:
            with self.registry.client.pipeline(transaction=False) as pipe:
                pipe.get(self.registry.promoted_key)
                pipe.hgetall(OVERRIDES)
                promoted, site_raw = pipe.execute()
        except redis.RedisError as exc:
            log.warning("model check skipped: %s", type(exc).__name__)
            return
        self._use_site_thresholds(site_raw)
        target = self._target = promoted or self.default_version
        first, self._checked_once = not self._checked_once, True
        if target != self.analyzer.model_version:
            self._start(target, wait=first)

    def _use_site_thresholds(self, raw: dict[str, str]) -> None:
        if raw == self._site_raw:
            return
        skipped = self.thresholds.use_site_overrides(SiteThresholds.parse(raw))
        if skipped:
            log.error("ignoring invalid threshold overrides for sites: %s", ", ".join(skipped))
        self._site_raw = raw

    def _start(self, version: str, *, wait: bool) -> None:
        with self._lock:
            if self._loading or (self._ready is not None and self._ready.version == version):
                return
            if self.clock() < self._failed.get(version, 0.0):
                return
            self._loading = version
        if wait:
            self._load(version)
            self._swap_ready()
        else:
            threading.Thread(target=self._load, args=(version,), name="parley-model-load", daemon=True).start()

    def _load(self, version: str) -> None:
        try:
            scorer = self.default() if version == self.default_version else Scorer.load(self.registry.verify(version))
            if scorer.version != version:
                raise RegistryError(f"artifact for {version!r} holds {scorer.version!r}")
        except Exception as exc:  # any failure (a bad pickle included) must leave the old model serving
            log.error("cannot load model %s (still serving %s): %s", version, self.analyzer.model_version, exc)
            with self._lock:
                self._failed[version] = self.clock() + RETRY_FAILED_SECONDS
                self._loading = None
            return
        # As gunicorn_conf.when_ready does for the model loaded at boot: drop the load's garbage
        # and keep the new model's objects out of every later full collection (~60 ms each).
        gc.collect()
        gc.freeze()
        with self._lock:
            self._ready, self._loading = scorer, None

    def _swap_ready(self) -> None:
        if self._ready is None:
            return
        with self._lock:
            scorer, self._ready = self._ready, None
        if scorer is None or scorer.version == self.analyzer.model_version or scorer.version != self._target:
            return  # already served, or superseded (say, rolled back) while it loaded
        previous = self.analyzer.model_version
        self.thresholds.use_model(scorer.thresholds)
        self.analyzer.use(scorer)
        self.on_swap(scorer)
        log.info("now serving model %s (was %s)", scorer.version, previous)


def registry_for(app: Flask) -> ModelRegistry:
    """The registry this app's settings name (var/models, MODEL_PATH, PARLEY_DEPLOYMENT)."""
    settings = app.config["PARLEY"]
    return ModelRegistry(app.extensions["redis"], settings.models_dir, settings.model_path, settings.deployment)


def boot_scorer(app: Flask) -> Scorer:
    """Load the promoted version if Redis names one (and it verifies), else MODEL_PATH."""
    settings = app.config["PARLEY"]
    registry = registry_for(app)
    try:
        promoted = registry.promoted()
        if promoted and promoted != registry.default_version():
            return Scorer.load(registry.verify(promoted))
    except redis.RedisError as exc:
        log.warning("cannot read the promoted model version at start-up: %s", type(exc).__name__)
    except (RegistryError, BundleError) as exc:
        log.error("promoted model unusable, starting with %s: %s", settings.model_path, exc)
    return load_scorer(settings.model_path)


def init_app(app: Flask, injected: Scorer | None = None) -> None:
    """Attach the watcher to run before every request (a scorer given by a test is the default)."""
    settings = app.config["PARLEY"]
    registry = registry_for(app)
    if injected is not None:
        default, default_version = (lambda: injected), injected.version
    else:
        default_version = registry.default_version()
        default = lambda: Scorer.load(settings.model_path)  # noqa: E731

    def on_swap(scorer: Scorer) -> None:
        app.extensions["scorer"] = scorer

    watcher = ModelWatcher(registry, app.extensions["analyzer"], app.extensions["thresholds"],
                           default=default, default_version=default_version,
                           check_seconds=settings.model_check_seconds, on_swap=on_swap)
    app.extensions["model_watcher"] = watcher
    app.before_request(watcher.before_request)
