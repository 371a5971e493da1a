"""The planner: a break that has not happened yet, compared with other ways to spend it.

The inputs live in the URL (a GET form: shareable, bookmarkable). A plan can be saved, deleted
(with a confirmation page) and, once its first day has come, turned into a real break.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from werkzeug.datastructures import MultiDict
from werkzeug.wrappers import Response

from tracker import crud
from tracker.break_days import today_in
from tracker.content.context import Situation, article_for
from tracker.crud import plans as plans_crud
from tracker.db import get_session
from tracker.forms.planner import PlannerForm, default_query, plan_query
from tracker.models import Plan
from tracker.physiology.muscles import MUSCLES_BY_KEY
from tracker.projections import cache_for
from tracker.projections.rhythm import NO_RHYTHM
from tracker.projections.service import UserProjections

bp = Blueprint("planner", __name__)


def _projections() -> UserProjections:
    return UserProjections.of(
        cache_for(current_app.extensions), get_session(), current_user._get_current_object()
    )


def _page(form: PlannerForm, status: int = 200) -> tuple[str, int]:
    p = _projections()
    history = p.history()
    context: dict[str, Any] = {
        "form": form,
        "today": p.who.today,
        "comparison": None,
        "plans": plans_crud.list_for_user(session=get_session(), user_id=p.who.user_id),
        "plan_query": plan_query,
        "muscle_label": lambda key: MUSCLES_BY_KEY[key].label if key in MUSCLES_BY_KEY else key,
        "from_history": history is not None,
        "rhythm": NO_RHYTHM if history is None else p.rhythm(history),
    }
    mode = form.kind.data if form.kind.data in ("rest", "reduced", "immobilized") else None
    context["explainer"] = article_for(Situation("planning", break_mode=mode))  # type: ignore[arg-type]
    if status == 200 and not form.errors:
        params = form.params()
        comparison = p.plan(history, *params)
        start, days, options, dose = params
        context.update(
            comparison=comparison,
            comeback=None
            if history is None
            else p.planned_comeback(history, start, days, options[0], dose),
            unit=p.unit,
            charts=p.plan_charts(comparison, params),
            chart_endpoint="charts.planner",
            chart_params=form.query(),
            chart_version=p.version,
        )
    return render_template("planner/index.html", **context), status


@bp.get("/planner")
@login_required
def index() -> tuple[str, int]:
    today = today_in(current_user.timezone)
    args = request.args if request.args else MultiDict(default_query(today))
    form = PlannerForm(formdata=MultiDict(args), meta={"csrf": False}, today=today)
    if not form.validate():
        return _page(form, 400)
    return _page(form)


@bp.post("/planner/plans")
@login_required
def save() -> tuple[str, int] | Response:
    form = PlannerForm(today=today_in(current_user.timezone))
    if not form.validate():
        return _page(form, 400)
    plan = plans_crud.create(session=get_session(), user_id=current_user.id, data=form.to_plan())
    flash("Plan saved. It stays a plan until you turn it into a break.", "success")
    return redirect(url_for("planner.index", **plan_query(plan, form.compare.data or [])))


def _own(plan_id: int) -> Plan:
    plan = plans_crud.get(session=get_session(), user_id=current_user.id, plan_id=plan_id)
    if plan is None:
        abort(404)
    return plan


@bp.post("/planner/plans/<int:plan_id>/break")
@login_required
def to_break(plan_id: int) -> Response:
    plan = _own(plan_id)
    session = get_session()
    today = today_in(current_user.timezone)
    if plan.break_id is not None:
        flash("This plan is a break already.", "info")
        return redirect(url_for("planner.index"))
    if plan.start_date > today:
        flash(
            "This plan starts in the future, so it stays a plan. Turn it into a break on its "
            "first day or later.",
            "warning",
        )
        return redirect(url_for("planner.index"))
    clash = crud.breaks.overlapping(
        session=session,
        user_id=current_user.id,
        start=plan.start_date,
        end=plans_crud.last_day(plan),
    )
    if clash is not None:
        flash(
            f"A break recorded from {clash.start_date.isoformat()} overlaps this plan: edit that "
            "break instead.",
            "error",
        )
        return redirect(url_for("planner.index"))
    item = plans_crud.to_break(session=session, plan=plan)
    flash("The plan is now a break.", "success")
    return redirect(url_for("projections.break_projection", break_id=item.id))


@bp.get("/planner/plans/<int:plan_id>/delete")
@login_required
def confirm_delete(plan_id: int) -> str:
    return render_template("planner/delete.html", plan=_own(plan_id))


@bp.post("/planner/plans/<int:plan_id>/delete")
@login_required
def delete(plan_id: int) -> Response:
    plans_crud.delete(session=get_session(), plan=_own(plan_id))
    flash("Plan deleted.", "success")
    return redirect(url_for("planner.index"))
