"""The exercise list, one exercise's history with its estimated 1RM, and custom exercises."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from tracker import crud, records, volume
from tracker.crud.exercises import Muscles
from tracker.db import get_session
from tracker.forms.exercises import (
    EQUIPMENT_LABELS,
    KIND_LABELS,
    ExerciseForm,
    ExerciseSearchForm,
    UnassignedForm,
)
from tracker.forms.workouts import format_amount
from tracker.models import Exercise, Workout, WorkoutSet
from tracker.physiology.muscles import MUSCLE_GROUPS, MUSCLES_BY_KEY
from tracker.template_filters import describe_set, summarise_sets
from tracker.units import from_kg

bp = Blueprint("exercises", __name__)

#: Workouts per page of an exercise's history.
PER_PAGE = 30
#: A personal record as the history marks it.
RECORD_LABELS = {
    records.HEAVIEST: "Heaviest",
    records.REPS: "Most reps at a weight",
    records.E1RM: "Best est. 1RM",
}


@dataclass(frozen=True)
class Sparkline:
    """A small line chart drawn as SVG on the server: points in a ``width`` x ``height`` box."""

    points: str
    width: int
    height: int


def sparkline(values: list[float], width: int = 320, height: int = 64, pad: int = 4) -> Sparkline:
    """The polyline of ``values`` (oldest first), scaled to fill the box; one value is flat."""
    low, high = min(values), max(values)
    span = (high - low) or 1.0
    step = (width - 2 * pad) / max(1, len(values) - 1)
    inner = height - 2 * pad
    points = " ".join(
        f"{pad + i * step:.1f},{pad + (high - v) / span * inner if high != low else height / 2:.1f}"
        for i, v in enumerate(values)
    )
    return Sparkline(points, width, height)


@dataclass(frozen=True)
class HistoryRow:
    workout: Workout
    summary: str
    warmups: int
    best_1rm: float | None
    best_set: WorkoutSet | None
    #: The personal records this workout set (``tracker.records``).
    records: tuple[str, ...] = ()


def format_estimate(kg: float, unit: str) -> str:
    """An estimated weight to one decimal in the user's unit: ``117.5 kg``, ``262.6 lb``."""
    return f"{format_amount(round(from_kg(kg, unit), 1))} {unit}"


def _visible(exercise_id: int) -> Exercise:
    exercise = crud.exercises.get_visible(
        session=get_session(), user_id=current_user.id, exercise_id=exercise_id
    )
    if exercise is None:
        abort(404)
    return exercise


def _own(exercise_id: int) -> Exercise:
    exercise = crud.exercises.get_own(
        session=get_session(), user_id=current_user.id, exercise_id=exercise_id
    )
    if exercise is None:
        abort(404)
    return exercise


@bp.get("/exercises")
@login_required
def index() -> tuple[str, int]:
    session = get_session()
    form = ExerciseSearchForm(formdata=request.args)
    valid = form.validate()
    query = form.q.data if valid else ""
    muscle = form.muscle.data if valid else ""
    everything = crud.exercises.all_visible(session=session, user_id=current_user.id)
    muscles = crud.exercises.muscles(session=session, exercise_ids=[e.id or 0 for e in everything])
    if query:
        found = crud.exercises.search(
            session=session, user_id=current_user.id, query=query, limit=100
        )
    else:
        found = everything
    if muscle:
        found = [e for e in found if muscle in muscles.get(e.id or 0, Muscles()).primary]
    found_group = [("Found", found)] if found else []
    groups = found_group if query else _grouped(found, muscles)
    return render_template(
        "exercises/index.html",
        form=form,
        query=query,
        muscle=muscle,
        groups=groups,
        count=len(found),
        muscles=muscles,
        unassigned=len(crud.exercises.unassigned(session=session, user_id=current_user.id)),
    ), (200 if valid else 400)


def _grouped(
    exercises: list[Exercise], muscles: dict[int, Muscles]
) -> list[tuple[str, list[Exercise]]]:
    """Own exercises first, then the catalogue by first main muscle group, cardio last."""
    own = [e for e in exercises if e.owner_id is not None]
    by_muscle: dict[str, list[Exercise]] = {m.key: [] for m in MUSCLE_GROUPS}
    other: list[Exercise] = []
    for exercise in exercises:
        if exercise.owner_id is not None:
            continue
        primary = muscles.get(exercise.id or 0, Muscles()).primary
        if primary:
            by_muscle[primary[0]].append(exercise)
        else:
            other.append(exercise)
    groups = [("Your exercises", own)] if own else []
    groups += [(MUSCLES_BY_KEY[k].label, items) for k, items in by_muscle.items() if items]
    if other:
        groups.append(("Cardio and mobility", other))
    return groups


def _return_workout() -> int | None:
    """The workout to go back to after creating an exercise, if it is the user's."""
    value = request.args.get("workout", "")
    if not value.isdecimal() or len(value) > 9:
        return None
    workout = crud.workouts.get_own(
        session=get_session(), user_id=current_user.id, workout_id=int(value)
    )
    return workout.id if workout is not None else None


def _unassigned_page(form: UnassignedForm | None = None, status: int = 200) -> tuple[str, int]:
    rows = crud.exercises.unassigned(session=get_session(), user_id=current_user.id)
    if form is None:
        form = UnassignedForm(formdata=None)
        for exercise, _ in rows:
            form.entries.append_entry({"exercise_id": str(exercise.id)})
    by_id = {str(exercise.id): (exercise, sets) for exercise, sets in rows}
    entries = [
        (entry, *by_id[entry.form.exercise_id.data])
        for entry in form.entries
        if entry.form.exercise_id.data in by_id
    ]
    # Rows that are no exercise of the user's without muscles (changed meanwhile, or made up)
    # are not shown again; their errors are.
    lost = [
        error
        for entry in form.entries
        if entry.form.exercise_id.data not in by_id
        for error in entry.form.primary.errors
    ]
    return render_template(
        "exercises/unassigned.html", form=form, entries=entries, lost=lost
    ), status


@bp.get("/exercises/unassigned")
@login_required
def unassigned() -> tuple[str, int]:
    return _unassigned_page()


@bp.post("/exercises/unassigned")
@login_required
def assign() -> tuple[str, int] | Response:
    form = UnassignedForm()
    chosen = form.chosen() if form.validate() else None
    if chosen is None:
        return _unassigned_page(form, 400)
    changed = crud.exercises.assign_muscles(
        session=get_session(),
        user_id=current_user.id,
        muscles={i: Muscles(primary, secondary) for i, (primary, secondary) in chosen.items()},
    )
    if not changed:
        flash("Tick a main muscle for at least one exercise: nothing was changed.", "error")
        return _unassigned_page(form, 400)
    flash(
        f"Saved the muscles of {changed} exercise{'' if changed == 1 else 's'}; the estimates "
        "now count their sets.",
        "success",
    )
    return redirect(url_for("exercises.unassigned"))


@bp.get("/exercises/new")
@login_required
def new() -> str:
    return render_template(
        "exercises/form.html", form=ExerciseForm(), exercise=None, workout_id=_return_workout()
    )


@bp.post("/exercises/new")
@login_required
def create() -> tuple[str, int] | Response:
    session = get_session()
    form = ExerciseForm()
    workout_id = _return_workout()
    if not _validate(form, exclude_id=None):
        return render_template(
            "exercises/form.html", form=form, exercise=None, workout_id=workout_id
        ), 400
    data, muscles = form.values()
    exercise = crud.exercises.create_custom(
        session=session, user_id=current_user.id, data=data, muscles=muscles
    )
    flash(f"{exercise.name} added to your exercises.", "success")
    if workout_id is not None:
        return redirect(
            url_for(
                # No #fragment: browsers skip autofocus when the URL targets an element.
                "workouts.show",
                workout_id=workout_id,
                add=exercise.id,
            )
        )
    return redirect(url_for("exercises.show", exercise_id=exercise.id))


def _validate(form: ExerciseForm, exclude_id: int | None) -> bool:
    valid = form.validate()
    if form.name.data and crud.exercises.name_taken(
        session=get_session(), user_id=current_user.id, name=form.name.data, exclude_id=exclude_id
    ):
        form.name.errors = [*form.name.errors, "You already have an exercise with this name."]
        valid = False
    return valid


@bp.get("/exercises/<int:exercise_id>")
@login_required
def show(exercise_id: int) -> str:
    exercise = _visible(exercise_id)
    session = get_session()
    unit = current_user.unit
    assert exercise.id is not None
    found = crud.exercises.muscles(session=session, exercise_ids=[exercise.id])
    muscles = found.get(exercise.id, Muscles())
    rows = []
    grouped = crud.workouts.exercise_sets(
        session=session, user_id=current_user.id, exercise_id=exercise.id
    )
    marks = records.by_workout(
        records.find(
            records.LoggedSet(
                w.id or 0, s.id or 0, exercise.id, exercise.kind, s.kind, s.reps, s.weight_kg
            )
            for w, sets in reversed(grouped)
            for s in sets
        )
    )
    for workout, sets in grouped:
        best_1rm, best_set = None, None
        for item in sets:
            estimate = volume.estimated_1rm(exercise.kind, item.kind, item.weight_kg, item.reps)
            if estimate is not None and (best_1rm is None or estimate > best_1rm):
                best_1rm, best_set = estimate, item
        rows.append(
            HistoryRow(
                workout=workout,
                summary=summarise_sets(sets, exercise.kind, unit),
                warmups=sum(1 for s in sets if s.kind in volume.NOT_HARD),
                best_1rm=best_1rm,
                best_set=best_set,
                records=tuple(RECORD_LABELS[r.what] for r in marks.get(workout.id or 0, ())),
            )
        )
    trend = [r.best_1rm for r in reversed(rows) if r.best_1rm is not None]
    page = request.args.get("page", "1")
    page_number = int(page) if page.isdecimal() and 0 < len(page) < 7 else 1
    pages = max(1, -(-len(rows) // PER_PAGE))
    page_number = min(max(1, page_number), pages)
    shown = rows[(page_number - 1) * PER_PAGE : page_number * PER_PAGE]
    return render_template(
        "exercises/show.html",
        exercise=exercise,
        muscles=muscles,
        aliases=crud.exercises.aliases(session=session, exercise_id=exercise.id)
        if exercise.owner_id is None
        else [],
        kind_label=KIND_LABELS.get(exercise.kind, exercise.kind),
        equipment_label=EQUIPMENT_LABELS.get(exercise.equipment, exercise.equipment),
        rows=shown,
        total=len(rows),
        page=page_number,
        pages=pages,
        loaded=exercise.kind in volume.LOADED_KINDS,
        epley_max=volume.EPLEY_MAX_REPS,
        trend=sparkline(trend) if len(trend) >= 2 else None,
        trend_first=trend[0] if trend else None,
        trend_last=trend[-1] if trend else None,
        trend_best=max(trend) if trend else None,
        unit=unit,
        format_estimate=format_estimate,
        describe_set=describe_set,
    )


@bp.get("/exercises/<int:exercise_id>/edit")
@login_required
def edit(exercise_id: int) -> str:
    exercise = _own(exercise_id)
    assert exercise.id is not None
    muscles = crud.exercises.muscles(session=get_session(), exercise_ids=[exercise.id])
    found = muscles.get(exercise.id, Muscles())
    form = ExerciseForm(
        data={
            "name": exercise.name,
            "kind": exercise.kind,
            "equipment": exercise.equipment,
            "primary": list(found.primary),
            "secondary": list(found.secondary),
        }
    )
    return render_template("exercises/form.html", form=form, exercise=exercise, workout_id=None)


@bp.post("/exercises/<int:exercise_id>/edit")
@login_required
def update(exercise_id: int) -> tuple[str, int] | Response:
    exercise = _own(exercise_id)
    form = ExerciseForm()
    if not _validate(form, exclude_id=exercise.id):
        return render_template(
            "exercises/form.html", form=form, exercise=exercise, workout_id=None
        ), 400
    data, muscles = form.values()
    crud.exercises.update_custom(
        session=get_session(), exercise=exercise, data=data, muscles=muscles
    )
    flash("Exercise saved.", "success")
    return redirect(url_for("exercises.show", exercise_id=exercise.id))


@bp.get("/exercises/<int:exercise_id>/delete")
@login_required
def confirm_delete(exercise_id: int) -> str:
    exercise = _own(exercise_id)
    assert exercise.id is not None
    count = crud.exercises.count_sets(
        session=get_session(), user_id=current_user.id, exercise_id=exercise.id
    )
    detail = (
        f"You have logged {count} set{'s' if count != 1 else ''} of it: "
        f"{'they' if count != 1 else 'it'} will be deleted from your workouts too."
        if count
        else None
    )
    return render_template(
        "workouts/confirm_delete.html",
        question=f"Delete your exercise {exercise.name}?",
        detail=detail,
        action=url_for("exercises.delete", exercise_id=exercise.id),
        back=url_for("exercises.show", exercise_id=exercise.id),
        label="Delete exercise",
    )


@bp.post("/exercises/<int:exercise_id>/delete")
@login_required
def delete(exercise_id: int) -> Response:
    exercise = _own(exercise_id)
    crud.exercises.delete_custom(session=get_session(), exercise=exercise)
    flash("Exercise deleted.", "info")
    return redirect(url_for("exercises.index"))
