"""Breaks, day by day: what each muscle group did on each day, and the breaks never recorded.

Pure: plain dates and dataclasses in, plain data out; no Flask, no database. ``crud.breaks``
turns the user's rows into these shapes; the projections build the model's daily input from
:func:`day_states` and the breaks page lists :func:`find_gaps`.

Words used here:

- A *day state* is one of ``train``, ``reduced``, ``rest`` or ``immobilized`` (the model's
  phase kinds, tracker.physiology).
- A *stretch of N days* is N consecutive days without a logged workout. Between two workout days
  A and B it is ``(B - A).days - 1`` days long: workouts on the 1st and the 15th leave a stretch
  of 13 days (the 2nd to the 14th).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Literal

# Re-exported for the modules that import it from here; tracker.clock is its home.
from tracker.clock import today_in as today_in
from tracker.sides import SIDES, limb_of

DayState = Literal["train", "reduced", "rest", "immobilized"]

#: The day states, from the least to the most restrictive. Where recorded breaks overlap (the
#: app refuses that, but a caller may combine breaks and plans) the most restrictive one wins.
DAY_STATES: tuple[DayState, ...] = ("train", "reduced", "rest", "immobilized")
_SEVERITY = {state: rank for rank, state in enumerate(DAY_STATES)}

#: What happened to training during a break.
BREAK_MODES: tuple[str, ...] = ("rest", "reduced", "immobilized")

#: Inside an immobilised break, a muscle group that was not immobilised counts as training for
#: this many days from each logged workout that trained it (a weekly programme), else as rest.
TRAINING_CARRY_DAYS = 7

_ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class BreakSpan:
    """A recorded break as the model sees it.

    ``end`` is the last day of the break (inclusive), or None while it is going on.
    ``muscles`` are the immobilised muscle groups (used only when ``mode`` is ``immobilized``).
    ``side`` (``left`` or ``right``, immobilised breaks only) says that only that side's limb
    is immobilised: the muscle groups of the limb are simulated apart for that side
    (``tracker.timeline``), and for the rest of the body, the other side included, the break
    is like any immobilised break whose picked groups are elsewhere.
    """

    start: dt.date
    end: dt.date | None
    mode: str = "rest"
    sessions_per_week: int | None = None
    muscles: frozenset[str] = field(default_factory=frozenset)
    side: str | None = None

    def __post_init__(self) -> None:
        if self.mode not in BREAK_MODES:
            raise ValueError(f"unknown break mode {self.mode!r}")
        if self.end is not None and self.end < self.start:
            raise ValueError(f"a break cannot end ({self.end}) before it starts ({self.start})")
        if self.side is not None and (self.side not in SIDES or self.mode != "immobilized"):
            raise ValueError(f"side {self.side!r}: left or right, for an immobilised break only")
        # Accept any iterable of keys; store a frozenset so spans stay hashable.
        object.__setattr__(self, "muscles", frozenset(self.muscles))

    def last_day(self, today: dt.date) -> dt.date:
        """The last day of the break; an ongoing break lasts until ``today``."""
        return self.end if self.end is not None else today

    def covers(self, day: dt.date, today: dt.date) -> bool:
        return self.start <= day <= self.last_day(today)

    @property
    def sided_muscles(self) -> frozenset[str]:
        """The immobilised groups that only ``side`` loses (its limbs'); none without a side."""
        if self.side is None or self.mode != "immobilized":
            return frozenset()
        return frozenset(m for m in self.muscles if limb_of(m) is not None)

    @property
    def both_sides_muscles(self) -> frozenset[str]:
        """The immobilised groups of both sides: all of them, less :attr:`sided_muscles`."""
        return self.muscles - self.sided_muscles


def may_be_going_on(spans: Iterable[BreakSpan], today: dt.date) -> bool:
    """Whether one of ``spans`` is going on ``today`` (started, and without an end or ending
    after today: ``tracker.crud.breaks.is_current``): a page that has the breaks already asks
    the database for the break going on only then."""
    return any(s.start <= today and (s.end is None or s.end > today) for s in spans)


def may_be_just_over(spans: Iterable[BreakSpan], today: dt.date, within: dt.timedelta) -> bool:
    """Whether the latest of ``spans`` started by ``today`` may be a break that ended by today
    and at most ``within`` ago (what ``tracker.crud.projections.recent_break`` looks up). False
    when it cannot be: a page that has the breaks already need not ask the database. True as
    well when two start on the latest day (the database's order says which is the latest)."""
    started = [s for s in spans if s.start <= today]
    if not started:
        return False
    first_day = max(s.start for s in started)
    latest = [s for s in started if s.start == first_day]
    if len(latest) > 1:
        return True
    end = latest[0].end
    return end is not None and end <= today and today - end <= within


@dataclass(frozen=True)
class Run:
    """Consecutive days with the same state for one muscle group."""

    state: DayState
    start: dt.date
    days: int
    #: The sessions a week of the reduced break (None unless ``state`` is ``reduced``).
    sessions_per_week: int | None = None

    @property
    def end(self) -> dt.date:
        return self.start + dt.timedelta(days=self.days - 1)


@dataclass(frozen=True)
class DayStates:
    """The state of every muscle group on every day from ``first_day`` to ``last_day``.

    ``states[muscle][i]`` is the state on ``first_day + i`` days; ``sessions_per_week[i]`` is the
    N of the reduced break covering that day (None elsewhere). ``day_states[day, muscle]`` reads
    one value.
    """

    first_day: dt.date
    last_day: dt.date
    states: Mapping[str, tuple[DayState, ...]]
    sessions_per_week: tuple[int | None, ...]

    @property
    def days(self) -> int:
        return len(self.sessions_per_week)

    def dates(self) -> list[dt.date]:
        return [self.first_day + dt.timedelta(days=i) for i in range(self.days)]

    def __getitem__(self, key: tuple[dt.date, str]) -> DayState:
        day, muscle = key
        index = (day - self.first_day).days
        if not 0 <= index < self.days:
            raise KeyError(day)
        return self.states[muscle][index]

    def runs(self, muscle: str) -> list[Run]:
        """The muscle's days grouped into runs of one state (and one sessions-a-week)."""
        runs: list[Run] = []
        states = self.states[muscle]
        start = 0
        for i in range(1, self.days + 1):
            if i < self.days and (states[i], self._sessions(states[i], i)) == (
                states[start],
                self._sessions(states[start], start),
            ):
                continue
            runs.append(
                Run(
                    state=states[start],
                    start=self.first_day + dt.timedelta(days=start),
                    days=i - start,
                    sessions_per_week=self._sessions(states[start], start),
                )
            )
            start = i
        return runs

    def _sessions(self, state: DayState, index: int) -> int | None:
        return self.sessions_per_week[index] if state == "reduced" else None


def day_states(
    breaks: Iterable[BreakSpan],
    first_day: dt.date,
    last_day: dt.date,
    muscle_keys: Sequence[str],
    workout_days_by_muscle: Mapping[str, Iterable[dt.date]] | None = None,
) -> DayStates:
    """Resolve breaks into a state per day and muscle group, ``first_day``..``last_day`` inclusive.

    - Outside breaks every muscle group is ``train``.
    - Inside a ``rest`` break every muscle group is ``rest`` (workouts logged there do not change
      that: the breaks page asks the user to make the break ``reduced`` instead).
    - Inside a ``reduced`` break every muscle group is ``reduced``.
    - Inside an ``immobilized`` break the picked muscle groups are ``immobilized``; the others
      are ``rest``, except on the days within ``TRAINING_CARRY_DAYS`` of a workout logged in
      the break that trained them (``workout_days_by_muscle``), which are ``train``: a cast on
      the arm while the legs keep training. A one-sided break (``side``) immobilises its
      limb's groups for that side only: here, the other side's, they are free like the rest.
    - An ongoing break (no end) lasts until ``last_day`` (today, for the history).
    """
    count = max((last_day - first_day).days + 1, 0)
    spans = list(breaks)
    trained = {m: set(days) for m, days in (workout_days_by_muscle or {}).items()}
    severity = {m: [0] * count for m in muscle_keys}
    sessions: list[int | None] = [None] * count
    rest, reduced, immobilized = _SEVERITY["rest"], _SEVERITY["reduced"], _SEVERITY["immobilized"]

    for span in spans:
        lo = max(span.start, first_day)
        hi = min(span.last_day(last_day), last_day)
        if lo > hi:
            continue
        i0, i1 = (lo - first_day).days, (hi - first_day).days
        if span.mode == "reduced":
            for i in range(i0, i1 + 1):
                if sessions[i] is None:
                    sessions[i] = span.sessions_per_week
        for muscle in muscle_keys:
            row = severity[muscle]
            if span.mode == "rest":
                levels = [rest] * (i1 - i0 + 1)
            elif span.mode == "reduced":
                levels = [reduced] * (i1 - i0 + 1)
            elif muscle in span.both_sides_muscles:
                levels = [immobilized] * (i1 - i0 + 1)
            else:
                levels = _rest_or_train(trained.get(muscle, set()), span, lo, hi, last_day)
            for offset, level in enumerate(levels):
                row[i0 + offset] = max(row[i0 + offset], level)

    states = {m: tuple(DAY_STATES[level] for level in severity[m]) for m in muscle_keys}
    return DayStates(first_day, last_day, states, tuple(sessions))


def _rest_or_train(
    trained: set[dt.date], span: BreakSpan, lo: dt.date, hi: dt.date, today: dt.date
) -> list[int]:
    """For a muscle left free in an immobilised break: train near its logged workouts, else rest.

    ``lo``..``hi`` is the part of the break being resolved; only workouts inside the break count.
    """
    levels = [_SEVERITY["rest"]] * ((hi - lo).days + 1)
    for workout in sorted(d for d in trained if span.covers(d, today)):
        first = max((workout - lo).days, 0)
        last = min((workout - lo).days + TRAINING_CARRY_DAYS - 1, len(levels) - 1)
        for index in range(first, last + 1):
            levels[index] = _SEVERITY["train"]
    return levels


# --- unrecorded gaps -------------------------------------------------------------------------


@dataclass(frozen=True)
class Gap:
    """Days without a logged workout, a recorded break or a "training, not logging" note."""

    start: dt.date
    #: The last day of the gap (inclusive).
    end: dt.date
    #: True when the gap runs up to today with no workout since: maybe a break going on now.
    ongoing: bool = False

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


def find_gaps(
    workout_days: Iterable[dt.date],
    break_spans: Iterable[BreakSpan],
    training_gaps: Iterable[tuple[dt.date, dt.date]],
    first_day: dt.date,
    today: dt.date,
    min_days: int,
) -> list[Gap]:
    """The stretches of ``min_days`` days or more that nothing accounts for, oldest first.

    - The history starts at the first workout: the days before it are never a gap; nor are
      days before ``first_day`` (pass the first workout's day, or an earlier day).
    - A stretch is the days strictly between two workout days (``B - A - 1`` days), or, at the
      end of the history, the days after the last workout up to and including ``today``: that
      one is ``ongoing`` (a break that may be going on now).
    - Days covered by a recorded break (an ongoing one up to ``today``) or by a training gap
      (``(start, end)``, inclusive) are taken out; what is left of a stretch counts only where
      a remaining piece is ``min_days`` long by itself.
    """
    if min_days < 1:
        raise ValueError("min_days must be at least 1")
    days = sorted({d for d in workout_days if d <= today})
    if not days:
        return []
    stretches = [(a + _ONE_DAY, b - _ONE_DAY) for a, b in pairwise(days) if (b - a).days > 1]
    if days[-1] < today:
        stretches.append((days[-1] + _ONE_DAY, today))
    # Days after today never belong to a gap: cut what is covered there (a break planned to
    # end in years, or a far-off date stored by an old import, would overflow the date type).
    covered = _merge(
        [(s.start, min(s.last_day(today), today)) for s in break_spans if s.start <= today]
        + [(start, min(end, today)) for start, end in training_gaps if start <= min(end, today)]
    )
    gaps: list[Gap] = []
    for start, end in stretches:
        start = max(start, first_day)
        for lo, hi in _subtract((start, end), covered):
            if (hi - lo).days + 1 >= min_days:
                gaps.append(Gap(lo, hi, ongoing=hi == today and days[-1] < today))
    return gaps


def _merge(intervals: list[tuple[dt.date, dt.date]]) -> list[tuple[dt.date, dt.date]]:
    """Sorted, non-overlapping, non-touching inclusive date intervals."""
    merged: list[tuple[dt.date, dt.date]] = []
    for lo, hi in sorted(intervals):
        if merged and lo <= merged[-1][1] + _ONE_DAY:
            merged[-1] = (merged[-1][0], max(merged[-1][1], hi))
        else:
            merged.append((lo, hi))
    return merged


def _subtract(
    interval: tuple[dt.date, dt.date], covered: list[tuple[dt.date, dt.date]]
) -> list[tuple[dt.date, dt.date]]:
    """The parts of an inclusive interval that no covered interval touches."""
    lo, hi = interval
    pieces: list[tuple[dt.date, dt.date]] = []
    for c_lo, c_hi in covered:
        if c_hi < lo or c_lo > hi:
            continue
        if c_lo > lo:
            pieces.append((lo, c_lo - _ONE_DAY))
        lo = max(lo, c_hi + _ONE_DAY)
        if lo > hi:
            return pieces
    if lo <= hi:
        pieces.append((lo, hi))
    return pieces


# --- small helpers for pages -----------------------------------------------------------------


def day_number(start: dt.date, day: dt.date) -> int:
    """Day 1 is the first day of a break."""
    return (day - start).days + 1
