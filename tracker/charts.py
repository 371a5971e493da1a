"""Drawing charts: a :class:`tracker.chart_data.Chart` into SVG or PNG bytes.

matplotlib's object API only (a ``Figure`` with the Agg canvas), never pyplot, no module-level
figure and no ``rcParams`` change: every colour and size is passed to the artists, so requests
in several threads do not share state. Colours are Okabe-Ito (readable with the common
colour-vision deficiencies); lines also differ by style, so colour is never the only cue.

The chart is laid out here, in the CSS pixels of the size it is shown at (``chart.size``: one
figure point is one pixel), before anything is drawn (:func:`layout`): the legend and the breaks'
labels sit above the data in rows that never overlap (a label with no room left is dropped:
the table under the chart names every break), every text is the size's one text size, the
axes' labels are thinned until they fit, and nothing reaches past the figure's edge. The
artists go straight onto the figure (no ``Axes``: their tick machinery is most of the cost of a
matplotlib chart, and the layout needs none of it).
"""

from __future__ import annotations

import datetime as dt
import functools
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from io import BytesIO
from typing import Any

import numpy as np
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.lines import Line2D
from matplotlib.patches import Polygon, Rectangle
from matplotlib.text import Text
from matplotlib.textpath import TextToPath
from matplotlib.ticker import MaxNLocator
from matplotlib.transforms import Affine2D, Bbox, BboxTransform, Transform, TransformedBbox

from tracker.chart_data import Chart, ChartSize, Panel
from tracker.template_filters import MONTHS_SHORT

THEMES: dict[str, dict[str, str]] = {
    "light": {
        "bg": "#ffffff",
        "fg": "#1d1f21",
        "muted": "#4f555a",
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
        "muted": "#b4bbc1",
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
#: Pixels per CSS pixel of a downloaded PNG (a sharp image on a high-density screen).
PNG_SCALE = 2
#: Alpha of the bands, the breaks' shades and the weekly bars.
BAND_ALPHA, SHADE_ALPHA, BARS_ALPHA = 0.22, 0.18, 0.8


# --- measuring text --------------------------------------------------------------------------

_TEXT_TO_PATH = TextToPath()


@functools.lru_cache(maxsize=4096)
def text_width(text: str, font: float) -> float:
    """The width of ``text`` at ``font`` pixels, as the SVG draws it (its glyphs' advance)."""
    width, _, _ = _TEXT_TO_PATH.get_text_width_height_descent(
        text, FontProperties(size=font), ismath=False
    )
    return float(width)


def wrap(text: str, font: float, width: float) -> tuple[str, ...]:
    """``text`` in lines no wider than ``width`` (a word longer than that keeps a line)."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if current and text_width(candidate, font) > width:
            lines.append(current)
            current = word
        else:
            current = candidate
    if current:
        lines.append(current)
    return tuple(lines) or ("",)


# --- the layout ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Box:
    """A rectangle in the chart's pixels (y grows downwards)."""

    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        return self.y1 - self.y0


@dataclass(frozen=True)
class LegendItem:
    kind: str  # "line", "band", "points" or "marker"
    color: str
    lines: tuple[str, ...]
    dashed: bool = False
    marker: str = ""
    x: float = 0.0
    y: float = 0.0  # top of the item's first line

    def width(self, size: ChartSize) -> float:
        return _swatch(size) + 0.4 * size.font + max(text_width(t, size.font) for t in self.lines)


@dataclass(frozen=True)
class Label:
    """A text at (x, y): ``y`` is its line's top (or middle: ``va`` center)."""

    text: str
    x: float
    y: float
    ha: str = "left"
    va: str = "top"


@dataclass(frozen=True)
class Area:
    """A plotting area: its box, its value range and labelled values (ticks)."""

    box: Box
    low: float
    high: float
    ticks: tuple[tuple[float, str], ...]
    heading: tuple[Label, ...]


@dataclass(frozen=True)
class Layout:
    width: float
    height: float
    legend: tuple[LegendItem, ...]
    shade_labels: tuple[Label, ...]
    panels: tuple[Area, ...]
    bars: Area | None
    x_low: float  # day numbers (ordinals) at the plot's left and right edges
    x_high: float
    x_ticks: tuple[tuple[float, Label], ...]  # (day number, its label)

    def x_px(self, day_number: float) -> float:
        box = self.panels[0].box
        return box.x0 + (day_number - self.x_low) / (self.x_high - self.x_low) * box.width


def _line_height(size: ChartSize) -> float:
    return round(size.font * 1.3, 2)


def _swatch(size: ChartSize) -> float:
    return round(size.font * 1.8, 2)


def _pad(size: ChartSize) -> float:
    return round(size.font * 0.5, 2)


def _number(day: dt.date) -> float:
    return float(day.toordinal())


def layout(chart: Chart) -> Layout:
    """Where everything of ``chart`` goes, in the pixels of ``chart.size``."""
    return _layout(chart, day_ticks=True)


def _layout(chart: Chart, day_ticks: bool) -> Layout:
    """:func:`layout`; without ``day_ticks``, no tick on the time axis (they take no room of
    their own: their row is always there)."""
    size = chart.size
    font, line, pad = size.font, _line_height(size), _pad(size)
    width = float(size.width)
    x_low = _number(chart.first_day)
    x_high = _number(chart.last_day) + 1.0

    areas = [(p, _value_range(p)) for p in chart.panels]
    ticks = [_value_ticks(lo, hi, size) for _, (lo, hi) in areas]
    bar_range = _bars_range(chart)
    bar_ticks = _bar_ticks(*bar_range, size) if chart.bars is not None else ()
    tick_texts = [t for group in (*ticks, bar_ticks) for _, t in group]
    left = pad + max((text_width(t, font) for t in tick_texts), default=0.0) + 0.5 * font
    right = width - pad - 0.2 * font

    y = pad
    legend, legend_height = _legend(chart, pad, width - pad)
    y += legend_height + (0.6 * font if legend else 0.0)

    panel_height = size.panel_height if len(chart.panels) == 1 else size.small_panel_height
    panels: list[Area] = []
    shade_labels: tuple[Label, ...] = ()
    for i, ((panel, (lo, hi)), labelled) in enumerate(zip(areas, ticks, strict=True)):
        heading = _heading(panel.ylabel, left, right, y, size)
        y += len(heading) * line
        if i == 0 and chart.shades:
            shade_labels, rows = _shade_labels(chart, left, right, y, x_low, x_high)
            y += rows * line
        y += 0.35 * font
        box = Box(left, y, right, y + panel_height)
        panels.append(Area(box, lo, hi, labelled, heading))
        y = box.y1 + 0.9 * font
    bars = None
    if chart.bars is not None:
        heading = _heading(chart.bars.label, left, right, y, size)
        y += len(heading) * line + 0.35 * font
        box = Box(left, y, right, y + size.bars_height)
        bars = Area(box, bar_range[0], bar_range[1], bar_ticks, heading)
        y = box.y1 + 0.9 * font
    last_box = (bars or panels[-1]).box
    ticks_top = last_box.y1 + 0.45 * font
    x_ticks = (
        _day_ticks(chart, left, right, x_low, x_high, pad, width, ticks_top) if day_ticks else ()
    )
    height = ticks_top + line + pad
    return Layout(
        width=width,
        height=math.ceil(height),
        legend=legend,
        shade_labels=shade_labels,
        panels=tuple(panels),
        bars=bars,
        x_low=x_low,
        x_high=x_high,
        x_ticks=x_ticks,
    )


def _heading(
    text: str, left: float, right: float, top: float, size: ChartSize
) -> tuple[Label, ...]:
    """A panel's heading from the plot's left edge, wrapped to the plot's width."""
    line = _line_height(size)
    return tuple(
        Label(part, left, top + k * line)
        for k, part in enumerate(wrap(text, size.font, right - left))
    )


def figure_size(chart: Chart) -> tuple[int, int]:
    """The chart's width and height in CSS pixels (for the page's ``<img>``): the layout
    without the time axis's ticks (choosing them is a third of it, and they change neither)."""
    found = _layout(chart, day_ticks=False)
    return int(found.width), int(found.height)


def _legend_items(chart: Chart) -> list[LegendItem]:
    items: list[LegendItem] = []
    seen: set[str] = set()
    for panel in chart.panels:
        for series in panel.series:
            if series.label not in seen:
                seen.add(series.label)
                items.append(LegendItem("line", series.color, (series.label,), series.dashed))
    if chart.band_label and any(s.low is not None for p in chart.panels for s in p.series):
        items.append(LegendItem("band", chart.panels[0].series[0].color, (chart.band_label,)))
    for panel in chart.panels:
        for points in panel.points:
            if points.days and points.label not in seen:
                seen.add(points.label)
                items.append(
                    LegendItem("points", points.color, (points.label,), False, points.marker)
                )
        for marker in panel.markers:
            if marker.label not in seen:
                seen.add(marker.label)
                items.append(
                    LegendItem("marker", marker.color, (marker.label,), False, marker.shape)
                )
    return items


def _legend(chart: Chart, x0: float, x1: float) -> tuple[tuple[LegendItem, ...], float]:
    """The legend's items placed in rows from ``x0`` to ``x1``, and the rows' height."""
    size = chart.size
    font, line = size.font, _line_height(size)
    available = x1 - x0
    text_room = available - _swatch(size) - 0.4 * font
    gap = 1.1 * font
    placed: list[LegendItem] = []
    x, y, row_height = x0, 0.0, 0.0
    for item in _legend_items(chart):
        lines = item.lines
        if text_width(lines[0], font) > text_room:
            lines = wrap(" ".join(lines), font, text_room)
        item = LegendItem(item.kind, item.color, lines, item.dashed, item.marker)
        w = item.width(size)
        if x > x0 and x + w > x1:
            x, y = x0, y + row_height + 0.15 * font
            row_height = 0.0
        placed.append(LegendItem(item.kind, item.color, lines, item.dashed, item.marker, x, y))
        row_height = max(row_height, len(lines) * line)
        x += w + gap
    top = _pad(size)
    return tuple(
        LegendItem(i.kind, i.color, i.lines, i.dashed, i.marker, i.x, i.y + top) for i in placed
    ), (y + row_height if placed else 0.0)


def _shade_labels(
    chart: Chart, left: float, right: float, top: float, x_low: float, x_high: float
) -> tuple[tuple[Label, ...], int]:
    """The breaks' labels above the plot, in at most two rows; (labels, rows used)."""
    size = chart.size
    font, line = size.font, _line_height(size)
    gap = 0.6 * font
    row_ends: list[float] = [-math.inf, -math.inf]
    labels: list[Label] = []
    used = 0
    for shade in sorted(chart.shades, key=lambda s: s.start):
        start = max(_number(shade.start), x_low)
        end = min(_number(shade.end) + 1.0, x_high)
        if end <= x_low or start >= x_high:
            continue
        w = text_width(shade.label, font)
        x = left + (start - x_low) / (x_high - x_low) * (right - left)
        x = min(max(x, left), right - w)
        for row, row_end in enumerate(row_ends):
            if x >= row_end + gap:
                labels.append(Label(shade.label, x, top + row * line))
                row_ends[row] = x + w
                used = max(used, row + 1)
                break
    return tuple(labels), used


def _value_range(panel: Panel) -> tuple[float, float]:
    values: list[float] = []
    for series in panel.series:
        for edge in (series.line, series.low, series.high):
            if edge is not None and edge.extent is not None:
                values += edge.extent
    for points in panel.points:
        if points.values:
            values += [min(points.values), max(points.values)]
    values += [m.value for m in panel.markers]
    if panel.reference is not None:
        values.append(panel.reference)
    low, high = (min(values), max(values)) if values else (0.9, 1.05)
    pad = max((high - low) * 0.06, 0.01)
    return low - pad, high + pad


def _percent(value: float, step: float) -> str:
    decimals = 0 if step >= 0.00999 else 1
    return f"{value * 100:.{decimals}f} %"


def _value_ticks(low: float, high: float, size: ChartSize) -> tuple[tuple[float, str], ...]:
    """Labelled values between ``low`` and ``high``: round percentages, at least a line and a
    half apart on the panel."""
    bins = 4 if size.width < 500 else 5
    values = [v for v in MaxNLocator(bins, steps=[1, 2, 2.5, 5, 10]).tick_values(low, high)]
    inside = [float(v) for v in values if low <= v <= high]
    step = inside[1] - inside[0] if len(inside) > 1 else 0.01
    return tuple((v, _percent(v, step)) for v in inside)


def _bars_range(chart: Chart) -> tuple[float, float]:
    if chart.bars is None or not chart.bars.values:
        return 0.0, 1.0
    return 0.0, max(max(chart.bars.values) * 1.08, 1.0)


def _bar_ticks(low: float, high: float, size: ChartSize) -> tuple[tuple[float, str], ...]:
    values = MaxNLocator(2, integer=True, min_n_ticks=1).tick_values(low, high / 1.08)
    return tuple((float(v), f"{v:.0f}") for v in values if low <= v <= high)


def _day_candidates(first: dt.date, last: dt.date) -> Iterator[list[dt.date]]:
    """Tick days, finest first: every day, 2 days, a week (Mondays), 2 weeks, then months
    (1, 2, 3, 6) and years (1, 2, 5, 10...)."""
    span = (last - first).days + 1
    for step in (1, 2):
        if span <= 62:
            yield [first + dt.timedelta(days=d) for d in range(0, span, step)]
    monday = first + dt.timedelta(days=-first.weekday() % 7)
    for weeks in (1, 2):
        if span <= 400:
            yield [
                monday + dt.timedelta(weeks=w)
                for w in range(0, span // 7 + 2, weeks)
                if monday + dt.timedelta(weeks=w) <= last
            ]
    for months in (1, 2, 3, 6):
        days = []
        year, month = first.year, first.month
        if first.day != 1:
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        while (candidate := dt.date(year, month, 1)) <= last:
            if (month - 1) % months == 0:
                days.append(candidate)
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        yield days
    for years in (1, 2, 5, 10, 20, 50, 100, 200):
        start = first.year + (first.month > 1 or first.day > 1)
        yield [
            dt.date(y, 1, 1)
            for y in range(start, last.year + 1)
            if y % years == 0 and dt.date(y, 1, 1) <= last
        ]


def _day_label(chart: Chart, day: dt.date, first: bool, monthly: bool) -> str:
    if monthly:
        if day.month == 1 and day.day == 1:
            return str(day.year)
        return f"{MONTHS_SHORT[day.month - 1]} {day.year}" if first else MONTHS_SHORT[day.month - 1]
    return chart.style.axis_day(day)


def _day_ticks(
    chart: Chart,
    left: float,
    right: float,
    x_low: float,
    x_high: float,
    pad: float,
    width: float,
    top: float,
) -> tuple[tuple[float, Label], ...]:
    """The finest tick days whose labels fit side by side, each inside the figure."""
    font = chart.size.font
    gap = 1.0 * font
    single: tuple[tuple[float, Label], ...] = ()
    for days in _day_candidates(chart.first_day, chart.last_day):
        monthly = all(d.day == 1 for d in days) and len({d.month for d in days}) > 1
        monthly = monthly or all(d.day == 1 and d.month == 1 for d in days)
        placed: list[tuple[float, Label]] = []
        previous_end = -math.inf
        fits = True
        for day in days:
            number = _number(day)
            if not x_low <= number <= x_high:
                continue
            text = _day_label(chart, day, not placed, monthly)
            w = text_width(text, font)
            x = left + (number - x_low) / (x_high - x_low) * (right - left)
            x0 = min(max(x - w / 2, pad), width - pad - w)
            if x0 < previous_end + gap:
                fits = False
                break
            placed.append((number, Label(text, x0, top)))
            previous_end = x0 + w
        if fits and len(placed) >= 2:
            return tuple(placed)
        if fits and placed and not single:
            single = tuple(placed)
    if single:
        return single
    # Not even one tick day inside: the first day, labelled at the left edge.
    return ((x_low, Label(chart.style.axis_day(chart.first_day), left, top)),)


# --- drawing ---------------------------------------------------------------------------------


def render(chart: Chart, theme: str = "light", fmt: str = "svg") -> bytes:
    """The chart as SVG or PNG bytes in the light or dark theme."""
    if theme not in THEMES:
        raise ValueError(f"unknown theme {theme!r}")
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}")
    colours = THEMES[theme]
    plan = layout(chart)
    fig = Figure(figsize=(plan.width / 72, plan.height / 72), dpi=72, facecolor=colours["bg"])
    # Chart pixels (y down) -> the figure's display coordinates, at whatever dpi it is saved.
    px = Affine2D().scale(1 / 72, -1 / 72).translate(0, plan.height / 72) + fig.dpi_scale_trans
    pen = _Pen(fig, px, chart.size, colours)
    for n, area in enumerate(plan.panels):
        _draw_area(pen, plan, area, n)
        _draw_shades(pen, plan, chart, area)
        _draw_panel(pen, plan, chart.panels[n], area)
    if plan.bars is not None and chart.bars is not None:
        _draw_area(pen, plan, plan.bars, len(plan.panels), percent=False)
        _draw_shades(pen, plan, chart, plan.bars)
        _draw_bars(pen, plan, chart, plan.bars)
    for n, label in enumerate(plan.shade_labels):
        pen.text(label, colours["muted"], f"label-shade-{n}")
    for n, (_, label) in enumerate(plan.x_ticks):
        pen.text(label, colours["muted"], f"label-day-{n}")
    _draw_legend(pen, plan, chart)
    buffer = BytesIO()
    if fmt == "svg":
        fig.savefig(buffer, format="svg", facecolor=colours["bg"], metadata={"Date": None})
    else:
        fig.savefig(
            buffer,
            format="png",
            dpi=72 * PNG_SCALE,
            facecolor=colours["bg"],
            metadata={"Software": None},
        )
    return buffer.getvalue()


class _Pen:
    """Adds artists to the figure in chart pixels."""

    def __init__(
        self, fig: Figure, px: Transform, size: ChartSize, colours: dict[str, str]
    ) -> None:
        self.fig, self.px, self.size, self.colours = fig, px, size, colours
        self.line_width = 1.8 if size.width < 500 else 2.2

    def colour(self, name: str) -> str:
        return self.colours.get(name, name)

    def text(self, label: Label, colour: str, gid: str, bold: bool = False) -> None:
        artist = Text(
            label.x,
            label.y,
            label.text,
            fontsize=self.size.font,
            color=colour,
            ha=label.ha,
            va=label.va,
            fontweight="bold" if bold else "normal",
            transform=self.px,
            parse_math=False,
        )
        artist.set_gid(gid)
        self.fig.add_artist(artist)

    def data(self, plan: Layout, area: Area) -> tuple[Transform, TransformedBbox]:
        """Day numbers and values -> display coordinates inside ``area``; its clip box."""
        box = area.box
        target = TransformedBbox(Bbox.from_extents(box.x0, box.y0, box.x1, box.y1), self.px)
        source = Bbox.from_extents(plan.x_low, area.low, plan.x_high, area.high)
        return BboxTransform(source, target), target

    def add(self, artist: Any, clip: TransformedBbox | None = None) -> None:
        if clip is not None:
            artist.set_clip_box(clip)
        self.fig.add_artist(artist)


def _draw_area(pen: _Pen, plan: Layout, area: Area, n: int, percent: bool = True) -> None:
    """The area's background, its grid and its labels."""
    c = pen.colours
    box = area.box
    background = Rectangle(
        (box.x0, box.y0),
        box.width,
        box.height,
        transform=pen.px,
        facecolor=c["bg"],
        edgecolor=c["grid"],
        linewidth=0.8,
        zorder=0,
    )
    background.set_gid(f"plot-area-{n}")
    pen.add(background)
    to_display, clip = pen.data(plan, area)
    segments = [[(plan.x_low, v), (plan.x_high, v)] for v, _ in area.ticks]
    segments += [[(x, area.low), (x, area.high)] for x, _ in plan.x_ticks]
    pen.add(
        LineCollection(segments, transform=to_display, colors=c["grid"], linewidths=0.7, zorder=1),
        clip,
    )
    font = pen.size.font
    for m, (value, text) in enumerate(area.ticks):
        y = box.y1 - (value - area.low) / (area.high - area.low) * box.height
        label = Label(text, box.x0 - 0.45 * font, y, "right", "center")
        pen.text(label, c["muted"], f"label-value-{n}-{m}")
    for k, heading in enumerate(area.heading):
        pen.text(heading, c["fg"], f"label-heading-{n}-{k}")


def _draw_shades(pen: _Pen, plan: Layout, chart: Chart, area: Area) -> None:
    to_display, clip = pen.data(plan, area)
    for shade in chart.shades:
        start = max(_number(shade.start), plan.x_low)
        end = min(_number(shade.end) + 1.0, plan.x_high)
        if end <= start:
            continue
        rect = Rectangle(
            (start, area.low),
            end - start,
            area.high - area.low,
            transform=to_display,
            facecolor=pen.colours["shade"],
            alpha=SHADE_ALPHA,
            linewidth=0,
            zorder=1,
        )
        pen.add(rect, clip)


def _xs(days: Sequence[dt.date]) -> list[float]:
    return [float(d.toordinal()) for d in days]


def _draw_panel(pen: _Pen, plan: Layout, panel: Panel, area: Area) -> None:
    c = pen.colours
    to_display, clip = pen.data(plan, area)
    if panel.reference is not None:
        reference = Line2D(
            [plan.x_low, plan.x_high],
            [panel.reference] * 2,
            transform=to_display,
            color=c["muted"],
            linewidth=1.0,
            linestyle=":",
            zorder=2,
        )
        pen.add(reference, clip)
    for series in panel.series:
        colour = pen.colour(series.color)
        if series.low is not None and series.high is not None:
            high, low = series.high, series.low
            outline = np.column_stack(
                [
                    np.concatenate([high.day_numbers(), low.day_numbers()[::-1]]),
                    np.concatenate([high.values, low.values[::-1]]),
                ]
            )
            band = Polygon(
                outline,
                closed=True,
                transform=to_display,
                facecolor=colour,
                alpha=BAND_ALPHA,
                linewidth=0,
                zorder=2,
            )
            pen.add(band, clip)
        line = Line2D(
            series.line.day_numbers(),
            series.line.values,
            transform=to_display,
            color=colour,
            linewidth=pen.line_width,
            linestyle=(0, (4, 1.6)) if series.dashed else "-",
            solid_joinstyle="round",
            zorder=3,
        )
        pen.add(line, clip)
    marker_size = 6.5 if pen.size.width < 500 else 7.5
    for points in panel.points:
        if points.days:
            dots = Line2D(
                _xs(points.days),
                points.values,
                transform=to_display,
                linestyle="none",
                marker=points.marker,
                markersize=marker_size - 1,
                color=pen.colour(points.color),
                zorder=4,
            )
            pen.add(dots, clip)
    for marker in panel.markers:
        dot = Line2D(
            [_number(marker.day)],
            [marker.value],
            transform=to_display,
            linestyle="none",
            marker=marker.shape,
            markersize=marker_size,
            color=pen.colour(marker.color),
            markeredgecolor=c["fg"],
            markeredgewidth=1.0,
            zorder=5,
        )
        pen.add(dot, clip)


def _draw_bars(pen: _Pen, plan: Layout, chart: Chart, area: Area) -> None:
    bars = chart.bars
    assert bars is not None
    if not bars.starts:
        return
    to_display, clip = pen.data(plan, area)
    outline: list[tuple[float, float]] = [(_number(bars.starts[0]), 0.0)]
    for start, value in zip(bars.starts, bars.values, strict=True):
        x = _number(start)
        outline += [(x, value), (x + 7.0, value)]
    outline.append((_number(bars.starts[-1]) + 7.0, 0.0))
    shape = Polygon(
        outline,
        closed=True,
        transform=to_display,
        facecolor=pen.colours["bars"],
        alpha=BARS_ALPHA,
        linewidth=0,
        zorder=2,
    )
    pen.add(shape, clip)


def _draw_legend(pen: _Pen, plan: Layout, chart: Chart) -> None:
    c = pen.colours
    size = pen.size
    font, line = size.font, _line_height(size)
    swatch = _swatch(size)
    for n, item in enumerate(plan.legend):
        middle = item.y + 0.55 * font
        colour = pen.colour(item.color)
        x0, x1 = item.x, item.x + swatch
        if item.kind == "line":
            pen.add(
                Line2D(
                    [x0, x1],
                    [middle, middle],
                    transform=pen.px,
                    color=colour,
                    linewidth=pen.line_width,
                    linestyle=(0, (4, 1.6)) if item.dashed else "-",
                )
            )
        elif item.kind == "band":
            pen.add(
                Rectangle(
                    (x0, middle - 0.4 * font),
                    swatch,
                    0.8 * font,
                    transform=pen.px,
                    facecolor=colour,
                    alpha=BAND_ALPHA * 1.6,
                    linewidth=0,
                )
            )
        else:
            edge = c["fg"] if item.kind == "marker" else colour
            pen.add(
                Line2D(
                    [x0 + swatch / 2],
                    [middle],
                    transform=pen.px,
                    linestyle="none",
                    marker=item.marker,
                    markersize=6.5 if size.width < 500 else 7.5,
                    color=colour,
                    markeredgecolor=edge,
                    markeredgewidth=1.0,
                )
            )
        for k, text in enumerate(item.lines):
            label = Label(text, x1 + 0.4 * font, item.y + k * line)
            pen.text(label, c["fg"], f"label-legend-{n}-{k}")
