"""Routines: workouts to repeat (a name and sets with targets), and starting a workout from one.

The editor's rules (``tracker.forms.routines``): a name, 1 to 100 sets of exercises the user
may use, targets in the ranges of a logged set (each optional: a workout started from the
routine pre-fills last time's values), the ones the exercise's kind does not use dropped. All
of it is checked before anything is written.
"""

from __future__ import annotations

import math

from flask import Blueprint, current_app

from tracker import crud, prefill
from tracker.api import rules
from tracker.api.endpoint import caller, endpoint, raw_body
from tracker.api.errors import not_found
from tracker.api.schemas import PageInfo, PageQuery, RoutineChanges, RoutineIn, RoutinePage
from tracker.api.schemas import Routine as RoutineOut
from tracker.api.schemas import RoutineSet as RoutineSetOut
from tracker.api.schemas import Workout as WorkoutOut
from tracker.api.workouts import workout_of
from tracker.clock import local_now
from tracker.crud.routines import RoutineSets
from tracker.db import get_session
from tracker.models import PlannedValues, Routine, RoutineSet, WorkoutBase
from tracker.projections import cache_for

bp = Blueprint("routines", __name__)

ID = "<int:routine_id>"
SET_FIELDS = ("exercise_id", "kind", "reps", "weight_kg", "distance_m", "seconds")


def set_of(item: RoutineSet) -> RoutineSetOut:
    return RoutineSetOut(
        position=item.position,
        exercise_id=item.exercise_id,
        kind=item.kind,
        reps=item.reps,
        weight_kg=item.weight_kg,
        distance_m=item.distance_m,
        seconds=item.seconds,
    )


def routine_of(found: RoutineSets) -> RoutineOut:
    routine = found.routine
    assert routine.id is not None
    return RoutineOut(
        id=routine.id,
        name=routine.name,
        created_at=routine.created_at,
        used_at=routine.used_at,
        sets=[set_of(item) for item, _ in found.sets],
    )


def _one(routine: Routine) -> RoutineOut:
    assert routine.id is not None
    sets = crud.routines.sets(session=get_session(), routine_id=routine.id)
    return routine_of(RoutineSets(routine, sets))


def _user_id() -> int:
    user_id = caller().user.id
    assert user_id is not None
    return user_id


def own_routine(routine_id: int) -> Routine:
    routine = crud.routines.get_own(
        session=get_session(), user_id=_user_id(), routine_id=routine_id
    )
    if routine is None:
        raise not_found("routine")
    return routine


@bp.get("/routines")
@endpoint()
def list_routines(query: PageQuery) -> RoutinePage:
    """The account's routines with their sets, the one used last first (never used: the
    newest first)."""
    found = crud.routines.own(session=get_session(), user_id=_user_id())
    first = (query.page - 1) * query.per_page
    return RoutinePage(
        items=[routine_of(r) for r in found[first : first + query.per_page]],
        page=PageInfo(
            page=query.page,
            per_page=query.per_page,
            total=len(found),
            pages=max(1, math.ceil(len(found) / query.per_page)),
        ),
    )


@bp.get(f"/routines/{ID}")
@endpoint(errors=(404,))
def get_routine(routine_id: int) -> RoutineOut:
    """One routine with its sets in order."""
    return _one(own_routine(routine_id))


def _values(data: RoutineIn) -> list[PlannedValues]:
    """The sets as stored: each of an exercise the user may use (422 at the set otherwise),
    with the targets its kind keeps."""
    wanted = [item.exercise_id for item in data.sets]
    exercises = rules.usable_exercises(
        wanted,
        crud.planned.visible_exercises(session=get_session(), user_id=_user_id(), ids=wanted),
    )
    return [
        PlannedValues(**rules.kept_values(exercise.kind, item.model_dump()))
        for item, exercise in zip(data.sets, exercises, strict=True)
    ]


@bp.post("/routines")
@endpoint(write=True, ok=201, errors=(409,))
def create_routine(json: RoutineIn) -> tuple[RoutineOut, int]:
    """Save a routine (at most 200 an account; 409 past it)."""
    routine = crud.routines.create(
        session=get_session(), user_id=_user_id(), name=json.name, values=_values(json)
    )
    return _one(routine), 201


@bp.patch(f"/routines/{ID}")
@endpoint(write=True, errors=(404,))
def update_routine(routine_id: int, json: RoutineChanges) -> RoutineOut:
    """Rename a routine, or replace its sets (``sets`` sent are all of its sets), or both."""
    routine = own_routine(routine_id)
    assert routine.id is not None
    session = get_session()
    stored = crud.routines.sets(session=session, routine_id=routine.id)
    current = {
        "name": routine.name,
        "sets": [{name: getattr(item, name) for name in SET_FIELDS} for item, _ in stored],
    }
    data = rules.merged(RoutineIn, current, raw_body())
    crud.routines.update(session=session, routine=routine, name=data.name, values=_values(data))
    return _one(routine)


@bp.delete(f"/routines/{ID}")
@endpoint(write=True, ok=204, errors=(404,))
def delete_routine(routine_id: int) -> tuple[str, int]:
    """Delete a routine (workouts started from it stay)."""
    crud.routines.delete(session=get_session(), routine=own_routine(routine_id))
    return "", 204


@bp.post(f"/routines/{ID}/start")
@endpoint(write=True, ok=201, errors=(404, 409))
def start_routine(routine_id: int) -> tuple[WorkoutOut, int]:
    """Start a workout now (the user's local time) from a routine, as its page's Start does.

    The routine's sets are planned on the workout, pre-filled with last time's values, for
    the workout's page to mark done. A planned set is no logged set: ``sets`` holds only the
    sets done, so it is empty in this answer.
    """
    routine = own_routine(routine_id)
    assert routine.id is not None
    session = get_session()
    user = caller().user
    targets = [item for item, _ in crud.routines.sets(session=session, routine_id=routine.id)]
    crud.routines.mark_used(session=session, routine=routine)
    workout = crud.planned.start(
        session=session,
        user_id=_user_id(),
        data=WorkoutBase(started_at=local_now(user.timezone), title=routine.name),
        plan_for=lambda new: prefill.planned_sets(
            session=session,
            user=user,
            workout=new,
            targets=targets,
            cache=cache_for(current_app.extensions),
        ),
    )
    return workout_of(session, workout), 201
