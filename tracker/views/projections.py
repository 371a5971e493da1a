"""A break's projection page: what the break cost, when size and strength are back, and the
main lifts logged since the return against the estimate.

The projections themselves come from ``tracker.projections.service`` (shared with the
dashboard, the planner and the chart images).
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, current_app, render_template, request
from flask_login import current_user, login_required

from tracker import crud
from tracker.content.context import Situation, article_for
from tracker.db import get_session
from tracker.models import Break
from tracker.projections import cache_for
from tracker.projections.service import (
    MAX_BREAK_DOSE,
    MIN_BREAK_DOSE,
    UserProjections,
    logged_before,
    parse_dose,
)

bp = Blueprint("projections", __name__)


def _projections() -> UserProjections:
    return UserProjections.of(
        cache_for(current_app.extensions), get_session(), current_user._get_current_object()
    )


def _own_break(break_id: int) -> Break:
    item = crud.breaks.get(session=get_session(), user_id=current_user.id, break_id=break_id)
    if item is None:
        abort(404)
    return item


@bp.get("/breaks/<int:break_id>/projection", endpoint="break_projection")
@login_required
def break_projection_page(break_id: int) -> str:
    item = _own_break(break_id)
    dose, dose_error = parse_dose(request.args.get("dose"), MIN_BREAK_DOSE, MAX_BREAK_DOSE)
    p = _projections()
    today = p.who.today
    history = p.history()
    ongoing = item.end_date is None or item.end_date >= today
    day = (today - item.start_date).days
    if ongoing:
        situation = Situation("break", item.mode, item.reason, ongoing=True, day=max(day, 0))  # type: ignore[arg-type]
    else:
        situation = Situation("return", item.mode, item.reason)  # type: ignore[arg-type]
    context: dict[str, Any] = {
        "item": item,
        "today": today,
        "dose": dose,
        "dose_error": dose_error,
        "ongoing": ongoing,
        "explainer": article_for(situation),
        "projection": None,
        "empty": None,
    }
    if history is None or item.start_date > today:
        context["empty"] = "no-log"
    elif not logged_before(history, item.start_date):
        context["empty"] = "nothing-before"
    else:
        projection = p.break_projection(history, item, dose)
        params: dict[str, Any] = {"break_id": item.id}
        if dose != 1.0:
            params["dose"] = f"{dose:g}"
        context.update(
            projection=projection,
            comeback=p.comeback(history, item),
            unit=p.unit,
            rhythm=p.rhythm(history, item.start_date),
            charts=p.break_charts(projection, item, dose),
            chart_endpoint="charts.break_chart",
            chart_params=params,
            chart_version=p.version,
        )
    return render_template("projections/break.html", **context)
