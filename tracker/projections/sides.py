"""The injured side of a one-sided break, simulated apart from the history (issue 17).

A history with a one-sided break (``Timeline.sides``) has its limb groups twice: the history's
own columns are the other side, which follows the log, and each injured side's limb is
simulated here from the history's state on the first day its inputs differ (the cast's first
day, usually), with the other side's sets as cross-education. :class:`SideHistory` answers
what the projections ask of a :class:`~tracker.projections.cache.History` (its timeline, size,
strength, states), so a break's projection is made for either side by the same code.

A history without a one-sided break has no side to simulate: nothing here runs for it.
"""

from __future__ import annotations

import dataclasses
import functools
from typing import Protocol

import numpy as np

from tracker.physiology import DailyInputs, ModelState, Profile, simulate
from tracker.physiology.model import WINDOW_DAYS
from tracker.projections.cache import CHECKPOINT_EVERY, History
from tracker.projections.results import stack_bands
from tracker.sides import other_side
from tracker.timeline import SideInputs, Timeline

#: The words of a limb on one side.
LIMB_NAMES = {"arm": "arm", "leg": "leg"}


class HistoryLike(Protocol):
    """What a projection reads of a simulated history (a user's, or one side's limbs)."""

    @property
    def timeline(self) -> Timeline: ...
    @property
    def size(self) -> np.ndarray: ...
    @property
    def strength(self) -> np.ndarray: ...
    @property
    def rows(self) -> int: ...
    @property
    def profile(self) -> Profile: ...
    @property
    def final(self) -> ModelState: ...
    def state_at(self, row: int) -> ModelState: ...
    def weights(self) -> np.ndarray: ...


class SideHistory:
    """One injured side's limb groups over the whole history: rows and parameter sets as the
    history's (``size``/``strength`` (rows, 3, groups)), the rows before ``start`` its own."""

    __slots__ = ("_states", "base", "inputs", "size", "strength", "timeline")

    def __init__(self, base: History, inputs: SideInputs) -> None:
        self.base = base
        self.inputs = inputs
        self.timeline = dataclasses.replace(base.timeline, inputs=inputs.inputs, sides=())
        start, days = inputs.start, inputs.inputs.days
        state = _with_cross(base.state_at(start).select(inputs.groups), inputs)
        offsets = range(0, days - start + 1, CHECKPOINT_EVERY)
        sim = simulate(inputs.inputs.window(start, days), base.profile, state, keep=offsets)
        cols = [base.timeline.groups.index(g) for g in inputs.groups]
        size = stack_bands(sim.size_low, sim.size, sim.size_high)
        strength = stack_bands(sim.strength_low, sim.strength, sim.strength_high)
        # Row ``start`` is the history's (the same state, the same numbers), then the side's.
        self.size = np.concatenate([base.size[: start + 1, :, cols], size[1:]])
        self.strength = np.concatenate([base.strength[: start + 1, :, cols], strength[1:]])
        for array in (self.size, self.strength):
            array.flags.writeable = False
        self._states = {start + k: sim.checkpoint(k) for k in offsets}
        self._states[days] = sim.final

    @property
    def side(self) -> str:
        return self.inputs.side

    @property
    def groups(self) -> tuple[str, ...]:
        return self.inputs.groups

    @property
    def rows(self) -> int:
        return int(self.size.shape[0])

    @property
    def profile(self) -> Profile:
        return self.base.profile

    @property
    def final(self) -> ModelState:
        return self._states[self.rows - 1]

    def state_at(self, row: int) -> ModelState:
        """The side's state at ``row`` (before its own start: the history's)."""
        row = min(max(int(row), 0), self.rows - 1)
        start = self.inputs.start
        if row <= start:
            return _with_cross(self.base.state_at(row).select(self.groups), self.inputs, row)
        if row in self._states:
            return self._states[row]
        begin = max(k for k in self._states if k <= row)
        window = self.inputs.inputs.window(begin, row)
        sim = simulate(window, self.profile, initial=self._states[begin])
        return sim.final

    def weights(self) -> np.ndarray:
        return self.timeline.weights()

    def column(self, group: str) -> int:
        return self.groups.index(group)


def _with_cross(state: ModelState, inputs: SideInputs, row: int | None = None) -> ModelState:
    """``state`` with the other side's sets of the week before ``row`` (default: the side's
    start), so that a cast's first days see the other side's last week of training."""
    at = inputs.start if row is None else row
    cross = inputs.inputs.cross
    assert cross is not None
    week = np.zeros((WINDOW_DAYS, len(inputs.groups)))
    lo = max(at - WINDOW_DAYS, 0)
    if at > lo:
        week[WINDOW_DAYS - (at - lo) :] = cross[lo:at]
    recent = DailyInputs(state.groups, state.recent.hard_sets, state.recent.states, week)
    return dataclasses.replace(state, recent=recent)


@functools.lru_cache(maxsize=16)
def side_histories(history: History) -> tuple[SideHistory, ...]:
    """Each injured side of ``history`` simulated apart (none without a one-sided break).

    Kept for the last few histories asked (a history is replaced, not changed, when the log
    changes, so an entry never goes stale).
    """
    return tuple(SideHistory(history, s) for s in history.timeline.sides)


def side_history(history: History, side: str | None) -> SideHistory | None:
    """``side``'s limbs simulated apart, when that side has a one-sided break."""
    if side is None or not history.timeline.sides:
        return None
    return next((s for s in side_histories(history) if s.side == side), None)


def side_name(side: str, groups: tuple[str, ...] | frozenset[str]) -> str:
    """ "left arm", "right leg", "left arm and leg"."""
    from tracker.sides import limbs_of

    limbs = sorted(limbs_of(groups))
    return f"{side} {' and '.join(LIMB_NAMES[limb] for limb in limbs) or 'side'}"


def healthy_side(side: str) -> str:
    """The other side of an injured one."""
    return other_side(side)
