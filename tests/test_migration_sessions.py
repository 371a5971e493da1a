"""Migration 0006 (session tokens, ids never reused) upgrades a database with data in it."""

from __future__ import annotations

from sqlalchemy import text

from tests.test_migrations import empty_database  # noqa: F401  (the fixture, both kinds)
from tracker.db import make_engine
from tracker.migrations import downgrade_database, upgrade_database

CHILD_TABLES = (
    "workouts",
    "workout_sets",
    "breaks",
    "break_muscles",
    "training_gaps",
    "plans",
    "exercises",
    "exercise_mappings",
)


def _fill(url: str) -> dict[str, int]:
    engine = make_engine(url)
    try:
        with engine.begin() as conn:
            for email in ("one@example.com", "two@example.com", "three@example.com"):
                conn.execute(
                    text(
                        "INSERT INTO users (email, password_hash, display_name, unit, "
                        "training_years, timezone, gap_days, data_version, created_at) VALUES "
                        f"('{email}', 'x', '', 'kg', 1.0, 'UTC', 14, 0, '2025-01-01 10:00:00')"
                    )
                )
            ids = [row[0] for row in conn.execute(text("SELECT id FROM users ORDER BY id"))]
            user_id = ids[0]
            catalogue = conn.execute(text("SELECT min(id) FROM exercises")).scalar_one()
            conn.execute(
                text(
                    "INSERT INTO exercises (name, equipment, kind, owner_id) VALUES "
                    f"('Mine', 'other', 'weighted', {user_id})"
                )
            )
            conn.execute(
                text(
                    "INSERT INTO exercise_mappings (user_id, normalized, exercise_id) VALUES "
                    f"({user_id}, 'mine', {catalogue})"
                )
            )
            conn.execute(
                text(
                    "INSERT INTO workouts (user_id, started_at, title, notes, source, created_at) "
                    f"VALUES ({user_id}, '2025-01-02 18:00:00', 'Legs', '', 'manual', "
                    "'2025-01-02 20:00:00')"
                )
            )
            workout = conn.execute(text("SELECT id FROM workouts")).scalar_one()
            for position in (1, 2):
                conn.execute(
                    text(
                        "INSERT INTO workout_sets (workout_id, exercise_id, position, reps, "
                        f"weight_kg, kind, notes) VALUES ({workout}, {catalogue}, {position}, "
                        "5, 100, 'normal', '')"
                    )
                )
            conn.execute(
                text(
                    "INSERT INTO breaks (user_id, start_date, end_date, reason, mode, notes, "
                    f"created_at) VALUES ({user_id}, '2025-02-01', '2025-02-10', 'injury', "
                    "'immobilized', '', '2025-02-01 08:00:00')"
                )
            )
            item = conn.execute(text("SELECT id FROM breaks")).scalar_one()
            conn.execute(
                text(f"INSERT INTO break_muscles (break_id, muscle) VALUES ({item}, 'biceps')")
            )
            conn.execute(
                text(
                    "INSERT INTO training_gaps (user_id, start_date, end_date, created_at) VALUES "
                    f"({user_id}, '2025-03-01', '2025-03-20', '2025-03-21 08:00:00')"
                )
            )
            conn.execute(
                text(
                    "INSERT INTO plans (user_id, name, start_date, days, mode, muscles, "
                    f"dose_after, break_id, created_at) VALUES ({user_id}, 'p', '2025-02-01', 10, "
                    f"'rest', '', 1.0, {item}, '2025-01-20 08:00:00')"
                )
            )
            counts = {
                t: conn.execute(text(f"SELECT count(*) FROM {t}")).scalar_one()
                for t in CHILD_TABLES
            }
            counts["last_id"] = ids[-1]
            return counts
    finally:
        engine.dispose()


def test_0006_keeps_every_row_and_gives_each_account_a_token(
    empty_database: str,  # noqa: F811
) -> None:
    upgrade_database(empty_database, "0005")
    before = _fill(empty_database)
    upgrade_database(empty_database, "0006")
    engine = make_engine(empty_database)
    try:
        with engine.connect() as conn:
            for table in CHILD_TABLES:
                assert (
                    conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()
                    == (before[table])
                ), table
            tokens = [row[0] for row in conn.execute(text("SELECT session_token FROM users"))]
            assert len(tokens) == 3 and len(set(tokens)) == 3
            assert all(len(token) >= 24 for token in tokens)
            if engine.dialect.name == "sqlite":
                assert conn.execute(text("PRAGMA foreign_key_check")).fetchall() == []
        with engine.begin() as conn:
            # The highest id goes: SQLite would give it to the next account without 0006.
            conn.execute(text(f"DELETE FROM users WHERE id = {before['last_id']}"))
            conn.execute(
                text(
                    "INSERT INTO users (email, password_hash, display_name, unit, training_years, "
                    "timezone, gap_days, data_version, created_at, session_token) VALUES "
                    "('new@example.com', 'x', '', 'kg', 0, 'UTC', 14, 0, '2025-05-01 10:00:00', "
                    "'t')"
                )
            )
            new_id = conn.execute(
                text("SELECT id FROM users WHERE email = 'new@example.com'")
            ).scalar_one()
        # Not the deleted account's id; PostgreSQL's sequence never reused one anyway.
        assert new_id > before["last_id"]
        # The cascade still works after the rebuild.
        with engine.begin() as conn:
            conn.execute(text("DELETE FROM users"))
        with engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM workout_sets")).scalar_one() == 0
            assert conn.execute(text("SELECT count(*) FROM plans")).scalar_one() == 0
    finally:
        engine.dispose()


def test_0006_goes_down_and_up_with_data(empty_database: str) -> None:  # noqa: F811
    upgrade_database(empty_database, "0005")
    before = _fill(empty_database)
    upgrade_database(empty_database, "0006")
    downgrade_database(empty_database, "0005")
    engine = make_engine(empty_database)
    try:
        with engine.connect() as conn:
            columns = (
                [row[1] for row in conn.execute(text("PRAGMA table_info(users)"))]
                if (engine.dialect.name == "sqlite")
                else [
                    row[0]
                    for row in conn.execute(
                        text(
                            "SELECT column_name FROM information_schema.columns "
                            "WHERE table_name = 'users'"
                        )
                    )
                ]
            )
            assert "session_token" not in columns
            assert (
                conn.execute(text("SELECT count(*) FROM workout_sets")).scalar_one()
                == (before["workout_sets"])
            )
    finally:
        engine.dispose()
    upgrade_database(empty_database)
