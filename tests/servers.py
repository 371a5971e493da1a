"""Helpers for tests of several app servers: another app on the same database, training logged,
a user's history as one server's cache gives it, and as a fresh simulation gives it."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from flask import Flask

from tests.factories import catalogue_exercise, make_workout, session_for
from tracker import create_app
from tracker.break_days import today_in
from tracker.crud import projections as crud_projections
from tracker.models import User
from tracker.projections import History, cache_for, compute_history, user_history
from tracker.projections.service import user_context
from tracker.timeline import build_timeline


@pytest.fixture(name="servers")
def servers_fixture(app: Flask, tmp_path: Path) -> Iterator[Callable[..., Flask]]:
    """Make more servers on ``app``'s database (``servers(**config)``); closed at the end."""
    made: list[Flask] = []

    def make(**config: Any) -> Flask:
        server = another_server(app, tmp_path, **config)
        made.append(server)
        return server

    yield make
    for server in made:
        server.extensions["engine"].dispose()


def another_server(app: Flask, tmp_path: Path, **config: Any) -> Flask:
    """A second app on ``app``'s database: another server (its own process-local caches).
    Dispose of its engine when done (the ``servers`` fixture does)."""
    instance = tmp_path / f"server-{uuid.uuid4().hex[:6]}"
    instance.mkdir()
    settings: dict[str, Any] = {
        "TESTING": True,
        "INSTANCE_PATH": str(instance),
        "DATABASE_URL": app.config["DATABASE_URL"],
        "SECRET_KEY": app.config["SECRET_KEY"],
        "REDIS_URL": None,
    }
    settings.update(config)
    return create_app(settings)


def train(
    app: Flask,
    user: User,
    first: int,
    last: int,
    key: str = "bench_press_barbell",
    sets: int = 3,
    every: int = 2,
) -> None:
    """A workout every ``every`` days from ``first`` to ``last`` days ago (``sets`` sets)."""
    exercise = catalogue_exercise(app, key)
    today = today_in("UTC")
    for ago in range(first, last - 1, -every):
        day = today - dt.timedelta(days=ago)
        rows = [{"exercise_id": exercise.id, "reps": 8, "weight_kg": 60.0}] * sets
        make_workout(app, user, dt.datetime.combine(day, dt.time(18)), rows)


def fresh_user(app: Flask, user: User) -> User:
    with session_for(app) as session:
        found = session.get(User, user.id)
        assert found is not None
        return found


def history_of(app: Flask, user: User) -> History | None:
    """The user's history as ``app``'s projections cache gives it (computed if deferred)."""
    with app.app_context(), session_for(app) as session:
        row = session.get(User, user.id)
        assert row is not None
        cache = cache_for(app.extensions)
        history = user_history(cache, session, user_context(cache, session, row))
        if history is not None:
            history.rows  # noqa: B018  (a deferred history is computed in its session)
        return history


def simulated_from_scratch(app: Flask, user: User) -> History:
    """The same history simulated from day 0, with no cache of any kind."""
    with app.app_context(), session_for(app) as session:
        row = session.get(User, user.id)
        assert row is not None
        who = user_context(cache_for(app.extensions), session, row)
        rows = crud_projections.log_rows(session=session, user_id=row.id)
        timeline = build_timeline(rows, who.today, who.profile)
        assert timeline is not None
        return compute_history(timeline)


def assert_same(a: History, b: History, atol: float = 1e-9) -> None:
    """Two histories agree (to floating-point rounding: a resumed run regroups the sums)."""
    assert a.rows == b.rows
    np.testing.assert_allclose(a.size, b.size, rtol=0, atol=atol)
    np.testing.assert_allclose(a.strength, b.strength, rtol=0, atol=atol)
    np.testing.assert_array_equal(a.phase, b.phase)


def stored_chains(app: Flask, user: User) -> Mapping[int, bytes]:
    """The user's stored blocks: index -> chain."""
    from sqlalchemy import select

    from tracker.models import ModelCheckpoint

    with session_for(app) as session:
        rows = session.execute(
            select(ModelCheckpoint.block, ModelCheckpoint.chain).where(  # type: ignore[call-overload]
                ModelCheckpoint.user_id == user.id
            )
        ).all()
    return {int(block): bytes(chain) for block, chain in rows}
