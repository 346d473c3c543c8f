"""Prometheus metrics: request, decision, score and cache figures, summed over gunicorn workers.

Under gunicorn, service/gunicorn_conf.py sets PROMETHEUS_MULTIPROC_DIR before anything imports
prometheus_client, so every worker writes its counters to files there and a scrape of any
worker adds them all up. Queue depth, oldest age and the model version are read at scrape
time (from Redis and the loaded scorer), so they are right whichever worker answers.
"""

from __future__ import annotations

import bisect
import logging
import os
import time
from typing import Any, Iterable, Sequence

from flask import Flask, Response, g, request
from prometheus_client import CollectorRegistry, Counter, Histogram
from prometheus_client.core import (CounterMetricFamily, GaugeMetricFamily, HistogramMetricFamily,
                                   InfoMetricFamily)


log = logging.getLogger(__name__)

_LATENCY_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0)
_SCORE_BUCKETS = tuple(round(0.1 * i, 1) for i in range(1, 11))


def observe_many(histogram: Any, values: Sequence[float]) -> None:
    """Observe many values at once: one increment per bucket, not one per value.

    prometheus_client has no bulk observe, and under multiprocess mode every increment is a
    locked write to a memory-mapped file: a batch of 256 comments spent 15% of its time here.
    This adds to the same bucket and sum values `Histogram.observe` does (prometheus_client is
    pinned; the metrics tests read the result back through a scrape).
    """
    bounds = histogram._upper_bounds
    counts = [0] * len(bounds)
    for value in values:
        counts[bisect.bisect_left(bounds, value)] += 1  # the first bound >= value, as observe() picks
    histogram._sum.inc(sum(values))
    for bucket, count in zip(histogram._buckets, counts):
        if count:
            bucket.inc(count)


class Metrics:
    """Every metric Parley records, on one registry per app (so tests can build many apps)."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        r = self.registry
        self.requests = Counter("parley_http_requests", "HTTP requests answered.",
                                ["method", "route", "status"], registry=r)
        self.latency = Histogram("parley_http_request_duration_seconds", "Time to answer a request.",
                                 ["method", "route", "status"], buckets=_LATENCY_BUCKETS, registry=r)
        self.auto_decisions = Counter("parley_auto_decisions", "Parley's own decisions on submitted comments.",
                                      ["decision"], registry=r)
        self.decision_reasons = Counter("parley_decision_reasons", "Labels over threshold, per decision.",
                                        ["label", "decision"], registry=r)
        self.scores = Histogram("parley_label_score", "Scores the model gave, per label.",
                                ["label"], buckets=_SCORE_BUCKETS, registry=r)
        self.cache = Counter("parley_score_cache_lookups", "Score cache lookups.", ["result"], registry=r)
        self.redis_errors = Counter("parley_redis_errors", "Redis calls that failed.", ["where"], registry=r)
        self._score_children: dict[str, Any] = {}

    def observe_analyses(self, analyses: Iterable[Any]) -> None:
        """Count cache hits and misses and record fresh scores per label."""
        hits = 0
        fresh: dict[str, list[float]] = {}
        for analysis in analyses:
            if analysis.cached:
                hits += 1
                continue
            for label, score in analysis.scores.items():
                fresh.setdefault(label, []).append(score)
        misses = max(map(len, fresh.values()), default=0)
        for label, scores in fresh.items():
            observe_many(self._score_child(label), scores)
        if hits:
            self.cache.labels("hit").inc(hits)
        if misses:
            self.cache.labels("miss").inc(misses)

    def _score_child(self, label: str) -> Any:
        # A batch of 256 texts makes 1,792 observations: skip the per-call label lookup.
        child = self._score_children.get(label)
        if child is None:
            child = self._score_children[label] = self.scores.labels(label)
        return child

    def observe_auto_decision(self, decision: str, reasons: Sequence[str]) -> None:
        """Count one automatic decision and the labels that drove it."""
        self.auto_decisions.labels(decision).inc()
        for label in reasons:
            self.decision_reasons.labels(label, decision).inc()

    def redis_error(self, error: Exception, where: str = "limiter") -> None:
        """Count one failed Redis call."""
        self.redis_errors.labels(where).inc()


class LiveCollector:
    """Figures read at scrape time: model version and the review queue's state in Redis.

    The queue's own figures (ReviewQueue.metrics(), when the queue offers it) already live in
    Redis, so they are exposed as they are rather than counted again per worker.
    """

    def __init__(self, app: Flask):
        self.app = app

    def collect(self) -> Iterable[Any]:
        scorer = self.app.extensions.get("scorer")
        info = InfoMetricFamily("parley_model", "The loaded model bundle.")
        if scorer is not None:
            info.add_metric([], {"version": str(scorer.version)})
        yield info
        try:
            yield from self._queue_families(self.app.extensions["review_queue"])
        except Exception as exc:  # a scrape must answer even when Redis does not
            log.warning("queue metrics unavailable: %s", type(exc).__name__)
            self.app.extensions["metrics"].redis_error(exc, "metrics")

    @staticmethod
    def _queue_families(queue: Any) -> Iterable[Any]:
        figures = queue.metrics() if callable(getattr(queue, "metrics", None)) else {"depth": queue.depth()}
        yield GaugeMetricFamily("parley_review_queue_depth", "Comments waiting for review.",
                                value=figures.get("depth", 0))
        if "oldest_age_seconds" in figures:
            yield GaugeMetricFamily("parley_review_queue_oldest_age_seconds",
                                    "Age of the longest-waiting comment (0 when empty).",
                                    value=figures["oldest_age_seconds"])
        if "claimed" in figures:
            yield GaugeMetricFamily("parley_review_queue_claimed", "Comments under a live claim.",
                                    value=figures["claimed"])
        if "decisions_by_moderator" in figures:
            decisions = CounterMetricFamily("parley_moderator_decisions", "Moderators' decisions.",
                                            labels=["moderator", "decision"])
            for moderator, counts in figures["decisions_by_moderator"].items():
                for decision, count in counts.items():
                    decisions.add_metric([moderator, decision], count)
            yield decisions
        wait = figures.get("decision_wait_seconds")
        if wait:
            buckets = [(bound if bound == "+Inf" else str(float(bound)), count)
                       for bound, count in wait["buckets"].items()]
            yield HistogramMetricFamily("parley_review_decision_wait_seconds",
                                        "Time from submission to a moderator's decision.",
                                        buckets=buckets, sum_value=wait["sum"])


def scrape_registry(app: Flask) -> CollectorRegistry:
    """The registry a scrape reads: all workers' files in multiprocess mode, else this app's."""
    registry = CollectorRegistry()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.MultiProcessCollector(registry)
    else:
        registry.register(app.extensions["metrics"].registry)
    registry.register(LiveCollector(app))
    return registry


def init_app(app: Flask) -> None:
    """Attach the metrics and time every request (service/api/health.py serves /metrics)."""
    metrics = Metrics()
    app.extensions["metrics"] = metrics

    @app.before_request
    def _start_timer() -> None:
        g.metrics_started = time.perf_counter()

    @app.after_request
    def _record(response: Response) -> Response:
        started = g.get("metrics_started")
        if started is not None:
            route = request.url_rule.rule if request.url_rule else "unmatched"
            labels = (request.method, route, str(response.status_code))
            metrics.requests.labels(*labels).inc()
            metrics.latency.labels(*labels).observe(time.perf_counter() - started)
        return response
