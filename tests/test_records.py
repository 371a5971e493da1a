"""Personal records (tracker.records), worked out by hand, and where they show: a workout's
summary, the history and the exercise's page."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from flask import Flask

from tests.conftest import Client
from tests.factories import catalogue_exercise, make_workout
from tracker.models import User
from tracker.records import E1RM, HEAVIEST, REPS, LoggedSet, Record, find

BENCH, PULL, PLANK = 1, 2, 3
KINDS = {BENCH: "weighted", PULL: "bodyweight", PLANK: "timed"}


def log(*workouts: list[tuple[Any, ...]]) -> list[LoggedSet]:
    """Workouts in order, each a list of (exercise, reps, weight[, set kind])."""
    rows = []
    set_id = 0
    for workout_id, sets in enumerate(workouts, start=1):
        for item in sets:
            exercise, reps, weight = item[0], item[1], item[2]
            kind = item[3] if len(item) > 3 else "normal"
            set_id += 1
            rows.append(
                LoggedSet(workout_id, set_id, exercise, KINDS[exercise], kind, reps, weight)
            )
    return rows


def what(records: list[Record]) -> list[tuple[int, str, float, float]]:
    return [(r.workout_id, r.what, round(r.value, 2), round(r.previous, 2)) for r in records]


def test_the_first_workout_sets_nothing() -> None:
    assert find(log([(BENCH, 5, 100.0), (BENCH, 8, 80.0)])) == []


def test_each_record_worked_by_hand() -> None:
    rows = log(
        [(BENCH, 8, 80.0)],  # e1RM 80 x (1 + 8/30) = 101.33
        [(BENCH, 5, 82.5)],  # heaviest; e1RM 96.25, not more than 101.33
        [(BENCH, 10, 80.0)],  # 10 > 8 reps at 80 or heavier; e1RM 106.67 > 101.33
        [(BENCH, 6, 82.5)],  # 6 > 5 at 82.5 or heavier; e1RM 99.0: no
        [(BENCH, 9, 80.0)],  # 9 at 80: beaten by the 10 before: nothing
    )
    assert what(find(rows)) == [
        (2, HEAVIEST, 82.5, 80.0),
        (3, REPS, 10.0, 8.0),
        (3, E1RM, 106.67, 101.33),
        (4, REPS, 6.0, 5.0),
    ]


def test_reps_at_a_weight_count_heavier_sets_too() -> None:
    # 8 reps at 70 kg after 8 at 80: not more reps than at a heavier weight.
    assert what(find(log([(BENCH, 8, 80.0)], [(BENCH, 8, 70.0)]))) == []
    # 9 at 70: beats every set at 70 or heavier (8 at 80).
    found = find(log([(BENCH, 8, 80.0)], [(BENCH, 9, 70.0)]))
    assert [(r.what, r.value, r.weight_kg) for r in found] == [(REPS, 9.0, 70.0)]


def test_equalling_is_not_beating_and_warm_ups_never_count() -> None:
    rows = log(
        [(BENCH, 5, 100.0)],
        [(BENCH, 5, 100.0), (BENCH, 3, 120.0, "warmup")],
    )
    assert find(rows) == []


def test_one_record_of_each_kind_per_workout_the_best_set() -> None:
    rows = log(
        [(BENCH, 5, 100.0)],
        [(BENCH, 3, 102.5), (BENCH, 2, 105.0), (BENCH, 6, 100.0), (BENCH, 7, 90.0)],
    )
    found = find(rows)
    assert [(r.what, r.set_id) for r in found] == [
        (HEAVIEST, 3),  # 105 kg, the heaviest of the workout
        (REPS, 4),  # 6 at 100 (the heaviest weight beaten; 7 at 90 beats too)
        (E1RM, 4),  # 100 x 1.2 = 120 > 116.67 (5 at 100)
    ]


def test_bodyweight_lifts_count_added_weight_and_reps() -> None:
    rows = log(
        [(PULL, 8, None)],
        [(PULL, 10, None)],  # more reps at bodyweight
        [(PULL, 5, 10.0)],  # heavier: 10 kg added
        [(PLANK, None, None)],
    )
    assert what(find(rows)) == [(2, REPS, 10.0, 8.0), (3, HEAVIEST, 10.0, 0.0)]


def test_kilograms_from_pounds_are_the_same_weight() -> None:
    pounds = float(225 * 0.45359237)  # as the forms store 225 lb
    again = 225 * 0.45359237 + 1e-9
    assert find(log([(BENCH, 5, pounds)], [(BENCH, 5, again)])) == []


# --- where they show ------------------------------------------------------------------------


@pytest.fixture
def history(app: Flask, user: User) -> list[int]:
    bench = catalogue_exercise(app, "bench_press_barbell")
    days = [dt.datetime(2026, 3, day, 18) for day in (2, 5, 9)]
    ids = []
    for when, (reps, weight) in zip(days, [(8, 80.0), (5, 85.0), (6, 80.0)], strict=True):
        ids.append(
            make_workout(
                app, user, when, sets=[{"exercise_id": bench.id, "reps": reps, "weight_kg": weight}]
            ).id
            or 0
        )
    return ids


def test_the_summary_lists_the_records(auth_client: Client, history: list[int]) -> None:
    html = auth_client.get(f"/workouts/{history[1]}/summary").get_data(as_text=True)
    assert "Heaviest: 85 kg (before: 80 kg)" in html
    first = auth_client.get(f"/workouts/{history[0]}/summary").get_data(as_text=True)
    assert "No new records this time" in first
    # The third: 6 at 80 is no rep record (8 at 80 before), 80 x 1.2 = 96 < 101.3: nothing.
    third = auth_client.get(f"/workouts/{history[2]}/summary").get_data(as_text=True)
    assert "No new records this time" in third


def test_the_history_and_the_exercise_page_mark_them(
    app: Flask, auth_client: Client, history: list[int]
) -> None:
    html = auth_client.get("/workouts").get_data(as_text=True)
    marks = re.findall(r'href="/workouts/(\d+)/summary#records">(\d) personal record', html)
    assert marks == [(str(history[1]), "1")]
    bench = catalogue_exercise(app, "bench_press_barbell")
    page = auth_client.get(f"/exercises/{bench.id}").get_data(as_text=True)
    assert page.count("Record: Heaviest") == 1
    row = re.search(r"<tr>(?:(?!</tr>).)*Record: Heaviest.*?</tr>", page, re.S)
    assert row is not None and "5 @ 85 kg" in row.group(0)


def test_records_are_the_users_own(
    app: Flask, auth_client: Client, other_client: Client, user: User, history: list[int]
) -> None:
    assert other_client.get(f"/workouts/{history[1]}/summary").status_code == 404
    assert auth_client.get(f"/workouts/{history[1]}/summary").status_code == 200
