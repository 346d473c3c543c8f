"""A bulk histogram observation lands exactly where one observe() per value would."""

from __future__ import annotations

import random

from prometheus_client import CollectorRegistry, Histogram, generate_latest

from service.metrics import observe_many


def test_observe_many_matches_observe_one_by_one() -> None:
    values = [random.Random(3).random() for _ in range(500)] + [0.0, 0.1, 0.5, 0.9999, 1.0, 0.30000000000000004]
    exposed = []
    for bulk in (False, True):
        registry = CollectorRegistry()
        histogram = Histogram("s", "scores", buckets=tuple(round(0.1 * i, 1) for i in range(1, 11)), registry=registry)
        if bulk:
            observe_many(histogram, values)
        else:
            for value in values:
                histogram.observe(value)
        exposed.append(generate_latest(registry).decode().replace("s_created", "#"))
    one_by_one, at_once = ([line for line in text.splitlines() if not line.startswith("#")] for text in exposed)
    assert at_once == one_by_one and any('le="0.1"' in line for line in at_once)
