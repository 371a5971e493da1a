"""Logging one-arm and one-leg sets (issue 17): the side picked is kept and shown again, the
name's side is the default, a one-arm exercise gets the healthy side during a one-sided cast,
and a side that is not one is refused at its field."""

from __future__ import annotations

import datetime as dt
import re

from flask import Flask

from tests.conftest import Client
from tests.factories import make_break
from tests.test_planned import rows_of as planned_rows
from tests.test_workouts import add, custom_exercise, ex, sets_of, start
from tracker.models import User

ARM = ("shoulders", "biceps", "triceps", "forearms")


def test_the_side_picked_is_kept_and_shown(app: Flask, auth_client: Client, user: User) -> None:
    curl = ex(app, "concentration_curl_dumbbell")
    workout_id = start(auth_client)
    assert (
        add(auth_client, workout_id, curl, reps="10", weight="12", side="right").status_code == 302
    )
    assert add(auth_client, workout_id, curl, reps="10", weight="12").status_code == 302
    first, second = sets_of(app, workout_id)
    assert (first.side, second.side) == ("right", None)
    html = auth_client.get(f"/sets/{first.id}/edit").get_data(as_text=True)
    assert 'selected value="right"' in html
    edited = {"reps": "10", "weight": "12", "kind": "normal", "side": "left"}
    assert auth_client.post(f"/sets/{first.id}/edit", data=edited).status_code == 302
    assert sets_of(app, workout_id)[0].side == "left"


def test_a_side_that_is_not_one_is_refused(app: Flask, auth_client: Client, user: User) -> None:
    curl = ex(app, "concentration_curl_dumbbell")
    workout_id = start(auth_client)
    response = add(auth_client, workout_id, curl, reps="10", weight="12", side="middle")
    assert response.status_code == 400
    assert "Pick left, right, or both sides." in response.get_data(as_text=True)
    assert sets_of(app, workout_id) == []


def test_the_name_says_the_side(app: Flask, auth_client: Client, user: User) -> None:
    left_curl = custom_exercise(app, user, "Cable Curl (Left)")
    workout_id = start(auth_client)
    add(auth_client, workout_id, left_curl, reps="10", weight="20")
    assert sets_of(app, workout_id)[0].side == "left"


def test_a_one_arm_exercise_in_a_one_sided_cast_is_the_healthy_side(
    app: Flask, auth_client: Client, user: User
) -> None:
    row = ex(app, "row_single_arm_cable")  # "Single Arm Cable Row": no side in the name
    make_break(
        app, user, dt.date(2026, 2, 20), dt.date(2026, 3, 20), ARM, mode="immobilized",
        reason="injury", body_region="left_arm", side="left",
    )  # fmt: skip
    in_cast = start(auth_client)  # 2 March 2026, in the cast
    add(auth_client, in_cast, row, reps="10", weight="30")
    assert sets_of(app, in_cast)[0].side == "right"
    after = start(auth_client, date="2026-04-06")
    add(auth_client, after, row, reps="10", weight="30")
    assert sets_of(app, after)[0].side is None  # no cast: both sides, as ever
    # The set form offers the side, "Both sides" chosen by default when there is no cast.
    html = auth_client.get(f"/sets/{sets_of(app, after)[0].id}/edit").get_data(as_text=True)
    assert re.search(r'<option selected value="">Both sides</option>', html)


def _side_select(html: str, uid: str) -> str:
    """The side picker of one planned row on the workout page."""
    row = re.search(r'<li [^>]*data-uid="' + uid + r'"[\s\S]*?</li>', html)
    assert row is not None, uid
    found = re.search(r'<select name="side"[\s\S]*?</select>', row.group(0))
    return found.group(0) if found else ""


def test_a_planned_row_of_a_one_arm_exercise_picks_its_side(
    app: Flask, auth_client: Client, user: User
) -> None:
    row = ex(app, "row_single_arm_cable")
    squat = ex(app, "squat_barbell")
    make_break(
        app, user, dt.date(2026, 2, 20), dt.date(2026, 3, 20), ARM, mode="immobilized",
        reason="injury", body_region="left_arm", side="left",
    )  # fmt: skip
    in_cast = start(auth_client)  # 2 March 2026, in the cast
    for exercise in (row, squat):
        response = auth_client.post(
            f"/workouts/{in_cast}/exercises", data={"exercise_id": str(exercise.id)}
        )
        assert response.status_code == 302
    rows = planned_rows(app, in_cast)
    one_arm = [r for r in rows if r.exercise_id == row.id]
    two_legs = [r for r in rows if r.exercise_id == squat.id]
    html = auth_client.get(f"/workouts/{in_cast}").get_data(as_text=True)
    # The one-arm exercise's rows offer the side, the healthy one chosen; a squat offers none.
    picker = _side_select(html, one_arm[0].uid)
    assert '<option value="right" selected>Right only</option>' in picker
    assert _side_select(html, two_legs[0].uid) == ""
    done = {"action": "done", "reps": "10", "weight": "30"}
    path = f"/workouts/{in_cast}/rows/"
    assert auth_client.post(path + one_arm[0].uid, data={**done, "side": "left"}).status_code == 302
    assert auth_client.post(path + one_arm[1].uid, data=done).status_code == 302
    assert auth_client.post(path + two_legs[0].uid, data=done).status_code == 302
    # Picked, the healthy side by default, and a two-sided lift's none.
    assert [s.side for s in sets_of(app, in_cast)] == ["left", "right", None]
    # A side that is not one is refused at the row, and nothing is logged.
    bad = auth_client.post(path + one_arm[2].uid, data={**done, "side": "middle"})
    assert bad.status_code == 400
    assert "Pick left, right, or both sides." in bad.get_data(as_text=True)
    assert len(sets_of(app, in_cast)) == 3
