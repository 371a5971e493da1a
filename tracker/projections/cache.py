"""A user's simulated history, and the per-app cache that keeps it current cheaply.

The simulated history of a user is cached in process, keyed by user id + data version +
profile + today. A page view with an unchanged key reuses it. When the key changed (a set
logged, a break recorded, a new day), the log is read again (one aggregate query), the new daily
inputs are compared with the cached ones, and the model resumes from the last checkpoint (kept
every :data:`CHECKPOINT_EVERY` days, and at the end) before the first day that differs: logging
today's set re-simulates at most four weeks, not years. A changed profile or first day
recomputes everything. Answers derived from a history (the dashboard's table, a break's
projection, a plan, a chart's data) are cached by the same key plus their parameters
(:meth:`ProjectionCache.result`), rendered charts by a hash of their data
(:meth:`ProjectionCache.chart`).
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Mapping, MutableMapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

import numpy as np
from sqlmodel import Session

from tracker.physiology import PHASES, DailyInputs, ModelState, Profile, simulate
from tracker.projections.results import stack_bands
from tracker.timeline import LogRows, Timeline, build_timeline

T = TypeVar("T")

#: Days between stored model checkpoints.
CHECKPOINT_EVERY = 28


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
    # The rows to keep states at: every CHECKPOINT_EVERY days, the first and the last.
    rows = [r for r in range(start, days + 1) if r % CHECKPOINT_EVERY == 0 or r in (start, days)]
    keep = [r - start for r in rows]
    if start == 0:
        sim = simulate(inputs, timeline.profile, keep=keep)
        kept: dict[int, ModelState] = {}
        head_size = head_strength = head_phase = None
    else:
        assert previous is not None
        initial = previous.checkpoints[start]
        sim = simulate(inputs.window(start, days), timeline.profile, initial=initial, keep=keep)
        kept = {
            k: v for k, v in previous.checkpoints.items() if k < start and k % CHECKPOINT_EVERY == 0
        }
        head_size = previous.size[:start]
        head_strength = previous.strength[:start]
        head_phase = previous.phase[:start]
    size = stack_bands(sim.size_low, sim.size, sim.size_high)
    strength = stack_bands(sim.strength_low, sim.strength, sim.strength_high)
    phase = _phase_codes(sim.phase)
    if head_size is not None:
        size = np.concatenate([head_size, size])
        strength = np.concatenate([head_strength, strength])
        phase = np.concatenate([head_phase, phase])
    checkpoints = dict(kept)
    for row in rows:
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
    """What a cached history depends on.

    ``account`` tells accounts apart that share an id over time: SQLite may give a deleted
    user's id to the next one to register, who must never see the old cached history.
    """

    data_version: int
    profile: Profile
    today: dt.date
    account: dt.datetime | None = None


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
    #: When the account was created (see HistoryKey.account).
    account: dt.datetime | None = None

    @property
    def key(self) -> HistoryKey:
        return HistoryKey(self.data_version, self.profile, self.today, self.account)


def user_history(cache: ProjectionCache, session: Session, who: UserContext) -> History | None:
    """The user's simulated history (``None``: nothing logged yet), from the cache if current."""
    from tracker.crud import projections as crud_projections

    def load() -> LogRows:
        return crud_projections.log_rows(session=session, user_id=who.user_id)

    return cache.history(who.user_id, who.key, load)
