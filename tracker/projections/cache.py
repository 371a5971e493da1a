"""A user's simulated history, and the per-app cache that keeps it current cheaply.

The simulated history of a user is cached in process, keyed by user id + data version +
profile + today. A page view with an unchanged key reuses it. When the key changed (a set
logged, a break recorded, a new day), the log is read again (only the workouts whose sets'
version moved since the log kept with the history: ``tracker.crud.projections.log_rows``), the
new daily inputs are compared with the cached ones, and the model resumes from the last
checkpoint (kept every :data:`CHECKPOINT_EVERY` days, and at the end) before the first day that
differs: logging
today's set re-simulates at most four weeks, not years. A changed profile or first day
recomputes everything. Answers derived from a history (the dashboard's table, a break's
projection, a plan, a chart's data) are cached by the same key plus their parameters
(:meth:`ProjectionCache.result`), rendered charts by a hash of their data
(:meth:`ProjectionCache.chart`).

Behind this process's cache, when the app gives them (``tracker.cluster``), sit two caches
every server shares, so that a server is stateless and a restart costs little:

- the database's **checkpoints** (:mod:`tracker.projections.store`): a history that is not in
  this process resumes from the stored blocks whose chain (a digest of the profile and of every
  input row before them) matches the inputs just read, instead of simulating years, and stores
  the blocks it had to simulate;
- **Redis** (:mod:`tracker.projections.shared`): answers and rendered charts by their exact key.
  While Redis knows that a user's history exists for the current key, :meth:`history` returns
  it *deferred*: read and resumed only if an answer is missing, so a page whose answers are all
  in Redis costs neither the log's query nor a simulation.

Memory is bounded whatever the number of users: histories, answers and charts each have a
budget in bytes (the least recently used go first; the newest entry is always kept).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import sys
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable, Mapping, MutableMapping, Sequence
from dataclasses import dataclass
from typing import Any, NoReturn, TypeVar, cast

import numpy as np
from sqlmodel import Session

from tracker.physiology import PHASES, DailyInputs, ModelState, Profile, initial_state, simulate
from tracker.projections.results import stack_bands
from tracker.projections.shared import MISSING, SharedCache
from tracker.projections.store import BLOCK_DAYS, Block, CheckpointStore
from tracker.timeline import LogRows, Timeline, build_timeline

T = TypeVar("T")
#: Reads a user's log, given the log read last for the same account (``None``: read it all).
LogLoader = Callable[[LogRows | None], LogRows]
#: Reads a user's log as it is now.
Load = Callable[[], LogRows]

#: Days between stored model checkpoints (a block of the database's store).
CHECKPOINT_EVERY = BLOCK_DAYS
#: The model states kept for each of the last days of a history, besides every
#: ``CHECKPOINT_EVERY`` days: where a set logged in the last week resumes from.
RECENT_CHECKPOINTS = 7


# --- the simulated history -------------------------------------------------------------------


class _Parts:
    """A computed history's values (see :class:`History`)."""

    __slots__ = (
        "checkpoints",
        "phase",
        "simulated_rows",
        "size",
        "states",
        "stored_blocks",
        "strength",
        "timeline",
    )

    def __init__(
        self,
        timeline: Timeline,
        size: np.ndarray,
        strength: np.ndarray,
        phase: np.ndarray,
        checkpoints: Mapping[int, ModelState],
        simulated_rows: int,
        stored_blocks: int,
        states: dict[int, ModelState],
    ) -> None:
        self.timeline = timeline
        self.size = size
        self.strength = strength
        self.phase = phase
        self.checkpoints = checkpoints
        self.simulated_rows = simulated_rows
        self.stored_blocks = stored_blocks
        self.states = states


class History:
    """The model over a user's history: rows 0..days (see ``tracker.timeline``), per parameter
    set (low, central, high) and muscle group. Values are relative to row 0.

    A history made by :meth:`deferred` is computed when one of its values is first read (in the
    request that asked for it: its loader reads that request's database session).
    """

    __slots__ = ("_build", "_lock", "_parts")

    def __init__(
        self,
        timeline: Timeline,
        size: np.ndarray,
        strength: np.ndarray,
        phase: np.ndarray,
        checkpoints: Mapping[int, ModelState],
        simulated_rows: int = 0,
        stored_blocks: int = 0,
        states: dict[int, ModelState] | None = None,
    ) -> None:
        self._parts: _Parts | None = _Parts(
            timeline, size, strength, phase, checkpoints, simulated_rows, stored_blocks,
            {} if states is None else states,
        )  # fmt: skip
        self._build: Callable[[], History | None] | None = None
        self._lock: threading.Lock | None = None

    @classmethod
    def deferred(cls, build: Callable[[], History | None]) -> History:
        """A history that ``build`` computes when first read (it must not return ``None``)."""
        history = cls.__new__(cls)
        history._parts = None
        history._build = build
        history._lock = threading.Lock()
        return history

    def _get(self) -> _Parts:
        parts = self._parts
        if parts is not None:
            return parts
        assert self._lock is not None
        with self._lock:
            if self._parts is None:
                assert self._build is not None
                built = self._build()
                if built is None:
                    raise RuntimeError("a history known to exist turned out empty")
                self._parts = built._get()
                self._build = None
            return self._parts

    def __reduce_ex__(self, protocol: Any) -> NoReturn:
        # Shared caches get answers, not histories: their checkpoints are in the database.
        raise TypeError("a History is not pickled (its checkpoints are stored in the database)")

    @property
    def computed(self) -> bool:
        """Whether its values exist yet (false for a deferred history not read so far)."""
        return self._parts is not None

    @property
    def timeline(self) -> Timeline:
        return self._get().timeline

    @property
    def size(self) -> np.ndarray:  # (rows, 3, groups)
        return self._get().size

    @property
    def strength(self) -> np.ndarray:  # (rows, 3, groups)
        return self._get().strength

    @property
    def phase(self) -> np.ndarray:  # (rows, groups), index into PHASES
        return self._get().phase

    @property
    def checkpoints(self) -> Mapping[int, ModelState]:
        return self._get().checkpoints

    @property
    def simulated_rows(self) -> int:
        """How many rows the last update simulated (for tests and the benchmark)."""
        return self._get().simulated_rows

    @property
    def stored_blocks(self) -> int:
        """How many blocks from the first are known to be in the checkpoint store."""
        return self._get().stored_blocks

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
        parts = self._get()
        row = min(max(int(row), 0), self.rows - 1)
        if row in parts.checkpoints:
            return parts.checkpoints[row]
        if row not in parts.states:
            start = max(k for k in parts.checkpoints if k <= row)
            window = parts.timeline.inputs.window(start, row)
            sim = simulate(window, self.profile, initial=parts.checkpoints[start])
            parts.states[row] = sim.checkpoint(row - start)
        return parts.states[row]

    def weights(self) -> np.ndarray:
        return self.timeline.weights()

    def nbytes(self) -> int:
        """The memory it holds, about (its arrays, inputs and checkpoints)."""
        parts = self._get()
        inputs = parts.timeline.inputs
        total = parts.size.nbytes + parts.strength.nbytes + parts.phase.nbytes
        total += inputs.hard_sets.nbytes + inputs.states.nbytes
        states = len(parts.checkpoints) + len(parts.states)
        if parts.checkpoints:
            total += states * _state_bytes(next(iter(parts.checkpoints.values())))
        return int(total) + 4096

    def block(self, index: int) -> Block:
        """Block ``index`` of the checkpoint store: rows ``index * CHECKPOINT_EVERY`` onwards."""
        lo, hi = index * CHECKPOINT_EVERY, (index + 1) * CHECKPOINT_EVERY
        parts = self._get()
        return Block(
            index,
            parts.size[lo:hi],
            parts.strength[lo:hi],
            parts.phase[lo:hi],
            parts.checkpoints[hi],
        )


#: What a kept log holds per count row and per workout, the timeline's sums of each workout
#: included (``LogRows.sums``; measured with tracemalloc on the benchmark's heavy user: 1.51 MB
#: for 5,411 rows of 773 workouts, and 0.28 MB of sums).
_LOG_ROW_BYTES = 230
_LOG_WORKOUT_BYTES = 700
#: And per day of the log, the timeline's summed array kept with it (one float per group).
_LOG_DAY_BYTES = 8 * 16


def _state_bytes(state: ModelState) -> int:
    total = 0
    for field in dataclasses.fields(state):
        value = getattr(state, field.name)
        if isinstance(value, np.ndarray):
            total += value.nbytes + 112
        elif isinstance(value, DailyInputs):
            total += value.hard_sets.nbytes + value.states.nbytes + 300
    return total + 200


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


@dataclass(frozen=True, eq=False)
class _Prefix:
    """What a new history can start from: the outputs of rows before ``rows``, the states at
    every checkpoint up to ``rows`` included, and how many blocks of it are stored."""

    rows: int
    size: np.ndarray
    strength: np.ndarray
    phase: np.ndarray
    checkpoints: Mapping[int, ModelState]
    stored_blocks: int


def resume_row(timeline: Timeline, previous: History | None) -> int | None:
    """The row from which ``timeline`` can resume ``previous`` (0: from the start; ``None``:
    the same inputs, nothing to simulate)."""
    if (
        previous is None
        or previous.timeline.first_day != timeline.first_day
        or previous.timeline.groups != timeline.groups
        or previous.profile != timeline.profile
    ):
        return 0
    d = first_difference(previous.timeline.inputs, timeline.inputs)
    if d is None:
        return None
    limit = min(d, timeline.days - 1)
    return max(k for k in previous.checkpoints if k <= limit)


def usable_blocks(timeline: Timeline) -> int:
    """How many stored blocks a history of ``timeline`` can start from (at least its last day is
    always simulated, as when resuming from a checkpoint of this process)."""
    return max(timeline.days - 1, 0) // CHECKPOINT_EVERY


def compute_history(
    timeline: Timeline, previous: History | None = None, stored: Sequence[Block] = ()
) -> History:
    """Simulate ``timeline``, resuming from ``previous``'s checkpoints where the inputs agree,
    or from ``stored`` blocks when they reach further.

    ``stored`` are consecutive blocks whose chains matched ``timeline``'s inputs (from
    :meth:`CheckpointStore.load`); when they do not start at block 0, ``previous`` must hold
    the rows before them (they were read from the block :func:`resume_row` fell in).
    """
    return resume_history(timeline, previous, resume_row(timeline, previous), stored)


def resume_history(
    timeline: Timeline, previous: History | None, start: int | None, stored: Sequence[Block] = ()
) -> History:
    """:func:`compute_history` from ``start``, what :func:`resume_row` gave for ``timeline``
    and ``previous`` (comparing five years of inputs costs a view after a new set a tenth of a
    millisecond: the cache, which needs the row for the stored blocks too, finds it once)."""
    inputs = timeline.inputs
    days = inputs.days
    if start is None:
        assert previous is not None
        parts = previous._get()
        return History(
            timeline, parts.size, parts.strength, parts.phase, parts.checkpoints, 0,
            parts.stored_blocks, parts.states,
        )  # fmt: skip
    prefix = _prefix_of(previous, start) if start > 0 else None
    blocks = [b for b in stored if b.end <= usable_blocks(timeline) * CHECKPOINT_EVERY]
    if blocks and blocks[-1].end > start:
        prefix = _with_blocks(prefix, blocks, timeline)
    start = 0 if prefix is None else prefix.rows
    # The rows to keep states at: every CHECKPOINT_EVERY days, the first, and each of the last
    # RECENT_CHECKPOINTS (a set logged today, or in a workout of the last days, then
    # re-simulates from its day, not from the last multiple: up to four weeks before).
    recent = days - RECENT_CHECKPOINTS
    rows = [
        r for r in range(start, days + 1) if r % CHECKPOINT_EVERY == 0 or r == start or r >= recent
    ]
    keep = [r - start for r in rows]
    if prefix is None:
        sim = simulate(inputs, timeline.profile, keep=keep)
        kept: dict[int, ModelState] = {}
    else:
        initial = prefix.checkpoints[start]
        sim = simulate(inputs.window(start, days), timeline.profile, initial=initial, keep=keep)
        kept = {
            k: v
            for k, v in prefix.checkpoints.items()
            if k < start and (k % CHECKPOINT_EVERY == 0 or k >= recent)
        }
    size = stack_bands(sim.size_low, sim.size, sim.size_high)
    strength = stack_bands(sim.strength_low, sim.strength, sim.strength_high)
    phase = _phase_codes(sim.phase)
    if prefix is not None:
        size = np.concatenate([prefix.size, size])
        strength = np.concatenate([prefix.strength, strength])
        phase = np.concatenate([prefix.phase, phase])
    checkpoints = dict(kept)
    for row in rows:
        checkpoints[row] = sim.checkpoint(row - start)
    for array in (size, strength, phase):
        array.flags.writeable = False
    stored_blocks = 0 if prefix is None else prefix.stored_blocks
    return History(timeline, size, strength, phase, checkpoints, days - start, stored_blocks)


def _prefix_of(previous: History | None, start: int) -> _Prefix:
    assert previous is not None
    parts = previous._get()
    return _Prefix(
        start,
        parts.size[:start],
        parts.strength[:start],
        parts.phase[:start],
        {k: v for k, v in parts.checkpoints.items() if k <= start},
        min(parts.stored_blocks, start // CHECKPOINT_EVERY),
    )


def _with_blocks(prefix: _Prefix | None, blocks: Sequence[Block], timeline: Timeline) -> _Prefix:
    """``prefix`` up to the first block's start, then the blocks."""
    begin = blocks[0].index * CHECKPOINT_EVERY
    if begin == 0:
        head_size = head_strength = head_phase = None
        checkpoints = {0: initial_state(timeline.profile, timeline.groups)}
    else:
        assert prefix is not None and prefix.rows >= begin, "stored blocks need the rows before"
        head_size, head_strength = prefix.size[:begin], prefix.strength[:begin]
        head_phase = prefix.phase[:begin]
        checkpoints = {k: v for k, v in prefix.checkpoints.items() if k <= begin}
    sizes = [b.size for b in blocks]
    strengths = [b.strength for b in blocks]
    phases = [b.phase for b in blocks]
    if head_size is not None:
        assert head_strength is not None and head_phase is not None
        sizes.insert(0, head_size)
        strengths.insert(0, head_strength)
        phases.insert(0, head_phase)
    for b in blocks:
        checkpoints[b.end] = b.state
    return _Prefix(
        blocks[-1].end,
        np.concatenate(sizes),
        np.concatenate(strengths),
        np.concatenate(phases).astype(np.int8, copy=False),
        checkpoints,
        blocks[-1].index + 1,
    )


def _phase_codes(phase: np.ndarray) -> np.ndarray:
    codes = np.zeros(phase.shape, dtype=np.int8)
    for i, name in enumerate(PHASES):
        codes[phase == name] = i
    return codes


# --- sizes -------------------------------------------------------------------------------------

_ATOMS = (int, float, complex, bool, dt.date, dt.datetime, dt.time, dt.timedelta)
#: Sequences longer than this are measured from a sample of their items.
_SAMPLE = 8


def approx_size(value: object) -> int:
    """The memory ``value`` holds, roughly: numpy arrays by their bytes, containers and
    objects by their items (long sequences from a sample), shared items once."""
    return _size(value, set(), 0)


def _size(value: object, seen: set[int], depth: int) -> int:
    kind = type(value)
    how = _HOW.get(kind)
    if how is None:
        how = _HOW[kind] = _how(kind)
    if how is _FLAT:
        return sys.getsizeof(value)
    if id(value) in seen:
        return 0
    seen.add(id(value))
    if how is _ARRAY:
        return int(value.nbytes) + 112  # type: ignore[attr-defined]
    if how is _HISTORY:
        history = cast(History, value)
        return history.nbytes() if history.computed else 64
    base = sys.getsizeof(value, 64)
    if how is _OPAQUE:
        # Not walked (a database row, a model instance...): what it refers to (its session,
        # its mappers) is not held by the cache alone.
        return base + _OPAQUE_BYTES
    if depth > 16:
        return base
    if how is _MAPPING:
        return base + sum(
            _size(k, seen, depth + 1) + _size(v, seen, depth + 1)
            for k, v in cast(Mapping[Any, Any], value).items()
        )
    if how is _SEQUENCE:
        items = cast(Sequence[Any], value)
        if len(items) <= _SAMPLE:
            return base + sum(_size(item, seen, depth + 1) for item in items)
        step = len(items) // _SAMPLE
        sample = items[::step][:_SAMPLE]
        if all(type(item) is float for item in sample):
            # A chart's line: thousands of floats, measured like any long sequence from a
            # sample, without a call per item.
            return base + len(items) * _FLOAT_BYTES
        measured = sum(_size(item, seen, depth + 1) for item in sample)
        return base + measured * len(items) // len(sample)
    if how is _SET:
        members = list(cast(Iterable[Any], value))
        if len(members) <= _SAMPLE:
            return base + sum(_size(item, seen, depth + 1) for item in members)
        sample = members[:: len(members) // _SAMPLE][:_SAMPLE]
        measured = sum(_size(item, seen, depth + 1) for item in sample)
        return base + measured * len(members) // len(sample)
    # A dataclass: its fields.
    return base + sum(_size(getattr(value, name, None), seen, depth + 1) for name in how)


def _key_size(key: Hashable) -> int:
    """A cache key's own memory: the tuple and its items, not what they refer to (a key's
    history key and profile are shared by all the user's keys and their history)."""
    if type(key) is not tuple:
        return approx_size(key)
    return sys.getsizeof(key) + sum(sys.getsizeof(part) for part in key)


# How a value of each type is measured, found once per type (the walk visits thousands of
# values per answer kept: a chain of isinstance checks for each was most of its time).
_FLAT, _ARRAY, _HISTORY, _MAPPING, _SEQUENCE, _SET, _OPAQUE = (
    ("flat",), ("array",), ("history",), ("mapping",), ("sequence",), ("set",), ("opaque",)
)  # fmt: skip
_ATOM_TYPES = (*_ATOMS, str, bytes, bytearray, memoryview, type(None))
_HOW: dict[type, tuple[str, ...]] = {}


def _how(kind: type) -> tuple[str, ...]:
    """How :func:`_size` measures a value of ``kind``: one of the markers above, or for a
    dataclass the names of its fields."""
    if issubclass(kind, _ATOM_TYPES):
        return _FLAT
    if issubclass(kind, np.ndarray):
        return _ARRAY
    if issubclass(kind, History):
        return _HISTORY
    if issubclass(kind, Mapping):
        return _MAPPING
    if issubclass(kind, (tuple, list)):
        return _SEQUENCE
    if issubclass(kind, (set, frozenset)):
        return _SET
    if dataclasses.is_dataclass(kind) and not issubclass(kind, type):
        return tuple(f.name for f in dataclasses.fields(kind))
    return _OPAQUE


#: A float object's size (``sys.getsizeof(1.0)``).
_FLOAT_BYTES = sys.getsizeof(1.0)
#: What an object the sizes do not look into is counted for.
_OPAQUE_BYTES = 2048
#: Memory an answer read from Redis takes at most, per byte of its pickle (measured with
#: tracemalloc on the dashboard's answers: a chart's data 5.3-5.5, a summary 5.9, the page's
#: pieces 1.0; over-counting text only keeps fewer entries).
PICKLE_TO_MEMORY = 6


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


class _Budget:
    """An LRU mapping bounded by the bytes of its values (the newest entry is always kept)."""

    def __init__(self, max_bytes: int, max_items: int) -> None:
        self.items: OrderedDict[Hashable, Any] = OrderedDict()
        self.sizes: dict[Hashable, int] = {}
        self.bytes = 0
        self.max_bytes = max_bytes
        self.max_items = max_items

    def get(self, key: Hashable) -> Any:
        found = self.items.get(key, MISSING)
        if found is not MISSING:
            self.items.move_to_end(key)
        return found

    def put(self, key: Hashable, value: Any, size: int) -> None:
        if key in self.items:
            self.bytes -= self.sizes[key]
        self.items[key] = value
        self.items.move_to_end(key)
        self.sizes[key] = size
        self.bytes += size
        while len(self.items) > 1 and (
            self.bytes > self.max_bytes or len(self.items) > self.max_items
        ):
            old, _ = self.items.popitem(last=False)
            self.bytes -= self.sizes.pop(old)

    def clear(self) -> None:
        self.items.clear()
        self.sizes.clear()
        self.bytes = 0


class ProjectionCache:
    """This process's caches (users' histories, answers derived from them, rendered charts),
    each bounded in bytes, in front of the shared ones (``checkpoints``: the database's;
    ``shared``: Redis) when given.

    Thread-safe (a lock around the dictionaries; computing happens outside it, so two threads
    may compute the same thing once each, never see a half-built one).
    """

    def __init__(
        self,
        max_users: int = 4096,
        max_results: int = 16384,
        max_chart_bytes: int = 32 << 20,
        max_history_bytes: int = 64 << 20,
        max_result_bytes: int = 32 << 20,
        max_log_bytes: int = 16 << 20,
        checkpoints: CheckpointStore | None = None,
        shared: SharedCache | None = None,
    ) -> None:
        self._lock = threading.Lock()
        self._history_budget = _Budget(max_history_bytes, max_users)
        self._result_budget = _Budget(max_result_bytes, max_results)
        self._chart_budget = _Budget(max_chart_bytes, 1 << 30)
        self._log_budget = _Budget(max_log_bytes, max_users)
        #: Users whose history Redis said exists, for which key (not computed here yet).
        self._known: OrderedDict[int, HistoryKey] = OrderedDict()
        self.checkpoints = checkpoints
        self.shared = shared
        self.history_computations = 0

    # The budgets' mappings, as they were named before the budgets (tests and benchmarks).
    @property
    def _histories(self) -> OrderedDict[Hashable, tuple[HistoryKey, History | None]]:
        return self._history_budget.items

    @property
    def _results(self) -> OrderedDict[Hashable, Any]:
        return self._result_budget.items

    @property
    def _charts(self) -> OrderedDict[Hashable, bytes]:
        return self._chart_budget.items

    @property
    def memory(self) -> dict[str, int]:
        """Bytes held now by each of this process's caches."""
        with self._lock:
            return {
                "histories": self._history_budget.bytes,
                "results": self._result_budget.bytes,
                "charts": self._chart_budget.bytes,
                "logs": self._log_budget.bytes,
            }

    @property
    def max_users(self) -> int:
        return self._history_budget.max_items

    def history(self, user_id: int, key: HistoryKey, load: Load) -> History | None:
        """The user's simulated history for ``key``; ``load`` reads the log when needed."""
        with self._lock:
            cached = self._history_budget.get(user_id)
        if cached is not MISSING and cached[0] == key:
            return cast(History | None, cached[1])
        with self._lock:
            known = self._known.get(user_id)
        if known == key:  # Redis said so earlier for this very key: no need to ask again
            return History.deferred(self._deferred(user_id, key, load))
        # Another account under the same id (SQLite may give a deleted account's id again)
        # starts afresh: nothing computed for one account serves another.
        previous: History | None = None
        if cached is not MISSING and cached[0].account == key.account:
            previous = cached[1]
        if self.shared is not None:
            exists = self.shared.get(("history", user_id, key))
            if exists is False:
                self._keep_history(user_id, key, None)
                return None
            if exists is True:
                with self._lock:
                    self._known[user_id] = key
                    self._known.move_to_end(user_id)
                    while len(self._known) > self.max_users:
                        self._known.popitem(last=False)
                return History.deferred(self._deferred(user_id, key, load))
        return self._compute(user_id, key, load, previous)

    def _deferred(self, user_id: int, key: HistoryKey, load: Load) -> Callable[[], History | None]:
        """How a deferred history is computed when read: from this process's latest history
        of the user then, if it is the same account's (see :meth:`history`)."""

        def build() -> History | None:
            with self._lock:
                cached = self._history_budget.get(user_id)
            previous = None
            if cached is not MISSING and cached[0].account == key.account:
                previous = cached[1]
            return self._compute(user_id, key, load, previous)

        return build

    def _compute(
        self,
        user_id: int,
        key: HistoryKey,
        load: Load,
        previous: History | None,
    ) -> History | None:
        timeline = build_timeline(load(), key.today, key.profile)
        history = None
        if timeline is not None:
            start = resume_row(timeline, previous)
            stored = self._stored_blocks(user_id, key, timeline, start)
            history = resume_history(timeline, previous, start, stored)
            self._store_blocks(user_id, key, history)
        with self._lock:
            self.history_computations += 1
        self._keep_history(user_id, key, history)
        if self.shared is not None:
            self.shared.put(("history", user_id, key), history is not None)
        return history

    def _keep_history(self, user_id: int, key: HistoryKey, history: History | None) -> None:
        size = 256 if history is None else history.nbytes()
        with self._lock:
            self._history_budget.put(user_id, (key, history), size)

    def _stored_blocks(
        self, user_id: int, key: HistoryKey, timeline: Timeline, start: int | None
    ) -> list[Block]:
        """The stored blocks that reach past ``start``, the row the previous history resumes
        from (none to ask for when it resumes within the last, incomplete block: a set logged
        today)."""
        if self.checkpoints is None:
            return []
        usable = usable_blocks(timeline)
        if start is None or start >= usable * CHECKPOINT_EVERY:
            return []
        return self.checkpoints.load(
            user_id,
            key.account,
            timeline.profile,
            timeline.inputs,
            start // CHECKPOINT_EVERY,
            usable,
        )

    def _store_blocks(self, user_id: int, key: HistoryKey, history: History) -> None:
        """Store the complete blocks of ``history`` the store does not have yet."""
        if self.checkpoints is None:
            return
        parts = history._get()
        complete = (history.rows - 1) // CHECKPOINT_EVERY
        if parts.stored_blocks >= complete:
            return
        blocks = [history.block(j) for j in range(parts.stored_blocks, complete)]
        timeline = parts.timeline
        if self.checkpoints.save(
            user_id, key.account, timeline.profile, timeline.inputs, blocks, complete
        ):
            parts.stored_blocks = complete

    def log(
        self, user_id: int, account: dt.datetime | None, data_version: int, load: LogLoader
    ) -> LogRows:
        """The user's log at ``data_version``, read once per version by this process (the
        calibration's fingerprint and the history read the same), and read from the last one
        kept for the same account: ``load`` then reads only what changed. Kept in this process
        only (it is the database's, not an answer to share)."""
        with self._lock:
            kept = self._log_budget.get(user_id)
        previous = None
        if kept is not MISSING and kept[0] == account:
            if kept[1] == data_version:
                return cast(LogRows, kept[2])
            previous = kept[2]
        rows = load(previous)
        counts = len(rows.exercise_sets) + sum(len(sets) for _, sets in rows.by_workout.values())
        size = _LOG_ROW_BYTES * counts + _LOG_WORKOUT_BYTES * len(rows.by_workout)
        if rows.workout_days:
            size += _LOG_DAY_BYTES * ((rows.workout_days[-1] - rows.workout_days[0]).days + 1)
        with self._lock:
            self._log_budget.put(user_id, (account, data_version, rows), size + 4096)
        return rows

    def result(self, key: Hashable, compute: Callable[[], T], *, local: bool = False) -> T:
        """A derived answer, computed once per ``key`` (which must include the history key).

        ``local``: kept by this process only, never sent to the shared cache (an answer
        cheaper to compute again than to fetch, asked on every request)."""
        with self._lock:
            found = self._result_budget.get(key)
        if found is not MISSING:
            return cast(T, found)
        if local:
            value = compute()
            self._keep_result(key, value)
            return value
        if self.shared is not None:
            found, pickled = self.shared.fetch(key)
            if found is not MISSING:
                # Its pickle's size bounds what it holds, without walking it (2 ms for a chart's
                # data): a chart's data takes 5.5 times its pickle in memory, text about 1.
                self._keep_result(key, found, PICKLE_TO_MEMORY * pickled + 512)
                return cast(T, found)
        value = compute()
        self._keep_result(key, value)
        if self.shared is not None:
            self.shared.put(key, value)
        return value

    def _keep_result(self, key: Hashable, value: Any, size: int | None = None) -> None:
        if size is None:
            size = approx_size(value) + _key_size(key)
        with self._lock:
            self._result_budget.put(key, value, size)

    def chart(self, key: str, render: Callable[[], bytes]) -> bytes:
        """Rendered chart bytes by ``key`` (a hash of the chart's data, theme and format)."""
        with self._lock:
            found = self._chart_budget.get(key)
        if found is not MISSING:
            return cast(bytes, found)
        data = None if self.shared is None else self.shared.get_bytes(key)
        if data is None:
            data = render()
            if self.shared is not None:
                self.shared.put_bytes(key, data)
        with self._lock:
            if self._chart_budget.get(key) is MISSING:
                self._chart_budget.put(key, data, len(data) + 100)
        return data

    def clear(self) -> None:
        """Forget everything this process holds (the shared caches keep theirs)."""
        with self._lock:
            self._history_budget.clear()
            self._result_budget.clear()
            self._chart_budget.clear()
            self._log_budget.clear()
            self._known.clear()


def cache_for(extensions: MutableMapping[str, Any]) -> ProjectionCache:
    """The app's cache (``app.extensions["projections"]``, made by ``tracker.cluster``),
    created on first use when the app made none."""
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

    @functools.cached_property
    def key(self) -> HistoryKey:
        # One object per context (kept per data version by ``service.user_context``): every
        # cache key of a request holds it, and equal keys compare by identity first.
        return HistoryKey(self.data_version, self.profile, self.today, self.account)


def user_history(cache: ProjectionCache, session: Session, who: UserContext) -> History | None:
    """The user's simulated history (``None``: nothing logged yet), from the cache if current."""
    return cache.history(
        who.user_id,
        who.key,
        lambda: user_log(
            cache, session, user_id=who.user_id, account=who.account, data_version=who.data_version
        ),
    )


def user_log(
    cache: ProjectionCache,
    session: Session,
    *,
    user_id: int,
    account: dt.datetime | None,
    data_version: int,
) -> LogRows:
    """The user's log now (read once per version of their data by this process)."""
    from tracker.crud import projections as crud_projections

    def load(previous: LogRows | None) -> LogRows:
        return crud_projections.log_rows(session=session, user_id=user_id, previous=previous)

    return cache.log(user_id, account, data_version, load)
