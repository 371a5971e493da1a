"""Migrations: up from empty, matching the models, and keeping data through table rebuilds."""

from __future__ import annotations

import datetime as dt
import os
import re
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url
from sqlmodel import SQLModel

from tracker.crud import routines as routines_crud
from tracker.crud.projections import SET_COUNTS
from tracker.db import make_engine
from tracker.migrations import downgrade_database, upgrade_database


def _head() -> str:
    """The newest revision: the highest-numbered file, which must be the chain's only head."""
    from alembic.script import ScriptDirectory

    from tracker.migrations import alembic_config

    heads = ScriptDirectory.from_config(alembic_config("sqlite://")).get_heads()
    assert len(heads) == 1, f"the migrations have {len(heads)} heads: {heads}"
    numbered = sorted(p.name[:4] for p in MIGRATIONS.glob("[0-9][0-9][0-9][0-9]_*.py"))
    assert heads[0] == numbered[-1], (heads, numbered)
    return heads[0]


MIGRATIONS = Path(__file__).resolve().parents[1] / "tracker" / "migrations" / "versions"
HEAD = _head()

TABLES = {
    "users",
    "import_records",
    "exercises",
    "exercise_muscles",
    "exercise_aliases",
    "exercise_mappings",
    "workouts",
    "workout_sets",
    "breaks",
    "break_muscles",
    "training_gaps",
    "plans",
}


# PostgreSQL runs where a server is configured (``make test-postgres``, and in CI).
KINDS = ["sqlite", "postgresql"] if os.environ.get("TRACKER_TEST_DATABASE_URL") else ["sqlite"]


@pytest.fixture(params=KINDS)
def empty_database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database of each kind (PostgreSQL only when a server is configured)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'empty.sqlite3'}"
        return
    url = make_url(os.environ["TRACKER_TEST_DATABASE_URL"])
    name = f"regain_mig_{uuid.uuid4().hex[:10]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def test_upgrade_from_empty_matches_the_models(empty_database: str) -> None:
    upgrade_database(empty_database)
    engine = make_engine(empty_database)
    try:
        assert set(inspect(engine).get_table_names()) >= TABLES
        with engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), SQLModel.metadata)
            assert diff == [], f"models and migrations differ: {diff}"
            version = conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one()
            assert version == HEAD
            exercises = conn.execute(
                text("SELECT count(*) FROM exercises WHERE owner_id IS NULL")
            ).scalar_one()
            assert exercises >= 100
    finally:
        engine.dispose()


def test_upgrade_twice_is_harmless(empty_database: str) -> None:
    upgrade_database(empty_database)
    upgrade_database(empty_database)


def test_downgrade_to_empty_and_back(empty_database: str) -> None:
    upgrade_database(empty_database)
    downgrade_database(empty_database, "base")
    engine = make_engine(empty_database)
    try:
        assert not (TABLES & set(inspect(engine).get_table_names()))
    finally:
        engine.dispose()
    upgrade_database(empty_database)


def test_rebuilding_users_keeps_child_rows(empty_database: str) -> None:
    """0003 recreates the users table; workouts, sets and breaks must survive it.

    This is the SQLite trap: with foreign keys on, dropping the old users table cascades and
    deletes every child row without an error. env.py turns them off for the migration.
    """
    upgrade_database(empty_database, "0002")
    engine = make_engine(empty_database)
    try:
        with engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO users (email, password_hash, display_name, unit, training_years, "
                    "timezone, gap_days, data_version, created_at) VALUES "
                    "('old@example.com', 'x', 'Old', 'kg', 1.0, 'UTC', 14, 0, "
                    "'2025-01-01 10:00:00')"
                )
            )
            user_id = conn.execute(text("SELECT id FROM users")).scalar_one()
            exercise_id = conn.execute(text("SELECT min(id) FROM exercises")).scalar_one()
            conn.execute(
                text(
                    "INSERT INTO workouts (user_id, started_at, title, notes, source, created_at) "
                    f"VALUES ({user_id}, '2025-01-02 18:00:00', 'Legs', '', 'manual', "
                    "'2025-01-02 20:00:00')"
                )
            )
            workout_id = conn.execute(text("SELECT id FROM workouts")).scalar_one()
            for position in (1, 2, 3):
                conn.execute(
                    text(
                        "INSERT INTO workout_sets (workout_id, exercise_id, position, reps, "
                        f"weight_kg, kind, notes) VALUES ({workout_id}, {exercise_id}, "
                        f"{position}, 5, 100, 'normal', '')"
                    )
                )
            conn.execute(
                text(
                    "INSERT INTO breaks (user_id, start_date, reason, mode, notes, created_at) "
                    f"VALUES ({user_id}, '2025-02-01', 'vacation', 'rest', '', "
                    "'2025-02-01 08:00:00')"
                )
            )
    finally:
        engine.dispose()

    upgrade_database(empty_database)

    engine = make_engine(empty_database)
    try:
        with engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM users")).scalar_one() == 1
            assert conn.execute(text("SELECT count(*) FROM workouts")).scalar_one() == 1
            assert conn.execute(text("SELECT count(*) FROM workout_sets")).scalar_one() == 3
            assert conn.execute(text("SELECT count(*) FROM breaks")).scalar_one() == 1
            assert (
                conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one() == HEAD
            )
            if engine.dialect.name == "sqlite":
                assert conn.execute(text("PRAGMA foreign_key_check")).fetchall() == []
        # The new constraint holds.
        with pytest.raises(Exception, match=r"(?i)check"), engine.begin() as conn:
            conn.execute(text("UPDATE users SET unit = 'st'"))
        # And the cascade still works after the rebuild.
        with engine.begin() as conn:
            conn.execute(text("DELETE FROM users"))
        with engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM workout_sets")).scalar_one() == 0
    finally:
        engine.dispose()


def test_sqlite_connection_pragmas(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'p.sqlite3'}")
    try:
        with engine.connect() as conn:
            assert conn.execute(text("PRAGMA journal_mode")).scalar_one() == "wal"
            assert conn.execute(text("PRAGMA foreign_keys")).scalar_one() == 1
            assert conn.execute(text("PRAGMA busy_timeout")).scalar_one() == 5000
    finally:
        engine.dispose()


def _sqlite_plan(engine: Any, statement: Any) -> str:
    """SQLite's query plan for ``statement`` (its parameters bound), its steps joined."""
    sql = statement.compile(engine, compile_kwargs={"literal_binds": True})
    with engine.connect() as conn:
        return " / ".join(row[-1] for row in conn.execute(text(f"EXPLAIN QUERY PLAN {sql}")))


def test_the_log_query_reads_only_its_covering_index(empty_database: str) -> None:
    upgrade_database(empty_database)
    engine = make_engine(empty_database)
    try:
        indexes = {
            i["name"]: i["column_names"] for i in inspect(engine).get_indexes("workout_sets")
        }
        assert indexes["ix_workout_sets_workout_id_exercise_id_kind"] == [
            "workout_id",
            "exercise_id",
            "kind",
        ]
        assert "ix_workout_sets_workout_id" not in indexes  # the new one leads with it
        if engine.dialect.name != "sqlite":
            return  # PostgreSQL's planner picks by table statistics: nothing to pin here
        plan = _sqlite_plan(engine, SET_COUNTS.params(user_id=1))
        assert "COVERING INDEX ix_workout_sets_workout_id_exercise_id_kind" in plan, plan
        assert "TEMP B-TREE" not in plan, plan
    finally:
        engine.dispose()


def test_the_latest_workouts_are_read_in_order_from_their_index(empty_database: str) -> None:
    """The start card's latest workouts (migration 0017): no scan of all of the user's
    workouts and no sort of them."""
    upgrade_database(empty_database)
    engine = make_engine(empty_database)
    try:
        indexes = {i["name"]: i["column_names"] for i in inspect(engine).get_indexes("workouts")}
        assert indexes["ix_workouts_user_id_started_at"] == ["user_id", "started_at"]
        assert "ix_workouts_user_id" not in indexes  # the new one leads with it
        if engine.dialect.name != "sqlite":
            return  # PostgreSQL's planner picks by table statistics: nothing to pin here
        plan = _sqlite_plan(
            engine, routines_crud._LATEST.params(user_id=1, until=dt.datetime(2026, 1, 1))
        )
        assert "ix_workouts_user_id_started_at" in plan, plan
        assert "TEMP B-TREE" not in plan, plan
    finally:
        engine.dispose()
    downgrade_database(empty_database, "0016")
    engine = make_engine(empty_database)
    try:
        names = {i["name"] for i in inspect(engine).get_indexes("workouts")}
        assert "ix_workouts_user_id" in names and "ix_workouts_user_id_started_at" not in names
    finally:
        engine.dispose()


def test_the_covering_index_migration_goes_down_and_up(empty_database: str) -> None:
    upgrade_database(empty_database)
    downgrade_database(empty_database, "0003")
    engine = make_engine(empty_database)
    try:
        names = {i["name"] for i in inspect(engine).get_indexes("workout_sets")}
        assert "ix_workout_sets_workout_id" in names
        assert "ix_workout_sets_workout_id_exercise_id_kind" not in names
    finally:
        engine.dispose()
    upgrade_database(empty_database)
    engine = make_engine(empty_database)
    try:
        with engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), SQLModel.metadata)
        assert diff == []
    finally:
        engine.dispose()


def test_import_records_come_and_go_with_their_migration(empty_database: str) -> None:
    """0005 adds import_records to a database with users in it; a record goes with its
    account; downgrading drops the table and leaves the users."""
    upgrade_database(empty_database, "0004")
    engine = make_engine(empty_database)
    try:
        with engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO users (email, display_name, unit, training_years, timezone, "
                    "gap_days, password_hash, data_version, created_at) VALUES "
                    "('a@example.com', '', 'kg', 0, 'UTC', 14, 'x', 0, '2026-01-01 00:00:00')"
                )
            )
    finally:
        engine.dispose()
    upgrade_database(empty_database, "0005")
    engine = make_engine(empty_database)
    try:
        with engine.begin() as conn:
            user_id = conn.execute(text("SELECT id FROM users")).scalar_one()
            conn.execute(
                text(
                    "INSERT INTO import_records (user_id, created_at, filename, source, "
                    "workouts_added, sets_added, duplicate_workouts, skipped_sets, report) "
                    "VALUES (:user, '2026-12-01 10:00:00', 'strong.csv', 'strong', 3, 40, 0, 0, "
                    "'{}')"
                ),
                {"user": user_id},
            )
        with engine.begin() as conn:
            conn.execute(text("DELETE FROM users"))
        with engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM import_records")).scalar_one() == 0
    finally:
        engine.dispose()
    downgrade_database(empty_database, "0004")
    engine = make_engine(empty_database)
    try:
        assert "import_records" not in inspect(engine).get_table_names()
    finally:
        engine.dispose()


def _revision_before(name: str) -> str:
    """The revision a migration file names as its parent."""
    path = next(MIGRATIONS.glob(f"[0-9][0-9][0-9][0-9]_{name}.py"))
    found = re.search(r'^down_revision = "(\d+)"', path.read_text(encoding="utf-8"), re.M)
    assert found is not None
    return found.group(1)


def test_training_years_set_marks_the_numbers_users_gave(empty_database: str) -> None:
    """The training_years_set migration adds the column to a database with accounts and their
    training in it: an account with years above 0 keeps them as its own, one at 0 is "not
    set" (inferred); nothing else changes; downgrading drops the column and keeps the rows."""
    before = _revision_before("training_years_set")
    upgrade_database(empty_database, before)
    engine = make_engine(empty_database)
    try:
        with engine.begin() as conn:
            for email, years in (("set@example.com", 2.5), ("zero@example.com", 0.0)):
                conn.execute(
                    text(
                        "INSERT INTO users (email, display_name, unit, training_years, timezone, "
                        "gap_days, password_hash, session_token, data_version, created_at) "
                        "VALUES (:email, '', 'kg', :years, 'UTC', 14, 'x', :token, 3, "
                        "'2026-01-01 00:00:00')"
                    ),
                    {"email": email, "years": years, "token": email},
                )
            user_id = conn.execute(
                text("SELECT id FROM users WHERE email = 'set@example.com'")
            ).scalar_one()
            conn.execute(
                text(
                    "INSERT INTO workouts (user_id, started_at, title, notes, source, created_at) "
                    "VALUES (:user, '2026-01-02 18:00:00', 'Push', '', 'manual', "
                    "'2026-01-02 20:00:00')"
                ),
                {"user": user_id},
            )
    finally:
        engine.dispose()
    upgrade_database(empty_database)
    engine = make_engine(empty_database)
    try:
        with engine.connect() as conn:
            rows = dict(
                conn.execute(text("SELECT email, training_years_set FROM users")).fetchall()
            )
            assert {k: bool(v) for k, v in rows.items()} == {
                "set@example.com": True,
                "zero@example.com": False,
            }
            years = conn.execute(
                text("SELECT training_years FROM users WHERE email = 'set@example.com'")
            ).scalar_one()
            assert years == pytest.approx(2.5)
            assert conn.execute(text("SELECT count(*) FROM workouts")).scalar_one() == 1
        with engine.begin() as conn:  # a new account gets the default
            conn.execute(
                text(
                    "INSERT INTO users (email, display_name, unit, training_years, timezone, "
                    "gap_days, password_hash, session_token, data_version, created_at) VALUES "
                    "('new@example.com', '', 'kg', 0, 'UTC', 14, 'x', 'n', 0, "
                    "'2026-12-01 00:00:00')"
                )
            )
            new = conn.execute(
                text("SELECT training_years_set FROM users WHERE email = 'new@example.com'")
            ).scalar_one()
            assert not new
    finally:
        engine.dispose()
    downgrade_database(empty_database, before)
    engine = make_engine(empty_database)
    try:
        columns = {c["name"] for c in inspect(engine).get_columns("users")}
        assert "training_years_set" not in columns
        with engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM users")).scalar_one() == 3
            assert conn.execute(text("SELECT count(*) FROM workouts")).scalar_one() == 1
    finally:
        engine.dispose()


def test_the_catalogue_migration_adds_exercises_and_keeps_ids(empty_database: str) -> None:
    """0008 adds the new catalogue exercises to a database in use: the old catalogue rows
    keep their ids, so the sets and answers pointing at them keep their meaning."""
    upgrade_database(empty_database, "0007")
    engine = make_engine(empty_database)
    try:
        with engine.begin() as conn:
            # 0002 seeds from today's catalogue: make this database one seeded before 0008.
            conn.execute(
                text("DELETE FROM exercises WHERE key IN ('wrist_roller', 'jump_squat', 'boxing')")
            )
            before = dict(
                conn.execute(text("SELECT key, id FROM exercises WHERE key IS NOT NULL")).all()
            )
            assert "wrist_roller" not in before and "bench_press_barbell" in before
    finally:
        engine.dispose()
    upgrade_database(empty_database, "0008")
    engine = make_engine(empty_database)
    try:
        with engine.connect() as conn:
            after = dict(
                conn.execute(text("SELECT key, id FROM exercises WHERE key IS NOT NULL")).all()
            )
            roller = (
                conn.execute(
                    text(
                        "SELECT m.muscle FROM exercise_muscles m JOIN exercises e "
                        "ON e.id = m.exercise_id "
                        "WHERE e.key = 'wrist_roller' AND m.role = 'primary'"
                    )
                )
                .scalars()
                .all()
            )
    finally:
        engine.dispose()
    assert {key: after[key] for key in before} == before
    assert {"wrist_roller", "jump_squat", "boxing"} <= set(after)
    assert roller == ["forearms"]


def test_personal_calibration_is_on_for_accounts_in_use(empty_database: str) -> None:
    """0009 adds the calibration switch to a database with an account and its training: the
    account gets it on (it changes nothing without a past break), the rows stay; downgrading
    drops the column and keeps them."""
    before = _revision_before("personal_calibration")
    upgrade_database(empty_database, before)
    engine = make_engine(empty_database)
    try:
        with engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO users (email, display_name, unit, training_years, timezone, "
                    "gap_days, password_hash, session_token, data_version, created_at, "
                    "training_years_set) VALUES ('old@example.com', 'Old', 'lb', 4.5, 'UTC', "
                    "21, 'x', 'tok', 7, '2026-01-01 00:00:00', :set)"
                ),
                {"set": True},
            )
            user_id = conn.execute(text("SELECT id FROM users")).scalar_one()
            conn.execute(
                text(
                    "INSERT INTO workouts (user_id, started_at, title, notes, source, created_at) "
                    "VALUES (:user, '2026-01-02 18:00:00', 'Legs', '', 'manual', "
                    "'2026-01-02 20:00:00')"
                ),
                {"user": user_id},
            )
    finally:
        engine.dispose()
    upgrade_database(empty_database)
    engine = make_engine(empty_database)
    try:
        with engine.connect() as conn:
            row = conn.execute(
                text(
                    "SELECT personal_calibration, training_years, training_years_set, unit, "
                    "gap_days, data_version FROM users WHERE email = 'old@example.com'"
                )
            ).one()
            assert bool(row[0]) is True
            assert (row[1], bool(row[2]), row[3], row[4], row[5]) == (4.5, True, "lb", 21, 7)
            assert conn.execute(text("SELECT count(*) FROM workouts")).scalar_one() == 1
        with engine.begin() as conn:  # a new account, and one turned off
            conn.execute(
                text(
                    "INSERT INTO users (email, display_name, unit, training_years, timezone, "
                    "gap_days, password_hash, session_token, data_version, created_at) VALUES "
                    "('new@example.com', '', 'kg', 0, 'UTC', 14, 'x', 'n', 0, "
                    "'2026-12-01 00:00:00')"
                )
            )
            conn.execute(
                text(
                    "UPDATE users SET personal_calibration = :off WHERE email = 'old@example.com'"
                ),
                {"off": False},
            )
            rows = dict(
                conn.execute(text("SELECT email, personal_calibration FROM users")).fetchall()
            )
            assert {k: bool(v) for k, v in rows.items()} == {
                "old@example.com": False,
                "new@example.com": True,
            }
    finally:
        engine.dispose()
    downgrade_database(empty_database, before)
    engine = make_engine(empty_database)
    try:
        columns = {c["name"] for c in inspect(engine).get_columns("users")}
        assert "personal_calibration" not in columns and "training_years_set" in columns
        with engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM users")).scalar_one() == 2
            assert conn.execute(text("SELECT count(*) FROM workouts")).scalar_one() == 1
    finally:
        engine.dispose()


def test_the_comeback_settings_come_and_go_keeping_accounts_and_breaks(
    empty_database: str,
) -> None:
    """0013 adds the plate and dumbbell steps (empty: the unit's usual ones) and a break's
    cleared day to a database with an account and a break; going down keeps both rows."""
    upgrade_database(empty_database, "0012")
    engine = make_engine(empty_database)
    try:
        with engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO users (email, display_name, unit, training_years, timezone, "
                    "gap_days, password_hash, data_version, created_at, session_token, "
                    "training_years_set, personal_calibration, date_order, clock) VALUES "
                    "('c@example.com', '', 'lb', 0, 'UTC', 14, 'x', 0, '2026-01-01 00:00:00', "
                    "'t', false, true, 'dmy', '24')"
                )
            )
            user_id = conn.execute(text("SELECT id FROM users")).scalar_one()
            conn.execute(
                text(
                    "INSERT INTO breaks (user_id, start_date, end_date, reason, mode, notes, "
                    "created_at) VALUES (:user, '2026-03-01', '2026-03-28', 'injury', "
                    "'immobilized', '', '2026-03-01 10:00:00')"
                ),
                {"user": user_id},
            )
    finally:
        engine.dispose()
    upgrade_database(empty_database, "0013")
    engine = make_engine(empty_database)
    try:
        with engine.connect() as conn:
            steps = conn.execute(text("SELECT plate_step_kg, dumbbell_step_kg FROM users")).one()
            cleared = conn.execute(text("SELECT cleared_on FROM breaks")).scalar_one()
        assert tuple(steps) == (None, None) and cleared is None
    finally:
        engine.dispose()
    downgrade_database(empty_database, "0012")
    engine = make_engine(empty_database)
    try:
        with engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM breaks")).scalar_one() == 1
            assert conn.execute(text("SELECT email FROM users")).scalar_one() == "c@example.com"
        assert "plate_step_kg" not in {c["name"] for c in inspect(engine).get_columns("users")}
    finally:
        engine.dispose()
