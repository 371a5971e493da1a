"""Training years in settings (issue 13): read from the log when not set, shown, changeable, and
what the model uses."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from flask import Flask, current_app

from tests.conftest import Client, form_values
from tests.factories import catalogue_exercise, make_workout, session_for
from tracker.db import get_session
from tracker.models import User
from tracker.projections import cache_for
from tracker.projections.service import training_years_of as years_of


def training_years_of(user: User) -> float:
    """The training years the model uses for ``user`` (inside a request context)."""
    return years_of(cache_for(current_app.extensions), get_session(), user)


PROFILE = {
    "display_name": "Alice",
    "unit": "kg",
    "birth_year": "",
    "sex": "male",
    "timezone": "UTC",
    "gap_days": "14",
}


def reload(app: Flask, user: User) -> User:
    with session_for(app) as session:
        found = session.get(User, user.id)
        assert found is not None
        return found


def bench_log(app: Flask, user: Any, kg: float) -> None:
    bench = catalogue_exercise(app, "bench_press_barbell")
    for days_ago in (60, 58, 56):
        started = dt.datetime.combine(dt.date.today() - dt.timedelta(days=days_ago), dt.time(18))
        make_workout(app, user, started, [{"exercise_id": bench.id, "reps": 1, "weight_kg": kg}])


def test_not_set_and_nothing_to_read(auth_client: Client) -> None:
    html = auth_client.get("/settings").text
    assert "the model assumes an untrained start" in html
    assert form_values(html, "training_years") == ["0.0"]


def test_read_from_the_log_shown_and_used(app: Flask, user: Any, auth_client: Client) -> None:
    bench_log(app, user, 88.0)  # 1.10 x an 80 kg man: intermediate, 2 years
    html = auth_client.get("/settings").text
    assert "Read from your log" in html and "bench press at intermediate level" in html
    assert form_values(html, "training_years") == ["2.0"]
    with app.test_request_context():
        assert training_years_of(reload(app, user)) == pytest.approx(2.0)


def test_saving_unchanged_keeps_it_read_from_the_log(
    app: Flask, user: Any, auth_client: Client
) -> None:
    bench_log(app, user, 88.0)
    response = auth_client.post("/settings/profile", data={**PROFILE, "training_years": "2.0"})
    assert response.status_code == 302
    saved = reload(app, user)
    assert not saved.training_years_set
    assert saved.training_years == 0.0  # the stored number is untouched
    bench_log(app, user, 140.0)  # a later, stronger start would now be read instead
    with app.test_request_context():
        assert training_years_of(reload(app, user)) > 2.0


def test_a_number_of_ones_own_replaces_it_and_can_be_undone(
    app: Flask, user: Any, auth_client: Client
) -> None:
    bench_log(app, user, 88.0)
    auth_client.post("/settings/profile", data={**PROFILE, "training_years": "6"})
    saved = reload(app, user)
    assert saved.training_years_set and saved.training_years == pytest.approx(6.0)
    html = auth_client.get("/settings").text
    assert "Your own number" in html and "suggests about 2.0 years" in html
    assert form_values(html, "training_years") == ["6.0"]
    with app.test_request_context():
        assert training_years_of(saved) == pytest.approx(6.0)

    data = {**PROFILE, "training_years": "6", "training_years_from_log": "1"}
    assert auth_client.post("/settings/profile", data=data).status_code == 302
    saved = reload(app, user)
    assert not saved.training_years_set
    with app.test_request_context():
        assert training_years_of(saved) == pytest.approx(2.0)


def test_zero_of_ones_own_is_kept(app: Flask, user: Any, auth_client: Client) -> None:
    """A beginner whose first logged bench looks trained can say 0."""
    bench_log(app, user, 88.0)
    auth_client.post("/settings/profile", data={**PROFILE, "training_years": "0"})
    saved = reload(app, user)
    assert saved.training_years_set and saved.training_years == 0.0


@pytest.mark.parametrize("value", ["abc", "-1", "81", ""])
def test_bad_numbers_are_refused(app: Flask, user: Any, auth_client: Client, value: str) -> None:
    response = auth_client.post("/settings/profile", data={**PROFILE, "training_years": value})
    assert response.status_code == 400
    assert not reload(app, user).training_years_set
