"""The export (JSON and CSV, web and CLI) and a Regain export imported back.

The fixtures are small exports written here by hand; expected values are worked out from their
text (1 lb = 0.45359237 kg exactly, so 135 lb = 61.23496995 kg). Line numbers count the header
as line 1, as the importers' messages do.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner

from tests.conftest import Client, new_client
from tests.factories import (
    catalogue_exercise,
    count,
    make_break,
    make_user,
    make_workout,
    session_for,
)
from tests.importing import sets_of, text_of, token_of, upload
from tracker import crud
from tracker.models import (
    Exercise,
    ExerciseMapping,
    ExerciseMuscle,
    Plan,
    TrainingGap,
    User,
    Workout,
)

KG_PER_LB = 0.45359237

# Strong S3 with catalogue names only, so that what the import makes of them is certain.
STRONG_S3 = """\
Date;Workout Name;Exercise Name;Set Order;Weight;Weight Unit;Reps;RPE;Distance;Distance Unit;\
Seconds;Notes;Workout Notes
2024-01-02 18:00:00;"Push";"Bench Press (Barbell)";1;60;kg;8;;;;0;"";"first day"
2024-01-02 18:00:00;"Push";"Bench Press (Barbell)";2;135;lbs;6;8;;;0;"heavy";""
2024-01-04 18:30:00;"Pull";"Deadlift (Barbell)";1;100;kg;5;;;;0;"";""
2024-02-10 09:00:00;"Legs";"Squat (Barbell)";1;80;kg;5;;;;0;"";""
"""


def confirm(client: Client, token: str) -> str:
    """Import as suggested; the import's page as text."""
    response = client.post(f"/import/{token}", data={"accept_all": "1"})
    assert response.status_code == 302, response.get_data(as_text=True)
    return text_of(client.get(response.headers["Location"]).get_data(as_text=True))


def import_s3(client: Client) -> str:
    return confirm(client, token_of(upload(client, STRONG_S3, filename="strong.csv")))


def rich_history(app: Flask, user: User) -> dict[str, Any]:
    """A profile, a custom exercise, a workout, a break, a training gap, a plan, a mapping."""
    bench = catalogue_exercise(app, "bench_press_barbell")
    with session_for(app) as session:
        me = session.get(User, user.id)
        assert me is not None
        crud.users.update_profile(
            session=session,
            user=me,
            changes={
                "display_name": "Alice A.",
                "unit": "lb",
                "birth_year": 1990,
                "sex": "female",
                "training_years": 3.5,
                "timezone": "Europe/Berlin",
                "gap_days": 21,
            },
        )
        custom = Exercise(name="Zercher Walk", equipment="barbell", owner_id=user.id)
        session.add(custom)
        session.flush()
        session.add(ExerciseMuscle(exercise_id=custom.id, muscle="quads", role="primary"))
        session.add(ExerciseMuscle(exercise_id=custom.id, muscle="abs", role="secondary"))
        session.add(ExerciseMapping(user_id=user.id, normalized="zercher", exercise_id=custom.id))
        session.commit()
        session.refresh(custom)
    make_workout(
        app,
        user,
        dt.datetime(2024, 5, 1, 7, 30),
        sets=[
            {"exercise_id": bench.id, "reps": 5, "weight_kg": 100.0, "rpe": 8.0},
            {
                "exercise_id": custom.id,
                "kind": "warmup",
                "seconds": 60,
                "distance_m": 50.0,
                "notes": "=cmd",
            },
        ],
        title="Morning",
        notes="felt good",
        duration_minutes=45,
    )
    injury = make_break(
        app,
        user,
        dt.date(2024, 6, 1),
        dt.date(2024, 6, 20),
        muscles=("forearms", "biceps"),
        reason="injury",
        mode="immobilized",
        body_region="left_arm",
        notes="cast",
    )
    with session_for(app) as session:
        session.add(
            TrainingGap(
                user_id=user.id, start_date=dt.date(2024, 7, 1), end_date=dt.date(2024, 7, 10)
            )
        )
        session.add(
            Plan(
                user_id=user.id,
                name="Summer",
                start_date=dt.date(2024, 8, 1),
                days=14,
                mode="reduced",
                sessions_per_week=2,
                muscles="chest,triceps",
                dose_after=0.5,
                break_id=injury.id,
            )
        )
        session.commit()
    return {"bench": bench, "custom": custom}


def test_export_json(app: Flask, auth_client: Client, user: User) -> None:
    made = rich_history(app, user)
    response = auth_client.get("/export.json")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    disposition = response.headers["Content-Disposition"]
    assert re.fullmatch(r'attachment; filename="regain-\d{4}-\d\d-\d\d\.json"', disposition)
    body = response.get_data(as_text=True)
    assert "password" not in body and "data_version" not in body
    document = json.loads(body)
    assert (document["format"], document["format_version"]) == ("regain", 1)
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", document["exported_at"])
    profile = document["profile"]
    assert profile.pop("created_at")
    assert profile == {
        "email": "alice@example.com",
        "display_name": "Alice A.",
        "unit": "lb",
        "birth_year": 1990,
        "sex": "female",
        "training_years": 3.5,
        "training_years_set": False,  # users.training_years_set: not changed in settings
        "timezone": "Europe/Berlin",
        "gap_days": 21,
        "personal_calibration": True,  # the settings' switch, on by default
    }
    assert document["custom_exercises"] == [
        {
            "name": "Zercher Walk",
            "equipment": "barbell",
            "kind": "weighted",
            "primary": ["quads"],
            "secondary": ["abs"],
        }
    ]
    assert document["workouts"] == [
        {
            "started_at": "2024-05-01T07:30:00",
            "title": "Morning",
            "duration_minutes": 45,
            "notes": "felt good",
            "source": "manual",
            "source_key": None,
            "sets": [
                {
                    "exercise": "bench_press_barbell",
                    "position": 1,
                    "kind": "normal",
                    "reps": 5,
                    "weight_kg": 100.0,
                    "rpe": 8.0,
                },
                {
                    "custom_exercise": "Zercher Walk",
                    "position": 2,
                    "kind": "warmup",
                    "distance_m": 50.0,
                    "seconds": 60,
                    "notes": "=cmd",
                },
            ],
        }
    ]
    assert document["breaks"] == [
        {
            "ref": 1,
            "start_date": "2024-06-01",
            "end_date": "2024-06-20",
            "reason": "injury",
            "mode": "immobilized",
            "sessions_per_week": None,
            "body_region": "left_arm",
            "notes": "cast",
            "muscles": ["biceps", "forearms"],
        }
    ]
    assert document["training_gaps"] == [{"start_date": "2024-07-01", "end_date": "2024-07-10"}]
    assert document["plans"] == [
        {
            "name": "Summer",
            "start_date": "2024-08-01",
            "days": 14,
            "mode": "reduced",
            "sessions_per_week": 2,
            "muscles": ["chest", "triceps"],
            "dose_after": 0.5,
            "break": 1,
        }
    ]
    assert document["exercise_mappings"] == [{"name": "zercher", "custom_exercise": "Zercher Walk"}]
    assert made["custom"].name == "Zercher Walk"


def test_export_csv(app: Flask, auth_client: Client, user: User) -> None:
    made = rich_history(app, user)
    for url in ("/export.csv", "/export?format=csv"):
        response = auth_client.get(url)
        assert response.status_code == 200
        assert response.mimetype == "text/csv"
        assert response.headers["Content-Disposition"].endswith('.csv"')
        lines = response.get_data(as_text=True).splitlines()
        assert lines == [
            "Date,Time,Workout,Exercise,Set Order,Kind,Weight,Unit,Reps,RPE,Distance (m),Seconds,"
            "Notes",
            # 100 kg / 0.45359237 = 220.462... lb, shown to 0.01
            f"2024-05-01,07:30,Morning,{made['bench'].name},1,normal,220.46,lb,5,8,,,",
            # a note that a spreadsheet would run as a formula is quoted with an apostrophe
            "2024-05-01,07:30,Morning,Zercher Walk,2,warmup,,,,,50,60,'=cmd",
        ]


def test_cli_export(app: Flask, runner: FlaskCliRunner, user: User, tmp_path: Path) -> None:
    rich_history(app, user)
    shown = runner.invoke(args=["export", "--user", user.email, "--format", "csv"])
    assert shown.exit_code == 0, shown.output
    assert shown.stdout.splitlines()[0].startswith("Date,Time,Workout,Exercise")
    assert len(shown.stdout.splitlines()) == 3
    target = tmp_path / "all.json"
    written = runner.invoke(
        args=["export", "--user", user.email, "--format", "json", "--output", str(target)]
    )
    assert written.exit_code == 0, written.output
    document = json.loads(target.read_text())
    assert document["profile"]["email"] == user.email
    assert len(document["workouts"]) == 1 and len(document["workouts"][0]["sets"]) == 2
    missing = runner.invoke(args=["export", "--user", user.email])
    assert missing.exit_code == 2 and "--format" in missing.output


# --- the round trip ---------------------------------------------------------------------------


def comparable(document: dict[str, Any]) -> dict[str, Any]:
    """The document without what differs between accounts: e-mail, creation, export time."""
    result = json.loads(json.dumps(document))
    del result["exported_at"]
    del result["profile"]["email"]
    del result["profile"]["created_at"]
    return result


def test_round_trip_export_import_export(app: Flask, auth_client: Client, user: User) -> None:
    rich_history(app, user)
    import_s3(auth_client)  # imported workouts keep their source and key
    first = auth_client.get("/export.json").get_data()
    assert len(json.loads(first)["workouts"]) == 4

    fresh = make_user(app, email="fresh@example.com")
    client = new_client(app)
    client.login(fresh.email)
    token = token_of(upload(client, first, filename="regain.json"))
    text = text_of(client.get(f"/import/{token}").get_data(as_text=True))
    assert "Regain (format v1)" in text
    assert (
        "1 custom exercise, 1 break, 1 training gap, 1 plan and 0 routines that you do not have"
        in text
    )
    assert "to check" not in text
    done = confirm(client, token)
    assert "Also added 1 custom exercise, 1 break, 1 training gap, 1 plan" in done
    second = client.get("/export.json").get_data()
    assert comparable(json.loads(second)) == comparable(json.loads(first))
    assert json.loads(second)["profile"]["email"] == "fresh@example.com"

    # Importing it again adds nothing twice.
    token = token_of(upload(client, first, filename="regain.json", source="regain"))
    confirm(client, token)
    third = client.get("/export.json").get_data()
    assert comparable(json.loads(third)) == comparable(json.loads(first))


def test_regain_export_with_an_unknown_catalogue_key(
    app: Flask, auth_client: Client, user: User
) -> None:
    document = {
        "format": "regain",
        "format_version": 1,
        "workouts": [
            {
                "started_at": "2024-05-01T07:30:00",
                "title": "From the future",
                "source": "manual",
                "sets": [{"exercise": "hover_bench_press", "position": 1, "reps": 5}],
            }
        ],
    }
    token = token_of(upload(auth_client, json.dumps(document), filename="x.json"))
    html = auth_client.get(f"/import/{token}").get_data(as_text=True)
    assert "hover_bench_press" in html and "catalogue:" not in text_of(html)
    bench = catalogue_exercise(app, "bench_press_barbell")
    done = auth_client.post(
        f"/import/{token}",
        data={
            "names-0-key": "catalogue:hover_bench_press",
            "names-0-action": "pick",
            "names-0-pick": bench.name,
        },
    )
    assert done.status_code == 302
    assert [(name, reps) for _, name, _, reps in sets_of(app, user)] == [(bench.name, 5)]
    assert count(app, ExerciseMapping) == 0  # a key is not a name to remember


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"format_version": 9}, "format version 9"),
        ({"workouts": [{"title": "x", "sets": []}]}, "workouts[0].started_at"),
        (
            {
                "workouts": [
                    {"started_at": "2024-01-01T10:00", "sets": [{"exercise": "x", "reps": -1}]}
                ]
            },
            "workouts[0].sets[0].reps: -1 is not between 0 and 100000",
        ),
        (
            {
                "workouts": [
                    {"started_at": "2024-01-01T10:00", "sets": [{"custom_exercise": "Mine"}]}
                ]
            },
            "'Mine' is not in custom_exercises",
        ),
        ({"breaks": [{"start_date": "2024-02-01", "end_date": "2024-01-01"}]}, "ends before"),
        ({"plans": [{"start_date": "2024-02-01", "days": 3, "break": 4}]}, "no break has ref 4"),
        ({"custom_exercises": [{"name": "Mine", "primary": ["wings"]}]}, "'wings' is not a muscle"),
    ],
)
def test_broken_regain_exports_name_the_place(
    app: Flask, auth_client: Client, change: dict[str, Any], message: str
) -> None:
    document = {"format": "regain", "format_version": 1} | change
    response = upload(auth_client, json.dumps(document), filename="x.json")
    assert response.status_code == 400
    assert message in response.get_data(as_text=True).replace("&#39;", "'")
    assert count(app, Workout) == 0
