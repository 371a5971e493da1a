"""The planner's scenarios: a break that has not happened yet, simulated from today for each
way of spending it (complete rest, a few sessions a week, immobilised groups).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from tracker.physiology import Profile, initial_state
from tracker.physiology.muscles import MUSCLE_KEYS, MUSCLES_BY_KEY
from tracker.physiology.params import TRAIN_SESSION_DAYS
from tracker.projections.cache import History
from tracker.projections.groups import focus_weights
from tracker.projections.results import Outcome
from tracker.projections.scenarios import (
    chart_end,
    horizon_for,
    outcome,
    run_scenario,
    usual_or_nominal,
)
from tracker.sides import limb_of, limbs_of
from tracker.timeline import Segment, reduced_segment, train_segment

MIN_DOSE, MAX_DOSE = 0.25, 2.0
PLAN_KINDS = ("rest", "reduced", "immobilized")


@dataclass(frozen=True)
class PlanOption:
    """One way to spend the break: rest, reduced (N sessions a week) or immobilised."""

    kind: str
    sessions_per_week: int | None = None
    muscles: tuple[str, ...] = ()
    #: Immobilised limbs only: the other side keeps its usual training (cross-education).
    other_side: bool = False

    @property
    def key(self) -> str:
        if self.kind == "reduced":
            return f"reduced_{self.sessions_per_week}"
        if self.other_side:
            return f"{self.kind}_other_side"
        return self.kind

    @property
    def label(self) -> str:
        if self.kind == "reduced":
            n = self.sessions_per_week or 1
            return f"{n} session{'s' if n != 1 else ''} a week"
        if self.kind == "immobilized":
            names = ", ".join(MUSCLES_BY_KEY[m].label.lower() for m in self.muscles)
            label = f"Immobilised ({names})" if names else "Immobilised"
            if limbs_of(self.muscles) and all(limb_of(m) for m in self.muscles):
                other = "the other side trained" if self.other_side else "nothing trained"
                return f"{label}, {other}"
            return label
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


def _pause(
    option: PlanOption, days: int, usual: np.ndarray, groups: Sequence[str] = MUSCLE_KEYS
) -> Segment:
    if option.kind == "reduced":
        return reduced_segment(days, option.sessions_per_week or 1, usual)
    affected = frozenset(option.muscles) if option.kind == "immobilized" else None
    if option.other_side and affected:
        # The other limb's usual week, in the model's three sessions (its cross-education).
        per_session = tuple(
            float(u) / len(TRAIN_SESSION_DAYS) if g in affected else 0.0
            for g, u in zip(groups, usual, strict=True)
        )
        return Segment(option.kind, days, TRAIN_SESSION_DAYS, affected=affected, cross=per_session)
    return Segment(option.kind, days, affected=affected)


def with_other_side(options: Sequence[PlanOption]) -> list[PlanOption]:
    """The options, and after an immobilised limb (an arm or a leg, no trunk) the same cast
    with the other side training as usual: "cast, nothing trained" beside "cast, training
    the other arm"."""
    found = list(options)
    for option in options:
        limbs_only = option.muscles and all(limb_of(m) for m in option.muscles)
        if option.kind == "immobilized" and limbs_only and not option.other_side:
            twin = PlanOption(option.kind, option.sessions_per_week, option.muscles, True)
            if all(o.key != twin.key for o in found):
                found.insert(found.index(option) + 1, twin)
    return found


def plan_pause(option: PlanOption, days: int, history: History) -> Segment:
    """The break of ``option``, ``days`` long, for a user whose log is ``history``."""
    usual = history.timeline.usual_weekly_sets()
    groups = history.timeline.groups
    return _pause(option, days, np.zeros(len(groups)) if usual is None else usual, groups)


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

    Until ``start`` the user trains at their usual volume, whatever it is (a log of one
    session: that session's sets a week); after the break at ``dose`` x that volume. A user
    with no log at all gets the model's typical programme from ``initial_state``, and the
    planner page says so.
    """
    if history is not None:
        state, groups, weights = history.final, history.timeline.groups, history.weights()
        # The user's own volume, however little they logged: never an invented programme
        # (a log with sets only in breaks has no usual week: nothing is assumed before or
        # after this break either).
        logged = history.timeline.usual_weekly_sets()
        usual = np.zeros(len(groups)) if logged is None else logged
    else:
        groups = MUSCLE_KEYS
        state, weights = initial_state(profile, groups), np.ones(len(groups))
        usual = usual_or_nominal(None)
    lead = max((start - today).days - 1, 0)
    horizon = horizon_for(days)
    results = []
    focus_all: set[str] = set()
    for option in options:
        affected = frozenset(option.muscles) if option.kind == "immobilized" else None
        w = focus_weights(groups, weights, affected)
        focus_all.update(g for g, x in zip(groups, w, strict=True) if x > 0)
        pause = _pause(option, days, usual, groups)
        segments = [train_segment(lead, usual), pause, train_segment(horizon, usual * dose)]
        sc = run_scenario(state, profile, segments, w, today)
        ref_size, ref_strength = sc.size[lead], sc.strength[lead]
        end = lead + days
        result = outcome(sc.size, sc.strength, ref_size, ref_strength, end, sc.date_of_row)
        last = chart_end(result, sc, end, None)
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
