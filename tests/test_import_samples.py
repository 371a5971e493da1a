"""Every real export in ../shared/samples/ through the real import, into a fresh account.

What each file should give is worked out here with the ``csv`` module alone (not with the
importers): workouts, sets, the weights in kilograms, the first and last day, and the runs of
14 or more days without a workout. The files are personal logs published without a licence, so
they are read from the shared folder and never copied into the project; without that folder the
test is skipped (and, in CI, the conftest turns the skip into a failure).
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

import pytest
from flask import Flask
from sqlmodel import func, select

from tests.factories import make_user, session_for
from tracker.crud import imports
from tracker.importers import ImportFormatError
from tracker.importers.incoming import read_file
from tracker.models import Workout, WorkoutSet

SAMPLES = Path(__file__).resolve().parents[1].parent / "shared" / "samples"
BODY_TRACKER = "fitnotes_barbell-beasts-og_FitNotes_BodyTracker_Export.csv"
KG_PER_LB = 0.45359237
#: The import's today: after the newest sample (Hevy's of July 2026).
TODAY = dt.date(2026, 12, 1)
M_PER = {
    "m": 1.0,
    "km": 1000.0,
    "mi": 1609.344,
    "mi.": 1609.344,
    "miles": 1609.344,
    "ft": 0.3048,
    "yd": 0.9144,
}
#: The unit of the files that name none (Strong S2/S5), as the samples README gives it.
FILE_UNITS = {
    "strong_DericMei-My-WorkOut-Project_strong.csv": "lb",
    "strong_Andrew50-Lifting_aj_strong_data.csv": "lb",
}
#: Strong S5 in English: a localised S5 header has these columns in this order (samples README).
S5_COLUMNS = [
    "Date", "Workout Name", "Duration", "Exercise Name", "Set Order", "Weight", "Reps",
    "Distance", "Seconds", "Notes", "Workout Notes", "RPE",
]  # fmt: skip
#: Portuguese month abbreviations in Hevy dates -> English, for strptime.
PT_MONTHS = {"Fev": "Feb", "Abr": "Apr", "Mai": "May", "Ago": "Aug", "Set": "Sep",
             "Out": "Oct", "Dez": "Dec"}  # fmt: skip
GAP_DAYS = 14

FILES = sorted(p.name for p in SAMPLES.glob("*.csv")) if SAMPLES.is_dir() else []
WORKOUT_FILES = [name for name in FILES if name != BODY_TRACKER]
ABSENT = pytest.mark.skip(reason=f"the real export files are not at {SAMPLES}")


def files_or_skip(names: list[str]) -> list[object]:
    return list(names) or [pytest.param("absent", marks=ABSENT)]


@dataclass
class Expected:
    workouts: int
    sets: int
    weight_kg: float
    distance_m: float | None
    first_day: dt.date
    last_day: dt.date
    gaps: list[tuple[dt.date, dt.date]]


def _number(text: str) -> float:
    text = text.strip().replace(",", ".")
    return float(text) if text else 0.0


def _hevy_time(text: str) -> dt.datetime:
    clean = " ".join(PT_MONTHS.get(word, word) for word in text.replace("\u202f", " ").split())
    for pattern in ("%d %b %Y, %H:%M", "%b %d, %Y, %I:%M %p", "%Y-%m-%d %H:%M:%S"):
        try:
            return dt.datetime.strptime(clean, pattern)
        except ValueError:
            continue
    raise AssertionError(f"unexpected Hevy date {text!r}")


def expected_from_csv(path: Path) -> Expected:
    """The counts of a file, read with the csv module and each app's documented layout."""
    text = path.read_text(encoding="utf-8-sig")
    header_line = text.splitlines()[0]
    delimiter = ";" if header_line.count(";") > header_line.count(",") else ","
    rows = list(csv.reader(text.splitlines(), delimiter=delimiter))
    header = [name.strip() for name in rows[0]]
    if path.name.startswith("strong_") and "Date" not in header and len(header) == 12:
        header = S5_COLUMNS
    col = {name.casefold(): i for i, name in enumerate(header)}
    keys: set[tuple[str, str]] = set()
    days: set[dt.date] = set()
    sets = 0
    weight = 0.0
    distance: float | None = None

    if path.name.startswith("strong_"):
        weight_name = next(
            n for n in header if n.casefold().startswith("weight") and "unit" not in n.casefold()
        )
        header_unit = re.search(r"\((\w+)\)", weight_name)
        for row in rows[1:]:
            if not any(row) or row[col["set order"]].strip().casefold() == "rest timer":
                continue
            sets += 1
            keys.add((row[col["date"]].strip(), row[col["workout name"]].strip()))
            days.add(dt.date.fromisoformat(row[col["date"]].strip()[:10]))
            amount = _number(row[col[weight_name.casefold()]])
            if header_unit is not None:  # S1: "Weight (kg)"
                factor = 1.0 if header_unit.group(1).startswith("kg") else KG_PER_LB
            elif "weight unit" in col:  # S3/S4: a unit per row
                factor = 1.0 if row[col["weight unit"]].strip() == "kg" else KG_PER_LB
            else:  # S2/S5: the unit of the file, as the README gives it
                factor = KG_PER_LB if FILE_UNITS.get(path.name) == "lb" else 1.0
            weight += max(amount, 0.0) * factor
    elif path.name.startswith("hevy_"):
        metric = "weight_kg" in col
        factor = 1.0 if metric else KG_PER_LB
        for row in rows[1:]:
            if not any(row):
                continue
            sets += 1
            keys.add((row[col["start_time"]], row[col["title"]].strip()))
            days.add(_hevy_time(row[col["start_time"]]).date())
            weight += _number(row[col["weight_kg" if metric else "weight_lbs"]]) * factor
    else:  # FitNotes: one day is one workout
        old_unit = next((n for n in header if n.casefold().startswith("weight (")), None)
        distance = 0.0
        for row in rows[1:]:
            if not any(row):
                continue
            sets += 1
            if len(row) > len(header):
                # An unquoted comma in the exercise name: count the columns from the end.
                row = [*row[:1], "name", *row[len(row) - len(header) + 2 :]]
            day = dt.date.fromisoformat(row[col["date"]])
            keys.add((str(day), ""))
            days.add(day)
            if old_unit is not None:
                factor = KG_PER_LB if "lbs" in old_unit else 1.0
                amount = _number(row[col[old_unit.casefold()]])
            else:
                amount = _number(row[col["weight"]])
                factor = KG_PER_LB if row[col["weight unit"]].strip() == "lbs" else 1.0
            weight += amount * factor
            metres = _number(row[col["distance"]])
            if metres:
                distance += metres * M_PER[row[col["distance unit"]].strip()]
    ordered = sorted(days)
    gaps = [(a, b) for a, b in pairwise(ordered) if (b - a).days - 1 >= GAP_DAYS]
    return Expected(len(keys), sets, weight, distance, ordered[0], ordered[-1], gaps)


@dataclass
class Imported:
    user_id: int
    result: imports.ImportResult


def import_sample(app: Flask, name: str) -> Imported:
    """Import one file for a new account with the default options, as a new user would: no
    unit given (the numbers, else the profile's kg, decide), every name as Regain plans it."""
    path = SAMPLES / name
    user = make_user(app, email=f"{re.sub(r'[^a-z0-9]+', '-', name.lower())[:60]}@example.com")
    assert user.id is not None
    incoming = read_file(path.read_bytes(), today=TODAY, fallback_unit=user.unit)
    with session_for(app) as session:
        result = imports.run_import(session=session, user_id=user.id, incoming=incoming)
    return Imported(user.id, result)


def stored(app: Flask, user_id: int) -> tuple[int, int, float, float, dt.date, dt.date]:
    """(workouts, sets, total kg, total metres, first day, last day) in the database."""
    with session_for(app) as session:
        workouts = session.exec(select(Workout).where(Workout.user_id == user_id)).all()
        totals = session.exec(
            select(
                func.count(WorkoutSet.id),
                func.coalesce(func.sum(WorkoutSet.weight_kg), 0.0),
                func.coalesce(func.sum(WorkoutSet.distance_m), 0.0),
            )
            .join(Workout, Workout.id == WorkoutSet.workout_id)  # type: ignore[arg-type]
            .where(Workout.user_id == user_id)
        ).one()
    days = sorted(w.started_at.date() for w in workouts)
    return len(workouts), totals[0], totals[1], totals[2], days[0], days[-1]


@pytest.mark.parametrize("name", files_or_skip(WORKOUT_FILES))
def test_real_export_imports_completely(app: Flask, name: str) -> None:
    expected = expected_from_csv(SAMPLES / name)
    imported = import_sample(app, name)
    workouts, sets, kilograms, metres, first, last = stored(app, imported.user_id)
    assert (workouts, sets) == (expected.workouts, expected.sets)
    assert (imported.result.workouts_added, imported.result.sets_added) == (workouts, sets)
    assert kilograms == pytest.approx(expected.weight_kg, rel=1e-9)
    if expected.distance_m is not None:
        assert metres == pytest.approx(expected.distance_m, rel=1e-9)
    assert (first, last) == (expected.first_day, expected.last_day)
    found = [(g.last_day_before, g.first_day_after) for g in imported.result.gaps]
    assert found == expected.gaps


@pytest.mark.parametrize("name", files_or_skip(WORKOUT_FILES))
def test_real_export_imported_twice_adds_nothing(app: Flask, name: str) -> None:
    first = import_sample(app, name)
    incoming = read_file((SAMPLES / name).read_bytes(), today=TODAY, fallback_unit="kg")
    with session_for(app) as session:
        # The answers of the first import are remembered: every name is known the second time.
        planned = imports.plans(session=session, user_id=first.user_id, incoming=incoming)
        assert {plan.how for plan in planned} <= {"alias", "remembered"}
        assert all(plan.clear for plan in planned)
        again = imports.run_import(session=session, user_id=first.user_id, incoming=incoming)
    assert (again.workouts_added, again.sets_added) == (0, 0)
    assert again.duplicate_workouts == first.result.workouts_added


@pytest.mark.parametrize("name", files_or_skip(WORKOUT_FILES))
def test_real_export_names_each_become_an_exercise(app: Flask, name: str) -> None:
    """No name blocks an import, and the report accounts for every set of the file."""
    imported = import_sample(app, name)
    report = imported.result.report
    assert sum(entry.sets for entry in report) == imported.result.sets_added
    assert all(entry.exercise for entry in report)  # nothing skipped by default
    assert len({entry.name for entry in report}) == len(report)


def test_kg_and_lb_twins_give_the_same_kilograms(app: Flask) -> None:
    names = [
        "fitnotes_LiftLog_fitnotes-android-export-kgs.csv",
        "fitnotes_LiftLog_fitnotes-android-export-lbs.csv",
    ]
    if not all(name in FILES for name in names):
        pytest.skip(f"the LiftLog twins are not in {SAMPLES}")
    weights = []
    for name in names:
        imported = import_sample(app, name)
        with session_for(app) as session:
            weights.append(
                session.exec(
                    select(WorkoutSet.weight_kg)
                    .join(Workout, Workout.id == WorkoutSet.workout_id)  # type: ignore[arg-type]
                    .where(Workout.user_id == imported.user_id)
                    .order_by(WorkoutSet.id)  # type: ignore[arg-type]
                ).all()
            )
    kilograms, from_pounds = weights
    assert len(kilograms) == len(from_pounds) == 38  # 38 rows, the last without a newline
    assert [w is None for w in kilograms] == [w is None for w in from_pounds]
    # The lb file writes pounds to 0.01 (77.16 lb for 35 kg), so they agree to 0.005 kg.
    assert [w for w in from_pounds if w is not None] == pytest.approx(
        [w for w in kilograms if w is not None], abs=0.005
    )


def test_the_hevy_window_has_its_115_day_break(app: Flask) -> None:
    name = "hevy_Hevy_project_workouts_WINDOW_2023-07-20_to_2024-05-06.csv"
    if name not in FILES:
        pytest.skip(f"{name} is not in {SAMPLES}")
    gaps = import_sample(app, name).result.gaps
    long = [g for g in gaps if g.days >= 60]
    assert [(g.last_day_before, g.first_day_after) for g in long] == [
        (dt.date(2023, 9, 14), dt.date(2024, 1, 7))
    ]
    assert (long[0].first_day_after - long[0].last_day_before).days == 115


@pytest.mark.parametrize("name", files_or_skip([BODY_TRACKER] if BODY_TRACKER in FILES else []))
def test_fitnotes_body_tracker_is_refused_clearly(app: Flask, name: str) -> None:
    with pytest.raises(ImportFormatError) as error:
        read_file((SAMPLES / name).read_bytes(), today=TODAY)
    assert "FitNotes body-weight export, not a workout export" in str(error.value)
    assert str(error.value).startswith("line 1:")
