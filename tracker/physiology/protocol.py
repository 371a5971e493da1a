"""Protocols of phases (train, reduced, rest, immobilized) and the break helpers the app uses.

A phase list becomes the same daily inputs the app builds from a log: a ``"train"`` phase is
three sessions a week (Monday, Wednesday, Friday from the phase's first day) with
``15 × dose`` hard sets per muscle a week; a ``"reduced"`` phase is one session a week with
``5 × dose`` hard sets, on days of state ``REDUCED``; ``"rest"`` and ``"immobilized"`` days carry
no sets.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .inputs import IMMOBILIZED, REDUCED, REST, TRAIN, DailyInputs, check_groups
from .model import ModelState, Simulation, simulate
from .muscles import MUSCLE_KEYS, MUSCLES_BY_KEY
from .params import (
    CENTRAL,
    HIGH,
    LOW,
    REDUCED_SESSION_DAYS,
    REDUCED_SETS_PER_WEEK,
    TRAIN_SESSION_DAYS,
    TRAIN_SETS_PER_WEEK,
)
from .profile import Profile, check_number

PHASE_KINDS: tuple[str, ...] = ("train", "reduced", "rest", "immobilized")
#: Longest phase, and longest protocol, accepted: 20 years.
MAX_PHASE_DAYS = 7305
MAX_DOSE = 3.0
#: The muscle ``simulate_protocol`` reports by default: most calibration studies measured it.
DEFAULT_GROUP = "quads"


@dataclass(frozen=True)
class Phase:
    """``days`` days of one kind of training: ``"train"``, ``"reduced"``, ``"rest"`` or
    ``"immobilized"``. ``dose`` scales the weekly hard sets of ``"train"`` and ``"reduced"``."""

    kind: str
    days: int
    dose: float = 1.0

    def __post_init__(self) -> None:
        if self.kind not in PHASE_KINDS:
            raise ValueError(f"kind must be one of {PHASE_KINDS}, got {self.kind!r}")
        days = self.days
        if isinstance(days, bool) or not isinstance(days, (int, np.integer)):
            raise ValueError(f"days must be a whole number of days, got {days!r}")
        if not 1 <= days <= MAX_PHASE_DAYS:
            raise ValueError(f"days must be between 1 and {MAX_PHASE_DAYS} (20 years), got {days}")
        check_number("dose", self.dose, 0.0, MAX_DOSE)


def _check_phases(phases: Sequence[Phase], name: str = "phases") -> tuple[Phase, ...]:
    if isinstance(phases, Phase) or not isinstance(phases, Sequence):
        raise ValueError(f"{name} must be a sequence of Phase")
    items = tuple(phases)
    if not all(isinstance(p, Phase) for p in items):
        raise ValueError(f"{name} must contain only Phase objects")
    total = sum(int(p.days) for p in items)
    if total > MAX_PHASE_DAYS:
        raise ValueError(f"{name} last {total} days, more than {MAX_PHASE_DAYS} (20 years)")
    return items


def _phase_arrays(phase: Phase, groups: int) -> tuple[np.ndarray, np.ndarray]:
    """Hard sets and states of one phase for ``groups`` muscle groups."""
    days = int(phase.days)
    sets = np.zeros((days, groups))
    weekday = np.arange(days) % 7
    if phase.kind == "train":
        state = TRAIN
        per_session = TRAIN_SETS_PER_WEEK * phase.dose / len(TRAIN_SESSION_DAYS)
        sets[np.isin(weekday, TRAIN_SESSION_DAYS)] = per_session
    elif phase.kind == "reduced":
        # A reduced phase at dose 0 is no training at all: rest, not the nominal reduced dose.
        state = REDUCED if phase.dose > 0 else REST
        per_session = REDUCED_SETS_PER_WEEK * phase.dose / len(REDUCED_SESSION_DAYS)
        sets[np.isin(weekday, REDUCED_SESSION_DAYS)] = per_session
    elif phase.kind == "rest":
        state = REST
    else:
        state = IMMOBILIZED
    return sets, np.full((days, groups), state, dtype=np.int8)


def protocol_inputs(
    phases: Sequence[Phase],
    groups: Sequence[str] = MUSCLE_KEYS,
    *,
    affected: Sequence[str] | None = None,
) -> DailyInputs:
    """The daily inputs of a phase list, for ``groups``.

    ``affected`` limits the non-training phases (reduced, rest, immobilized) to some groups;
    the others rest (no training) during those phases. ``None`` = every group.
    """
    items = _check_phases(phases)
    keys = check_groups(groups)
    mask = np.ones(len(keys), dtype=bool)
    if affected is not None:
        chosen = set(check_groups(affected, "affected"))
        mask = np.array([k in chosen for k in keys])
    sets_parts, state_parts = [np.zeros((0, len(keys)))], [np.zeros((0, len(keys)), np.int8)]
    for phase in items:
        sets, states = _phase_arrays(phase, len(keys))
        if phase.kind != "train" and not mask.all():
            states[:, ~mask] = REST
            sets[:, ~mask] = 0.0
        sets_parts.append(sets)
        state_parts.append(states)
    return DailyInputs(keys, np.concatenate(sets_parts), np.concatenate(state_parts))


@dataclass(frozen=True, eq=False)
class ProtocolResult:
    """Size and strength of one muscle group over a protocol, days 0..N (1.0 = day 0)."""

    group: str
    phases: tuple[Phase, ...]
    size: np.ndarray
    strength: np.ndarray
    size_low: np.ndarray
    size_high: np.ndarray
    strength_low: np.ndarray
    strength_high: np.ndarray
    simulation: Simulation

    @property
    def days(self) -> int:
        """Number of days simulated (the arrays have one more value: day 0)."""
        return int(self.size.shape[0]) - 1

    def phase_start(self, index: int) -> int:
        """Day on which phase ``index`` starts (``len(phases)`` gives the last day)."""
        return sum(int(p.days) for p in self.phases[:index])


def simulate_protocol(
    phases: Sequence[Phase],
    profile: Profile,
    *,
    group: str = DEFAULT_GROUP,
    other_side: Sequence[Phase] | None = None,
) -> ProtocolResult:
    """Size and strength of ``group`` (default the quadriceps) over a protocol of phases.

    ``other_side`` is what the same muscle group of the other limb does meanwhile (phases of
    the same total length), for one limb simulated apart from the other: an arm in a cast
    while the other arm trains keeps part of its strength (cross-education). ``None``: both
    sides do the same (the model as it always was).
    """
    items = _check_phases(phases)
    if not items:
        raise ValueError("phases must contain at least one Phase")
    if group not in MUSCLES_BY_KEY:
        raise ValueError(f"group: unknown muscle group {group!r}")
    if not isinstance(profile, Profile):
        raise ValueError(f"profile must be a Profile, got {type(profile).__name__}")
    inputs = protocol_inputs(items, (group,))
    if other_side is not None:
        other = protocol_inputs(_check_phases(other_side, "other_side"), (group,))
        if other.days != inputs.days:
            raise ValueError(
                f"other_side lasts {other.days} days, the phases {inputs.days}: give both sides "
                "the same length"
            )
        # Only the other side's training counts (its sets on days it is not immobilised).
        cross = np.where(other.states == IMMOBILIZED, 0.0, other.hard_sets)
        inputs = DailyInputs(inputs.groups, inputs.hard_sets, inputs.states, cross)
    sim = simulate(inputs, profile)
    return ProtocolResult(
        group=group,
        phases=items,
        size=sim.size[:, 0],
        strength=sim.strength[:, 0],
        size_low=sim.size_low[:, 0],
        size_high=sim.size_high[:, 0],
        strength_low=sim.strength_low[:, 0],
        strength_high=sim.strength_high[:, 0],
        simulation=sim,
    )


# --- Break helpers ---------------------------------------------------------------------------


@dataclass(frozen=True)
class BreakLoss:
    """Loss over a break, as fractions of the level on its first day (0.05 = 5 % lost).

    ``*_least`` and ``*_most`` are the smallest and largest loss of the three parameter sets.
    """

    kind: str
    days: int
    size: float
    size_least: float
    size_most: float
    strength: float
    strength_least: float
    strength_most: float


@dataclass(frozen=True)
class RegainTime:
    """Days of training after a break until a level is reached (``None``: not within the
    horizon). ``fastest``/``slowest`` span the three parameter sets."""

    central: int | None
    fastest: int | None
    slowest: int | None


@dataclass(frozen=True)
class Regain:
    """Days after a break until size and strength are back to 95 % and 100 % of their level
    on the break's first day."""

    size_95: RegainTime
    size_100: RegainTime
    strength_95: RegainTime
    strength_100: RegainTime


Start = Sequence[Phase] | ModelState


def _break_run(
    before: Start,
    pause: Phase,
    profile: Profile,
    after: Sequence[Phase],
    affected: Sequence[str] | None,
    groups: Sequence[str] | None,
) -> tuple[Simulation, int, int, np.ndarray, np.ndarray]:
    """Simulate ``before`` (phases or a checkpoint), the pause, then ``after``.

    Returns the simulation, the rows where the pause starts and ends, and the size and strength
    of every parameter set, shape (rows, 3, groups).
    """
    if not isinstance(pause, Phase):
        raise ValueError(f"pause must be a Phase, got {type(pause).__name__}")
    if not isinstance(profile, Profile):
        raise ValueError(f"profile must be a Profile, got {type(profile).__name__}")
    if isinstance(before, ModelState):
        state = before if groups is None else before.select(groups)
        inputs = protocol_inputs([pause, *after], state.groups, affected=affected)
        sim = simulate(inputs, profile, initial=state)
        start = 0
    else:
        history = _check_phases(before, "before")
        keys = MUSCLE_KEYS if groups is None else check_groups(groups)
        prior = protocol_inputs(history, keys)
        rest = protocol_inputs([pause, *after], keys, affected=affected)
        sim = simulate(prior.then(rest), profile)
        start = prior.days
    sizes = np.stack([sim.size_low, sim.size, sim.size_high], axis=1)
    strengths = np.stack([sim.strength_low, sim.strength, sim.strength_high], axis=1)
    return sim, start, start + int(pause.days), sizes, strengths


def break_loss(
    before: Start,
    pause: Phase,
    profile: Profile,
    *,
    affected: Sequence[str] | None = None,
    groups: Sequence[str] | None = None,
) -> dict[str, BreakLoss]:
    """Size and strength lost over ``pause``, per muscle group.

    ``before`` is either the phases that lead up to the break (a protocol; an empty list is an
    untrained person) or a :class:`ModelState` checkpoint from the user's history. ``affected``
    limits the pause to some groups (e.g. an immobilised arm); the others rest. ``groups``
    chooses the groups reported (default: every group of the state, or all muscle groups).
    """
    sim, start, end, sizes, strengths = _break_run(before, pause, profile, (), affected, groups)
    size_loss = 1.0 - sizes[end] / sizes[start]
    strength_loss = 1.0 - strengths[end] / strengths[start]
    result = {}
    for j, key in enumerate(sim.groups):
        s, f = size_loss[:, j], strength_loss[:, j]
        result[key] = BreakLoss(
            kind=pause.kind,
            days=int(pause.days),
            size=float(s[CENTRAL]),
            size_least=float(s.min()),
            size_most=float(s.max()),
            strength=float(f[CENTRAL]),
            strength_least=float(f.min()),
            strength_most=float(f.max()),
        )
    return result


def _first_day(values: np.ndarray, target: float) -> int | None:
    hits = np.flatnonzero(values >= target - 1e-12)
    return int(hits[0]) if hits.size else None


def _regain_time(
    series: np.ndarray, start: int, end: int, column: int, fraction: float
) -> RegainTime:
    days: list[int | None] = []
    for k in (LOW, CENTRAL, HIGH):
        target = fraction * series[start, k, column]
        days.append(_first_day(series[end:, k, column], target))
    known = [d for d in days if d is not None]
    return RegainTime(
        central=days[CENTRAL],
        fastest=min(known) if known else None,
        slowest=None if None in days else max(known),
    )


def regain_days(
    before: Start,
    pause: Phase,
    profile: Profile,
    *,
    dose: float = 1.0,
    horizon: int = 365,
    affected: Sequence[str] | None = None,
    groups: Sequence[str] | None = None,
) -> dict[str, Regain]:
    """Days of training at ``dose`` after ``pause`` until size and strength are back to 95 %
    and 100 % of their level on the pause's first day, per muscle group.

    ``before``, ``affected`` and ``groups`` as in :func:`break_loss`. A day count of 0 means
    the level was never lost; ``None`` means it is not reached within ``horizon`` days.
    """
    dose = check_number("dose", dose, 0.0, MAX_DOSE)
    if isinstance(horizon, bool) or not isinstance(horizon, int):
        raise ValueError(f"horizon must be a whole number of days, got {horizon!r}")
    if not 1 <= horizon <= MAX_PHASE_DAYS:
        raise ValueError(f"horizon must be between 1 and {MAX_PHASE_DAYS}, got {horizon}")
    after = [Phase("train", horizon, dose)]
    sim, start, end, sizes, strengths = _break_run(before, pause, profile, after, affected, groups)
    result = {}
    for j, key in enumerate(sim.groups):
        result[key] = Regain(
            size_95=_regain_time(sizes, start, end, j, 0.95),
            size_100=_regain_time(sizes, start, end, j, 1.0),
            strength_95=_regain_time(strengths, start, end, j, 0.95),
            strength_100=_regain_time(strengths, start, end, j, 1.0),
        )
    return result
