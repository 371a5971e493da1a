"""Breaks: the stretches without (or with less) training, and what each immobilised."""

from __future__ import annotations

import datetime as dt
import math

from flask import Blueprint
from sqlmodel import Session

from tracker import crud
from tracker.api import rules
from tracker.api.endpoint import caller, endpoint, raw_body
from tracker.api.errors import not_found
from tracker.api.schemas import Break as BreakOut
from tracker.api.schemas import BreakChanges, BreakIn, BreakPage, BreakQuery, PageInfo
from tracker.clock import today_in
from tracker.db import get_session
from tracker.models import Break, BreakBase

bp = Blueprint("breaks", __name__)

ID = "<int:break_id>"


def break_of(item: Break, muscles: tuple[str, ...]) -> BreakOut:
    assert item.id is not None
    return BreakOut(
        id=item.id,
        start_date=item.start_date,
        end_date=item.end_date,
        reason=item.reason,
        mode=item.mode,
        sessions_per_week=item.sessions_per_week,
        body_region=item.body_region,
        muscles=list(muscles),
        notes=item.notes,
    )


def breaks_of(session: Session, items: list[Break]) -> list[BreakOut]:
    found = crud.breaks.muscles(session=session, break_ids=[i.id or 0 for i in items])
    return [break_of(i, found.get(i.id or 0, ())) for i in items]


def _user_id() -> int:
    user_id = caller().user.id
    assert user_id is not None
    return user_id


def own_break(break_id: int) -> Break:
    item = crud.breaks.get(session=get_session(), user_id=_user_id(), break_id=break_id)
    if item is None:
        raise not_found("break")
    return item


def _overlaps(item: Break, start: dt.date | None, end: dt.date | None) -> bool:
    if start is not None and item.end_date is not None and item.end_date < start:
        return False
    return end is None or item.start_date <= end


@bp.get("/breaks")
@endpoint()
def list_breaks(query: BreakQuery) -> BreakPage:
    """The account's breaks, newest first; ``start`` and ``end`` keep those that share a day
    with that stretch (a break going on reaches every day after its start)."""
    session = get_session()
    items = [
        i
        for i in crud.breaks.list_for_user(session=session, user_id=_user_id())
        if _overlaps(i, query.start, query.end)
    ]
    first = (query.page - 1) * query.per_page
    return BreakPage(
        items=breaks_of(session, items[first : first + query.per_page]),
        page=PageInfo(
            page=query.page,
            per_page=query.per_page,
            total=len(items),
            pages=max(1, math.ceil(len(items) / query.per_page)),
        ),
    )


@bp.get(f"/breaks/{ID}")
@endpoint(errors=(404,))
def get_break(break_id: int) -> BreakOut:
    """One break."""
    return breaks_of(get_session(), [own_break(break_id)])[0]


def _checked(data: BreakIn, exclude_id: int | None) -> tuple[BreakBase, tuple[str, ...]]:
    user = caller().user
    rules.break_dates(data.start_date, data.end_date, today_in(user.timezone))
    rules.no_overlap(
        crud.breaks.overlapping(
            session=get_session(),
            user_id=_user_id(),
            start=data.start_date,
            end=data.end_date,
            exclude_id=exclude_id,
        )
    )
    base = BreakBase(
        start_date=data.start_date,
        end_date=data.end_date,
        reason=data.reason,
        mode=data.mode,
        sessions_per_week=data.sessions_per_week,
        body_region=data.body_region if data.mode == "immobilized" else None,
        notes=data.notes,
    )
    return base, tuple(data.muscles)


@bp.post("/breaks")
@endpoint(write=True, ok=201, errors=(409,))
def create_break(json: BreakIn) -> tuple[BreakOut, int]:
    """Record a break (a break that has not begun is a plan: ``POST /plans``)."""
    base, muscles = _checked(json, None)
    item = crud.breaks.create(
        session=get_session(), user_id=_user_id(), data=base, muscle_keys=muscles
    )
    return breaks_of(get_session(), [item])[0], 201


@bp.patch(f"/breaks/{ID}")
@endpoint(write=True, errors=(404,))
def update_break(break_id: int, json: BreakChanges) -> BreakOut:
    """Change a break: its dates (``end_date: null`` while it goes on), mode, muscles, notes."""
    item = own_break(break_id)
    session = get_session()
    current = breaks_of(session, [item])[0].model_dump(
        include={
            "start_date",
            "end_date",
            "reason",
            "mode",
            "sessions_per_week",
            "body_region",
            "muscles",
            "notes",
        }
    )
    changes = raw_body()
    if "mode" in changes and "body_region" not in changes and changes["mode"] != item.mode:
        current["body_region"] = None  # a region belongs to the mode it was picked for
    data = rules.merged(BreakIn, current, changes)
    base, muscles = _checked(data, item.id)
    crud.breaks.update(session=session, item=item, data=base, muscle_keys=muscles)
    return breaks_of(session, [item])[0]


@bp.delete(f"/breaks/{ID}")
@endpoint(write=True, ok=204, errors=(404,))
def delete_break(break_id: int) -> tuple[str, int]:
    """Delete a break."""
    crud.breaks.delete(session=get_session(), item=own_break(break_id))
    return "", 204
