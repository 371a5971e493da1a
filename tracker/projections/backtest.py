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

Pure: plain values in (:class:`BacktestLog`), plain values out; ``tracker.crud.backtest``
reads a user's log from the database.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np
from sqlmodel import Session

from tracker import volume
from tracker.break_days import BreakSpan, find_gaps
from tracker.physiology import Profile, Simulation, simulate
from tracker.projections.cache import ProjectionCache
from tracker.projections.scenarios import continue_break
from tracker.projections.training_status import infer_training_years
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


@dataclass(frozen=True)
class Backtest:
    breaks: tuple[PastBreak, ...]
    cases: tuple[Case, ...]
    summary: Summary
    training_years: float | None = None  # what the model used (the last break's), None: none
    inferred: bool = False
    notes: tuple[str, ...] = field(default_factory=tuple)


# --- the breaks ------------------------------------------------------------------------------


def workout_days(log: BacktestLog) -> list[dt.date]:
    return sorted({s.day for s in log.sets})


def past_breaks(log: BacktestLog, today: dt.date) -> list[PastBreak]:
    """Recorded breaks that have ended, and unrecorded stretches of :data:`MIN_GAP_DAYS` days
    or more without a workout, each with the first workout after it; oldest first."""
    days = workout_days(log)
    if not days:
        return []
    found: list[PastBreak] = []
    for span in log.breaks:
        if span.end is None or span.end >= today:
            continue
        after = [d for d in days if d > span.end]
        if after and after[0] <= today:
            found.append(PastBreak(span.start, after[0], True, span))
    for gap in find_gaps(days, log.breaks, log.training_gaps, days[0], today, MIN_GAP_DAYS):
        if gap.ongoing:
            continue
        found.append(
            PastBreak(
                gap.start, gap.end + dt.timedelta(days=1), False, BreakSpan(gap.start, gap.end)
            )
        )
    return sorted(found, key=lambda b: b.first_day)


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
    if log.training_years is not None:
        return float(log.training_years)
    status = infer_training_years(
        (
            (s.day, info.key, info.kind, s.set_kind, s.weight_kg, s.reps)
            for s in log.sets
            if (info := log.exercises.get(s.exercise_id)) is not None
        ),
        log.sex,
        before,
    )
    return 0.0 if status.years is None else status.years


# --- one lift ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _LiftDays:
    """A lift's best estimated 1RM per day."""

    best: dict[dt.date, float]

    def days_in(self, first: dt.date, last: dt.date) -> list[dt.date]:
        return sorted(d for d in self.best if first <= d <= last)

    def best_in(self, first: dt.date, last: dt.date) -> float | None:
        values = [v for d, v in self.best.items() if first <= d <= last]
        return max(values) if values else None


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
    timeline: Timeline, sim: Simulation, profile: Profile, period: PastBreak, groups: list[str]
) -> _Prediction:
    stop = timeline.row_before(period.first_day)
    state = sim.checkpoint(stop).select(groups)
    usual_all = usual_weekly_sets(timeline.inputs, stop)
    columns = [timeline.groups.index(g) for g in groups]
    usual = np.zeros(len(groups)) if usual_all is None else usual_all[columns]
    horizon = max(AFTER_DAYS, 2 * period.days + 120)
    inputs = scenario_inputs(groups, _segments(period, usual, horizon))
    run = simulate(inputs, profile, initial=state)
    strength = np.stack([run.strength_low, run.strength, run.strength_high], axis=1)
    strength = strength / strength[0]
    fitness = _fitness(
        timeline.inputs.hard_sets[:, columns], stop, period, usual, strength.shape[0]
    )
    return _Prediction(tuple(groups), strength, period.days, fitness)


def _first_at(series: np.ndarray, from_row: int) -> int | None:
    hits = np.flatnonzero(series[from_row:] >= TARGET - 1e-12)
    return int(hits[0]) if hits.size else None


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
    ratio = prediction.strength @ weights  # (rows, 3)
    # The best of the first two weeks back is, while strength climbs, the last session in
    # them: on average half the lift's usual spacing before the window's end.
    before = lift.days_in(start - dt.timedelta(days=BEFORE_DAYS), start - dt.timedelta(days=1))
    spacing = float(np.median(np.diff([d.toordinal() for d in before]))) if len(before) > 1 else 7.0
    last = BACK_DAYS - 1 - round((min(spacing, BACK_DAYS) - 1) / 2)
    window = ratio[prediction.back_row : prediction.back_row + last + 1]  # mornings back
    per_set = window.max(axis=0)
    central = float(per_set[1])
    days_95 = _first_at(ratio[:, 1], prediction.back_row)
    fitness = float((prediction.fitness @ weights)[prediction.back_row :][:BACK_DAYS].max())
    observed_best = lift.best_in(back, back + dt.timedelta(days=BACK_DAYS - 1))
    observed_95 = None
    for day in lift.days_in(back, back + dt.timedelta(days=AFTER_DAYS - 1)):
        if lift.best[day] >= TARGET * pre:
            observed_95 = (day - back).days
            break
    return Case(
        exercise_id=exercise_id,
        exercise=info.name,
        source_names=info.source_names,
        break_first_day=start,
        return_day=back,
        recorded=period.recorded,
        pre_e1rm_kg=pre,
        predicted_ratio=central,
        predicted_ratio_low=min(float(per_set.min()), central) * noise[0],
        predicted_ratio_high=max(float(per_set.max()), central) * noise[1],
        model_ratio_low=min(float(per_set.min()), central),
        model_ratio_high=max(float(per_set.max()), central),
        predicted_days_to_95=days_95,
        observed_ratio=None if observed_best is None else observed_best / pre,
        observed_days_to_95=observed_95,
        fitness_ratio=fitness,
        training_years=years,
    )


# --- the whole backtest -----------------------------------------------------------------------


def run_backtest(log: BacktestLog, today: dt.date) -> Backtest:
    """Every past break and eligible lift, predicted from the log up to the break."""
    periods = past_breaks(log, today)
    lifts = lift_days(log)
    wanted: list[tuple[PastBreak, list[int]]] = []
    for period in periods:
        chosen = [i for i, lift in sorted(lifts.items()) if eligible(lift, period)]
        if chosen:
            wanted.append((period, chosen))
    if not wanted:
        return Backtest(tuple(periods), (), summarise(()), None)
    rows = log_rows(log)
    windows = variation_windows(log, lifts)
    cases: list[Case] = []
    simulations: dict[Profile, tuple[Timeline, Simulation]] = {}
    years = 0.0
    for period, chosen in wanted:
        years = training_years_for(log, period.first_day)
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
        for exercise_id in chosen:
            info = log.exercises[exercise_id]
            lift = lifts[exercise_id]
            cases.append(_case(exercise_id, info, lift, period, prediction, years, noise))
    return Backtest(
        tuple(periods),
        tuple(cases),
        summarise(cases),
        years,
        log.training_years is None,
    )


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
    )


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
    }


def to_json(backtest: Backtest) -> dict[str, Any]:
    """The backtest as the command's ``--json`` writes it: ``{"cases": [...], "summary":
    {...}}``."""
    return {
        "cases": [case_json(c) for c in backtest.cases],
        "summary": summary_json(backtest.summary),
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
