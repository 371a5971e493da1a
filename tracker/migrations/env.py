"""Alembic environment: runs the revisions in versions/ against the configured database."""

from __future__ import annotations

from alembic import context
from sqlalchemy import text
from sqlmodel import SQLModel

import tracker.models  # noqa: F401  (registers the tables on SQLModel.metadata)
from tracker.db import make_engine

config = context.config
target_metadata = SQLModel.metadata


def run_migrations() -> None:
    url = config.get_main_option("sqlalchemy.url")
    assert url is not None
    engine = make_engine(url)
    sqlite = engine.dialect.name == "sqlite"
    with engine.connect() as connection:
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
    engine.dispose()


run_migrations()
