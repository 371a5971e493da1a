"""Health and readiness, for a proxy, a process supervisor or a deployment script.

``/healthz``: the process answers (nothing else is asked). ``/readyz``: it can serve: the
database answers and its schema is this code's (``tracker.cluster.readiness``), 503 otherwise;
the body says what each part answered, Redis included (down is slower, not unready). Neither
needs a login, sets a cookie or may be cached.
"""

from __future__ import annotations

from flask import Blueprint, Response, current_app, jsonify

from tracker import cluster

bp = Blueprint("health", __name__)


def _uncached(response: Response) -> Response:
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/healthz")
def live() -> Response:
    return _uncached(Response("ok\n", mimetype="text/plain"))


@bp.get("/readyz")
def ready() -> Response:
    ok, report = cluster.readiness(current_app._get_current_object())  # type: ignore[attr-defined]
    response = jsonify(report)
    response.status_code = 200 if ok else 503
    return _uncached(response)
