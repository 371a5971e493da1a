"""The backtest page, its JSON download and the ``backtest`` command (tracker.views.backtest,
tracker.cli): as the user, as another user, as nobody, and with bad input."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner

from tests.factories import catalogue_exercise, make_break, make_workout

TODAY = dt.date.today()
BREAK_DAYS = 60


def log_a_break(app: Flask, user: Any, back_kg: float = 90.0) -> tuple[dt.date, dt.date]:
    """Bench three times a week for 16 weeks, about 60 days off, six weeks back at
    ``back_kg``. Returns the break's first day (the day after the last session) and the return
    day (the first session after it)."""
    bench = catalogue_exercise(app, "bench_press_barbell")
    back = TODAY - dt.timedelta(days=42)
    off = back - dt.timedelta(days=BREAK_DAYS)
    start = off - dt.timedelta(days=112)
    sessions = [
        start + dt.timedelta(days=k)
        for k in range((TODAY - start).days)
        if k % 7 in (0, 2, 4) and not off <= start + dt.timedelta(days=k) < back
    ]
    sessions.append(back)
    for day in sorted(set(sessions)):
        weight = 100.0 if day < off else back_kg
        sets = [{"exercise_id": bench.id, "reps": 5, "weight_kg": weight}] * 3
        make_workout(app, user, dt.datetime.combine(day, dt.time(18, 0)), sets)
    last_before = max(d for d in sessions if d < off)
    return last_before + dt.timedelta(days=1), back


def test_nobody_is_sent_to_log_in(client: Any) -> None:
    for url in ("/backtest", "/backtest.json"):
        response = client.get(url)
        assert response.status_code == 302
        assert "/login" in response.headers["Location"]


def test_without_breaks_the_page_says_so(auth_client: Any) -> None:
    page = auth_client.get("/backtest")
    assert page.status_code == 200
    assert "How well Regain has predicted you" in page.text
    assert "No past breaks yet" in page.text


def test_a_break_is_predicted_and_compared(app: Flask, user: Any, auth_client: Any) -> None:
    first, _back = log_a_break(app, user)
    page = auth_client.get("/backtest")
    assert page.status_code == 200
    assert "Bench Press (Barbell)" in page.text
    assert "90 %" in page.text  # what the lifter did: 90 kg x 5 against 100 kg x 5
    assert "Regain&#39;s model" in page.text or "Regain's model" in page.text
    assert f'id="break-{first.isoformat()}"' in page.text
    assert "116.7 kg" in page.text  # best before: 100 kg x 5, Epley: 100 x (1 + 5/30)


def test_the_json_download(app: Flask, user: Any, auth_client: Any) -> None:
    first, back = log_a_break(app, user)
    response = auth_client.get("/backtest.json")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert "attachment" in response.headers["Content-Disposition"]
    document = json.loads(response.text)
    (case,) = document["cases"]
    assert case["break_first_day"] == first.isoformat()
    assert case["return_day"] == back.isoformat()
    assert case["observed_ratio"] == pytest.approx(0.9)
    assert case["predicted_ratio_low"] <= case["predicted_ratio"] <= case["predicted_ratio_high"]
    assert document["summary"]["cases"] == 1


def test_another_user_sees_only_their_own(
    app: Flask, user: Any, auth_client: Any, other_client: Any
) -> None:
    log_a_break(app, user)
    item = make_break(app, user, TODAY - dt.timedelta(days=300), TODAY - dt.timedelta(days=290))
    page = other_client.get("/backtest")
    assert "No past breaks yet" in page.text
    assert "Bench Press" not in page.text
    assert json.loads(other_client.get("/backtest.json").text)["cases"] == []
    assert other_client.get(f"/backtest?break={item.id}").status_code == 404
    assert auth_client.get(f"/backtest?break={item.id}").status_code == 200


@pytest.mark.parametrize("value", ["abc", "-1", "1.5", "99999", ""])
def test_a_bad_break_parameter_is_not_found(auth_client: Any, value: str) -> None:
    assert auth_client.get(f"/backtest?break={value}").status_code == 404


def test_a_break_with_no_lift_to_compare(app: Flask, user: Any, auth_client: Any) -> None:
    pushup = catalogue_exercise(app, "push_up")
    for days_ago in (100, 98, 96, 20, 18):  # a 75-day gap, bodyweight only
        started = dt.datetime.combine(TODAY - dt.timedelta(days=days_ago), dt.time(7))
        make_workout(app, user, started, [{"exercise_id": pushup.id, "reps": 20}])
    page = auth_client.get("/backtest")
    assert "No lift to compare yet" in page.text


def test_linked_from_settings_and_from_a_past_break(
    app: Flask, user: Any, auth_client: Any
) -> None:
    log_a_break(app, user)
    item = make_break(app, user, TODAY - dt.timedelta(days=300), TODAY - dt.timedelta(days=290))
    assert "/backtest" in auth_client.get("/settings").text
    page = auth_client.get(f"/breaks/{item.id}/projection")
    assert f"/backtest?break={item.id}" in page.text


# --- the command -------------------------------------------------------------------------------


def test_the_command_for_an_unknown_user_fails(runner: FlaskCliRunner) -> None:
    result = runner.invoke(args=["backtest", "--user", "nobody@example.com"])
    assert result.exit_code != 0
    assert "no account" in result.output.lower()


def test_the_command_without_breaks(runner: FlaskCliRunner, user: Any, tmp_path: Path) -> None:
    out = tmp_path / "bt.json"
    result = runner.invoke(args=["backtest", "--user", user.email, "--json", str(out)])
    assert result.exit_code == 0, result.output
    assert "No past breaks" in result.output
    assert json.loads(out.read_text(encoding="utf-8"))["cases"] == []


def test_the_command_writes_the_cases(
    app: Flask, runner: FlaskCliRunner, user: Any, tmp_path: Path
) -> None:
    first, _back = log_a_break(app, user)
    out = tmp_path / "bt.json"
    result = runner.invoke(args=["backtest", "--user", user.email, "--json", str(out)])
    assert result.exit_code == 0, result.output
    assert "Regain's model" in result.output and '"nothing lost"' in result.output
    document = json.loads(out.read_text(encoding="utf-8"))
    (case,) = document["cases"]
    assert case["exercise"] == "Bench Press (Barbell)"
    assert case["break_first_day"] == first.isoformat()
    assert case["pre_e1rm_kg"] == pytest.approx(116.7)


def test_the_command_needs_a_user(runner: FlaskCliRunner) -> None:
    result = runner.invoke(args=["backtest"])
    assert result.exit_code != 0
    assert "--user" in result.output


def strong_csv(first: dt.date, back: dt.date, end: dt.date) -> str:
    """A Strong export: "Bench Press (Barbell)" three times a week, a gap from ``first`` to
    the day before ``back`` (100 kg before, 90 kg after)."""
    lines = [
        "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,"
        "Notes,Workout Notes,RPE"
    ]
    day = first - dt.timedelta(days=112)
    while day < end:
        if day.weekday() in (0, 2, 4) and not first <= day < back:
            weight = 100 if day < first else 90
            for order in (1, 2, 3):
                lines.append(
                    f"{day.isoformat()} 18:00:00,Push,1h,Bench Press (Barbell),{order},"
                    f"{weight},5,0,0,,,"
                )
        day += dt.timedelta(days=1)
    return "\n".join(lines) + "\n"


def test_the_names_a_lift_was_imported_under(
    app: Flask, runner: FlaskCliRunner, user: Any, tmp_path: Path
) -> None:
    back = TODAY - dt.timedelta(days=40)
    first = back - dt.timedelta(days=60)
    export = tmp_path / "strong.csv"
    export.write_text(strong_csv(first, back, TODAY), encoding="utf-8")
    imported = runner.invoke(args=["import", "--user", user.email, "--unit", "kg", str(export)])
    assert imported.exit_code == 0, imported.output
    out = tmp_path / "bt.json"
    result = runner.invoke(args=["backtest", "--user", user.email, "--json", str(out)])
    assert result.exit_code == 0, result.output
    (case,) = json.loads(out.read_text(encoding="utf-8"))["cases"]
    assert case["exercise"] == "Bench Press (Barbell)"
    assert case["source_names"] == ["Bench Press (Barbell)"]
    assert case["observed_ratio"] == pytest.approx(0.9)


def test_the_command_with_breaks_but_no_lift_to_compare(
    app: Flask, runner: FlaskCliRunner, user: Any, tmp_path: Path
) -> None:
    pushup = catalogue_exercise(app, "push_up")
    for days_ago in (100, 98, 96, 20, 18):
        started = dt.datetime.combine(TODAY - dt.timedelta(days=days_ago), dt.time(7))
        make_workout(app, user, started, [{"exercise_id": pushup.id, "reps": 20}])
    out = tmp_path / "bt.json"
    result = runner.invoke(args=["backtest", "--user", user.email, "--json", str(out)])
    assert result.exit_code == 0, result.output
    assert "nothing to compare" in result.output
    assert json.loads(out.read_text(encoding="utf-8"))["cases"] == []


# --- the personal calibration, leave-one-out ---------------------------------------------------


def test_several_breaks_show_the_error_with_and_without_calibration(
    app: Flask, user: Any, auth_client: Any, other_client: Any
) -> None:
    from tests.test_calibration_app import log_breaks

    log_breaks(app, user, (0.85, 0.85, 0.85))
    page = auth_client.get("/backtest").text
    assert "With your personal calibration" in page
    assert "Calibrated on your other breaks" in page
    assert "The average lifter (no calibration)" in page
    assert page.count("from your other breaks: ") == 6  # two lifts over three breaks
    assert "Calibrated on your 3 past breaks: you keep about" in page
    document = json.loads(auth_client.get("/backtest.json").text)
    assert document["calibration"]["breaks"] == 3
    assert document["summary"]["calibrated_cases"] == 6
    assert all(case["calibrated_ratio"] is not None for case in document["cases"])
    theirs = other_client.get("/backtest").text
    assert "from your other breaks" not in theirs and "Calibrated on your" not in theirs
    assert "Turned off" not in page
    assert auth_client.post("/settings/calibration", data={"use": "off"}).status_code == 302
    page = auth_client.get("/backtest").text
    assert "Turned off: your estimates use the average lifter's values." in page
    assert "Calibrated on your other breaks" in page  # the check still shown


def test_one_break_cannot_check_the_calibration(app: Flask, user: Any, auth_client: Any) -> None:
    log_a_break(app, user)
    page = auth_client.get("/backtest").text
    assert "Checking the calibration needs two breaks" in page
    assert "from your other breaks: " not in page


def test_a_return_the_calibration_left_out_is_named(
    app: Flask, user: Any, auth_client: Any
) -> None:
    from tests.test_calibration_app import log_breaks

    returns = log_breaks(app, user, (0.9, 0.9))
    bench = catalogue_exercise(app, "bench_press_barbell")
    started = dt.datetime.combine(returns[1] + dt.timedelta(days=1), dt.time(7))
    make_workout(app, user, started, [{"exercise_id": bench.id, "reps": 5, "weight_kg": 140.0}])
    page = auth_client.get("/backtest").text
    assert "Not learnt from (not a plausible return" in page
    assert "Bench Press (Barbell) after the break of" in page


def test_the_command_prints_the_calibration_leave_one_out(
    app: Flask, runner: FlaskCliRunner, user: Any
) -> None:
    from tests.test_calibration_app import log_breaks

    result = runner.invoke(args=["backtest", "--user", user.email])
    assert "Personal calibration" not in result.output  # nothing to learn from yet
    log_breaks(app, user, (0.85, 0.85, 0.85))
    result = runner.invoke(args=["backtest", "--user", user.email])
    assert result.exit_code == 0, result.output
    assert "Personal calibration (loss factor 1." in result.output
    assert "each break predicted from the others: mean error" in result.output
