"""What each chart shows, as frozen dataclasses built by pure functions (tested as data).

``tracker.charts`` draws a :class:`Chart`; the pages print its ``alt`` text and its ``table``
(the same key numbers) under the image. Values on the y axes are fractions (1.0 = 100 %).

A chart is built for the size it is shown at (:class:`ChartSize`: a phone's or a wide one, each
with its text size): its daily series keep at most two points per pixel column of that size,
each column's lowest and highest (:func:`downsample`), so no peak or dip is lost and the chart
costs no more to draw than its pixels need.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import io
import pickle
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numba
import numpy as np

from tracker.limits import MAX_CHART_SHADES
from tracker.physiology.muscles import MUSCLES_BY_KEY
from tracker.projections import (
    CENTRAL,
    HIGH,
    LOW,
    BreakProjection,
    Estimate,
    History,
    PlanComparison,
    aggregate,
    group_labels,
    selection_weights,
)
from tracker.template_filters import (
    DEFAULT_STYLE,
    SHADE_LABELS,
    DateStyle,
    date_band_text,
    loss_text,
    pct,
    pct_band,
)
from tracker.timeline import weekly_totals
from tracker.units import format_weight

#: Okabe-Ito colour names (``tracker.charts`` maps them to each theme's values).
PALETTE = ("blue", "orange", "green", "vermillion", "purple", "sky")
#: Kept for the pages that import them from here (``tracker.template_filters`` owns them).
REASON_LABELS = SHADE_LABELS


@dataclass(frozen=True)
class ChartSize:
    """The size a chart is drawn for, in CSS pixels as shown, and its text size there.

    ``media`` is the CSS media query under which the page shows this size (``None``: the
    default). A chart shown narrower than ``shown_from`` pixels would show its text under
    12 px: the stylesheet keeps the chart at least that wide where this size is chosen.
    """

    name: str
    width: int
    font: float
    panel_height: int
    small_panel_height: int
    bars_height: int
    media: str | None
    #: Room taken by the y-axis labels and the margins (an estimate: the plot's pixel columns
    #: are ``width - axis_room``).
    axis_room: int = 56

    @property
    def columns(self) -> int:
        """Pixel columns of the plot area (the width data is downsampled to)."""
        return self.width - self.axis_room


PHONE = ChartSize("phone", 330, 13.0, 180, 120, 64, "(max-width: 639px)", axis_room=52)
WIDE = ChartSize("wide", 720, 16.0, 270, 180, 84, None, axis_room=64)
SIZES: dict[str, ChartSize] = {PHONE.name: PHONE, WIDE.name: WIDE}


def _line_fingerprint(first: dt.date, offsets: np.ndarray, values: np.ndarray) -> bytes:
    h = hashlib.blake2b(digest_size=16)
    h.update(first.isoformat().encode())
    h.update(b"%d;" % offsets.shape[0])
    h.update(offsets.astype(np.int64, copy=False).tobytes())
    h.update(values.astype(np.float64, copy=False).tobytes())
    return h.digest()


@dataclass(frozen=True, eq=False)
class Line:
    """Values on days (a line of a series, or one edge of its band): the days are ``first``
    plus ``offsets`` (a series is one value a day, downsampled).

    ``offsets`` and ``values`` are read-only arrays (given as any sequence, they are made so):
    the renderer draws arrays, and a chart's thousands of values as Python floats cost each
    new chart a fifth of a millisecond to make. Two lines are equal when their fingerprints
    are (the same first day, offsets and values).
    """

    first: dt.date
    offsets: np.ndarray
    values: np.ndarray
    #: The lowest and the highest of ``values`` (None: no value): the chart's value range is
    #: read from them on every layout, not from thousands of values each time.
    extent: tuple[float, float] | None = None
    #: A hash of the line (its first day, offsets and values): what the chart's digest takes
    #: of it (:meth:`Chart.digest`) and what equality compares.
    fingerprint: bytes = b""

    def __post_init__(self) -> None:
        offsets = _read_only(self.offsets, np.int64)
        values = _read_only(self.values, np.float64)
        if offsets.shape != values.shape or offsets.ndim != 1:
            raise ValueError("a line needs one offset for each value")
        object.__setattr__(self, "offsets", offsets)
        object.__setattr__(self, "values", values)
        if self.extent is None and values.size:
            object.__setattr__(self, "extent", (float(values.min()), float(values.max())))
        if not self.fingerprint:
            object.__setattr__(self, "fingerprint", _line_fingerprint(self.first, offsets, values))

    def __eq__(self, other: object) -> bool:
        if type(other) is not Line:
            return NotImplemented
        return self.fingerprint == other.fingerprint

    def __hash__(self) -> int:
        return hash(self.fingerprint)

    @property
    def days(self) -> tuple[dt.date, ...]:
        return tuple(self.first + dt.timedelta(days=n) for n in self.offsets.tolist())

    def day_numbers(self) -> np.ndarray:
        """The days as ordinals (``date.toordinal``), for drawing."""
        return self.first.toordinal() + self.offsets.astype(np.float64)


def _read_only(values: Any, dtype: type) -> np.ndarray:
    """``values`` as a read-only array of ``dtype`` (copied unless it is one already)."""
    array: np.ndarray = np.asarray(values, dtype=dtype)
    if array.flags.writeable:
        array = array.copy()
        array.flags.writeable = False
    return array


@dataclass(frozen=True)
class Series:
    """A line, with its band when ``low``/``high`` are given."""

    label: str
    line: Line
    low: Line | None = None
    high: Line | None = None
    color: str = "blue"
    dashed: bool = False


@dataclass(frozen=True)
class Points:
    """Separate measurements (estimated 1RMs), drawn as markers."""

    label: str
    days: tuple[dt.date, ...]
    values: tuple[float, ...]
    color: str = "vermillion"
    marker: str = "o"


@dataclass(frozen=True)
class Marker:
    """A point on a line (the day 95 % or 100 % is back), named in the legend."""

    day: dt.date
    value: float
    label: str
    color: str = "blue"
    shape: str = "D"


@dataclass(frozen=True)
class Panel:
    #: The heading above the panel: what its values are and what they are relative to.
    ylabel: str
    series: tuple[Series, ...]
    points: tuple[Points, ...] = ()
    markers: tuple[Marker, ...] = ()
    #: A dotted horizontal line (1.0: 100 %), or None.
    reference: float | None = 1.0


@dataclass(frozen=True)
class Shade:
    """A period shaded on every panel (a break), labelled above the panels."""

    start: dt.date
    end: dt.date
    label: str


@dataclass(frozen=True)
class Bars:
    """Weekly totals beneath the panels: ``starts`` are Mondays, each bar 7 days wide."""

    label: str
    starts: tuple[dt.date, ...]
    values: tuple[float, ...]
    #: A hash of the bars (label, weeks and values): what the chart's digest takes of them
    #: (:meth:`Chart.digest`; pickling five years of weeks' dates was most of its time).
    fingerprint: bytes = b""

    def __post_init__(self) -> None:
        if not self.fingerprint:
            h = hashlib.blake2b(digest_size=16)
            h.update(self.label.encode())
            h.update(b"%d;" % len(self.starts))
            h.update(np.fromiter((d.toordinal() for d in self.starts), np.int64).tobytes())
            h.update(np.asarray(self.values, dtype=np.float64).tobytes())
            object.__setattr__(self, "fingerprint", h.digest())


@dataclass(frozen=True)
class Table:
    caption: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Chart:
    kind: str
    title: str
    panels: tuple[Panel, ...]
    alt: str
    table: Table
    first_day: dt.date
    last_day: dt.date
    size: ChartSize = WIDE
    style: DateStyle = DEFAULT_STYLE
    shades: tuple[Shade, ...] = ()
    bars: Bars | None = None
    #: The legend's name for the shaded bands (None: no band on the chart).
    band_label: str | None = "Shaded: the likely range"

    def digest(self) -> str:
        """A hash of everything drawn: the ETag of the chart (with theme and format).

        Of its pickle with each line and the bars as their fingerprints (pickling their
        thousands of numbers and dates was most of the time): different data never gives the
        same bytes; the same data may, rarely, give other bytes (objects shared or not), which
        only costs a render.
        """
        buffer = io.BytesIO()
        _AsFingerprints(buffer, protocol=5).dump(self)
        return hashlib.sha256(buffer.getvalue()).hexdigest()[:32]


class _AsFingerprints(pickle.Pickler):
    """A pickler that writes a :class:`Line` or :class:`Bars` as its fingerprint (for
    :meth:`Chart.digest`). ``reducer_override``, not ``persistent_id``: the pickler asks it
    only of objects that are not numbers or strings, not of every value in the chart."""

    def reducer_override(self, obj: Any) -> Any:
        kind = type(obj)
        if kind is Line or kind is Bars:
            return (_fingerprinted, (kind.__name__, obj.fingerprint))
        return NotImplemented


def _fingerprinted(kind: str, fingerprint: bytes) -> tuple[str, bytes]:
    """What a digest's pickle calls a fingerprinted object by (never unpickled)."""
    return (kind, fingerprint)


# --- wording (kept here for the pages that import it from the chart data) ---------------------


def short_date(day: dt.date, style: DateStyle = DEFAULT_STYLE) -> str:
    return style.day(day)


# --- downsampling ----------------------------------------------------------------------------


def downsample(values: np.ndarray, columns: int) -> np.ndarray:
    """Indices of at most two points per pixel column: each column's lowest and highest value
    (the first of its lowest, the last of its highest, in their order), the first and the last
    point always kept. ``values`` are one a day; point ``i`` of ``n`` falls in column
    ``i * columns // n``.

    A series with at most two points per column is kept whole.
    """
    values = np.ascontiguousarray(values, dtype=np.float64)
    n = values.shape[0]
    if columns < 1 or n <= 2 * columns:
        return np.arange(n)
    kept = np.zeros(n, dtype=np.bool_)  # a mask rather than np.unique: no sort of the kept
    _mark_column_extremes(values, columns, kept)
    kept[0] = kept[-1] = True
    return np.flatnonzero(kept)


@numba.njit(cache=False, nogil=True)
def _mark_column_extremes(values: np.ndarray, columns: int, kept: np.ndarray) -> None:
    """Mark in ``kept`` each column's first lowest and last highest point: one pass, compiled
    (with numpy it took fifteen calls of whole-array work per line, 65 µs for five years)."""
    n = values.shape[0]
    column = -1
    low = high = 0
    for i in range(n):
        here = (i * columns) // n
        value = values[i]
        if here != column:
            if column >= 0:
                kept[low] = True
                kept[high] = True
            column, low, high = here, i, i
        else:
            if value < values[low]:
                low = i
            if value >= values[high]:
                high = i
    kept[low] = True
    kept[high] = True


def compile_now() -> None:
    """Compile the downsampling for the arrays it is given (a server does it before forking)."""
    downsample(np.zeros(3), 1)


def _line(first: dt.date, values: np.ndarray, columns: int) -> Line:
    """One value a day from ``first``, downsampled to ``columns``."""
    idx = downsample(values, columns).astype(np.int64, copy=False)
    kept = np.round(np.asarray(values, dtype=np.float64)[idx], 4)
    return Line(first, idx, kept)


def _band_series(
    label: str,
    first: dt.date,
    values: np.ndarray,
    columns: int,
    color: str,
    dashed: bool = False,
) -> Series:
    """A (rows, 3) array as a line with its band, each edge downsampled on its own."""
    return Series(
        label,
        _line(first, values[:, CENTRAL], columns),
        _line(first, np.minimum(values[:, LOW], values[:, HIGH]), columns),
        _line(first, np.maximum(values[:, LOW], values[:, HIGH]), columns),
        color,
        dashed,
    )


def merge_periods(
    periods: Sequence[tuple[dt.date, dt.date, str]], most: int
) -> list[tuple[dt.date, dt.date, str]]:
    """At most ``most`` shaded periods: when there are more, the closest neighbours merge
    (the shortest stretches between two breaks first) into one labelled "N breaks".

    A chart cannot show thousands of breaks one by one (each shade and label is drawn), and
    its table would be as long: this keeps both bounded however many an account holds.
    """
    ordered = sorted(periods, key=lambda p: (p[0], p[1]))
    if len(ordered) <= most:
        return list(ordered)
    # Merge across the len - most shortest stretches between neighbours (ties: the earlier).
    stretches = sorted(
        range(len(ordered) - 1), key=lambda i: ((ordered[i + 1][0] - ordered[i][1]).days, i)
    )
    joined = set(stretches[: len(ordered) - most])
    merged: list[tuple[dt.date, dt.date, str]] = []
    count = 0
    for i, (start, end, label) in enumerate(ordered):
        if i > 0 and (i - 1) in joined:
            first, last, _ = merged[-1]
            count += 1
            merged[-1] = (first, max(last, end), f"{count} breaks")
        else:
            merged.append((start, end, label))
            count = 1
    return merged


# --- the dashboard's timeline ----------------------------------------------------------------


def selection_label(muscle: str | None) -> str:
    return "whole body" if muscle is None else MUSCLES_BY_KEY[muscle].label.lower()


def timeline_chart(
    history: History,
    muscle: str | None,
    size: ChartSize = WIDE,
    style: DateStyle = DEFAULT_STYLE,
) -> Chart:
    """Size and strength over the whole history (% of the peak), breaks shaded and labelled by
    reason, weekly hard sets beneath."""
    tl = history.timeline
    w = selection_weights(history, muscle)
    size_v = aggregate(history.size, w)
    strength = aggregate(history.strength, w)
    size_v = size_v / float(size_v[:, CENTRAL].max())
    strength = strength / float(strength[:, CENTRAL].max())
    # Rows 1..days: the end of each day of the history, from its first day on.
    what = selection_label(muscle)
    panel = Panel(
        ylabel="Size and strength, % of your peak",
        series=(
            _band_series("Size", tl.first_day, size_v[1:], size.columns, "blue"),
            _band_series(
                "Strength", tl.first_day, strength[1:], size.columns, "orange", dashed=True
            ),
        ),
    )
    shades = []
    table_rows = []
    periods = [
        (span.start, span.last_day(tl.today), SHADE_LABELS.get(reason, "Break"))
        for span, reason in zip(tl.breaks, tl.break_reasons, strict=True)
    ]
    for start, end, label in merge_periods(periods, MAX_CHART_SHADES):
        # The chart ends today: a break planned to end later is shaded up to today.
        shades.append(Shade(start, min(end, tl.today), label))
        before, after = tl.row_before(start), tl.row_after(min(end, tl.today))
        table_rows.append(
            (
                f"{label}, {style.range(start, end)}",
                f"{pct(size_v[before, CENTRAL])} to {pct(size_v[after, CENTRAL])}",
                f"{pct(strength[before, CENTRAL])} to {pct(strength[after, CENTRAL])}",
            )
        )
    now_size, now_strength = Estimate.of(size_v[-1]), Estimate.of(strength[-1])
    table_rows.append(("Today", pct_band(now_size), pct_band(now_strength)))
    mondays, totals = weekly_totals(tl.inputs, tl.first_day, None if muscle is None else w)
    bars = Bars("Hard sets a week", tuple(mondays), tuple(np.round(totals, 2).tolist()))
    merged = len(shades) < len(periods)
    alt = (
        f"Estimated muscle size and strength for the {what} from {style.day(tl.first_day)} to "
        f"{style.day(tl.today)}, as a share of your peak. Today: size {pct_band(now_size)}, "
        f"strength {pct_band(now_strength)}. {len(periods)} break"
        f"{'s' if len(periods) != 1 else ''} shaded"
        f"{f' (close ones merged into {len(shades)} periods)' if merged else ''}; "
        "weekly hard sets as bars beneath."
    )
    return Chart(
        kind="timeline",
        title=f"Size and strength, {what}",
        panels=(panel,),
        alt=alt,
        table=Table(
            caption=(
                f"Estimates for the {what}, % of your peak: before and after each break, "
                "and today with its likely range"
            ),
            headers=("When", "Size", "Strength"),
            rows=tuple(table_rows),
        ),
        first_day=tl.first_day,
        last_day=tl.today,
        size=size,
        style=style,
        shades=tuple(shades),
        bars=bars,
    )


# --- a break's projection --------------------------------------------------------------------


def break_chart(
    bp: BreakProjection,
    reason: str,
    unit: str,
    size: ChartSize = WIDE,
    style: DateStyle = DEFAULT_STYLE,
) -> Chart:
    """Before, during and after a break, relative to the level when it started: the history's
    estimate, then the projected regain, the 95 % / 100 % days and the main lifts' estimated
    1RMs (relative to their best before the break)."""
    days = _consecutive(bp.dates)
    o = bp.outcome
    markers = []
    for band, what, level, color, shape in (
        (o.size_95, "Size", 0.95, "blue", "D"),
        (o.size_100, "Size", 1.0, "blue", "o"),
        (o.strength_95, "Strength", 0.95, "orange", "D"),
        (o.strength_100, "Strength", 1.0, "orange", "o"),
    ):
        if band.central is not None and band.central >= bp.return_day:
            label = f"{what} back to {pct(level)}: {style.day(band.central)}"
            markers.append(Marker(band.central, level, label, color, shape))
    points = tuple(
        Points(
            f"{t.name}, estimated 1RM",
            tuple(p.day for p in t.points),
            tuple(round(p.ratio, 4) for p in t.points),
            PALETTE[3 + i % 3],
            "os^"[i % 3],
        )
        for i, t in enumerate(bp.lifts)
    )
    series = [
        _band_series("Size", days[0], bp.size, size.columns, "blue"),
        _band_series("Strength", days[0], bp.strength, size.columns, "orange", dashed=True),
    ]
    sides = bp.sides if bp.sides_differ else ()
    if sides:
        # A one-sided break: the lines above are the injured side's; the other side's
        # strength beside them (its band left out: three bands would hide each other).
        injured, other = sides[0], sides[1]
        series[0] = dataclasses.replace(series[0], label=f"Size, {injured.name}")
        series[1] = dataclasses.replace(series[1], label=f"Strength, {injured.name}")
        assert other.series is not None
        line = _line(days[0], other.series[:, CENTRAL], size.columns)
        series.append(Series(f"Strength, {other.name}", line, color="green"))
    panel = Panel(
        ylabel="% of the level before the break",
        series=tuple(series),
        points=points,
        markers=tuple(markers),
    )
    end = (
        bp.span.end
        if bp.span.end is not None and not bp.ongoing
        else (bp.return_day - dt.timedelta(days=1))
    )
    label = SHADE_LABELS.get(reason, "Break")
    kept = bp.return_day - dt.timedelta(days=1)
    shade = Shade(bp.span.start, end, label if not bp.ongoing else f"{label}, to Monday")
    rows = [
        ("Lost by the return, size", loss_text(o.loss_size)),
        ("Lost by the return, strength", loss_text(o.loss_strength)),
        ("Size back to 95 %", date_band_text(o.size_95, style, kept_until=kept)),
        ("Size back to 100 %", date_band_text(o.size_100, style, kept_until=kept)),
        ("Strength back to 95 %", date_band_text(o.strength_95, style, kept_until=kept)),
        ("Strength back to 100 %", date_band_text(o.strength_100, style, kept_until=kept)),
    ]
    for each in sides:
        rows.append((f"Strength of the {each.name} by the return", pct_band(each.strength)))
    for t in bp.lifts:
        last = t.points[-1]
        rows.append(
            (
                f"{t.name}, latest estimated 1RM ({style.day(last.day)})",
                f"{format_weight(last.e1rm_kg, unit)}: {pct(last.ratio)} of your best before "
                f"the break ({format_weight(t.best_before_kg, unit)}); the estimate: "
                f"{pct(last.projected)}",
            )
        )
    alt = (
        f"Estimated size and strength around the break of {style.day(bp.span.start)}, "
        f"relative to the level when it started. By the return on {style.day(bp.return_day)}: "
        f"size {loss_text(o.loss_size)} lost, strength {loss_text(o.loss_strength)} lost. "
        f"At {pct(bp.dose)} of the usual training, size is back to 95 % by "
        f"{date_band_text(o.size_95, style, kept_until=kept)} and to 100 % by "
        f"{date_band_text(o.size_100, style, kept_until=kept)}; strength to 100 % by "
        f"{date_band_text(o.strength_100, style, kept_until=kept)}."
    )
    if sides:
        alt += (
            f" The lines are the {sides[0].name}'s; a third line is the strength of the "
            f"{sides[1].name}, about {pct(sides[1].strength.central)} by the return against "
            f"{pct(sides[0].strength.central)}."
        )
    if bp.lifts:
        alt += f" Points: estimated 1RMs of {len(bp.lifts)} main lift(s) after the return."
    return Chart(
        kind="break",
        title="The break and the way back",
        panels=(panel,),
        alt=alt,
        table=Table(
            caption=(
                f"Key numbers for {group_labels(bp.focus)}, % of the level before the break "
                "(likely range in brackets)"
            ),
            headers=("", "Estimate"),
            rows=tuple(rows),
        ),
        first_day=days[0],
        last_day=days[-1],
        size=size,
        style=style,
        shades=(shade,),
    )


# --- the planner -----------------------------------------------------------------------------


def planner_chart(
    pc: PlanComparison, size: ChartSize = WIDE, style: DateStyle = DEFAULT_STYLE
) -> Chart:
    """Size and strength for each option (the chosen one with its band), the break shaded."""
    chosen = pc.results[0]
    longest = max(len(r.dates) for r in pc.results)
    base = next(r for r in pc.results if len(r.dates) == longest)
    days = _consecutive(base.dates)
    panels = []
    o = chosen.outcome
    for metric, attr in (("Size", "size"), ("Strength", "strength")):
        series = []
        for i, r in enumerate(pc.results):
            padded = _pad(getattr(r, attr), longest)
            color = PALETTE[i % len(PALETTE)]
            if i == 0:
                series.append(_band_series(r.option.label, days[0], padded, size.columns, color))
            else:
                line = _line(days[0], padded[:, CENTRAL], size.columns)
                series.append(Series(r.option.label, line, color=color, dashed=True))
        b95, b100 = (o.size_95, o.size_100) if attr == "size" else (o.strength_95, o.strength_100)
        markers = tuple(
            Marker(b.central, frac, f"Your plan back to {pct(frac)}", "fg", shape)
            for b, frac, shape in ((b95, 0.95, "D"), (b100, 1.0, "o"))
            if b.central is not None and b.central > chosen.last_day
        )
        panels.append(
            Panel(f"{metric}, % of the level when the break starts", tuple(series), markers=markers)
        )
    shade = Shade(chosen.first_day, chosen.last_day, "Planned break")
    rows = tuple(
        (
            r.option.label,
            loss_text(r.outcome.loss_size),
            loss_text(r.outcome.loss_strength),
            date_band_text(r.outcome.size_95, style, kept_until=r.last_day),
            date_band_text(r.outcome.strength_100, style, kept_until=r.last_day),
        )
        for r in pc.results
    )
    alt = (
        f"Planned break from {style.day(chosen.first_day)} to {style.day(chosen.last_day)}, "
        f"{chosen.option.label.lower()}: size {loss_text(o.loss_size)} lost and strength "
        f"{loss_text(o.loss_strength)} lost by its end; size back to 95 % by "
        f"{date_band_text(o.size_95, style, kept_until=chosen.last_day)}, strength to 100 % by "
        f"{date_band_text(o.strength_100, style, kept_until=chosen.last_day)}."
    )
    if len(pc.results) > 1:
        alt += (
            " Compared with: "
            + "; ".join(
                f"{r.option.label.lower()} {loss_text(r.outcome.loss_size)} size lost"
                for r in pc.results[1:]
            )
            + "."
        )
    return Chart(
        kind="planner",
        title="Planned break",
        panels=tuple(panels),
        alt=alt,
        table=Table(
            caption=(
                "The options side by side, % of the level when the break starts "
                "(likely range in brackets)"
            ),
            headers=(
                "Option",
                "Size lost",
                "Strength lost",
                "Size back to 95 %",
                "Strength back to 100 %",
            ),
            rows=rows,
        ),
        first_day=days[0],
        last_day=days[-1],
        size=size,
        style=style,
        shades=(shade,),
    )


def _consecutive(days: Sequence[dt.date]) -> list[dt.date]:
    """``days``, checked to be one a day (the lines keep their first day and offsets)."""
    found = list(days)
    if found and (found[-1] - found[0]).days != len(found) - 1:
        raise ValueError("a chart's days must follow one another")
    return found


def _pad(values: np.ndarray, rows: int) -> np.ndarray:
    """Extend (n, 3) to ``rows`` rows by repeating the last value (a shorter horizon)."""
    if values.shape[0] >= rows:
        return values[:rows]
    tail = np.repeat(values[-1:], rows - values.shape[0], axis=0)
    return np.concatenate([values, tail])
