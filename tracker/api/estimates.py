"""The model's answers: today's summary, a break's projection and its comeback plan, a plan's
comparison and the backtest, from the same services as the pages
(``tracker.projections.service``)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app

from tracker import crud
from tracker.api import schemas
from tracker.api.breaks import own_break
from tracker.api.endpoint import caller, endpoint
from tracker.api.errors import ApiError
from tracker.api.plans import own_plan
from tracker.api.schemas import (
    Backtest,
    BreakProjection,
    Comeback,
    ComebackQuery,
    ComparisonQuery,
    PlanComparison,
    ProjectionQuery,
    Summary,
)
from tracker.crud import plans as plans_crud
from tracker.db import get_session
from tracker.forms.planner import COMPARE_OPTIONS
from tracker.projections import cache_for
from tracker.projections import results as model_results
from tracker.projections.backtest import to_json, user_backtest
from tracker.projections.planner import PlanOption
from tracker.projections.service import UserProjections, logged_before
from tracker.projections.summary import GroupNow

bp = Blueprint("estimates", __name__)

ID = "<int:{name}>"


def _projections() -> UserProjections:
    return UserProjections.of(cache_for(current_app.extensions), get_session(), caller().user)


def estimate(value: model_results.Estimate) -> schemas.Estimate:
    return schemas.Estimate(central=value.central, low=value.low, high=value.high)


def date_band(value: model_results.DateBand) -> schemas.DateBand:
    return schemas.DateBand(central=value.central, earliest=value.earliest, latest=value.latest)


def outcome(value: model_results.Outcome) -> schemas.Outcome:
    return schemas.Outcome(
        loss_size=estimate(value.loss_size),
        loss_strength=estimate(value.loss_strength),
        size_95=date_band(value.size_95),
        size_100=date_band(value.size_100),
        strength_95=date_band(value.strength_95),
        strength_100=date_band(value.strength_100),
    )


def group_now(value: GroupNow) -> schemas.GroupNow:
    return schemas.GroupNow(
        key=value.key,
        label=value.label,
        size=estimate(value.size),
        strength=estimate(value.strength),
        phase=value.phase,
        weekly_sets=value.weekly_sets,
    )


@bp.get("/summary")
@endpoint()
def get_summary() -> Summary:
    """Where the account stands today: size and strength of each trained muscle group and of
    the whole body against their own peak (with the model's range), the phase, the hard sets a
    week, and the break going on (lost so far, the way back if it ended next Monday or two
    weeks later)."""
    p = _projections()
    history = p.history()
    if history is None:
        return Summary(as_of=p.who.today, whole=None, groups=[], untrained=[], ongoing_break=None)
    now = p.now(history)
    ongoing = crud.breaks.ongoing(session=get_session(), user_id=p.who.user_id, today=p.who.today)
    found = None
    if (
        ongoing is not None
        and ongoing.id is not None
        and logged_before(history, ongoing.start_date)
    ):
        answer = p.ongoing(history, ongoing)
        found = schemas.OngoingBreak(
            break_id=ongoing.id,
            day=answer.day,
            loss_size=estimate(answer.loss_size),
            loss_strength=estimate(answer.loss_strength),
            returns=[
                schemas.ReturnOption(
                    label=o.label, return_day=o.return_day, outcome=outcome(o.outcome)
                )
                for o in answer.options
            ],
        )
    return Summary(
        as_of=now.as_of,
        whole=group_now(now.whole),
        groups=[group_now(g) for g in now.groups],
        untrained=list(now.untrained),
        ongoing_break=found,
    )


@bp.get(f"/breaks/{ID.format(name='break_id')}/projection")
@endpoint(errors=(404,))
def get_break_projection(break_id: int, query: ProjectionQuery) -> BreakProjection:
    """What a break cost and the way back at ``dose`` times the usual volume after it, with the
    series behind the chart (relative to the level on the break's first day) and the main
    lifts logged since the return against the projection."""
    item = own_break(break_id)
    assert item.id is not None
    p = _projections()
    history = p.history()
    base: dict[str, Any] = {"break_id": item.id, "dose": query.dose}
    if history is None or item.start_date > p.who.today:
        return BreakProjection(**base, available=False, reason="no-log")
    if not logged_before(history, item.start_date):
        return BreakProjection(**base, available=False, reason="nothing-before")
    answer = p.break_projection(history, item, round(query.dose, 2))
    series = [
        schemas.SeriesPoint(
            day=day,
            size=estimate(model_results.Estimate.of(answer.size[i])),
            strength=estimate(model_results.Estimate.of(answer.strength[i])),
        )
        for i, day in enumerate(answer.dates)
    ]
    from_day = (
        answer.dates[answer.projection_from] if answer.projection_from < len(answer.dates) else None
    )
    return BreakProjection(
        **base,
        available=True,
        reason=None,
        ongoing=answer.ongoing,
        return_day=answer.return_day,
        focus=list(answer.focus),
        before_size=estimate(answer.before_size),
        before_strength=estimate(answer.before_strength),
        loss_size=estimate(answer.loss_size),
        loss_strength=estimate(answer.loss_strength),
        outcome=outcome(answer.outcome),
        usual_weekly_sets=answer.usual_weekly_sets,
        projection_from=from_day,
        series=series,
        lifts=[
            schemas.LiftTrack(
                exercise_id=t.exercise_id,
                name=t.name,
                best_before_kg=t.best_before_kg,
                points=[
                    schemas.LiftPoint(
                        day=pt.day, e1rm_kg=pt.e1rm_kg, ratio=pt.ratio, projected=pt.projected
                    )
                    for pt in t.points
                ],
            )
            for t in answer.lifts
        ],
    )


@bp.get(f"/breaks/{ID.format(name='break_id')}/comeback")
@endpoint(errors=(404,))
def get_comeback(break_id: int, query: ComebackQuery) -> Comeback:
    """The comeback plan after a break (going on: for a return next Monday; ended: from the day
    after it), as on the break's page: for each lift of the weeks before it, the next sessions'
    weight and reps (rounded to the account's plates and dumbbells), what was logged since the
    return against what was expected, and when it should be back."""
    item = own_break(break_id)
    assert item.id is not None
    p = _projections()
    history = p.history()
    if history is None or item.start_date > p.who.today:
        return Comeback(break_id=item.id, available=False, reason="no-log")
    if not logged_before(history, item.start_date):
        return Comeback(break_id=item.id, available=False, reason="nothing-before")
    plan = p.comeback(history, item)
    return Comeback(
        break_id=item.id,
        available=True,
        reason=None,
        return_day=plan.return_day,
        sessions_per_week=plan.sessions_per_week,
        held_back=list(plan.held_back),
        over=plan.over,
        ends_on=plan.ends_on,
        lifts=[
            schemas.ComebackLift(
                exercise_id=lift.lift.exercise_id,
                name=lift.lift.name,
                best_before_kg=lift.best_before_kg,
                usual_reps=lift.usual_reps,
                withheld=lift.withheld,
                sessions=[
                    schemas.ComebackSession(
                        day=s.day,
                        weight_kg=s.weight_kg,
                        reps=s.reps,
                        reps_in_reserve=s.rir,
                        effort=s.effort,
                        expected=s.expected,
                    )
                    for s in lift.sessions
                ],
                logged=[
                    schemas.ComebackLogged(
                        day=g.day, e1rm_kg=g.e1rm_kg, ratio=g.ratio, expected=g.expected
                    )
                    for g in lift.logged
                ],
                adjustment=lift.adjustment,
                back_on=lift.back_on,
            )
            for lift in plan.lifts
        ],
    )


def _option(value: PlanOption) -> schemas.PlanOption:
    return schemas.PlanOption(
        key=value.key,
        kind=value.kind,
        sessions_per_week=value.sessions_per_week,
        muscles=list(value.muscles),
        label=value.label,
    )


@bp.get(f"/plans/{ID.format(name='plan_id')}/comparison")
@endpoint(errors=(404, 409))
def get_plan_comparison(plan_id: int, query: ComparisonQuery) -> PlanComparison:
    """The plan against other ways to spend the same days (``compare``: ``rest``,
    ``reduced_1``, ``reduced_2``, ``reduced_3``), from the account's state today: what each
    costs and when size and strength are back. 409 once the plan's first day has passed."""
    plan = own_plan(plan_id)
    assert plan.id is not None
    p = _projections()
    if plan.start_date < p.who.today:
        raise ApiError(
            409,
            "This plan's first day has passed, so there is nothing ahead to compare: record "
            "it as a break (POST /plans/{plan_id}/break) to see its projection.",
            code="conflict",
        )
    chosen = PlanOption(
        plan.mode,
        plan.sessions_per_week if plan.mode == "reduced" else None,
        plans_crud.muscles_of(plan) if plan.mode == "immobilized" else (),
    )
    options = [chosen]
    for key in dict.fromkeys(query.compare):
        option = COMPARE_OPTIONS[key]
        if option.key != chosen.key:
            options.append(option)
    answer = p.plan(p.history(), plan.start_date, plan.days, tuple(options), plan.dose_after)
    return PlanComparison(
        plan_id=plan.id,
        from_history=answer.from_history,
        dose=answer.dose,
        focus=list(answer.focus),
        usual_weekly_sets=answer.usual_weekly_sets,
        results=[
            schemas.PlanResult(
                option=_option(r.option),
                first_day=r.first_day,
                last_day=r.last_day,
                outcome=outcome(r.outcome),
            )
            for r in answer.results
        ],
    )


@bp.get("/backtest")
@endpoint()
def get_backtest() -> Backtest:
    """Every past break predicted again from the log before it, next to what the lifter did
    (the same document as the backtest page's download; see the README's "Backtest")."""
    p = _projections()
    found = user_backtest(p.cache, get_session(), caller().user, p.who.today)
    return Backtest.model_validate(to_json(found))
