"""Saved plans (breaks that have not happened yet) and turning one into a real break.

A plan is not training data: saving or deleting one leaves the data version alone. Turning a
plan into a break writes a break, so that bumps the version in the same transaction.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func
from sqlmodel import Session, col, select

from tracker import limits
from tracker.crud.users import bump_data_version
from tracker.models import Break, BreakMuscle, Plan, PlanBase


def count(*, session: Session, user_id: int) -> int:
    return int(
        session.exec(select(func.count()).select_from(Plan).where(Plan.user_id == user_id)).one()
    )


def create(*, session: Session, user_id: int, data: PlanBase) -> Plan:
    """Save a plan; ``limits.LimitReached`` (nothing written) when the account holds its most."""
    limits.check_room(limits.PLANS, count(session=session, user_id=user_id))
    plan = Plan.model_validate({**data.model_dump(), "user_id": user_id})
    session.add(plan)
    session.commit()
    session.refresh(plan)
    return plan


def get(*, session: Session, user_id: int, plan_id: int) -> Plan | None:
    """The user's plan, or None when it does not exist or belongs to someone else."""
    plan = session.get(Plan, plan_id)
    if plan is None or plan.user_id != user_id:
        return None
    return plan


def list_for_user(*, session: Session, user_id: int) -> list[Plan]:
    """The user's plans, soonest start first."""
    statement = (
        select(Plan).where(Plan.user_id == user_id).order_by(col(Plan.start_date), col(Plan.id))
    )
    return list(session.exec(statement).all())


def delete(*, session: Session, plan: Plan) -> None:
    session.delete(plan)
    session.commit()


def muscles_of(plan: Plan) -> tuple[str, ...]:
    return tuple(m for m in plan.muscles.split(",") if m)


def last_day(plan: Plan) -> dt.date:
    return plan.start_date + dt.timedelta(days=plan.days - 1)


def to_break(*, session: Session, plan: Plan, reason: str = "other") -> Break:
    """Record the plan as a break (its dates, mode and muscle groups) and link the two.

    The caller has checked that the plan has started (a future start stays a plan), that it is
    not a break already and that no recorded break overlaps it.
    """
    item = Break(
        user_id=plan.user_id,
        start_date=plan.start_date,
        end_date=last_day(plan),
        reason=reason,
        mode=plan.mode,
        sessions_per_week=plan.sessions_per_week if plan.mode == "reduced" else None,
        notes=f"From the plan “{plan.name}”." if plan.name else "From a plan.",
    )
    session.add(item)
    session.flush()
    assert item.id is not None
    if plan.mode == "immobilized":
        for key in sorted(set(muscles_of(plan))):
            session.add(BreakMuscle(break_id=item.id, muscle=key))
    plan.break_id = item.id
    session.add(plan)
    bump_data_version(session=session, user_id=plan.user_id)
    session.commit()
    session.refresh(item)
    return item
