"""Projections: the model run over a user's history, cached, and the questions the pages ask.

No Flask here: views pass the cache (one per app, ``cache_for(app.extensions)``), the database
session and the user. The modules, from the bottom up:

- :mod:`~tracker.projections.results`: the shared value types (``Estimate``, ``DateBand``,
  ``Outcome``);
- :mod:`~tracker.projections.cache`: a user's simulated ``History``, resumed from checkpoints,
  and the per-app ``ProjectionCache``;
- :mod:`~tracker.projections.groups`: which muscle groups a number is about, the whole-body mean;
- :mod:`~tracker.projections.scenarios`: days to come simulated from a state, and their outcome;
- :mod:`~tracker.projections.summary`: today's summary for the dashboard (``now_summary``);
- :mod:`~tracker.projections.breaks`: a break going on (``ongoing_break``) and a break's page
  (``break_projection``);
- :mod:`~tracker.projections.planner`: the planner's scenarios (``plan_break``);
- :mod:`~tracker.projections.rhythm`: sessions and hard sets a week before a day (``Rhythm``);
- :mod:`~tracker.projections.service`: what the pages ask for one user, cached, and the charts
  of it (``UserProjections``: a view's one entry point; not re-exported, it imports the charts).

The public names of the others are re-exported here.
"""

from tracker.projections.breaks import (
    BEST_BEFORE_DAYS,
    LEAD_DAYS,
    MAX_LIFTS,
    BreakProjection,
    LiftPoint,
    LiftTrack,
    OngoingBreak,
    ReturnOption,
    break_projection,
    lift_tracks,
    ongoing_break,
)
from tracker.projections.cache import (
    CHECKPOINT_EVERY,
    History,
    HistoryKey,
    ProjectionCache,
    UserContext,
    cache_for,
    compute_history,
    first_difference,
    user_history,
)
from tracker.projections.groups import (
    WHOLE_BODY,
    aggregate,
    focus_weights,
    group_choice,
    group_labels,
    selection_weights,
)
from tracker.projections.planner import (
    MAX_DOSE,
    MIN_DOSE,
    PLAN_KINDS,
    PlanComparison,
    PlanOption,
    PlanResult,
    plan_break,
)
from tracker.projections.results import CENTRAL, HIGH, LOW, DateBand, Estimate, Outcome
from tracker.projections.scenarios import (
    MAX_HORIZON_DAYS,
    Scenario,
    break_focus,
    continue_break,
    date_band,
    horizon_for,
    next_monday,
    outcome,
    run_scenario,
    usual_or_nominal,
)
from tracker.projections.summary import GroupNow, NowSummary, now_summary

__all__ = [
    "BEST_BEFORE_DAYS",
    "CENTRAL",
    "CHECKPOINT_EVERY",
    "HIGH",
    "LEAD_DAYS",
    "LOW",
    "MAX_DOSE",
    "MAX_HORIZON_DAYS",
    "MAX_LIFTS",
    "MIN_DOSE",
    "PLAN_KINDS",
    "WHOLE_BODY",
    "BreakProjection",
    "DateBand",
    "Estimate",
    "GroupNow",
    "History",
    "HistoryKey",
    "LiftPoint",
    "LiftTrack",
    "NowSummary",
    "OngoingBreak",
    "Outcome",
    "PlanComparison",
    "PlanOption",
    "PlanResult",
    "ProjectionCache",
    "ReturnOption",
    "Scenario",
    "UserContext",
    "aggregate",
    "break_focus",
    "break_projection",
    "cache_for",
    "compute_history",
    "continue_break",
    "date_band",
    "first_difference",
    "focus_weights",
    "group_choice",
    "group_labels",
    "horizon_for",
    "lift_tracks",
    "next_monday",
    "now_summary",
    "ongoing_break",
    "outcome",
    "plan_break",
    "run_scenario",
    "selection_weights",
    "user_history",
    "usual_or_nominal",
]
