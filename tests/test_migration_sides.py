"""Migration 0015: breaks.side and workout_sets.side added to a database with an account, a
break and sets (all read as both sides, NULL), and taken away again keeping every row."""

from __future__ import annotations

from sqlalchemy import inspect, text

from tests.test_migrations import empty_database  # noqa: F401 (the fixture)
from tracker.db import make_engine
from tracker.migrations import downgrade_database, upgrade_database


def test_the_sides_come_and_go_keeping_breaks_and_sets(empty_database: str) -> None:  # noqa: F811
    upgrade_database(empty_database, "0014")
    engine = make_engine(empty_database)
    try:
        with engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO users (email, display_name, unit, training_years, timezone, "
                    "gap_days, password_hash, data_version, created_at, session_token, "
                    "training_years_set, personal_calibration, date_order, clock) VALUES "
                    "('s@example.com', '', 'kg', 0, 'UTC', 14, 'x', 0, '2026-01-01 00:00:00', "
                    "'t', false, true, 'dmy', '24')"
                )
            )
            user_id = conn.execute(text("SELECT id FROM users")).scalar_one()
            exercise_id = conn.execute(text("SELECT min(id) FROM exercises")).scalar_one()
            conn.execute(
                text(
                    "INSERT INTO breaks (user_id, start_date, end_date, reason, mode, "
                    "body_region, notes, created_at) VALUES (:user, '2026-03-01', '2026-03-28', "
                    "'injury', 'immobilized', 'left_arm', '', '2026-03-01 10:00:00')"
                ),
                {"user": user_id},
            )
            conn.execute(
                text(
                    "INSERT INTO workouts (user_id, started_at, title, notes, source, created_at) "
                    "VALUES (:user, '2026-02-02 18:00:00', 'Arms', '', 'manual', "
                    "'2026-02-02 20:00:00')"
                ),
                {"user": user_id},
            )
            workout_id = conn.execute(text("SELECT id FROM workouts")).scalar_one()
            for position in (1, 2):
                conn.execute(
                    text(
                        "INSERT INTO workout_sets (workout_id, exercise_id, position, reps, "
                        "weight_kg, kind, notes) VALUES (:w, :e, :p, 8, 20, 'normal', '')"
                    ),
                    {"w": workout_id, "e": exercise_id, "p": position},
                )
    finally:
        engine.dispose()
    upgrade_database(empty_database, "0015")
    engine = make_engine(empty_database)
    try:
        with engine.begin() as conn:
            assert conn.execute(text("SELECT side FROM breaks")).scalar_one() is None
            sides = conn.execute(text("SELECT side FROM workout_sets")).scalars().all()
            assert sides == [None, None]
            conn.execute(text("UPDATE workout_sets SET side = 'right' WHERE position = 1"))
            conn.execute(text("UPDATE breaks SET side = 'left'"))
    finally:
        engine.dispose()
    downgrade_database(empty_database, "0014")
    engine = make_engine(empty_database)
    try:
        with engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM breaks")).scalar_one() == 1
            assert conn.execute(text("SELECT count(*) FROM workout_sets")).scalar_one() == 2
            assert conn.execute(text("SELECT body_region FROM breaks")).scalar_one() == "left_arm"
        assert "side" not in {c["name"] for c in inspect(engine).get_columns("breaks")}
        assert "side" not in {c["name"] for c in inspect(engine).get_columns("workout_sets")}
    finally:
        engine.dispose()
