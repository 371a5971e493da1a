"""Import speed: a 100,000-row Strong export through Regain's real import, against a bare baseline.

    python bench/bench_import.py [--rows N] [--repeat N]

Regain's side, twice:

- the import itself: ``read_file`` (detect + parse) and ``run_import`` (exercise plans,
  duplicate check, bulk inserts, one transaction) into a fresh SQLite database migrated with
  ``upgrade_database``;
- the web path a user takes, through the app's test client: the upload (the file is read to
  check it), the preview page (what it adds, a plan for each name, the gaps) and the confirm
  (the import, then the import's page is a redirect away). The upload's reading is kept for
  the preview and the confirm in the same server process (``RECENT``); printed too is the
  path where every request lands on another process and reads the file again.

The baseline, measured in the same run on the same file: the ``csv`` module reading the text,
and one ``executemany`` of those rows into a plain SQLite table with the file's columns, in one
transaction (same journal settings as the app). Each side is timed ``--repeat`` times on a
fresh database and the best time is kept. Goal: a ratio of 3 or less, for both the import and
the web path.
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

from tracker import create_app  # noqa: E402
from tracker.crud import import_records, imports  # noqa: E402
from tracker.crud import users as users_crud  # noqa: E402
from tracker.db import make_engine  # noqa: E402
from tracker.importers.incoming import RECENT, read_file  # noqa: E402
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
            incoming = read_file(data, "strong", "kg", today=dt.date.today())
            result = imports.run_import(session=session, user_id=user.id, incoming=incoming)
            elapsed = time.perf_counter() - begin
        return elapsed, result.sets_added
    finally:
        engine.dispose()


def web_import(data: bytes, folder: Path, *, other_process: bool = False) -> tuple[float, int]:
    """Seconds for upload + preview + confirm through the app; sets added. With
    ``other_process`` the file is read again by each request (as on another server process)."""
    instance = folder / f"instance-{time.monotonic_ns()}"
    instance.mkdir()
    url = f"sqlite:///{instance / 'regain.sqlite3'}"
    upgrade_database(url)
    app = create_app(
        {
            "INSTANCE_PATH": str(instance),
            "DATABASE_URL": url,
            "SECRET_KEY": "bench",
            "WTF_CSRF_ENABLED": False,
            "REDIS_URL": None,
        }
    )
    try:
        with Session(app.extensions["engine"], expire_on_commit=False) as session:
            password = "correct horse battery staple 42"
            user = users_crud.create(
                session=session, profile=UserBase(email="web@example.com"), password=password
            )
            assert user.id is not None
            user_id = user.id
        client = app.test_client()
        login = client.post("/login", data={"email": "web@example.com", "password": password})
        assert login.status_code == 302, login.status_code
        RECENT.forget(lambda key: True)
        begin = time.perf_counter()
        sent = client.post(
            "/import",
            data={"file": (io.BytesIO(data), "strong.csv"), "source": "strong", "unit": "kg"},
            content_type="multipart/form-data",
        )
        assert sent.status_code == 302, sent.get_data(as_text=True)[:2000]
        if other_process:
            RECENT.forget(lambda key: True)
        shown = client.get(sent.headers["Location"])
        assert shown.status_code == 200, shown.status_code
        if other_process:
            RECENT.forget(lambda key: True)
        done = client.post(sent.headers["Location"], data={"accept_all": "1"})
        assert done.status_code == 302, done.get_data(as_text=True)[:2000]
        elapsed = time.perf_counter() - begin
        with Session(app.extensions["engine"]) as session:
            records = import_records.records(session=session, user_id=user_id)
        return elapsed, records[0].sets_added
    finally:
        app.extensions["engine"].dispose()


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
    web: list[float] = []
    web_cold: list[float] = []
    bare: list[float] = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for _ in range(args.repeat):
            seconds, count = regain_import(data, folder)
            assert count == args.rows, count
            ours.append(seconds)
            seconds, count = web_import(data, folder)
            assert count == args.rows, count
            web.append(seconds)
            seconds, count = web_import(data, folder, other_process=True)
            assert count == args.rows, count
            web_cold.append(seconds)
            seconds, count = baseline(data, folder)
            assert count == args.rows, count
            bare.append(seconds)
    floor = min(bare)
    print(f"Baseline (csv module + one executemany): {floor:.3f} s (runs: {_list(bare)})")
    met = True
    for label, runs, judged in (
        ("Regain import (parse + plans + insert)", ours, True),
        ("Web path (upload + preview + confirm)", web, True),
        ("Web path, each request on another process", web_cold, False),
    ):
        ratio = min(runs) / floor
        verdict = ""
        if judged:
            verdict = " meets the goal" if ratio <= GOAL else " MISSES the goal"
            met = met and ratio <= GOAL
        print(f"{label}: {min(runs):.3f} s (runs: {_list(runs)}), ratio {ratio:.2f}{verdict}")
    print(f"Goal: at most {GOAL:g} times the baseline")
    return 0 if met else 1


def _list(values: list[float]) -> str:
    return ", ".join(f"{v:.3f}" for v in values)


if __name__ == "__main__":
    raise SystemExit(main())
