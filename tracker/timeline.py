"""From a user's log to the model's daily input, per muscle group (pure: plain rows in).

- *Sets*: counts of logged sets per day, exercise and set kind (``crud.projections``), with each
  exercise's muscles, become hard sets per day and muscle group through the one volume rule of
  ``tracker.volume`` (warm-ups 0, primary muscles 1, secondary 0.5, cardio 0). Counts per
  muscle and role (:class:`SetAggregate`) are accepted too.
- *Breaks*: ``tracker.break_days.day_states`` gives each day's state per muscle group (rest,
  reduced, immobilised for the picked groups only). Days of a reduced break without logged sets
  stay ``REDUCED`` with no sets, so the model applies its nominal reduced dose.
- *"Training, not logging" gaps*: their days count as training at the user's usual volume, the
  mean daily hard sets per muscle group over the 8 weeks before the gap.
- Other unlogged days are simply days without sets: the model treats weeks of them as rest.

The history runs from the first logged set (or the first break, if earlier) to ``today`` in the
user's time zone. Row ``r`` of a simulation over it is the state at the end of day
``first_day + r - 1``: row 0 is the morning of the first day, the last row is the end of today.

- *One-sided breaks* (``BreakSpan.side``, issue 17): the muscle groups of the injured side's
  limb are simulated apart (:class:`SideInputs`, ``Timeline.sides``). The history's own columns
  are then the other side (or, with both sides injured at some time, a limb of neither), which
  follows the log; a set that says its side counts for that side only, a set that says none for
  both. The injured side's inputs carry the other side's sets (cross-education). A history
  without a one-sided break has no sides, and its inputs are exactly what they always were.

This module also builds the inputs of days to come (a planned break, a return): see
:func:`scenario_inputs`.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Hashable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np

from tracker import volume
from tracker.break_days import BreakSpan, day_states
from tracker.physiology import (
    IMMOBILIZED,
    REDUCED,
    REST,
    STATE_CODES,
    TRAIN,
    DailyInputs,
    Profile,
)
from tracker.physiology.inputs import MAX_INPUT_DAYS, MAX_SETS_PER_DAY
from tracker.physiology.muscles import MUSCLE_KEYS
from tracker.physiology.params import (
    REDUCED_SETS_PER_WEEK,
    TRAIN_SESSION_DAYS,
    TRAIN_SETS_PER_WEEK,
)
from tracker.physiology.profile import MAX_AGE, MAX_TRAINING_YEARS, MIN_AGE, SEXES
from tracker.sides import SIDES, limb_groups, limbs_of, other_side

#: "Usual volume" looks at this many days.
USUAL_WINDOW_DAYS = 56
#: Age assumed when the profile has no birth year.
DEFAULT_AGE = 30
_ONE_DAY = dt.timedelta(days=1)


# --- plain rows in ---------------------------------------------------------------------------


class SetAggregate(NamedTuple):
    """``number`` logged sets of one kind, on one day, for one muscle of their exercise.

    A named tuple, not a dataclass: a five-year log has tens of thousands of them.
    """

    day: dt.date
    set_kind: str
    exercise_kind: str
    muscle: str
    role: str  # "primary" or "secondary"
    number: int


class ExerciseSets(NamedTuple):
    """``number`` logged sets of one kind of one exercise on one day (the compact form)."""

    day: dt.date
    exercise_id: int
    set_kind: str
    number: int


class SidedSets(NamedTuple):
    """``number`` logged sets of one kind of one exercise on one day that say their side."""

    day: dt.date
    exercise_id: int
    set_kind: str
    side: str
    number: int


class ExerciseMuscles(NamedTuple):
    """What an exercise trains: its kind and its muscle groups by role."""

    kind: str
    primary: tuple[str, ...]
    secondary: tuple[str, ...] = ()


@dataclass(frozen=True)
class LiftSet:
    """One logged set of a loaded lift, for estimated 1RMs."""

    day: dt.date
    exercise_id: int
    name: str
    exercise_kind: str
    set_kind: str
    weight_kg: float
    reps: int
    rpe: float | None = None


@dataclass(frozen=True)
class LiftInfo:
    """What a comeback plan needs to know of an exercise: how it is loaded, what it trains."""

    exercise_id: int
    name: str
    equipment: str
    kind: str
    primary: tuple[str, ...]
    secondary: tuple[str, ...]


@dataclass(frozen=True)
class LogRows:
    """A user's log as the timeline needs it.

    Sets come in any of these forms (or several, added up): ``sets`` per muscle and role, or
    the compact ``exercise_sets`` per exercise with ``exercises`` naming each exercise's
    muscles, or those same counts by workout (``by_workout``: what the database's reader
    returns, a third of the rows of the first form). :meth:`counted_sets` gives the last two
    as one.
    """

    sets: tuple[SetAggregate, ...] = ()
    exercise_sets: tuple[ExerciseSets, ...] = ()
    exercises: Mapping[int, ExerciseMuscles] = field(default_factory=dict)
    breaks: tuple[BreakSpan, ...] = ()
    #: "Training, just not logging" periods, (first day, last day) inclusive.
    training_gaps: tuple[tuple[dt.date, dt.date], ...] = ()
    #: Each break's reason (``Break.reason``), in the order of ``breaks``.
    break_reasons: tuple[str, ...] = ()
    #: The sets that say their side (a subset of :meth:`counted_sets`; read only with a one-sided
    #: break, the only case where a side changes anything).
    sided_sets: tuple[SidedSets, ...] = ()
    #: Counts like ``exercise_sets`` by workout id, each with the version of the workout they
    #: were read at: how the reader (``tracker.crud.projections.log_rows``) reads again only the
    #: workouts that changed since (the timeline sums them by workout, see ``sums``). Not also
    #: in ``exercise_sets``: five years of them in one more tuple cost each new set's read a
    #: third of a millisecond.
    by_workout: Mapping[int, tuple[Hashable, tuple[ExerciseSets, ...]]] = field(
        default_factory=dict
    )
    #: The days with a logged workout (with sets or not), sorted.
    workout_days: tuple[dt.date, ...] = ()
    #: Each workout's day, by workout id (the keys of ``by_workout``).
    workout_dates: Mapping[int, dt.date] = field(default_factory=dict)
    #: The exercises of ``by_workout``'s counts (the reader's, kept for its next read).
    exercise_ids: frozenset[int] = frozenset()
    #: The versions of the months of workouts as read with ``by_workout`` ("YYYY-MM": the
    #: reader's, kept for its next read: see ``tracker.crud.projections.exercise_sets``).
    months: Mapping[str, int] = field(default_factory=dict)
    #: What the timeline worked out per workout of ``by_workout`` (see :class:`WorkoutSums`),
    #: by the groups it was for. The reader hands it from one version of a user's log to the
    #: next when the exercises' muscles are the same: a new set then costs the timeline one
    #: workout's sums, not five years'. Not part of the log (no comparison, no repr).
    sums: dict[tuple[str, ...], WorkoutTotals] = field(
        default_factory=dict, compare=False, repr=False
    )

    def counted_sets(self) -> Iterator[ExerciseSets]:
        """Every count of ``exercise_sets`` and of ``by_workout``."""
        yield from self.exercise_sets
        for _, sets in self.by_workout.values():
            yield from sets


class WorkoutSums(NamedTuple):
    """One workout's hard sets per group, as read at ``seen`` (its entry in
    ``LogRows.by_workout``): its day, whether it holds a set of an exercise with muscles (the
    history starts at the first such day) and its hard sets per group (the volume rule)."""

    seen: Hashable
    day: dt.date | None
    counted: bool
    hard: np.ndarray


@dataclass(frozen=True, eq=False)
class WorkoutTotals:
    """A log's workouts summed for some groups (:func:`workout_totals`): each workout's sums,
    and once asked the (days, groups) array they add up to from ``first_day`` (not clamped to
    a day's most; read-only). ``changed`` and ``removed`` are the workouts whose sums are new
    against ``before`` (the previous version's totals), and the sums they replace or that
    went: the array is patched with them when it covers the same days."""

    sums: dict[int, WorkoutSums]
    before: WorkoutTotals | None = None
    changed: tuple[WorkoutSums, ...] = ()
    removed: tuple[WorkoutSums, ...] = ()
    first_day: dt.date | None = None
    hard: np.ndarray | None = None

    def hard_sets(
        self, first_day: dt.date, days: int, width: int
    ) -> tuple[np.ndarray, WorkoutTotals]:
        """The array from ``first_day`` for ``days`` (read-only), and these totals with it kept
        (and ``before`` let go)."""
        if self.hard is not None and self.first_day == first_day and self.hard.shape[0] == days:
            return self.hard, self
        old = self.before
        if (
            old is not None
            and old.hard is not None
            and old.first_day == first_day
            and (old.hard.shape[0] == days)
        ):
            hard = old.hard.copy()
            _add_sums(hard, self.changed, first_day, 1.0)
            _add_sums(hard, self.removed, first_day, -1.0)
        else:
            hard = np.zeros((days, width))
            _add_sums(hard, list(self.sums.values()), first_day, 1.0)
        hard.flags.writeable = False
        return hard, WorkoutTotals(self.sums, first_day=first_day, hard=hard)


# --- the profile -----------------------------------------------------------------------------


def profile_for(
    birth_year: int | None, sex: str | None, training_years: float, today: dt.date
) -> Profile:
    """The model's ``Profile`` from the user's settings (age from the birth year, 30 unknown).

    Values outside the model's range are clamped rather than refused: a settings page checks
    them, and a projection must not fail for an odd stored value.
    """
    age = float(today.year - birth_year) if birth_year else float(DEFAULT_AGE)
    age = min(max(age, MIN_AGE), MAX_AGE)
    years = min(max(float(training_years or 0.0), 0.0), MAX_TRAINING_YEARS, age)
    return Profile(age=age, sex=sex if sex in SEXES else None, training_years=years)


# --- the history -----------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class SideInputs:
    """One side's limb groups simulated apart from the history's columns (a one-sided break).

    ``inputs`` covers the whole history (its rows are the timeline's), with the other side's
    sets as ``cross``; until row ``start`` they equal the history's columns of ``groups``, so
    the side's simulation starts from the history's state at ``start``.
    """

    side: str
    groups: tuple[str, ...]
    inputs: DailyInputs
    start: int


@dataclass(frozen=True, eq=False)
class Timeline:
    """The model's input for a user's history, with the dates it stands for."""

    first_day: dt.date
    today: dt.date
    inputs: DailyInputs
    profile: Profile
    #: The breaks that started by today, oldest first, and their reasons.
    breaks: tuple[BreakSpan, ...] = ()
    break_reasons: tuple[str, ...] = ()
    #: The injured sides' limbs, simulated apart (none without a one-sided break).
    sides: tuple[SideInputs, ...] = ()

    def side(self, side: str) -> SideInputs | None:
        """The inputs of ``side``'s limbs when they are simulated apart, else None."""
        return next((s for s in self.sides if s.side == side), None)

    @property
    def days(self) -> int:
        return self.inputs.days

    @property
    def groups(self) -> tuple[str, ...]:
        return self.inputs.groups

    def index_of(self, day: dt.date) -> int:
        """Input row of ``day`` (may fall outside the history)."""
        return (day - self.first_day).days

    def row_after(self, day: dt.date) -> int:
        """Simulation row at the end of ``day``, clamped to the history."""
        return min(max(self.index_of(day) + 1, 0), self.days)

    def row_before(self, day: dt.date) -> int:
        """Simulation row on the morning of ``day``, clamped to the history."""
        return min(max(self.index_of(day), 0), self.days)

    def date_of_row(self, row: int) -> dt.date:
        """The day whose end row ``row`` describes (row 0: the day before the first)."""
        return self.first_day + dt.timedelta(days=row - 1)

    def weights(self) -> np.ndarray:
        """Whole-body weights: each group's share of the hard sets logged (equal if none)."""
        return group_weights(self.inputs)

    def usual_weekly_sets(self, before: dt.date | None = None) -> np.ndarray | None:
        """Usual hard sets a week per group before ``before`` (default: after today).

        See :func:`usual_weekly_sets`; ``None`` when nothing was logged before that day.
        """
        stop = self.days if before is None else min(max(self.index_of(before), 0), self.days)
        return usual_weekly_sets(self.inputs, stop)


def _weight_of(row: SetAggregate, memo: dict[tuple[str, str, str], float]) -> float:
    """How much one set of ``row`` counts for its muscle: ``tracker.volume``'s rule, asked once
    per (set kind, role, exercise kind)."""
    combo = (row.set_kind, row.role, row.exercise_kind)
    weight = memo.get(combo)
    if weight is None:
        primary = ("m",) if row.role == "primary" else ()
        secondary = ("m",) if row.role != "primary" else ()
        rule = volume.set_muscle_weights(row.set_kind, primary, secondary, row.exercise_kind)
        weight = memo[combo] = rule.get("m", 0.0)
    return weight


def daily_hard_sets(
    rows: Iterable[SetAggregate], groups: Sequence[str] = MUSCLE_KEYS
) -> dict[dt.date, dict[str, float]]:
    """Hard sets per day and muscle group from set aggregates (``tracker.volume``'s rule)."""
    known = set(groups)
    totals: dict[dt.date, dict[str, float]] = {}
    memo: dict[tuple[str, str, str], float] = {}
    for row in rows:
        weight = _weight_of(row, memo)
        if weight <= 0 or row.muscle not in known:
            continue
        day = totals.setdefault(row.day, {})
        day[row.muscle] = day.get(row.muscle, 0.0) + weight * row.number
    return totals


def _hard_sets(
    rows: Iterable[SetAggregate], first_day: dt.date, days: int, keys: tuple[str, ...]
) -> np.ndarray:
    """The (days, groups) array of hard sets (as :func:`daily_hard_sets`, straight into numpy:
    a five-year log has tens of thousands of rows)."""
    column = {k: i for i, k in enumerate(keys)}
    memo: dict[tuple[str, str, str], float] = {}
    index: dict[dt.date, int] = {}
    at_day: list[int] = []
    at_col: list[int] = []
    amount: list[float] = []
    for row in rows:
        j = column.get(row.muscle)
        weight = _weight_of(row, memo)
        if j is None or weight <= 0:
            continue
        i = index.get(row.day)
        if i is None:
            i = index[row.day] = (row.day - first_day).days
        if 0 <= i < days:
            at_day.append(i)
            at_col.append(j)
            amount.append(weight * row.number)
    hard = np.zeros((days, len(keys)))
    np.add.at(hard, (np.asarray(at_day, dtype=np.intp), np.asarray(at_col, dtype=np.intp)), amount)
    return np.minimum(hard, MAX_SETS_PER_DAY)


def _hard_sets_by_exercise(
    rows: Sequence[ExerciseSets],
    exercises: Mapping[int, ExerciseMuscles],
    first_day: dt.date,
    days: int,
    keys: tuple[str, ...],
) -> np.ndarray:
    """The (days, groups) array of hard sets from per-exercise counts, vectorised: the counts
    summed per (day, exercise and set kind), then one product with each pair's weights per
    group (the volume rule)."""
    if not rows:
        return np.zeros((days, len(keys)))
    # Column by column (zip(*rows) passes every row as an argument: ten times slower).
    day_col = [row[0] for row in rows]
    pairs = [(row[1], row[2]) for row in rows]
    vector_of, table = _weight_table(pairs, exercises, keys)
    offset = {d: (d - first_day).days for d in set(day_col)}
    at_day = np.fromiter(map(offset.__getitem__, day_col), dtype=np.intp, count=len(rows))
    at_vector = np.fromiter(map(vector_of.__getitem__, pairs), dtype=np.intp, count=len(rows))
    counts = np.fromiter((row[3] for row in rows), dtype=np.float64, count=len(rows))
    inside = (at_day >= 0) & (at_day < days)
    # Counts and weights are whole or half numbers: the sums are exact in any order.
    per_pair = np.bincount(
        at_day[inside] * len(vector_of) + at_vector[inside],
        weights=counts[inside],
        minlength=days * len(vector_of),
    ).reshape(days, len(vector_of))
    return np.asarray(per_pair @ table)


def _weight_table(
    pairs: Iterable[tuple[int, str]],
    exercises: Mapping[int, ExerciseMuscles],
    keys: tuple[str, ...],
) -> tuple[dict[tuple[int, str], int], np.ndarray]:
    """Each (exercise, set kind) pair's row in a table of how much one of its sets counts per
    group (the volume rule): the rows by pair, and the table."""
    column = {k: i for i, k in enumerate(keys)}
    vector_of = {pair: i for i, pair in enumerate(dict.fromkeys(pairs))}
    table = np.zeros((len(vector_of), len(keys)))
    for (exercise_id, set_kind), i in vector_of.items():
        info = exercises.get(exercise_id)
        if info is None:
            continue
        rule = volume.set_muscle_weights(set_kind, info.primary, info.secondary, info.kind)
        for muscle, weight in rule.items():
            if muscle in column:
                table[i, column[muscle]] = weight
    return vector_of, table


def workout_totals(rows: LogRows, keys: tuple[str, ...]) -> WorkoutTotals:
    """Each workout's sums (see :class:`WorkoutSums`), taken from ``rows.sums`` where the
    workout is as it was read then, worked out for the others, with what changed against
    those (see :class:`WorkoutTotals`).

    A workout's sets are all on its day (the reader dates them by the workout's start)."""
    before = rows.sums.get(keys)
    kept = before.sums if before is not None else {}
    sums: dict[int, WorkoutSums] = {}
    todo: list[tuple[int, Hashable, tuple[ExerciseSets, ...]]] = []
    for ident, (seen, sets) in rows.by_workout.items():
        hit = kept.get(ident)
        if hit is not None and hit.seen == seen:
            sums[ident] = hit
        else:
            todo.append((ident, seen, sets))
    changed: list[WorkoutSums] = []
    if todo:
        # All at once: each set's count into its workout's row and pair's column, then one
        # product with the weights (the volume rule).
        pairs = [(row[1], row[2]) for _, _, sets in todo for row in sets]
        vector_of, table = _weight_table(pairs, rows.exercises, keys)
        at = [n * len(vector_of) + vector_of[row[1], row[2]] for n, (_, _, sets) in
              enumerate(todo) for row in sets]  # fmt: skip
        counts = [row[3] for _, _, sets in todo for row in sets]
        per_pair = np.bincount(
            np.asarray(at, dtype=np.intp),
            weights=np.asarray(counts, dtype=np.float64),
            minlength=len(todo) * len(vector_of),
        ).reshape(len(todo), len(vector_of))
        hard = per_pair @ table
        for n, (ident, seen, sets) in enumerate(todo):
            entry = WorkoutSums(
                seen,
                sets[0].day if sets else None,
                any(row.exercise_id in rows.exercises for row in sets),
                hard[n],
            )
            sums[ident] = changed_entry = entry
            changed.append(changed_entry)
    removed = [kept[i] for i, _, _ in todo if i in kept]
    if len(kept) > len(sums) - len(todo) + len(removed):  # workouts gone since
        removed += [entry for i, entry in kept.items() if i not in sums]
    return WorkoutTotals(sums, before, tuple(changed), tuple(removed))


def _add_sums(
    hard: np.ndarray, sums: Sequence[WorkoutSums], first_day: dt.date, sign: float
) -> None:
    """Add (``sign`` 1) or take away (-1) each workout's sums on its day, in place."""
    chosen = [(s.day, s.hard) for s in sums if s.day is not None]
    if not chosen:
        return
    days, width = hard.shape
    at_day = np.fromiter(((d - first_day).days for d, _ in chosen), np.intp, len(chosen))
    amounts = np.array([h for _, h in chosen])
    inside = (at_day >= 0) & (at_day < days)
    cells = (at_day[inside, None] * width + np.arange(width)).ravel()
    # Whole or half numbers: the sums are exact in any order, and taken away exactly.
    hard += sign * np.bincount(
        cells, weights=amounts[inside].ravel(), minlength=days * width
    ).reshape(days, width)


def _first_set_day(
    rows: LogRows, today: dt.date, sums: Sequence[WorkoutSums] | None = None
) -> dt.date | None:
    days = {r.day for r in rows.sets}
    days.update(r.day for r in rows.exercise_sets if r.exercise_id in rows.exercises)
    if sums is not None:
        days.update(s.day for s in sums if s.counted and s.day is not None)
    return min((d for d in days if d <= today), default=None)


def _primary_days(
    rows: LogRows, spans: Sequence[BreakSpan], today: dt.date
) -> dict[str, set[dt.date]]:
    """For each muscle group, the days inside ``spans`` with a hard set of an exercise it is a
    main mover of (what ``break_days`` looks at for an immobilised break)."""
    inside: set[dt.date] = set()
    for span in spans:
        last = span.last_day(today)
        inside.update(
            span.start + dt.timedelta(days=i) for i in range((last - span.start).days + 1)
        )
    trained: dict[str, set[dt.date]] = {}
    for row in rows.sets:
        if row.role == "primary" and row.day in inside:
            trained.setdefault(row.muscle, set()).add(row.day)
    # Read by workout, a workout's sets are on its day: only the workouts inside are looked at.
    counted = [
        *rows.exercise_sets,
        *(row for _, sets in rows.by_workout.values() if sets and sets[0].day in inside
          for row in sets),
    ]  # fmt: skip
    for day, exercise_id, _, _ in counted:
        if day in inside:
            info = rows.exercises.get(exercise_id)
            for muscle in info.primary if info is not None else ():
                trained.setdefault(muscle, set()).add(day)
    return trained


def build_timeline(
    rows: LogRows,
    today: dt.date,
    profile: Profile,
    groups: Sequence[str] = MUSCLE_KEYS,
) -> Timeline | None:
    """The model's daily inputs from the first logged set (or break) to ``today``.

    ``None`` when there is nothing to simulate: no set and no break up to today.
    """
    keys = tuple(groups)
    # Read by workout (the database's log): summed per workout, each kept for the next version.
    totals = workout_totals(rows, keys) if rows.by_workout else None
    sums = list(totals.sums.values()) if totals is not None else None
    first_set = _first_set_day(rows, today, sums)
    reasons = rows.break_reasons or ("other",) * len(rows.breaks)
    started = [(b, r) for b, r in zip(rows.breaks, reasons, strict=True) if b.start <= today]
    breaks = tuple(b for b, _ in started)
    starts = [first_set] if first_set is not None else []
    starts += [b.start for b in breaks]
    if not starts:
        return None
    first_day = max(min(starts), today - dt.timedelta(days=MAX_INPUT_DAYS - 1))
    days = (today - first_day).days + 1
    hard = _hard_sets(rows.sets, first_day, days, keys)
    if totals is not None:
        by_workout, rows.sums[keys] = totals.hard_sets(first_day, days, len(keys))
        hard = hard + by_workout
    if rows.exercise_sets:
        hard = hard + _hard_sets_by_exercise(
            rows.exercise_sets, rows.exercises, first_day, days, keys
        )
    hard = np.minimum(hard, MAX_SETS_PER_DAY)
    states = _states(rows, breaks, first_day, today, keys)
    sided = [b for b in breaks if b.sided_muscles]
    marked: dict[str, np.ndarray] = {}
    if sided:
        # The sides simulated apart: their marked sets leave the history's columns.
        marked = _marked_sets(rows, first_day, days, keys)
        for side in {b.side for b in sided}:
            hard -= marked[str(side)]
        np.maximum(hard, 0.0, out=hard)
    _fill_training_gaps(hard, states, rows.training_gaps, first_day, today)
    inputs = DailyInputs(keys, hard, states)
    return Timeline(
        first_day=first_day,
        today=today,
        inputs=inputs,
        profile=profile,
        breaks=breaks,
        break_reasons=tuple(r for _, r in started),
        sides=_side_inputs(inputs, sided, marked, first_day, today) if sided else (),
    )


def _marked_sets(
    rows: LogRows, first_day: dt.date, days: int, keys: tuple[str, ...]
) -> dict[str, np.ndarray]:
    """Each side's hard sets from the sets that say it, (days, groups) per side."""
    marked = {}
    for side in SIDES:
        counts = [ExerciseSets(r.day, r.exercise_id, r.set_kind, r.number) for r in rows.sided_sets]
        chosen = [c for c, r in zip(counts, rows.sided_sets, strict=True) if r.side == side]
        marked[side] = _hard_sets_by_exercise(chosen, rows.exercises, first_day, days, keys)
    return marked


def _side_inputs(
    base: DailyInputs,
    sided: Sequence[BreakSpan],
    marked: Mapping[str, np.ndarray],
    first_day: dt.date,
    today: dt.date,
) -> tuple[SideInputs, ...]:
    """The inputs of each injured side's limbs (see :class:`SideInputs`).

    A side's sets are the history's plus its own marked ones less the other side's (a set
    that says no side trains both); its days are the history's, immobilised where its own
    breaks say so. The other side's sets, on the days that side is free, are its cross-
    education input.
    """
    keys = base.groups
    apart = sorted({str(b.side) for b in sided})
    both = sum((marked[s] for s in apart), np.zeros(base.hard_sets.shape))
    found: dict[str, tuple[list[int], np.ndarray, np.ndarray]] = {}
    for side in apart:
        own = [b for b in sided if b.side == side]
        limbs = limbs_of(m for b in own for m in b.sided_muscles)
        groups = [k for limb in sorted(limbs) for k in limb_groups(limb) if k in keys]
        cols = sorted(keys.index(k) for k in groups)
        states = base.states[:, cols].copy()
        for span in own:
            lo = max((span.start - first_day).days, 0)
            hi = min((span.last_day(today) - first_day).days, base.days - 1)
            picked = [i for i, j in enumerate(cols) if keys[j] in span.sided_muscles]
            if lo <= hi and picked:
                states[lo : hi + 1, picked] = IMMOBILIZED
        sets = base.hard_sets + both - marked[other_side(side)]
        found[side] = (cols, np.clip(sets[:, cols], 0.0, MAX_SETS_PER_DAY), states)
    result = []
    for side, (cols, sets, states) in found.items():
        other = found.get(other_side(side))
        # The other side's days: its own where it is simulated apart too, else the history's.
        free = base.states[:, cols].copy()
        if other is not None:
            for i, j in enumerate(cols):
                if j in other[0]:
                    free[:, i] = other[2][:, other[0].index(j)]
        cross = np.clip((base.hard_sets + both - marked[side])[:, cols], 0.0, MAX_SETS_PER_DAY)
        cross[free == IMMOBILIZED] = 0.0
        same = (sets == base.hard_sets[:, cols]) & (states == base.states[:, cols])
        differs = np.flatnonzero(~np.all(same, axis=1))
        if differs.size == 0:
            continue
        names = tuple(keys[j] for j in cols)
        result.append(
            SideInputs(side, names, DailyInputs(names, sets, states, cross), int(differs[0]))
        )
    return tuple(result)


def _states(
    rows: LogRows,
    breaks: Sequence[BreakSpan],
    first_day: dt.date,
    today: dt.date,
    keys: tuple[str, ...],
) -> np.ndarray:
    """Each day's state per group: ``train`` outside breaks, ``break_days`` inside them."""
    days = (today - first_day).days + 1
    states = np.full((days, len(keys)), TRAIN, dtype=np.int8)
    if not breaks:
        return states
    # Only immobilised breaks look at the days trained (inside them).
    casts = [b for b in breaks if b.mode == "immobilized"]
    trained = _primary_days(rows, casts, today) if casts else {}
    # Each break resolved over its own days; where breaks overlap, the more restrictive state
    # wins (the codes are in break_days' order of severity: train < reduced < rest < cast).
    for span in breaks:
        lo = max(span.start, first_day)
        hi = min(span.last_day(today), today)
        if lo > hi:
            continue
        # What a cast break resolves from: the days trained inside it, by group.
        inside = (
            tuple(sorted((m, d) for m, days in trained.items() for d in days if lo <= d <= hi))
            if span.mode == "immobilized"
            else ()
        )
        codes = _span_codes(span, lo, hi, keys, inside)
        offset = (lo - first_day).days
        block = states[offset : offset + codes.shape[0]]
        np.maximum(block, codes, out=block)
    return states


@functools.lru_cache(maxsize=256)
def _span_codes(
    span: BreakSpan,
    lo: dt.date,
    hi: dt.date,
    keys: tuple[str, ...],
    trained: tuple[tuple[str, dt.date], ...],
) -> np.ndarray:
    """One break's state codes from ``lo`` to ``hi``, (days, groups), read-only: the same for
    every history that holds the break (kept: each view after a new set would resolve every
    break again, day by day). ``trained``: the (group, day) pairs trained inside it."""
    by_group: dict[str, set[dt.date]] = {}
    for muscle, day in trained:
        by_group.setdefault(muscle, set()).add(day)
    resolved = day_states([span], lo, hi, keys, by_group)
    codes = np.empty(((hi - lo).days + 1, len(keys)), dtype=np.int8)
    for j, key in enumerate(keys):
        codes[:, j] = np.fromiter((STATE_CODES[s] for s in resolved.states[key]), dtype=np.int8)
    codes.flags.writeable = False
    return codes


def _fill_training_gaps(
    hard: np.ndarray,
    states: np.ndarray,
    gaps: Iterable[tuple[dt.date, dt.date]],
    first_day: dt.date,
    today: dt.date,
) -> None:
    """Days of "training, not logging" get the usual daily hard sets (in place).

    Usual = the mean daily hard sets per group over the 8 weeks before the gap (over the days of
    history there are, at least a week, when the history is shorter). Only days in the ``train``
    state without logged sets for a group are filled: a break recorded over the same days wins.
    """
    days = hard.shape[0]
    for start, end in sorted(gaps):
        i0 = max((start - first_day).days, 0)
        i1 = min((end - first_day).days, days - 1)
        if i0 > i1:
            continue
        w0 = max(i0 - USUAL_WINDOW_DAYS, 0)
        usual = hard[w0:i0].sum(axis=0) / max(i0 - w0, 7)
        block = hard[i0 : i1 + 1]
        fill = (states[i0 : i1 + 1] == TRAIN) & (block == 0)
        block[fill] = np.broadcast_to(usual, block.shape)[fill]


def group_weights(inputs: DailyInputs) -> np.ndarray:
    """Each group's share of all hard sets in ``inputs`` (equal shares without any set)."""
    totals = inputs.hard_sets.sum(axis=0)
    total = float(totals.sum())
    if total <= 0:
        return np.full(len(inputs.groups), 1.0 / len(inputs.groups))
    return np.asarray(totals / total)


def usual_weekly_sets(inputs: DailyInputs, stop: int) -> np.ndarray | None:
    """Usual hard sets a week per group: the mean over the 8 weeks of normal training up to a
    week after the last day with logged sets before row ``stop``.

    Break days (any group not in ``train``) are left out of the mean; ``None`` when no set was
    logged before ``stop``.
    """
    normal = np.all(inputs.states[:stop] == TRAIN, axis=1)
    logged = np.flatnonzero(normal & (inputs.hard_sets[:stop].sum(axis=1) > 0))
    if logged.size == 0:
        return None
    # The week after the last session still belongs to its rhythm (a weekly session logged on
    # the last day would otherwise count as a week's volume in less than a week).
    end = min(int(logged[-1]) + 7, stop)
    lo = max(end - USUAL_WINDOW_DAYS, 0)
    window = normal[lo:end]
    counted = max(int(window.sum()), 7)
    return np.asarray(inputs.hard_sets[lo:end][window].sum(axis=0) / counted * 7)


def weekly_totals(
    inputs: DailyInputs, first_day: dt.date, weights: np.ndarray | None = None
) -> tuple[list[dt.date], np.ndarray]:
    """Hard sets per week (Monday-based, ``tracker.volume``'s weeks): the weighted sum over the
    groups, or the plain sum without ``weights``. Returns the Mondays and the totals."""
    per_day = (
        inputs.hard_sets.sum(axis=1) if weights is None else inputs.hard_sets @ np.asarray(weights)
    )
    offset = first_day.weekday()
    padded = np.concatenate([np.zeros(offset), per_day])
    weeks = -(-padded.shape[0] // 7)
    padded = np.concatenate([padded, np.zeros(weeks * 7 - padded.shape[0])])
    totals = padded.reshape(weeks, 7).sum(axis=1)
    return list(_mondays(volume.week_start(first_day), weeks)), totals


@functools.lru_cache(maxsize=64)
def _mondays(monday: dt.date, weeks: int) -> tuple[dt.date, ...]:
    """``weeks`` Mondays from ``monday`` (the same for a history all day: kept)."""
    return tuple(monday + dt.timedelta(days=7 * k) for k in range(weeks))


# --- days to come ----------------------------------------------------------------------------

SEGMENT_KINDS = ("train", "reduced", "rest", "immobilized")


@dataclass(frozen=True)
class Segment:
    """Days to come, of one kind, for a scenario.

    ``sets`` holds the hard sets per group done on each session day (``session_days`` are the
    day offsets within each 7-day cycle from the segment's first day). ``affected`` (reduced,
    rest, immobilised) limits the kind to some groups; the others rest. ``cross`` holds, per
    group, the hard sets the *other* side's limb does on each session day while this one is
    immobilised (cross-education: "cast, training the other arm").
    """

    kind: str
    days: int
    session_days: tuple[int, ...] = ()
    sets: tuple[float, ...] = ()
    affected: frozenset[str] | None = None
    cross: tuple[float, ...] = ()

    def __post_init__(self) -> None:
        if self.kind not in SEGMENT_KINDS:
            raise ValueError(f"kind must be one of {SEGMENT_KINDS}, got {self.kind!r}")
        if self.days < 0:
            raise ValueError("days must be 0 or more")


def session_days(per_week: int) -> tuple[int, ...]:
    """``per_week`` sessions spread over a week: 1 -> (0,), 2 -> (0, 3), 3 -> (0, 2, 4)."""
    n = min(max(int(per_week), 1), 7)
    return tuple(sorted({(i * 7) // n for i in range(n)}))


def train_segment(days: int, weekly_sets: Sequence[float] | np.ndarray) -> Segment:
    """Training at ``weekly_sets`` per group, in three sessions a week (the model's programme)."""
    per_session = tuple(float(w) / len(TRAIN_SESSION_DAYS) for w in weekly_sets)
    return Segment("train", days, TRAIN_SESSION_DAYS, per_session)


def reduced_segment(
    days: int,
    sessions_per_week: int | None,
    usual_weekly: Sequence[float] | np.ndarray | None = None,
) -> Segment:
    """Reduced training: ``sessions_per_week`` sessions of a few hard sets per group.

    Each session does the model's reduced dose (``REDUCED_SETS_PER_WEEK`` hard sets per group,
    one session's worth), but never more in a week than the group's usual volume. Without a
    number of sessions, no sets: the model's nominal reduced dose.
    """
    if not sessions_per_week:
        return Segment("reduced", days)
    if usual_weekly is None:
        raise ValueError("usual_weekly is needed with sessions_per_week")
    when = session_days(sessions_per_week)
    usual = list(usual_weekly)
    per_session = tuple(min(REDUCED_SETS_PER_WEEK, float(u) / len(when)) for u in usual)
    return Segment("reduced", days, when, per_session)


def scenario_inputs(groups: Sequence[str], segments: Sequence[Segment]) -> DailyInputs:
    """The daily inputs of segments one after the other."""
    keys = tuple(groups)
    total = sum(s.days for s in segments)
    hard = np.zeros((total, len(keys)))
    states = np.full((total, len(keys)), TRAIN, dtype=np.int8)
    cross = np.zeros((total, len(keys))) if any(s.cross for s in segments) else None
    start = 0
    for seg in segments:
        stop = start + seg.days
        if seg.days:
            _segment_into(seg, keys, hard[start:stop], states[start:stop])
            if cross is not None and seg.cross:
                weekday = np.arange(seg.days) % 7
                days = np.isin(weekday, seg.session_days or TRAIN_SESSION_DAYS)
                block = cross[start:stop]
                block[days] = np.minimum(np.asarray(seg.cross, dtype=np.float64), MAX_SETS_PER_DAY)
        start = stop
    return DailyInputs(keys, hard, states, cross)


_KIND_STATE = {"train": TRAIN, "reduced": REDUCED, "rest": REST, "immobilized": IMMOBILIZED}


def _segment_into(
    seg: Segment, keys: tuple[str, ...], hard: np.ndarray, states: np.ndarray
) -> None:
    mask = np.ones(len(keys), dtype=bool)
    if seg.affected is not None:
        mask = np.array([k in seg.affected for k in keys])
    if seg.kind != "train":
        states[:, mask] = _KIND_STATE[seg.kind]
        states[:, ~mask] = REST
    if seg.sets and seg.session_days:
        per_session = np.asarray(seg.sets, dtype=np.float64)
        if seg.kind != "train":
            per_session = np.where(mask, per_session, 0.0)
        weekday = np.arange(seg.days) % 7
        # A week's sets crowded into few sessions stay within what the model takes for a day
        # (the timeline clamps logged days alike).
        hard[np.isin(weekday, seg.session_days)] = np.minimum(per_session, MAX_SETS_PER_DAY)


def nominal_weekly(groups: Sequence[str]) -> np.ndarray:
    """The model's typical programme for every group (a user with no log)."""
    return np.full(len(tuple(groups)), TRAIN_SETS_PER_WEEK)
