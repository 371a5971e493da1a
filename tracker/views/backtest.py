"""How well Regain has predicted you: every past break predicted again from the log before it,
next to what the user lifted (``tracker.projections.backtest``)."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from flask import Blueprint, Response, abort, current_app, render_template, request
from flask_login import current_user, login_required

from tracker import crud
from tracker.break_days import today_in
from tracker.chart_data import pct, short_date
from tracker.db import get_session
from tracker.projections import cache_for
from tracker.projections.backtest import (
    BACK_DAYS,
    INTENDED_COVERAGE,
    MIN_GAP_DAYS,
    Backtest,
    Case,
    PastBreak,
    to_json,
    user_backtest,
)
from tracker.projections.calibration import left_out_lines
from tracker.projections.calibration import sentence as calibration_sentence
from tracker.projections.service import training_years_of
from tracker.units import format_weight

bp = Blueprint("backtest", __name__)


@dataclass(frozen=True)
class CaseRow:
    """One lift over one break, as the page shows it."""

    exercise: str
    before: str
    predicted: str
    band: str
    observed: str
    inside: bool | None
    days_predicted: str
    days_observed: str
    #: Leave-one-out: predicted with what Regain learnt from the other breaks ("": none).
    calibrated: str = ""
    calibrated_band: str = ""
    #: The first session back against the comeback plan's suggestion ("": none).
    first_session: str = ""


@dataclass(frozen=True)
class BreakRows:
    """A past break and its lifts."""

    anchor: str
    title: str
    kind: str
    rows: tuple[CaseRow, ...]
    highlighted: bool


def _days(value: int | None, never: str) -> str:
    if value is None:
        return never
    if value == 0:
        return "at once"
    return f"{value} day{'s' if value != 1 else ''}"


def _row(case: Case, unit: str, calibrated: bool = False) -> CaseRow:
    observed = "not done in the first two weeks"
    if case.observed_ratio is not None:
        observed = pct(case.observed_ratio)
        if not case.counted:
            observed += " (left out: not a plausible return)"
    return CaseRow(
        exercise=case.exercise,
        before=format_weight(round(case.pre_e1rm_kg, 1), unit),
        predicted=pct(case.predicted_ratio),
        band=f"{pct(case.predicted_ratio_low)} to {pct(case.predicted_ratio_high)}",
        observed=observed,
        inside=case.inside_band if case.counted else None,
        days_predicted=_days(case.predicted_days_to_95, "not within a year"),
        days_observed=_days(case.observed_days_to_95, "not within 12 weeks"),
        calibrated=pct(case.calibrated_ratio)
        if calibrated and case.calibrated_ratio is not None
        else "",
        calibrated_band=_calibrated_band(case) if calibrated else "",
        first_session=_first_session(case.first_session_ratio),
    )


def _first_session(ratio: float | None) -> str:
    """The first session back against the comeback plan's suggestion, in words."""
    if ratio is None:
        return ""
    if abs(ratio - 1) <= 0.05:
        return "about what a comeback plan would have suggested"
    more = "more" if ratio > 1 else "less"
    return f"{pct(abs(ratio - 1))} {more} than a comeback plan would have suggested"


def _calibrated_band(case: Case) -> str:
    low, high = case.calibrated_ratio_low, case.calibrated_ratio_high
    return "" if low is None or high is None else f"{pct(low)} to {pct(high)}"


def break_rows(backtest: Backtest, unit: str, highlight: dt.date | None) -> list[BreakRows]:
    """The page's sections: one per break examined, newest first, with its lifts."""
    by_break: dict[tuple[dt.date, dt.date], list[Case]] = {}
    for case in backtest.cases:
        by_break.setdefault((case.break_first_day, case.return_day), []).append(case)
    sections = []
    # Leave-one-out says something only with another break to learn from.
    checked = backtest.calibration.fit.breaks >= 2
    for period in sorted(backtest.breaks, key=lambda b: b.first_day, reverse=True):
        cases = by_break.get((period.first_day, period.return_day), [])
        sections.append(
            BreakRows(
                anchor=f"break-{period.first_day.isoformat()}",
                title=_break_title(period),
                kind="recorded break" if period.recorded else "no workout logged",
                rows=tuple(_row(c, unit, checked) for c in sorted(cases, key=lambda c: c.exercise)),
                highlighted=highlight is not None and period.first_day == highlight,
            )
        )
    return sections


def _break_title(period: PastBreak) -> str:
    last = period.return_day - dt.timedelta(days=1)
    return f"{short_date(period.first_day)} to {short_date(last)} ({period.days} days)"


def _verdict(backtest: Backtest) -> str:
    """Leave-one-out, in words: better, worse or about the same (as the table rounds)."""
    summary = backtest.summary
    if summary.calibrated_error is None or summary.uncalibrated_error is None:
        return ""
    with_it, without = round(summary.calibrated_error, 3), round(summary.uncalibrated_error, 3)
    if with_it < without:
        return "On your breaks the calibration predicts better than the average lifter's values."
    if with_it > without:
        return (
            "On your breaks the calibration predicts a little worse than the average lifter's "
            "values: your breaks differ from one another more than from the average."
        )
    return "On your breaks the calibration predicts about as well as the average lifter's values."


def _backtest() -> Backtest:
    user = current_user._get_current_object()
    return user_backtest(
        cache_for(current_app.extensions), get_session(), user, today_in(user.timezone)
    )


@bp.get("/backtest")
@login_required
def index() -> str:
    highlight = None
    raw = request.args.get("break")
    if raw is not None:
        if not raw.isdigit():
            abort(404)
        item = crud.breaks.get(session=get_session(), user_id=current_user.id, break_id=int(raw))
        if item is None:
            abort(404)
        highlight = item.start_date
    backtest = _backtest()
    user = current_user._get_current_object()
    return render_template(
        "backtest/index.html",
        backtest=backtest,
        summary=backtest.summary,
        sections=break_rows(backtest, user.unit, highlight),
        years=training_years_of(cache_for(current_app.extensions), get_session(), user),
        years_inferred=not user.training_years_set,
        intended=INTENDED_COVERAGE,
        back_days=BACK_DAYS,
        gap_days=MIN_GAP_DAYS,
        calibration=backtest.calibration,
        calibration_enabled=bool(user.personal_calibration),
        calibration_sentence=calibration_sentence(backtest.calibration),
        calibration_checked=backtest.calibration.fit.breaks >= 2,
        calibration_verdict=_verdict(backtest),
        calibration_left_out=left_out_lines(backtest.calibration),
    )


@bp.get("/backtest.json")
@login_required
def download() -> Response:
    """The same as ``flask --app tracker backtest --json FILE``."""
    body = json.dumps(to_json(_backtest()), indent=2, ensure_ascii=False) + "\n"
    return Response(
        body,
        mimetype="application/json",
        headers={"Content-Disposition": 'attachment; filename="regain-backtest.json"'},
    )
