"""The import: upload -> questions -> preview with a plan for every name -> confirm -> the
import's page (report, names, gaps to breaks); the CLI import; exercises without muscles.

The fixtures are small exports written here by hand; expected values are worked out from their
text (1 lb = 0.45359237 kg exactly, so 135 lb = 61.23496995 kg). How names are read is
``tracker.exercise_names``' job, tested on its own: here ``read_name`` is replaced by a table
(``READINGS``), so that these tests say what the import does with each kind of reading.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import re
import time
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner
from sqlmodel import select
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from tests.conftest import Client, new_client
from tests.factories import catalogue_exercise, count, make_user, session_for
from tests.importing import record_of, sets_of, text_of, token_of, upload
from tracker import limits
from tracker.catalogue import BY_KEY
from tracker.crud import import_writes, imports, matching
from tracker.importers import ImportFormatError
from tracker.importers.incoming import read_file
from tracker.models import (
    Break,
    Exercise,
    ExerciseMapping,
    ExerciseMuscle,
    ImportRecord,
    User,
    Workout,
    WorkoutSet,
)
from tracker.physiology.muscles import MUSCLE_KEYS

KG_PER_LB = 0.45359237
#: A today after every fixture's dates.
TODAY = dt.date(2026, 12, 1)

# Strong S3: units per row (one set in lb); known names (Bench Press, Deadlift, Squat), one
# read as the same movement as a catalogue exercise (Snatch Ballance), one read from its words
# (Mystery Press), one Regain cannot read (Zorblax); 36 empty days between 4 January and
# 10 February.
S3_HEADER = (
    "Date;Workout Name;Exercise Name;Set Order;Weight;Weight Unit;Reps;RPE;Distance;"
    "Distance Unit;Seconds;Notes;Workout Notes\n"
)
STRONG_S3 = (
    S3_HEADER
    + """\
2024-01-02 18:00:00;"Push";"Bench Press (Barbell)";1;60;kg;8;;;;0;"";"first day"
2024-01-02 18:00:00;"Push";"Bench Press (Barbell)";2;135;lbs;6;8;;;0;"heavy";""
2024-01-02 18:00:00;"Push";"Mystery Press";1;20;kg;10;;;;0;"";""
2024-01-04 18:30:00;"Pull";"Snatch Ballance";1;40;kg;3;;;;0;"";""
2024-01-04 18:30:00;"Pull";"Deadlift (Barbell)";1;100;kg;5;;;;0;"";""
2024-01-04 18:30:00;"Pull";"Zorblax";1;12;kg;15;;;;0;"";""
2024-02-10 09:00:00;"Legs";"Squat (Barbell)";1;80;kg;5;;;;0;"";""
2024-02-10 09:00:00;"Legs";"Mystery Press";1;22.5;kg;8;;;;0;"";""
"""
)
S3_WEIGHTS = sorted([60.0, 135 * KG_PER_LB, 20.0, 40.0, 100.0, 12.0, 80.0, 22.5])

# The same history one workout later: the 10 February workout again, and a new one.
STRONG_S3_LATER = (
    S3_HEADER
    + """\
2024-02-10 09:00:00;"Legs";"Squat (Barbell)";1;80;kg;5;;;;0;"";""
2024-02-10 09:00:00;"Legs";"Mystery Press";1;22.5;kg;8;;;;0;"";""
2024-02-12 09:00:00;"Legs";"Mystery Press";1;25;kg;8;;;;0;"";""
2024-02-12 09:00:00;"Legs";"Zorblax";1;14;kg;15;;;;0;"";""
"""
)

# Strong S5: no unit anywhere; too few heavy numbers for the numbers to tell.
STRONG_S5 = (
    (
        "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,"
        "Workout Notes,RPE\n"
    )
    + """\
2024-03-01 18:00:00,"Evening",1h 2m,"Bench Press (Barbell)",1,135,5,0,0,"","",
2024-03-01 18:00:00,"Evening",1h 2m,"Bench Press (Barbell)",2,155,3,0,0,"","",8
"""
)

HEVY_HEADER = (
    '"title","start_time","end_time","description","exercise_title","superset_id",'
    '"exercise_notes","set_index","set_type","weight_kg","reps","distance_km",'
    '"duration_seconds","rpe"\n'
)
HEVY = (
    HEVY_HEADER
    + '"Upper","7 Apr 2024, 16:34","7 Apr 2024, 17:35","","Bench Press (Barbell)",,"",0,'
    '"normal",60,8,,,\n'
)
# Numeric dates that fit day first and month first alike (newest first, as Hevy lists).
HEVY_AMBIGUOUS = (
    HEVY_HEADER
    + '"B","03/05/2024 18:00","03/05/2024 19:00","","Squat (Barbell)",,"",0,"normal",100,5,,,\n'
    + '"A","02/05/2024 18:00","02/05/2024 18:45","","Squat (Barbell)",,"",0,"normal",90,5,,,\n'
)

FITNOTES_BODY = "Date,Time,Measurement,Value,Unit\n2018-07-30,12:18:42,Bodyweight,167.0,lbs\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x02" + bytes(64)


def reading(how: str, key: str | None = None, **fields: Any) -> SimpleNamespace:
    exercise = BY_KEY[key] if key else None
    values: dict[str, Any] = {
        "how": how,
        "exercise": exercise,
        "kind": exercise.kind if exercise else "weighted",
        "equipment": exercise.equipment if exercise else "other",
        "primary": exercise.primary if exercise else (),
        "secondary": exercise.secondary if exercise else (),
        "reading": "",
    }
    values.update(fields)
    return SimpleNamespace(**values)


READINGS = {
    "Snatch Ballance": reading("matched", "snatch_balance_barbell", reading="snatch balance"),
    "Mystery Press": reading(
        "inferred", primary=("chest", "shoulders"), secondary=("triceps",), reading="a press"
    ),
    "Zorblax": reading("unassigned"),
}


@pytest.fixture(autouse=True)
def fixed_readings(monkeypatch: pytest.MonkeyPatch) -> None:
    def read_name(name: str) -> SimpleNamespace:
        return READINGS.get(name, reading("unassigned"))

    monkeypatch.setattr(matching, "read_name", read_name)


def big_strong(bad_row: int, column: str, rows: int = 5000) -> str:
    """A Strong S3 file of ``rows`` data rows where data row ``bad_row`` (line bad_row + 1)
    has a broken Date, Weight or Weight Unit."""
    lines = [S3_HEADER.strip()]
    start = dt.datetime(2020, 1, 1, 18, 0)
    for i in range(1, rows + 1):
        when = (start + dt.timedelta(days=i // 10)).strftime("%Y-%m-%d %H:%M:%S")
        weight, unit = "60", "kg"
        if i == bad_row:
            if column == "Date":
                when = "2020-13-45 18:00:00"
            elif column == "Weight":
                weight = "sixty"
            else:
                unit = "stones"
        lines.append(
            f'{when};"Push";"Bench Press (Barbell)";{i % 10 + 1};{weight};{unit};5;;;;0;"";""'
        )
    return "\n".join(lines) + "\n"


# --- helpers ----------------------------------------------------------------------------------


def uploads_of(app: Flask, user: User) -> list[Path]:
    folder = Path(app.instance_path) / "uploads"
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.rglob("*") if p.is_file())


def reload(app: Flask, user: User) -> User:
    with session_for(app) as session:
        found = session.get(User, user.id)
        assert found is not None
        return found


def muscles_of(app: Flask, user: User, name: str) -> list[tuple[str, str]]:
    with session_for(app) as session:
        mine = session.exec(
            select(Exercise).where(Exercise.owner_id == user.id, Exercise.name == name)
        ).one()
        rows = session.exec(
            select(ExerciseMuscle.muscle, ExerciseMuscle.role).where(
                ExerciseMuscle.exercise_id == mine.id
            )
        ).all()
        return sorted((muscle, role) for muscle, role in rows)


def own_exercises(app: Flask, user: User) -> list[str]:
    with session_for(app) as session:
        return sorted(session.exec(select(Exercise.name).where(Exercise.owner_id == user.id)).all())


def entry_index(html: str, name: str) -> int:
    """The form index of a name's entry on the preview page (``names-<i>-key``)."""
    for found in re.finditer(r'<label for="names-(\d+)-action">(.*?)</label>', html, re.S):
        if f"“{name}”" in unescape(found.group(2)):
            return int(found.group(1))
    raise AssertionError(f"no entry for {name}")


class _FormFields(HTMLParser):
    """The fields a browser would send for the form ``form_id``: text and hidden inputs,
    ticked checkboxes, the chosen option of each select."""

    def __init__(self, form_id: str) -> None:
        super().__init__()
        self.form_id = form_id
        self.inside = False
        self.select: str | None = None
        self.first_option: str | None = None
        self.chosen = False
        self.values: dict[str, list[str]] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {key: value or "" for key, value in attrs}
        if tag == "form":
            self.inside = a.get("id") == self.form_id
        if not self.inside:
            return
        if tag == "input" and a.get("name") and a.get("type") not in ("submit",):
            if a.get("type") == "checkbox" and "checked" not in a:
                return
            self.values.setdefault(a["name"], []).append(a.get("value", ""))
        elif tag == "select":
            self.select, self.first_option, self.chosen = a.get("name"), None, False
        elif tag == "option" and self.select:
            if self.first_option is None:
                self.first_option = a.get("value", "")
            if "selected" in a:
                self.values[self.select] = [a.get("value", "")]
                self.chosen = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.inside = False
        elif tag == "select" and self.select:
            if not self.chosen and self.first_option is not None:
                self.values[self.select] = [self.first_option]
            self.select = None


def answers(html: str, changes: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The preview form as shown (keys, suggestions, muscles), with ``changes`` by name."""
    parser = _FormFields("confirm-form")
    parser.feed(html)
    data: dict[str, Any] = {
        name: values if len(values) > 1 or name.endswith(("primary", "secondary")) else values[0]
        for name, values in parser.values.items()
    }
    data["submit"] = "Import"
    for name, fields in changes.items():
        i = entry_index(html, name)
        for field, value in fields.items():
            data[f"names-{i}-{field}"] = value
    return data


def import_s3(client: Client) -> int:
    token = token_of(upload(client, STRONG_S3, filename="strong.csv"))
    return record_of(client.post(f"/import/{token}", data={"accept_all": "1"}))


# --- the web flow -----------------------------------------------------------------------------


def test_upload_form_and_navigation(auth_client: Client) -> None:
    html = auth_client.get("/import").get_data(as_text=True)
    assert 'enctype="multipart/form-data"' in html
    for label in ("Detect it from the file", "Strong", "Hevy", "FitNotes"):
        assert label in html
    assert "Up to 16 MB" in html
    nav = re.search(r"<nav.*?</nav>", html, re.S)
    assert nav is not None and 'href="/import"' in nav.group(0)


def test_a_new_account_is_offered_the_import_first(auth_client: Client) -> None:
    text = text_of(auth_client.get("/").get_data(as_text=True))
    assert "Bring your history from Strong, Hevy or FitNotes, or start logging" in text
    html = auth_client.get("/").get_data(as_text=True)
    assert re.search(r'<a class="button primary" href="/import">Import your history</a>', html)


def test_preview_asks_only_about_unclear_names(app: Flask, auth_client: Client, user: User) -> None:
    token = token_of(upload(auth_client, STRONG_S3, filename="strong.csv"))
    assert len(uploads_of(app, user)) == 2  # the file and what was said about it
    page = auth_client.get(f"/import/{token}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    text = text_of(html)
    assert "strong.csv" in text and "Strong (S3 layout)" in text
    assert "in kilograms and pounds, all converted to kilograms" in text
    assert "2 January to 10 February 2024" in text
    assert re.search(r'id="count-workouts">3<', html)
    assert re.search(r'id="count-sets">8<', html)
    assert "2 exercise names to check" in text
    assert "Mystery Press (2 sets)" in text and "Zorblax (1 set)" in text
    assert "Read as a press: Chest, Shoulders; helping: Triceps." in text
    assert "Nothing in this name says which muscles it trains." in text
    # The known and matched names are listed, folded, each with its answer pre-chosen.
    assert "4 exercise names Regain knows" in text
    snatch = entry_index(html, "Snatch Ballance")
    chosen = re.search(
        rf'<select id="names-{snatch}-action".*?<option selected value="suggested">(.*?)</option>',
        html,
        re.S,
    )
    assert chosen is not None and "Snatch Balance (Barbell)" in chosen.group(1)
    mystery = entry_index(html, "Mystery Press")
    for muscle in ("chest", "shoulders"):
        assert re.search(
            rf'checked id="names-{mystery}-primary-\d+" name="names-{mystery}-primary"'
            rf'[^>]*value="{muscle}"',
            html,
        )
    assert "36 days" not in text or "record them all as breaks" in text
    assert "1 stretch of 14 days or more" in text
    assert count(app, Workout) == 0  # nothing written by the preview


def test_accept_all_imports_every_name(app: Flask, auth_client: Client, user: User) -> None:
    record_id = import_s3(auth_client)
    saved = sets_of(app, user)
    assert sorted(weight for _, _, weight, _ in saved if weight is not None) == pytest.approx(
        S3_WEIGHTS
    )
    names = [name for _, name, _, _ in saved]
    assert names == [
        "Bench Press (Barbell)",
        "Bench Press (Barbell)",
        "Mystery Press",
        "Snatch Balance (Barbell)",
        "Deadlift (Barbell)",
        "Zorblax",
        "Squat (Barbell)",
        "Mystery Press",
    ]
    assert muscles_of(app, user, "Mystery Press") == [
        ("chest", "primary"),
        ("shoulders", "primary"),
        ("triceps", "secondary"),
    ]
    assert muscles_of(app, user, "Zorblax") == []  # muscles not set yet
    with session_for(app) as session:
        mappings = dict(
            session.exec(select(ExerciseMapping.normalized, ExerciseMapping.exercise_id)).all()
        )
        workouts = session.exec(select(Workout).order_by(Workout.started_at)).all()
    assert set(mappings) == {"mystery press", "snatch ballance", "zorblax"}  # not the aliases
    assert mappings["snatch ballance"] == catalogue_exercise(app, "snatch_balance_barbell").id
    assert [(w.title, w.source, w.started_at) for w in workouts] == [
        ("Push", "strong", dt.datetime(2024, 1, 2, 18, 0)),
        ("Pull", "strong", dt.datetime(2024, 1, 4, 18, 30)),
        ("Legs", "strong", dt.datetime(2024, 2, 10, 9, 0)),
    ]
    assert workouts[0].notes == "first day"
    assert reload(app, user).data_version == user.data_version + 1
    assert uploads_of(app, user) == []  # the upload is gone once imported

    html = auth_client.get(f"/imports/{record_id}").get_data(as_text=True)
    text = text_of(html)
    assert "Imported 3 workouts" in text
    assert "3 workouts with 8 sets" in text
    assert "1 set in 1 exercise has no muscle groups yet" in text
    assert 'href="/exercises/unassigned"' in html
    assert "Zorblax (1 set) Zorblax yours not set muscles not set" in text
    assert "Snatch Ballance (1 set) Snatch Balance (Barbell)" in text
    assert "same movement" in text and "read from the name" in text
    # The gap, ticked: 36 days (5 January to 9 February).
    assert "36 days: 5 January to 9 February 2024" in text
    assert re.search(r'checked id="gaps-0-record"|id="gaps-0-record" [^>]*checked', html)


def test_the_report_lists_every_name(app: Flask, auth_client: Client, user: User) -> None:
    record_id = import_s3(auth_client)
    response = auth_client.get(f"/imports/{record_id}/report.json")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment;")
    document = json.loads(response.get_data())
    assert set(document) == {"exercises", "warnings"}
    by_name = {item["name"]: item for item in document["exercises"]}
    assert set(by_name) == {
        "Bench Press (Barbell)",
        "Deadlift (Barbell)",
        "Squat (Barbell)",
        "Snatch Ballance",
        "Mystery Press",
        "Zorblax",
    }
    for item in document["exercises"]:
        assert set(item) == {
            "name", "sets", "exercise", "custom", "kind", "primary", "secondary", "how"
        }  # fmt: skip
    snatch = BY_KEY["snatch_balance_barbell"]
    assert by_name["Snatch Ballance"] == {
        "name": "Snatch Ballance",
        "sets": 1,
        "exercise": snatch.name,
        "custom": False,
        "kind": snatch.kind,
        "primary": [m for m in MUSCLE_KEYS if m in snatch.primary],  # in the groups' order
        "secondary": [m for m in MUSCLE_KEYS if m in snatch.secondary],
        "how": "matched",
    }
    assert by_name["Mystery Press"] | {} == {
        "name": "Mystery Press",
        "sets": 2,
        "exercise": "Mystery Press",
        "custom": True,
        "kind": "weighted",
        "primary": ["chest", "shoulders"],
        "secondary": ["triceps"],
        "how": "inferred",
    }
    assert (by_name["Zorblax"]["how"], by_name["Zorblax"]["primary"]) == ("unassigned", [])
    assert by_name["Bench Press (Barbell)"]["how"] == "alias"
    assert by_name["Bench Press (Barbell)"]["sets"] == 2


def test_answers_change_what_names_become(app: Flask, auth_client: Client, user: User) -> None:
    token = token_of(upload(auth_client, STRONG_S3))
    html = auth_client.get(f"/import/{token}").get_data(as_text=True)
    data = answers(
        html,
        {
            "Mystery Press": {"action": "skip"},
            "Zorblax": {"action": "create", "name": "Zorblax Row", "primary": ["upper_back"]},
            "Snatch Ballance": {"action": "pick", "pick": "deadlift (barbell)"},
        },
    )
    record_id = record_of(auth_client.post(f"/import/{token}", data=data))
    names = [name for _, name, _, _ in sets_of(app, user)]
    assert "Mystery Press" not in names
    assert names.count("Deadlift (Barbell)") == 2  # its own set and Snatch Ballance's
    assert muscles_of(app, user, "Zorblax Row") == [("upper_back", "primary")]
    assert own_exercises(app, user) == ["Zorblax Row"]
    report = {
        item["name"]: item
        for item in json.loads(auth_client.get(f"/imports/{record_id}/report.json").get_data())[
            "exercises"
        ]
    }
    assert report["Mystery Press"]["how"] == "skipped"
    assert report["Mystery Press"]["exercise"] is None
    assert report["Zorblax"]["how"] == "remembered"  # the user's answer
    assert report["Snatch Ballance"]["exercise"] == "Deadlift (Barbell)"
    with session_for(app) as session:
        record = session.get(ImportRecord, record_id)
        assert record is not None and record.skipped_sets == 2


def test_answers_are_remembered_and_duplicates_skipped(
    app: Flask, auth_client: Client, user: User
) -> None:
    import_s3(auth_client)
    token = token_of(upload(auth_client, STRONG_S3_LATER))
    text = text_of(auth_client.get(f"/import/{token}").get_data(as_text=True))
    assert "to check" not in text  # every name answered last time
    assert "1 workout (2 sets): they will be skipped" in text
    assert "1 workout, 2 sets" in text  # to add
    record_id = record_of(auth_client.post(f"/import/{token}", data={}))
    assert count(app, Workout) == 4 and count(app, WorkoutSet) == 10
    assert own_exercises(app, user) == ["Mystery Press", "Zorblax"]  # no second copy
    last = sets_of(app, user)[-2:]
    assert [(name, weight) for _, name, weight, _ in last] == [
        ("Mystery Press", 25.0),
        ("Zorblax", 14.0),
    ]
    document = json.loads(auth_client.get(f"/imports/{record_id}/report.json").get_data())
    hows = {item["name"]: item["how"] for item in document["exercises"]}
    assert hows == {
        "Squat (Barbell)": "alias",
        "Mystery Press": "remembered",
        "Zorblax": "remembered",
    }


def test_same_file_twice_adds_nothing(app: Flask, auth_client: Client, user: User) -> None:
    import_s3(auth_client)
    token = token_of(upload(auth_client, STRONG_S3))
    text = text_of(auth_client.get(f"/import/{token}").get_data(as_text=True))
    assert "3 workouts (8 sets): they will be skipped" in text
    assert "0 workouts, 0 sets" in text
    record_id = record_of(auth_client.post(f"/import/{token}", data={}))
    assert count(app, Workout) == 3 and count(app, WorkoutSet) == 8
    assert "Imported 0 workouts" in text_of(
        auth_client.get(f"/imports/{record_id}").get_data(as_text=True)
    )


def test_past_imports_are_listed_on_the_upload_page(auth_client: Client) -> None:
    record_id = import_s3(auth_client)
    html = auth_client.get("/import").get_data(as_text=True)
    assert f'href="/imports/{record_id}"' in html and "strong.csv" in html


# --- questions --------------------------------------------------------------------------------


def test_the_unit_is_asked_with_the_profiles_unit_chosen(
    app: Flask, auth_client: Client, user: User
) -> None:
    token = token_of(upload(auth_client, STRONG_S5))
    html = auth_client.get(f"/import/{token}").get_data(as_text=True)
    assert "whether its weights are in kilograms or pounds" in text_of(html)
    assert "Check the import" not in html
    assert re.search(r'<option selected value="kg">|<option value="kg" selected>', html)
    missing = auth_client.post(f"/import/{token}/questions", data={"unit": ""})
    assert missing.status_code == 400
    assert "Choose kg or lb." in missing.get_data(as_text=True)
    bad = auth_client.post(f"/import/{token}/questions", data={"unit": "stone"})
    assert bad.status_code == 400
    assert auth_client.post(f"/import/{token}/questions", data={"unit": "lb"}).status_code == 302
    text = text_of(auth_client.get(f"/import/{token}").get_data(as_text=True))
    assert "in pounds, converted to kilograms" in text
    auth_client.post(f"/import/{token}", data={})
    weights = [weight for _, _, weight, _ in sets_of(app, user)]
    assert weights == pytest.approx([135 * KG_PER_LB, 155 * KG_PER_LB])


def test_the_unit_suggested_is_what_the_numbers_show(auth_client: Client) -> None:
    rows = "".join(
        f'2024-03-{day:02d} 18:00:00,"Evening",1h,"Squat (Barbell)",1,{weight},5,0,0,"","",\n'
        for day in range(1, 29)
        for weight in (135, 185, 225)
    )
    token = token_of(upload(auth_client, STRONG_S5.split("\n", 1)[0] + "\n" + rows))
    html = auth_client.get(f"/import/{token}").get_data(as_text=True)
    assert re.search(r'<option selected value="lb">|<option value="lb" selected>', html)
    assert "Suggested: pounds" in html


def test_a_unit_chosen_at_upload_goes_straight_to_the_preview(
    app: Flask, auth_client: Client, user: User
) -> None:
    token = token_of(upload(auth_client, STRONG_S5, unit="kg"))
    assert "Check the import" in auth_client.get(f"/import/{token}").get_data(as_text=True)
    auth_client.post(f"/import/{token}", data={})
    assert [weight for _, _, weight, _ in sets_of(app, user)] == pytest.approx([135.0, 155.0])


def test_the_date_order_is_asked_when_the_file_cannot_tell(
    app: Flask, auth_client: Client, user: User
) -> None:
    token = token_of(upload(auth_client, HEVY_AMBIGUOUS))
    html = auth_client.get(f"/import/{token}").get_data(as_text=True)
    assert "whether its dates put the day or the month first" in text_of(html)
    assert "kilograms or pounds" not in html  # Hevy names its unit
    missing = auth_client.post(f"/import/{token}/questions", data={"date_order": ""})
    assert missing.status_code == 400
    done = auth_client.post(f"/import/{token}/questions", data={"date_order": "dmy"})
    assert done.status_code == 302
    auth_client.post(f"/import/{token}", data={})
    with session_for(app) as session:
        starts = sorted(w.started_at for w in session.exec(select(Workout)).all())
    assert starts == [dt.datetime(2024, 5, 2, 18, 0), dt.datetime(2024, 5, 3, 18, 0)]


def test_hevy_detected_and_chosen(app: Flask, auth_client: Client, user: User) -> None:
    token = token_of(upload(auth_client, HEVY, source="hevy"))
    assert "Hevy" in auth_client.get(f"/import/{token}").get_data(as_text=True)
    auth_client.post(f"/import/{token}", data={})
    with session_for(app) as session:
        workout = session.exec(select(Workout)).one()
        assert (workout.source, workout.duration_minutes) == ("hevy", 61)


def test_cancel_discards_the_upload(app: Flask, auth_client: Client, user: User) -> None:
    token = token_of(upload(auth_client, STRONG_S3))
    response = auth_client.post(f"/import/{token}/cancel")
    assert response.status_code == 302 and response.headers["Location"] == "/import"
    assert uploads_of(app, user) == []
    assert count(app, Workout) == 0


def test_old_uploads_are_cleaned(app: Flask, auth_client: Client, user: User) -> None:
    first = token_of(upload(auth_client, STRONG_S3))
    day_ago = time.time() - 25 * 3600
    for path in uploads_of(app, user):
        os.utime(path, (day_ago, day_ago))
    assert auth_client.get(f"/import/{first}").status_code == 404  # expired
    second = token_of(upload(auth_client, HEVY))
    assert auth_client.get(f"/import/{second}").status_code == 200


# --- bad answers ------------------------------------------------------------------------------


def _error_at(html: str, field: str) -> str:
    found = re.search(rf'<p class="error" id="{re.escape(field)}-error">(.*?)</p>', html, re.S)
    assert found is not None, f"no error at {field}"
    return unescape(found.group(1))


@pytest.mark.parametrize(
    ("name", "change", "field", "message"),
    [
        ("Snatch Ballance", {"action": "pick", "pick": "Hover Press"}, "pick",
         "Type the name of an exercise from the list."),
        ("Snatch Ballance", {"action": "pick", "pick": ""}, "pick",
         "Type the exercise this is"),
        ("Zorblax", {"action": "create", "name": "  "}, "name", "Give your exercise a name."),
        ("Zorblax", {"action": "create", "name": "Z" * 121}, "name", "Keep the name to 120"),
        ("Zorblax", {"action": "create", "primary": [], "secondary": ["biceps"]}, "primary",
         "Choose a main muscle too"),
        ("Zorblax", {"action": "launch"}, "action", "Choose one of the listed answers."),
        ("Zorblax", {"action": "use:99999999"}, "action", "Choose one of the listed answers."),
        ("Zorblax", {"key": "someone else"}, "action", "Check this again"),
    ],
)  # fmt: skip
def test_bad_answers_are_refused_at_their_field(
    app: Flask,
    auth_client: Client,
    user: User,
    name: str,
    change: dict[str, Any],
    field: str,
    message: str,
) -> None:
    token = token_of(upload(auth_client, STRONG_S3))
    html = auth_client.get(f"/import/{token}").get_data(as_text=True)
    data = answers(html, {name: change} | {"Mystery Press": {"name": "My own press"}})
    response = auth_client.post(f"/import/{token}", data=data)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    index = entry_index(page, name)
    assert message in _error_at(page, f"names-{index}-{field}")
    assert 'id="problems"' in page and f'href="#names-{index}-{field}"' in page
    assert 'value="My own press"' in page  # what was typed elsewhere stays
    assert count(app, Workout) == 0 and own_exercises(app, user) == []
    assert count(app, ExerciseMapping) == 0


def test_another_users_exercise_cannot_be_chosen(
    app: Flask, auth_client: Client, user: User, other_user: User
) -> None:
    with session_for(app) as session:
        theirs = Exercise(name="Bob's Press", owner_id=other_user.id)
        session.add(theirs)
        session.commit()
        session.refresh(theirs)
    token = token_of(upload(auth_client, STRONG_S3))
    html = auth_client.get(f"/import/{token}").get_data(as_text=True)
    assert "Bob&#39;s Press" not in html and "Bob's Press" not in html
    for change in ({"action": f"use:{theirs.id}"}, {"action": "pick", "pick": "Bob's Press"}):
        response = auth_client.post(f"/import/{token}", data=answers(html, {"Zorblax": change}))
        assert response.status_code == 400
    assert count(app, Workout) == 0


def test_run_import_refuses_what_the_form_would(app: Flask, user: User, other_user: User) -> None:
    incoming = read_file(STRONG_S3.encode(), today=TODAY)
    with session_for(app) as session:
        theirs = Exercise(name="Bob's Press", owner_id=other_user.id)
        session.add(theirs)
        session.commit()
        assert theirs.id is not None
        with pytest.raises(matching.UnresolvedExercises, match="not one you can use"):
            imports.run_import(
                session=session,
                user_id=user.id,
                incoming=incoming,
                decisions={"zorblax": matching.UseExercise(theirs.id)},
            )
        with pytest.raises(matching.UnresolvedExercises, match="no exercise called"):
            imports.run_import(
                session=session,
                user_id=user.id,
                incoming=incoming,
                decisions={"hover press": matching.SkipName()},
            )
    assert count(app, Workout) == 0


def test_skipped_names_leave_their_sets_out(app: Flask, user: User) -> None:
    incoming = read_file(STRONG_S3.encode(), today=TODAY)
    skip: dict[str, matching.Decision] = {
        "mystery press": matching.SkipName(),
        "zorblax": matching.SkipName(),
    }
    with session_for(app) as session:
        result = imports.run_import(
            session=session, user_id=user.id, incoming=incoming, decisions=skip
        )
    assert (result.workouts_added, result.sets_added, result.skipped_sets) == (3, 5, 3)
    names = {mapping for mapping in _mapped(app)}
    assert names == {"snatch ballance"}  # a skip is not remembered


def _mapped(app: Flask) -> list[str]:
    with session_for(app) as session:
        return list(session.exec(select(ExerciseMapping.normalized)).all())


# --- one transaction --------------------------------------------------------------------------


def test_an_error_mid_import_leaves_nothing(
    app: Flask, user: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    incoming = read_file(STRONG_S3.encode(), today=TODAY)
    monkeypatch.setattr(import_writes, "BATCH", 2)  # sets written a workout at a time
    written: list[int] = []

    def fail_after_two_batches(sets: int) -> None:
        written.append(sets)
        if len(written) == 2:
            raise RuntimeError("disk full")

    with session_for(app) as session, pytest.raises(RuntimeError, match="disk full"):
        imports.run_import(
            session=session, user_id=user.id, incoming=incoming, progress=fail_after_two_batches
        )
    assert written == [3, 6]  # the workouts and 6 sets were written when it failed
    assert count(app, Workout) == 0 and count(app, WorkoutSet) == 0
    assert count(app, ExerciseMapping) == 0 and count(app, ImportRecord) == 0
    assert own_exercises(app, user) == []
    assert reload(app, user).data_version == user.data_version


def test_a_failing_web_import_leaves_nothing(
    app: Flask, auth_client: Client, user: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    token = token_of(upload(auth_client, STRONG_S3))

    def broken(**kwargs: Any) -> None:
        raise RuntimeError("the database went away")

    monkeypatch.setattr(imports.users_crud, "bump_data_version", broken)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    response = auth_client.post(f"/import/{token}", data={"accept_all": "1"})
    assert response.status_code == 500
    assert count(app, Workout) == 0 and count(app, WorkoutSet) == 0
    assert count(app, ExerciseMapping) == 0 and count(app, ImportRecord) == 0


def test_a_race_with_another_import_adds_nothing(
    app: Flask, auth_client: Client, user: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    import_s3(auth_client)
    token = token_of(upload(auth_client, STRONG_S3_LATER))
    # As if another tab had imported the same workouts between the check and the insert.
    monkeypatch.setattr(import_writes, "duplicates", lambda session, user_id, workouts: [False] * 2)
    response = auth_client.post(f"/import/{token}", data={})
    assert response.status_code == 409
    assert "some of these workouts were imported meanwhile" in response.get_data(as_text=True)
    assert count(app, Workout) == 3 and count(app, WorkoutSet) == 8


def test_a_number_too_big_to_store_names_its_line(app: Flask, auth_client: Client) -> None:
    text = STRONG_S3.replace(";20;kg;10;", ";20;kg;99999999999;")
    response = upload(auth_client, text, source="strong")
    assert response.status_code == 400
    assert "line 4: 99999999999 reps is more than Regain stores" in response.get_data(as_text=True)
    assert count(app, Workout) == 0


# --- bad files --------------------------------------------------------------------------------

BAD_FILES = [
    pytest.param(PNG, "photo.png", "", "not a CSV text file", id="image"),
    pytest.param(b"\x00\x01\x02\x03" * 50, "data.bin", "", "binary data", id="binary"),
    pytest.param(b"", "empty.csv", "", "the file is empty", id="empty"),
    pytest.param(
        "\n".join(STRONG_S3.splitlines()[:6]).rsplit(";;;;0;", 1)[0],
        "cut.csv",
        "",
        "line 6: the last row has 7 of the header's 13 columns: the file looks cut off",
        id="truncated",
    ),
    pytest.param(
        "name,reps,when\nbench,5,today\n",
        "other.csv",
        "",
        "not the header of a Strong",
        id="unknown",
    ),
    pytest.param(big_strong(5000, "Date"), "date.csv", "", "line 5001, column 'Date'", id="date"),
    pytest.param(
        big_strong(5000, "Weight"), "weight.csv", "", "line 5001, column 'Weight'", id="number"
    ),
    pytest.param(
        big_strong(5000, "Unit"), "unit.csv", "", "line 5001, column 'Weight Unit'", id="unit"
    ),
    pytest.param(
        STRONG_S3.replace("2024-02-10 09:00:00", "9999-02-10 09:00:00"),
        "future.csv",
        "",
        "line 8, column 'Date': '9999-02-10 09:00:00' is after",
        id="year-9999",
    ),
    pytest.param(
        S3_HEADER
        + '2024-01-02 18:00:00;"Push";"Bench Press (Barbell)";Rest Timer;0;kg;0;;;;90;;\n',
        "rest.csv",
        "",
        "no workouts found: the file has only 1 rest-timer rows",
        id="no-usable-row",
    ),
    pytest.param(HEVY, "hevy.csv", "strong", "a Hevy export, not Strong", id="other-source"),
    pytest.param(FITNOTES_BODY, "body.csv", "", "FitNotes body-weight export", id="fitnotes-body"),
    pytest.param('{"hello": 1}', "x.json", "", "not a Regain export", id="other-json"),
    pytest.param('{"format": "regain", "workouts": [', "cut.json", "", "not valid JSON", id="json"),
    pytest.param(STRONG_S3, "strong.csv", "regain", "not a Regain JSON export", id="not-regain"),
]


@pytest.mark.parametrize(("content", "filename", "source", "message"), BAD_FILES)
def test_bad_files_are_refused_at_the_file_field(
    app: Flask,
    auth_client: Client,
    user: User,
    content: str | bytes,
    filename: str,
    source: str,
    message: str,
) -> None:
    response = upload(auth_client, content, filename=filename, source=source, unit="lb")
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    field = re.search(r'<div class="field has-error">\s*<label for="file".*?</div>', html, re.S)
    assert field is not None, html
    shown = unescape(field.group(0))
    assert message in shown
    assert "Nothing was imported." in shown
    # The other choices are kept.
    assert re.search(r'<option selected value="lb">|<option value="lb" selected>', html)
    if source:
        assert re.search(
            rf'<option selected value="{source}">|<option value="{source}" selected>', html
        )
    assert count(app, Workout) == 0
    assert uploads_of(app, user) == []


def test_a_truncated_file_names_the_cut(auth_client: Client) -> None:
    # Cut inside the quoted notes of the last row: the quote never closes.
    response = upload(auth_client, STRONG_S3[:-2])
    assert "it looks cut off" in response.get_data(as_text=True)


def test_over_the_upload_limit(app: Flask, auth_client: Client) -> None:
    app.config["MAX_CONTENT_LENGTH"] = 1024 * 1024
    big = big_strong(0, "Date", rows=20_000).encode()
    assert len(big) > 1024 * 1024
    # Encoded in memory: the test client would spool a body this big to a temporary file,
    # which nothing closes when the server refuses the request unread.
    boundary, body = encode_multipart(
        {"file": FileStorage(io.BytesIO(big), "big.csv"), "csrf_token": auth_client.csrf_token()}
    )
    response = auth_client.post(
        "/import", data=body, content_type=f"multipart/form-data; boundary={boundary}"
    )
    assert response.status_code == 413
    assert "larger than the 1 MB this server accepts" in response.get_data(as_text=True)
    assert count(app, Workout) == 0


def test_no_file_chosen(auth_client: Client) -> None:
    response = auth_client.post(
        "/import", data={"source": "hevy", "unit": ""}, content_type="multipart/form-data"
    )
    assert response.status_code == 400
    assert "Choose the file your app exported." in response.get_data(as_text=True)


def test_file_broken_after_the_unit_is_chosen(app: Flask, auth_client: Client) -> None:
    # 2000 lb is 907 kg, which passes at the upload; 2000 kg is over what any set reaches.
    heavy = STRONG_S5.replace(",155,3,", ",2000,3,")
    token = token_of(upload(auth_client, heavy))
    auth_client.post(f"/import/{token}/questions", data={"unit": "kg"})
    response = auth_client.get(f"/import/{token}")
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "line 3, column &#39;Weight&#39;" in html and "check the unit" in html
    assert auth_client.get(f"/import/{token}").status_code == 404  # the upload was dropped
    assert count(app, Workout) == 0


# --- gaps to breaks ---------------------------------------------------------------------------


def test_the_gaps_become_breaks_in_one_step(app: Flask, auth_client: Client, user: User) -> None:
    record_id = import_s3(auth_client)
    version = reload(app, user).data_version
    data = {
        "gaps-0-start": "2024-01-05",
        "gaps-0-end": "2024-02-09",
        "gaps-0-record": "y",
        "gaps-0-reason": "illness",
    }
    response = auth_client.post(f"/imports/{record_id}/breaks", data=data)
    assert response.status_code == 302
    with session_for(app) as session:
        recorded = session.exec(select(Break)).one()
    assert (recorded.start_date, recorded.end_date, recorded.reason, recorded.mode) == (
        dt.date(2024, 1, 5),
        dt.date(2024, 2, 9),
        "illness",
        "rest",
    )
    assert reload(app, user).data_version == version + 1
    text = text_of(auth_client.get(f"/imports/{record_id}").get_data(as_text=True))
    assert "Recorded 1 break." in text and "Gaps in your history" not in text
    # Sent again: the gap is no longer open, nothing is added twice.
    again = auth_client.post(f"/imports/{record_id}/breaks", data=data)
    assert again.status_code == 400
    assert "not open any more" in again.get_data(as_text=True)
    assert count(app, Break) == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"gaps-0-start": "2024-01-05", "gaps-0-end": "2024-02-09", "gaps-0-reason": "illness"},
         "Tick at least one gap"),
        ({"gaps-0-start": "2024-01-06", "gaps-0-end": "2024-02-09", "gaps-0-record": "y",
          "gaps-0-reason": "illness"}, "not open any more"),
        ({"gaps-0-start": "soon", "gaps-0-end": "later", "gaps-0-record": "y",
          "gaps-0-reason": "illness"}, "not open any more"),
        ({"gaps-0-start": "2024-01-05", "gaps-0-end": "2024-02-09", "gaps-0-record": "y",
          "gaps-0-reason": "aliens"}, "Not a valid choice"),
    ],
)  # fmt: skip
def test_bad_gap_answers_add_no_break(
    app: Flask, auth_client: Client, data: dict[str, str], message: str
) -> None:
    record_id = import_s3(auth_client)
    response = auth_client.post(f"/imports/{record_id}/breaks", data=data)
    assert response.status_code == 400
    assert message in unescape(response.get_data(as_text=True))
    assert count(app, Break) == 0


# --- exercises without muscles ----------------------------------------------------------------


def test_unassigned_exercises_are_shown_and_set_in_bulk(
    app: Flask, auth_client: Client, user: User
) -> None:
    import_s3(auth_client)
    dashboard = text_of(auth_client.get("/").get_data(as_text=True))
    assert "1 set in 1 exercise has no muscle groups yet" in dashboard
    listing = auth_client.get("/exercises").get_data(as_text=True)
    assert "1 of your exercises has no muscle groups yet" in text_of(listing)
    assert 'href="/exercises/unassigned"' in listing
    html = auth_client.get("/exercises/unassigned").get_data(as_text=True)
    assert "Zorblax" in html and "(1 set)" in html
    assert "Mystery Press" not in html  # it has muscles
    with session_for(app) as session:
        zorblax = session.exec(select(Exercise).where(Exercise.name == "Zorblax")).one()
    version = reload(app, user).data_version
    response = auth_client.post(
        "/exercises/unassigned",
        data={
            "entries-0-exercise_id": str(zorblax.id),
            "entries-0-primary": ["forearms"],
            "entries-0-secondary": ["biceps", "forearms"],
        },
    )
    assert response.status_code == 302
    assert muscles_of(app, user, "Zorblax") == [("biceps", "secondary"), ("forearms", "primary")]
    assert reload(app, user).data_version == version + 1  # every projection follows
    assert "no muscle groups yet" not in text_of(auth_client.get("/").get_data(as_text=True))
    assert "Every exercise you have says which muscles" in text_of(
        auth_client.get("/exercises/unassigned").get_data(as_text=True)
    )


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"entries-0-secondary": ["biceps"]}, "Choose a main muscle too"),
        ({}, "Tick a main muscle for at least one exercise"),
        ({"entries-0-exercise_id": "x", "entries-0-primary": ["biceps"]}, "not one of your"),
    ],
)
def test_bad_muscle_answers_change_nothing(
    app: Flask, auth_client: Client, user: User, fields: dict[str, Any], message: str
) -> None:
    import_s3(auth_client)
    with session_for(app) as session:
        zorblax = session.exec(select(Exercise).where(Exercise.name == "Zorblax")).one()
    response = auth_client.post(
        "/exercises/unassigned", data={"entries-0-exercise_id": str(zorblax.id)} | fields
    )
    assert response.status_code == 400
    assert message in unescape(response.get_data(as_text=True))
    assert muscles_of(app, user, "Zorblax") == []


def test_another_users_exercise_gets_no_muscles(
    app: Flask, auth_client: Client, other_client: Client, user: User
) -> None:
    import_s3(auth_client)
    with session_for(app) as session:
        zorblax = session.exec(select(Exercise).where(Exercise.name == "Zorblax")).one()
    response = other_client.post(
        "/exercises/unassigned",
        data={"entries-0-exercise_id": str(zorblax.id), "entries-0-primary": ["biceps"]},
    )
    assert response.status_code == 400
    assert muscles_of(app, user, "Zorblax") == []
    assert "Zorblax" not in other_client.get("/exercises/unassigned").get_data(as_text=True)


# --- ownership --------------------------------------------------------------------------------


def test_every_import_route_is_the_owners(
    app: Flask, auth_client: Client, other_client: Client, client: Client
) -> None:
    token = token_of(upload(auth_client, STRONG_S5))
    record_id = import_s3(auth_client)
    routes = [
        ("get", f"/import/{token}", {}),
        ("post", f"/import/{token}/questions", {"unit": "kg"}),
        ("post", f"/import/{token}", {}),
        ("post", f"/import/{token}/cancel", {}),
        ("get", f"/imports/{record_id}", {}),
        ("get", f"/imports/{record_id}/report.json", {}),
        ("post", f"/imports/{record_id}/breaks", {"gaps-0-record": "y"}),
    ]
    for method, url, data in routes:
        kwargs = {"data": data} if method == "post" else {}
        assert getattr(other_client, method)(url, **kwargs).status_code == 404, url
        response = getattr(client, method)(url, **kwargs)
        assert response.status_code == 302, url
        assert response.headers["Location"].startswith("/login"), url
    for url in ("/import", "/exercises/unassigned"):
        response = client.get(url)
        assert response.status_code == 302 and response.headers["Location"].startswith("/login")
    response = client.post("/exercises/unassigned", data={})
    assert response.headers["Location"].startswith("/login")
    assert upload(client, STRONG_S3).headers["Location"].startswith("/login")
    # The owner can use each of them, in order.
    assert auth_client.get(f"/import/{token}").status_code == 200
    assert auth_client.post(f"/import/{token}/questions", data={"unit": "kg"}).status_code == 302
    assert auth_client.get(f"/import/{token}").status_code == 200
    assert auth_client.post(f"/import/{token}", data={}).status_code == 302
    other = token_of(upload(auth_client, STRONG_S5, unit="kg"))
    assert auth_client.post(f"/import/{other}/cancel").status_code == 302
    assert auth_client.get("/import/not-a-token").status_code == 404
    assert auth_client.get("/import/..%2F..%2Fsecret_key").status_code == 404
    assert auth_client.get("/imports/999999").status_code == 404
    assert auth_client.get(f"/imports/{record_id}").status_code == 200


def test_an_import_record_goes_with_its_account(app: Flask) -> None:
    doomed = make_user(app, email="doomed@example.com")
    client = new_client(app)
    client.login(doomed.email)
    import_s3(client)
    assert count(app, ImportRecord) == 1
    with session_for(app) as session:
        found = session.get(User, doomed.id)
        session.delete(found)
        session.commit()
    assert count(app, ImportRecord) == 0


# --- the CLI ----------------------------------------------------------------------------------


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(content, str):
        path.write_text(content)
    else:
        path.write_bytes(content)
    return path


def test_cli_import_takes_every_name_and_writes_a_report(
    app: Flask, runner: FlaskCliRunner, user: User, tmp_path: Path
) -> None:
    path = write(tmp_path, "strong.csv", STRONG_S3)
    report = tmp_path / "report.json"
    result = runner.invoke(
        args=["import", "--user", user.email, "--report", str(report), str(path)]
    )
    assert result.exit_code == 0, result.output
    assert "Workouts added: 3\n" in result.stdout
    assert "Sets added: 8\n" in result.stdout
    assert "Exercise names: 3 alias, 1 matched, 1 inferred, 1 unassigned (of 6)" in result.stdout
    assert "  Zorblax: custom exercise 'Zorblax', muscle groups not set yet" in result.stdout
    assert "1 sets in 1 exercises have no muscle groups yet" in result.stdout
    assert "  36 days: 2024-01-04 to 2024-02-10" in result.stdout
    document = json.loads(report.read_text())
    assert {item["name"]: item["how"] for item in document["exercises"]}["Zorblax"] == "unassigned"
    assert len(document["exercises"]) == 6

    again = runner.invoke(args=["import", "--user", user.email, str(path)])
    assert again.exit_code == 0
    assert "Workouts added: 0" in again.stdout
    assert "Duplicates skipped: 3 workouts (8 sets)" in again.stdout
    assert "3 remembered, 3 alias" in again.stdout
    assert count(app, Workout) == 3


def test_cli_report_path_that_cannot_be_written_stops_before_the_import(
    app: Flask, runner: FlaskCliRunner, user: User, tmp_path: Path
) -> None:
    path = write(tmp_path, "strong.csv", STRONG_S3)
    for target in (tmp_path / "missing" / "report.json", tmp_path):
        result = runner.invoke(
            args=["import", "--user", user.email, "--report", str(target), str(path)]
        )
        assert result.exit_code != 0
        assert "Nothing was imported." in result.output
    assert count(app, Workout) == 0 and count(app, ImportRecord) == 0


def test_cli_skip_unit_and_date_order(
    app: Flask, runner: FlaskCliRunner, user: User, tmp_path: Path
) -> None:
    path = write(tmp_path, "s5.csv", STRONG_S5)
    default = runner.invoke(args=["import", "--user", user.email, str(path)])
    assert default.exit_code == 0, default.output
    assert "read as kilograms, the unit of your profile" in default.stdout
    assert [w for _, _, w, _ in sets_of(app, user)] == pytest.approx([135.0, 155.0])

    other = make_user(app, email="pounds@example.com", unit="lb")
    result = runner.invoke(args=["import", "--user", other.email, "--unit", "lb", str(path)])
    assert result.exit_code == 0, result.output
    assert [w for _, _, w, _ in sets_of(app, other)] == pytest.approx(
        [135 * KG_PER_LB, 155 * KG_PER_LB]
    )

    path = write(tmp_path, "s3.csv", STRONG_S3)
    skipped = runner.invoke(
        args=["import", "--user", other.email, "--map-unknown", "skip", str(path)]
    )
    assert skipped.exit_code == 0, skipped.output
    assert "Sets added: 5\n" in skipped.stdout
    assert "Sets left out (exercises skipped): 3" in skipped.stdout
    assert "  Mystery Press: skipped (its sets were left out)" in skipped.stdout

    dates = write(tmp_path, "hevy.csv", HEVY_AMBIGUOUS)
    asked = runner.invoke(args=["import", "--user", other.email, str(dates)])
    assert asked.exit_code != 0 and "give --date-order dmy" in asked.output
    answered = runner.invoke(
        args=["import", "--user", other.email, "--date-order", "mdy", str(dates)]
    )
    assert answered.exit_code == 0, answered.output
    assert "2024-02-05 to 2024-03-05" in answered.stdout  # month first: 5 Feb and 5 March


@pytest.mark.parametrize(("content", "filename", "source", "message"), BAD_FILES)
def test_cli_refuses_bad_files(
    app: Flask,
    runner: FlaskCliRunner,
    user: User,
    tmp_path: Path,
    content: str | bytes,
    filename: str,
    source: str,
    message: str,
) -> None:
    path = write(tmp_path, filename, content)
    args = ["import", "--user", user.email, "--unit", "lb"]
    if source:
        args += ["--format", source]
    result = runner.invoke(args=[*args, str(path)])
    assert result.exit_code == 1
    assert message in result.output
    assert "Nothing was imported." in result.output
    assert count(app, Workout) == 0


def test_cli_unknown_user(runner: FlaskCliRunner, tmp_path: Path) -> None:
    path = write(tmp_path, "s.csv", STRONG_S3)
    result = runner.invoke(args=["import", "--user", "nobody@example.com", str(path)])
    assert (
        result.exit_code == 1 and "no account with the e-mail nobody@example.com" in result.output
    )


# --- limits -----------------------------------------------------------------------------------


def test_an_import_over_an_account_limit_writes_nothing(
    app: Flask, auth_client: Client, user: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Two custom exercises would come from STRONG_S3 (Mystery Press, Zorblax); allow one.
    monkeypatch.setattr(limits, "CUSTOM_EXERCISES", limits.Count("custom exercises", 1))
    token = token_of(upload(auth_client, STRONG_S3))
    response = auth_client.post(f"/import/{token}", data={"accept_all": "1"})
    assert response.status_code == 409
    assert "at most 1 custom exercises" in unescape(response.get_data(as_text=True))
    assert count(app, Workout) == 0 and count(app, ImportRecord) == 0
    assert own_exercises(app, user) == []
    monkeypatch.setattr(limits, "CUSTOM_EXERCISES", limits.Count("custom exercises", 2))
    monkeypatch.setattr(limits, "WORKOUTS", limits.Count("workouts", 2))
    assert auth_client.post(f"/import/{token}", data={"accept_all": "1"}).status_code == 409
    assert count(app, Workout) == 0


def test_the_cli_refuses_an_import_over_an_account_limit(
    app: Flask, runner: FlaskCliRunner, user: User, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(limits, "SETS", limits.Count("sets", 5))
    path = write(tmp_path, "strong.csv", STRONG_S3)
    result = runner.invoke(args=["import", "--user", user.email, str(path)])
    assert result.exit_code == 1
    assert "at most 5 sets" in result.output and "Nothing was imported." in result.output
    assert count(app, WorkoutSet) == 0


def test_a_file_over_the_per_file_limits_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    from tracker.importers import assembly

    monkeypatch.setattr(assembly, "MAX_SETS_PER_WORKOUT", 2)
    with pytest.raises(ImportFormatError) as caught:
        read_file(STRONG_S3.encode(), today=TODAY)
    # The Push workout of line 2 has three sets.
    assert caught.value.row == 2 and "at most 2 in one workout" in str(caught.value)
    monkeypatch.setattr(assembly, "MAX_SETS_PER_WORKOUT", 1000)
    monkeypatch.setattr(assembly, "MAX_WORKOUTS", 2)
    with pytest.raises(ImportFormatError, match="3 workouts, more than the 2"):
        read_file(STRONG_S3.encode(), today=TODAY)


def test_the_users_today_bounds_the_dates(app: Flask) -> None:
    """The date range follows the importing user's today, never the server's."""
    with pytest.raises(ImportFormatError, match="is after 2024-02-09"):
        read_file(STRONG_S3.encode(), today=dt.date(2024, 2, 8))
    assert read_file(STRONG_S3.encode(), today=dt.date(2024, 2, 9)).parsed.set_count == 8
