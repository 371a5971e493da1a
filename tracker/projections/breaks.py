"""Break projections: a break going on (the dashboard's loss so far and two ways back) and a
break's page (before, during and after it, with the main lifts' logged 1RMs against the
projected strength).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from tracker import volume
from tracker.break_days import BreakSpan
from tracker.projections.cache import History
from tracker.projections.groups import aggregate, focus_weights
from tracker.projections.results import CENTRAL, DateBand, Estimate, Outcome
from tracker.projections.scenarios import (
    MAX_HORIZON_DAYS,
    break_focus,
    chart_end,
    continue_break,
    horizon_for,
    next_monday,
    outcome,
    run_scenario,
    usual_or_nominal,
)
from tracker.projections.sides import HistoryLike, SideHistory, side_history, side_name
from tracker.timeline import LiftSet, train_segment

# --- the dashboard: a break going on ---------------------------------------------------------


@dataclass(frozen=True)
class ReturnOption:
    """Coming back on ``return_day`` (the break lasts until the day before)."""

    label: str
    return_day: dt.date
    outcome: Outcome

    @property
    def last_day(self) -> dt.date:
        return self.return_day - dt.timedelta(days=1)


@dataclass(frozen=True, eq=False)
class SideLine:
    """One side of a one-sided break: its strength relative to the level when the break began
    (now, for a break going on; at the return, for one that ended) and when it is back to
    95 % (``strength_95``; for the healthy side, usually never lost)."""

    side: str  # "left" or "right"
    name: str  # "left arm"
    injured: bool
    strength: Estimate
    strength_95: DateBand
    #: Strength along the break page's chart days, (n, 3), relative to the level before.
    series: np.ndarray | None = None


#: Sides whose strength differs by less than this are shown as one (0.5 %).
SIDES_DIFFER = 0.005


def _kept(loss: Estimate) -> Estimate:
    """What is left of a level after ``loss`` (1 - loss; the band turned around)."""
    return Estimate(1.0 - loss.central, 1.0 - loss.high, 1.0 - loss.low)


def sides_differ(lines: Sequence[SideLine]) -> bool:
    """Whether the sides are far enough apart to be shown one by one."""
    values = [line.strength.central for line in lines]
    return len(values) > 1 and max(values) - min(values) >= SIDES_DIFFER


def _apart(history: HistoryLike, span: BreakSpan) -> SideHistory | None:
    """The break's injured side simulated apart, for a one-sided break of a user's history."""
    if span.side is None or not span.sided_muscles or not isinstance(history, History):
        return None
    return side_history(history, span.side)


@dataclass(frozen=True)
class OngoingBreak:
    day: int  # day 1 = the first day of the break
    loss_size: Estimate  # lost so far
    loss_strength: Estimate
    options: tuple[ReturnOption, ...]
    #: A one-sided break: the injured side (the numbers above) and the healthy one.
    sides: tuple[SideLine, ...] = ()

    @property
    def sides_differ(self) -> bool:
        return sides_differ(self.sides)


def ongoing_break(history: HistoryLike, span: BreakSpan, dose: float = 1.0) -> OngoingBreak:
    """Loss so far, and the regain if the user is back next Monday, or two weeks later.

    For a one-sided break the numbers are the injured side's, with both sides in ``sides``.
    """
    apart = _apart(history, span)
    if apart is None:
        return _ongoing_break(history, span, dose, apart=False)
    injured = _ongoing_break(apart, span, dose, apart=True)
    healthy = _ongoing_break(history, span, dose, apart=False)
    name = side_name(apart.side, span.sided_muscles)
    other = side_name(_other(apart.side), span.sided_muscles)
    lines = (
        SideLine(
            apart.side,
            name,
            True,
            _kept(injured.loss_strength),
            injured.options[0].outcome.strength_95,
        ),
        SideLine(
            _other(apart.side),
            other,
            False,
            _kept(healthy.loss_strength),
            healthy.options[0].outcome.strength_95,
        ),
    )
    return dataclasses.replace(injured, sides=lines)


def _other(side: str) -> str:
    return "right" if side == "left" else "left"


def _ongoing_break(history: HistoryLike, span: BreakSpan, dose: float, apart: bool) -> OngoingBreak:
    tl = history.timeline
    today = tl.today
    weights = focus_weights(tl.groups, history.weights(), break_focus(span))
    ref_row = tl.row_before(span.start)
    size = aggregate(history.size, weights)
    strength = aggregate(history.strength, weights)
    ref_size, ref_strength = size[ref_row], strength[ref_row]
    usual = usual_or_nominal(history, span.start) * dose
    monday = next_monday(today)
    options = []
    for label, back in (
        ("If you are back on Monday", monday),
        ("If the break lasts two more weeks", monday + dt.timedelta(days=14)),
    ):
        more = (back - today).days - 1
        horizon = horizon_for((back - span.start).days)
        segments = [continue_break(span, more, apart), train_segment(horizon, usual)]
        # A checkpoint keeps the history's scale: the scenario's values compare with it directly.
        sc = run_scenario(history.final, history.profile, segments, weights, today)
        result = outcome(sc.size, sc.strength, ref_size, ref_strength, more, sc.date_of_row)
        options.append(ReturnOption(label, back, result))
    return OngoingBreak(
        day=(today - span.start).days + 1,
        loss_size=Estimate.of(1.0 - size[-1] / ref_size),
        loss_strength=Estimate.of(1.0 - strength[-1] / ref_strength),
        options=tuple(options),
    )


# --- a break's page --------------------------------------------------------------------------


@dataclass(frozen=True)
class LiftPoint:
    day: dt.date
    e1rm_kg: float
    #: The estimated 1RM relative to the pre-break best (1.0 = as strong as before).
    ratio: float
    #: The projected strength that day, relative to the level when the break started.
    projected: float


@dataclass(frozen=True)
class LiftTrack:
    """A main lift's estimated 1RMs (Epley) after the break, against the projection."""

    exercise_id: int
    name: str
    best_before_kg: float
    points: tuple[LiftPoint, ...]

    @property
    def latest_difference(self) -> float:
        last = self.points[-1]
        return last.ratio - last.projected


@dataclass(frozen=True, eq=False)
class BreakProjection:
    span: BreakSpan
    ongoing: bool
    return_day: dt.date
    dose: float
    focus: tuple[str, ...]  # the groups averaged (all trained ones, or the immobilised ones)
    #: Level on the break's first morning, relative to the peak so far.
    before_size: Estimate
    before_strength: Estimate
    #: Lost so far (ongoing) or over the whole break (ended).
    loss_size: Estimate
    loss_strength: Estimate
    outcome: Outcome  # at the return (for an ongoing break: a return next Monday)
    usual_weekly_sets: float  # over the focus groups, summed
    #: The chart's series relative to the break's start level, per parameter set.
    dates: tuple[dt.date, ...]
    size: np.ndarray  # (n, 3)
    strength: np.ndarray  # (n, 3)
    projection_from: int  # index in ``dates`` where the projection starts
    lifts: tuple[LiftTrack, ...] = ()
    #: A one-sided break: the injured side (the numbers above) and the healthy one.
    sides: tuple[SideLine, ...] = ()

    @property
    def sides_differ(self) -> bool:
        return sides_differ(self.sides)

    @property
    def last_day(self) -> dt.date:
        """The break's last day in the projection (for an ongoing one: the Sunday before)."""
        return self.return_day - dt.timedelta(days=1)

    @property
    def lift_difference(self) -> float | None:
        """Mean of the main lifts' latest difference to the projection (None without lifts)."""
        if not self.lifts:
            return None
        return float(np.mean([t.latest_difference for t in self.lifts]))


#: Days of history before a break shown on its chart.
LEAD_DAYS = 56
#: The "main lifts" compared with the projection, and the weeks before a break they look at.
MAX_LIFTS = 3
BEST_BEFORE_DAYS = 182


def break_projection(
    history: HistoryLike,
    span: BreakSpan,
    dose: float = 1.0,
    lifts: Sequence[LiftSet] = (),
) -> BreakProjection:
    """Before, during and after a break; a projected regain at ``dose`` x the usual volume.

    For a one-sided break the numbers and the chart's lines are the injured side's, with
    both sides in ``sides`` (their strength along the same days).
    """
    apart = _apart(history, span)
    if apart is None:
        return _break_projection(history, span, dose, lifts, apart=False)
    injured = _break_projection(apart, span, dose, lifts, apart=True)
    healthy = _break_projection(history, span, dose, lifts, apart=False)
    rows = len(injured.dates)

    def along(series: np.ndarray) -> np.ndarray:
        """A series on the injured side's chart days (the last value held past its end)."""
        if series.shape[0] >= rows:
            return series[:rows]
        return np.concatenate([series, np.repeat(series[-1:], rows - series.shape[0], axis=0)])

    lines = tuple(
        SideLine(
            side,
            side_name(side, span.sided_muscles),
            side == apart.side,
            _kept(bp.outcome.loss_strength),
            bp.outcome.strength_95,
            along(bp.strength),
        )
        for side, bp in ((apart.side, injured), (_other(apart.side), healthy))
    )
    return dataclasses.replace(injured, sides=lines)


def _break_projection(
    history: HistoryLike,
    span: BreakSpan,
    dose: float,
    lifts: Sequence[LiftSet],
    apart: bool,
) -> BreakProjection:
    tl = history.timeline
    today = tl.today
    focus = break_focus(span)
    weights = focus_weights(tl.groups, history.weights(), focus)
    size = aggregate(history.size, weights)
    strength = aggregate(history.strength, weights)
    ref_row = tl.row_before(span.start)
    ref_size, ref_strength = size[ref_row], strength[ref_row]
    usual = usual_or_nominal(history, span.start)
    ongoing = span.end is None or span.end >= today
    if ongoing:
        back = next_monday(today)
        more = (back - today).days - 1
        start_row = history.rows - 1
        first = [continue_break(span, more, apart)]
        loss_row_hist = start_row
    else:
        assert span.end is not None
        back = span.end + dt.timedelta(days=1)
        more = 0
        start_row = tl.row_after(span.end)
        first = []
        loss_row_hist = start_row
    # Follow the regain long enough to compare with the lifts logged since the return.
    logged_after = [s.day for s in lifts if back <= s.day <= today]
    until = max(logged_after) if logged_after else None
    horizon = horizon_for((back - span.start).days)
    if until is not None:
        horizon = max(horizon, (until - back).days + 28)
    horizon = min(horizon, MAX_HORIZON_DAYS)
    segments = [*first, train_segment(horizon, usual * dose)]
    origin = tl.date_of_row(start_row)
    sc = run_scenario(history.state_at(start_row), history.profile, segments, weights, origin)
    proj_size, proj_strength = sc.size, sc.strength
    result = outcome(proj_size, proj_strength, ref_size, ref_strength, more, sc.date_of_row)

    lead = max(ref_row - LEAD_DAYS, 0)
    hist_rows = range(lead, start_row + 1)

    def projected_on(day: dt.date) -> float:
        row = (day - origin).days
        row = min(max(row, 0), proj_strength.shape[0] - 1)
        return float(proj_strength[row, CENTRAL] / ref_strength[CENTRAL])

    tracks = lift_tracks(lifts, span.start, back, today, projected_on)
    last_row = chart_end(result, sc, more, until)
    dates = [tl.date_of_row(r) for r in hist_rows] + [
        sc.date_of_row(r) for r in range(1, last_row + 1)
    ]
    rel_size = np.concatenate([size[lead : start_row + 1], proj_size[1 : last_row + 1]])
    rel_strength = np.concatenate([strength[lead : start_row + 1], proj_strength[1 : last_row + 1]])
    peak_size = float(size[: ref_row + 1, CENTRAL].max())
    peak_strength = float(strength[: ref_row + 1, CENTRAL].max())
    focus_keys = tuple(g for g, w in zip(tl.groups, weights, strict=True) if w > 0)

    return BreakProjection(
        span=span,
        ongoing=ongoing,
        return_day=back,
        dose=dose,
        focus=focus_keys,
        before_size=Estimate.of(size[ref_row] / peak_size),
        before_strength=Estimate.of(strength[ref_row] / peak_strength),
        loss_size=Estimate.of(1.0 - size[loss_row_hist] / ref_size),
        loss_strength=Estimate.of(1.0 - strength[loss_row_hist] / ref_strength),
        outcome=result,
        usual_weekly_sets=float(usual @ (weights > 0)),
        dates=tuple(dates),
        size=rel_size / ref_size,
        strength=rel_strength / ref_strength,
        projection_from=len(hist_rows),
        lifts=tracks,
    )


def lift_tracks(
    sets: Sequence[LiftSet],
    start: dt.date,
    back: dt.date,
    today: dt.date,
    projected_on: Callable[[dt.date], float],
) -> tuple[LiftTrack, ...]:
    """The main lifts' daily best estimated 1RM after ``back``, against the projection.

    Main lifts: the loaded exercises with the most work sets in the half year before the break
    that have an estimate before it and at least one after the return (at most three).
    """
    before: dict[int, list[float]] = {}
    after: dict[int, dict[dt.date, float]] = {}
    names: dict[int, str] = {}
    window = start - dt.timedelta(days=BEST_BEFORE_DAYS)
    for s in sets:
        e1rm = volume.estimated_1rm(s.exercise_kind, s.set_kind, s.weight_kg, s.reps)
        if e1rm is None:
            continue
        names[s.exercise_id] = s.name
        if window <= s.day < start:
            before.setdefault(s.exercise_id, []).append(e1rm)
        elif back <= s.day <= today:
            days = after.setdefault(s.exercise_id, {})
            days[s.day] = max(days.get(s.day, 0.0), e1rm)
    candidates = sorted(
        (ex for ex in before if ex in after), key=lambda ex: (-len(before[ex]), names[ex])
    )
    tracks = []
    for ex in candidates[:MAX_LIFTS]:
        best = max(before[ex])
        points = tuple(
            LiftPoint(day, e1rm, e1rm / best, projected_on(day))
            for day, e1rm in sorted(after[ex].items())
        )
        tracks.append(LiftTrack(ex, names[ex], best, points))
    return tuple(tracks)
