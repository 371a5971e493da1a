"""What the workout page's script asks for: a device's batch of operations, the live exercise
search, a fresh CSRF token, and the service worker that keeps the page working offline.

JSON in and out, for the logged-in user's own workouts (404 otherwise); a request without a
login answers 401 instead of the login page, so that the script can say so and keep its sets.
The batch is CSRF-protected like every form (the token in the ``X-CSRFToken`` header), checked
here so that a refusal is JSON too.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar, cast

from flask import Blueprint, abort, current_app, jsonify, request
from flask_login import current_user
from flask_wtf.csrf import CSRFError, generate_csrf
from werkzeug.wrappers import Response

from tracker import crud, prefill
from tracker.clock import today_in
from tracker.crud.planned import DEFAULT_SETS, Busy, Refused
from tracker.crud.workouts import PreviousSets
from tracker.db import get_session
from tracker.forms import sync as batch_form
from tracker.forms.workouts import planned_rows
from tracker.limits import LimitReached
from tracker.models import Exercise, Workout
from tracker.projections import cache_for
from tracker.security import csrf
from tracker.template_filters import last_time_of

bp = Blueprint("sync", __name__)

#: Exercises a search answers with.
RESULTS = 15

F = TypeVar("F", bound=Callable[..., Any])


def _error(status: int, code: str, message: str, **where: Any) -> tuple[Response, int]:
    return jsonify(error={"code": code, "message": message, **where}), status


def _json_login(view: F) -> F:
    """``login_required`` for JSON: 401, never a redirect to the login page."""

    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if not current_user.is_authenticated:
            return _error(401, "login", "Log in again to save these sets.")
        return view(*args, **kwargs)

    return cast(F, wrapper)


def _own(workout_id: int) -> Workout:
    workout = crud.workouts.get_own(
        session=get_session(), user_id=current_user.id, workout_id=workout_id
    )
    if workout is None:
        abort(404)
    return workout


@bp.errorhandler(404)
def _not_found(error: Exception) -> tuple[Response, int]:
    return _error(404, "not_found", "This workout is not there (deleted, or not yours).")


@bp.post("/workouts/<int:workout_id>/sync")
@csrf.exempt
@_json_login
def batch(workout_id: int) -> tuple[Response, int] | Response:
    """Apply a device's operations to the workout, all or nothing (``crud.planned.apply``)."""
    try:
        csrf.protect()
    except CSRFError as error:
        return _error(400, "csrf", f"The page's token was refused ({error.description}).")
    if (request.content_length or 0) > batch_form.MAX_BYTES:
        return _error(413, "too_large", "This batch is larger than one batch may be.")
    if not request.is_json:
        return _error(415, "not_json", "Send the batch as application/json.")
    workout = _own(workout_id)
    raw = request.get_data(cache=False)
    if len(raw) > batch_form.MAX_BYTES:
        return _error(413, "too_large", "This batch is larger than one batch may be.")
    try:
        payload = json.loads(raw)
    except (ValueError, RecursionError):  # not JSON, a number of 5,000 digits, deep nesting
        return _error(400, "bad_request", "The batch is not JSON.")
    try:
        ops = batch_form.operations(payload)
    except batch_form.TooLarge as error:
        return _error(413, "too_large", error.message)
    except batch_form.BatchError as error:
        return _error(400, "bad_request", error.message, op=error.index)
    session = get_session()
    exercises = crud.planned.visible_exercises(
        session=session, user_id=current_user.id, ids=batch_form.exercise_ids(ops)
    )
    try:
        typed = batch_form.read(ops, unit=current_user.unit, exercises=exercises)
        results = crud.planned.apply(
            session=session, user_id=current_user.id, workout=workout, ops=typed
        )
    except (batch_form.BatchError, Refused) as error:
        return _error(
            422, "invalid", error.message, op=error.index, id=error.op_id, field=error.field
        )
    except Busy:
        return _error(409, "busy", "Another request saved some of these at the same time.")
    except LimitReached as error:
        return _error(409, "limit_reached", str(error))
    return jsonify(
        results=[{"id": r.id, "status": r.status, "set": r.set_id, "row": r.row} for r in results],
        server_time=int(dt.datetime.now(dt.UTC).timestamp() * 1000),
    )


@bp.get("/workouts/<int:workout_id>/token")
@_json_login
def token(workout_id: int) -> Response:
    """A fresh CSRF token for a page that stayed open (or offline) past its token's life."""
    _own(workout_id)
    response = jsonify(token=generate_csrf())
    response.headers["Cache-Control"] = "no-store"
    return response


def _pick(
    exercise: Exercise,
    found: prefill.Prefill,
    rest: int,
    previous: PreviousSets | None,
    workout: Workout,
) -> dict[str, Any]:
    unit = current_user.unit
    rows = planned_rows(prefill.fill((), found), exercise.kind, unit, DEFAULT_SETS)
    said = last_time_of(
        previous,
        exercise.kind,
        unit,
        workout.started_at.date(),
        today_in(current_user.timezone),
    )
    return {
        "id": exercise.id,
        "name": exercise.name,
        "kind": exercise.kind,
        "yours": exercise.owner_id is not None,
        "rest": rest,
        "rows": rows,
        "last": said,
    }


@bp.get("/workouts/<int:workout_id>/exercises.json")
@_json_login
def search(workout_id: int) -> Response:
    """Exercises matching ``q`` as it is typed: the user's recent ones and those of their
    routines first; each with the rows it would be planned with."""
    workout = _own(workout_id)
    session = get_session()
    query = (request.args.get("q") or "").strip()[:120]
    recent = crud.exercises.recently_used(session=session, user_id=current_user.id, limit=30)
    favoured = {e.id for e in recent} | set(
        crud.routines.exercise_ids(session=session, user_id=current_user.id)
    )
    if query:
        found = crud.exercises.search(
            session=session, user_id=current_user.id, query=query, limit=60
        )
        found.sort(key=lambda e: e.id not in favoured)  # stable: the search's order within
    else:
        found = recent
    found = found[:RESULTS]
    prefills = prefill.planned_values(
        session=session,
        user=current_user._get_current_object(),
        workout=workout,
        exercise_ids=[e.id for e in found if e.id is not None],
        cache=cache_for(current_app.extensions),
    )
    rests = crud.planned.rest_times(session=session, user_id=current_user.id, exercises=found)
    earlier = crud.workouts.previous_sets_for(
        session=session, user_id=current_user.id, exercise_ids=list(prefills), before=workout
    )
    response = jsonify(
        query=query,
        results=[
            _pick(e, prefills[e.id or 0], rests[e.id or 0], earlier.get(e.id or 0), workout)
            for e in found
        ],
    )
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/workouts/sw.js")
def worker() -> Response:
    """The service worker, served from /workouts/ so that its scope covers the workout pages
    (a worker controls the pages under the folder it is served from)."""
    path = Path(current_app.static_folder or "") / "js" / "sw.js"
    response = Response(path.read_bytes(), mimetype="text/javascript")
    response.headers["Cache-Control"] = "no-cache"
    return response
