"""Routines: workouts to repeat. Save a workout as one, write or change one, delete it, and
start a workout from it in one tap (its sets planned and pre-filled, ``tracker.prefill``)."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from tracker import crud, prefill
from tracker.clock import local_now
from tracker.crud.planned import DEFAULT_SETS
from tracker.db import get_session
from tracker.forms import routines as editor_form
from tracker.forms.routines import EditorRow, RoutineEditor
from tracker.forms.workouts import row_fields
from tracker.models import Routine, Workout, WorkoutBase
from tracker.projections import cache_for

bp = Blueprint("routines", __name__)

#: Exercises a search in the editor lists.
RESULTS = 12


def _own(routine_id: int) -> Routine:
    routine = crud.routines.get_own(
        session=get_session(), user_id=current_user.id, routine_id=routine_id
    )
    if routine is None:
        abort(404)
    return routine


def _source_workout() -> Workout | None:
    value = request.args.get("workout", "")
    if not value.isdecimal() or len(value) > 9:
        return None
    return crud.workouts.get_own(
        session=get_session(), user_id=current_user.id, workout_id=int(value)
    )


@bp.get("/routines")
@login_required
def index() -> str:
    found = crud.routines.own(session=get_session(), user_id=current_user.id)
    return render_template("routines/index.html", routines=found)


def _editor_page(
    editor: RoutineEditor,
    routine: Routine | None,
    status: int = 200,
    query: str = "",
    saving: bool = False,
    source: Workout | None = None,
) -> tuple[str, int]:
    session = get_session()
    results = (
        crud.exercises.search(session=session, user_id=current_user.id, query=query, limit=RESULTS)
        if query
        else []
    )
    recent = crud.exercises.recently_used(session=session, user_id=current_user.id)
    return render_template(
        "routines/form.html",
        editor=editor,
        routine=routine,
        saving=saving,
        query=query,
        results=results,
        recent=recent,
        source=source,
        unit=current_user.unit,
        row_fields=row_fields,
    ), status


@bp.get("/routines/new")
@login_required
def new() -> tuple[str, int]:
    source = _source_workout()
    editor = RoutineEditor()
    if source is not None and source.id is not None:
        blocks = crud.planned.layout(session=get_session(), workout_id=source.id)
        by_id = {b.exercise.id: b.exercise for b in blocks}
        targets = crud.planned.targets(blocks)
        editor = editor_form.from_sets(
            source.title, [(t, by_id[t.exercise_id]) for t in targets], current_user.unit
        )
    return _editor_page(editor, None, source=source)


@bp.get("/routines/<int:routine_id>/edit")
@login_required
def edit(routine_id: int) -> tuple[str, int]:
    routine = _own(routine_id)
    assert routine.id is not None
    sets = crud.routines.sets(session=get_session(), routine_id=routine.id)
    editor = editor_form.from_sets(routine.name, list(sets), current_user.unit)
    return _editor_page(editor, routine)


@bp.post("/routines/new")
@login_required
def create() -> tuple[str, int] | Response:
    return _post(None)


@bp.post("/routines/<int:routine_id>/edit")
@login_required
def update(routine_id: int) -> tuple[str, int] | Response:
    return _post(_own(routine_id))


def _post(routine: Routine | None) -> tuple[str, int] | Response:
    """The editor posted: save it, or change it (a set, an exercise, a search) and show it."""
    session = get_session()
    unit = current_user.unit
    sets = editor_form.posted(request.form)
    action = request.form.get("action", "save")
    verb, _, target = action.partition(":")
    wanted = editor_form.exercise_ids(sets)
    if verb == "add" and target.isdecimal() and len(target) < 10:
        wanted.add(int(target))
    exercises = crud.planned.visible_exercises(session=session, user_id=current_user.id, ids=wanted)
    editor = editor_form.read(request.form, sets, exercises=exercises, unit=unit)
    query = (request.form.get("q") or "").strip()[:120]
    if verb == "save":
        if not editor_form.valid(editor):
            if not editor.rows and editor.error is None:
                editor.error = "Add at least one exercise."
            return _editor_page(editor, routine, 400, query, saving=True)
        values = editor_form.values(editor, unit)
        if routine is None:
            routine = crud.routines.create(
                session=session, user_id=current_user.id, name=editor.name, values=values
            )
            flash(f"Routine “{routine.name}” saved.", "success")
        else:
            crud.routines.update(session=session, routine=routine, name=editor.name, values=values)
            flash("Routine saved.", "success")
        return redirect(url_for("routines.index"))
    editor.name_error = None  # not saving yet: no need to say it is missing
    number = int(target) if target.isdecimal() and len(target) < 10 else None
    exercise = exercises.get(number) if number is not None else None
    if verb == "more" and exercise is not None:
        same = [r for r in editor.rows if r.exercise.id == exercise.id]
        last = same[-1] if same else EditorRow(exercise)
        at = editor.rows.index(last) + 1 if same else len(editor.rows)
        copy = {k: v for k, v in last.values.items() if not last.errors.get(k)}
        editor.rows.insert(at, EditorRow(exercise, "normal", copy))
    elif verb == "drop" and exercise is not None:
        editor.rows = [r for r in editor.rows if r.exercise.id != exercise.id]
    elif verb == "add" and exercise is not None:
        editor.rows += [EditorRow(exercise) for _ in range(DEFAULT_SETS)]
        query = ""
    elif verb not in ("find", "more", "drop", "add"):
        abort(400)
    return _editor_page(editor, routine, 200, query)


@bp.get("/routines/<int:routine_id>/delete")
@login_required
def confirm_delete(routine_id: int) -> str:
    routine = _own(routine_id)
    return render_template(
        "workouts/confirm_delete.html",
        question=f"Delete the routine “{routine.name}”?",
        detail="Workouts you started from it stay as they are.",
        action=url_for("routines.delete", routine_id=routine.id),
        back=url_for("routines.index"),
        label="Delete routine",
    )


@bp.post("/routines/<int:routine_id>/delete")
@login_required
def delete(routine_id: int) -> Response:
    routine = _own(routine_id)
    crud.routines.delete(session=get_session(), routine=routine)
    flash("Routine deleted.", "info")
    return redirect(url_for("routines.index"))


@bp.post("/routines/<int:routine_id>/start")
@login_required
def start(routine_id: int) -> Response:
    """A workout now with the routine's sets planned, pre-filled by tracker.prefill (last
    time's values, or during a comeback the plan's suggestion)."""
    routine = _own(routine_id)
    session = get_session()
    assert routine.id is not None
    targets = [item for item, _ in crud.routines.sets(session=session, routine_id=routine.id)]
    crud.routines.mark_used(session=session, routine=routine)
    workout = crud.planned.start(
        session=session,
        user_id=current_user.id,
        data=WorkoutBase(started_at=local_now(current_user.timezone), title=routine.name),
        plan_for=lambda new: prefill.planned_sets(
            session=session,
            user=current_user._get_current_object(),
            workout=new,
            targets=targets,
            cache=cache_for(current_app.extensions),
        ),
    )
    return redirect(url_for("workouts.show", workout_id=workout.id))
