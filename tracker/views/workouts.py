"""Logging workouts: start one, add exercises and sets, fix them, and browse the history."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from tracker import crud, volume
from tracker.clock import local_now, today_in
from tracker.db import get_session
from tracker.forms.fields import choices
from tracker.forms.workouts import (
    HistoryFilterForm,
    SetForm,
    WorkoutForm,
    format_amount,
    posted_values,
    set_data,
)
from tracker.models import Exercise, Workout, WorkoutSet
from tracker.physiology.muscles import MUSCLE_GROUPS
from tracker.template_filters import describe_set, style_of, summarise_sets

bp = Blueprint("workouts", __name__)

#: Weeks shown in the history's hard-sets table.
RECENT_WEEKS = 8


# --- how sets read ----------------------------------------------------------------------------


def days_between(then: dt.date, now: dt.date, today: dt.date) -> str:
    """``12 days ago`` (``now`` is today) or ``12 days before`` (an older workout)."""
    days = (now - then).days
    if now == today:
        return {0: "earlier today", 1: "yesterday"}.get(days, f"{days} days ago")
    return {0: "the same day", 1: "the day before"}.get(days, f"{days} days before")


def format_count(value: float) -> str:
    """Hard sets: ``3``, ``4.5``."""
    return format_amount(round(value, 1))


# --- pages ------------------------------------------------------------------------------------


def _today() -> dt.date:
    return today_in(current_user.timezone)


def _clock() -> str:
    return style_of(current_user).clock


def _own_workout(workout_id: int) -> Workout:
    workout = crud.workouts.get_own(
        session=get_session(), user_id=current_user.id, workout_id=workout_id
    )
    if workout is None:
        abort(404)
    return workout


def _own_set(set_id: int) -> tuple[WorkoutSet, Workout]:
    found = crud.workouts.get_own_set(session=get_session(), user_id=current_user.id, set_id=set_id)
    if found is None:
        abort(404)
    return found


@bp.get("/workouts")
@login_required
def index() -> tuple[str, int]:
    session = get_session()
    form = HistoryFilterForm(formdata=request.args)
    used = crud.exercises.used(session=session, user_id=current_user.id)
    form.exercise.choices = choices([("", "All exercises"), *((str(e.id), e.name) for e in used)])
    valid = form.validate()
    status = 200
    filters: dict[str, Any] = {}
    if valid:
        filters = {
            "exercise_id": form.exercise_id(),
            "start": form.start.data,
            "end": form.end.data,
        }
        page = form.page.data or 1
    else:
        status = 400
        page = 1
    history = crud.workouts.history(session=session, user_id=current_user.id, page=page, **filters)
    today = _today()
    # Newest week first: on a phone the table scrolls sideways, and this week matters most.
    weeks = [volume.week_start(today) - dt.timedelta(weeks=n) for n in range(RECENT_WEEKS)]
    weekly = crud.workouts.weekly_hard_sets(
        session=session, user_id=current_user.id, start=weeks[-1], end=today
    )
    args = {k: v for k, v in request.args.items() if k != "page" and v}
    return render_template(
        "workouts/index.html",
        form=form,
        valid=valid,
        filtered=valid and any(v is not None for v in filters.values()),
        history=history,
        page_args=args,
        weeks=weeks,
        this_week=volume.week_start(today),
        weekly=weekly,
        muscles=MUSCLE_GROUPS,
        format_count=format_count,
    ), status


@bp.get("/workouts/new")
@login_required
def new() -> str:
    form = WorkoutForm(data=WorkoutForm.defaults(local_now(current_user.timezone)), clock=_clock())
    return render_template("workouts/form.html", form=form, workout=None)


@bp.post("/workouts/new")
@login_required
def create() -> tuple[str, int] | Response:
    form = WorkoutForm(today=_today(), clock=_clock())
    if not form.validate():
        return render_template("workouts/form.html", form=form, workout=None), 400
    workout = crud.workouts.create(
        session=get_session(), user_id=current_user.id, data=form.values()
    )
    # No #fragment here or after adding a set: browsers skip autofocus when the URL targets an
    # element, and autofocus (search, then reps) is what makes logging quick.
    return redirect(url_for("workouts.show", workout_id=workout.id))


@dataclass
class ExerciseBlock:
    """One exercise of the workout page: its sets and the form that adds the next one."""

    exercise: Exercise
    sets: list[WorkoutSet]
    form: SetForm
    last_time: str | None = None
    repeat: dict[str, str] | None = None
    focus: bool = False


def _set_form(exercise: Exercise, data: dict[str, Any] | None = None) -> SetForm:
    """A set form whose inputs have ids of their own (several forms share the page)."""
    form = SetForm(formdata=None, data=data or {"exercise_id": exercise.id, "kind": "normal"})
    return _scoped(form.adapt(exercise, current_user.unit), exercise)


def _scoped(form: SetForm, exercise: Exercise) -> SetForm:
    for field in form:
        field.id = f"{field.name}-ex{exercise.id}"
        field.label.field_id = field.id
    return form


def _show(
    workout: Workout,
    failed: SetForm | None = None,
    failed_exercise: Exercise | None = None,
    status: int = 200,
) -> tuple[str, int]:
    session = get_session()
    unit = current_user.unit
    assert workout.id is not None
    exercises: dict[int, Exercise] = {}
    grouped: dict[int, list[WorkoutSet]] = {}
    for item, exercise in crud.workouts.sets_with_exercises(session=session, workout_id=workout.id):
        grouped.setdefault(item.exercise_id, []).append(item)
        exercises[item.exercise_id] = exercise
    message = None
    focus_id = _int_arg("focus")
    pending_id = _int_arg("add")
    if failed_exercise is not None:
        pending_id = focus_id = failed_exercise.id
    elif pending_id is not None:
        focus_id = pending_id
    wanted = list(grouped)
    if pending_id is not None and pending_id not in grouped:
        pending = crud.exercises.get_visible(
            session=session, user_id=current_user.id, exercise_id=pending_id
        )
        if pending is None:
            message = "That exercise was not found. Pick one from the list."
        else:
            exercises[pending_id] = pending
            wanted.append(pending_id)
            grouped[pending_id] = []
    earlier = crud.workouts.previous_sets_for(
        session=session, user_id=current_user.id, exercise_ids=wanted, before=workout
    )
    today = _today()
    blocks = []
    for exercise_id in wanted:
        exercise = exercises[exercise_id]
        block_sets = grouped[exercise_id]
        previous = earlier.get(exercise_id)
        last_time = None
        if previous is not None:
            when = days_between(
                previous.workout.started_at.date(), workout.started_at.date(), today
            )
            last_time = f"{summarise_sets(previous.sets, exercise.kind, unit)}, {when}"
        if failed is not None and failed_exercise is not None and exercise_id == failed_exercise.id:
            form = _scoped(failed, exercise)
        elif block_sets:
            form = _set_form(exercise, set_data(block_sets[-1], unit, notes=False))
        elif previous is not None and previous.sets:
            work = [s for s in previous.sets if s.kind not in volume.NOT_HARD] or previous.sets
            form = _set_form(exercise, {**set_data(work[0], unit, notes=False), "kind": "normal"})
        else:
            form = _set_form(exercise)
        blocks.append(
            ExerciseBlock(
                exercise=exercise,
                sets=block_sets,
                form=form,
                last_time=last_time,
                repeat=posted_values(block_sets[-1], unit) if block_sets else None,
                focus=exercise_id == focus_id,
            )
        )
    query = (request.args.get("q") or "").strip()[:120]
    results = (
        crud.exercises.search(session=session, user_id=current_user.id, query=query)
        if query
        else []
    )
    recent = crud.exercises.recently_used(session=session, user_id=current_user.id)
    return render_template(
        "workouts/show.html",
        workout=workout,
        blocks=blocks,
        failed=failed if failed_exercise is None else None,
        message=message,
        query=query,
        results=results,
        recent=[e for e in recent if e.id not in grouped],
        unit=unit,
    ), status


def _int_arg(name: str) -> int | None:
    return _int_value(request.args.get(name))


def _int_value(value: object) -> int | None:
    """A row id typed or sent as text, or None when it is not a plausible one."""
    text = str(value or "").strip()
    return int(text) if text.isdecimal() and len(text) < 10 else None


@bp.get("/workouts/<int:workout_id>")
@login_required
def show(workout_id: int) -> tuple[str, int]:
    return _show(_own_workout(workout_id))


@bp.post("/workouts/<int:workout_id>/sets")
@login_required
def add_set(workout_id: int) -> tuple[str, int] | Response:
    workout = _own_workout(workout_id)
    session = get_session()
    form = SetForm()
    exercise = None
    exercise_id = _int_value(form.exercise_id.raw_data[0] if form.exercise_id.raw_data else None)
    if exercise_id is not None:
        exercise = crud.exercises.get_visible(
            session=session, user_id=current_user.id, exercise_id=exercise_id
        )
    if not form.validate_for(exercise, current_user.unit):
        return _show(workout, failed=form, failed_exercise=exercise, status=400)
    assert exercise is not None
    crud.workouts.add_set(
        session=session, workout=workout, data=form.values(exercise, current_user.unit)
    )
    return redirect(
        url_for(
            "workouts.show",
            workout_id=workout.id,
            focus=exercise.id,
        )
    )


@bp.get("/workouts/<int:workout_id>/edit")
@login_required
def edit(workout_id: int) -> str:
    workout = _own_workout(workout_id)
    form = WorkoutForm(data=WorkoutForm.data_from(workout), clock=_clock())
    return render_template("workouts/form.html", form=form, workout=workout)


@bp.post("/workouts/<int:workout_id>/edit")
@login_required
def update(workout_id: int) -> tuple[str, int] | Response:
    workout = _own_workout(workout_id)
    form = WorkoutForm(today=_today(), clock=_clock())
    if not form.validate():
        return render_template("workouts/form.html", form=form, workout=workout), 400
    crud.workouts.update(session=get_session(), workout=workout, data=form.values())
    flash("Workout saved.", "success")
    return redirect(url_for("workouts.show", workout_id=workout.id))


@bp.get("/workouts/<int:workout_id>/delete")
@login_required
def confirm_delete(workout_id: int) -> str:
    workout = _own_workout(workout_id)
    assert workout.id is not None
    count = len(crud.workouts.sets(session=get_session(), workout_id=workout.id))
    return render_template(
        "workouts/confirm_delete.html",
        question=f"Delete the workout of {style_of(current_user).when(workout.started_at)} "
        f"and its {count} "
        f"set{'s' if count != 1 else ''}?",
        action=url_for("workouts.delete", workout_id=workout.id),
        back=url_for("workouts.show", workout_id=workout.id),
        label="Delete workout",
    )


@bp.post("/workouts/<int:workout_id>/delete")
@login_required
def delete(workout_id: int) -> Response:
    workout = _own_workout(workout_id)
    crud.workouts.delete(session=get_session(), workout=workout)
    flash("Workout deleted.", "info")
    return redirect(url_for("workouts.index"))


@bp.get("/sets/<int:set_id>/edit")
@login_required
def edit_set(set_id: int) -> str:
    item, workout = _own_set(set_id)
    exercise = crud.workouts.exercise_of(session=get_session(), item=item)
    form = SetForm(data=set_data(item, current_user.unit)).adapt(exercise, current_user.unit)
    return _set_page(form, item, workout, exercise)


def _set_page(form: SetForm, item: WorkoutSet, workout: Workout, exercise: Exercise) -> str:
    form.submit.label.text = "Save set"
    return render_template(
        "workouts/set_edit.html", form=form, item=item, workout=workout, exercise=exercise
    )


@bp.post("/sets/<int:set_id>/edit")
@login_required
def update_set(set_id: int) -> tuple[str, int] | Response:
    item, workout = _own_set(set_id)
    session = get_session()
    exercise = crud.workouts.exercise_of(session=session, item=item)
    # The exercise stays the set's own: a posted exercise_id is ignored.
    form = SetForm()
    form.exercise_id.raw_data = [str(exercise.id)]
    form.exercise_id.data = exercise.id
    if not form.validate_for(exercise, current_user.unit):
        return _set_page(form, item, workout, exercise), 400
    crud.workouts.update_set(
        session=session,
        item=item,
        workout=workout,
        data=form.values(exercise, current_user.unit),
    )
    flash("Set saved.", "success")
    return redirect(url_for("workouts.show", workout_id=workout.id, _anchor=f"set-{item.id}"))


@bp.get("/sets/<int:set_id>/delete")
@login_required
def confirm_delete_set(set_id: int) -> str:
    item, workout = _own_set(set_id)
    exercise = crud.workouts.exercise_of(session=get_session(), item=item)
    text = describe_set(item, exercise.kind, current_user.unit)
    return render_template(
        "workouts/confirm_delete.html",
        question=f"Delete this set of {exercise.name} ({text})?",
        action=url_for("workouts.delete_set", set_id=item.id),
        back=url_for("workouts.show", workout_id=workout.id, _anchor=f"set-{item.id}"),
        label="Delete set",
    )


@bp.post("/sets/<int:set_id>/delete")
@login_required
def delete_set(set_id: int) -> Response:
    item, workout = _own_set(set_id)
    exercise_id = item.exercise_id
    crud.workouts.delete_set(session=get_session(), item=item, workout=workout)
    flash("Set deleted.", "info")
    return redirect(url_for("workouts.show", workout_id=workout.id, _anchor=f"ex-{exercise_id}"))
