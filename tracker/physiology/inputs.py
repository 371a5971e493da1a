"""The model's daily input: hard sets and the day's state, per day and per muscle group.

The web app builds this from a user's log (``tracker/timeline.py``); ``simulate_protocol``
builds it from a list of phases. Both go through the same model, so the calibrated model is the
one users see.

States (integer codes, one per day and muscle group):

``TRAIN`` (0)
    Normal life; the logged sets are the truth. Days without sets are days without training,
    so weeks without sets behave exactly like rest. Long unlogged gaps need no special marking.
``REDUCED`` (1)
    A day of a declared reduced-training break. Logged sets count as logged. If no set was
    logged on any reduced day of the trailing week, the model assumes the nominal reduced dose
    (:data:`~tracker.physiology.params.REDUCED_SETS_PER_WEEK` hard sets a week), so a reduced
    break whose sessions were not logged still counts as reduced training.
``REST``
    A declared rest break (no resistance training, normal daily life). Sets logged anyway count.
``IMMOBILIZED``
    Cast, brace, bed rest or serious illness for this muscle group: logged sets are ignored and
    the muscle loses baseline as well as gains.

Cross-education (``cross``, optional): for a limb simulated apart from its other side (one arm
in a cast, the other training), the hard sets the *other* side's same muscle group did each
day. Only immobilised days use them: training the free limb keeps part of the immobilised
limb's strength (:data:`~tracker.physiology.params.PARAMS` ``cross_education_*``). Without
``cross`` (every ordinary history) the model runs exactly as it always did.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from .muscles import MUSCLE_KEYS, MUSCLES_BY_KEY

TRAIN, REDUCED, REST, IMMOBILIZED = 0, 1, 2, 3
STATE_NAMES: tuple[str, ...] = ("train", "reduced", "rest", "immobilized")
STATE_CODES: dict[str, int] = {name: code for code, name in enumerate(STATE_NAMES)}

#: Longest history the model accepts in one call (100 years of days).
MAX_INPUT_DAYS = 36_525
#: More hard sets than this for one muscle group on one day is a data error.
MAX_SETS_PER_DAY = 200.0


def check_groups(groups: Iterable[str], name: str = "groups") -> tuple[str, ...]:
    """The groups as a tuple of known, distinct muscle keys (``ValueError`` otherwise)."""
    if isinstance(groups, str):
        raise ValueError(f"{name} must be a sequence of muscle keys, not a string")
    keys = tuple(groups)
    unknown = [k for k in keys if k not in MUSCLES_BY_KEY]
    if unknown:
        raise ValueError(f"{name}: unknown muscle group(s) {unknown!r}")
    if len(set(keys)) != len(keys):
        raise ValueError(f"{name}: muscle groups repeat")
    if not keys:
        raise ValueError(f"{name} must name at least one muscle group")
    return keys


def _frozen(array: np.ndarray) -> np.ndarray:
    array.flags.writeable = False
    return array


@dataclass(frozen=True, eq=False)
class DailyInputs:
    """Hard sets and states per day (rows) and muscle group (columns, in ``groups`` order).

    ``hard_sets`` is a float array of shape ``(days, len(groups))``: hard sets done that day
    (secondary muscles of an exercise count half). ``states`` has the same shape and holds the
    integer state codes of this module. The arrays are copied and made read-only.
    """

    groups: tuple[str, ...]
    hard_sets: np.ndarray
    states: np.ndarray
    #: The other side's hard sets per day and group (same shape), or None: see the module.
    cross: np.ndarray | None = None

    def __post_init__(self) -> None:
        groups = check_groups(self.groups)
        sets = np.array(self.hard_sets, dtype=np.float64, copy=True)
        states = np.array(self.states, copy=True)
        shape_ok = sets.ndim == 2 and sets.shape[1] == len(groups)
        if not shape_ok:
            raise ValueError(f"hard_sets must have shape (days, {len(groups)})")
        if states.shape != sets.shape:
            raise ValueError(f"states must have the shape of hard_sets, {sets.shape}")
        if sets.shape[0] > MAX_INPUT_DAYS:
            raise ValueError(f"hard_sets: more than {MAX_INPUT_DAYS} days")
        if not np.all(np.isfinite(sets)):
            raise ValueError("hard_sets must not contain NaN or infinity")
        if np.any(sets < 0) or np.any(sets > MAX_SETS_PER_DAY):
            raise ValueError(f"hard_sets must be between 0 and {MAX_SETS_PER_DAY:g} per day")
        if states.size and not np.issubdtype(states.dtype, np.integer):
            if not np.all(np.isfinite(states.astype(np.float64))):
                raise ValueError("states must not contain NaN")
            if np.any(states != np.round(states)):
                raise ValueError("states must be integer state codes")
        if np.any((states < 0) | (states >= len(STATE_NAMES))):
            raise ValueError(f"states must be codes 0-{len(STATE_NAMES) - 1}")
        if self.cross is not None:
            cross = np.array(self.cross, dtype=np.float64, copy=True)
            if cross.shape != sets.shape:
                raise ValueError(f"cross must have the shape of hard_sets, {sets.shape}")
            if not np.all(np.isfinite(cross)):
                raise ValueError("cross must not contain NaN or infinity")
            if np.any(cross < 0) or np.any(cross > MAX_SETS_PER_DAY):
                raise ValueError(f"cross must be between 0 and {MAX_SETS_PER_DAY:g} per day")
            object.__setattr__(self, "cross", _frozen(cross))
        object.__setattr__(self, "groups", groups)
        object.__setattr__(self, "hard_sets", _frozen(sets))
        object.__setattr__(self, "states", _frozen(states.astype(np.int8)))

    @property
    def days(self) -> int:
        """Number of days (rows)."""
        return int(self.hard_sets.shape[0])

    @classmethod
    def untrained(cls, days: int, groups: Sequence[str] = MUSCLE_KEYS) -> DailyInputs:
        """``days`` days of normal life without training (state ``TRAIN``, no sets)."""
        n = len(check_groups(groups))
        return cls(tuple(groups), np.zeros((days, n)), np.zeros((days, n), dtype=np.int8))

    def window(self, start: int, stop: int) -> DailyInputs:
        """Days ``start`` to ``stop - 1``."""
        cross = None if self.cross is None else self.cross[start:stop]
        return DailyInputs(self.groups, self.hard_sets[start:stop], self.states[start:stop], cross)

    def then(self, other: DailyInputs) -> DailyInputs:
        """These days followed by ``other``'s (same groups)."""
        if other.groups != self.groups:
            raise ValueError("other: muscle groups differ")
        cross = None
        if self.cross is not None or other.cross is not None:
            cross = np.concatenate([_cross_of(self), _cross_of(other)])
        return DailyInputs(
            self.groups,
            np.concatenate([self.hard_sets, other.hard_sets]),
            np.concatenate([self.states, other.states]),
            cross,
        )


def _cross_of(inputs: DailyInputs) -> np.ndarray:
    """The other side's sets of ``inputs``, zeros when it has none."""
    return np.zeros(inputs.hard_sets.shape) if inputs.cross is None else inputs.cross


def build_inputs(
    days: int,
    *,
    groups: Sequence[str] = MUSCLE_KEYS,
    sets: Iterable[tuple[int, str, float]] = (),
    periods: Iterable[tuple[int, int, str, Iterable[str] | None]] = (),
) -> DailyInputs:
    """Daily inputs from a log: the helper the web app uses.

    ``sets`` holds ``(day, group, hard_sets)`` entries, added up per day and group (the caller
    counts secondary muscles half). ``periods`` holds ``(first_day, end_day, state, groups)``
    entries: days ``first_day`` to ``end_day - 1`` get ``state`` (a name of
    :data:`STATE_NAMES`) for ``groups`` (``None`` = every group); later periods override
    earlier ones. Days outside every period are ``"train"`` (the log is the truth).
    """
    if isinstance(days, bool) or not isinstance(days, int) or not 0 <= days <= MAX_INPUT_DAYS:
        raise ValueError(f"days must be an integer between 0 and {MAX_INPUT_DAYS}, got {days!r}")
    keys = check_groups(groups)
    column = {k: i for i, k in enumerate(keys)}
    hard = np.zeros((days, len(keys)))
    states = np.zeros((days, len(keys)), dtype=np.int8)
    for entry in sets:
        day, group, count = entry
        if isinstance(day, bool) or not isinstance(day, int) or not 0 <= day < days:
            raise ValueError(f"sets: day {day!r} is outside 0-{days - 1}")
        if group not in column:
            raise ValueError(f"sets: unknown or unselected muscle group {group!r}")
        if isinstance(count, bool) or not isinstance(count, (int, float)):
            raise ValueError(f"sets: hard sets must be a number, got {count!r}")
        if not math.isfinite(count) or count < 0:
            raise ValueError(f"sets: hard sets must be a non-negative number, got {count!r}")
        hard[day, column[group]] += count
    for period in periods:
        first, end, state, period_groups = period
        if state not in STATE_CODES:
            raise ValueError(f"periods: unknown state {state!r}; use one of {STATE_NAMES}")
        if not (isinstance(first, int) and isinstance(end, int) and 0 <= first <= end <= days):
            raise ValueError(f"periods: days {first!r}-{end!r} are outside 0-{days}")
        if period_groups is None:
            cols = list(range(len(keys)))
        else:
            chosen = check_groups(period_groups, "periods")
            missing = [k for k in chosen if k not in column]
            if missing:
                raise ValueError(f"periods: muscle group(s) {missing!r} are not in groups")
            cols = [column[k] for k in chosen]
        states[first:end, cols] = STATE_CODES[state]
    return DailyInputs(keys, hard, states)
