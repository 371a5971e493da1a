"""Regain's own JSON document read back: every bad value is an ImportFormatError naming its
place (never a RecursionError, a ValueError or a date the forms would refuse)."""

from __future__ import annotations

import datetime as dt
import json
import tracemalloc
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import insert
from sqlmodel import select

from tests.conftest import Client
from tracker import limits
from tracker.export import read_document
from tracker.importers.records import ImportFormatError
from tracker.models import User, Workout, WorkoutSet

TODAY = dt.date(2026, 3, 1)


def document(**parts: Any) -> str:
    return json.dumps({"format": "regain", "format_version": 1, **parts})


def refused(text: str, today: dt.date = TODAY) -> str:
    with pytest.raises(ImportFormatError) as caught:
        read_document(text, today=today)
    return str(caught.value)


def test_a_good_document_is_read() -> None:
    doc = read_document(
        document(
            breaks=[{"start_date": "2026-01-01", "end_date": "2026-06-30", "mode": "rest"}],
            training_gaps=[{"start_date": "2025-01-01", "end_date": "2025-01-20"}],
            plans=[{"start_date": "2027-01-01", "days": 30}],
            workouts=[{"started_at": "2026-03-02T06:00:00", "sets": []}],
        ),
        today=TODAY,
    )
    assert doc.breaks[0].end_date == dt.date(2026, 6, 30)
    assert doc.parsed.workouts[0].started_at == dt.datetime(2026, 3, 2, 6)


def test_nesting_ten_thousand_levels_deep() -> None:
    text = '{"format": "regain", "format_version": 1, "notes": ' + "[" * 10_000 + "]" * 10_000
    assert "nested" in refused(text + "}")


def test_an_integer_of_five_thousand_digits() -> None:
    text = document(breaks=[{"start_date": "2025-01-01", "ref": 1}]).replace(
        '"ref": 1', '"ref": ' + "9" * 5001
    )
    message = refused(text)
    assert "digits" in message


@pytest.mark.parametrize("day", ["0001-01-01", "1899-12-31", "2155-01-01", "9999-12-31"])
@pytest.mark.parametrize(
    ("part", "build"),
    [
        ("breaks[0].start_date", lambda d: {"breaks": [{"start_date": d}]}),
        (
            "breaks[0].end_date",
            lambda d: (
                {"breaks": [{"start_date": "1900-01-01", "end_date": d}]}
                if d >= "1900"
                else {"breaks": [{"start_date": d, "end_date": d}]}
            ),
        ),
        (
            "training_gaps[0]",
            lambda d: {"training_gaps": [{"start_date": min(d, "1900-01-01"), "end_date": d}]},
        ),
        ("plans[0].start_date", lambda d: {"plans": [{"start_date": d, "days": 3}]}),
        ("workouts[0].started_at", lambda d: {"workouts": [{"started_at": d + "T10:00:00"}]}),
    ],
)
def test_dates_the_forms_refuse(part: str, build: Any, day: str) -> None:
    message = refused(document(**build(day)))
    assert message.startswith(part.split(".")[0].split("[")[0]), message
    assert "between" in message or "from" in message, message


def test_the_range_follows_the_users_today() -> None:
    # A break may end up to a year ahead of the user's today, a workout a day ahead.
    ahead = (TODAY + dt.timedelta(days=limits.BREAK_DAYS_AHEAD)).isoformat()
    read_document(document(breaks=[{"start_date": "2026-01-01", "end_date": ahead}]), today=TODAY)
    late = (TODAY + dt.timedelta(days=limits.BREAK_DAYS_AHEAD + 1)).isoformat()
    refused(document(breaks=[{"start_date": "2026-01-01", "end_date": late}]))
    refused(document(workouts=[{"started_at": "2026-03-03T00:00:00"}]))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"plans": [{"start_date": "2026-04-01", "days": 100_000}]}, "plans[0].days"),
        ({"breaks": [{"start_date": "2026-01-01", "sessions_per_week": 21}]}, "sessions_per_week"),
        ({"profile": {"gap_days": 400}}, "profile.gap_days"),
        ({"profile": {"birth_year": 2200}}, "profile.birth_year"),
    ],
)
def test_numbers_the_forms_refuse(change: dict[str, Any], message: str) -> None:
    assert message in refused(document(**change))


@pytest.mark.parametrize(
    ("name", "item", "limit"),
    [
        ("breaks", {"start_date": "2020-01-01"}, limits.MAX_BREAKS),
        (
            "training_gaps",
            {"start_date": "2020-01-01", "end_date": "2020-01-02"},
            limits.MAX_TRAINING_GAPS,
        ),
        ("plans", {"start_date": "2026-04-01", "days": 3}, limits.MAX_PLANS),
    ],
)
def test_more_than_an_account_may_hold(name: str, item: dict[str, Any], limit: int) -> None:
    message = refused(document(**{name: [item] * (limit + 1)}))
    assert message.startswith(name) and f"{limit:,}" in message


# --- the export is streamed ---------------------------------------------------------------------


def _history(app: Flask, user: User, workouts: int, sets_each: int) -> None:
    """``workouts`` workouts of ``sets_each`` sets, written in bulk."""
    from tests.factories import catalogue_exercise, session_for

    bench = catalogue_exercise(app, "bench_press_barbell")
    with session_for(app) as session:
        start = dt.datetime(2020, 1, 1, 18)
        session.execute(
            insert(Workout),
            [
                {
                    "user_id": user.id,
                    "started_at": start + dt.timedelta(days=n),
                    "title": f"Day {n}",
                    "notes": "",
                    "source": "manual",
                    "created_at": start,
                }
                for n in range(workouts)
            ],
        )
        ids = [w.id for w in session.exec(select(Workout).where(Workout.user_id == user.id))]
        session.execute(
            insert(WorkoutSet),
            [
                {
                    "workout_id": workout_id,
                    "exercise_id": bench.id,
                    "position": p,
                    "reps": 5,
                    "weight_kg": 100.0 + p,
                    "kind": "normal",
                    "notes": "",
                }
                for workout_id in ids
                for p in range(1, sets_each + 1)
            ],
        )
        session.commit()


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_the_streamed_export_is_the_whole_export(
    app: Flask, auth_client: Client, user: User, fmt: str
) -> None:
    from tests.factories import make_workout, session_for
    from tests.test_transfer import rich_history
    from tracker import crud
    from tracker.export import build_csv, build_document, to_json

    rich_history(app, user)
    _history(app, user, 30, 4)
    make_workout(app, user, dt.datetime(2024, 5, 3, 9), title="No sets yet")
    response = auth_client.get(f"/export.{fmt}")
    assert response.status_code == 200 and response.is_streamed
    body = response.get_data(as_text=True)
    with session_for(app) as session:
        rows = crud.exports.export_rows(session=session, user_id=user.id)
    if fmt == "csv":
        assert body == build_csv(rows, rows.profile["unit"])
        return
    stamp = json.loads(body)["exported_at"]
    expected = to_json(build_document(rows, dt.datetime.fromisoformat(stamp.removesuffix("Z"))))
    assert body == expected
    titles = {w["title"]: w["sets"] for w in json.loads(body)["workouts"]}
    assert titles["No sets yet"] == [], sorted(titles)


def _peak_while_streaming(client: Client, fmt: str) -> tuple[int, int]:
    """(peak bytes allocated while the export is read piece by piece, bytes sent)."""
    tracemalloc.start()
    try:
        response = client.get(f"/export.{fmt}", buffered=False)
        sent = 0
        for piece in response.response:
            sent += len(piece)
        response.close()
        return tracemalloc.get_traced_memory()[1], sent
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_an_export_takes_the_same_memory_however_long_the_history(
    app: Flask, user: User, other_user: User, fmt: str
) -> None:
    from tests.conftest import new_client

    _history(app, user, 100, 10)  # 1,000 sets
    _history(app, other_user, 1_000, 20)  # 20,000 sets
    small, big = new_client(app), new_client(app)
    small.login(user.email)
    big.login(other_user.email)
    small_peak, small_sent = _peak_while_streaming(small, fmt)
    big_peak, big_sent = _peak_while_streaming(big, fmt)
    assert big_sent > 15 * small_sent
    # Twenty times the history, not twenty times the memory (read in batches of 2,000 rows).
    assert big_peak < 3 * small_peak + 2_000_000, (small_peak, big_peak)
