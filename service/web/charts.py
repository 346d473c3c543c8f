"""Draw small charts as inline SVG on the server: stacked bars and lines with axes and a legend.

Server-side SVG needs no script (the pages keep `script-src 'self'`), no network and no
vendored library, renders the same in a screenshot, and every mark is computed here from the
data. Text is escaped; colours are presentation attributes, which the page's CSP allows.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Callable, Sequence

from markupsafe import Markup, escape

WIDTH, HEIGHT = 600, 250
LEFT, RIGHT, BOTTOM = 52, 14, 40
CHAR_WIDTH = 6.4   # an average glyph at the legend's font size, for laying out its rows
TEXT = "#333"


@dataclass(frozen=True)
class Series:
    """One named row of values (None: no data), drawn in one colour."""

    name: str
    values: Sequence[float | None]
    color: str


@dataclass(frozen=True)
class Chart:
    """What to draw: a title, the x labels, the series, the unit of the y axis, a summary."""

    title: str
    kind: str                        # "bars" (stacked) or "lines"
    x_labels: Sequence[str]
    series: Sequence[Series]
    y_unit: str
    x_title: str
    summary: str                     # the accessible label: what the chart says, in words
    chart_id: str = ""
    label_every: int = 1
    value_text: Callable[[float], str] = field(default=lambda v: f"{v:g}")


def nice_ticks(top: float, count: int = 4, *, whole: bool = True) -> list[float]:
    """Round tick values from 0 to at least `top` (steps of 1, 2 or 5 times a power of ten)."""
    if top <= 0:
        return [0.0, 1.0]
    raw = top / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    if whole:
        step = max(1.0, math.ceil(step))
    return [i * step for i in range(int(math.ceil(top / step - 1e-9)) + 1)]


def render(chart: Chart) -> Markup:
    """The chart as an <svg> element with role="img" and an aria-label."""
    legend, legend_height = _legend(chart.series)
    top = 34 + legend_height
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - top - BOTTOM
    peak = _peak(chart)
    ticks = nice_ticks(peak, whole=chart.kind == "bars")
    scale = plot_h / ticks[-1]
    band = plot_w / max(1, len(chart.x_labels))
    parts = [f'<text x="{LEFT - 44}" y="18" font-size="14" font-weight="600" fill="{TEXT}">'
             f'{escape(chart.title)}</text>', legend]
    parts += _axes(chart, ticks, top, plot_w, plot_h, band)
    draw = _bars if chart.kind == "bars" else _lines
    parts += draw(chart, top + plot_h, scale, band)
    if peak <= 0:
        parts.append(f'<text x="{LEFT + plot_w / 2:.1f}" y="{top + plot_h / 2:.1f}" font-size="12" '
                     f'text-anchor="middle" fill="#777">No data in this range</text>')
    ident = f' id="{escape(chart.chart_id)}"' if chart.chart_id else ""
    return Markup(f'<svg{ident} class="chart" role="img" aria-label="{escape(chart.summary)}" '
                  f'viewBox="0 0 {WIDTH} {HEIGHT}" font-family="system-ui, sans-serif" '
                  f'xmlns="http://www.w3.org/2000/svg"><title>{escape(chart.title)}</title>'
                  + "".join(parts) + "</svg>")


def _peak(chart: Chart) -> float:
    if chart.kind == "bars":
        totals = [sum(s.values[i] or 0 for s in chart.series) for i in range(len(chart.x_labels))]
        return max(totals, default=0)
    return max((v for s in chart.series for v in s.values if v is not None), default=0)


def _legend(series: Sequence[Series]) -> tuple[str, int]:
    parts, x, row = [], float(LEFT - 44), 0
    for s in series:
        width = 18 + CHAR_WIDTH * len(s.name) + 14
        if x + width > WIDTH - RIGHT and x > LEFT - 44:
            x, row = float(LEFT - 44), row + 1
        y = 30 + row * 16
        parts.append(f'<rect x="{x:.1f}" y="{y}" width="11" height="11" fill="{s.color}"/>'
                     f'<text x="{x + 15:.1f}" y="{y + 10}" font-size="11" fill="{TEXT}">'
                     f'{escape(s.name)}</text>')
        x += width
    return "".join(parts), (row + 1) * 16 + 6 if series else 0


def _axes(chart: Chart, ticks: list[float], top: float, plot_w: float, plot_h: float,
          band: float) -> list[str]:
    bottom, parts = top + plot_h, []
    for tick in ticks:
        y = bottom - tick * plot_h / ticks[-1]
        parts.append(f'<line x1="{LEFT}" x2="{LEFT + plot_w}" y1="{y:.1f}" y2="{y:.1f}" '
                     f'stroke="{"#999" if tick == 0 else "#e4e4e4"}" stroke-width="1"/>'
                     f'<text x="{LEFT - 5}" y="{y + 4:.1f}" font-size="11" text-anchor="end" '
                     f'fill="{TEXT}">{escape(chart.value_text(tick))}</text>')
    for i, label in enumerate(chart.x_labels):
        if i % chart.label_every == 0:
            x = LEFT + band * (i + 0.5)
            parts.append(f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{bottom}" y2="{bottom + 4}" stroke="#999"/>'
                         f'<text x="{x:.1f}" y="{bottom + 16}" font-size="11" text-anchor="middle" '
                         f'fill="{TEXT}">{escape(label)}</text>')
    mid = top + plot_h / 2
    parts.append(f'<text x="12" y="{mid:.1f}" font-size="11" text-anchor="middle" fill="{TEXT}" '
                 f'transform="rotate(-90 12 {mid:.1f})">{escape(chart.y_unit)}</text>'
                 f'<text x="{LEFT + plot_w / 2:.1f}" y="{HEIGHT - 6}" font-size="11" '
                 f'text-anchor="middle" fill="{TEXT}">{escape(chart.x_title)}</text>')
    return parts


def _bars(chart: Chart, bottom: float, scale: float, band: float) -> list[str]:
    parts, width = [], band * 0.72
    for i, label in enumerate(chart.x_labels):
        x, y, total = LEFT + band * i + (band - width) / 2, bottom, 0.0
        for s in chart.series:
            value = s.values[i] or 0
            if value <= 0:
                continue
            height = value * scale
            y -= height
            total += value
            parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{width:.1f}" height="{height:.1f}" '
                         f'fill="{s.color}"><title>{escape(label)} · {escape(s.name)}: '
                         f'{escape(chart.value_text(value))}</title></rect>')
        if total > 0 and band >= 16:
            parts.append(f'<text class="bar-total" x="{x + width / 2:.1f}" y="{y - 3:.1f}" '
                         f'font-size="10" text-anchor="middle" fill="{TEXT}">'
                         f'{escape(chart.value_text(total))}</text>')
    return parts


def _lines(chart: Chart, bottom: float, scale: float, band: float) -> list[str]:
    parts = []
    for s in chart.series:
        points = [(LEFT + band * (i + 0.5), bottom - v * scale, v, chart.x_labels[i])
                  for i, v in enumerate(s.values) if v is not None]
        runs: list[list[tuple[float, float]]] = []
        for i, v in enumerate(s.values):
            if v is None:
                runs.append([])
            elif not runs or not runs[-1]:
                runs.append([(LEFT + band * (i + 0.5), bottom - v * scale)])
            else:
                runs[-1].append((LEFT + band * (i + 0.5), bottom - v * scale))
        for run in (r for r in runs if len(r) > 1):
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y in run)
            parts.append(f'<polyline points="{path}" fill="none" stroke="{s.color}" stroke-width="2"/>')
        for x, y, v, label in points:
            parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2.6" fill="{s.color}"><title>'
                         f'{escape(label)} · {escape(s.name)}: {escape(chart.value_text(v))}'
                         f'</title></circle>')
        if points:
            x, y, v, _ = max(points, key=lambda p: p[2])
            parts.append(f'<text class="peak" x="{x:.1f}" y="{y - 6:.1f}" font-size="10" '
                         f'text-anchor="middle" fill="{s.color}">{escape(chart.value_text(v))}</text>')
    return parts
