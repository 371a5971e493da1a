"""The time budget of one database statement: past it the statement stops and the page is a
503 with a plain message, so no account's data can hold a server thread for long."""

from __future__ import annotations

import time

import pytest
from flask import Flask
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from tests.conftest import Client
from tracker import crud
from tracker.db import get_session, is_query_too_long, make_engine


def slow_statement(url: str) -> str:
    """A statement that runs for several seconds on this database, reading no table."""
    if url.startswith("sqlite"):
        return (
            "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c "
            "WHERE x < 300000000) SELECT count(*) FROM c"
        )
    return "SELECT pg_sleep(10)"


def test_a_statement_past_the_budget_is_stopped(app: Flask) -> None:
    url = app.config["DATABASE_URL"]
    engine = make_engine(url, query_seconds=0.3)
    try:
        began = time.monotonic()
        with pytest.raises(DBAPIError) as caught, engine.connect() as conn:
            conn.execute(text(slow_statement(url)))
        assert time.monotonic() - began < 5
        assert is_query_too_long(caught.value)
        with engine.connect() as conn:  # the connection is usable again at once
            assert conn.execute(text("SELECT 1")).scalar_one() == 1
    finally:
        engine.dispose()


def test_without_a_budget_nothing_is_stopped(app: Flask) -> None:
    engine = make_engine(app.config["DATABASE_URL"])
    try:
        with engine.connect() as conn:
            assert conn.execute(text("SELECT 2")).scalar_one() == 2
    finally:
        engine.dispose()


def test_other_database_errors_are_not_taken_for_the_budget(app: Flask) -> None:
    engine = make_engine(app.config["DATABASE_URL"], query_seconds=5)
    try:
        with pytest.raises(DBAPIError) as caught, engine.connect() as conn:
            conn.execute(text("SELECT * FROM no_such_table"))
        assert not is_query_too_long(caught.value)
    finally:
        engine.dispose()


def test_a_page_past_the_budget_answers_503(
    app: Flask, auth_client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = app.config["DATABASE_URL"]
    app.extensions["engine"].dispose()
    app.extensions["engine"] = make_engine(url, query_seconds=0.3)

    def slow(**_kwargs: object) -> None:
        get_session().execute(text(slow_statement(url)))

    monkeypatch.setattr(crud.exercises, "unassigned_counts", slow)  # every dashboard asks it
    response = auth_client.get("/")
    assert response.status_code == 503
    assert "took longer than this server allows" in response.get_data(as_text=True)
    monkeypatch.undo()
    assert auth_client.get("/").status_code == 200  # and the next page works
