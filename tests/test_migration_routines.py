"""The routines migration (routines, routine_sets, planned_sets, sync_receipts, rest_times)
upgrades a database in use without touching its rows, holds its keys, goes with the account,
and goes down and up again."""

from __future__ import annotations

import re
from typing import Any

import pytest
from sqlalchemy import inspect, text
from sqlalchemy.exc import IntegrityError

from tests.test_migrations import MIGRATIONS, _revision_before, empty_database  # noqa: F401
from tracker.db import make_engine
from tracker.migrations import downgrade_database, upgrade_database

NAME = "routines_and_planned_sets"
REVISION = next(MIGRATIONS.glob(f"[0-9][0-9][0-9][0-9]_{NAME}.py")).name[:4]
TABLES = {"routines", "routine_sets", "planned_sets", "sync_receipts", "rest_times"}


def _account(conn: Any) -> tuple[int, int, int, list[int]]:
    """An account with a workout of three sets: (user, exercise, workout, set ids)."""
    conn.execute(
        text(
            "INSERT INTO users (email, password_hash, display_name, unit, training_years, "
            "timezone, gap_days, data_version, created_at, session_token) VALUES "
            "('old@example.com', 'x', 'Old', 'kg', 2.0, 'UTC', 14, 7, '2025-01-01 10:00:00', "
            "'tok')"
        )
    )
    user_id = int(conn.execute(text("SELECT id FROM users")).scalar_one())
    exercise_id = int(conn.execute(text("SELECT min(id) FROM exercises")).scalar_one())
    conn.execute(
        text(
            "INSERT INTO workouts (user_id, started_at, title, notes, source, created_at) "
            "VALUES (:user, '2025-01-02 18:00:00', 'Push', '', 'manual', '2025-01-02 20:00:00')"
        ),
        {"user": user_id},
    )
    workout_id = int(conn.execute(text("SELECT id FROM workouts")).scalar_one())
    for position in (1, 2, 3):
        conn.execute(
            text(
                "INSERT INTO workout_sets (workout_id, exercise_id, position, reps, weight_kg, "
                "kind, notes) VALUES (:w, :e, :p, 5, 100, 'normal', '')"
            ),
            {"w": workout_id, "e": exercise_id, "p": position},
        )
    sets = [int(i) for i in conn.execute(text("SELECT id FROM workout_sets ORDER BY id")).scalars()]
    return user_id, exercise_id, workout_id, sets


def _count(conn: Any, table: str) -> int:
    return int(conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())


def _planned(conn: Any, workout_id: int, exercise_id: int, uid: str, set_id: int | None) -> None:
    conn.execute(
        text(
            "INSERT INTO planned_sets (workout_id, exercise_id, position, reps, weight_kg, kind, "
            "uid, set_id) VALUES (:w, :e, 1, 5, 100, 'normal', :uid, :s)"
        ),
        {"w": workout_id, "e": exercise_id, "uid": uid, "s": set_id},
    )


def _receipt(conn: Any, user_id: int, workout_id: int, op_id: str, set_id: int | None) -> None:
    conn.execute(
        text(
            "INSERT INTO sync_receipts (user_id, op_id, workout_id, set_id, created_at) "
            "VALUES (:u, :op, :w, :s, '2026-12-04 10:00:00')"
        ),
        {"u": user_id, "op": op_id, "w": workout_id, "s": set_id},
    )


def test_a_database_in_use_upgrades_and_its_keys_hold(
    empty_database: str,  # noqa: F811
) -> None:
    upgrade_database(empty_database, _revision_before(NAME))
    engine = make_engine(empty_database)
    try:
        with engine.begin() as conn:
            user_id, exercise_id, workout_id, sets = _account(conn)
    finally:
        engine.dispose()
    upgrade_database(empty_database, REVISION)
    engine = make_engine(empty_database)
    try:
        assert set(inspect(engine).get_table_names()) >= TABLES
        with engine.begin() as conn:
            # Nothing there was touched.
            assert _count(conn, "workout_sets") == 3
            assert conn.execute(text("SELECT data_version FROM users")).scalar_one() == 7
            for table in TABLES:
                assert _count(conn, table) == 0, table
            conn.execute(
                text("INSERT INTO routines (user_id, name, created_at) VALUES (:u, 'Push', "
                     "'2026-12-04 10:00:00')"),
                {"u": user_id},
            )  # fmt: skip
            routine_id = conn.execute(text("SELECT id FROM routines")).scalar_one()
            conn.execute(
                text(
                    "INSERT INTO routine_sets (routine_id, exercise_id, position, reps, "
                    "weight_kg, kind) VALUES (:r, :e, 1, 8, 60, 'normal')"
                ),
                {"r": routine_id, "e": exercise_id},
            )
            _planned(conn, workout_id, exercise_id, "row-one-0001", sets[0])
            _planned(conn, workout_id, exercise_id, "row-two-0002", sets[1])
            _receipt(conn, user_id, workout_id, "op-one-00001", sets[0])
            conn.execute(
                text("INSERT INTO rest_times (user_id, exercise_id, seconds) VALUES (:u, :e, 90)"),
                {"u": user_id, "e": exercise_id},
            )
        # A row's id is unique in its workout, an operation's for its user.
        with pytest.raises(IntegrityError), engine.begin() as conn:
            _planned(conn, workout_id, exercise_id, "row-one-0001", None)
        with pytest.raises(IntegrityError), engine.begin() as conn:
            _receipt(conn, user_id, workout_id, "op-one-00001", None)
        with engine.begin() as conn:
            # Deleting a set leaves its row planned, and its receipt (a replay stays a replay).
            conn.execute(text("DELETE FROM workout_sets WHERE id = :s"), {"s": sets[0]})
            linked = conn.execute(
                text("SELECT set_id FROM planned_sets WHERE uid = 'row-one-0001'")
            ).scalar_one()
            assert linked is None
            assert conn.execute(text("SELECT set_id FROM sync_receipts")).scalar_one() is None
            assert _count(conn, "sync_receipts") == 1
        with engine.begin() as conn:
            # The workout takes its planned sets and receipts with it; the account the rest.
            conn.execute(text("DELETE FROM workouts"))
            assert _count(conn, "planned_sets") == 0 and _count(conn, "sync_receipts") == 0
            assert _count(conn, "routines") == 1
            conn.execute(text("DELETE FROM users"))
            for table in TABLES:
                assert _count(conn, table) == 0, table
    finally:
        engine.dispose()


def test_the_migration_goes_down_and_up(empty_database: str) -> None:  # noqa: F811
    upgrade_database(empty_database, REVISION)
    engine = make_engine(empty_database)
    try:
        with engine.begin() as conn:
            user_id, exercise_id, workout_id, sets = _account(conn)
            _planned(conn, workout_id, exercise_id, "row-one-0001", sets[0])
    finally:
        engine.dispose()
    downgrade_database(empty_database, _revision_before(NAME))
    engine = make_engine(empty_database)
    try:
        assert not TABLES & set(inspect(engine).get_table_names())
        with engine.connect() as conn:
            assert _count(conn, "workout_sets") == 3  # the training stays
    finally:
        engine.dispose()
    upgrade_database(empty_database, REVISION)
    engine = make_engine(empty_database)
    try:
        with engine.begin() as conn:
            _receipt(conn, user_id, workout_id, "op-again-001", sets[2])
            assert _count(conn, "sync_receipts") == 1
    finally:
        engine.dispose()


def test_the_revision_is_the_files() -> None:
    path = next(MIGRATIONS.glob(f"{REVISION}_{NAME}.py"))
    assert re.search(rf'^revision = "{REVISION}"', path.read_text(encoding="utf-8"), re.M)
