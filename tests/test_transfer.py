"""Import (upload -> preview -> mapping -> confirm), the CLI import, and the export.

The fixtures are small exports written here by hand; expected values are worked out from their
text (1 lb = 0.45359237 kg exactly, so 135 lb = 61.23496995 kg). Line numbers count the header
as line 1, as the importers' messages do.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import re
import time
from html import unescape
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner
from sqlmodel import select
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from tests.conftest import Client, new_client
from tests.factories import (
    catalogue_exercise,
    count,
    make_break,
    make_user,
    make_workout,
    session_for,
)
from tracker import crud
from tracker.catalogue import BY_KEY, normalise_name
from tracker.crud import imports, matching
from tracker.models import (
    Exercise,
    ExerciseMapping,
    ExerciseMuscle,
    Plan,
    TrainingGap,
    User,
    Workout,
    WorkoutSet,
)

KG_PER_LB = 0.45359237

# Strong S3: units per row (one set in lb), two unknown names, and 36 empty days between the
# 4 January and the 10 February workouts (a gap of at least 14 days).
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
2024-02-10 09:00:00;"Legs";"Squat (Barbell)";1;80;kg;5;;;;0;"";""
2024-02-10 09:00:00;"Legs";"Mystery Press";1;22.5;kg;8;;;;0;"";""
"""
)
S3_WEIGHTS = sorted([60.0, 135 * KG_PER_LB, 20.0, 40.0, 100.0, 80.0, 22.5])

# The same history one workout later: the 10 February workout again, and a new one.
STRONG_S3_LATER = (
    S3_HEADER
    + """\
2024-02-10 09:00:00;"Legs";"Squat (Barbell)";1;80;kg;5;;;;0;"";""
2024-02-10 09:00:00;"Legs";"Mystery Press";1;22.5;kg;8;;;;0;"";""
2024-02-12 09:00:00;"Legs";"Mystery Press";1;25;kg;8;;;;0;"";""
2024-02-12 09:00:00;"Legs";"Snatch Ballance";1;42.5;kg;3;;;;0;"";""
"""
)

# Strong S5: no unit anywhere, so the user must say kg or lb.
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

HEVY = """\
"title","start_time","end_time","description","exercise_title","superset_id","exercise_notes","set_index","set_type","weight_kg","reps","distance_km","duration_seconds","rpe"
"Upper","7 Apr 2024, 16:34","7 Apr 2024, 17:35","","Bench Press (Barbell)",,"",0,"normal",60,8,,,
"""

FITNOTES_BODY = """\
Date,Time,Measurement,Value,Unit
2018-07-30,12:18:42,Bodyweight,167.0,lbs
"""

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x02" + bytes(64)


def big_strong(bad_row: int, column: str, rows: int = 5000) -> str:
    """A Strong S3 file of ``rows`` data rows where data row ``bad_row`` (line bad_row + 1)
    has a broken Date, Weight or Weight Unit."""
    lines = [STRONG_S3.splitlines()[0]]
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


def upload(
    client: Client,
    content: str | bytes,
    *,
    filename: str = "export.csv",
    source: str = "",
    unit: str = "",
) -> Any:
    data = content.encode() if isinstance(content, str) else content
    return client.post(
        "/import",
        data={"file": (io.BytesIO(data), filename), "source": source, "unit": unit},
        content_type="multipart/form-data",
    )


def token_of(response: Any) -> str:
    assert response.status_code == 302, response.get_data(as_text=True)
    location = response.headers["Location"]
    assert re.fullmatch(r"/import/[A-Za-z0-9_-]{16,64}", location), location
    return str(location.rsplit("/", 1)[1])


def uploads_of(app: Flask, user: User) -> list[Path]:
    folder = Path(app.instance_path) / "uploads" / str(user.id)
    return sorted(folder.iterdir()) if folder.is_dir() else []


def reload(app: Flask, user: User) -> User:
    with session_for(app) as session:
        found = session.get(User, user.id)
        assert found is not None
        return found


def sets_of(app: Flask, user: User) -> list[tuple[str, str, float | None, int | None]]:
    """(workout title, exercise name, weight, reps) of each of the user's sets."""
    with session_for(app) as session:
        rows = session.exec(
            select(Workout.title, Exercise.name, WorkoutSet.weight_kg, WorkoutSet.reps)
            .join(WorkoutSet, WorkoutSet.workout_id == Workout.id)  # type: ignore[arg-type]
            .join(Exercise, Exercise.id == WorkoutSet.exercise_id)  # type: ignore[arg-type]
            .where(Workout.user_id == user.id)
            .order_by(WorkoutSet.id)  # type: ignore[arg-type]
        ).all()
        return [tuple(row) for row in rows]  # type: ignore[misc]


def s3_mapping(app: Flask) -> dict[str, Any]:
    """Answers for the two unknown names of STRONG_S3 (listed by name: Mystery, then Snatch)."""
    snatch = catalogue_exercise(app, "snatch_balance_barbell")
    return {
        "mappings-0-original": "Mystery Press",
        "mappings-0-exercise": "new",
        "mappings-0-name": "Mystery Press",
        "mappings-0-primary": ["chest", "shoulders"],
        "mappings-0-secondary": ["triceps"],
        "mappings-1-original": "Snatch Ballance",
        "mappings-1-exercise": str(snatch.id),
        "mappings-1-name": "Snatch Ballance",
    }


def import_s3(app: Flask, client: Client) -> Any:
    token = token_of(upload(client, STRONG_S3, filename="strong.csv"))
    return client.post(f"/import/{token}", data=s3_mapping(app))


def text_of(html: str) -> str:
    """The page's text without tags, blanks collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


# --- the web flow -----------------------------------------------------------------------------


def test_upload_form(auth_client: Client) -> None:
    html = auth_client.get("/import").get_data(as_text=True)
    assert 'enctype="multipart/form-data"' in html
    for label in ("Detect it from the file", "Strong", "Hevy", "FitNotes"):
        assert label in html
    assert "Up to 16 MB" in html


def test_settings_page_links_import_and_export(auth_client: Client) -> None:
    html = auth_client.get("/settings").get_data(as_text=True)
    for link in ('href="/import"', 'href="/export.json"', 'href="/export.csv"'):
        assert link in html


def test_upload_preview_mapping_confirm(app: Flask, auth_client: Client, user: User) -> None:
    response = upload(auth_client, STRONG_S3, filename="strong.csv")
    token = token_of(response)
    assert [p.name for p in uploads_of(app, user)] == sorted([token, f"{token}.json"])
    page = auth_client.get(f"/import/{token}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    text = text_of(html)
    assert "strong.csv" in text
    assert "Strong (S3 layout)" in text
    assert "in kilograms and pounds, all converted to kilograms" in text
    assert "2024-01-02 to 2024-02-10" in text
    assert re.search(r'id="count-workouts">3<', html)
    assert re.search(r'id="count-sets">7<', html)
    assert "Exercises Regain does not know (2)" in text
    assert "Mystery Press (2 sets)" in text and "Snatch Ballance (1 set)" in text
    assert "Snatch Balance (Barbell)" in text  # suggested for the typo
    # 2024-01-04 -> 2024-02-10: 36 days without a workout.
    assert "36 days: after 2024-01-04, until 2024-02-10" in text

    done = auth_client.post(f"/import/{token}", data=s3_mapping(app))
    assert done.status_code == 302 and done.headers["Location"] == "/"
    flashed = auth_client.get("/").get_data(as_text=True)
    assert "Imported 3 workouts with 7 sets." in flashed
    assert "New custom exercises: Mystery Press." in flashed
    assert (
        '1 long gap looks like a break: <a href="/breaks">review them on the breaks page</a>'
        in flashed
    )

    saved = sets_of(app, user)
    assert sorted(weight for _, _, weight, _ in saved if weight is not None) == pytest.approx(
        S3_WEIGHTS
    )
    names = [name for _, name, _, _ in saved]
    bench = catalogue_exercise(app, "bench_press_barbell").name
    assert names == [
        bench,
        bench,
        "Mystery Press",
        "Snatch Balance (Barbell)",
        catalogue_exercise(app, "deadlift_barbell").name,
        catalogue_exercise(app, "squat_barbell").name,
        "Mystery Press",
    ]
    with session_for(app) as session:
        workouts = session.exec(select(Workout).order_by(Workout.started_at)).all()
        assert [(w.title, w.source, w.started_at) for w in workouts] == [
            ("Push", "strong", dt.datetime(2024, 1, 2, 18, 0)),
            ("Pull", "strong", dt.datetime(2024, 1, 4, 18, 30)),
            ("Legs", "strong", dt.datetime(2024, 2, 10, 9, 0)),
        ]
        assert workouts[0].notes == "first day"
        assert workouts[0].source_key == "strong|2024-01-02 18:00:00|Push"
        custom = session.exec(select(Exercise).where(Exercise.owner_id == user.id)).one()
        muscles = session.exec(
            select(ExerciseMuscle.muscle, ExerciseMuscle.role).where(
                ExerciseMuscle.exercise_id == custom.id
            )
        ).all()
        assert sorted(muscles) == [
            ("chest", "primary"),
            ("shoulders", "primary"),
            ("triceps", "secondary"),
        ]
        mappings = session.exec(select(ExerciseMapping.normalized, ExerciseMapping.exercise_id))
        assert sorted(mappings.all()) == sorted(
            [
                ("mystery press", custom.id),
                ("snatch ballance", catalogue_exercise(app, "snatch_balance_barbell").id),
            ]
        )
    assert reload(app, user).data_version == user.data_version + 1
    assert uploads_of(app, user) == []  # the upload is gone once imported
    assert auth_client.get(f"/import/{token}").status_code == 404


def test_answers_are_remembered_and_duplicates_skipped(
    app: Flask, auth_client: Client, user: User
) -> None:
    import_s3(app, auth_client)
    token = token_of(upload(auth_client, STRONG_S3_LATER))
    html = auth_client.get(f"/import/{token}").get_data(as_text=True)
    text = text_of(html)
    assert "does not know" not in text  # both names answered last time
    assert "1 workout (2 sets): they will be skipped" in text
    assert "1 workout, 2 sets" in text  # to add
    done = auth_client.post(f"/import/{token}", data={})
    assert done.status_code == 302
    flashed = auth_client.get("/").get_data(as_text=True)
    assert "Imported 1 workout with 2 sets. 1 workout already imported was skipped." in flashed
    assert count(app, Workout) == 4 and count(app, WorkoutSet) == 9
    assert count(app, Exercise) - count_catalogue(app) == 1  # no second "Mystery Press"
    last = sets_of(app, user)[-2:]
    assert [(name, weight) for _, name, weight, _ in last] == [
        ("Mystery Press", 25.0),
        ("Snatch Balance (Barbell)", 42.5),
    ]


def count_catalogue(app: Flask) -> int:
    with session_for(app) as session:
        return len(session.exec(select(Exercise.id).where(Exercise.owner_id == None)).all())  # noqa: E711


def test_same_file_twice_adds_nothing(app: Flask, auth_client: Client, user: User) -> None:
    import_s3(app, auth_client)
    before = reload(app, user).data_version
    token = token_of(upload(auth_client, STRONG_S3))
    text = text_of(auth_client.get(f"/import/{token}").get_data(as_text=True))
    assert "3 workouts (7 sets): they will be skipped" in text
    assert "0 workouts, 0 sets" in text
    auth_client.post(f"/import/{token}", data={})
    assert count(app, Workout) == 3 and count(app, WorkoutSet) == 7
    assert "Imported 0 workouts with 0 sets. 3 workouts already imported were skipped." in (
        auth_client.get("/").get_data(as_text=True)
    )
    assert reload(app, user).data_version == before + 1


def test_a_users_answer_wins_over_the_catalogue(app: Flask, user: User) -> None:
    bench = catalogue_exercise(app, "bench_press_barbell")
    with session_for(app) as session:
        mine = Exercise(name="Paused Bench", owner_id=user.id)
        session.add(mine)
        session.flush()
        session.add(
            ExerciseMapping(
                user_id=user.id,
                normalized=normalise_name("Bench Press (Barbell)"),
                exercise_id=mine.id,
            )
        )
        session.add(Exercise(name="Zottman Curl", owner_id=user.id))
        session.commit()
        index = matching.load_index(session=session, user_id=user.id)
        assert index.resolve("Bench Press (Barbell)") == mine.id  # the answer, not the catalogue
        assert index.resolve("bench press barbell") == mine.id
        assert index.resolve("Barbell Bench Press") == bench.id  # another alias: catalogue
        zottman = session.exec(select(Exercise).where(Exercise.name == "Zottman Curl")).one()
        assert index.resolve("zottman curls") == zottman.id  # custom, by normalised name
        assert index.resolve("Mystery Press") is None
    with session_for(app) as session:
        other = matching.load_index(session=session, user_id=user.id + 1000)
        assert other.resolve("Bench Press (Barbell)") == bench.id


def test_unit_is_asked_when_the_file_has_none(app: Flask, auth_client: Client, user: User) -> None:
    token = token_of(upload(auth_client, STRONG_S5))
    page = auth_client.get(f"/import/{token}")
    html = page.get_data(as_text=True)
    assert "Kilograms or pounds?" in html and "does not say whether its" in html
    assert "Check the import" not in html
    missing = auth_client.post(f"/import/{token}/unit", data={"unit": ""})
    assert missing.status_code == 400
    assert auth_client.post(f"/import/{token}/unit", data={"unit": "lb"}).status_code == 302
    text = text_of(auth_client.get(f"/import/{token}").get_data(as_text=True))
    assert "in pounds, converted to kilograms" in text
    auth_client.post(f"/import/{token}", data={})
    weights = [weight for _, _, weight, _ in sets_of(app, user)]
    assert weights == pytest.approx([135 * KG_PER_LB, 155 * KG_PER_LB])


def test_unit_chosen_at_upload_goes_straight_to_the_preview(
    app: Flask, auth_client: Client, user: User
) -> None:
    token = token_of(upload(auth_client, STRONG_S5, unit="kg"))
    assert "Check the import" in auth_client.get(f"/import/{token}").get_data(as_text=True)
    auth_client.post(f"/import/{token}", data={})
    assert [weight for _, _, weight, _ in sets_of(app, user)] == pytest.approx([135.0, 155.0])


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
    token_of(upload(auth_client, STRONG_S3))
    stale = Path(app.instance_path) / "uploads" / "999" / "an-old-upload-token"
    stale.parent.mkdir(parents=True)
    stale.write_text("old")
    os.utime(stale, (day_ago, day_ago))
    second = token_of(upload(auth_client, HEVY))
    assert not stale.exists()  # every user's old files go
    assert {p.name for p in uploads_of(app, user)} >= {second, f"{second}.json"}


# --- one transaction --------------------------------------------------------------------------


def test_an_error_mid_import_leaves_nothing(
    app: Flask, user: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    incoming = imports.read_upload(STRONG_S3.encode())
    with session_for(app) as session:
        unknown = imports.unknown_names(session=session, user_id=user.id, incoming=incoming)
        decisions: dict[str, matching.Decision] = {
            item.normalized: matching.CreateCustom(item.name, ("chest",)) for item in unknown
        }
    monkeypatch.setattr(imports, "BATCH", 2)  # sets written a workout at a time
    written: list[int] = []

    def fail_after_two_batches(sets: int) -> None:
        written.append(sets)
        if len(written) == 2:
            raise RuntimeError("disk full")

    with session_for(app) as session, pytest.raises(RuntimeError, match="disk full"):
        imports.run_import(
            session=session,
            user_id=user.id,
            incoming=incoming,
            decisions=decisions,
            progress=fail_after_two_batches,
        )
    assert written == [3, 5]  # the workouts and 5 sets were written when it failed
    assert count(app, Workout) == 0 and count(app, WorkoutSet) == 0
    assert count(app, ExerciseMapping) == 0
    with session_for(app) as session:
        assert session.exec(select(Exercise).where(Exercise.owner_id == user.id)).all() == []
    assert reload(app, user).data_version == user.data_version


def test_a_failing_web_import_leaves_nothing(
    app: Flask, auth_client: Client, user: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    token = token_of(upload(auth_client, STRONG_S3))

    def broken(**kwargs: Any) -> None:
        raise RuntimeError("the database went away")

    monkeypatch.setattr(imports.users_crud, "bump_data_version", broken)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    response = auth_client.post(f"/import/{token}", data=s3_mapping(app))
    assert response.status_code == 500
    assert count(app, Workout) == 0 and count(app, WorkoutSet) == 0
    assert count(app, ExerciseMapping) == 0


def test_a_race_with_another_import_adds_nothing(
    app: Flask, auth_client: Client, user: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    import_s3(app, auth_client)
    token = token_of(upload(auth_client, STRONG_S3_LATER))
    # As if another tab had imported the same workouts between the check and the insert.
    monkeypatch.setattr(imports, "_duplicates", lambda session, user_id, workouts: [False] * 2)
    response = auth_client.post(f"/import/{token}", data={})
    assert response.status_code == 409
    assert "some of these workouts were imported meanwhile" in response.get_data(as_text=True)
    assert count(app, Workout) == 3 and count(app, WorkoutSet) == 7


def test_a_number_too_big_to_store_names_its_line(app: Flask, auth_client: Client) -> None:
    text = STRONG_S3.replace(";20;kg;10;", ";20;kg;99999999999;")
    response = upload(auth_client, text, source="strong")
    assert response.status_code == 400
    assert "line 4: 99999999999 reps is more than Regain stores" in response.get_data(as_text=True)
    assert count(app, Workout) == 0


# --- bad input --------------------------------------------------------------------------------

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
    auth_client.post(f"/import/{token}/unit", data={"unit": "kg"})
    response = auth_client.get(f"/import/{token}")
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "line 3, column &#39;Weight&#39;" in html and "check the unit" in html
    assert auth_client.get(f"/import/{token}").status_code == 404  # the upload was dropped
    assert count(app, Workout) == 0


# --- the mapping form -------------------------------------------------------------------------


def _error_at(html: str, field: str) -> str:
    found = re.search(rf'<p class="error" id="{re.escape(field)}-error">(.*?)</p>', html, re.S)
    assert found is not None, f"no error at {field}"
    return found.group(1)


def test_mapping_needs_a_choice(app: Flask, auth_client: Client) -> None:
    token = token_of(upload(auth_client, STRONG_S3))
    answers = s3_mapping(app) | {"mappings-1-exercise": ""}
    response = auth_client.post(f"/import/{token}", data=answers)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Choose the exercise this is" in _error_at(html, "mappings-1-exercise")
    assert count(app, Workout) == 0 and count(app, Exercise) == count_catalogue(app)


def test_custom_exercise_needs_a_primary_muscle(app: Flask, auth_client: Client) -> None:
    token = token_of(upload(auth_client, STRONG_S3))
    answers = s3_mapping(app) | {"mappings-0-primary": [], "mappings-0-name": "My Press"}
    response = auth_client.post(f"/import/{token}", data=answers)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Choose at least one main muscle group." in _error_at(html, "mappings-0-primary")
    assert 'value="My Press"' in html  # what was typed stays
    assert count(app, Workout) == 0 and count(app, Exercise) == count_catalogue(app)


def test_custom_exercise_needs_a_name(app: Flask, auth_client: Client) -> None:
    token = token_of(upload(auth_client, STRONG_S3))
    answers = s3_mapping(app) | {"mappings-0-name": "  "}
    response = auth_client.post(f"/import/{token}", data=answers)
    assert response.status_code == 400
    assert "Give the new exercise a name." in _error_at(
        response.get_data(as_text=True), "mappings-0-name"
    )


def test_another_users_exercise_cannot_be_chosen(
    app: Flask, auth_client: Client, other_user: User
) -> None:
    with session_for(app) as session:
        theirs = Exercise(name="Bob's Press", owner_id=other_user.id)
        session.add(theirs)
        session.commit()
        session.refresh(theirs)
    token = token_of(upload(auth_client, STRONG_S3))
    html = auth_client.get(f"/import/{token}").get_data(as_text=True)
    assert "Bob&#39;s Press" not in html
    answers = s3_mapping(app) | {"mappings-0-exercise": str(theirs.id)}
    response = auth_client.post(f"/import/{token}", data=answers)
    assert response.status_code == 400
    assert "Choose one of the listed exercises." in _error_at(
        response.get_data(as_text=True), "mappings-0-exercise"
    )
    assert count(app, Workout) == 0


def test_run_import_refuses_what_the_form_would(app: Flask, user: User, other_user: User) -> None:
    incoming = imports.read_upload(STRONG_S3.encode())
    with session_for(app) as session:
        theirs = Exercise(name="Bob's Press", owner_id=other_user.id)
        session.add(theirs)
        session.commit()
        with pytest.raises(matching.UnresolvedExercises, match="Mystery Press, Snatch Ballance"):
            imports.run_import(session=session, user_id=user.id, incoming=incoming)
        assert theirs.id is not None
        decisions: dict[str, matching.Decision] = {
            "mystery press": matching.UseExercise(theirs.id),
            "snatch ballance": matching.SkipName(),
        }
        with pytest.raises(matching.UnresolvedExercises, match="not one you can use"):
            imports.run_import(
                session=session, user_id=user.id, incoming=incoming, decisions=decisions
            )
    assert count(app, Workout) == 0


def test_skipped_names_leave_their_sets_out(app: Flask, user: User) -> None:
    incoming = imports.read_upload(STRONG_S3.encode())
    skip: dict[str, matching.Decision] = {
        "mystery press": matching.SkipName(),
        "snatch ballance": matching.SkipName(),
    }
    with session_for(app) as session:
        result = imports.run_import(
            session=session, user_id=user.id, incoming=incoming, decisions=skip
        )
    assert (result.workouts_added, result.sets_added, result.skipped_sets) == (3, 4, 3)
    assert count(app, ExerciseMapping) == 0  # a skip is not remembered


# --- ownership --------------------------------------------------------------------------------


def test_every_import_route_is_the_owners(
    app: Flask, auth_client: Client, other_client: Client, client: Client
) -> None:
    token = token_of(upload(auth_client, STRONG_S5))
    routes = [
        ("get", f"/import/{token}", {}),
        ("post", f"/import/{token}/unit", {"unit": "kg"}),
        ("post", f"/import/{token}", {}),
        ("post", f"/import/{token}/cancel", {}),
    ]
    for method, url, data in routes:
        kwargs = {"data": data} if method == "post" else {}
        assert getattr(other_client, method)(url, **kwargs).status_code == 404, url
        response = getattr(client, method)(url, **kwargs)
        assert response.status_code == 302, url
        assert response.headers["Location"].startswith("/login"), url
    for url in ("/import", "/export.json", "/export.csv", "/export?format=csv"):
        response = client.get(url)
        assert response.status_code == 302 and response.headers["Location"].startswith("/login")
    assert upload(client, STRONG_S3).headers["Location"].startswith("/login")
    # The owner can use each of them, in order.
    assert auth_client.get(f"/import/{token}").status_code == 200
    assert auth_client.post(f"/import/{token}/unit", data={"unit": "kg"}).status_code == 302
    assert auth_client.get(f"/import/{token}").status_code == 200
    assert auth_client.post(f"/import/{token}", data={}).status_code == 302
    other = token_of(upload(auth_client, STRONG_S5, unit="kg"))
    assert auth_client.post(f"/import/{other}/cancel").status_code == 302
    assert auth_client.get("/import/not-a-token").status_code == 404
    assert auth_client.get("/import/..%2F..%2Fsecret_key").status_code == 404
    for url in ("/export.json", "/export.csv", "/export?format=json"):
        assert auth_client.get(url).status_code == 200, url
    assert auth_client.get("/export?format=xml").status_code == 404


# --- the CLI import ---------------------------------------------------------------------------


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(content, str):
        path.write_text(content)
    else:
        path.write_bytes(content)
    return path


def test_cli_import_guesses_custom_exercises_or_names_the_others(
    app: Flask, runner: FlaskCliRunner, user: User, tmp_path: Path
) -> None:
    path = write(tmp_path, "strong.csv", STRONG_S3)
    refused = runner.invoke(args=["import", "--user", user.email, str(path)])
    assert refused.exit_code != 0
    assert "match nothing in the catalogue closely" in refused.output
    assert "  Mystery Press\n" in refused.output and "Snatch Ballance" not in refused.output
    assert "Nothing was imported." in refused.output
    assert count(app, Workout) == 0

    known = STRONG_S3.replace("Mystery Press", "Bench Press (Barbell)")
    path = write(tmp_path, "strong2.csv", known)
    result = runner.invoke(args=["import", "--user", user.email, "--format", "strong", str(path)])
    assert result.exit_code == 0, result.output
    assert "Workouts added: 3\n" in result.stdout
    assert "Sets added: 7\n" in result.stdout
    assert "Duplicates skipped: 0 workouts (0 sets)" in result.stdout
    assert "Unknown exercises: 1\n" in result.stdout
    assert (
        "  Snatch Ballance: created as custom exercise 'Snatch Ballance' with the muscles of "
        "Snatch Balance (Barbell)" in result.stdout
    )
    assert "Long gaps (at least 14 days without a workout): 1\n" in result.stdout
    assert "  36 days: 2024-01-04 to 2024-02-10" in result.stdout
    with session_for(app) as session:
        custom = session.exec(select(Exercise).where(Exercise.owner_id == user.id)).one()
        roles = session.exec(
            select(ExerciseMuscle.muscle, ExerciseMuscle.role).where(
                ExerciseMuscle.exercise_id == custom.id
            )
        ).all()
    # The guess copies the muscles of the catalogue's Snatch Balance.
    guessed = BY_KEY["snatch_balance_barbell"]
    assert sorted(roles) == sorted(
        [(m, "primary") for m in guessed.primary] + [(m, "secondary") for m in guessed.secondary]
    )
    assert (custom.name, custom.equipment) == ("Snatch Ballance", guessed.equipment)

    again = runner.invoke(args=["import", "--user", user.email, str(path)])
    assert again.exit_code == 0
    assert "Workouts added: 0" in again.stdout
    assert "Duplicates skipped: 3 workouts (7 sets)" in again.stdout
    assert count(app, Workout) == 3


def test_cli_import_skip_and_unit(
    app: Flask, runner: FlaskCliRunner, user: User, tmp_path: Path
) -> None:
    path = write(tmp_path, "s5.csv", STRONG_S5)
    no_unit = runner.invoke(args=["import", "--user", user.email, str(path)])
    assert no_unit.exit_code != 0 and "give --unit kg or --unit lb" in no_unit.output
    result = runner.invoke(args=["import", "--user", user.email, "--unit", "lb", str(path)])
    assert result.exit_code == 0, result.output
    weights = [weight for _, _, weight, _ in sets_of(app, user)]
    assert weights == pytest.approx([135 * KG_PER_LB, 155 * KG_PER_LB])

    path = write(tmp_path, "s3.csv", STRONG_S3)
    skipped = runner.invoke(
        args=["import", "--user", user.email, "--map-unknown", "skip", str(path)]
    )
    assert skipped.exit_code == 0, skipped.output
    assert "Sets added: 4\n" in skipped.stdout
    assert "Sets left out (unknown exercises skipped): 3" in skipped.stdout
    assert "  Mystery Press: skipped (its sets were left out)" in skipped.stdout


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
    result = runner.invoke(args=["export", "--user", "nobody@example.com", "--format", "csv"])
    assert result.exit_code == 1


# --- export -----------------------------------------------------------------------------------


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
        "timezone": "Europe/Berlin",
        "gap_days": 21,
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
    import_s3(app, auth_client)  # imported workouts keep their source and key
    first = auth_client.get("/export.json").get_data()
    assert len(json.loads(first)["workouts"]) == 4

    fresh = make_user(app, email="fresh@example.com")
    client = new_client(app)
    client.login(fresh.email)
    token = token_of(upload(client, first, filename="regain.json"))
    text = text_of(client.get(f"/import/{token}").get_data(as_text=True))
    assert "Regain (format v1)" in text
    assert "2 custom exercises, 1 break, 1 training gap and 1 plan that you do not have" in text
    assert "does not know" not in text
    assert client.post(f"/import/{token}", data={}).status_code == 302
    assert "Also added: 1 break, 1 training gap, 1 plan." in client.get("/").get_data(as_text=True)
    second = client.get("/export.json").get_data()
    assert comparable(json.loads(second)) == comparable(json.loads(first))
    assert json.loads(second)["profile"]["email"] == "fresh@example.com"

    # Importing it again adds nothing twice.
    token = token_of(upload(client, first, filename="regain.json", source="regain"))
    client.post(f"/import/{token}", data={})
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
    assert "hover_bench_press" in html and "does not know (1)" in html
    bench = catalogue_exercise(app, "bench_press_barbell")
    done = auth_client.post(
        f"/import/{token}",
        data={"mappings-0-original": "hover_bench_press", "mappings-0-exercise": str(bench.id)},
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
