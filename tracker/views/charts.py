"""Chart images: SVG for the pages, PNG to download, in a light and a dark theme, each drawn
for the size it is shown at (``size=phone`` or ``wide``, ``tracker.chart_data.SIZES``).

Each route builds (or takes from the cache) the chart's data, answers ``If-None-Match`` with
304 when the ETag (a hash of the data, the theme and the format) matches, and otherwise sends
the rendered bytes, cached in process by that same key.
"""

from __future__ import annotations

from flask import Blueprint, Response, abort, current_app, request
from flask_login import current_user, login_required
from werkzeug.datastructures import MultiDict

from tracker import crud
from tracker.chart_data import SIZES, WIDE, ChartSize
from tracker.charts import FORMATS, THEMES, render
from tracker.db import get_session
from tracker.forms.planner import PlannerForm
from tracker.models import Break
from tracker.projections import cache_for, group_choice
from tracker.projections.service import (
    MAX_BREAK_DOSE,
    MIN_BREAK_DOSE,
    ChartEntry,
    UserProjections,
    parse_dose,
)

bp = Blueprint("charts", __name__)

#: Browsers may reuse a chart this long without asking; the page's URLs change with the data.
MAX_AGE = 600


def _projections() -> UserProjections:
    return UserProjections.of(
        cache_for(current_app.extensions), get_session(), current_user._get_current_object()
    )


def _options(fmt: str) -> tuple[str, str, ChartSize]:
    """Theme, format and size from the URL (404 for anything not offered)."""
    theme = request.args.get("theme", "light")
    size = SIZES.get(request.args.get("size", WIDE.name))
    if fmt not in FORMATS or theme not in THEMES or size is None:
        abort(404)
    return theme, fmt, size


def send_chart(entry: ChartEntry, theme: str, fmt: str) -> Response:
    etag = f"{entry.digest}-{theme}-{fmt}"
    if request.if_none_match.contains(etag):
        response = Response(status=304)
    else:
        cache = cache_for(current_app.extensions)
        data = cache.chart(etag, lambda: render(entry.chart, theme, fmt))
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
    theme, fmt, size = _options(fmt)
    try:
        muscle = group_choice(request.args.get("muscle"))
    except ValueError:
        abort(404)
    entry = _projections().timeline_chart_image(muscle, size)
    if entry is None:
        abort(404)
    return send_chart(entry, theme, fmt)


def _own_break(break_id: int) -> Break:
    item = crud.breaks.get(session=get_session(), user_id=current_user.id, break_id=break_id)
    if item is None:
        abort(404)
    return item


@bp.get("/charts/break/<int:break_id>.<fmt>")
@login_required
def break_chart(break_id: int, fmt: str) -> Response:
    theme, fmt, size = _options(fmt)
    item = _own_break(break_id)
    dose, error = parse_dose(request.args.get("dose"), MIN_BREAK_DOSE, MAX_BREAK_DOSE)
    if error:
        abort(404)
    p = _projections()
    history = p.history()
    if history is None or item.start_date > p.who.today:
        abort(404)
    projection = p.break_projection(history, item, dose)
    return send_chart(p.break_chart(projection, item, dose, size), theme, fmt)


@bp.get("/charts/planner.<fmt>")
@login_required
def planner(fmt: str) -> Response:
    theme, fmt, size = _options(fmt)
    p = _projections()
    form = PlannerForm(formdata=MultiDict(request.args), meta={"csrf": False}, today=p.who.today)
    if not form.validate():
        abort(404)
    params = form.params()
    comparison = p.plan(p.history(), *params)
    return send_chart(p.plan_chart(comparison, params, size), theme, fmt)
