"""Import speed: a 100,000-row Strong export through Regain's real import, against a bare baseline.

    python bench/bench_import.py [--rows N] [--repeat N]

Regain's side: ``read_upload`` (detect + parse) and ``run_import`` (exercise matching, duplicate
check, bulk inserts, one transaction) into a fresh SQLite database migrated with
``upgrade_database``. The baseline, measured in the same run on the same file: the ``csv``
module reading the text, and one ``executemany`` of those rows into a plain SQLite table with
the file's columns, in one transaction (same journal settings as the app). Each side is timed
``--repeat`` times on a fresh database and the best time is kept. Goal: a ratio of 3 or less.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import random
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlmodel import Session  # noqa: E402

from tracker.crud import imports  # noqa: E402
from tracker.crud import users as users_crud  # noqa: E402
from tracker.db import make_engine  # noqa: E402
from tracker.migrations import upgrade_database  # noqa: E402
from tracker.models import UserBase  # noqa: E402

GOAL = 3.0
HEADER = (
    "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,"
    "Workout Notes,RPE"
)
EXERCISES = (
    "Bench Press (Barbell)",
    "Squat (Barbell)",
    "Deadlift (Barbell)",
    "Overhead Press (Barbell)",
    "Bent Over Row (Barbell)",
    "Pull Up",
    "Bicep Curl (Dumbbell)",
    "Lat Pulldown (Cable)",
    "Leg Press",
    "Incline Bench Press (Dumbbell)",
    "Lateral Raise (Dumbbell)",
    "Triceps Pushdown (Cable - Straight Bar)",
)


def strong_s5(rows: int, seed: int = 7) -> bytes:
    """A Strong S5 export (comma header with Duration, no unit) of ``rows`` sets: workouts
    every other day of five exercises with four sets each, a warm-up first, some RPEs."""
    rnd = random.Random(seed)
    lines = [HEADER]
    # Workouts every other day of 20 sets, ending before today (future dates are refused).
    days = 2 * (rows // 20 + 1) + 7
    start = dt.datetime.combine(dt.date.today() - dt.timedelta(days=days), dt.time(18))
    written = workout = 0
    while written < rows:
        when = start + dt.timedelta(days=2 * workout, minutes=rnd.randint(0, 90))
        workout += 1
        title = rnd.choice(("Evening Workout", "Push", "Pull", "Legs"))
        duration = f"{rnd.randint(0, 1)}h {rnd.randint(0, 59)}m"
        for exercise in rnd.sample(EXERCISES, 5):
            for number in range(4):
                if written >= rows:
                    break
                order = "W" if number == 0 else str(number)
                weight = f"{rnd.randint(8, 70) * 2.5:.1f}"
                rpe = f"{rnd.choice((7, 8, 8.5, 9))}" if rnd.random() < 0.3 else ""
                lines.append(
                    f'{when:%Y-%m-%d %H:%M:%S},"{title}",{duration},"{exercise}",{order},'
                    f'{weight},{rnd.randint(3, 12)},0,0,"","",{rpe}'
                )
                written += 1
    return ("\n".join(lines) + "\n").encode()


def regain_import(data: bytes, folder: Path) -> tuple[float, int]:
    """Seconds for Regain's parse + match + insert into a fresh migrated database; sets added."""
    path = folder / f"regain-{time.monotonic_ns()}.sqlite3"
    url = f"sqlite:///{path}"
    upgrade_database(url)
    engine = make_engine(url)
    try:
        with Session(engine, expire_on_commit=False) as session:
            user = users_crud.create(
                session=session, profile=UserBase(email="bench@example.com"), password="x" * 12
            )
            assert user.id is not None
            begin = time.perf_counter()
            incoming = imports.read_upload(data, "strong", "kg")
            result = imports.run_import(session=session, user_id=user.id, incoming=incoming)
            elapsed = time.perf_counter() - begin
        return elapsed, result.sets_added
    finally:
        engine.dispose()


def baseline(data: bytes, folder: Path) -> tuple[float, int]:
    """Seconds for csv.reader + one executemany into a plain table, in one transaction."""
    path = folder / f"baseline-{time.monotonic_ns()}.sqlite3"
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=NORMAL")
    columns = HEADER.split(",")
    connection.execute(f"CREATE TABLE sets ({', '.join(f'c{i}' for i in range(len(columns)))})")
    marks = ", ".join("?" * len(columns))
    try:
        begin = time.perf_counter()
        reader = csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""))
        next(reader)
        rows = list(reader)
        with connection:
            connection.executemany(f"INSERT INTO sets VALUES ({marks})", rows)
        elapsed = time.perf_counter() - begin
        return elapsed, len(rows)
    finally:
        connection.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    data = strong_s5(args.rows)
    print(f"Strong S5 file: {args.rows:,} rows, {len(data) / 1e6:.1f} MB")
    ours: list[float] = []
    bare: list[float] = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for _ in range(args.repeat):
            seconds, count = regain_import(data, folder)
            assert count == args.rows, count
            ours.append(seconds)
            seconds, count = baseline(data, folder)
            assert count == args.rows, count
            bare.append(seconds)
    best, floor = min(ours), min(bare)
    ratio = best / floor
    print(f"Regain import (parse + match + insert): {best:.3f} s (runs: {_list(ours)})")
    print(f"Baseline (csv module + one executemany): {floor:.3f} s (runs: {_list(bare)})")
    verdict = "meets" if ratio <= GOAL else "MISSES"
    print(f"Ratio: {ratio:.2f} ({verdict} the goal of at most {GOAL:g})")
    return 0 if ratio <= GOAL else 1


def _list(values: list[float]) -> str:
    return ", ".join(f"{v:.3f}" for v in values)


if __name__ == "__main__":
    raise SystemExit(main())
