"""Workouts and their sets."""

from __future__ import annotations

from typing import Any

from flask import Blueprint
from sqlmodel import Session

from tracker import crud
from tracker.api import rules
from tracker.api.endpoint import caller, endpoint, raw_body
from tracker.api.errors import not_found
from tracker.api.schemas import (
    PageInfo,
    SetChanges,
    SetIn,
    WorkoutChanges,
    WorkoutIn,
    WorkoutPage,
    WorkoutQuery,
)
from tracker.api.schemas import Workout as WorkoutOut
from tracker.api.schemas import WorkoutSet as SetOut
from tracker.clock import today_in
from tracker.db import get_session
from tracker.models import Workout, WorkoutBase, WorkoutSet, WorkoutSetBase

bp = Blueprint("workouts", __name__)

WORKOUT_ID = "<int:workout_id>"
SET_ID = "<int:set_id>"
SET_FIELDS = ("exercise_id", "kind", "reps", "weight_kg", "rpe", "distance_m", "seconds", "notes")


def set_of(item: WorkoutSet) -> SetOut:
    assert item.id is not None
    return SetOut(
        id=item.id,
        workout_id=item.workout_id,
        exercise_id=item.exercise_id,
        position=item.position,
        kind=item.kind,
        reps=item.reps,
        weight_kg=item.weight_kg,
        rpe=item.rpe,
        distance_m=item.distance_m,
        seconds=item.seconds,
        notes=item.notes,
    )


def workout_of(session: Session, workout: Workout) -> WorkoutOut:
    assert workout.id is not None
    return WorkoutOut(
        id=workout.id,
        started_at=workout.started_at,
        title=workout.title,
        duration_minutes=workout.duration_minutes,
        notes=workout.notes,
        source=workout.source,
        sets=[set_of(s) for s in crud.workouts.sets(session=session, workout_id=workout.id)],
    )


def _user_id() -> int:
    user_id = caller().user.id
    assert user_id is not None
    return user_id


def _own(workout_id: int) -> Workout:
    workout = crud.workouts.get_own(
        session=get_session(), user_id=_user_id(), workout_id=workout_id
    )
    if workout is None:
        raise not_found("workout")
    return workout


def _own_set(set_id: int) -> tuple[WorkoutSet, Workout]:
    found = crud.workouts.get_own_set(session=get_session(), user_id=_user_id(), set_id=set_id)
    if found is None:
        raise not_found("set")
    return found


@bp.get("/workouts")
@endpoint()
def list_workouts(query: WorkoutQuery) -> WorkoutPage:
    """The account's workouts with their sets, newest first, a page at a time.

    ``start`` and ``end`` (inclusive) keep the workouts of those days; ``exercise_id`` those
    with a set of that exercise.
    """
    session = get_session()
    found = crud.workouts.history(
        session=session,
        user_id=_user_id(),
        page=query.page,
        per_page=query.per_page,
        exercise_id=query.exercise_id,
        start=query.start,
        end=query.end,
    )
    return WorkoutPage(
        items=[workout_of(session, s.workout) for s in found.items],
        page=PageInfo(
            page=query.page, per_page=query.per_page, total=found.total, pages=found.pages
        ),
    )


@bp.get(f"/workouts/{WORKOUT_ID}")
@endpoint(errors=(404,))
def get_workout(workout_id: int) -> WorkoutOut:
    """One workout with its sets in the order they were logged."""
    return workout_of(get_session(), _own(workout_id))


def _workout_base(data: WorkoutIn) -> WorkoutBase:
    rules.workout_day(data.started_at, today_in(caller().user.timezone))
    return WorkoutBase(
        started_at=data.started_at.replace(microsecond=0),
        title=data.title,
        duration_minutes=data.duration_minutes,
        notes=data.notes,
    )


@bp.post("/workouts")
@endpoint(write=True, ok=201, errors=(409,))
def create_workout(json: WorkoutIn) -> tuple[WorkoutOut, int]:
    """Log a workout (then its sets, one by one: ``POST /workouts/{workout_id}/sets``)."""
    session = get_session()
    workout = crud.workouts.create(session=session, user_id=_user_id(), data=_workout_base(json))
    return workout_of(session, workout), 201


@bp.patch(f"/workouts/{WORKOUT_ID}")
@endpoint(write=True, errors=(404,))
def update_workout(workout_id: int, json: WorkoutChanges) -> WorkoutOut:
    """Change a workout's start, title, duration or notes."""
    session = get_session()
    workout = _own(workout_id)
    current = {
        "started_at": workout.started_at,
        "title": workout.title,
        "duration_minutes": workout.duration_minutes,
        "notes": workout.notes,
    }
    data = rules.merged(WorkoutIn, current, raw_body())
    crud.workouts.update(session=session, workout=workout, data=_workout_base(data))
    return workout_of(session, workout)


@bp.delete(f"/workouts/{WORKOUT_ID}")
@endpoint(write=True, ok=204, errors=(404,))
def delete_workout(workout_id: int) -> tuple[str, int]:
    """Delete a workout and its sets."""
    crud.workouts.delete(session=get_session(), workout=_own(workout_id))
    return "", 204


# --- sets ------------------------------------------------------------------------------------


def _set_base(data: SetIn) -> WorkoutSetBase:
    exercise = rules.usable_exercise(
        crud.exercises.get_visible(
            session=get_session(), user_id=_user_id(), exercise_id=data.exercise_id
        )
    )
    values: dict[str, Any] = rules.set_values(exercise.kind, data.model_dump())
    return WorkoutSetBase(**values)


@bp.post(f"/workouts/{WORKOUT_ID}/sets")
@endpoint(write=True, ok=201, errors=(404, 409))
def create_set(workout_id: int, json: SetIn) -> tuple[SetOut, int]:
    """Add a set at the end of a workout (at most 1,000 sets a workout)."""
    workout = _own(workout_id)
    item = crud.workouts.add_set(session=get_session(), workout=workout, data=_set_base(json))
    return set_of(item), 201


@bp.get(f"/sets/{SET_ID}")
@endpoint(errors=(404,))
def get_set(set_id: int) -> SetOut:
    """One set."""
    return set_of(_own_set(set_id)[0])


@bp.patch(f"/sets/{SET_ID}")
@endpoint(write=True, errors=(404,))
def update_set(set_id: int, json: SetChanges) -> SetOut:
    """Change a set; it keeps its place in the workout."""
    item, workout = _own_set(set_id)
    current = {name: getattr(item, name) for name in SET_FIELDS}
    data = rules.merged(SetIn, current, raw_body())
    crud.workouts.update_set(
        session=get_session(), item=item, workout=workout, data=_set_base(data)
    )
    return set_of(item)


@bp.delete(f"/sets/{SET_ID}")
@endpoint(write=True, ok=204, errors=(404,))
def delete_set(set_id: int) -> tuple[str, int]:
    """Delete a set; the sets after it move up a place."""
    item, workout = _own_set(set_id)
    crud.workouts.delete_set(session=get_session(), item=item, workout=workout)
    return "", 204
