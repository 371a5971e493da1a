"""Export everything a user has: a Regain JSON document (re-importable) or the sets as CSV.

The export is streamed: the workouts and sets are read in batches while the text is sent, so
a history of a million sets takes no more memory than a short one. The stream reads through a
database session of its own, open until the last byte is sent.
"""

from __future__ import annotations

from collections.abc import Iterator

from flask import Blueprint, abort, request
from flask_login import current_user, login_required
from sqlalchemy import Engine
from sqlmodel import Session
from werkzeug.wrappers import Response

from tracker import crud
from tracker.clock import today_in
from tracker.db import engine
from tracker.export import build_document, iter_csv, iter_json
from tracker.models import utcnow

bp = Blueprint("exports", __name__)


def _stream(database: Engine, user_id: int, chosen: str) -> Iterator[bytes]:
    with Session(database, expire_on_commit=False) as session:
        rows = crud.exports.export_stream(session=session, user_id=user_id)
        if chosen == "json":
            pieces = iter_json(build_document(rows, utcnow()))
        else:
            pieces = iter_csv(rows, rows.profile["unit"])
        for piece in pieces:
            yield piece.encode("utf-8")


@bp.get("/export", defaults={"format": None})
@bp.get("/export.<any(json, csv):format>")
@login_required
def export(format: str | None) -> Response:
    chosen = format or request.args.get("format", "json")
    if chosen not in ("json", "csv"):
        abort(404)
    day = today_in(current_user.timezone).isoformat()
    # The engine is read now: the stream runs after this view has returned.
    stream = _stream(engine(), int(current_user.id), chosen)
    mimetype = "application/json" if chosen == "json" else "text/csv"
    response = Response(stream, mimetype=mimetype)
    response.headers["Content-Disposition"] = (
        f'attachment; filename="regain-{day}.{"json" if chosen == "json" else "csv"}"'
    )
    response.headers["Cache-Control"] = "no-store"
    return response
