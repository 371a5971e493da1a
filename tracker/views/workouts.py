"""Logging workouts: start one (empty, again, or from a routine), tick its planned sets, add
exercises and sets, finish it with a summary, and browse the history.

Every page works without JavaScript: each row of the workout page is a small form (mark done,
undo, save), adding a set or an exercise is a form too. With JavaScript (``static/js/
workouts.js``) the same taps change the page in place, are kept on the device and reach the
server in batches (``views.sync``), which is what makes the page work without a connection.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

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
from werkzeug.datastructures import MultiDict
from werkzeug.wrappers import Response

from tracker import crud, prefill, records, volume
from tracker.clock import local_now, today_in, zone
from tracker.crud.planned import DEFAULT_SETS, Block
from tracker.db import get_session
from tracker.forms.fields import choices
from tracker.forms.workouts import (
    HistoryFilterForm,
    SetForm,
    WorkoutForm,
    format_amount,
    planned_rows,
    row_fields,
    row_values,
    set_data,
)
from tracker.models import Exercise, PlannedSet, PlannedValues, Workout, WorkoutBase, WorkoutSet
from tracker.physiology.muscles import MUSCLE_GROUPS
from tracker.projections import cache_for
from tracker.sides import name_side
from tracker.template_filters import (
    FIRST_TIME,
    describe_set,
    last_time_of,
    style_of,
    summarise_sets,
)
from tracker.units import format_weight, from_kg

bp = Blueprint("workouts", __name__)

#: Weeks shown in the history's hard-sets table.
RECENT_WEEKS = 8
#: Exercises listed to pick from (recent ones, a search's results).
PICKS = 12


# --- how sets read ----------------------------------------------------------------------------


def format_count(value: float) -> str:
    """Hard sets: ``3``, ``4.5``."""
    return format_amount(round(value, 1))


# --- helpers ----------------------------------------------------------------------------------


def _today() -> dt.date:
    return today_in(current_user.timezone)


def _now() -> dt.datetime:
    return local_now(current_user.timezone)


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


def _own_row(workout: Workout, uid: str) -> PlannedSet:
    assert workout.id is not None
    row = crud.planned.get_row(session=get_session(), workout_id=workout.id, uid=uid)
    if row is None:
        abort(404)
    return row


def _int_arg(name: str) -> int | None:
    return _int_value(request.args.get(name))


def _int_value(value: object) -> int | None:
    """A row id typed or sent as text, or None when it is not a plausible one."""
    text = str(value or "").strip()
    return int(text) if text.isdecimal() and len(text) < 10 else None


def _user() -> Any:
    return current_user._get_current_object()


# --- the history ------------------------------------------------------------------------------


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
        page_records=_records_of([s.workout for s in history.items]),
        starts=crud.routines.starts(
            crud.routines.start_candidates(session=session, user_id=current_user.id, day=today),
            _now(),
        ),
        page_args=args,
        weeks=weeks,
        this_week=volume.week_start(today),
        weekly=weekly,
        muscles=MUSCLE_GROUPS,
        format_count=format_count,
    ), status


def _records_of(workouts: list[Workout]) -> dict[int, list[records.Record]]:
    """The personal records set in each of these workouts (one pass over the log of their
    exercises up to the newest of them)."""
    ids = [w.id for w in workouts if w.id is not None]
    if not ids:
        return {}
    session = get_session()
    newest = max(workouts, key=lambda w: (w.started_at, w.id or 0))
    rows = crud.workouts.logged_sets(
        session=session,
        user_id=current_user.id,
        exercise_ids=crud.workouts.exercises_of(session=session, workout_ids=ids),
        until=newest,
    )
    found = records.by_workout(records.find(rows))
    return {i: found[i] for i in ids if i in found}


# --- starting ---------------------------------------------------------------------------------


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


@bp.post("/workouts/start")
@login_required
def start_now() -> Response:
    """An empty workout starting now, in one tap (the dashboard's and the history's)."""
    workout = crud.planned.start(
        session=get_session(), user_id=current_user.id, data=WorkoutBase(started_at=_now())
    )
    return redirect(url_for("workouts.show", workout_id=workout.id))


@bp.post("/workouts/<int:workout_id>/repeat")
@login_required
def repeat(workout_id: int) -> Response:
    """A new workout now with the same exercises and as many sets as this one, pre-filled
    (``tracker.prefill``: last time's values, or during a comeback the plan's suggestion)."""
    source = _own_workout(workout_id)
    session = get_session()
    assert source.id is not None
    targets = crud.planned.targets(crud.planned.layout(session=session, workout_id=source.id))
    workout = crud.planned.start(
        session=session,
        user_id=current_user.id,
        data=WorkoutBase(started_at=_now(), title=source.title),
        plan_for=lambda new: prefill.planned_sets(
            session=session,
            user=_user(),
            workout=new,
            targets=targets,
            cache=cache_for(current_app.extensions),
        ),
    )
    return redirect(url_for("workouts.show", workout_id=workout.id))


# --- the workout page -------------------------------------------------------------------------


@dataclass
class RowView:
    """One set's row: a planned set (``uid``; done when it has ``set_id``), or a set logged
    without a plan (``uid`` None)."""

    key: str
    uid: str | None
    set_id: int | None
    kind: str
    number: str
    label: str
    values: dict[str, str]
    errors: dict[str, str] = field(default_factory=dict)
    focus: str | None = None
    #: How a set logged without a plan reads ("8 @ 60 kg").
    text: str = ""
    #: Pre-filled with the comeback plan's suggestion (and not done yet).
    suggested: bool = False
    #: The side picked for a one-arm or one-leg exercise ("" both sides; None: no choice to
    #: make, the exercise trains both sides).
    side: str | None = None

    @property
    def done(self) -> bool:
        return self.set_id is not None


@dataclass
class BlockView:
    exercise: Exercise
    rows: list[RowView]
    rest: int
    #: "last: 3 x 8 @ 80 kg, 12 days ago", or that it is the first time.
    last_time: str = FIRST_TIME
    #: During a comeback, what the plan suggests for this lift today (its rows are pre-filled
    #: with it and marked), else None.
    suggestion: str | None = None


def _rows(block: Block, unit: str) -> list[RowView]:
    found = []
    number = 0
    for item in block.items:
        values = item.values
        warmup = values.kind in volume.NOT_HARD
        if not warmup:
            number += 1
        label = (
            f"warm-up of {block.exercise.name}"
            if warmup
            else f"set {number} of {block.exercise.name}"
        )
        uid = item.row.uid if item.row is not None else None
        set_id = item.set.id if item.set is not None else None
        found.append(
            RowView(
                key=uid or f"s{set_id}",
                uid=uid,
                set_id=set_id,
                kind=values.kind,
                number="W" if warmup else str(number),
                label=label,
                values=row_values(values, block.exercise.kind, unit),
                text=describe_set(values, block.exercise.kind, unit) if uid is None else "",
            )
        )
    return found


def _blocks(
    workout: Workout,
    failed: tuple[str, SetForm] | None = None,
    found: dict[int, prefill.Prefill] | None = None,
    layout: list[Block] | None = None,
) -> list[BlockView]:
    """The page's exercises and rows (``failed``: a row's uid and the form it was refused
    with, shown at its fields; ``found``: what each exercise is pre-filled with, whose
    comeback suggestions are said and marked)."""
    session = get_session()
    unit = current_user.unit
    assert workout.id is not None
    if layout is None:
        layout = crud.planned.layout(session=session, workout_id=workout.id)
    exercises = [b.exercise for b in layout]
    earlier = crud.workouts.previous_sets_for(
        session=session,
        user_id=current_user.id,
        exercise_ids=[e.id for e in exercises if e.id is not None],
        before=workout,
    )
    rests = crud.planned.rest_times(session=session, user_id=current_user.id, exercises=exercises)
    focus = _int_arg("focus")
    today = _today()
    blocks = []
    for block in layout:
        exercise = block.exercise
        assert exercise.id is not None
        rows = _rows(block, unit)
        if name_side(exercise.name) is not None:  # one arm or one leg: the side it trained
            default = crud.breaks.default_set_side(
                session=session,
                user_id=current_user.id,
                exercise_id=exercise.id,
                day=workout.started_at.date(),
            )
            for row, item in zip(rows, block.items, strict=True):
                row.side = (item.set.side if item.set is not None else default) or ""
        for row in rows:
            if failed is not None and row.uid == failed[0]:
                form = failed[1]
                row.values = {f.name: str(f.raw_data[0]) for f in form if f.raw_data}
                row.errors = {f.name: " ".join(map(str, f.errors)) for f in form if f.errors}
                row.focus = next(iter(row.errors), None)
                if row.side is not None:
                    row.side = str(form.side.data or "")
        if focus == exercise.id:
            # The cursor where there is something to type (a keyboard for nothing is in the way).
            first = next((r for r in rows if not r.done), None)
            if first is not None:
                names = [f.name for f in row_fields(exercise.kind, unit)]
                first.focus = next((n for n in names if not first.values.get(n)), None)
        said = last_time_of(
            earlier.get(exercise.id), exercise.kind, unit, workout.started_at.date(), today
        )
        suggestion = None
        offered = (found or {}).get(exercise.id)
        if offered is not None and offered.source == prefill.COMEBACK:
            suggestion = offered.note
            work = [v for v in offered.sets if v.kind not in volume.NOT_HARD]
            for row, item in zip(rows, block.items, strict=True):
                row.suggested = item.set is None and any(
                    (item.values.reps, item.values.weight_kg) == (v.reps, v.weight_kg) for v in work
                )
        blocks.append(BlockView(exercise, rows, rests[exercise.id], said, suggestion))
    return blocks


@dataclass(frozen=True)
class Pick:
    exercise: Exercise
    #: The rows it would get, as the page's script plans them without asking (offline).
    rows: list[dict[str, str]]
    rest: int
    last: str = FIRST_TIME


def _prefills(workout: Workout, exercise_ids: list[int]) -> dict[int, prefill.Prefill]:
    """What each exercise would be planned with in the workout (one query for all)."""
    return prefill.planned_values(
        session=get_session(),
        user=_user(),
        workout=workout,
        exercise_ids=exercise_ids,
        cache=cache_for(current_app.extensions),
    )


def _picks(
    workout: Workout, exercises: list[Exercise], found: dict[int, prefill.Prefill]
) -> list[Pick]:
    """Exercises to offer, each with what it would be planned with."""
    if not exercises:
        return []
    session = get_session()
    unit = current_user.unit
    rests = crud.planned.rest_times(session=session, user_id=current_user.id, exercises=exercises)
    earlier = crud.workouts.previous_sets_for(
        session=session, user_id=current_user.id, exercise_ids=list(found), before=workout
    )
    today = _today()
    picks = []
    for exercise in exercises:
        assert exercise.id is not None
        rows = planned_rows(prefill.fill((), found[exercise.id]), exercise.kind, unit, DEFAULT_SETS)
        said = last_time_of(
            earlier.get(exercise.id), exercise.kind, unit, workout.started_at.date(), today
        )
        picks.append(Pick(exercise, rows, rests[exercise.id], said))
    return picks


def _show(
    workout: Workout,
    failed: SetForm | None = None,
    failed_exercise: Exercise | None = None,
    failed_row: tuple[str, SetForm] | None = None,
    status: int = 200,
) -> tuple[str, int]:
    session = get_session()
    unit = current_user.unit
    assert workout.id is not None
    layout = crud.planned.layout(session=session, workout_id=workout.id)
    in_workout = {b.exercise.id for b in layout}
    message = None
    pending = None
    pending_id = _int_arg("add")
    if pending_id is not None:
        pending = crud.exercises.get_visible(
            session=session, user_id=current_user.id, exercise_id=pending_id
        )
        if pending is None:
            message = "That exercise was not found. Pick one from the list."
    query = (request.args.get("q") or "").strip()[:120]
    results = (
        crud.exercises.search(session=session, user_id=current_user.id, query=query, limit=PICKS)
        if query
        else []
    )
    used = crud.exercises.recently_used(session=session, user_id=current_user.id)
    recent = [e for e in used if e.id not in in_workout]
    common = [] if used or layout else crud.planned.common_exercises(session=session)
    # Those already in the workout too: the same queries however many exercises it has.
    offered = [*results, *used, *common]
    found = _prefills(
        workout,
        list(dict.fromkeys(e.id for e in [*(b.exercise for b in layout), *offered] if e.id)),
    )
    blocks = _blocks(workout, failed_row, found, layout)
    picks = _picks(workout, offered, found)
    by_id = {p.exercise.id: p for p in picks}
    return render_template(
        "workouts/show.html",
        workout=workout,
        blocks=blocks,
        failed=failed,
        failed_exercise=failed_exercise,
        message=message,
        pending=pending,
        query=query,
        results=[by_id[e.id] for e in results],
        recent=[by_id[e.id] for e in recent],
        common=[by_id[e.id] for e in common],
        unit=unit,
        row_fields=row_fields,
        page_data=_page_data(workout),
        template_row=TEMPLATE_ROW,
        template_block=BlockView(Exercise(id=TEMPLATE_EXERCISE, name="__NAME__"), [], 0),
    ), status


#: What the page's script replaces in the row and block templates it clones.
TEMPLATE_ROW = RowView("__UID__", "__UID__", None, "normal", "__NO__", "__LABEL__", {})
TEMPLATE_EXERCISE = 999_999_999


def _page_data(workout: Workout) -> dict[str, Any]:
    """What the page's script needs, as data attributes (the CSP allows no inline script)."""
    started = workout.started_at.replace(tzinfo=zone(current_user.timezone))
    return {
        "workout": workout.id,
        "user": current_user.id,
        "unit": current_user.unit,
        "rendered": int(dt.datetime.now(dt.UTC).timestamp() * 1000),
        "started": int(started.timestamp() * 1000),
        "sync": url_for("sync.batch", workout_id=workout.id),
        "token": url_for("sync.token", workout_id=workout.id),
        "search": url_for("sync.search", workout_id=workout.id),
        "summary": url_for("workouts.summary", workout_id=workout.id),
        "worker": url_for("sync.worker"),
    }


@bp.get("/workouts/<int:workout_id>")
@login_required
def show(workout_id: int) -> tuple[str, int]:
    return _show(_own_workout(workout_id))


@bp.post("/workouts/<int:workout_id>/exercises")
@login_required
def add_exercise(workout_id: int) -> tuple[str, int] | Response:
    """Plan an exercise's sets in the workout (last time's, or three empty ones)."""
    workout = _own_workout(workout_id)
    session = get_session()
    exercise_id = _int_value(request.form.get("exercise_id"))
    exercise = (
        crud.exercises.get_visible(
            session=session, user_id=current_user.id, exercise_id=exercise_id
        )
        if exercise_id is not None
        else None
    )
    if exercise is None or exercise.id is None:
        flash("That exercise was not found. Pick one from the list.", "error")
        return redirect(url_for("workouts.show", workout_id=workout.id, _anchor="add-exercise"))
    values = prefill.for_exercise(
        session=session,
        user=_user(),
        workout=workout,
        exercise_id=exercise.id,
        empty=DEFAULT_SETS,
        cache=cache_for(current_app.extensions),
    )
    crud.planned.plan(session=session, workout=workout, values=values)
    return redirect(url_for("workouts.show", workout_id=workout.id, focus=exercise.id))


@bp.post("/workouts/<int:workout_id>/exercises/<int:exercise_id>/rows")
@login_required
def add_row(workout_id: int, exercise_id: int) -> Response:
    """One more planned set of an exercise of the workout, with its last row's values."""
    workout = _own_workout(workout_id)
    session = get_session()
    assert workout.id is not None
    block = next(
        (b for b in crud.planned.layout(session=session, workout_id=workout.id)
         if b.exercise.id == exercise_id),
        None,
    )  # fmt: skip
    if block is None:
        abort(404)
    last = next(
        (i.values for i in reversed(block.items) if i.values.kind not in volume.NOT_HARD),
        block.items[-1].values,
    )
    values = [
        PlannedValues(
            exercise_id=exercise_id,
            reps=last.reps,
            weight_kg=last.weight_kg,
            distance_m=last.distance_m,
            seconds=last.seconds,
        )
    ]
    crud.planned.plan(session=session, workout=workout, values=values)
    return redirect(url_for("workouts.show", workout_id=workout.id, focus=exercise_id))


@bp.post("/workouts/<int:workout_id>/rows/<uid>")
@login_required
def row(workout_id: int, uid: str) -> tuple[str, int] | Response:
    """A row's button: ``done`` (log the set), ``save`` (new values for a done set) or
    ``undo`` (back to planned)."""
    workout = _own_workout(workout_id)
    planned = _own_row(workout, uid)
    session = get_session()
    action = request.form.get("action", "done")
    anchor = f"ex-{planned.exercise_id}"
    if action == "undo":
        crud.planned.undo(session=session, workout=workout, row=planned)
        return redirect(url_for("workouts.show", workout_id=workout.id, _anchor=anchor))
    if action not in ("done", "save"):
        abort(400)
    exercise = crud.exercises.get_visible(
        session=session, user_id=current_user.id, exercise_id=planned.exercise_id
    )
    assert exercise is not None and exercise.id is not None
    data = MultiDict(
        {
            name: str(request.form.get(name, ""))
            for name in ("reps", "weight", "time", "distance", "side")
            if name in request.form
        }
    )
    data["exercise_id"] = str(exercise.id)
    data["kind"] = planned.kind
    form = SetForm(formdata=data, meta={"csrf": False})
    if not form.validate_for(exercise, current_user.unit):
        return _show(workout, failed_row=(uid, form), status=400)
    crud.planned.log(
        session=session, workout=workout, row=planned, data=form.values(exercise, current_user.unit)
    )
    return redirect(url_for("workouts.show", workout_id=workout.id, _anchor=anchor))


@bp.post("/workouts/<int:workout_id>/sets")
@login_required
def add_set(workout_id: int) -> tuple[str, int] | Response:
    """Log a set with every detail (the set form: reps, weight, RPE, type, note)."""
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
        _scope(form, exercise)
        return _show(workout, failed=form, failed_exercise=exercise, status=400)
    assert exercise is not None
    crud.workouts.add_set(
        session=session, workout=workout, data=form.values(exercise, current_user.unit)
    )
    return redirect(url_for("workouts.show", workout_id=workout.id, _anchor=f"ex-{exercise.id}"))


def _scope(form: SetForm, exercise: Exercise | None) -> None:
    """Input ids of the exercise's own (``reps-ex12``): its errors are found by them."""
    if exercise is None:
        return
    for item in form:
        item.id = f"{item.name}-ex{exercise.id}"
        item.label.field_id = item.id


# --- finishing --------------------------------------------------------------------------------


def _minutes(workout: Workout) -> int | None:
    """Minutes from the start to now, if the workout started in the last 24 hours."""
    minutes = int((_now() - workout.started_at).total_seconds() // 60)
    return minutes if 0 <= minutes <= 24 * 60 else None


@bp.post("/workouts/<int:workout_id>/finish")
@login_required
def finish(workout_id: int) -> Response:
    workout = _own_workout(workout_id)
    minutes = _minutes(workout)
    crud.planned.finish(session=get_session(), workout=workout, minutes=minutes)
    return redirect(url_for("workouts.summary", workout_id=workout.id))


@dataclass(frozen=True)
class Summary:
    work_sets: int
    warmups: int
    #: Kilograms moved in work sets of loaded exercises (reps x weight).
    volume_kg: float
    exercises: list[tuple[Exercise, str]]
    records: list[tuple[Exercise, records.Record]]


def _summary(workout: Workout) -> Summary:
    session = get_session()
    assert workout.id is not None
    pairs = crud.workouts.sets_with_exercises(session=session, workout_id=workout.id)
    grouped: dict[int, tuple[Exercise, list[WorkoutSet]]] = {}
    for item, exercise in pairs:
        grouped.setdefault(exercise.id or 0, (exercise, []))[1].append(item)
    work = [(s, e) for s, e in pairs if s.kind not in volume.NOT_HARD]
    moved = sum(
        (s.reps or 0) * (s.weight_kg or 0.0) for s, e in work if e.kind in volume.LOADED_KINDS
    )
    rows = crud.workouts.logged_sets(
        session=session, user_id=current_user.id, exercise_ids=list(grouped), until=workout
    )
    found = [r for r in records.find(rows) if r.workout_id == workout.id]
    return Summary(
        work_sets=len(work),
        warmups=len(pairs) - len(work),
        volume_kg=moved,
        exercises=[(e, summarise_sets(s, e.kind, current_user.unit)) for e, s in grouped.values()],
        records=[(grouped[r.exercise_id][0], r) for r in found],
    )


@bp.get("/workouts/<int:workout_id>/summary")
@login_required
def summary(workout_id: int) -> str:
    workout = _own_workout(workout_id)
    unit = current_user.unit
    found = _summary(workout)
    return render_template(
        "workouts/summary.html",
        workout=workout,
        summary=found,
        volume=f"{round(from_kg(found.volume_kg, unit)):,} {unit}",
        record_text=lambda r: record_text(r, unit),
    )


def record_text(record: records.Record, unit: str) -> str:
    """ "Heaviest: 102.5 kg (before: 100 kg)" and the like."""
    if record.what == records.HEAVIEST:
        return (
            f"Heaviest: {format_weight(record.value, unit)} "
            f"(before: {format_weight(record.previous, unit)})"
        )
    if record.what == records.REPS:
        return (
            f"Most reps at {format_weight(record.weight_kg or 0.0, unit)}: "
            f"{record.value:.0f} (before: {record.previous:.0f})"
        )
    return (
        f"Best estimated 1RM: {format_amount(round(from_kg(record.value, unit), 1))} {unit} "
        f"(before: {format_amount(round(from_kg(record.previous, unit), 1))} {unit})"
    )


# --- changing a workout -----------------------------------------------------------------------


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
    return redirect(url_for("workouts.show", workout_id=workout.id, _anchor=f"ex-{exercise.id}"))


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
        back=url_for("workouts.show", workout_id=workout.id, _anchor=f"ex-{exercise.id}"),
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
