"""Projections: the model run over a user's history, cached, and the questions the pages ask.

No Flask here: views pass the cache (one per app, ``cache_for(app.extensions)``), the database
session and the user.

**Caching.** The simulated history of a user is cached in process, keyed by user id + data
version + profile + today. A page view with an unchanged key reuses it. When the key changed
(a set logged, a break recorded, a new day), the log is read again (one aggregate query), the
new daily inputs are compared with the cached ones, and the model resumes from the last
checkpoint (kept every :data:`CHECKPOINT_EVERY` days, and at the end) before the first day that
differs: logging today's set re-simulates at most four weeks, not years. A changed profile or
first day recomputes everything. Answers derived from a history (the dashboard's table, a
break's projection, a plan, a chart's data) are cached by the same key plus their parameters.

**Whole body.** "Whole body" is the mean of the muscle groups weighted by the hard sets logged
for each (groups never trained weigh nothing); a user without sets weighs all groups equally.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict
from collections.abc import Callable, Collection, Hashable, Mapping, MutableMapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

import numpy as np
from sqlmodel import Session

from tracker import volume
from tracker.break_days import BreakSpan
from tracker.physiology import (
    PHASE_ABOVE_PEAK,
    PHASE_BASELINE,
    PHASE_BUILDING,
    PHASE_GRACE,
    PHASE_LOSING,
    PHASE_REGAINING,
    PHASES,
    DailyInputs,
    ModelState,
    Profile,
    initial_state,
    simulate,
)
from tracker.physiology.muscles import MUSCLE_KEYS, MUSCLES_BY_KEY
from tracker.timeline import (
    LiftSet,
    LogRows,
    Segment,
    Timeline,
    build_timeline,
    nominal_weekly,
    reduced_segment,
    scenario_inputs,
    train_segment,
)

T = TypeVar("T")

#: Days between stored model checkpoints.
CHECKPOINT_EVERY = 28
#: Longest time after a break that the regain is followed (days).
MAX_HORIZON_DAYS = 1500
LOW, CENTRAL, HIGH = 0, 1, 2

PHASE_LABELS: dict[str, str] = {
    PHASE_BUILDING: "building, at peak",
    PHASE_GRACE: "grace period",
    PHASE_LOSING: "losing",
    PHASE_REGAINING: "regaining",
    PHASE_ABOVE_PEAK: "at or above peak",
    PHASE_BASELINE: "untrained level",
}
WHOLE_BODY = "whole_body"


# --- the simulated history -------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class History:
    """The model over a user's history: rows 0..days (see ``tracker.timeline``), per parameter
    set (low, central, high) and muscle group. Values are relative to row 0."""

    timeline: Timeline
    size: np.ndarray  # (rows, 3, groups)
    strength: np.ndarray  # (rows, 3, groups)
    phase: np.ndarray  # (rows, groups), index into PHASES
    checkpoints: Mapping[int, ModelState]
    #: How many rows the last update simulated (for tests and the benchmark).
    simulated_rows: int = 0
    _states: dict[int, ModelState] = field(default_factory=dict, repr=False)

    @property
    def rows(self) -> int:
        return int(self.size.shape[0])

    @property
    def profile(self) -> Profile:
        return self.timeline.profile

    @property
    def final(self) -> ModelState:
        """The state at the end of today."""
        return self.checkpoints[self.rows - 1]

    def state_at(self, row: int) -> ModelState:
        """The model's state at ``row``, simulated from the checkpoint before it."""
        row = min(max(int(row), 0), self.rows - 1)
        if row in self.checkpoints:
            return self.checkpoints[row]
        if row not in self._states:
            start = max(k for k in self.checkpoints if k <= row)
            window = self.timeline.inputs.window(start, row)
            sim = simulate(window, self.profile, initial=self.checkpoints[start])
            self._states[row] = sim.checkpoint(row - start)
        return self._states[row]

    def weights(self) -> np.ndarray:
        return self.timeline.weights()


def first_difference(old: DailyInputs, new: DailyInputs) -> int | None:
    """The first input row that differs (``None``: same inputs, same length)."""
    m = min(old.days, new.days)
    differs = np.any(old.hard_sets[:m] != new.hard_sets[:m], axis=1) | np.any(
        old.states[:m] != new.states[:m], axis=1
    )
    found = np.flatnonzero(differs)
    if found.size:
        return int(found[0])
    return None if old.days == new.days else m


def _stack(low: np.ndarray, central: np.ndarray, high: np.ndarray) -> np.ndarray:
    return np.stack([low, central, high], axis=1)


def compute_history(timeline: Timeline, previous: History | None = None) -> History:
    """Simulate ``timeline``, resuming from ``previous``'s checkpoints where the inputs agree."""
    inputs = timeline.inputs
    days = inputs.days
    start = 0
    if (
        previous is not None
        and previous.timeline.first_day == timeline.first_day
        and previous.timeline.groups == timeline.groups
        and previous.profile == timeline.profile
    ):
        d = first_difference(previous.timeline.inputs, inputs)
        if d is None:
            return History(
                timeline,
                previous.size,
                previous.strength,
                previous.phase,
                previous.checkpoints,
                0,
                previous._states,
            )
        limit = min(d, days - 1)
        start = max(k for k in previous.checkpoints if k <= limit)
    if start == 0:
        sim = simulate(inputs, timeline.profile)
        kept: dict[int, ModelState] = {}
        head_size = head_strength = head_phase = None
    else:
        assert previous is not None
        initial = previous.checkpoints[start]
        sim = simulate(inputs.window(start, days), timeline.profile, initial=initial)
        kept = {
            k: v for k, v in previous.checkpoints.items() if k < start and k % CHECKPOINT_EVERY == 0
        }
        head_size = previous.size[:start]
        head_strength = previous.strength[:start]
        head_phase = previous.phase[:start]
    size = _stack(sim.size_low, sim.size, sim.size_high)
    strength = _stack(sim.strength_low, sim.strength, sim.strength_high)
    phase = _phase_codes(sim.phase)
    if head_size is not None:
        size = np.concatenate([head_size, size])
        strength = np.concatenate([head_strength, strength])
        phase = np.concatenate([head_phase, phase])
    checkpoints = dict(kept)
    for row in range(start, days + 1):
        if row % CHECKPOINT_EVERY == 0 or row in (start, days):
            checkpoints[row] = sim.checkpoint(row - start)
    for array in (size, strength, phase):
        array.flags.writeable = False
    return History(timeline, size, strength, phase, checkpoints, days - start)


def _phase_codes(phase: np.ndarray) -> np.ndarray:
    codes = np.zeros(phase.shape, dtype=np.int8)
    for i, name in enumerate(PHASES):
        codes[phase == name] = i
    return codes


# --- the cache -------------------------------------------------------------------------------


@dataclass(frozen=True)
class HistoryKey:
    """What a cached history depends on."""

    data_version: int
    profile: Profile
    today: dt.date


class ProjectionCache:
    """Per-process caches: users' histories, answers derived from them, rendered charts.

    Thread-safe (a lock around the dictionaries; computing happens outside it, so two threads
    may compute the same thing once each, never see a half-built one).
    """

    def __init__(
        self, max_users: int = 256, max_results: int = 1024, max_chart_bytes: int = 64 << 20
    ) -> None:
        self._lock = threading.Lock()
        self._histories: OrderedDict[int, tuple[HistoryKey, History | None]] = OrderedDict()
        self._results: OrderedDict[Hashable, Any] = OrderedDict()
        self._charts: OrderedDict[str, bytes] = OrderedDict()
        self._chart_bytes = 0
        self.max_users = max_users
        self.max_results = max_results
        self.max_chart_bytes = max_chart_bytes
        self.history_computations = 0

    def history(self, user_id: int, key: HistoryKey, load: Callable[[], LogRows]) -> History | None:
        """The user's simulated history for ``key``; ``load`` reads the log when needed."""
        with self._lock:
            cached = self._histories.get(user_id)
            if cached is not None:
                self._histories.move_to_end(user_id)
                if cached[0] == key:
                    return cached[1]
        previous = cached[1] if cached is not None else None
        timeline = build_timeline(load(), key.today, key.profile)
        history = None if timeline is None else compute_history(timeline, previous)
        with self._lock:
            self.history_computations += 1
            self._histories[user_id] = (key, history)
            self._histories.move_to_end(user_id)
            while len(self._histories) > self.max_users:
                self._histories.popitem(last=False)
        return history

    def result(self, key: Hashable, compute: Callable[[], T]) -> T:
        """A derived answer, computed once per ``key`` (which must include the history key)."""
        with self._lock:
            if key in self._results:
                self._results.move_to_end(key)
                value: T = self._results[key]
                return value
        value = compute()
        with self._lock:
            self._results[key] = value
            while len(self._results) > self.max_results:
                self._results.popitem(last=False)
        return value

    def chart(self, key: str, render: Callable[[], bytes]) -> bytes:
        """Rendered chart bytes by ``key`` (a hash of the chart's data, theme and format)."""
        with self._lock:
            found = self._charts.get(key)
            if found is not None:
                self._charts.move_to_end(key)
                return found
        data = render()
        with self._lock:
            if key not in self._charts:
                self._charts[key] = data
                self._chart_bytes += len(data)
            while self._chart_bytes > self.max_chart_bytes and len(self._charts) > 1:
                _, dropped = self._charts.popitem(last=False)
                self._chart_bytes -= len(dropped)
        return data

    def clear(self) -> None:
        with self._lock:
            self._histories.clear()
            self._results.clear()
            self._charts.clear()
            self._chart_bytes = 0


def cache_for(extensions: MutableMapping[str, Any]) -> ProjectionCache:
    """The app's cache (``app.extensions["projections"]``), created on first use."""
    cache = extensions.get("projections")
    if cache is None:
        cache = extensions.setdefault("projections", ProjectionCache())
    assert isinstance(cache, ProjectionCache)
    return cache


@dataclass(frozen=True)
class UserContext:
    """Who a projection is for: what the cache key needs, read from the user row."""

    user_id: int
    data_version: int
    profile: Profile
    today: dt.date

    @property
    def key(self) -> HistoryKey:
        return HistoryKey(self.data_version, self.profile, self.today)


def user_history(cache: ProjectionCache, session: Session, who: UserContext) -> History | None:
    """The user's simulated history (``None``: nothing logged yet), from the cache if current."""
    from tracker.crud import projections as crud_projections

    def load() -> LogRows:
        return crud_projections.log_rows(session=session, user_id=who.user_id)

    return cache.history(who.user_id, who.key, load)


# --- small value types -----------------------------------------------------------------------


@dataclass(frozen=True)
class Estimate:
    """A number and its band (``low`` <= ``high``; the central value need not be between
    them by much, but is computed from the central parameter set)."""

    central: float
    low: float
    high: float

    @classmethod
    def of(cls, values: np.ndarray) -> Estimate:
        """From (low, central, high) parameter-set values, the band sorted."""
        v = [float(x) for x in values]
        return cls(v[CENTRAL], min(v), max(v))


@dataclass(frozen=True)
class DateBand:
    """When a level is reached: central estimate and the band (``None``: not within the
    horizon followed)."""

    central: dt.date | None
    earliest: dt.date | None
    latest: dt.date | None


def focus_weights(
    groups: Sequence[str], weights: np.ndarray, muscles: Collection[str] | None = None
) -> np.ndarray:
    """Weights over ``groups`` for a mean: the whole-body weights, limited to ``muscles``
    (equal weights among those when none of them was trained)."""
    w = np.asarray(weights, dtype=np.float64)
    if muscles is not None:
        mask = np.array([g in muscles for g in groups], dtype=np.float64)
        w = w * mask
        if w.sum() <= 0:
            w = mask
    if w.sum() <= 0:
        w = np.ones(len(groups))
    return np.asarray(w / w.sum())


def aggregate(values: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Weighted mean over the last axis (groups)."""
    return np.asarray(values @ weights)


def group_choice(muscle: str | None) -> str | None:
    """A muscle key for ``?muscle=``: ``None`` for the whole body; ``ValueError`` if unknown."""
    if muscle in (None, "", WHOLE_BODY):
        return None
    if muscle not in MUSCLES_BY_KEY:
        raise ValueError(f"unknown muscle group {muscle!r}")
    return muscle


def selection_weights(history: History, muscle: str | None) -> np.ndarray:
    groups = history.timeline.groups
    if muscle is None:
        return focus_weights(groups, history.weights())
    return focus_weights(groups, np.ones(len(groups)), (muscle,))


# --- the dashboard: now ----------------------------------------------------------------------


@dataclass(frozen=True)
class GroupNow:
    """Where a muscle group (or the whole body) stands today, relative to its own peak."""

    key: str
    label: str
    size: Estimate
    strength: Estimate
    phase: str
    weekly_sets: float


@dataclass(frozen=True)
class NowSummary:
    as_of: dt.date
    whole: GroupNow
    groups: tuple[GroupNow, ...]
    #: Labels of the groups with no logged set (not in the table).
    untrained: tuple[str, ...]


def _relative_now(series: np.ndarray) -> Estimate:
    """Today's value of (rows, 3) relative to the peak of its central estimate so far."""
    peak = float(series[:, CENTRAL].max())
    return Estimate.of(series[-1] / peak)


def now_summary(history: History) -> NowSummary:
    tl = history.timeline
    groups = tl.groups
    weights = history.weights()
    recent = tl.inputs.hard_sets[-28:].sum(axis=0) / max(min(tl.days, 28), 1) * 7
    trained = tl.inputs.hard_sets.sum(axis=0) > 0
    rows = []
    for j, key in enumerate(groups):
        if not trained[j]:
            continue
        rows.append(
            GroupNow(
                key=key,
                label=MUSCLES_BY_KEY[key].label,
                size=_relative_now(history.size[:, :, j]),
                strength=_relative_now(history.strength[:, :, j]),
                phase=PHASE_LABELS[PHASES[int(history.phase[-1, j])]],
                weekly_sets=float(recent[j]),
            )
        )
    w = focus_weights(groups, weights)
    phase_weight: dict[int, float] = {}
    for j in range(len(groups)):
        code = int(history.phase[-1, j])
        phase_weight[code] = phase_weight.get(code, 0.0) + float(w[j])
    whole_phase = max(phase_weight, key=lambda c: phase_weight[c])
    whole = GroupNow(
        key=WHOLE_BODY,
        label="Whole body",
        size=_relative_now(aggregate(history.size, w)),
        strength=_relative_now(aggregate(history.strength, w)),
        phase=PHASE_LABELS[PHASES[whole_phase]],
        weekly_sets=float(recent.sum()),
    )
    untrained = tuple(MUSCLES_BY_KEY[k].label for j, k in enumerate(groups) if not trained[j])
    return NowSummary(tl.today, whole, tuple(rows), untrained)


# --- scenarios: days to come -----------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class Scenario:
    """Days to come simulated from a state. Row ``r`` is the end of ``origin + r`` days."""

    origin: dt.date  # the day whose end row 0 is
    size: np.ndarray  # (rows, 3) weighted over the focus groups
    strength: np.ndarray

    def date_of_row(self, row: int) -> dt.date:
        return self.origin + dt.timedelta(days=row)


def run_scenario(
    start: ModelState,
    profile: Profile,
    segments: Sequence[Segment],
    weights: np.ndarray,
    origin: dt.date,
) -> Scenario:
    """Simulate ``segments`` from ``start``; sizes and strengths averaged with ``weights``.

    Only the groups with a weight are simulated (the groups are independent in the model).
    """
    groups = start.groups
    idx = [j for j, w in enumerate(weights) if w > 0]
    inputs = scenario_inputs(groups, segments)
    state = start
    if len(idx) < len(groups):
        keep = [groups[j] for j in idx]
        state = start.select(keep)
        inputs = DailyInputs(tuple(keep), inputs.hard_sets[:, idx], inputs.states[:, idx])
    w = np.asarray(weights)[idx]
    sim = simulate(inputs, profile, initial=state)
    size = aggregate(_stack(sim.size_low, sim.size, sim.size_high), w)
    strength = aggregate(_stack(sim.strength_low, sim.strength, sim.strength_high), w)
    return Scenario(origin, size, strength)


@dataclass(frozen=True)
class Outcome:
    """A break's cost and the way back, relative to the level when it started."""

    loss_size: Estimate  # fraction lost (0.05 = 5 %)
    loss_strength: Estimate
    size_95: DateBand
    size_100: DateBand
    strength_95: DateBand
    strength_100: DateBand


def _reach(series: np.ndarray, ref: np.ndarray, fraction: float, from_row: int) -> list[int | None]:
    found: list[int | None] = []
    for k in (LOW, CENTRAL, HIGH):
        hits = np.flatnonzero(series[from_row:, k] >= fraction * ref[k] - 1e-12)
        found.append(from_row + int(hits[0]) if hits.size else None)
    return found


def date_band(
    series: np.ndarray,
    ref: np.ndarray,
    fraction: float,
    from_row: int,
    date_of_row: Callable[[int], dt.date],
) -> DateBand:
    """When ``series`` (rows, 3) is back to ``fraction`` of ``ref`` (3,), from ``from_row``."""
    rows = _reach(series, ref, fraction, from_row)
    known = [r for r in rows if r is not None]
    central = rows[CENTRAL]
    return DateBand(
        central=None if central is None else date_of_row(central),
        earliest=date_of_row(min(known)) if known else None,
        latest=None if None in rows else date_of_row(max(known)),
    )


def outcome(
    size: np.ndarray,
    strength: np.ndarray,
    ref_size: np.ndarray,
    ref_strength: np.ndarray,
    end_row: int,
    date_of_row: Callable[[int], dt.date],
) -> Outcome:
    """Loss at ``end_row`` and the regain dates after it, against the reference levels."""
    return Outcome(
        loss_size=Estimate.of(1.0 - size[end_row] / ref_size),
        loss_strength=Estimate.of(1.0 - strength[end_row] / ref_strength),
        size_95=date_band(size, ref_size, 0.95, end_row, date_of_row),
        size_100=date_band(size, ref_size, 1.0, end_row, date_of_row),
        strength_95=date_band(strength, ref_strength, 0.95, end_row, date_of_row),
        strength_100=date_band(strength, ref_strength, 1.0, end_row, date_of_row),
    )


def horizon_for(days: int) -> int:
    """Days of training followed after a break of ``days`` days (regain takes about half the
    break; the slow end of the band longer)."""
    return int(min(max(2 * days + 120, 365), 1095))


def continue_break(span: BreakSpan, days: int) -> Segment:
    """More days of a break as it is: rest, reduced (the model's nominal dose, as in the
    history) or immobilised (the picked groups; the others rest)."""
    if span.mode == "reduced":
        return Segment("reduced", days)
    if span.mode == "immobilized" and span.muscles:
        return Segment("immobilized", days, affected=frozenset(span.muscles))
    return Segment("rest", days)


def break_focus(span: BreakSpan) -> frozenset[str] | None:
    """The groups a break is about: the immobilised ones, or all (``None``)."""
    return frozenset(span.muscles) if span.mode == "immobilized" and span.muscles else None


def next_monday(today: dt.date) -> dt.date:
    """The next Monday after today (a week ahead when today is a Monday)."""
    return today + dt.timedelta(days=7 - today.weekday())


def usual_or_nominal(history: History | None, before: dt.date | None = None) -> np.ndarray:
    if history is not None:
        usual = history.timeline.usual_weekly_sets(before)
        if usual is not None:
            return usual
    return nominal_weekly(MUSCLE_KEYS if history is None else history.timeline.groups)


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


@dataclass(frozen=True)
class OngoingBreak:
    day: int  # day 1 = the first day of the break
    loss_size: Estimate  # lost so far
    loss_strength: Estimate
    options: tuple[ReturnOption, ...]


def ongoing_break(history: History, span: BreakSpan, dose: float = 1.0) -> OngoingBreak:
    """Loss so far, and the regain if the user is back next Monday, or two weeks later."""
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
        segments = [continue_break(span, more), train_segment(horizon, usual)]
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
    history: History,
    span: BreakSpan,
    dose: float = 1.0,
    lifts: Sequence[LiftSet] = (),
) -> BreakProjection:
    """Before, during and after a break; a projected regain at ``dose`` x the usual volume."""
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
        first = [continue_break(span, more)]
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
    last_row = _chart_end(result, sc, more, until)
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


def _chart_end(result: Outcome, sc: Scenario, more: int, until: dt.date | None) -> int:
    """Last scenario row worth drawing: a few weeks past the slowest 100 % date (and past
    ``until``, the last day with something to compare)."""
    last = sc.size.shape[0] - 1
    ends = [more + 28]
    if until is not None:
        ends.append((until - sc.origin).days + 14)
    for band in (result.size_100, result.strength_100):
        day = band.latest or band.central
        if day is not None:
            ends.append((day - sc.origin).days + 28)
    if result.size_100.latest is None or result.strength_100.latest is None:
        ends.append(last)
    return int(min(max(ends), last))


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


# --- the planner -----------------------------------------------------------------------------

MIN_DOSE, MAX_DOSE = 0.25, 2.0
PLAN_KINDS = ("rest", "reduced", "immobilized")


@dataclass(frozen=True)
class PlanOption:
    """One way to spend the break: rest, reduced (N sessions a week) or immobilised."""

    kind: str
    sessions_per_week: int | None = None
    muscles: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        if self.kind == "reduced":
            return f"reduced_{self.sessions_per_week}"
        return self.kind

    @property
    def label(self) -> str:
        if self.kind == "reduced":
            n = self.sessions_per_week or 1
            return f"{n} session{'s' if n != 1 else ''} a week"
        if self.kind == "immobilized":
            names = ", ".join(MUSCLES_BY_KEY[m].label.lower() for m in self.muscles)
            return f"Immobilised ({names})" if names else "Immobilised"
        return "Complete rest"


@dataclass(frozen=True, eq=False)
class PlanResult:
    option: PlanOption
    first_day: dt.date
    last_day: dt.date
    outcome: Outcome
    #: Relative to the level on the plan's first morning, from today's end (row 0) on.
    dates: tuple[dt.date, ...]
    size: np.ndarray  # (rows, 3)
    strength: np.ndarray
    start_row: int
    end_row: int


@dataclass(frozen=True, eq=False)
class PlanComparison:
    results: tuple[PlanResult, ...]  # the chosen option first
    from_history: bool
    dose: float
    focus: tuple[str, ...]
    usual_weekly_sets: float


def plan_break(
    history: History | None,
    profile: Profile,
    today: dt.date,
    start: dt.date,
    days: int,
    options: Sequence[PlanOption],
    dose: float = 1.0,
) -> PlanComparison:
    """A break that has not happened yet, for each option, from the user's state today.

    Until ``start`` the user trains at the usual volume; after the break at ``dose`` x that
    volume (a user with no log: the model's typical programme, from ``initial_state``).
    """
    if history is not None:
        state, groups, weights = history.final, history.timeline.groups, history.weights()
    else:
        groups = MUSCLE_KEYS
        state, weights = initial_state(profile, groups), np.ones(len(groups))
    usual = usual_or_nominal(history)
    lead = max((start - today).days - 1, 0)
    horizon = horizon_for(days)
    results = []
    focus_all: set[str] = set()
    for option in options:
        affected = frozenset(option.muscles) if option.kind == "immobilized" else None
        w = focus_weights(groups, weights, affected)
        focus_all.update(g for g, x in zip(groups, w, strict=True) if x > 0)
        if option.kind == "reduced":
            pause = reduced_segment(days, option.sessions_per_week or 1, usual)
        else:
            pause = Segment(option.kind, days, affected=affected)
        segments = [train_segment(lead, usual), pause, train_segment(horizon, usual * dose)]
        sc = run_scenario(state, profile, segments, w, today)
        ref_size, ref_strength = sc.size[lead], sc.strength[lead]
        end = lead + days
        result = outcome(sc.size, sc.strength, ref_size, ref_strength, end, sc.date_of_row)
        last = _chart_end(result, sc, end, None)
        results.append(
            PlanResult(
                option=option,
                first_day=start,
                last_day=start + dt.timedelta(days=days - 1),
                outcome=result,
                dates=tuple(sc.date_of_row(r) for r in range(last + 1)),
                size=sc.size[: last + 1] / ref_size,
                strength=sc.strength[: last + 1] / ref_strength,
                start_row=lead,
                end_row=end,
            )
        )
    w_all = focus_weights(groups, weights)
    return PlanComparison(
        results=tuple(results),
        from_history=history is not None,
        dose=dose,
        focus=tuple(g for g in MUSCLE_KEYS if g in focus_all),
        usual_weekly_sets=float(usual @ (w_all > 0)),
    )


def group_labels(keys: Sequence[str]) -> str:
    return ", ".join(MUSCLES_BY_KEY[k].label for k in keys if k in MUSCLES_BY_KEY)
