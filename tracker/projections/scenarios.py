"""Days to come: the model run forward from a state through a sequence of segments (a break
going on, reduced training, the return), and the outcome read off it (loss, regain dates).

Shared by the break projections (:mod:`tracker.projections.breaks`) and the planner
(:mod:`tracker.projections.planner`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from tracker.break_days import BreakSpan
from tracker.physiology import DailyInputs, ModelState, Profile, simulate
from tracker.physiology.muscles import MUSCLE_KEYS
from tracker.projections.groups import aggregate
from tracker.projections.results import (
    CENTRAL,
    HIGH,
    LOW,
    DateBand,
    Estimate,
    Outcome,
    stack_bands,
)
from tracker.projections.sides import HistoryLike
from tracker.timeline import Segment, nominal_weekly, scenario_inputs

#: Longest time after a break that the regain is followed (days).
MAX_HORIZON_DAYS = 1500


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
        cross = None if inputs.cross is None else inputs.cross[:, idx]
        inputs = DailyInputs(tuple(keep), inputs.hard_sets[:, idx], inputs.states[:, idx], cross)
    w = np.asarray(weights)[idx]
    sim = simulate(inputs, profile, initial=state)
    size = aggregate(stack_bands(sim.size_low, sim.size, sim.size_high), w)
    strength = aggregate(stack_bands(sim.strength_low, sim.strength, sim.strength_high), w)
    return Scenario(origin, size, strength)


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


def continue_break(span: BreakSpan, days: int, apart: bool = False) -> Segment:
    """More days of a break as it is: rest, reduced (the model's nominal dose, as in the
    history) or immobilised (the picked groups; the others rest). A one-sided break
    immobilises its limb's groups only where they are that side's (``apart``: the side's own
    simulation); in the history's columns, the other side, they rest like the others."""
    if span.mode == "reduced":
        return Segment("reduced", days)
    muscles = span.muscles if apart else span.both_sides_muscles
    if span.mode == "immobilized" and muscles:
        return Segment("immobilized", days, affected=frozenset(muscles))
    return Segment("rest", days)


def break_focus(span: BreakSpan) -> frozenset[str] | None:
    """The groups a break is about: the immobilised ones, or all (``None``)."""
    return frozenset(span.muscles) if span.mode == "immobilized" and span.muscles else None


def next_monday(today: dt.date) -> dt.date:
    """The next Monday after today (a week ahead when today is a Monday)."""
    return today + dt.timedelta(days=7 - today.weekday())


def usual_or_nominal(history: HistoryLike | None, before: dt.date | None = None) -> np.ndarray:
    if history is not None:
        usual = history.timeline.usual_weekly_sets(before)
        if usual is not None:
            return usual
    return nominal_weekly(MUSCLE_KEYS if history is None else history.timeline.groups)


def chart_end(result: Outcome, sc: Scenario, more: int, until: dt.date | None) -> int:
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
