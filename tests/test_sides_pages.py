"""What users see of a one-sided break (issue 17): the break's page, its chart and the
dashboard show the injured and the healthy side apart where they differ; a cast of both arms
shows no sides."""

from __future__ import annotations

import datetime as dt
import re

from flask import Flask

from tests.conftest import Client
from tests.factories import catalogue_exercise, make_break, make_workout
from tracker.models import User

ARM = ("shoulders", "biceps", "triceps", "forearms")


def today() -> dt.date:
    return dt.datetime.now(dt.UTC).date()


def words(html: str) -> str:
    """The page's text: tags left out, runs of white space as one space."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))


def train(app: Flask, user: User, first: int, last: int, side: str | None = None) -> None:
    """Bench presses and curls three days a week, ``first`` to ``last`` days ago (curls of
    one side when ``side`` says so)."""
    bench = catalogue_exercise(app, "bench_press_barbell").id
    curl = catalogue_exercise(app, "concentration_curl_dumbbell").id
    for n in range(first, last - 1, -1):
        day = today() - dt.timedelta(days=n)
        if day.weekday() not in (0, 2, 4):
            continue
        sets = [{"exercise_id": bench, "reps": 8, "weight_kg": 80.0} for _ in range(3)]
        sets += [
            {"exercise_id": curl, "reps": 10, "weight_kg": 14.0, "side": side} for _ in range(3)
        ]
        make_workout(app, user, dt.datetime.combine(day, dt.time(18)), sets)


def test_a_left_arm_cast_shows_both_arms(app: Flask, auth_client: Client, user: User) -> None:
    train(app, user, 200, 43)
    train(app, user, 42, 1, side="right")  # in the cast: right-arm curls, two-arm presses
    item = make_break(
        app, user, today() - dt.timedelta(days=42), None, ARM, mode="immobilized",
        reason="injury", body_region="left_arm", side="left",
    )  # fmt: skip
    html = words(auth_client.get(f"/breaks/{item.id}/projection").get_data(as_text=True))
    assert "Left arm (the injured side): strength about" in html
    assert "Right arm (the other side): strength about" in html
    left = int(re.search(r"Left arm \(the injured side\): strength about (\d+)", html).group(1))  # type: ignore[union-attr]
    right = int(re.search(r"Right arm \(the other side\): strength about (\d+)", html).group(1))  # type: ignore[union-attr]
    assert left < right - 5
    assert "back to 95 %" in html.split("Left arm (the injured side)")[1].split("</li>")[0]
    # The chart's table names both sides, and its text says there is a third line.
    assert "Strength of the left arm by the return" in html
    assert "Strength of the right arm by the return" in html
    # The dashboard's card during the break, side by side.
    dash = words(auth_client.get("/").get_data(as_text=True))
    assert "Left arm (the injured side)" in dash and "Right arm (the other side)" in dash


def test_a_cast_of_both_arms_shows_no_sides(app: Flask, auth_client: Client, user: User) -> None:
    train(app, user, 200, 43)
    item = make_break(
        app, user, today() - dt.timedelta(days=42), None, ARM, mode="immobilized",
        reason="injury", body_region="upper_body",
    )  # fmt: skip
    html = words(auth_client.get(f"/breaks/{item.id}/projection").get_data(as_text=True))
    assert "the injured side" not in html and "Each side" not in html
    assert "the injured side" not in words(auth_client.get("/").get_data(as_text=True))


def test_another_user_sees_nothing_of_it(
    app: Flask, auth_client: Client, other_client: Client, user: User
) -> None:
    train(app, user, 100, 1, side="right")
    item = make_break(
        app, user, today() - dt.timedelta(days=30), None, ARM, mode="immobilized",
        reason="injury", body_region="left_arm", side="left",
    )  # fmt: skip
    assert other_client.get(f"/breaks/{item.id}/projection").status_code == 404
    assert "the injured side" not in words(other_client.get("/").get_data(as_text=True))


def test_the_title_of_a_break_going_on_says_since(
    app: Flask, auth_client: Client, user: User
) -> None:
    train(app, user, 120, 15)
    start = today() - dt.timedelta(days=14)
    going_on = make_break(app, user, start, None, reason="injury")
    html = words(auth_client.get(f"/breaks/{going_on.id}/projection").get_data(as_text=True))
    assert "Your injury break since " in html and " of since " not in html
    over = make_break(app, user, start - dt.timedelta(days=60), start - dt.timedelta(days=50))
    html = words(auth_client.get(f"/breaks/{over.id}/projection").get_data(as_text=True))
    assert "Your break of " in html


def test_the_dashboard_says_whose_strength_a_cast_costs(
    app: Flask, auth_client: Client, user: User
) -> None:
    train(app, user, 200, 43)
    train(app, user, 42, 1, side="right")
    make_break(
        app, user, today() - dt.timedelta(days=42), None, ARM, mode="immobilized",
        reason="injury", body_region="left_arm", side="left",
    )  # fmt: skip
    html = words(auth_client.get("/").get_data(as_text=True))
    # The headline's loss is the cast muscles', the body's standing is said as the body's.
    assert re.search(r"About \d+ % of the strength of the immobilised muscles lost so far", html)
    assert re.search(r"Your whole body: strength about \d+ % of your peak", html)
    assert "Lost in the immobilised muscles since the break began" in html
