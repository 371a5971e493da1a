"""What each chart shows, as frozen dataclasses built by pure functions (tested as data).

``tracker.charts`` draws a :class:`Chart`; the pages print its ``alt`` text and its ``table``
(the same key numbers) under the image. Values on the y axes are fractions (1.0 = 100 %).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from tracker.limits import MAX_CHART_SHADES
from tracker.physiology.muscles import MUSCLES_BY_KEY
from tracker.projections import (
    CENTRAL,
    HIGH,
    LOW,
    BreakProjection,
    DateBand,
    Estimate,
    History,
    PlanComparison,
    aggregate,
    group_labels,
    selection_weights,
)
from tracker.timeline import weekly_totals
from tracker.units import format_weight

#: Longest series drawn: longer ones are thinned to about this many points.
MAX_POINTS = 400
#: Okabe-Ito colour names (``tracker.charts`` maps them to each theme's values).
PALETTE = ("blue", "orange", "green", "vermillion", "purple", "sky")
REASON_LABELS = {
    "injury": "Injury",
    "illness": "Illness",
    "vacation": "Vacation",
    "stress": "Stress",
    "motivation": "Motivation",
    "other": "Break",
    "unknown": "Break",
}
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True)
class Series:
    """A line, with its band when ``low``/``high`` are given."""

    label: str
    central: tuple[float, ...]
    low: tuple[float, ...] | None = None
    high: tuple[float, ...] | None = None
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
    """A labelled point on a line (the day 95 % or 100 % is back)."""

    day: dt.date
    value: float
    label: str
    color: str = "blue"


@dataclass(frozen=True)
class Panel:
    ylabel: str
    days: tuple[dt.date, ...]
    series: tuple[Series, ...]
    points: tuple[Points, ...] = ()
    markers: tuple[Marker, ...] = ()
    #: A dotted horizontal line (1.0: 100 %), or None.
    reference: float | None = 1.0


@dataclass(frozen=True)
class Shade:
    """A period shaded on every panel (a break), labelled at the top."""

    start: dt.date
    end: dt.date
    label: str


@dataclass(frozen=True)
class Bars:
    """Weekly totals beneath the panels: ``starts`` are Mondays, each bar 7 days wide."""

    label: str
    starts: tuple[dt.date, ...]
    values: tuple[float, ...]


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
    shades: tuple[Shade, ...] = ()
    bars: Bars | None = None

    def digest(self) -> str:
        """A hash of everything drawn: the ETag of the chart (with theme and format)."""
        return hashlib.sha256(repr(self).encode()).hexdigest()[:32]


# --- formatting ------------------------------------------------------------------------------


def pct(value: float) -> str:
    """0.934 -> "93 %"."""
    return f"{round(value * 100):.0f} %"


def pct_band(e: Estimate) -> str:
    """ "93 % (range 90-96 %)"."""
    low, high = round(e.low * 100), round(e.high * 100)
    if low == high:
        return pct(e.central)
    return f"{pct(e.central)} (range {low}-{high} %)"


def loss_text(e: Estimate) -> str:
    """A loss as a percentage and range, never below 0 ("0 %" rather than "-0 %")."""
    central, low, high = (max(0, round(x * 100)) for x in (e.central, e.low, e.high))
    if low == high:
        return f"{central} %"
    return f"{central} % (range {low}-{high} %)"


def short_date(day: dt.date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def date_band_text(
    band: DateBand,
    horizon_text: str = "not within the period followed",
    kept_until: dt.date | None = None,
) -> str:
    """ "5 Nov 2026 (between 2 Nov and 5 Dec 2026)"; with ``kept_until`` (the break's last day),
    a level never lost reads "kept through the break" instead of a date inside the break."""
    if band.central is None:
        return horizon_text
    if kept_until is not None and band.central <= kept_until:
        if band.latest is not None and band.latest > kept_until:
            return (
                f"kept through the break (at the slow end of the range: {short_date(band.latest)})"
            )
        if band.latest is None:
            return "kept through the break (at the slow end of the range: later)"
        return "kept through the break"
    text = short_date(band.central)
    if band.earliest and band.latest and band.earliest != band.latest:
        text += f" (between {short_date(band.earliest)} and {short_date(band.latest)})"
    elif band.earliest and band.latest is None:
        text += f" (from {short_date(band.earliest)}; the slow end of the range: later)"
    return text


def _thin(n: int) -> np.ndarray:
    """Indices of at most about MAX_POINTS of ``n`` points, the last always included."""
    if n <= MAX_POINTS:
        return np.arange(n)
    step = math.ceil(n / MAX_POINTS)
    idx = np.arange(0, n, step)
    return idx if idx[-1] == n - 1 else np.append(idx, n - 1)


def _values(array: np.ndarray, idx: np.ndarray) -> tuple[float, ...]:
    return tuple(np.round(np.asarray(array, dtype=np.float64)[idx], 4).tolist())


def _band_series(
    label: str, values: np.ndarray, idx: np.ndarray, color: str, dashed: bool = False
) -> Series:
    """A (rows, 3) array as a line with its band."""
    return Series(
        label,
        _values(values[:, CENTRAL], idx),
        _values(np.minimum(values[:, LOW], values[:, HIGH]), idx),
        _values(np.maximum(values[:, LOW], values[:, HIGH]), idx),
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


def timeline_chart(history: History, muscle: str | None) -> Chart:
    """Size and strength over the whole history (% of the peak), breaks shaded and labelled by
    reason, weekly hard sets beneath."""
    tl = history.timeline
    w = selection_weights(history, muscle)
    size = aggregate(history.size, w)
    strength = aggregate(history.strength, w)
    size = size / float(size[:, CENTRAL].max())
    strength = strength / float(strength[:, CENTRAL].max())
    rows = history.rows
    idx = _thin(rows - 1) + 1  # rows 1..days: the end of each day of the history
    days = tuple(tl.date_of_row(int(r)) for r in idx)
    what = selection_label(muscle)
    panel = Panel(
        ylabel="% of your peak",
        days=days,
        series=(
            _band_series("Size", size, idx, "blue"),
            _band_series("Strength", strength, idx, "orange", dashed=True),
        ),
    )
    shades = []
    table_rows = []
    periods = [
        (span.start, span.last_day(tl.today), REASON_LABELS.get(reason, "Break"))
        for span, reason in zip(tl.breaks, tl.break_reasons, strict=True)
    ]
    for start, end, label in merge_periods(periods, MAX_CHART_SHADES):
        # The chart ends today: a break planned to end later is shaded up to today.
        shades.append(Shade(start, min(end, tl.today), label))
        before, after = tl.row_before(start), tl.row_after(min(end, tl.today))
        table_rows.append(
            (
                f"{label}, {short_date(start)} to {short_date(end)}",
                f"{pct(size[before, CENTRAL])} to {pct(size[after, CENTRAL])}",
                f"{pct(strength[before, CENTRAL])} to {pct(strength[after, CENTRAL])}",
            )
        )
    now_size, now_strength = Estimate.of(size[-1]), Estimate.of(strength[-1])
    table_rows.append(("Today", pct_band(now_size), pct_band(now_strength)))
    mondays, totals = weekly_totals(tl.inputs, tl.first_day, None if muscle is None else w)
    bars = Bars("Hard sets a week", tuple(mondays), tuple(round(float(t), 2) for t in totals))
    merged = len(shades) < len(periods)
    alt = (
        f"Estimated muscle size and strength for the {what} from {short_date(tl.first_day)} to "
        f"{short_date(tl.today)}, as a share of your peak. Today: size {pct_band(now_size)}, "
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
            caption=f"Estimates for the {what}, % of your peak (central estimate; range today)",
            headers=("When", "Size", "Strength"),
            rows=tuple(table_rows),
        ),
        shades=tuple(shades),
        bars=bars,
    )


# --- a break's projection --------------------------------------------------------------------


def break_chart(bp: BreakProjection, reason: str, unit: str) -> Chart:
    """Before, during and after a break, relative to the level when it started: the history's
    estimate, then the projected regain (dashed), the 95 % / 100 % days and the main lifts'
    estimated 1RMs (relative to their pre-break best)."""
    idx = _thin(len(bp.dates))
    days = tuple(bp.dates[int(i)] for i in idx)
    o = bp.outcome
    markers = []
    for band, label, series in (
        (o.size_95, "size 95 %", 0.95),
        (o.size_100, "size 100 %", 1.0),
        (o.strength_100, "strength 100 %", 1.0),
    ):
        if band.central is not None and band.central >= bp.return_day:
            color = "blue" if label.startswith("size") else "orange"
            markers.append(Marker(band.central, series, label, color))
    points = tuple(
        Points(
            f"{t.name} (estimated 1RM)",
            tuple(p.day for p in t.points),
            tuple(round(p.ratio, 4) for p in t.points),
            PALETTE[3 + i % 3],
            "os^"[i % 3],
        )
        for i, t in enumerate(bp.lifts)
    )
    panel = Panel(
        ylabel="% of the level before the break",
        days=days,
        series=(
            _band_series("Size", bp.size, idx, "blue"),
            _band_series("Strength", bp.strength, idx, "orange", dashed=True),
        ),
        points=points,
        markers=tuple(markers),
    )
    end = (
        bp.span.end
        if bp.span.end is not None and not bp.ongoing
        else (bp.return_day - dt.timedelta(days=1))
    )
    label = REASON_LABELS.get(reason, "Break")
    kept = bp.return_day - dt.timedelta(days=1)
    shade = Shade(bp.span.start, end, label if not bp.ongoing else f"{label} (to Monday)")
    rows = [
        ("Lost by the return, size", loss_text(o.loss_size)),
        ("Lost by the return, strength", loss_text(o.loss_strength)),
        ("Size back to 95 %", date_band_text(o.size_95, kept_until=kept)),
        ("Size back to 100 %", date_band_text(o.size_100, kept_until=kept)),
        ("Strength back to 95 %", date_band_text(o.strength_95, kept_until=kept)),
        ("Strength back to 100 %", date_band_text(o.strength_100, kept_until=kept)),
    ]
    for t in bp.lifts:
        last = t.points[-1]
        rows.append(
            (
                f"{t.name}, latest estimated 1RM ({short_date(last.day)})",
                f"{format_weight(last.e1rm_kg, unit)}: {pct(last.ratio)} of the best before "
                f"({format_weight(t.best_before_kg, unit)}); projection {pct(last.projected)}",
            )
        )
    alt = (
        f"Estimated size and strength around the break of {short_date(bp.span.start)}, "
        f"relative to the level when it started. By the return on {short_date(bp.return_day)}: "
        f"size {loss_text(o.loss_size)} lost, strength {loss_text(o.loss_strength)} lost. "
        f"At {pct(bp.dose)} of the usual training, size is back to 95 % by "
        f"{date_band_text(o.size_95, kept_until=kept)} and to 100 % by "
        f"{date_band_text(o.size_100, kept_until=kept)}; strength to 100 % by "
        f"{date_band_text(o.strength_100, kept_until=kept)}."
    )
    if bp.lifts:
        alt += f" Points: estimated 1RMs of {len(bp.lifts)} main lift(s) after the return."
    return Chart(
        kind="break",
        title="The break and the way back",
        panels=(panel,),
        alt=alt,
        table=Table(
            caption=f"Key numbers ({group_labels(bp.focus)})",
            headers=("", "Estimate"),
            rows=tuple(rows),
        ),
        shades=(shade,),
    )


# --- the planner -----------------------------------------------------------------------------


def planner_chart(pc: PlanComparison) -> Chart:
    """Size and strength for each option (the chosen one with its band), the break shaded."""
    chosen = pc.results[0]
    longest = max(len(r.dates) for r in pc.results)
    base = next(r for r in pc.results if len(r.dates) == longest)
    idx = _thin(longest)
    days = tuple(base.dates[int(i)] for i in idx)
    panels = []
    for metric, attr in (("Size", "size"), ("Strength", "strength")):
        series = []
        for i, r in enumerate(pc.results):
            values = getattr(r, attr)
            padded = _pad(values, longest)
            color = PALETTE[i % len(PALETTE)]
            if i == 0:
                series.append(_band_series(r.option.label, padded, idx, color))
            else:
                series.append(
                    Series(r.option.label, _values(padded[:, CENTRAL], idx), color=color,
                           dashed=True)
                )  # fmt: skip
        o = chosen.outcome
        b95, b100 = (o.size_95, o.size_100) if attr == "size" else (o.strength_95, o.strength_100)
        markers = tuple(
            Marker(b.central, frac, f"{pct(frac)}", "blue")
            for b, frac in ((b95, 0.95), (b100, 1.0))
            if b.central is not None and b.central > chosen.last_day
        )
        panels.append(Panel(f"{metric}, % of now", days, tuple(series), markers=markers))
    shade = Shade(chosen.first_day, chosen.last_day, "Planned break")
    rows = tuple(
        (
            r.option.label,
            loss_text(r.outcome.loss_size),
            loss_text(r.outcome.loss_strength),
            date_band_text(r.outcome.size_95, kept_until=r.last_day),
            date_band_text(r.outcome.strength_100, kept_until=r.last_day),
        )
        for r in pc.results
    )
    o = chosen.outcome
    alt = (
        f"Planned break from {short_date(chosen.first_day)} to {short_date(chosen.last_day)}, "
        f"{chosen.option.label.lower()}: size {loss_text(o.loss_size)} lost and strength "
        f"{loss_text(o.loss_strength)} lost by its end; size back to 95 % by "
        f"{date_band_text(o.size_95, kept_until=chosen.last_day)}, strength to 100 % by "
        f"{date_band_text(o.strength_100, kept_until=chosen.last_day)}."
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
            caption="The options side by side (central estimate, range in brackets)",
            headers=(
                "Option",
                "Size lost",
                "Strength lost",
                "Size back to 95 %",
                "Strength back to 100 %",
            ),
            rows=rows,
        ),
        shades=(shade,),
    )


def _pad(values: np.ndarray, rows: int) -> np.ndarray:
    """Extend (n, 3) to ``rows`` rows by repeating the last value (a shorter horizon)."""
    if values.shape[0] >= rows:
        return values[:rows]
    tail = np.repeat(values[-1:], rows - values.shape[0], axis=0)
    return np.concatenate([values, tail])
