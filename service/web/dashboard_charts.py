"""Turn a stats series (service.review.stats_series) into the dashboard's charts."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any, Callable, Sequence

from markupsafe import Markup

from service.web.charts import Chart, Series, render

# Okabe-Ito colours: told apart with the common colour blindnesses, and in greyscale by order.
OUTCOME = {"publish": ("published", "#009E73"), "review": ("held for review", "#E69F00"),
           "reject": ("rejected automatically", "#D55E00")}
MODERATED = {"approve": ("approved", "#0072B2"), "reject": ("rejected", "#CC79A7")}
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#7F7F7F", "#332288")
RANGE_WORDS = {"24h": ("last 24 hours", "hour", "per hour"), "14d": ("last 14 days", "day", "per day")}
# (seconds per unit, its name): a duration axis takes the largest unit its peak reaches twice.
DURATIONS = ((86_400, "days"), (3600, "hours"), (60, "minutes"), (1, "seconds"))


def charts(stats: dict[str, Any], labels: Sequence[str]) -> list[Markup]:
    """Every dashboard chart for the series, as inline SVG."""
    return [render(chart) for chart in build(stats, labels)]


def build(stats: dict[str, Any], labels: Sequence[str]) -> list[Chart]:
    """The charts' contents: comments in, moderators' decisions, labels, queue, waits, people."""
    buckets, words = stats["buckets"], RANGE_WORDS[stats["range"]]
    x = [x_label(b["start"], stats["range"]) for b in buckets]
    common = {"x_labels": x, "x_title": f"{words[1]} (UTC)", "label_every": 3 if len(x) > 16 else 2}
    return [
        counts_chart("chart-comments", f"Comments in, {words[0]}", common, "comments " + words[2],
                     [Series(name, [b["comments"][k] for b in buckets], color)
                      for k, (name, color) in OUTCOME.items()]),
        counts_chart("chart-moderated", f"Moderators' decisions, {words[0]}", common,
                     "decisions " + words[2],
                     [Series(name, [b["moderator_decisions"][k] for b in buckets], color)
                      for k, (name, color) in MODERATED.items()]),
        counts_chart("chart-labels", f"Held or rejected automatically, by label, {words[0]}",
                     common, "comments " + words[2], label_series(buckets, labels)),
        counts_chart("chart-depth", f"Review queue depth (most waiting), {words[0]}", common,
                     "comments waiting", [Series("waiting", [b["queue"]["depth_max"] for b in buckets],
                                                 "#0072B2")], kind="lines"),
        duration_chart("chart-oldest", f"Oldest waiting comment (its age at most), {words[0]}",
                       common, [("oldest age", "#D55E00",
                                 [b["queue"]["oldest_age_seconds_max"] for b in buckets])]),
        duration_chart("chart-wait", f"Time to decision, {words[0]}", common, [
            ("median", "#0072B2", [b["time_to_decision_seconds"]["median"] for b in buckets]),
            ("90th percentile", "#E69F00", [b["time_to_decision_seconds"]["p90"] for b in buckets])]),
        counts_chart("chart-moderators", f"Decisions per moderator, {words[0]}", common,
                     "decisions " + words[2], moderator_series(buckets)),
    ]


def x_label(start: int, range_name: str) -> str:
    moment = datetime.fromtimestamp(start, timezone.utc)
    return moment.strftime("%H:00") if range_name == "24h" else moment.strftime("%b %d")


def label_series(buckets: list[dict[str, Any]], labels: Sequence[str]) -> list[Series]:
    """One series per label (or other reason, a word list's say) that held or rejected anything."""
    others = sorted({r for b in buckets for kind in ("held_by_label", "rejected_by_label")
                     for r in b[kind]} - set(labels))
    series = []
    for n, label in enumerate([*labels, *others]):   # a label keeps its colour whatever else shows
        values = [b["held_by_label"].get(label, 0) + b["rejected_by_label"].get(label, 0)
                  for b in buckets]
        if any(values):
            series.append(Series(label.replace("_", " "), values, PALETTE[n % len(PALETTE)]))
    return series


def moderator_series(buckets: list[dict[str, Any]], most: int = 7) -> list[Series]:
    """One series per moderator, busiest first; past `most` of them the rest are "others"."""
    per: dict[str, list[int]] = {}
    for i, b in enumerate(buckets):
        for name, d in b["decisions_by_moderator"].items():
            per.setdefault(name, [0] * len(buckets))[i] += d.get("approve", 0) + d.get("reject", 0)
    ranked = sorted((n for n in per if any(per[n])), key=lambda n: (-sum(per[n]), n))
    series = [Series(n, per[n], PALETTE[i]) for i, n in enumerate(ranked[:most])]
    if len(ranked) > most:
        rest = [sum(per[n][i] for n in ranked[most:]) for i in range(len(buckets))]
        series.append(Series(f"{len(ranked) - most} others", rest, PALETTE[most % len(PALETTE)]))
    return series


def counts_chart(chart_id: str, title: str, common: dict[str, Any], unit: str,
                 series: list[Series], kind: str = "bars") -> Chart:
    return Chart(title=title, kind=kind, series=series, y_unit=unit, chart_id=chart_id,
                 summary=summarize(title, series, common["x_labels"], kind, lambda v: f"{v:g}"),
                 value_text=lambda v: f"{v:g}", **common)


def duration_chart(chart_id: str, title: str, common: dict[str, Any],
                   rows: list[tuple[str, str, list[float | None]]]) -> Chart:
    """A line chart of durations in the largest unit that keeps the peak at two or more."""
    peak = max((v for _, _, values in rows for v in values if v is not None), default=0.0)
    per, unit = next(((s, u) for s, u in DURATIONS if peak >= 2 * s), DURATIONS[-1])
    series = [Series(name, [None if v is None else v / per for v in values], color)
              for name, color, values in rows]
    text: Callable[[float], str] = lambda v: f"{v:.1f}".rstrip("0").rstrip(".")
    return Chart(title=title, kind="lines", series=series, y_unit=unit, chart_id=chart_id,
                 summary=summarize(title, series, common["x_labels"], "lines",
                                   lambda v: f"{text(v)} {unit}"),
                 value_text=text, **common)


def summarize(title: str, series: Sequence[Series], x: Sequence[str], kind: str,
              say: Callable[[float], str]) -> str:
    """The chart in one or two sentences, for screen readers (and the tests)."""
    if not any(v for s in series for v in s.values):
        return f"{title}: no data."
    if kind == "bars":
        totals = [sum(s.values[i] or 0 for s in series) for i in range(len(x))]
        busiest = max(range(len(x)), key=lambda i: totals[i])
        parts = ", ".join(f"{say(sum(v or 0 for v in s.values))} {s.name}" for s in series)
        return (f"{title}: {say(sum(totals))} in all ({parts}); the most, {say(totals[busiest])}, "
                f"at {x[busiest]}.")
    parts = []
    for s in series:
        known = [(v, i) for i, v in enumerate(s.values) if v is not None]
        if known:
            top, at = max(known, key=lambda pair: pair[0])
            parts.append(f"{s.name} at most {say(top)} (at {x[at]}), latest {say(known[-1][0])}")
    return f"{title}: " + "; ".join(parts) + "."
