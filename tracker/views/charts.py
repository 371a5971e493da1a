"""Chart images: SVG for the pages, PNG to download, in a light and a dark theme.

Each route builds (or takes from the cache) the chart's data, answers ``If-None-Match`` with
304 when the ETag (a hash of the data, the theme and the format) matches, and otherwise sends
the rendered bytes, cached in process by that same key.
"""

from __future__ import annotations

from flask import Blueprint, Response, abort, request
from flask_login import current_user, login_required
from werkzeug.datastructures import MultiDict

from tracker.charts import FORMATS, THEMES, render
from tracker.crud import projections as crud_projections
from tracker.db import get_session
from tracker.forms.planner import PlannerForm
from tracker.projections import group_choice
from tracker.views.projections import (
    MAX_BREAK_DOSE,
    MIN_BREAK_DOSE,
    ChartEntry,
    break_chart_for,
    break_projection_for,
    cache,
    history_for,
    own_break,
    parse_dose,
    plan_chart_for,
    plan_for,
    timeline_chart_for,
    user_context,
)

bp = Blueprint("charts", __name__)

#: Browsers may reuse a chart this long without asking; the page's URLs change with the data.
MAX_AGE = 600


def _theme_and_format(fmt: str) -> tuple[str, str]:
    theme = request.args.get("theme", "light")
    if fmt not in FORMATS or theme not in THEMES:
        abort(404)
    return theme, fmt


def send_chart(entry: ChartEntry, theme: str, fmt: str) -> Response:
    etag = f"{entry.digest}-{theme}-{fmt}"
    if request.if_none_match.contains(etag):
        response = Response(status=304)
    else:
        data = cache().chart(etag, lambda: render(entry.chart, theme, fmt))
        response = Response(data, mimetype=FORMATS[fmt])
        if request.args.get("download"):
            response.headers["Content-Disposition"] = (
                f'attachment; filename="regain-{entry.chart.kind}.{fmt}"'
            )
    response.set_etag(etag)
    response.headers["Cache-Control"] = f"private, max-age={MAX_AGE}"
    return response


@bp.get("/charts/timeline.<fmt>")
@login_required
def timeline(fmt: str) -> Response:
    theme, fmt = _theme_and_format(fmt)
    try:
        muscle = group_choice(request.args.get("muscle"))
    except ValueError:
        abort(404)
    who = user_context()
    history = history_for(who)
    if history is None:
        abort(404)
    return send_chart(timeline_chart_for(who, history, muscle), theme, fmt)


@bp.get("/charts/break/<int:break_id>.<fmt>")
@login_required
def break_chart(break_id: int, fmt: str) -> Response:
    theme, fmt = _theme_and_format(fmt)
    item = own_break(break_id)
    dose, error = parse_dose(request.args.get("dose"), MIN_BREAK_DOSE, MAX_BREAK_DOSE)
    if error:
        abort(404)
    who = user_context()
    history = history_for(who)
    if history is None or item.start_date > who.today:
        abort(404)
    span = crud_projections.break_span(session=get_session(), item=item)
    projection = break_projection_for(who, history, item, span, dose)
    return send_chart(break_chart_for(who, projection, item, dose, current_user.unit), theme, fmt)


@bp.get("/charts/planner.<fmt>")
@login_required
def planner(fmt: str) -> Response:
    theme, fmt = _theme_and_format(fmt)
    who = user_context()
    form = PlannerForm(formdata=MultiDict(request.args), meta={"csrf": False}, today=who.today)
    if not form.validate():
        abort(404)
    params = form.params()
    comparison = plan_for(who, history_for(who), *params)
    return send_chart(plan_chart_for(who, comparison, params), theme, fmt)
