"""The personal calibration in settings: what it says with no, one and several breaks, the
switch (as the user, as another user, as nobody, with bad input), returns left out."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from flask import Flask

from tests.conftest import Client
from tests.factories import catalogue_exercise, make_workout
from tests.test_calibration_app import fresh, log_breaks


def test_nobody_is_sent_to_log_in(client: Any) -> None:
    response = client.post("/settings/calibration", data={"use": "off"})
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_without_breaks_it_says_what_it_will_do(auth_client: Client) -> None:
    page = auth_client.get("/settings").get_data(as_text=True)
    assert "Personal calibration" in page
    assert "Once your log holds a break you came back from" in page
    assert "Calibrated on your" not in page


def test_several_breaks_are_calibrated_and_said_so(
    app: Flask, user: Any, auth_client: Client
) -> None:
    log_breaks(app, user, (0.85, 0.85, 0.85))
    page = auth_client.get("/settings").get_data(as_text=True)
    assert "Calibrated on your 3 past breaks: you keep about" in page
    assert "less strength than the average lifter in a break, and regain" in page
    assert re.search(r'<input checked[^>]*value="on"', page)


def test_one_break_is_said_in_the_singular(app: Flask, user: Any, auth_client: Client) -> None:
    log_breaks(app, user, (0.9,))
    assert "Calibrated on your 1 past break:" in auth_client.get("/settings").get_data(as_text=True)


def test_the_switch_turns_it_off_and_on(app: Flask, user: Any, auth_client: Client) -> None:
    log_breaks(app, user, (0.85, 0.85))
    version = fresh(app, user).data_version
    response = auth_client.post("/settings/calibration", data={"use": "off"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/settings#calibration")
    assert fresh(app, user).personal_calibration is False
    assert fresh(app, user).data_version > version  # the cached estimates are stale
    page = auth_client.get("/settings").get_data(as_text=True)
    assert "Off: your estimates use the average lifter's values." in page
    assert re.search(r'<input checked[^>]*value="off"', page)
    assert "Calibrated on your 2 past breaks" in page  # still said what it learnt
    assert auth_client.post("/settings/calibration", data={"use": "on"}).status_code == 302
    assert fresh(app, user).personal_calibration is True


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"use": "maybe"}, "Not a valid choice"),
        ({"use": ""}, "Choose one of the two."),
        ({}, "Choose one of the two."),
        ({"use": "off' OR 1=1"}, "Not a valid choice"),
    ],
)
def test_bad_input_is_refused_at_the_field(
    app: Flask, user: Any, auth_client: Client, data: dict[str, str], message: str
) -> None:
    response = auth_client.post("/settings/calibration", data=data)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert fresh(app, user).personal_calibration is True


def test_without_the_csrf_token_nothing_changes(app: Flask, user: Any, auth_client: Client) -> None:
    response = auth_client.post("/settings/calibration", data={"use": "off"}, csrf=False)
    assert response.status_code == 400
    assert fresh(app, user).personal_calibration is True


def test_another_user_changes_only_their_own(
    app: Flask, user: Any, other_user: Any, auth_client: Client, other_client: Client
) -> None:
    log_breaks(app, user, (0.85, 0.85))
    assert other_client.post("/settings/calibration", data={"use": "off"}).status_code == 302
    assert fresh(app, other_user).personal_calibration is False
    assert fresh(app, user).personal_calibration is True
    theirs = other_client.get("/settings").get_data(as_text=True)
    assert "Calibrated on your" not in theirs  # the other user's breaks are not theirs


def test_an_implausible_return_is_listed(app: Flask, user: Any, auth_client: Client) -> None:
    returns = log_breaks(app, user, (0.9, 0.9))
    bench = catalogue_exercise(app, "bench_press_barbell")
    started = dt.datetime.combine(returns[0] + dt.timedelta(days=1), dt.time(7))
    # 170 % of the 100 kg before: a typo.
    make_workout(app, user, started, [{"exercise_id": bench.id, "reps": 5, "weight_kg": 170.0}])
    page = auth_client.get("/settings").get_data(as_text=True)
    assert "Left out as not a plausible return" in page
    assert "Bench Press (Barbell) after the break of" in page and "(170 %)" in page
