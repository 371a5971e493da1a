"""Alembic environment: runs the revisions in versions/ against the configured database."""

from __future__ import annotations

import fcntl
from collections.abc import Iterator
from contextlib import contextmanager

from alembic import context
from sqlalchemy import Connection, Engine, text
from sqlalchemy.engine import make_url
from sqlmodel import SQLModel

import tracker.models  # noqa: F401  (registers the tables on SQLModel.metadata)
from tracker.db import make_engine

config = context.config
target_metadata = SQLModel.metadata


#: The PostgreSQL advisory lock that one migration run holds: a second `init-db` started at
#: the same time (two servers starting at once) waits, then finds the database migrated.
MIGRATION_LOCK = 0x72656761696E  # "regain"


@contextmanager
def one_file_at_a_time(url: str) -> Iterator[None]:
    """Hold an exclusive lock on a file beside a SQLite database while migrating it, taken
    before any connection is opened: two processes switching a new database into WAL mode at
    the same moment can deadlock, and SQLite then fails one of them at once instead of
    waiting."""
    parsed = make_url(url)
    database = parsed.database
    if parsed.get_backend_name() != "sqlite" or not database or database == ":memory:":
        yield
        return
    with open(f"{database}.migrating", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


@contextmanager
def one_server_at_a_time(connection: Connection) -> Iterator[None]:
    """Hold PostgreSQL's advisory lock while migrating: a second `init-db` started at the same
    time waits, then finds the database migrated."""
    if connection.dialect.name != "postgresql":
        yield
        return
    connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": MIGRATION_LOCK})
    connection.commit()  # the lock is the session's; Alembic's transaction starts clean
    try:
        yield
    finally:
        connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": MIGRATION_LOCK})
        connection.commit()


def run_migrations() -> None:
    url = config.get_main_option("sqlalchemy.url")
    assert url is not None
    with one_file_at_a_time(url):
        engine = make_engine(url)
        try:
            _migrate(engine)
        finally:
            engine.dispose()


def _migrate(engine: Engine) -> None:
    sqlite = engine.dialect.name == "sqlite"
    with engine.connect() as connection, one_server_at_a_time(connection):
        if sqlite:
            # Batch migrations recreate tables; with foreign keys on, dropping a parent table
            # would cascade-delete every child row. Turn them off (outside any transaction:
            # SQLite ignores the pragma inside one) and commit so Alembic's own transaction
            # starts clean and its version row is committed.
            connection.execute(text("PRAGMA foreign_keys=OFF"))
            connection.commit()
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=sqlite,
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()
        if sqlite:
            problems = connection.execute(text("PRAGMA foreign_key_check")).fetchall()
            if problems:
                raise RuntimeError(f"Migration left broken foreign keys: {problems[:5]}")
            connection.execute(text("PRAGMA foreign_keys=ON"))
            connection.commit()


run_migrations()
