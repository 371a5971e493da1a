"""Migration 0011 (personal access tokens) upgrades a database in use, and goes down again."""

from __future__ import annotations

import pytest
from sqlalchemy import inspect, text
from sqlalchemy.exc import IntegrityError

from tests.test_migrations import _revision_before, empty_database  # noqa: F401  (both kinds)
from tracker.crud.tokens import digest
from tracker.db import make_engine
from tracker.migrations import downgrade_database, upgrade_database

REVISION = "0011"


def _account(url: str) -> int:
    engine = make_engine(url)
    try:
        with engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO users (email, password_hash, display_name, unit, "
                    "training_years, timezone, gap_days, data_version, created_at, "
                    "session_token) VALUES ('old@example.com', 'x', 'Old', 'kg', 2.0, 'UTC', 14, "
                    "3, '2025-01-01 10:00:00', 'tok')"
                )
            )
            user_id = int(conn.execute(text("SELECT id FROM users")).scalar_one())
            conn.execute(
                text(
                    "INSERT INTO workouts (user_id, started_at, title, notes, source, created_at) "
                    "VALUES (:user, '2025-01-02 18:00:00', 'Legs', '', 'manual', "
                    "'2025-01-02 20:00:00')"
                ),
                {"user": user_id},
            )
        return user_id
    finally:
        engine.dispose()


def _token(conn: object, user_id: int, token: str, scope: str = "read") -> None:
    conn.execute(  # type: ignore[attr-defined]
        text(
            "INSERT INTO api_tokens (user_id, name, scope, token_hash, hint, created_at) "
            "VALUES (:user, 'Dashboard', :scope, :hash, :hint, '2026-12-01 10:00:00')"
        ),
        {"user": user_id, "scope": scope, "hash": digest(token), "hint": token[:9]},
    )


def test_tokens_arrive_on_a_database_in_use_and_leave_with_the_account(
    empty_database: str,  # noqa: F811
) -> None:
    upgrade_database(empty_database, _revision_before("api_tokens"))
    user_id = _account(empty_database)
    upgrade_database(empty_database, REVISION)
    engine = make_engine(empty_database)
    try:
        with engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM workouts")).scalar_one() == 1
            assert conn.execute(text("SELECT data_version FROM users")).scalar_one() == 3
            assert conn.execute(text("SELECT count(*) FROM api_tokens")).scalar_one() == 0
        with engine.begin() as conn:
            _token(conn, user_id, "rg_first")
        with pytest.raises(IntegrityError), engine.begin() as conn:  # the digest is unique
            _token(conn, user_id, "rg_first")
        with pytest.raises(IntegrityError), engine.begin() as conn:  # a scope it knows
            _token(conn, user_id, "rg_second", scope="admin")
        with engine.begin() as conn:
            conn.execute(text("DELETE FROM users"))
            assert conn.execute(text("SELECT count(*) FROM api_tokens")).scalar_one() == 0
    finally:
        engine.dispose()


def test_the_tokens_migration_goes_down_and_up(empty_database: str) -> None:  # noqa: F811
    upgrade_database(empty_database, REVISION)
    user_id = _account(empty_database)
    downgrade_database(empty_database, _revision_before("api_tokens"))
    engine = make_engine(empty_database)
    try:
        assert "api_tokens" not in inspect(engine).get_table_names()
        with engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM workouts")).scalar_one() == 1
    finally:
        engine.dispose()
    upgrade_database(empty_database, REVISION)
    engine = make_engine(empty_database)
    try:
        with engine.begin() as conn:
            _token(conn, user_id, "rg_again", scope="write")
            assert conn.execute(text("SELECT scope FROM api_tokens")).scalar_one() == "write"
    finally:
        engine.dispose()
