"""A break's projection page, and the cached projections every page with a chart shares.

The helpers here put together the user, today's date in their time zone, the per-app cache
(``tracker.projections``) and the request's database session; the dashboard, the planner and
the chart routes call them, so a page and the charts it links to compute once.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
from dataclasses import dataclass
from typing import Any

from flask import Blueprint, abort, current_app, render_template, request, url_for
from flask_login import current_user, login_required

from tracker import crud
from tracker.break_days import BreakSpan, today_in
from tracker.chart_data import (
    Chart,
    break_chart,
    date_band_text,
    loss_text,
    pct,
    pct_band,
    planner_chart,
    short_date,
    timeline_chart,
)
from tracker.charts import BARS_HEIGHT_IN, DPI, PANEL_HEIGHT_IN, WIDTH_IN
from tracker.content.context import Situation, article_for
from tracker.crud import projections as crud_projections
from tracker.db import get_session
from tracker.models import Break
from tracker.physiology import Profile
from tracker.projections import (
    BEST_BEFORE_DAYS,
    BreakProjection,
    DateBand,
    Estimate,
    History,
    NowSummary,
    OngoingBreak,
    PlanComparison,
    PlanOption,
    ProjectionCache,
    UserContext,
    break_projection,
    cache_for,
    group_labels,
    now_summary,
    ongoing_break,
    plan_break,
    user_history,
)
from tracker.projections.training_status import effective_training_years, user_training_status
from tracker.timeline import profile_for

bp = Blueprint("projections", __name__)

MIN_BREAK_DOSE, MAX_BREAK_DOSE = 0.5, 2.0


# --- wording for the templates --------------------------------------------------------------


@bp.app_template_filter("est_pct")
def est_pct(value: float) -> str:
    return pct(value)


@bp.app_template_filter("est_band")
def est_band(value: Estimate) -> str:
    return pct_band(value)


@bp.app_template_filter("est_loss")
def est_loss(value: Estimate) -> str:
    return loss_text(value)


@bp.app_template_filter("est_date")
def est_date(day: dt.date | None) -> str:
    return short_date(day) if day is not None else ""


@bp.app_template_filter("est_dates")
def est_dates(band: DateBand, kept_until: dt.date | None = None) -> str:
    return date_band_text(band, "not within the time followed", kept_until)


@bp.app_template_filter("est_sets")
def est_sets(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


@bp.app_template_filter("est_groups")
def est_groups(keys: tuple[str, ...]) -> str:
    return group_labels(keys)


# --- shared by the pages with charts ---------------------------------------------------------


def cache() -> ProjectionCache:
    return cache_for(current_app.extensions)


def user_context(today: dt.date | None = None) -> UserContext:
    """The logged-in user as the projections see them (cache key included)."""
    user = current_user._get_current_object()  # one proxy lookup, not one per attribute
    day = today or today_in(user.timezone)
    return UserContext(
        user_id=int(user.id),
        data_version=int(user.data_version),
        profile=_profile(user.birth_year, user.sex, training_years_of(user), day.year),
        today=day,
        account=user.created_at,
    )


def training_years_of(user: Any) -> float:
    """The user's training years, or (not set) what the start of their log suggests."""
    if user.training_years_set:
        return float(user.training_years or 0)
    status = user_training_status(
        cache(),
        get_session(),
        user_id=int(user.id),
        data_version=int(user.data_version),
        sex=user.sex,
        account=user.created_at,
    )
    return effective_training_years(float(user.training_years or 0), False, status)


@functools.lru_cache(maxsize=1024)
def _profile(birth_year: int | None, sex: str | None, years: float, this_year: int) -> Profile:
    # The age only needs the year: the same profile for the whole year, built once.
    return profile_for(birth_year, sex, years, dt.date(this_year, 7, 1))


def history_for(who: UserContext) -> History | None:
    return user_history(cache(), get_session(), who)


def now_for(who: UserContext, history: History) -> NowSummary:
    return cache().result(("now", who.user_id, who.key), lambda: now_summary(history))


def ongoing_for(who: UserContext, history: History, item: Break) -> OngoingBreak:
    def compute() -> OngoingBreak:
        span = crud_projections.break_span(session=get_session(), item=item)
        return ongoing_break(history, span)

    return cache().result(("ongoing", who.user_id, who.key, item.id), compute)


@dataclass(frozen=True)
class ChartEntry:
    """A chart's data and its digest (computed once, for the ETag)."""

    chart: Chart
    digest: str

    @classmethod
    def of(cls, chart: Chart) -> ChartEntry:
        return cls(chart, chart.digest())

    @property
    def height(self) -> int:
        """The image's height in pixels at its natural width (for the img attributes)."""
        panels = len(self.chart.panels) * PANEL_HEIGHT_IN
        bars = BARS_HEIGHT_IN if self.chart.bars is not None else 0.0
        return round((panels + bars + 0.3) * DPI)

    @property
    def width(self) -> int:
        return round(WIDTH_IN * DPI)


def timeline_chart_for(who: UserContext, history: History, muscle: str | None) -> ChartEntry:
    return cache().result(
        ("timeline", who.user_id, who.key, muscle),
        lambda: ChartEntry.of(timeline_chart(history, muscle)),
    )


def break_projection_for(
    who: UserContext, history: History, item: Break, span: BreakSpan, dose: float
) -> BreakProjection:
    def compute() -> BreakProjection:
        focus = span.muscles if span.mode == "immobilized" and span.muscles else None
        muscles = focus or [
            g for g, w in zip(history.timeline.groups, history.weights(), strict=True) if w > 0
        ]
        lifts = crud_projections.lift_sets(
            session=get_session(),
            user_id=who.user_id,
            muscles=muscles,
            start=span.start - dt.timedelta(days=BEST_BEFORE_DAYS),
            end=who.today,
        )
        return break_projection(history, span, dose, lifts)

    return cache().result(("break", who.user_id, who.key, item.id, dose), compute)


def break_chart_for(
    who: UserContext, projection: BreakProjection, item: Break, dose: float, unit: str
) -> ChartEntry:
    return cache().result(
        ("break-chart", who.user_id, who.key, item.id, dose, unit),
        lambda: ChartEntry.of(break_chart(projection, item.reason, unit)),
    )


def plan_for(
    who: UserContext,
    history: History | None,
    start: dt.date,
    days: int,
    options: tuple[PlanOption, ...],
    dose: float,
) -> PlanComparison:
    return cache().result(
        ("plan", who.user_id, who.key, start, days, options, dose),
        lambda: plan_break(history, who.profile, who.today, start, days, options, dose),
    )


def plan_chart_for(
    who: UserContext, comparison: PlanComparison, params: tuple[Any, ...]
) -> ChartEntry:
    return cache().result(
        ("plan-chart", who.user_id, who.key, params),
        lambda: ChartEntry.of(planner_chart(comparison)),
    )


def chart_links(endpoint: str, who: UserContext, **params: Any) -> dict[str, str]:
    """URLs of a chart in both themes and as a PNG download. ``v`` changes with the data, so a
    browser never shows yesterday's chart from its cache."""
    version = f"{who.data_version}.{who.today.isoformat()}"
    return {
        "light": url_for(endpoint, fmt="svg", theme="light", v=version, **params),
        "dark": url_for(endpoint, fmt="svg", theme="dark", v=version, **params),
        "png": url_for(endpoint, fmt="png", theme="light", v=version, download=1, **params),
    }


def parse_dose(raw: str | None, low: float, high: float) -> tuple[float, str | None]:
    """A dose from the URL: (value, None), or (1.0, a message) when it is not usable."""
    if raw in (None, ""):
        return 1.0, None
    try:
        value = float(str(raw).replace(",", "."))
    except ValueError:
        return 1.0, f"Enter a number between {low:g} and {high:g}; showing your usual volume."
    if not math.isfinite(value) or not low <= value <= high:
        return 1.0, f"Between {low:g} and {high:g} times your usual volume; showing 1."
    return round(value, 2), None


# --- the break's projection page -------------------------------------------------------------


def own_break(break_id: int) -> Break:
    item = crud.breaks.get(session=get_session(), user_id=current_user.id, break_id=break_id)
    if item is None:
        abort(404)
    return item


def logged_before(history: History, day: dt.date) -> bool:
    """Whether any set was logged before ``day``."""
    row = history.timeline.row_before(day)
    return bool(history.timeline.inputs.hard_sets[:row].sum() > 0)


@bp.get("/breaks/<int:break_id>/projection", endpoint="break_projection")
@login_required
def break_projection_page(break_id: int) -> str:
    item = own_break(break_id)
    dose, dose_error = parse_dose(request.args.get("dose"), MIN_BREAK_DOSE, MAX_BREAK_DOSE)
    who = user_context()
    history = history_for(who)
    ongoing = item.end_date is None or item.end_date >= who.today
    day = (who.today - item.start_date).days
    if ongoing:
        situation = Situation("break", item.mode, item.reason, ongoing=True, day=max(day, 0))  # type: ignore[arg-type]
    else:
        situation = Situation("return", item.mode, item.reason)  # type: ignore[arg-type]
    context: dict[str, Any] = {
        "item": item,
        "today": who.today,
        "dose": dose,
        "dose_error": dose_error,
        "ongoing": ongoing,
        "explainer": article_for(situation),
        "projection": None,
        "empty": None,
    }
    if history is None or item.start_date > who.today:
        context["empty"] = "no-log"
    elif not logged_before(history, item.start_date):
        context["empty"] = "nothing-before"
    else:
        span = crud_projections.break_span(session=get_session(), item=item)
        projection = break_projection_for(who, history, item, span, dose)
        entry = break_chart_for(who, projection, item, dose, current_user.unit)
        params: dict[str, Any] = {"break_id": item.id}
        if dose != 1.0:
            params["dose"] = f"{dose:g}"
        context.update(
            projection=projection,
            chart=entry,
            links=chart_links("charts.break_chart", who, **params),
        )
    return render_template("projections/break.html", **context)
