"""Plans: breaks that have not happened yet, and turning one into a break once it has begun."""

from __future__ import annotations

import math

from flask import Blueprint

from tracker import crud
from tracker.api import rules
from tracker.api.breaks import breaks_of
from tracker.api.endpoint import caller, endpoint
from tracker.api.errors import ApiError, not_found
from tracker.api.schemas import Break as BreakOut
from tracker.api.schemas import PageInfo, PageQuery, PlanIn, PlanPage
from tracker.api.schemas import Plan as PlanOut
from tracker.clock import today_in
from tracker.crud import plans as plans_crud
from tracker.db import get_session
from tracker.models import Plan, PlanBase

bp = Blueprint("plans", __name__)

ID = "<int:plan_id>"


def plan_of(plan: Plan) -> PlanOut:
    assert plan.id is not None
    return PlanOut(
        id=plan.id,
        name=plan.name,
        start_date=plan.start_date,
        days=plan.days,
        last_day=plans_crud.last_day(plan),
        mode=plan.mode,
        sessions_per_week=plan.sessions_per_week,
        muscles=list(plans_crud.muscles_of(plan)),
        dose_after=plan.dose_after,
        break_id=plan.break_id,
    )


def _user_id() -> int:
    user_id = caller().user.id
    assert user_id is not None
    return user_id


def own_plan(plan_id: int) -> Plan:
    plan = plans_crud.get(session=get_session(), user_id=_user_id(), plan_id=plan_id)
    if plan is None:
        raise not_found("plan")
    return plan


@bp.get("/plans")
@endpoint()
def list_plans(query: PageQuery) -> PlanPage:
    """The account's plans, soonest first."""
    plans = plans_crud.list_for_user(session=get_session(), user_id=_user_id())
    first = (query.page - 1) * query.per_page
    return PlanPage(
        items=[plan_of(p) for p in plans[first : first + query.per_page]],
        page=PageInfo(
            page=query.page,
            per_page=query.per_page,
            total=len(plans),
            pages=max(1, math.ceil(len(plans) / query.per_page)),
        ),
    )


@bp.get(f"/plans/{ID}")
@endpoint(errors=(404,))
def get_plan(plan_id: int) -> PlanOut:
    """One plan."""
    return plan_of(own_plan(plan_id))


@bp.post("/plans")
@endpoint(write=True, ok=201, errors=(409,))
def create_plan(json: PlanIn) -> tuple[PlanOut, int]:
    """Save a plan (compare it with other ways to spend the break: its ``/comparison``)."""
    rules.plan_start(json.start_date, today_in(caller().user.timezone))
    data = PlanBase(
        name=json.name,
        start_date=json.start_date,
        days=json.days,
        mode=json.mode,
        sessions_per_week=json.sessions_per_week,
        muscles=",".join(json.muscles),
        dose_after=json.dose_after,
    )
    plan = plans_crud.create(session=get_session(), user_id=_user_id(), data=data)
    return plan_of(plan), 201


@bp.delete(f"/plans/{ID}")
@endpoint(write=True, ok=204, errors=(404,))
def delete_plan(plan_id: int) -> tuple[str, int]:
    """Delete a plan (a break made from it stays)."""
    plans_crud.delete(session=get_session(), plan=own_plan(plan_id))
    return "", 204


@bp.post(f"/plans/{ID}/break")
@endpoint(write=True, ok=201, errors=(404, 409))
def plan_to_break(plan_id: int) -> tuple[BreakOut, int]:
    """Record a plan as a break, on its first day or later (its dates, mode and muscles).

    409 when the plan is a break already, has not begun, or a recorded break overlaps it.
    """
    plan = own_plan(plan_id)
    session = get_session()
    today = today_in(caller().user.timezone)
    if plan.break_id is not None:
        raise ApiError(409, "This plan is a break already.", code="conflict")
    if plan.start_date > today:
        raise ApiError(
            409,
            "This plan starts in the future, so it stays a plan. Turn it into a break on its "
            "first day or later.",
            code="conflict",
        )
    clash = crud.breaks.overlapping(
        session=session, user_id=_user_id(), start=plan.start_date, end=plans_crud.last_day(plan)
    )
    if clash is not None:
        raise ApiError(
            409,
            f"A break recorded from {clash.start_date.isoformat()} (id {clash.id}) overlaps "
            "this plan: edit that break instead.",
            code="conflict",
        )
    item = plans_crud.to_break(session=session, plan=plan)
    return breaks_of(session, [item])[0], 201
