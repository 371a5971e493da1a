"""Drawing charts: a :class:`tracker.chart_data.Chart` into SVG or PNG bytes.

matplotlib's object API only (``Figure`` with the Agg canvas), never pyplot, no module-level
figure and no ``rcParams`` change: every colour and size is passed to the artists, so requests
in several threads do not share state. Colours are Okabe-Ito (readable with the common
colour-vision deficiencies); lines also differ by style, so colour is never the only cue.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from io import BytesIO
from typing import Any

import numpy as np
from matplotlib.dates import AutoDateLocator, ConciseDateFormatter, date2num
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from tracker.chart_data import Chart, Panel

THEMES: dict[str, dict[str, str]] = {
    "light": {
        "bg": "#ffffff",
        "fg": "#1d1f21",
        "muted": "#5b6166",
        "grid": "#e3e6e9",
        "shade": "#8a8f94",
        "bars": "#8a8f94",
        "blue": "#0072b2",
        "orange": "#e69f00",
        "green": "#009e73",
        "vermillion": "#d55e00",
        "purple": "#cc79a7",
        "sky": "#56b4e9",
    },
    "dark": {
        "bg": "#1e2226",
        "fg": "#e6e8ea",
        "muted": "#a3aab0",
        "grid": "#353b41",
        "shade": "#a3aab0",
        "bars": "#7d858c",
        "blue": "#56b4e9",
        "orange": "#e69f00",
        "green": "#009e73",
        "vermillion": "#d55e00",
        "purple": "#cc79a7",
        "sky": "#0072b2",
    },
}
FORMATS = {"svg": "image/svg+xml", "png": "image/png"}
WIDTH_IN = 8.0
PANEL_HEIGHT_IN = 3.4
BARS_HEIGHT_IN = 1.3
DPI = 100
FONT = 11


def _days(days: Sequence[dt.date]) -> np.ndarray:
    return np.asarray(date2num(np.array(days, dtype="datetime64[D]")))


def _percent(value: float, _pos: Any) -> str:
    return f"{value * 100:.0f} %"


def render(chart: Chart, theme: str = "light", fmt: str = "svg") -> bytes:
    """The chart as SVG or PNG bytes in the light or dark theme."""
    if theme not in THEMES:
        raise ValueError(f"unknown theme {theme!r}")
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}")
    colours = THEMES[theme]
    heights = [PANEL_HEIGHT_IN] * len(chart.panels)
    if chart.bars is not None:
        heights.append(BARS_HEIGHT_IN)
    fig = Figure(figsize=(WIDTH_IN, sum(heights) + 0.3), dpi=DPI, facecolor=colours["bg"])
    grid = fig.add_gridspec(len(heights), 1, height_ratios=heights, hspace=0.12)
    axes = [fig.add_subplot(grid[i, 0]) for i in range(len(heights))]
    for ax in axes[1:]:
        ax.sharex(axes[0])
    for ax, panel in zip(axes, chart.panels, strict=False):
        _draw_panel(ax, panel, chart, colours)
    if chart.bars is not None:
        _draw_bars(axes[-1], chart, colours)
    for ax in axes:
        _style(ax, colours)
    for ax in axes[:-1]:
        ax.tick_params(labelbottom=False)
    locator = AutoDateLocator(minticks=3, maxticks=8)
    axes[-1].xaxis.set_major_locator(locator)
    formatter = ConciseDateFormatter(locator)
    axes[-1].xaxis.set_major_formatter(formatter)
    fig.subplots_adjust(left=0.1, right=0.98, top=0.93, bottom=0.09 if len(axes) > 1 else 0.12)
    buffer = BytesIO()
    metadata: dict[str, Any] = {"Date": None} if fmt == "svg" else {"Software": None}
    fig.savefig(buffer, format=fmt, facecolor=colours["bg"], metadata=metadata)
    return buffer.getvalue()


def _draw_panel(ax: Any, panel: Panel, chart: Chart, colours: dict[str, str]) -> None:
    x = _days(panel.days)
    lows: list[float] = []
    highs: list[float] = []
    for shade in chart.shades:
        start = date2num(np.datetime64(shade.start, "D"))
        end = date2num(np.datetime64(shade.end + dt.timedelta(days=1), "D"))
        ax.axvspan(start, end, color=colours["shade"], alpha=0.18, linewidth=0)
    if panel.reference is not None:
        ax.axhline(panel.reference, color=colours["muted"], linewidth=0.8, linestyle=":")
    for series in panel.series:
        colour = colours[series.color]
        if series.low is not None and series.high is not None:
            ax.fill_between(x, series.low, series.high, color=colour, alpha=0.22, linewidth=0)
            lows.append(min(series.low))
            highs.append(max(series.high))
        ax.plot(
            x,
            series.central,
            color=colour,
            linewidth=2.0,
            linestyle=(0, (5, 2)) if series.dashed else "-",
            label=series.label,
        )
        lows.append(min(series.central))
        highs.append(max(series.central))
    for points in panel.points:
        if not points.days:
            continue
        ax.plot(
            _days(points.days),
            points.values,
            linestyle="none",
            marker=points.marker,
            markersize=5,
            color=colours[points.color],
            label=points.label,
        )
        lows.append(min(points.values))
        highs.append(max(points.values))
    # Labels alternate below and above their point, so markers on the same day stay readable.
    offsets = ((4, -13), (4, 6), (4, -26), (4, 19))
    for n, marker in enumerate(panel.markers):
        mx = date2num(np.datetime64(marker.day, "D"))
        ax.plot([mx], [marker.value], marker="D", markersize=6, color=colours[marker.color],
                markeredgecolor=colours["fg"], linestyle="none")  # fmt: skip
        ax.annotate(
            marker.label,
            (mx, marker.value),
            xytext=offsets[n % len(offsets)],
            textcoords="offset points",
            fontsize=FONT - 2,
            color=colours["fg"],
        )
    low = min(lows, default=0.9)
    high = max(highs, default=1.05)
    pad = max((high - low) * 0.08, 0.01)
    ax.set_ylim(low - pad, high + pad * 2.5)
    for shade in chart.shades:
        start = date2num(np.datetime64(shade.start, "D"))
        ax.annotate(
            shade.label,
            (start, 1.0),
            xycoords=("data", "axes fraction"),
            xytext=(2, -2),
            textcoords="offset points",
            va="top",
            fontsize=FONT - 2,
            color=colours["muted"],
            clip_on=True,
        )
    ax.yaxis.set_major_formatter(FuncFormatter(_percent))
    ax.yaxis.set_major_locator(MaxNLocator(5))
    ax.set_ylabel(panel.ylabel, fontsize=FONT - 1, color=colours["muted"])
    legend = ax.legend(loc="lower left", fontsize=FONT - 2, frameon=True, ncol=2)
    legend.get_frame().set_facecolor(colours["bg"])
    legend.get_frame().set_edgecolor(colours["grid"])
    legend.get_frame().set_alpha(0.85)
    for text in legend.get_texts():
        text.set_color(colours["fg"])
    if len(x):
        ax.set_xlim(x[0], x[-1] + 1)


def _draw_bars(ax: Any, chart: Chart, colours: dict[str, str]) -> None:
    bars = chart.bars
    assert bars is not None
    if bars.starts:
        edges = _days([*bars.starts, bars.starts[-1] + dt.timedelta(days=7)])
        ax.stairs(bars.values, edges, fill=True, color=colours["bars"], alpha=0.8)
    ax.set_ylabel(bars.label, fontsize=FONT - 2, color=colours["muted"])
    ax.yaxis.set_major_locator(MaxNLocator(3, integer=True))
    ax.set_ylim(bottom=0)


def _style(ax: Any, colours: dict[str, str]) -> None:
    ax.set_facecolor(colours["bg"])
    ax.grid(True, color=colours["grid"], linewidth=0.6)
    ax.set_axisbelow(True)
    ax.tick_params(colors=colours["muted"], labelsize=FONT - 1, labelcolor=colours["fg"])
    for name, spine in ax.spines.items():
        spine.set_visible(name in ("left", "bottom"))
        spine.set_color(colours["grid"])
    ax.xaxis.get_offset_text().set_color(colours["fg"])
