"""Exercises: the shared catalogue and the account's custom ones, with their muscle groups."""

from __future__ import annotations

import math

from flask import Blueprint
from sqlmodel import Session

from tracker import crud
from tracker.api import rules
from tracker.api.endpoint import caller, endpoint, raw_body
from tracker.api.errors import ApiError, not_found
from tracker.api.schemas import Exercise as ExerciseOut
from tracker.api.schemas import (
    ExerciseChanges,
    ExerciseIn,
    ExercisePage,
    ExerciseQuery,
    PageInfo,
)
from tracker.crud.exercises import Muscles
from tracker.db import get_session
from tracker.models import Exercise as ExerciseRow
from tracker.models import ExerciseBase

bp = Blueprint("exercises", __name__)

ID = "<int:exercise_id>"


def exercise_of(row: ExerciseRow, muscles: Muscles) -> ExerciseOut:
    assert row.id is not None
    return ExerciseOut(
        id=row.id,
        name=row.name,
        kind=row.kind,
        equipment=row.equipment,
        custom=row.owner_id is not None,
        key=row.key,
        primary=list(muscles.primary),
        secondary=list(muscles.secondary),
    )


def exercises_of(session: Session, rows: list[ExerciseRow]) -> list[ExerciseOut]:
    found = crud.exercises.muscles(session=session, exercise_ids=[r.id or 0 for r in rows])
    return [exercise_of(r, found.get(r.id or 0, Muscles())) for r in rows]


@bp.get("/exercises")
@endpoint()
def list_exercises(query: ExerciseQuery) -> ExercisePage:
    """The exercises the account can log: its own first, then the catalogue, by name.

    ``q`` finds names (and the catalogue's other names) containing every word, best matches
    first; ``muscle`` keeps those whose main muscle groups include it.
    """
    session = get_session()
    user_id = caller().user.id
    assert user_id is not None
    if query.q:
        rows = crud.exercises.search(session=session, user_id=user_id, query=query.q, limit=10_000)
    else:
        rows = crud.exercises.all_visible(session=session, user_id=user_id)
    if query.custom is not None:
        rows = [r for r in rows if (r.owner_id is not None) == query.custom]
    items = exercises_of(session, rows)
    if query.muscle:
        items = [e for e in items if query.muscle in e.primary]
    start = (query.page - 1) * query.per_page
    return ExercisePage(
        items=items[start : start + query.per_page],
        page=PageInfo(
            page=query.page,
            per_page=query.per_page,
            total=len(items),
            pages=max(1, math.ceil(len(items) / query.per_page)),
        ),
    )


def _visible(exercise_id: int) -> ExerciseRow:
    user_id = caller().user.id
    assert user_id is not None
    row = crud.exercises.get_visible(
        session=get_session(), user_id=user_id, exercise_id=exercise_id
    )
    if row is None:
        raise not_found("exercise")
    return row


def _own(exercise_id: int) -> ExerciseRow:
    row = _visible(exercise_id)
    if row.owner_id is None:
        raise ApiError(403, "Catalogue exercises are shared and cannot be changed: make your own.")
    return row


def _one(row: ExerciseRow) -> ExerciseOut:
    return exercises_of(get_session(), [row])[0]


@bp.get(f"/exercises/{ID}")
@endpoint(errors=(404,))
def get_exercise(exercise_id: int) -> ExerciseOut:
    """One exercise of the catalogue or of the account."""
    return _one(_visible(exercise_id))


def _save(data: ExerciseIn, exclude_id: int | None) -> tuple[ExerciseBase, Muscles]:
    user_id = caller().user.id
    assert user_id is not None
    rules.name_free(
        crud.exercises.name_taken(
            session=get_session(), user_id=user_id, name=data.name, exclude_id=exclude_id
        )
    )
    base = ExerciseBase(name=data.name, kind=data.kind, equipment=data.equipment)
    return base, Muscles(tuple(data.primary), tuple(data.secondary))


@bp.post("/exercises")
@endpoint(write=True, ok=201, errors=(409,))
def create_exercise(json: ExerciseIn) -> tuple[ExerciseOut, int]:
    """Add a custom exercise (its name must differ from the account's other ones)."""
    user_id = caller().user.id
    assert user_id is not None
    base, muscles = _save(json, None)
    row = crud.exercises.create_custom(
        session=get_session(), user_id=user_id, data=base, muscles=muscles
    )
    return _one(row), 201


@bp.patch(f"/exercises/{ID}")
@endpoint(write=True, errors=(404,))
def update_exercise(exercise_id: int, json: ExerciseChanges) -> ExerciseOut:
    """Change a custom exercise; its muscle groups change the volume of every set logged."""
    row = _own(exercise_id)
    current = _one(row).model_dump(include={"name", "kind", "equipment", "primary", "secondary"})
    data = rules.merged(ExerciseIn, current, raw_body())
    base, muscles = _save(data, row.id)
    crud.exercises.update_custom(session=get_session(), exercise=row, data=base, muscles=muscles)
    return _one(row)


@bp.delete(f"/exercises/{ID}")
@endpoint(write=True, ok=204, errors=(404,))
def delete_exercise(exercise_id: int) -> tuple[str, int]:
    """Delete a custom exercise and every set logged of it."""
    crud.exercises.delete_custom(session=get_session(), exercise=_own(exercise_id))
    return "", 204
