"""The database engine (one per app) and one session per request."""

from __future__ import annotations

import contextlib
import sqlite3
import time
from pathlib import Path
from typing import Any

from flask import Flask, current_app, g
from sqlalchemy import Engine, event
from sqlalchemy.engine import make_url
from sqlmodel import Session, create_engine

from tracker.files import FILE_MODE, secure_instance, touch_private

#: How long a SQLite connection waits for another's lock before it gives up.
SQLITE_BUSY_SECONDS = 5


def make_engine(url: str, query_seconds: float | None = None) -> Engine:
    """An engine for ``url``; SQLite gets WAL, foreign keys and a busy timeout, and its file
    is made (or kept) readable by the owner only. With ``query_seconds``, a statement that
    runs longer is stopped (``QueryTooLong``): PostgreSQL's statement_timeout, and on SQLite a
    progress handler that interrupts it."""
    if url.startswith("sqlite"):
        _private_database_file(url)
        engine = create_engine(
            url, connect_args={"check_same_thread": False, "timeout": SQLITE_BUSY_SECONDS}
        )
        event.listen(engine, "connect", _sqlite_pragmas)
        if query_seconds:
            _sqlite_time_budget(engine, query_seconds)
        return engine
    connect_args = {}
    if query_seconds:
        connect_args["options"] = f"-c statement_timeout={max(1, round(query_seconds * 1000))}"
    return create_engine(url, pool_pre_ping=True, connect_args=connect_args)


#: How many SQLite virtual-machine steps run between two looks at the clock.
_SQLITE_STEPS = 20_000


def _sqlite_time_budget(engine: Engine, seconds: float) -> None:
    """Interrupt a SQLite statement that runs longer than ``seconds``: each statement sets a
    deadline on its connection, and a progress handler stops the statement past it."""

    @event.listens_for(engine, "connect")
    def _handler(dbapi_connection: Any, record: Any) -> None:
        info = record.info

        def too_long() -> int:
            deadline = info.get("deadline")
            return int(deadline is not None and time.monotonic() > deadline)

        dbapi_connection.set_progress_handler(too_long, _SQLITE_STEPS)

    @event.listens_for(engine, "before_cursor_execute")
    def _start(conn: Any, *_args: Any) -> None:
        conn.info["deadline"] = time.monotonic() + seconds

    @event.listens_for(engine, "after_cursor_execute")
    def _stop(conn: Any, *_args: Any) -> None:
        conn.info.pop("deadline", None)


def is_query_too_long(error: BaseException) -> bool:
    """Whether a database error is a statement stopped by the time budget."""
    original = getattr(error, "orig", None)
    if original is None:
        return False
    name = type(original).__name__
    return name == "QueryCanceled" or (
        name == "OperationalError" and "interrupted" in str(original)
    )


def _private_database_file(url: str) -> None:
    database = make_url(url).database
    if not database or database == ":memory:" or database.startswith("file:"):
        return
    path = Path(database)
    if not path.parent.is_dir():
        return  # SQLite will say so when it connects
    touch_private(path)
    for suffix in ("-wal", "-shm", "-journal"):
        with contextlib.suppress(FileNotFoundError, PermissionError):
            path.with_name(path.name + suffix).chmod(FILE_MODE)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    _write_ahead_log(cursor)
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_SECONDS * 1000}")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _write_ahead_log(cursor: sqlite3.Cursor) -> None:
    """Put the database in WAL mode (a no-op once it is). Two connections switching a new
    database at the same moment deadlock on its locks, and SQLite then fails one of them at
    once instead of waiting its busy timeout: that one tries again, for as long as it would
    have waited."""
    deadline = time.monotonic() + SQLITE_BUSY_SECONDS
    while True:
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.005)


def init_app(app: Flask) -> None:
    secure_instance(app.instance_path)
    app.extensions["engine"] = make_engine(
        app.config["DATABASE_URL"], query_seconds=app.config.get("QUERY_SECONDS")
    )
    app.teardown_appcontext(close_session)


def engine() -> Engine:
    result: Engine = current_app.extensions["engine"]
    return result


def get_session() -> Session:
    """The request's session, opened on first use and closed at teardown."""
    if "db_session" not in g:
        g.db_session = Session(engine(), expire_on_commit=False)
    session: Session = g.db_session
    return session


def close_session(_exc: BaseException | None = None) -> None:
    session = g.pop("db_session", None)
    if session is not None:
        session.close()
