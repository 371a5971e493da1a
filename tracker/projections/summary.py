"""Today's summary for the dashboard: where each muscle group, and the whole body, stands
relative to its own peak, and in which phase of the model.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from tracker.physiology import PHASES
from tracker.physiology.muscles import MUSCLES_BY_KEY
from tracker.projections.cache import History
from tracker.projections.groups import WHOLE_BODY, aggregate, focus_weights
from tracker.projections.results import CENTRAL, Estimate


@dataclass(frozen=True)
class GroupNow:
    """Where a muscle group (or the whole body) stands today, relative to its own peak."""

    key: str
    label: str
    size: Estimate
    strength: Estimate
    phase: str  # a key of tracker.physiology.PHASES (the pages word it)
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


def _relative_now_by_group(series: np.ndarray) -> np.ndarray:
    """:func:`_relative_now` of every group of (rows, 3, groups): (3, groups)."""
    peaks = series[:, CENTRAL, :].max(axis=0)
    return np.asarray(series[-1] / peaks)


def now_summary(history: History) -> NowSummary:
    tl = history.timeline
    groups = tl.groups
    weights = history.weights()
    # Hard sets a week over the last four weeks (a log younger than a week counts as a week:
    # one session is one session's sets a week, not seven).
    recent = tl.inputs.hard_sets[-28:].sum(axis=0) / max(min(tl.days, 28), 7) * 7
    trained = tl.inputs.hard_sets.sum(axis=0) > 0
    # Every group's today relative to its own peak at once: (3, groups) each.
    size_now = _relative_now_by_group(history.size)
    strength_now = _relative_now_by_group(history.strength)
    rows = []
    for j, key in enumerate(groups):
        if not trained[j]:
            continue
        rows.append(
            GroupNow(
                key=key,
                label=MUSCLES_BY_KEY[key].label,
                size=Estimate.of(size_now[:, j]),
                strength=Estimate.of(strength_now[:, j]),
                phase=PHASES[int(history.phase[-1, j])],
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
        phase=PHASES[whole_phase],
        weekly_sets=float(recent.sum()),
    )
    untrained = tuple(MUSCLES_BY_KEY[k].label for j, k in enumerate(groups) if not trained[j])
    return NowSummary(tl.today, whole, tuple(rows), untrained)
