"""Coming back from a break: what to lift in the first sessions, and how the comeback is going.

For every loaded lift of the eight weeks before a break, the plan takes the lift's best
estimated 1RM of the last four weeks before it (Epley, work sets of 1-12 reps; else the best of
the eight weeks) and the model's strength, that day, of the muscles the lift trains (main
muscles counted fully, helpers half, as the hard-set rule counts them), relative to the morning
the break began. Their product is the lift's 1RM the model expects that day; a session's working
weight is the weight of the lifter's usual reps with a few reps left in the tank (Epley
inverted, ``tracker.loading``), rounded down to the plates and dumbbells the user has.

The first session back is comfortable (about 3-4 reps in reserve, RPE 6-7); the next ones get a
little harder as the model's strength comes back, until the lift is back to its pre-break
working weight. Sessions follow the user's usual number a week.

Once sessions are logged after the return, the plan learns from them: a set logged with an RPE
says what the lifter's 1RM was that day (reps + reps in reserve); a set without one is a floor
(the lifter lifted at least this). The ratio of what was lifted to what the model expected, over
the last sessions, scales the rest of the plan (between 0.85 and 1.25) and the date it reaches
100 %.

An immobilised region is not planned until the user marks it cleared: a lift whose main muscles
were in the cast gets a note to follow the clinician's or physiotherapist's plan instead.
Estimates, not prescriptions: the plan says so where it is shown.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from statistics import median

import numpy as np

from tracker import loading, volume
from tracker.break_days import BreakSpan
from tracker.physiology import simulate
from tracker.projections.cache import History
from tracker.projections.results import CENTRAL
from tracker.projections.scenarios import MAX_HORIZON_DAYS, continue_break, usual_or_nominal
from tracker.projections.sides import HistoryLike, side_history
from tracker.timeline import LiftInfo, LiftSet, Segment, scenario_inputs, train_segment

#: The weeks before a break whose lifts get a plan, and those whose best gives the 1RM.
BEFORE_DAYS = 56
BEST_DAYS = 28
#: Reps in reserve of the first session back, the second, and from the third on; the last
#: sessions before the lift is back aim at this.
FIRST_RIR, SECOND_RIR, LATER_RIR, LAST_RIR = 3.5, 3.0, 2.5, 2.0
#: The usual reps of a lift are kept between these (a first session is no time for singles).
MIN_REPS, MAX_REPS = 3, 10
#: How far what was lifted may move the plan, and over how many of the last sessions.
ADJUST_RANGE = (0.85, 1.25)
ADJUST_SESSIONS = 3
#: The most sessions a lift's ramp lists.
MAX_SESSIONS = 12
#: A lift is back when its expected 1RM is within 1 % of the pre-break one (the model's
#: strength nears it slowly at the end); from ``NEARLY`` on, sessions aim at the last effort.
BACK, NEARLY = 0.99, 0.97
#: Days after the return a comeback is followed at most.
MAX_FOLLOW_DAYS = 182
#: Muscles as the hard-set rule counts them.
PRIMARY_WEIGHT, SECONDARY_WEIGHT = 1.0, 0.5


@dataclass(frozen=True)
class StrengthPath:
    """The model's central strength per group, one value per morning from ``first_day`` on,
    relative to the morning the break began (1.0 = as strong as then)."""

    first_day: dt.date
    groups: tuple[str, ...]
    values: np.ndarray  # (days, groups)

    def ratio(self, day: dt.date, weights: np.ndarray) -> float:
        """The weighted strength on the morning of ``day`` (the last known, past the end)."""
        row = min(max((day - self.first_day).days, 0), self.values.shape[0] - 1)
        return float(self.values[row] @ weights / weights.sum())

    @property
    def last_day(self) -> dt.date:
        return self.first_day + dt.timedelta(days=self.values.shape[0] - 1)


def lift_weights(info: LiftInfo, groups: Sequence[str]) -> np.ndarray:
    """The lift's weight for each group (main muscles 1, helpers 1/2, others 0)."""
    return np.array(
        [
            PRIMARY_WEIGHT
            if g in info.primary
            else SECONDARY_WEIGHT
            if g in info.secondary
            else 0.0
            for g in groups
        ]
    )


@dataclass(frozen=True)
class Session:
    """One suggested session of a lift."""

    day: dt.date
    weight_kg: float  # rounded to what the user can load
    reps: int
    rir: float
    #: The lift's 1RM expected that day, as a share of the pre-break one.
    expected: float

    @property
    def effort(self) -> str:
        return loading.effort_words(self.rir)


@dataclass(frozen=True)
class Logged:
    """A session logged after the return: its best estimated 1RM, as a share of the pre-break
    one, and the model's expectation that day."""

    day: dt.date
    e1rm_kg: float
    ratio: float
    expected: float


@dataclass(frozen=True)
class LiftPlan:
    lift: LiftInfo
    best_before_kg: float | None  # None: never loaded (bodyweight, cardio)
    usual_reps: int
    sessions: tuple[Session, ...]
    logged: tuple[Logged, ...]
    #: What was lifted against what the model expected (1.0 until a session is logged).
    adjustment: float
    back_on: dt.date | None  # when the lift is expected back to its pre-break 1RM
    #: Why there is no weight to suggest ("bodyweight", "injured"), else None.
    withheld: str | None = None

    @property
    def next(self) -> Session | None:
        return self.sessions[0] if self.sessions else None

    @property
    def back(self) -> bool:
        """Whether what was logged already reaches the pre-break 1RM."""
        return any(item.ratio >= BACK for item in self.logged)


@dataclass(frozen=True)
class Comeback:
    span: BreakSpan
    return_day: dt.date
    today: dt.date
    sessions_per_week: int
    lifts: tuple[LiftPlan, ...]
    #: The break's immobilised muscles, when they are not cleared yet.
    held_back: tuple[str, ...] = ()
    #: The model's path the plan was read from (for its small charts).
    path: StrengthPath | None = None

    def chart(self, plan: LiftPlan) -> MiniChart | None:
        """The lift's way back drawn small (None without logged sessions)."""
        return None if self.path is None else mini_chart(plan, self.path, self.return_day)

    @property
    def planned(self) -> tuple[LiftPlan, ...]:
        return tuple(p for p in self.lifts if p.next is not None)

    @property
    def over(self) -> bool:
        """Every loaded lift is back, or the comeback has been followed as long as it is."""
        loaded = [p for p in self.lifts if p.withheld is None]
        if loaded and all(p.back or p.next is None for p in loaded):
            return True
        return (self.today - self.return_day).days > MAX_FOLLOW_DAYS

    @property
    def ends_on(self) -> dt.date | None:
        """When the last lift is expected back."""
        days = [p.back_on for p in self.lifts if p.back_on is not None]
        return max(days) if days else None


# --- the model's path ---------------------------------------------------------------------


def strength_path(
    history: History, span: BreakSpan, return_day: dt.date, dose: float = 1.0
) -> StrengthPath:
    """The model's strength per group from the break's first morning on: the history up to
    today, then (an ongoing break going on until ``return_day``) the user's usual training.
    For a one-sided break the injured limb's groups follow that side (simulated apart): the
    weaker side is what a lift of that limb can do."""
    path = _strength_path(history, span, return_day, dose, apart=False)
    side = side_history(history, span.side) if span.sided_muscles else None
    if side is None:
        return path
    injured = _strength_path(side, span, return_day, dose, apart=True)
    values = np.array(path.values)
    for j, group in enumerate(injured.groups):
        values[:, path.groups.index(group)] = injured.values[: values.shape[0], j]
    return StrengthPath(path.first_day, path.groups, values)


def _strength_path(
    history: HistoryLike, span: BreakSpan, return_day: dt.date, dose: float, apart: bool
) -> StrengthPath:
    tl = history.timeline
    today = tl.today
    ref_row = tl.row_before(span.start)
    past = history.strength[ref_row:, CENTRAL, :]
    segments: list[Segment] = []
    more = (return_day - today).days - 1
    if more > 0 and (span.end is None or span.end >= today):
        segments.append(continue_break(span, more, apart))
    follow = min(MAX_FOLLOW_DAYS + max(more, 0), MAX_HORIZON_DAYS)
    segments.append(train_segment(follow, usual_or_nominal(history, span.start) * dose))
    sim = simulate(scenario_inputs(tl.groups, segments), history.profile, initial=history.final)
    future = np.asarray(sim.strength)[1:]
    values = np.concatenate([past, future]) / history.strength[ref_row, CENTRAL, :]
    return StrengthPath(span.start, tl.groups, values)


def planned_strength_path(
    history: History, span: BreakSpan, pause: Segment, dose: float = 1.0
) -> StrengthPath:
    """The model's strength per group for a break that has not begun: the user's usual
    training until ``span.start``, the ``pause``, then the usual training again; from the
    break's first morning on, relative to that morning."""
    tl = history.timeline
    lead = max((span.start - tl.today).days - 1, 0)
    usual = tl.usual_weekly_sets()
    weekly = np.zeros(len(tl.groups)) if usual is None else usual
    follow = min(MAX_FOLLOW_DAYS, MAX_HORIZON_DAYS)
    segments = [train_segment(lead, weekly), pause, train_segment(follow, weekly * dose)]
    sim = simulate(scenario_inputs(tl.groups, segments), history.profile, initial=history.final)
    values = np.asarray(sim.strength)[lead:]
    return StrengthPath(span.start, tl.groups, values / values[0])


# --- the plan -----------------------------------------------------------------------------


def plan_comeback(
    path: StrengthPath,
    span: BreakSpan,
    return_day: dt.date,
    today: dt.date,
    sets: Sequence[LiftSet],
    infos: Mapping[int, LiftInfo],
    steps: loading.Steps,
    sessions_per_week: float,
    *,
    cleared: bool = False,
    lifts_until: dt.date | None = None,
) -> Comeback:
    """The comeback plan of every lift done in the weeks before ``span``.

    ``sets`` are the user's logged sets around the break (before and after it); ``infos`` the
    exercises they name; ``sessions_per_week`` the user's usual rhythm before the break. For a
    break still to come, ``lifts_until`` (tomorrow) ends the weeks whose lifts are planned.
    """
    per_week = int(min(max(round(sessions_per_week), 2), 6))
    followed = (today - return_day).days <= MAX_FOLLOW_DAYS
    held = (
        tuple(sorted(span.muscles))
        if span.mode == "immobilized" and not cleared and followed
        else ()
    )
    until = min(span.start, lifts_until) if lifts_until else span.start
    before_start = until - dt.timedelta(days=BEFORE_DAYS)
    by_lift: dict[int, list[LiftSet]] = {}
    for s in sets:
        by_lift.setdefault(s.exercise_id, []).append(s)
    plans = []
    for exercise_id, logged in by_lift.items():
        info = infos.get(exercise_id)
        if info is None:
            continue
        before = [s for s in logged if before_start <= s.day < until]
        if not before:
            continue
        follow_until = return_day + dt.timedelta(days=MAX_FOLLOW_DAYS)
        after = [s for s in logged if return_day <= s.day <= follow_until]
        plans.append(
            _lift_plan(path, info, before, after, until, return_day, today, steps, per_week, held)
        )
    plans.sort(
        key=lambda p: (
            p.withheld is not None,
            p.next is None,
            -(p.best_before_kg or 0),
            p.lift.name,
        )
    )
    return Comeback(span, return_day, today, per_week, tuple(plans), held, path)


def _lift_plan(
    path: StrengthPath,
    info: LiftInfo,
    before: Sequence[LiftSet],
    after: Sequence[LiftSet],
    until: dt.date,
    return_day: dt.date,
    today: dt.date,
    steps: loading.Steps,
    per_week: int,
    held: tuple[str, ...],
) -> LiftPlan:
    work = [
        s for s in before if volume.estimated_1rm(s.exercise_kind, s.set_kind, s.weight_kg, s.reps)
    ]
    reps = int(
        min(max(round(median(s.reps for s in work)) if work else MIN_REPS, MIN_REPS), MAX_REPS)
    )
    if not work:
        return LiftPlan(info, None, reps, (), (), 1.0, None, withheld="bodyweight")
    if held and set(info.primary) & set(held):
        return LiftPlan(info, _best(work, until), reps, (), (), 1.0, None, "injured")
    best = _best(work, until)
    weights = lift_weights(info, path.groups)
    if not weights.any():
        weights = np.ones(len(path.groups))
    logged = _logged(after, best, path, weights)
    adjustment = _adjustment(logged, after, best, path, weights)

    def expected(day: dt.date) -> float:
        return path.ratio(day, weights) * adjustment

    first = max(return_day, today)
    if logged and logged[-1].day >= first:
        first = logged[-1].day + dt.timedelta(days=1)
    gap = max(1, round(7 / per_week))
    sessions: list[Session] = []
    reached = any(item.ratio >= BACK for item in logged)
    day, number = first, len(logged)
    while not reached and len(sessions) < MAX_SESSIONS and day <= path.last_day:
        share = min(expected(day), 1.0)
        rir = FIRST_RIR if number == 0 else SECOND_RIR if number == 1 else LATER_RIR
        if number > 0 and share >= NEARLY:
            rir = LAST_RIR  # the first session back stays comfortable, whatever the model says
        target = loading.working_weight(best * share, reps, rir)
        sessions.append(
            Session(day, loading.round_down(target, info.equipment, steps), reps, rir, share)
        )
        if share >= BACK:
            break
        day += dt.timedelta(days=gap)
        number += 1
    return LiftPlan(
        lift=info,
        best_before_kg=best,
        usual_reps=reps,
        sessions=tuple(sessions),
        logged=tuple(logged),
        adjustment=adjustment,
        back_on=_back_on(path, weights, adjustment, first),
    )


def _best(work: Iterable[LiftSet], start: dt.date) -> float:
    """Best estimated 1RM of the last four weeks before ``start``, else of all ``work``."""
    recent = start - dt.timedelta(days=BEST_DAYS)
    estimates = [
        (s.day, volume.estimated_1rm(s.exercise_kind, s.set_kind, s.weight_kg, s.reps))
        for s in work
    ]
    late = [e for day, e in estimates if e is not None and day >= recent]
    every = [e for _, e in estimates if e is not None]
    return float(max(late or every))


def _session_1rm(sets: Iterable[LiftSet]) -> dict[dt.date, float]:
    days: dict[dt.date, float] = {}
    for s in sets:
        e1rm = volume.estimated_1rm(s.exercise_kind, s.set_kind, s.weight_kg, s.reps)
        if e1rm is not None:
            days[s.day] = max(days.get(s.day, 0.0), e1rm)
    return days


def _logged(
    after: Sequence[LiftSet], best: float, path: StrengthPath, weights: np.ndarray
) -> list[Logged]:
    return [
        Logged(day, e1rm, e1rm / best, path.ratio(day, weights))
        for day, e1rm in sorted(_session_1rm(after).items())
    ]


def _adjustment(
    logged: Sequence[Logged],
    after: Sequence[LiftSet],
    best: float,
    path: StrengthPath,
    weights: np.ndarray,
) -> float:
    """What the last sessions lifted against what the model expected: a set with an RPE gives
    the 1RM of that day (reps + reps in reserve); without one, only a floor (never lowers)."""
    if not logged:
        return 1.0
    recent_days = {item.day for item in logged[-ADJUST_SESSIONS:]}
    ratios: list[float] = []
    floor_only = True
    for s in after:
        if s.day not in recent_days:
            continue
        plain = volume.estimated_1rm(s.exercise_kind, s.set_kind, s.weight_kg, s.reps)
        if plain is None:
            continue
        rpe = s.rpe
        if rpe is not None and 5 <= rpe <= 10:
            e1rm = s.weight_kg * (1 + (s.reps + (10 - rpe)) / 30)
            floor_only = False
        else:
            e1rm = plain
        ratios.append(e1rm / best / path.ratio(s.day, weights))
    if not ratios:
        return 1.0
    value = (
        float(np.median(sorted(ratios)[-ADJUST_SESSIONS:]))
        if floor_only
        else float(np.median(ratios))
    )
    if floor_only:
        value = max(value, 1.0)
    low, high = ADJUST_RANGE
    return min(max(value, low), high)


def _back_on(
    path: StrengthPath, weights: np.ndarray, adjustment: float, first: dt.date
) -> dt.date | None:
    """The first morning from ``first`` on when the adjusted strength reaches the level before
    the break (None when not within the path)."""
    start = max((first - path.first_day).days, 0)
    series = path.values[start:] @ weights / weights.sum() * adjustment
    hits = np.flatnonzero(series >= BACK)
    if hits.size == 0:
        return None
    return first + dt.timedelta(days=int(hits[0]))


# --- a lift's way back, drawn small ---------------------------------------------------------


@dataclass(frozen=True)
class MiniChart:
    """A lift's comeback as a small SVG: the model's expectation as a line, the logged
    sessions as dots, both as a share of the pre-break 1RM; 100 % as a dashed line."""

    width: int
    height: int
    expected: str  # polyline points
    logged: tuple[tuple[float, float], ...]  # dot centres
    full: float  # y of 100 %
    low: float  # the share at the bottom of the chart
    high: float  # and at its top


def mini_chart(
    plan: LiftPlan, path: StrengthPath, start: dt.date, width: int = 300, height: int = 90
) -> MiniChart | None:
    """From ``start`` (the return) to the last logged or planned session, or None when there is
    nothing logged to compare."""
    if not plan.logged or plan.best_before_kg is None:
        return None
    weights = lift_weights(plan.lift, path.groups)
    if not weights.any():
        weights = np.ones(len(path.groups))
    days = [item.day for item in plan.logged] + [s.day for s in plan.sessions]
    span = max((max(days) - start).days, 7)
    xs = np.arange(span + 1)
    expected = np.array([path.ratio(start + dt.timedelta(days=int(d)), weights) for d in xs])
    shares = [item.ratio for item in plan.logged]
    low = min(0.5, float(expected.min()), *shares) if shares else 0.5
    low = max(min(low, 0.9), 0.0)
    high = max(1.1, float(expected.max()), *shares)
    pad = 4

    def x(day: float) -> float:
        return pad + day / span * (width - 2 * pad)

    def y(share: float) -> float:
        return pad + (high - share) / (high - low) * (height - 2 * pad)

    points = " ".join(
        f"{x(float(d)):.1f},{y(float(v)):.1f}" for d, v in zip(xs, expected, strict=True)
    )
    dots = tuple((round(x((i.day - start).days), 1), round(y(i.ratio), 1)) for i in plan.logged)
    return MiniChart(width, height, points, dots, round(y(1.0), 1), low, high)
