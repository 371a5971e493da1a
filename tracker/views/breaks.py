"""Breaks: the list, record, edit, end today, delete; and the gaps never recorded."""

from __future__ import annotations

import contextlib
import datetime as dt
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from tracker import crud, limits
from tracker.break_days import day_number, today_in
from tracker.db import get_session
from tracker.forms.breaks import BreakForm, ReduceForm, TrainingGapForm
from tracker.models import Break
from tracker.template_filters import break_title, style_of

bp = Blueprint("breaks", __name__)

#: Pages the one-tap buttons may return to.
BACK_ENDPOINTS = ("breaks.index", "breaks.show", "dashboard.index")


def trained_days_text(item: Break, days: list[dt.date]) -> str:
    """ "day 9", "days 9 and 12", "days 3, 9, 12 and 4 more"."""
    numbers = [str(day_number(item.start_date, d)) for d in days]
    if len(numbers) == 1:
        return f"day {numbers[0]}"
    if len(numbers) <= 4:
        return f"days {', '.join(numbers[:-1])} and {numbers[-1]}"
    return f"days {', '.join(numbers[:3])} and {len(numbers) - 3} more"


def suggested_sessions(item: Break, days: list[dt.date], today: dt.date) -> int:
    """The sessions a week logged in the break, as a starting value for "make it reduced"."""
    last = item.end_date if item.end_date is not None else today
    weeks = max(day_number(item.start_date, last), 1) / 7
    return min(max(round(len(days) / max(weeks, 1)), 1), 7)


# --- helpers ---------------------------------------------------------------------------------


def _today() -> dt.date:
    return today_in(current_user.timezone)


def _own(break_id: int) -> Break:
    item = crud.breaks.get(session=get_session(), user_id=current_user.id, break_id=break_id)
    if item is None:
        abort(404)
    return item


def _planner_url() -> str:
    return url_for("planner.index")


def _overlap_message(other: Break) -> str:
    style = style_of(current_user)
    when = (
        f"going on since {style.day(other.start_date)}"
        if other.end_date is None
        else f"of {style.range(other.start_date, other.end_date)}"
    )
    return f"This overlaps your {break_title(other)} {when}. Change the dates, or edit that break."


def _check_overlap(form: BreakForm, exclude_id: int | None = None) -> bool:
    """False (with the message at the first day) when the dates collide with another break."""
    other = crud.breaks.overlapping(
        session=get_session(),
        user_id=current_user.id,
        start=form.start_date.data,
        end=form.end_date.data,
        exclude_id=exclude_id,
        side=form.chosen_side(),
        muscle_keys=form.picked_muscles(),
    )
    if other is None:
        return True
    form.start_date.errors = [*form.start_date.errors, _overlap_message(other)]
    return False


def _check_room(form: BreakForm) -> bool:
    """False (with the message at the first day) when the account holds its most breaks."""
    have = crud.breaks.count(session=get_session(), user_id=current_user.id)
    if have < limits.MAX_BREAKS:
        return True
    form.start_date.errors = [*form.start_date.errors, limits.BREAKS.message()]
    return False


def _back(break_id: int) -> Response:
    """Back to the page the one-tap button was on (the break's own page by default)."""
    endpoint = request.form.get("back", "")
    if endpoint in BACK_ENDPOINTS and endpoint != "breaks.show":
        return redirect(url_for(endpoint))
    return redirect(url_for("breaks.show", break_id=break_id))


def _form_page(template: str, form: BreakForm, **context: Any) -> str:
    return render_template(template, form=form, planner_url=_planner_url(), **context)


def _show_page(
    item: Break, form: BreakForm | None = None, reduce_form: ReduceForm | None = None
) -> str:
    today = _today()
    session = get_session()
    assert item.id is not None
    muscles = crud.breaks.muscles(session=session, break_ids=[item.id]).get(item.id, ())
    if form is None:
        # formdata=None: after a failed "make it reduced" POST, show the stored values.
        form = BreakForm(
            formdata=None, obj=item, today=today, allow_unknown=item.reason == "unknown"
        )
        form.muscles.data = list(muscles)
        form.body_region.data = item.body_region or ""
        form.side.data = item.side or ""
    trained = (
        crud.breaks.days_trained_in(
            session=session, user_id=current_user.id, items=[item], today=today
        ).get(item.id, [])
        if item.mode == "rest"
        else []
    )
    return _form_page(
        "breaks/show.html",
        form,
        item=item,
        muscles=muscles,
        today=today,
        current=crud.breaks.is_current(item, today),
        trained=trained,
        trained_text=trained_days_text(item, trained) if trained else "",
        suggested=_suggested_value(item, trained, today, reduce_form),
        reduce_form=reduce_form,
    )


def _suggested_value(
    item: Break, trained: list[dt.date], today: dt.date, reduce_form: ReduceForm | None
) -> int | str:
    """The number in the "make it reduced" box: what was typed, else a guess from the logs."""
    if reduce_form is not None and reduce_form.sessions_per_week.raw_data:
        return str(reduce_form.sessions_per_week.raw_data[0])
    return suggested_sessions(item, trained, today) if trained else 1


# --- pages -----------------------------------------------------------------------------------


@bp.get("/breaks")
@login_required
def index() -> str:
    today = _today()
    page = request.args.get("page", "1")
    number = int(page) if page.isdecimal() and len(page) < 7 else 1
    overview = crud.breaks.overview(
        session=get_session(), user=current_user, today=today, page=number
    )
    # For each rest break with workouts in it: which days, and a starting N for "reduced".
    flags: dict[int, tuple[str, int]] = {}
    for item in [overview.current, *overview.past]:
        if item is not None and item.id in overview.trained_in_rest:
            days = overview.trained_in_rest[item.id]
            flags[item.id] = (trained_days_text(item, days), suggested_sessions(item, days, today))
    return render_template(
        "breaks/index.html",
        overview=overview,
        ongoing_break=overview.current,
        today=today,
        flags=flags,
        gap_days=current_user.gap_days,
    )


@bp.get("/breaks/new")
@login_required
def new() -> str:
    today = _today()
    data: dict[str, Any] = {}
    for name in ("start", "end"):
        with contextlib.suppress(ValueError):
            data[f"{name}_date"] = dt.date.fromisoformat(request.args.get(name, ""))
    from_gap = request.args.get("from_gap") == "1"
    if from_gap:
        data.update(reason="unknown", from_gap="1")
    form = BreakForm(data=data, today=today, allow_unknown=from_gap)
    return _form_page("breaks/new.html", form, from_gap=from_gap)


@bp.post("/breaks/new")
@login_required
def create() -> tuple[str, int] | Response:
    form = BreakForm(today=_today())
    if not form.validate() or not _check_overlap(form) or not _check_room(form):
        return _form_page("breaks/new.html", form, from_gap=form.from_gap.data == "1"), 400
    data, muscles = form.to_break()
    try:
        crud.breaks.create(
            session=get_session(), user_id=current_user.id, data=data, muscle_keys=muscles
        )
    except limits.LimitReached as full:  # another request took the last place meanwhile
        form.start_date.errors = [str(full)]
        return _form_page("breaks/new.html", form, from_gap=form.from_gap.data == "1"), 400
    flash("Break recorded.", "success")
    return redirect(url_for("breaks.index"))


@bp.get("/breaks/<int:break_id>")
@login_required
def show(break_id: int) -> str:
    return _show_page(_own(break_id))


@bp.post("/breaks/<int:break_id>")
@login_required
def update(break_id: int) -> tuple[str, int] | Response:
    item = _own(break_id)
    form = BreakForm(today=_today(), allow_unknown=item.reason == "unknown")
    if not form.validate() or not _check_overlap(form, exclude_id=item.id):
        return _show_page(item, form=form), 400
    data, muscles = form.to_break()
    crud.breaks.update(session=get_session(), item=item, data=data, muscle_keys=muscles)
    flash("Break saved.", "success")
    return redirect(url_for("breaks.show", break_id=break_id))


@bp.post("/breaks/<int:break_id>/end")
@login_required
def end(break_id: int) -> Response:
    item = _own(break_id)
    today = _today()
    if item.end_date is not None and item.end_date <= today:
        flash(f"This break already ended on {style_of(current_user).day(item.end_date)}.", "info")
    else:
        crud.breaks.end_on(session=get_session(), item=item, day=today)
        flash(f"Your {break_title(item)} ended today. Welcome back.", "success")
    return _back(break_id)


@bp.post("/breaks/<int:break_id>/cleared")
@login_required
def clear_region(break_id: int) -> Response:
    """The injured region of an immobilised break may be loaded again (``undo``: not yet)."""
    item = _own(break_id)
    back = url_for("projections.break_projection", break_id=break_id, _anchor="comeback")
    if item.mode != "immobilized":
        flash("Only a break with a region immobilised has one to clear.", "error")
        return redirect(back)
    undo = request.form.get("undo") == "1"
    if undo == (item.cleared_on is None):
        return redirect(back)  # already so: a second click changes nothing
    crud.breaks.set_cleared(session=get_session(), item=item, day=None if undo else _today())
    if undo:
        flash("The region is held back again: nothing heavy for it in your plan.", "info")
    else:
        flash("Cleared: your comeback plan now includes the lifts for that region.", "success")
    return redirect(back)


@bp.post("/breaks/<int:break_id>/reduce")
@login_required
def reduce(break_id: int) -> tuple[str, int] | Response:
    item = _own(break_id)
    form = ReduceForm()
    if not form.validate():
        return _show_page(item, reduce_form=form), 400
    crud.breaks.make_reduced(
        session=get_session(), item=item, sessions_per_week=form.sessions_per_week.data
    )
    flash(f"The break is now reduced training, about {item.sessions_per_week} a week.", "success")
    return _back(break_id)


@bp.get("/breaks/<int:break_id>/delete")
@login_required
def confirm_delete(break_id: int) -> str:
    item = _own(break_id)
    return render_template("breaks/delete.html", item=item, today=_today())


@bp.post("/breaks/<int:break_id>/delete")
@login_required
def delete(break_id: int) -> Response:
    item = _own(break_id)
    crud.breaks.delete(session=get_session(), item=item)
    flash("Break deleted.", "success")
    return redirect(url_for("breaks.index"))


@bp.post("/breaks/gaps/training")
@login_required
def training_gap() -> Response:
    form = TrainingGapForm()
    dates = form.dates() if form.validate() else None
    today = _today()
    session = get_session()
    gaps = crud.breaks.unrecorded_gaps(session=session, user=current_user, today=today)
    if dates is None or not any(g.start <= dates[0] and dates[1] <= g.end for g in gaps):
        flash("That stretch is not an unrecorded gap any more: nothing was changed.", "error")
        return redirect(url_for("breaks.index"))
    try:
        crud.breaks.add_training_gap(
            session=session, user_id=current_user.id, start=dates[0], end=dates[1]
        )
    except limits.LimitReached as full:
        flash(f"Nothing was changed. {full}", "error")
        return redirect(url_for("breaks.index"))
    flash(
        f"Noted: you kept training through {style_of(current_user).range(*dates)} without "
        "logging it. "
        "Regain counts those days as training and will not ask again.",
        "success",
    )
    return redirect(url_for("breaks.index"))
