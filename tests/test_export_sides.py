"""A one-sided cast and one-arm sets in Regain's JSON export, read back by its import, and the
sides the document may not say (issue 17)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from flask import Flask

from tests.conftest import Client, new_client
from tests.factories import catalogue_exercise, make_break, make_user, make_workout
from tests.importing import token_of, upload
from tests.test_export import TODAY, document, refused
from tests.test_transfer import comparable, confirm
from tracker.export import read_document
from tracker.models import User

ARM = ["biceps", "forearms", "shoulders", "triceps"]


def test_sides_go_out_and_come_back(app: Flask, auth_client: Client, user: User) -> None:
    curl = catalogue_exercise(app, "concentration_curl_dumbbell").id
    make_workout(
        app, user, dt.datetime(2026, 2, 2, 18),
        [{"exercise_id": curl, "reps": 10, "weight_kg": 12.0, "side": "right"},
         {"exercise_id": curl, "reps": 10, "weight_kg": 12.0}],
    )  # fmt: skip
    make_break(
        app, user, dt.date(2026, 1, 20), dt.date(2026, 2, 20), tuple(ARM),
        mode="immobilized", reason="injury", body_region="left_arm", side="left",
    )  # fmt: skip
    first = auth_client.get("/export.json").get_data()
    doc = json.loads(first)
    assert doc["breaks"][0]["side"] == "left"
    sets = doc["workouts"][0]["sets"]
    assert sets[0]["side"] == "right" and "side" not in sets[1]  # none said: left out
    fresh = make_user(app, email="fresh@example.com")
    client = new_client(app)
    client.login(fresh.email)
    confirm(client, token_of(upload(client, first, filename="regain.json")))
    second = client.get("/export.json").get_data()
    assert comparable(json.loads(second)) == comparable(doc)


def test_a_document_without_sides_reads_as_both_sides() -> None:
    doc = read_document(
        document(
            breaks=[{"start_date": "2026-01-01", "mode": "immobilized", "muscles": ARM}],
            workouts=[
                {
                    "started_at": "2026-01-02T06:00:00",
                    "sets": [{"exercise": "bench_press_barbell", "position": 1}],
                }
            ],
        ),
        today=TODAY,
    )
    assert doc.breaks[0].side is None and doc.parsed.workouts[0].sets[0].side is None


@pytest.mark.parametrize(
    ("item", "message"),
    [
        ({"mode": "immobilized", "muscles": ["abs"], "side": "left"}, "breaks[0].side"),
        ({"mode": "rest", "side": "left"}, "only an immobilised break has a side"),
        ({"mode": "immobilized", "muscles": ARM, "side": "up"}, "'up' is not one of left, right"),
    ],
)
def test_sides_the_forms_refuse(item: dict[str, object], message: str) -> None:
    text = document(breaks=[{"start_date": "2026-01-01", **item}])
    assert message in refused(text)


def test_a_set_side_that_is_not_a_side_is_refused() -> None:
    sets = [{"exercise": "bench_press_barbell", "position": 1, "side": "both"}]
    text = document(workouts=[{"started_at": "2026-01-02T06:00:00", "sets": sets}])
    assert "workouts[0].sets[0].side" in refused(text)
