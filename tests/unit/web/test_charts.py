"""The SVG charts: ticks, marks drawn from the data, escaping, and the accessible label."""

from __future__ import annotations

import re

from service.web.charts import Chart, Series, nice_ticks, render
from service.web.dashboard_charts import build, charts

LABELS = ("toxicity", "insult", "threat")


def test_ticks_are_round_and_reach_the_top():
    assert nice_ticks(7) == [0, 2, 4, 6, 8]
    assert nice_ticks(100) == [0, 50, 100]
    assert nice_ticks(0.7, whole=False)[-1] >= 0.7 and nice_ticks(0.7, whole=False)[1] < 1
    assert nice_ticks(3) == [0, 1, 2, 3]
    assert nice_ticks(0) == [0, 1]


def test_stacked_bars_draw_one_rect_per_value_and_label_totals():
    chart = Chart(title="Comments in", kind="bars", x_labels=["10:00", "11:00"], y_unit="comments",
                  x_title="hour", summary="s", series=[Series("published", [3, 0], "#000"),
                                                       Series("held", [1, 2], "#111")])
    svg = str(render(chart))
    assert svg.count("<rect ") == 2 + 3   # two legend swatches, three non-zero segments
    assert re.findall(r'class="bar-total"[^>]*>(\d+)<', svg) == ["4", "2"]
    assert 'role="img"' in svg and 'aria-label="s"' in svg and "<title>Comments in</title>" in svg
    assert "style=" not in svg and "<script" not in svg


def test_text_is_escaped_everywhere():
    chart = Chart(title="<b>t</b>", kind="lines", x_labels=["<x>"], y_unit="u&", x_title="h",
                  summary='say "hi" <img>', series=[Series("<script>", [1.0], "#000")])
    svg = str(render(chart))
    assert "<script>" not in svg and "<b>" not in svg and "<img>" not in svg
    assert "&lt;script&gt;" in svg and 'aria-label="say &#34;hi&#34; &lt;img&gt;"' in svg


def series(**overrides):
    start = 1_700_000_000 // 3600 * 3600
    buckets = []
    for i in range(24):
        buckets.append({
            "start": start + i * 3600, "end": start + i * 3600 + 3600,
            "comments": {"publish": i, "review": 1 if i == 5 else 0, "reject": 0},
            "moderator_decisions": {"approve": 2 if i == 7 else 0, "reject": 0},
            "held_by_label": {"insult": 1} if i == 5 else {}, "rejected_by_label": {},
            "decisions_by_moderator": {"alice": {"approve": 2, "reject": 0}} if i == 7 else {},
            "time_to_decision_seconds": {"count": 2 if i == 7 else 0,
                                         "median": 600.0 if i == 7 else None,
                                         "p90": 5400.0 if i == 7 else None},
            "queue": {"depth_max": None if i < 3 else i % 4,
                      "oldest_age_seconds_max": None if i < 3 else 60.0 * i},
        })
    return {"range": "24h", "buckets": buckets, **overrides}


def test_the_dashboard_charts_say_what_the_data_says():
    built = {c.chart_id: c for c in build(series(), LABELS)}
    assert set(built) == {"chart-comments", "chart-moderated", "chart-labels", "chart-depth",
                          "chart-oldest", "chart-wait", "chart-moderators"}
    comments = built["chart-comments"]
    assert comments.summary.startswith(f"Comments in, last 24 hours: {sum(range(24)) + 1} in all")
    assert "276 published, 1 held for review, 0 rejected automatically" in comments.summary
    assert [s.name for s in built["chart-labels"].series] == ["insult"]   # only labels that held
    assert [s.name for s in built["chart-moderators"].series] == ["alice"]
    wait = built["chart-wait"]
    assert wait.y_unit == "minutes" and wait.series[1].values[7] == 90   # 5400 s: under 2 h
    assert "median at most 10 minutes (at " in wait.summary
    assert built["chart-oldest"].y_unit == "minutes"   # at most 23 minutes
    assert built["chart-depth"].series[0].values[:3] == [None, None, None]
    rendered = charts(series(), LABELS)
    assert len(rendered) == 7 and all(str(svg).startswith("<svg") for svg in rendered)


def test_an_empty_range_says_so():
    empty = series()
    for b in empty["buckets"]:
        b["comments"] = {"publish": 0, "review": 0, "reject": 0}
    chart = build(empty, LABELS)[0]
    assert chart.summary == "Comments in, last 24 hours: no data."
    assert "No data in this range" in str(render(chart))
