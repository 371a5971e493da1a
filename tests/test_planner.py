"""The planner: the numbers are the model's, bad input gets a message, plans can be saved."""

from __future__ import annotations

import datetime as dt
import html
import re
from typing import Any

import numpy as np
import pytest
from flask import Flask
from sqlmodel import select

from tests.conftest import new_client
from tests.factories import catalogue_exercise, make_break, make_user, make_workout, session_for
from tracker.break_days import today_in
from tracker.chart_data import date_band_text, loss_text
from tracker.crud import plans as plans_crud
from tracker.models import Break, BreakMuscle, Plan, PlanBase, User
from tracker.physiology import Phase, Profile, initial_state, protocol_inputs, simulate
from tracker.physiology.muscles import MUSCLE_KEYS
from tracker.physiology.protocol import break_loss, regain_days
from tracker.projections import DateBand, Estimate, horizon_for


def _today() -> dt.date:
    return today_in("UTC")


def _facts(page: str) -> dict[str, str]:
    """The first result card's facts: "Lost by its end" -> "Size ..., strength ...."."""
    block = page[page.index('id="plan-result-title"') :]
    block = block[: block.index("</dl>")]
    pairs = re.findall(r"<dt>(.*?)</dt>\s*<dd>(.*?)</dd>", block, re.S)
    return {html.unescape(k.strip()): html.unescape(" ".join(v.split())) for k, v in pairs}


def _band(series: np.ndarray, ref: np.ndarray, fraction: float, end: int, today: dt.date) -> str:
    """When ``series`` (rows, 3) reaches ``fraction`` of ``ref``, written as the page writes it."""
    found = []
    for k in range(3):
        hits = np.flatnonzero(series[end:, k] >= fraction * ref[k] - 1e-12)
        found.append(end + int(hits[0]) if hits.size else None)
    known = [f for f in found if f is not None]

    def date(row: int | None) -> dt.date | None:
        return None if row is None else today + dt.timedelta(days=row)

    band = DateBand(
        date(found[1]),
        date(min(known)) if known else None,
        date(max(known)) if None not in found else None,
    )
    return date_band_text(band, horizon_text="not within the time followed")


# --- the numbers match the model -------------------------------------------------------------


@pytest.fixture
def lifter(app: Flask) -> Any:
    """No workouts logged, three years of training before Regain: a profile-only estimate."""
    return make_user(app, email="plan@example.com", birth_year=1990, training_years=3.0, sex="male")


def test_rest_plan_matches_the_model(app: Flask, lifter: Any) -> None:
    client = new_client(app)
    client.login(lifter.email)
    today = _today()
    page = client.get(f"/planner?start={today}&days=56&kind=rest&dose=1").get_data(as_text=True)
    assert "profile-only" in page
    facts = _facts(page)

    # The model, called directly: the user's state today, 56 days of rest, then the typical
    # programme; the whole body is the plain mean of the groups (nothing logged to weigh them).
    profile = Profile(age=today.year - 1990, sex="male", training_years=3.0)
    phases = [Phase("rest", 56), Phase("train", horizon_for(56))]
    sim = simulate(
        protocol_inputs(phases, MUSCLE_KEYS), profile, initial=initial_state(profile, MUSCLE_KEYS)
    )
    size = np.stack([sim.size_low, sim.size, sim.size_high], axis=1).mean(axis=2)
    strength = np.stack([sim.strength_low, sim.strength, sim.strength_high], axis=1).mean(axis=2)
    size_loss = Estimate.of(1 - size[56] / size[0])
    strength_loss = Estimate.of(1 - strength[56] / strength[0])
    assert size_loss.central > 0.03  # a real loss, so the comparison means something
    assert facts["Lost by its end"] == (
        f"Size {loss_text(size_loss)}, strength {loss_text(strength_loss)}."
    )
    assert facts["Size back to 95 %"] == _band(size, size[0], 0.95, 56, today)
    assert facts["Size back to 100 %"] == _band(size, size[0], 1.0, 56, today)
    assert facts["Strength back to 100 %"] == _band(strength, strength[0], 1.0, 56, today)


def test_immobilised_plan_matches_the_break_helpers(app: Flask, lifter: Any) -> None:
    client = new_client(app)
    client.login(lifter.email)
    today = _today()
    page = client.get(
        f"/planner?start={today}&days=21&kind=immobilized&muscles=quads&dose=1.5"
    ).get_data(as_text=True)
    facts = _facts(page)
    profile = Profile(age=today.year - 1990, sex="male", training_years=3.0)
    state = initial_state(profile, MUSCLE_KEYS)
    pause = Phase("immobilized", 21)
    loss = break_loss(state, pause, profile, affected=("quads",), groups=("quads",))["quads"]
    regain = regain_days(
        state, pause, profile, dose=1.5, horizon=horizon_for(21), affected=("quads",),
        groups=("quads",),
    )["quads"]  # fmt: skip
    size_loss = Estimate(loss.size, loss.size_least, loss.size_most)
    strength_loss = Estimate(loss.strength, loss.strength_least, loss.strength_most)
    assert facts["Lost by its end"] == (
        f"Size {loss_text(size_loss)}, strength {loss_text(strength_loss)}."
    )
    assert strength_loss.central > size_loss.central  # strength falls faster in a cast

    def text(days: Any) -> str:
        end = today + dt.timedelta(days=21)

        def date(n: int | None) -> dt.date | None:
            return None if n is None else end + dt.timedelta(days=n)

        band = DateBand(date(days.central), date(days.fastest), date(days.slowest))
        return date_band_text(band, horizon_text="not within the time followed")

    assert facts["Size back to 95 %"] == text(regain.size_95)
    assert facts["Size back to 100 %"] == text(regain.size_100)
    assert facts["Strength back to 95 %"] == text(regain.strength_95)


def test_options_side_by_side(app: Flask, user: Any, auth_client: Any) -> None:
    today = _today()
    bench = catalogue_exercise(app, "bench_press_barbell")
    for n in range(3, 120, 2):
        sets = [{"exercise_id": bench.id, "reps": 8, "weight_kg": 80.0}] * 4
        make_workout(app, user, dt.datetime.combine(today - dt.timedelta(days=n), dt.time(8)), sets)
    page = auth_client.get(
        f"/planner?start={today + dt.timedelta(days=3)}&days=70&kind=rest&compare=reduced_1"
        "&compare=reduced_2&dose=1"
    ).get_data(as_text=True)
    assert "profile-only" not in page
    table = page[page.index('class="plan-compare') :]
    cell = r'<th scope="row">(.*?)</th>\s*<td data-label="Size lost">(\d+) %'
    rows = re.findall(cell, table, re.S)
    losses = {label.split(" (")[0]: int(loss) for label, loss in rows}
    assert list(losses) == ["Complete rest", "1 session a week", "2 sessions a week"]
    # Training once a week keeps more than resting; twice keeps at least as much.
    assert losses["Complete rest"] > losses["1 session a week"] >= losses["2 sessions a week"]
    assert 'src="/charts/planner.svg?' in page


def test_first_visit_shows_a_default_plan(auth_client: Any) -> None:
    page = auth_client.get("/planner")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Lost by its end" in text
    assert "The options over time" in text


# --- bad input --------------------------------------------------------------------------------

TODAY = _today()


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("days=0", "A break lasts at least 1 day."),
        ("days=-5", "A break lasts at least 1 day."),
        ("days=1096", "up to three years"),
        ("days=abc", "Enter a whole number."),
        ("days=1e3", "Enter a whole number."),
        ("days=" + "9" * 5000, "Enter a whole number."),
        ("days=", "Enter the length in days"),
        ("start=2024-02-30", "Enter a date like"),
        ("start=yesterday", "Enter a date like"),
        ("start=%3Cscript%3E", "Enter a date like"),
        (f"start={TODAY - dt.timedelta(days=1)}", "That day has passed"),
        (f"start={TODAY + dt.timedelta(days=4 * 365)}", "at most three years ahead"),
        ("start=", "Enter the first day"),
        ("kind=swim", "Pick one of the kinds of break listed."),
        ("kind=", "Pick one of the kinds of break listed."),
        ("kind=immobilized", "Pick the immobilised muscle groups, or a body region."),
        ("kind=immobilized&muscles=wings", "does not know the muscle group &#39;wings&#39;"),
        ("kind=immobilized&region=tail", "Pick a body region from the list"),
        ("kind=reduced&sessions=0", "Between 1 and 7 sessions a week."),
        ("kind=reduced&sessions=8", "Between 1 and 7 sessions a week."),
        ("kind=reduced&sessions=two", "Enter a whole number."),
        ("kind=reduced&sessions=", "Enter the sessions a week"),
        ("dose=0.1", "Between 0.25 and 2"),
        ("dose=3", "Between 0.25 and 2"),
        ("dose=-1", "Between 0.25 and 2"),
        ("dose=nan", "Enter a number such as 1 or 0.5."),
        ("dose=inf", "Enter a number such as 1 or 0.5."),
        ("dose=lots", "Enter a number such as 1 or 0.5."),
        ("dose=", "Enter a number between 0.25 and 2"),
        ("compare=swim", "Not an option to compare with"),
    ],
)
def test_bad_input_gets_a_message_at_its_field(auth_client: Any, query: str, message: str) -> None:
    base = {
        "start": (TODAY + dt.timedelta(days=7)).isoformat(),
        "days": "28",
        "kind": "rest",
        "dose": "1",
    }
    # The bad value replaces its field's good one; other fields keep theirs.
    name = query.split("=", 1)[0]
    parts = [f"{k}={v}" for k, v in base.items() if k != name]
    parts.append(query)
    url = "/planner?" + "&".join(parts)
    response = auth_client.get(url)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert message in page
    assert 'class="error"' in page
    assert "Lost by its end" not in page  # no result from bad input
    # The chart route refuses the same input without an error page of its own.
    chart = auth_client.get(url.replace("/planner?", "/charts/planner.svg?"))
    assert chart.status_code == 404


def test_bad_input_keeps_what_was_typed(auth_client: Any) -> None:
    page = auth_client.get("/planner?days=abc&kind=rest&dose=1&start=2030-01-01")
    assert 'value="abc"' in page.get_data(as_text=True)


# --- saved plans -------------------------------------------------------------------------------


def _plan(app: Flask, user: Any, start: dt.date, **fields: Any) -> Plan:
    data = PlanBase(start_date=start, **{"days": 14, "mode": "rest", **fields})
    with session_for(app) as session:
        return plans_crud.create(session=session, user_id=user.id, data=data)


def test_save_list_and_delete_a_plan(app: Flask, user: Any, auth_client: Any) -> None:
    start = TODAY + dt.timedelta(days=10)
    response = auth_client.post(
        "/planner/plans",
        data={
            "start": start.isoformat(),
            "days": "21",
            "kind": "reduced",
            "sessions": "2",
            "dose": "1.5",
            "name": "Summer holiday",
            "compare": ["rest"],
        },
    )
    assert response.status_code == 302
    assert f"start={start}" in response.headers["Location"]
    with session_for(app) as session:
        plan = session.exec(select(Plan)).one()
    assert (plan.name, plan.days, plan.mode, plan.sessions_per_week, plan.dose_after) == (
        "Summer holiday",
        21,
        "reduced",
        2,
        1.5,
    )
    page = auth_client.get("/planner").get_data(as_text=True)
    assert "Summer holiday" in page
    assert "Stays a plan until" in page  # a future plan cannot become a break yet
    confirm = auth_client.get(f"/planner/plans/{plan.id}/delete")
    assert confirm.status_code == 200
    assert "Delete the plan" in confirm.get_data(as_text=True)
    assert auth_client.post(f"/planner/plans/{plan.id}/delete").status_code == 302
    with session_for(app) as session:
        assert session.exec(select(Plan)).first() is None


def test_saving_bad_input_shows_the_form_again(app: Flask, auth_client: Any) -> None:
    response = auth_client.post(
        "/planner/plans", data={"start": "never", "days": "0", "kind": "rest", "dose": "1"}
    )
    assert response.status_code == 400
    assert "Enter a date like" in response.get_data(as_text=True)
    with session_for(app) as session:
        assert session.exec(select(Plan)).first() is None


def test_saving_needs_a_csrf_token(auth_client: Any) -> None:
    response = auth_client.post(
        "/planner/plans", data={"start": "2030-01-01", "days": "5", "kind": "rest"}, csrf=False
    )
    assert response.status_code == 400


def test_a_plan_that_has_started_becomes_a_break(app: Flask, user: Any, auth_client: Any) -> None:
    start = TODAY - dt.timedelta(days=2)
    plan = _plan(
        app, user, start, days=10, mode="immobilized", muscles="biceps,triceps", name="Cast"
    )
    response = auth_client.post(f"/planner/plans/{plan.id}/break")
    assert response.status_code == 302
    with session_for(app) as session:
        item = session.exec(select(Break)).one()
        muscles = sorted(m.muscle for m in session.exec(select(BreakMuscle)))
        saved = session.get(Plan, plan.id)
        version = session.get(User, user.id)
    assert (item.start_date, item.end_date, item.mode) == (
        start,
        start + dt.timedelta(days=9),
        "immobilized",
    )
    assert muscles == ["biceps", "triceps"]
    assert saved is not None and saved.break_id == item.id
    assert version is not None and version.data_version > user.data_version
    assert response.headers["Location"].endswith(f"/breaks/{item.id}/projection")
    # Twice: nothing more.
    auth_client.post(f"/planner/plans/{plan.id}/break")
    with session_for(app) as session:
        assert len(session.exec(select(Break)).all()) == 1


def test_a_future_plan_stays_a_plan(app: Flask, user: Any, auth_client: Any) -> None:
    plan = _plan(app, user, TODAY + dt.timedelta(days=1))
    response = auth_client.post(f"/planner/plans/{plan.id}/break", follow_redirects=True)
    assert "stays a plan" in response.get_data(as_text=True)
    with session_for(app) as session:
        assert session.exec(select(Break)).first() is None


def test_a_plan_overlapping_a_break_stays_a_plan(app: Flask, user: Any, auth_client: Any) -> None:
    make_break(app, user, TODAY - dt.timedelta(days=5), None)
    plan = _plan(app, user, TODAY - dt.timedelta(days=1), mode="reduced", sessions_per_week=1)
    response = auth_client.post(f"/planner/plans/{plan.id}/break", follow_redirects=True)
    assert "overlaps this plan" in response.get_data(as_text=True)
    with session_for(app) as session:
        assert len(session.exec(select(Break)).all()) == 1


def test_another_users_plan_is_not_found(app: Flask, user: Any, other_client: Any) -> None:
    plan = _plan(app, user, TODAY - dt.timedelta(days=1))
    assert other_client.get(f"/planner/plans/{plan.id}/delete").status_code == 404
    assert other_client.post(f"/planner/plans/{plan.id}/delete").status_code == 404
    assert other_client.post(f"/planner/plans/{plan.id}/break").status_code == 404
    assert "A plan" not in other_client.get("/planner").get_data(as_text=True)
    with session_for(app) as session:
        assert session.exec(select(Plan)).one().break_id is None


def test_visitors_are_sent_to_log_in(client: Any) -> None:
    for url in ("/planner", "/planner/plans/1/delete", "/charts/planner.svg"):
        response = client.get(url)
        assert response.status_code == 302
        assert "/login" in response.headers["Location"]


def test_visitors_cannot_change_plans(app: Flask, user: Any, client: Any) -> None:
    plan = _plan(app, user, TODAY - dt.timedelta(days=1))
    posts = {
        "/planner/plans": {"start": TODAY.isoformat(), "days": "14", "kind": "rest", "dose": "1"},
        f"/planner/plans/{plan.id}/break": {},
        f"/planner/plans/{plan.id}/delete": {},
    }
    for url, data in posts.items():
        response = client.post(url, data=data)
        assert response.status_code == 302
        assert "/login" in response.headers["Location"]
    with session_for(app) as session:
        saved = session.exec(select(Plan)).one()
        assert saved.break_id is None
        assert session.exec(select(Break)).all() == []


def test_visitors_cannot_see_a_break_projection(app: Flask, user: Any, client: Any) -> None:
    item = make_break(app, user, TODAY - dt.timedelta(days=30), TODAY - dt.timedelta(days=10))
    for url in (f"/breaks/{item.id}/projection", f"/charts/break/{item.id}.svg"):
        response = client.get(url)
        assert response.status_code == 302
        assert "/login" in response.headers["Location"]
