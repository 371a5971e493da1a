"""Export everything a user has: a Regain JSON document (re-importable) or the sets as CSV."""

from __future__ import annotations

from flask import Blueprint, abort, request
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from tracker import crud
from tracker.clock import today_in
from tracker.db import get_session
from tracker.export import build_csv, build_document, to_json
from tracker.models import utcnow

bp = Blueprint("exports", __name__)


@bp.get("/export", defaults={"format": None})
@bp.get("/export.<any(json, csv):format>")
@login_required
def export(format: str | None) -> Response:
    chosen = format or request.args.get("format", "json")
    if chosen not in ("json", "csv"):
        abort(404)
    rows = crud.exports.export_rows(session=get_session(), user_id=int(current_user.id))
    day = today_in(current_user.timezone).isoformat()
    if chosen == "json":
        body = to_json(build_document(rows, utcnow()))
        mimetype = "application/json"
    else:
        body = build_csv(rows, rows.profile["unit"])
        mimetype = "text/csv"
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = (
        f'attachment; filename="regain-{day}.{"json" if chosen == "json" else "csv"}"'
    )
    response.headers["Cache-Control"] = "no-store"
    return response
