"""Builders for test data, written straight to the app's database."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import Flask
from sqlmodel import Session, select

from tests.conftest import PASSWORD
from tracker import crud
from tracker.models import (
    Break,
    BreakMuscle,
    Exercise,
    User,
    UserBase,
    Workout,
    WorkoutSet,
)


def session_for(app: Flask) -> Session:
    return Session(app.extensions["engine"], expire_on_commit=False)


def make_user(
    app: Flask, email: str = "user@example.com", password: str = PASSWORD, **profile: Any
) -> User:
    with session_for(app) as session:
        return crud.users.create(
            session=session, profile=UserBase(email=email, **profile), password=password
        )


def catalogue_exercise(app: Flask, key: str) -> Exercise:
    with session_for(app) as session:
        exercise = session.exec(select(Exercise).where(Exercise.key == key)).one()
        return exercise


def make_workout(
    app: Flask,
    user: User,
    started_at: dt.datetime,
    sets: list[dict[str, Any]] | None = None,
    **fields: Any,
) -> Workout:
    """A workout with sets: each dict needs ``exercise_id`` and may give reps, weight_kg..."""
    with session_for(app) as session:
        workout = Workout(user_id=user.id, started_at=started_at, **fields)
        session.add(workout)
        session.flush()
        for position, values in enumerate(sets or [], start=1):
            session.add(WorkoutSet(workout_id=workout.id, position=position, **values))
        crud.users.bump_data_version(session=session, user_id=user.id)
        session.commit()
        session.refresh(workout)
        return workout


def make_break(
    app: Flask,
    user: User,
    start: dt.date,
    end: dt.date | None,
    muscles: tuple[str, ...] = (),
    **fields: Any,
) -> Break:
    with session_for(app) as session:
        item = Break(user_id=user.id, start_date=start, end_date=end, **fields)
        session.add(item)
        session.flush()
        for muscle in muscles:
            session.add(BreakMuscle(break_id=item.id, muscle=muscle))
        crud.users.bump_data_version(session=session, user_id=user.id)
        session.commit()
        session.refresh(item)
        return item


def count(app: Flask, model: type[Any]) -> int:
    with session_for(app) as session:
        return len(session.exec(select(model)).all())
