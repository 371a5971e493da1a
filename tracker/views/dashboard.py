"""The dashboard: where training stands today (and a break going on or just over) first, then
the whole history as a chart, then each muscle group."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import Blueprint, current_app, render_template, request
from flask_login import current_user, login_required
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup, escape

from tracker import crud
from tracker.clock import local_now
from tracker.content.context import Situation, article_for
from tracker.db import get_session
from tracker.models import Break
from tracker.physiology.muscles import MUSCLE_GROUPS
from tracker.projections import WHOLE_BODY, cache_for, group_choice
from tracker.projections.service import Standing, UserProjections

bp = Blueprint("dashboard", __name__)

MUSCLE_OPTIONS = ((WHOLE_BODY, "Whole body"), *((m.key, m.label) for m in MUSCLE_GROUPS))


@bp.get("/")
@login_required
def index() -> str:
    p = UserProjections.of(
        cache_for(current_app.extensions), get_session(), current_user._get_current_object()
    )
    who = p.who
    try:
        muscle = group_choice(request.args.get("muscle", WHOLE_BODY))
        muscle_error = None
    except ValueError:
        muscle = None
        muscle_error = "Regain does not know that muscle group: showing the whole body."
    # The same until the user's data, the day or their date style changes (every write bumps
    # the data version): cached by that key, so a page view costs no query and no rendering
    # of its own (one lookup: each costs a warm view a few percent).
    ongoing_break, answer, content, aside = p.cache.result(
        ("dashboard", who.user_id, who.key, p.style, muscle, muscle_error),
        lambda: _dashboard(p, muscle, muscle_error),
    )
    return render_template(
        "dashboard/index.html",
        ongoing_break=ongoing_break,
        today=who.today,
        answer=answer,
        content=content,
        aside=aside,
        start_card=_start_card(p),
    )


def _dashboard(
    p: UserProjections, muscle: str | None, muscle_error: str | None
) -> tuple[Break | None, Markup, Markup, Markup]:
    """The break going on, and the page's first card, the rest of it and its aside."""
    ongoing = p.break_going_on(p.history())
    return (ongoing, *_pieces(_content(p, muscle, muscle_error, ongoing)))


#: Where the start card's forms take the request's CSRF token (the card is kept rendered).
CSRF_SLOT = "\x00csrf\x00"


def _start_card(p: UserProjections) -> Markup:
    """The "Train" card (continue, repeat, routines, empty): kept rendered by the user's data
    and what it offers, its CSRF token put in per request (each session has its own)."""
    who = p.who
    starts = crud.routines.starts(
        p.cache.result(
            ("start-candidates", who.user_id, who.key),
            lambda: crud.routines.start_candidates(
                session=get_session(), user_id=who.user_id, day=who.today
            ),
        ),
        local_now(current_user.timezone),
    )
    offered = (
        starts.current.id if starts.current else None,
        tuple(r.workout.id for r in starts.repeats),
    )
    card = p.cache.result(
        ("start-card", who.user_id, who.key, p.style, offered),
        lambda: render_template("workouts/_start.html", starts=starts, csrf_slot=CSRF_SLOT),
    )
    return Markup(card.replace(CSRF_SLOT, escape(generate_csrf())))


def _pieces(context: dict[str, Any]) -> tuple[Markup, Markup, Markup]:
    """The first card, the rest of the page and the explainer aside, rendered."""
    answer = render_template("dashboard/_answer.html", **context) if context["standing"] else ""
    aside = ""
    if "articles.show" in current_app.view_functions:
        aside = render_template("_partials/explainer.html", **context)
    return (
        Markup(answer),
        Markup(render_template("dashboard/_content.html", **context)),
        Markup(aside),
    )


def _content(
    p: UserProjections, muscle: str | None, muscle_error: str | None, ongoing_break: Break | None
) -> dict[str, Any]:
    history = p.history()
    has_sets = history is not None and bool(history.timeline.inputs.hard_sets.any())
    context: dict[str, Any] = {
        "ongoing_break": ongoing_break,
        "today": p.who.today,
        "history": history,
        "has_sets": has_sets,
        "muscle": muscle or WHOLE_BODY,
        "muscle_error": muscle_error,
        "muscle_options": MUSCLE_OPTIONS,
    }
    exercises, sets = crud.exercises.unassigned_counts(session=p.session, user_id=p.who.user_id)
    context["unassigned_sets"], context["unassigned_exercises"] = sets, exercises
    standing = None
    if history is not None and has_sets:
        standing = p.standing(history, ongoing_break)
        params = {} if muscle is None else {"muscle": muscle}
        context.update(
            standing=standing,
            now=standing.now,
            charts=p.timeline_charts(history, muscle),
            chart_endpoint="charts.timeline",
            chart_params=params,
            chart_version=p.version,
            log_days=int((history.timeline.inputs.hard_sets.sum(axis=1) > 0).sum()),
        )
    context["standing"] = standing
    context["explainer"] = article_for(_situation(standing, ongoing_break, p.who.today))
    return context


def _situation(standing: Standing | None, ongoing: Break | None, today: dt.date) -> Situation:
    """The explainer that fits: the break going on, the return from one just over, or none."""
    item = ongoing or (standing.item if standing is not None else None)
    if item is None:
        return Situation("dashboard")
    if ongoing is not None:
        return Situation(
            "dashboard",
            break_mode=item.mode,  # type: ignore[arg-type]
            reason=item.reason,  # type: ignore[arg-type]
            ongoing=True,
            day=max((today - item.start_date).days, 0),
        )
    return Situation("dashboard", break_mode=item.mode, reason=item.reason)  # type: ignore[arg-type]
