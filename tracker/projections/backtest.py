"""How well Regain has predicted you: every past break predicted again, from the log up to it.

For every past break (a recorded break that has ended, or a stretch of
:data:`MIN_GAP_DAYS` days or more without a workout) and every loaded lift done on at least
:data:`MIN_LOGGED_DAYS` days in the :data:`BEFORE_DAYS` days before it and as many in the
:data:`AFTER_DAYS` days after the return:

- *before*: the best estimated 1RM (Epley, 1-12 reps, no warm-ups; ``tracker.volume``) of the
  last :data:`PRE_DAYS` days before the break;
- *predicted*: what the model says the lift will be in the first :data:`BACK_DAYS` days back,
  as a ratio of its level when the break began (the best of those days, as observed), with the
  band, and the days until it is back to 95 %. The prediction sees only the log before the
  break: the model's state on its first morning (the scan over days is causal, so the state
  depends on nothing later; ``tests/test_backtest.py`` checks it), the usual volume of the
  8 weeks before it, the break's length and kind, and training years given or inferred from
  the log before the break;
- *observed*: the best estimated 1RM of the first :data:`BACK_DAYS` days back, over the
  before value, and the days until a session reached 95 % of it.

Next to the model, two simple predictors that need no model: "nothing lost" (a ratio of 1)
and the fitness curve of endurance apps (a :data:`FITNESS_DAYS`-day exponentially weighted
average of the daily load, here the lift's hard sets, relative to its value when the break
began; back at the usual load after the break).

The personal calibration (:mod:`tracker.projections.calibration`) learns from the same cases:
each prediction is run again with the lifter's loss and regain factors a little up and down
(its sensitivities), the fit of all breaks is the user's calibration, and **leave-one-out**
each break is predicted again with the factors fitted to the other breaks only (the model's
state on the break's first morning is the average lifter's; the factors act from the break
on), so that the error with calibration is measured on breaks the fit has not seen.

Pure: plain values in (:class:`BacktestLog`), plain values out; ``tracker.crud.backtest``
reads a user's log from the database.
"""

from __future__ import annotations

import bisect
import datetime as dt
import math
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np
from sqlmodel import Session

from tracker import volume
from tracker.break_days import BreakSpan, find_gaps
from tracker.physiology import Profile, Response, Simulation, simulate
from tracker.projections import calibration as calibrating
from tracker.projections.cache import ProjectionCache
from tracker.projections.comeback import FIRST_RIR
from tracker.projections.scenarios import continue_break
from tracker.projections.training_status import START_DAYS, infer_training_years
from tracker.timeline import (
    ExerciseMuscles,
    ExerciseSets,
    LogRows,
    Segment,
    Timeline,
    build_timeline,
    profile_for,
    scenario_inputs,
    train_segment,
    usual_weekly_sets,
)

if TYPE_CHECKING:
    from tracker.models import User

#: Unrecorded stretches without a workout of at least this many days count as breaks.
MIN_GAP_DAYS = 21
#: A lift is compared when it was done on this many days before the break and after it.
MIN_LOGGED_DAYS = 2
#: Days before the break in which the lift must have been done.
BEFORE_DAYS = 56
#: Days before the break whose best estimated 1RM is the level before.
PRE_DAYS = 28
#: Days after the return in which the lift must have been done.
AFTER_DAYS = 84
#: Days after the return whose best estimated 1RM is what the lifter did.
BACK_DAYS = 14
#: The level whose return is timed ("days until 95 %").
TARGET = 0.95
#: Time constant of the fitness curve (days), the chronic training load of endurance apps.
FITNESS_DAYS = 42
#: Observed return ratios outside this range are not a return but a data problem (a typo, a
#: unit mix-up, another exercise logged under the same name): listed, left out of the summary.
PLAUSIBLE_RATIOS = (0.5, 2.0)
#: The band of a return is the model's band (its parameter sets giving the least and the most)
#: widened by how much the same statistic varies in the lifter's own continuous training: its
#: quantiles below, so that the band is meant to hold this share of returns.
INTENDED_COVERAGE = 0.6
NOISE_QUANTILES = (0.2, 0.8)
#: Windows of continuous training needed to use the lifter's own variation; with fewer, the
#: variation measured on real lifters' logs (the median of those quantiles over the eight
#: sample logs of bench/bench_returns.py with enough windows).
MIN_NOISE_WINDOWS = 20
DEFAULT_NOISE = (0.95, 1.075)
#: "Continuous training": no stretch of more than this many days without a workout.
CONTINUOUS_GAP_DAYS = 10
#: Weight of a lift's secondary muscles in its strength (primary muscles weigh 1).
SECONDARY_SHARE = 0.5


class WorkSet(NamedTuple):
    """One logged set: the day, the exercise, its kind (warmup, normal, ...), load and reps."""

    day: dt.date
    exercise_id: int
    set_kind: str
    weight_kg: float | None
    reps: int | None


@dataclass(frozen=True)
class ExerciseInfo:
    """An exercise of the log: Regain's name, its kind, its muscles and the names it was
    imported under."""

    name: str
    kind: str
    primary: tuple[str, ...]
    secondary: tuple[str, ...] = ()
    source_names: tuple[str, ...] = ()
    key: str | None = None  # the catalogue exercise's key (None: a custom exercise)


@dataclass(frozen=True)
class BacktestLog:
    """A user's log as the backtest needs it. ``training_years`` ``None``: not set by the user
    (the model then uses what the log suggests, see :func:`training_years_for`)."""

    sets: tuple[WorkSet, ...]
    exercises: Mapping[int, ExerciseInfo]
    breaks: tuple[BreakSpan, ...] = ()
    training_gaps: tuple[tuple[dt.date, dt.date], ...] = ()
    birth_year: int | None = None
    sex: str | None = None
    training_years: float | None = None


@dataclass(frozen=True)
class PastBreak:
    """A break examined: from ``first_day`` to the day before ``return_day`` (the first
    workout after it). ``span`` is the recorded break, or a rest stretch for a gap."""

    first_day: dt.date
    return_day: dt.date
    recorded: bool
    span: BreakSpan

    @property
    def days(self) -> int:
        return (self.return_day - self.first_day).days


@dataclass(frozen=True)
class Case:
    """One lift over one break: before, predicted (with the band) and observed."""

    exercise_id: int
    exercise: str
    source_names: tuple[str, ...]
    break_first_day: dt.date
    return_day: dt.date
    recorded: bool
    pre_e1rm_kg: float
    predicted_ratio: float
    predicted_ratio_low: float  # the band of what the log may show (model band x variation)
    predicted_ratio_high: float
    model_ratio_low: float  # the model's own band (its parameter sets)
    model_ratio_high: float
    predicted_days_to_95: int | None
    observed_ratio: float | None
    observed_days_to_95: int | None
    fitness_ratio: float
    training_years: float
    #: How the central prediction moves with ln(loss factor) and ln(regain factor).
    sensitivity: tuple[float, float] = (0.0, 0.0)
    #: Predicted with the factors fitted to the other breaks (leave-one-out), with the band.
    calibrated_ratio: float | None = None
    calibrated_ratio_low: float | None = None
    calibrated_ratio_high: float | None = None
    #: The first session back: what it lifted (best estimated 1RM) against the comeback
    #: plan's suggestion for it (the suggested set's own estimated 1RM); None without one.
    first_session_ratio: float | None = None

    @property
    def break_days(self) -> int:
        return (self.return_day - self.break_first_day).days

    @property
    def counted(self) -> bool:
        """Whether the case counts in the summary: observed, and a plausible ratio."""
        if self.observed_ratio is None:
            return False
        low, high = PLAUSIBLE_RATIOS
        return low <= self.observed_ratio <= high

    @property
    def inside_band(self) -> bool | None:
        if self.observed_ratio is None:
            return None
        return self.predicted_ratio_low <= self.observed_ratio <= self.predicted_ratio_high

    @property
    def fit_used(self) -> bool:
        """Whether the calibration learns from it (observed, and a plausible return: see
        ``calibration.FIT_RATIOS``)."""
        return self.counted and calibrating.usable(self.observed_ratio)

    @property
    def break_key(self) -> tuple[dt.date, dt.date]:
        return (self.break_first_day, self.return_day)


@dataclass(frozen=True)
class Summary:
    """The model's error and bias (predicted - observed, return ratio) next to the simple
    predictors', and the share of observations inside the band. ``None`` without cases."""

    cases: int
    breaks: int
    left_out: int  # observed, but implausible (see PLAUSIBLE_RATIOS)
    model_error: float | None
    model_bias: float | None
    nothing_lost_error: float | None
    nothing_lost_bias: float | None
    fitness_error: float | None
    fitness_bias: float | None
    band_coverage: float | None
    band_median_width: float | None
    model_band_coverage: float | None  # the parameter sets' band alone
    days_to_95_error: float | None
    days_to_95_cases: int
    #: The first session back against the comeback plan's suggestion: the median ratio (lifted /
    #: suggested) and the share of first sessions within 10 % of it.
    first_session_median: float | None = None
    first_session_within_10: float | None = None
    first_session_cases: int = 0
    #: Leave-one-out: the cases with a calibrated prediction (counted), its error, bias and
    #: band, and the average lifter's error on the same cases.
    calibrated_cases: int = 0
    calibrated_error: float | None = None
    calibrated_bias: float | None = None
    calibrated_band_coverage: float | None = None
    uncalibrated_error: float | None = None
    uncalibrated_bias: float | None = None


@dataclass(frozen=True)
class Backtest:
    breaks: tuple[PastBreak, ...]
    cases: tuple[Case, ...]
    summary: Summary
    training_years: float | None = None  # what the model used (the last break's), None: none
    inferred: bool = False
    notes: tuple[str, ...] = field(default_factory=tuple)
    #: The personal calibration fitted to every break (``calibration.MAX_BREAKS`` at most).
    calibration: calibrating.Calibration = field(default_factory=calibrating.Calibration)


# --- the breaks ------------------------------------------------------------------------------


def workout_days(log: BacktestLog) -> list[dt.date]:
    return sorted({s.day for s in log.sets})


def past_breaks(log: BacktestLog, today: dt.date) -> list[PastBreak]:
    """Recorded breaks that have ended, and unrecorded stretches of :data:`MIN_GAP_DAYS` days
    or more without a workout, each with the first workout after it; oldest first."""
    return breaks_between(workout_days(log), log.breaks, log.training_gaps, today)


def breaks_between(
    days: Sequence[dt.date],
    breaks: Sequence[BreakSpan],
    training_gaps: Sequence[tuple[dt.date, dt.date]],
    today: dt.date,
) -> list[PastBreak]:
    """:func:`past_breaks` from the sorted workout days, the recorded breaks and the
    "training, not logging" gaps alone."""
    if not days:
        return []
    found: list[PastBreak] = []
    for span in breaks:
        if span.end is None or span.end >= today:
            continue
        at = bisect.bisect_right(days, span.end)
        if at < len(days) and days[at] <= today:
            found.append(PastBreak(span.start, days[at], True, span))
    for gap in find_gaps(days, breaks, training_gaps, days[0], today, MIN_GAP_DAYS):
        if gap.ongoing:
            continue
        found.append(
            PastBreak(
                gap.start, gap.end + dt.timedelta(days=1), False, BreakSpan(gap.start, gap.end)
            )
        )
    return sorted(found, key=lambda b: b.first_day)


def fingerprint(
    days: Sequence[dt.date],
    breaks: Sequence[BreakSpan],
    training_gaps: Sequence[tuple[dt.date, dt.date]],
    today: dt.date,
) -> tuple[Hashable, ...]:
    """What the calibration depends on, read from the workout days alone: every past break
    (its days and kind) with the number of days logged in the weeks before it and after the
    return that the backtest reads. It changes with a new break or return and with a workout
    around one, not with a set added to a logged day or anywhere else in the log."""
    items: list[Hashable] = []
    for period in breaks_between(days, breaks, training_gaps, today):
        before = period.first_day - dt.timedelta(days=BEFORE_DAYS)
        after = period.return_day + dt.timedelta(days=AFTER_DAYS)
        items.append(
            (
                period.first_day,
                period.return_day,
                period.span.end,
                period.span.mode,
                tuple(sorted(period.span.muscles or ())),
                bisect.bisect_left(days, period.first_day) - bisect.bisect_left(days, before),
                bisect.bisect_left(days, after) - bisect.bisect_left(days, period.return_day),
            )
        )
    return tuple(items)


# --- the log as the model's input ------------------------------------------------------------


def log_rows(log: BacktestLog) -> LogRows:
    """The timeline's rows: hard sets counted per day, exercise and kind."""
    counts: dict[tuple[dt.date, int, str], int] = {}
    for s in log.sets:
        if s.set_kind in volume.NOT_HARD or s.exercise_id not in log.exercises:
            continue
        key = (s.day, s.exercise_id, s.set_kind)
        counts[key] = counts.get(key, 0) + 1
    exercises = {
        i: ExerciseMuscles(e.kind, tuple(e.primary), tuple(e.secondary))
        for i, e in log.exercises.items()
    }
    return LogRows(
        exercise_sets=tuple(ExerciseSets(d, i, k, n) for (d, i, k), n in sorted(counts.items())),
        exercises=exercises,
        breaks=log.breaks,
        training_gaps=log.training_gaps,
    )


def training_years_for(log: BacktestLog, before: dt.date) -> float:
    """The training years the model uses for a prediction made on ``before``: the user's, or
    (not set) what the start of the log before that day suggests (0 when it cannot tell)."""
    return _TrainingYears(log)(before)


class _TrainingYears:
    """:func:`training_years_for` for many days of one log: the inference reads only the log's
    first ``START_DAYS`` days, so every day after them has the same answer (computed once)."""

    def __init__(self, log: BacktestLog) -> None:
        self.given = log.training_years
        self.sex = log.sex
        self.found: dict[dt.date, float] = {}
        first = min((s.day for s in log.sets), default=None)
        self.until = None if first is None else first + dt.timedelta(days=START_DAYS)
        self.rows = [
            (s.day, info.key, info.kind, s.set_kind, s.weight_kg, s.reps)
            for s in log.sets
            if self.until is not None
            and s.day < self.until
            and (info := log.exercises.get(s.exercise_id)) is not None
        ]

    def __call__(self, before: dt.date) -> float:
        if self.given is not None:
            return float(self.given)
        if self.until is None:
            return 0.0
        cutoff = min(before, self.until)
        if cutoff not in self.found:
            status = infer_training_years(self.rows, self.sex, cutoff)
            self.found[cutoff] = 0.0 if status.years is None else status.years
        return self.found[cutoff]


# --- one lift ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _LiftDays:
    """A lift's best estimated 1RM per day (and its days sorted, to look up ranges of days by
    bisection: the backtest asks for thousands of them)."""

    best: dict[dt.date, float]
    days: tuple[dt.date, ...] = field(init=False)
    values: tuple[float, ...] = field(init=False)

    def __post_init__(self) -> None:
        days = tuple(sorted(self.best))
        object.__setattr__(self, "days", days)
        object.__setattr__(self, "values", tuple(self.best[d] for d in days))

    def _range(self, first: dt.date, last: dt.date) -> tuple[int, int]:
        return bisect.bisect_left(self.days, first), bisect.bisect_right(self.days, last)

    def days_in(self, first: dt.date, last: dt.date) -> list[dt.date]:
        lo, hi = self._range(first, last)
        return list(self.days[lo:hi])

    def best_in(self, first: dt.date, last: dt.date) -> float | None:
        lo, hi = self._range(first, last)
        return max(self.values[lo:hi]) if hi > lo else None


def lift_days(log: BacktestLog) -> dict[int, _LiftDays]:
    """Every loaded exercise's best estimated 1RM per day (exercises without one left out)."""
    best: dict[int, dict[dt.date, float]] = {}
    for s in log.sets:
        info = log.exercises.get(s.exercise_id)
        if info is None:
            continue
        e1rm = volume.estimated_1rm(info.kind, s.set_kind, s.weight_kg, s.reps)
        if e1rm is None:
            continue
        days = best.setdefault(s.exercise_id, {})
        days[s.day] = max(days.get(s.day, 0.0), e1rm)
    return {i: _LiftDays(days) for i, days in best.items()}


def lift_weights(info: ExerciseInfo, groups: Sequence[str]) -> np.ndarray:
    """Each group's share of a lift's strength: primary muscles 1, secondary half."""
    weights = np.zeros(len(groups))
    for j, key in enumerate(groups):
        if key in info.primary:
            weights[j] = 1.0
        elif key in info.secondary:
            weights[j] = SECONDARY_SHARE
    total = weights.sum()
    return weights / total if total > 0 else weights


def eligible(lift: _LiftDays, period: PastBreak) -> bool:
    """Done on enough days in the 8 weeks before and the 12 weeks after, and in the last 4
    weeks before (the level before)."""
    start, back = period.first_day, period.return_day
    before = lift.days_in(start - dt.timedelta(days=BEFORE_DAYS), start - dt.timedelta(days=1))
    after = lift.days_in(back, back + dt.timedelta(days=AFTER_DAYS - 1))
    recent = lift.best_in(start - dt.timedelta(days=PRE_DAYS), start - dt.timedelta(days=1))
    return len(before) >= MIN_LOGGED_DAYS and len(after) >= MIN_LOGGED_DAYS and recent is not None


# --- how much the statistic varies without a break ------------------------------------------


def variation_windows(
    log: BacktestLog, lifts: Mapping[int, _LiftDays]
) -> list[tuple[dt.date, float]]:
    """The return statistic in continuous training: for every session day ``x`` of a lift with
    workouts throughout ``x - PRE_DAYS .. x + BACK_DAYS - 1`` (no stretch of more than
    :data:`CONTINUOUS_GAP_DAYS` days without one), the best of the :data:`BACK_DAYS` days from
    ``x`` over the best of the :data:`PRE_DAYS` days before. Returns (last day used, ratio)."""
    days = workout_days(log)
    ordinals = np.array([d.toordinal() for d in days])
    windows: list[tuple[dt.date, float]] = []
    for lift in lifts.values():
        for x in sorted(lift.best):
            first = x - dt.timedelta(days=PRE_DAYS)
            last = x + dt.timedelta(days=BACK_DAYS - 1)
            lo, hi = np.searchsorted(ordinals, [first.toordinal(), last.toordinal() + 1])
            edges = np.concatenate(
                [[first.toordinal() - 1], ordinals[lo:hi], [last.toordinal() + 1]]
            )
            if np.diff(edges).max() - 1 > CONTINUOUS_GAP_DAYS:
                continue
            pre = lift.best_in(first, x - dt.timedelta(days=1))
            post = lift.best_in(x, last)
            if pre is None or post is None:
                continue
            ratio = post / pre
            if PLAUSIBLE_RATIOS[0] <= ratio <= PLAUSIBLE_RATIOS[1]:
                windows.append((last, ratio))
    return windows


def variation(windows: Sequence[tuple[dt.date, float]], before: dt.date) -> tuple[float, float]:
    """The quantiles :data:`NOISE_QUANTILES` of the statistic in the windows that ended before
    ``before`` (the default when there are too few), never excluding 1."""
    ratios = [r for day, r in windows if day < before]
    if len(ratios) < MIN_NOISE_WINDOWS:
        return DEFAULT_NOISE
    low, high = np.quantile(ratios, NOISE_QUANTILES)
    return min(float(low), 1.0), max(float(high), 1.0)


# --- the prediction ---------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class _Prediction:
    """The model run from a break's first morning: strength per row, parameter set and group,
    relative to that morning (row 0), and the return's row."""

    groups: tuple[str, ...]
    strength: np.ndarray  # (rows, 3, groups)
    back_row: int
    fitness: np.ndarray  # (rows, groups): the fitness curve relative to the break's start


def _segments(period: PastBreak, usual: np.ndarray, horizon: int) -> list[Segment]:
    """The break (as recorded, then rest until the first workout) and the return at the usual
    volume."""
    parts: list[Segment] = []
    if period.recorded and period.span.end is not None:
        recorded = (period.span.end - period.first_day).days + 1
        parts.append(continue_break(period.span, recorded))
        parts.append(Segment("rest", period.days - recorded))
    else:
        parts.append(Segment("rest", period.days))
    parts.append(train_segment(horizon, usual))
    return parts


def _fitness(
    hard_sets: np.ndarray, stop: int, period: PastBreak, usual: np.ndarray, rows: int
) -> np.ndarray:
    """The fitness curve per group from the log's first day: load averaged with time constant
    FITNESS_DAYS; after ``stop`` (the break) no load, then the usual load a day. Relative to
    its value on the break's first morning, over the prediction's rows."""
    decay = 1.0 / FITNESS_DAYS
    level = np.zeros(hard_sets.shape[1])
    for day in hard_sets[:stop]:
        level += (day - level) * decay
    start = level.copy()
    out = np.empty((rows, hard_sets.shape[1]))
    out[0] = level
    daily = usual / 7.0
    for row in range(1, rows):
        load = 0.0 if row - 1 < period.days else daily
        level = level + (load - level) * decay
        out[row] = level
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(start > 0, out / np.where(start > 0, start, 1.0), 0.0)


def _predict(
    timeline: Timeline,
    sim: Simulation,
    profile: Profile,
    period: PastBreak,
    groups: list[str],
    response: Response | None = None,
    horizon: int | None = None,
) -> _Prediction:
    """The model from the break's first morning: the break, then training at the usual
    volume for ``horizon`` days (enough to time the return to 95 % by default). With a
    ``response``, the break and the return are simulated with those factors (the state on the
    first morning stays the one ``sim`` gives)."""
    stop = timeline.row_before(period.first_day)
    state = sim.checkpoint(stop).select(groups)
    usual_all = usual_weekly_sets(timeline.inputs, stop)
    columns = [timeline.groups.index(g) for g in groups]
    usual = np.zeros(len(groups)) if usual_all is None else usual_all[columns]
    if horizon is None:
        horizon = max(AFTER_DAYS, 2 * period.days + 120)
    inputs = scenario_inputs(groups, _segments(period, usual, horizon))
    who = profile if response is None else replace(profile, response=response)
    run = simulate(inputs, who, initial=state)
    strength = np.stack([run.strength_low, run.strength, run.strength_high], axis=1)
    strength = strength / strength[0]
    if response is not None:  # a calibration run: the fitness curve is the base run's
        return _Prediction(tuple(groups), strength, period.days, np.zeros((0, len(groups))))
    fitness = _fitness(
        timeline.inputs.hard_sets[:, columns], stop, period, usual, strength.shape[0]
    )
    return _Prediction(tuple(groups), strength, period.days, fitness)


def _first_at(series: np.ndarray, from_row: int) -> int | None:
    hits = np.flatnonzero(series[from_row:] >= TARGET - 1e-12)
    return int(hits[0]) if hits.size else None


def _back_window(
    info: ExerciseInfo, lift: _LiftDays, period: PastBreak, prediction: _Prediction
) -> tuple[np.ndarray, np.ndarray]:
    """The lift's predicted ratio per row and parameter set, and its best per parameter set in
    the first two weeks back (the mornings up to the expected best session)."""
    start = period.first_day
    weights = lift_weights(info, prediction.groups)
    ratio = prediction.strength @ weights  # (rows, 3)
    # The best of the first two weeks back is, while strength climbs, the last session in
    # them: on average half the lift's usual spacing before the window's end.
    before = lift.days_in(start - dt.timedelta(days=BEFORE_DAYS), start - dt.timedelta(days=1))
    spacing = float(np.median(np.diff([d.toordinal() for d in before]))) if len(before) > 1 else 7.0
    last = BACK_DAYS - 1 - round((min(spacing, BACK_DAYS) - 1) / 2)
    window = ratio[prediction.back_row : prediction.back_row + last + 1]  # mornings back
    return ratio, window.max(axis=0)


def _case(
    exercise_id: int,
    info: ExerciseInfo,
    lift: _LiftDays,
    period: PastBreak,
    prediction: _Prediction,
    years: float,
    noise: tuple[float, float],
) -> Case:
    start, back = period.first_day, period.return_day
    pre = lift.best_in(start - dt.timedelta(days=PRE_DAYS), start - dt.timedelta(days=1))
    assert pre is not None
    weights = lift_weights(info, prediction.groups)
    ratio, per_set = _back_window(info, lift, period, prediction)
    central = float(per_set[1])
    days_95 = _first_at(ratio[:, 1], prediction.back_row)
    fitness = float((prediction.fitness @ weights)[prediction.back_row :][:BACK_DAYS].max())
    observed_best = lift.best_in(back, back + dt.timedelta(days=BACK_DAYS - 1))
    observed_95 = None
    for day in lift.days_in(back, back + dt.timedelta(days=AFTER_DAYS - 1)):
        if lift.best[day] >= TARGET * pre:
            observed_95 = (day - back).days
            break
    low, high = _band(per_set, noise)
    first_days = lift.days_in(back, back + dt.timedelta(days=BACK_DAYS - 1))
    first_session = None
    if first_days:
        row = min(prediction.back_row + (first_days[0] - back).days, ratio.shape[0] - 1)
        suggested = suggested_set_e1rm(pre * float(ratio[row, 1]))
        first_session = lift.best[first_days[0]] / suggested
    return Case(
        exercise_id=exercise_id,
        exercise=info.name,
        source_names=info.source_names,
        break_first_day=start,
        return_day=back,
        recorded=period.recorded,
        pre_e1rm_kg=pre,
        predicted_ratio=central,
        predicted_ratio_low=low,
        predicted_ratio_high=high,
        model_ratio_low=min(float(per_set.min()), central),
        model_ratio_high=max(float(per_set.max()), central),
        predicted_days_to_95=days_95,
        observed_ratio=None if observed_best is None else observed_best / pre,
        observed_days_to_95=observed_95,
        fitness_ratio=fitness,
        training_years=years,
        first_session_ratio=first_session,
    )


def suggested_set_e1rm(expected_1rm_kg: float, reps: int = 8) -> float:
    """The estimated 1RM (Epley) of the set a comeback plan suggests for a first session back,
    for a lifter the model expects at ``expected_1rm_kg``: a set with
    ``comeback.FIRST_RIR`` reps in reserve, about 91 % of it whatever the reps (5: 90.9 %,
    10: 91.9 %), before rounding to plates."""
    return expected_1rm_kg * (1 + reps / 30) / (1 + (reps + FIRST_RIR) / 30)


def _band(per_set: np.ndarray, noise: tuple[float, float]) -> tuple[float, float]:
    """The band of what the log may show: the parameter sets' range widened by the noise."""
    central = float(per_set[1])
    return min(float(per_set.min()), central) * noise[0], max(
        float(per_set.max()), central
    ) * noise[1]


# --- the whole backtest -----------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class _Break:
    """One break's cases and what predicting them again needs."""

    period: PastBreak
    timeline: Timeline
    sim: Simulation
    profile: Profile
    groups: list[str]
    noise: tuple[float, float]
    cases: list[Case]
    infos: Mapping[int, ExerciseInfo]
    lifts: Mapping[int, _LiftDays]

    @property
    def key(self) -> tuple[dt.date, dt.date]:
        return (self.period.first_day, self.period.return_day)

    def per_set(self, response: Response) -> list[np.ndarray]:
        """Each case's best predicted ratio per parameter set with ``response`` (only the
        return's first two weeks are simulated)."""
        prediction = _predict(
            self.timeline,
            self.sim,
            self.profile,
            self.period,
            self.groups,
            response=response,
            horizon=BACK_DAYS,
        )
        return [
            _back_window(
                self.infos[c.exercise_id], self.lifts[c.exercise_id], self.period, prediction
            )[1]
            for c in self.cases
        ]


def _with_sensitivities(item: _Break) -> None:
    """Each case's sensitivity to the two factors (central differences on a log scale)."""
    slopes = np.zeros((len(item.cases), 2))
    for direction in (0, 1):
        up, down = calibrating.perturbed(direction)
        high = item.per_set(up)
        low = item.per_set(down)
        for i in range(len(item.cases)):
            slopes[i, direction] = (high[i][1] - low[i][1]) / (2 * calibrating.STEP)
    item.cases[:] = [
        replace(c, sensitivity=(float(a), float(b)))
        for c, (a, b) in zip(item.cases, slopes, strict=True)
    ]


def _calibrated(item: _Break, fold: calibrating.Fit) -> None:
    """The break's cases predicted with the factors of ``fold`` (fitted without it)."""
    response = fold.response
    if response == Response():  # nothing learnt from the others: the average lifter's
        item.cases[:] = [
            replace(
                c,
                calibrated_ratio=c.predicted_ratio,
                calibrated_ratio_low=c.predicted_ratio_low,
                calibrated_ratio_high=c.predicted_ratio_high,
            )
            for c in item.cases
        ]
        return
    rows = item.per_set(response)
    updated = []
    for c, per_set in zip(item.cases, rows, strict=True):
        low, high = _band(per_set, item.noise)
        updated.append(
            replace(
                c,
                calibrated_ratio=float(per_set[1]),
                calibrated_ratio_low=low,
                calibrated_ratio_high=high,
            )
        )
    item.cases[:] = updated


def run_backtest(log: BacktestLog, today: dt.date, *, leave_one_out: bool = True) -> Backtest:
    """Every past break and eligible lift, predicted from the log up to the break; the
    personal calibration fitted to the latest ``calibration.MAX_BREAKS`` of them and, with
    ``leave_one_out``, each of those predicted again from the others' fit."""
    periods = past_breaks(log, today)
    lifts = lift_days(log)
    wanted: list[tuple[PastBreak, list[int]]] = []
    for period in periods:
        chosen = [i for i, lift in sorted(lifts.items()) if eligible(lift, period)]
        if chosen:
            wanted.append((period, chosen))
    if not wanted:
        none = calibrating.Calibration(past_breaks=len(periods))
        return Backtest(tuple(periods), (), summarise(()), None, calibration=none)
    rows = log_rows(log)
    windows = variation_windows(log, lifts)
    items: list[_Break] = []
    simulations: dict[Profile, tuple[Timeline, Simulation]] = {}
    years = 0.0
    years_for = _TrainingYears(log)
    for period, chosen in wanted:
        years = years_for(period.first_day)
        profile = profile_for(log.birth_year, log.sex, years, period.first_day)
        if profile not in simulations:
            timeline = build_timeline(rows, today, profile)
            assert timeline is not None  # there are sets
            keep = [timeline.row_before(p.first_day) for p, _ in wanted]
            simulations[profile] = (timeline, simulate(timeline.inputs, profile, keep=keep))
        timeline, sim = simulations[profile]
        groups = sorted(
            {g for i in chosen for g in (*log.exercises[i].primary, *log.exercises[i].secondary)}
            & set(timeline.groups),
            key=timeline.groups.index,
        )
        prediction = _predict(timeline, sim, profile, period, groups)
        noise = variation(windows, period.first_day)
        cases = [
            _case(i, log.exercises[i], lifts[i], period, prediction, years, noise) for i in chosen
        ]
        items.append(
            _Break(period, timeline, sim, profile, groups, noise, cases, log.exercises, lifts)
        )
    calibration = _calibrate(items[-calibrating.MAX_BREAKS :], leave_one_out, len(periods))
    if calibration.fit.cases:
        latest = profile_for(log.birth_year, log.sex, years, today)
        calibration = calibrating.calibration_for(
            calibration.fit,
            latest,
            left_out=calibration.left_out,
            past_breaks=calibration.past_breaks,
        )
    cases = [c for item in items for c in item.cases]
    return Backtest(
        tuple(periods),
        tuple(cases),
        summarise(cases),
        years,
        log.training_years is None,
        calibration=calibration,
    )


def _calibrate(items: Sequence[_Break], leave_one_out: bool, past: int) -> calibrating.Calibration:
    """The fit of the breaks' usable cases (their sensitivities measured first), and with
    ``leave_one_out`` each break's cases predicted from the other breaks' fit."""
    learning = [item for item in items if any(c.fit_used for c in item.cases)]
    for item in learning:
        _with_sensitivities(item)
    evidence = [
        calibrating.Evidence(c.break_key, c.observed_ratio, c.predicted_ratio, c.sensitivity)
        for item in learning
        for c in item.cases
        if c.fit_used and c.observed_ratio is not None
    ]
    left_out = tuple(
        calibrating.LeftOut(c.exercise, c.break_first_day, c.observed_ratio)
        for item in items
        for c in item.cases
        if c.observed_ratio is not None and not c.fit_used
    )
    full = calibrating.fit(evidence)
    if leave_one_out:
        folds = calibrating.leave_one_out(evidence)
        for item in items:
            _calibrated(item, folds.get(item.key, full))  # a break without evidence: all
    return calibrating.Calibration(fit=full, left_out=left_out, past_breaks=past)


def _mean(values: Sequence[float]) -> float | None:
    return float(np.mean(values)) if values else None


def summarise(cases: Sequence[Case]) -> Summary:
    """Error (mean absolute) and bias (mean of predicted - observed) of the return ratio for
    the model, "nothing lost" and the fitness curve; the band's coverage; days to 95 %."""
    seen = [c for c in cases if c.counted]
    observed = [float(c.observed_ratio) for c in seen if c.observed_ratio is not None]

    def error(predicted: Sequence[float]) -> tuple[float | None, float | None]:
        diffs = [p - o for p, o in zip(predicted, observed, strict=True)]
        return _mean([abs(d) for d in diffs]), _mean(diffs)

    model = error([c.predicted_ratio for c in seen])
    nothing = error([1.0] * len(seen))
    fitness = error([c.fitness_ratio for c in seen])
    inside = [bool(c.inside_band) for c in seen]
    inside_model = [
        c.model_ratio_low <= float(c.observed_ratio or 0.0) <= c.model_ratio_high for c in seen
    ]
    widths = [c.predicted_ratio_high - c.predicted_ratio_low for c in seen]
    timed = [
        (c.predicted_days_to_95, c.observed_days_to_95)
        for c in cases
        if c.predicted_days_to_95 is not None and c.observed_days_to_95 is not None
    ]
    firsts = [
        c.first_session_ratio
        for c in seen
        if c.first_session_ratio is not None and math.isfinite(c.first_session_ratio)
    ]
    return Summary(
        cases=len(seen),
        breaks=len({(c.break_first_day, c.return_day) for c in cases}),
        left_out=sum(1 for c in cases if c.observed_ratio is not None and not c.counted),
        model_error=model[0],
        model_bias=model[1],
        nothing_lost_error=nothing[0],
        nothing_lost_bias=nothing[1],
        fitness_error=fitness[0],
        fitness_bias=fitness[1],
        band_coverage=_mean([1.0 if x else 0.0 for x in inside]),
        band_median_width=float(np.median(widths)) if widths else None,
        model_band_coverage=_mean([1.0 if x else 0.0 for x in inside_model]),
        days_to_95_error=_mean([abs(p - o) for p, o in timed]),
        days_to_95_cases=len(timed),
        first_session_median=float(np.median(firsts)) if firsts else None,
        first_session_within_10=_mean([1.0 if abs(r - 1) <= 0.1 else 0.0 for r in firsts]),
        first_session_cases=len(firsts),
        **_calibrated_summary(seen),
    )


def _calibrated_summary(seen: Sequence[Case]) -> dict[str, Any]:
    """Leave-one-out: the error and bias with calibration, and without on the same cases."""
    both = [c for c in seen if c.calibrated_ratio is not None and c.observed_ratio is not None]
    with_diffs = [float(c.calibrated_ratio or 0.0) - float(c.observed_ratio or 0.0) for c in both]
    without = [c.predicted_ratio - float(c.observed_ratio or 0.0) for c in both]
    inside = [
        float(c.calibrated_ratio_low or 0.0)
        <= float(c.observed_ratio or 0.0)
        <= float(c.calibrated_ratio_high or 0.0)
        for c in both
    ]
    return {
        "calibrated_cases": len(both),
        "calibrated_error": _mean([abs(d) for d in with_diffs]),
        "calibrated_bias": _mean(with_diffs),
        "calibrated_band_coverage": _mean([1.0 if x else 0.0 for x in inside]),
        "uncalibrated_error": _mean([abs(d) for d in without]),
        "uncalibrated_bias": _mean(without),
    }


# --- JSON -------------------------------------------------------------------------------------


def _rounded(value: float | None, digits: int = 3) -> float | None:
    if value is None or not math.isfinite(value):
        return None
    return round(float(value), digits)


def case_json(case: Case) -> dict[str, Any]:
    return {
        "exercise": case.exercise,
        "source_names": list(case.source_names),
        "break_first_day": case.break_first_day.isoformat(),
        "return_day": case.return_day.isoformat(),
        "pre_e1rm_kg": _rounded(case.pre_e1rm_kg, 1),
        "predicted_ratio": _rounded(case.predicted_ratio),
        "predicted_ratio_low": _rounded(case.predicted_ratio_low),
        "predicted_ratio_high": _rounded(case.predicted_ratio_high),
        "predicted_days_to_95": case.predicted_days_to_95,
        "observed_ratio": _rounded(case.observed_ratio),
        "observed_days_to_95": case.observed_days_to_95,
        "calibrated_ratio": _rounded(case.calibrated_ratio),
        "calibrated_ratio_low": _rounded(case.calibrated_ratio_low),
        "calibrated_ratio_high": _rounded(case.calibrated_ratio_high),
        "first_session_ratio": _rounded(case.first_session_ratio),
    }


def summary_json(summary: Summary) -> dict[str, Any]:
    return {
        "cases": summary.cases,
        "breaks": summary.breaks,
        "left_out": summary.left_out,
        "model_error": _rounded(summary.model_error),
        "model_bias": _rounded(summary.model_bias),
        "nothing_lost_error": _rounded(summary.nothing_lost_error),
        "nothing_lost_bias": _rounded(summary.nothing_lost_bias),
        "fitness_curve_error": _rounded(summary.fitness_error),
        "fitness_curve_bias": _rounded(summary.fitness_bias),
        "band_coverage": _rounded(summary.band_coverage),
        "band_median_width": _rounded(summary.band_median_width),
        "band_intended_coverage": INTENDED_COVERAGE,
        "model_band_coverage": _rounded(summary.model_band_coverage),
        "days_to_95_error": _rounded(summary.days_to_95_error, 1),
        "days_to_95_cases": summary.days_to_95_cases,
        "first_session_median": _rounded(summary.first_session_median),
        "first_session_within_10": _rounded(summary.first_session_within_10),
        "first_session_cases": summary.first_session_cases,
        "calibrated_cases": summary.calibrated_cases,
        "calibrated_error": _rounded(summary.calibrated_error),
        "calibrated_bias": _rounded(summary.calibrated_bias),
        "calibrated_band_coverage": _rounded(summary.calibrated_band_coverage),
        "uncalibrated_error": _rounded(summary.uncalibrated_error),
        "uncalibrated_bias": _rounded(summary.uncalibrated_bias),
    }


def calibration_json(calibration: calibrating.Calibration) -> dict[str, Any]:
    """The personal calibration fitted to every break: the factors (1.0 = the average
    lifter), their spread, the sentence's two numbers and the returns left out."""
    fitted = calibration.fit
    response = fitted.response
    return {
        "breaks": fitted.breaks,
        "cases": fitted.cases,
        "loss_factor": _rounded(response.loss),
        "regain_factor": _rounded(response.regain),
        "loss_spread": _rounded(response.loss_spread),
        "regain_spread": _rounded(response.regain_spread),
        "kept_pct": _rounded(calibration.kept_pct, 1),
        "regain_pct": _rounded(calibration.regain_pct, 1),
        "left_out": [
            {
                "exercise": item.exercise,
                "break_first_day": item.break_first_day.isoformat(),
                "observed_ratio": _rounded(item.observed),
            }
            for item in calibration.left_out
        ],
    }


def to_json(backtest: Backtest) -> dict[str, Any]:
    """The backtest as the command's ``--json`` writes it: ``{"cases": [...], "summary":
    {...}, "calibration": {...}}``."""
    return {
        "cases": [case_json(c) for c in backtest.cases],
        "summary": summary_json(backtest.summary),
        "calibration": calibration_json(backtest.calibration),
    }


# --- for a user of the app ------------------------------------------------------------------


def user_backtest(cache: ProjectionCache, session: Session, user: User, today: dt.date) -> Backtest:
    """The backtest of a user's whole log (cached per version of their data and profile)."""
    from tracker.crud import backtest as crud_backtest

    key = (
        "backtest",
        user.id,
        user.data_version,
        user.created_at,
        user.birth_year,
        user.sex,
        user.training_years,
        user.training_years_set,
        today,
    )

    def compute() -> Backtest:
        inferred = not user.training_years_set
        log = crud_backtest.backtest_log(session=session, user=user, inferred=inferred)
        return run_backtest(log, today)

    return cache.result(key, compute)
