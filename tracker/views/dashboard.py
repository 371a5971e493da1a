"""The dashboard: where training stands today, a break going on, and the whole history."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import Blueprint, render_template, request
from flask_login import login_required
from markupsafe import Markup

from tracker import crud
from tracker.content.context import Situation, article_for
from tracker.db import get_session
from tracker.models import Break
from tracker.physiology.muscles import MUSCLE_GROUPS
from tracker.projections import WHOLE_BODY, History, UserContext, group_choice
from tracker.views.projections import (
    cache,
    chart_links,
    history_for,
    now_for,
    ongoing_for,
    timeline_chart_for,
    user_context,
)

bp = Blueprint("dashboard", __name__)

#: A break that ended this recently makes the dashboard's explainer the one about coming back.
RECENT_RETURN = dt.timedelta(weeks=12)
MUSCLE_OPTIONS = ((WHOLE_BODY, "Whole body"), *((m.key, m.label) for m in MUSCLE_GROUPS))


@bp.get("/")
@login_required
def index() -> str:
    who = user_context()
    try:
        muscle = group_choice(request.args.get("muscle", WHOLE_BODY))
        muscle_error = None
    except ValueError:
        muscle = None
        muscle_error = "Regain does not know that muscle group: showing the whole body."
    # Both are the same until the user's data or the day changes (every write bumps the data
    # version): cached by that key, so a page view costs no query and no rendering of its own.
    ongoing_break = cache().result(
        ("ongoing-break", who.user_id, who.key),
        lambda: crud.breaks.ongoing(session=get_session(), user_id=who.user_id, today=who.today),
    )
    content = cache().result(
        ("dashboard", who.user_id, who.key, muscle, muscle_error),
        lambda: Markup(
            render_template(
                "dashboard/_content.html", **_content(who, muscle, muscle_error, ongoing_break)
            )
        ),
    )
    return render_template(
        "dashboard/index.html", ongoing_break=ongoing_break, today=who.today, content=content
    )


def _content(
    who: UserContext, muscle: str | None, muscle_error: str | None, ongoing_break: Break | None
) -> dict[str, Any]:
    history = history_for(who)
    has_sets = history is not None and bool(history.timeline.inputs.hard_sets.any())
    context: dict[str, Any] = {
        "ongoing_break": ongoing_break,
        "today": who.today,
        "history": history,
        "has_sets": has_sets,
        "muscle": muscle or WHOLE_BODY,
        "muscle_error": muscle_error,
        "muscle_options": MUSCLE_OPTIONS,
        "explainer": article_for(_situation(history, ongoing_break, who.today)),
    }
    unassigned = crud.exercises.unassigned(session=get_session(), user_id=who.user_id)
    context["unassigned_sets"] = sum(sets for _, sets in unassigned if sets)
    context["unassigned_exercises"] = sum(1 for _, sets in unassigned if sets)
    if history is not None and has_sets:
        context["now"] = now_for(who, history)
        if ongoing_break is not None:
            context["break_now"] = ongoing_for(who, history, ongoing_break)
        params = {} if muscle is None else {"muscle": muscle}
        context["chart"] = timeline_chart_for(who, history, muscle)
        context["links"] = chart_links("charts.timeline", who, **params)
        context["log_days"] = int((history.timeline.inputs.hard_sets.sum(axis=1) > 0).sum())
    return context


def _situation(history: History | None, ongoing: Any, today: dt.date) -> Situation:
    if ongoing is not None:
        return Situation(
            "dashboard",
            break_mode=ongoing.mode,
            reason=ongoing.reason,
            ongoing=True,
            day=max((today - ongoing.start_date).days, 0),
        )
    if history is not None:
        tl = history.timeline
        for span, reason in reversed(list(zip(tl.breaks, tl.break_reasons, strict=True))):
            end = span.last_day(today)
            if end < today and today - end <= RECENT_RETURN:
                return Situation("dashboard", break_mode=span.mode, reason=reason)  # type: ignore[arg-type]
            break
    return Situation("dashboard")
