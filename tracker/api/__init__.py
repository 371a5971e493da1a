"""The JSON API, ``/api/v1/``: everything an account holds and the model's answers, for the
account's own tools (a home dashboard, a script on a watch, a notebook).

One blueprint, ``api``, holds one per area (``profile``, ``exercises``, ``workouts``,
``routines``, ``breaks``, ``plans``, ``estimates``) and the document (``docs``: the OpenAPI
document and its readable page). ``tracker.api.endpoint`` serves every view (token, scope,
rate limit, validation by ``tracker.api.schemas``, ETags); ``tracker.api.rules`` has the forms'
rules that need the user's today or data.
"""

from __future__ import annotations

from flask import Blueprint

from tracker.api import (
    breaks,
    docs,
    estimates,
    exercises,
    plans,
    profile,
    routines,
    workouts,
)
from tracker.api.endpoint import init_blueprint
from tracker.security import csrf

bp = Blueprint("api", __name__, url_prefix="/api/v1")
init_blueprint(bp)

for _area in (profile, exercises, workouts, routines, breaks, plans, estimates, docs):
    bp.register_blueprint(_area.bp)
    # No cookie authenticates the API, so no request to it can be forged: CSRF does not apply.
    csrf.exempt(_area.bp)
