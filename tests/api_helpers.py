"""Helpers of the API tests: tokens, a client that sends one, and a user with one of each row."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from tests.factories import catalogue_exercise, make_break, make_workout, session_for
from tracker import crud
from tracker.crud import plans as plans_crud
from tracker.crud import tokens as tokens_crud
from tracker.crud.exercises import Muscles
from tracker.models import ExerciseBase, PlanBase, User


def make_token(app: Flask, user: User, scope: str = "write", name: str | None = None) -> str:
    with session_for(app) as session:
        _, token = tokens_crud.create(
            session=session, user_id=user.id, name=name or f"{scope} token", scope=scope
        )
    return token


class Api:
    """A test client that sends a token (or none) to ``/api/v1``."""

    def __init__(self, client: FlaskClient, token: str | None) -> None:
        self.client = client
        self.token = token

    def headers(self, extra: dict[str, str] | None = None) -> dict[str, str]:
        found = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        return {**found, **(extra or {})}

    def call(self, method: str, path: str, body: Any = None, **kwargs: Any) -> Any:
        headers = self.headers(kwargs.pop("headers", None))
        url = "/api/v1" + path
        if body is not None:
            kwargs["json"] = body
        return self.client.open(url, method=method, headers=headers, **kwargs)

    def get(self, path: str, **kwargs: Any) -> Any:
        return self.call("GET", path, **kwargs)

    def post(self, path: str, body: Any = None, **kwargs: Any) -> Any:
        return self.call("POST", path, body, **kwargs)

    def patch(self, path: str, body: Any = None, **kwargs: Any) -> Any:
        return self.call("PATCH", path, body, **kwargs)

    def delete(self, path: str, **kwargs: Any) -> Any:
        return self.call("DELETE", path, **kwargs)


@dataclass(frozen=True)
class Rows:
    """One row of each kind a user owns (ids)."""

    workout_id: int
    set_id: int
    break_id: int
    plan_id: int
    exercise_id: int


def make_rows(app: Flask, user: User, today: dt.date | None = None, mark: str = "") -> Rows:
    """Four workouts of squats and a custom curl, a break after the third, a plan ahead."""
    day = today or dt.date.today()
    squat = catalogue_exercise(app, "squat_barbell")
    with session_for(app) as session:
        curl = crud.exercises.create_custom(
            session=session,
            user_id=user.id,
            data=ExerciseBase(name=f"{mark}Cable curl", kind="weighted", equipment="cable"),
            muscles=Muscles(("biceps",), ("forearms",)),
        )
    workouts = [
        make_workout(
            app,
            user,
            dt.datetime.combine(day - dt.timedelta(weeks=weeks), dt.time(18, 30)),
            sets=[
                {"exercise_id": squat.id, "reps": 5, "weight_kg": 100.0, "notes": mark},
                {"exercise_id": curl.id, "reps": 10, "weight_kg": 20.0, "notes": mark},
            ],
            title=f"{mark}Legs",
        )
        for weeks in (30, 20, 10, 2)
    ]
    item = make_break(
        app, user, day - dt.timedelta(weeks=9), day - dt.timedelta(weeks=3), notes=mark
    )
    with session_for(app) as session:
        plan = plans_crud.create(
            session=session,
            user_id=user.id,
            data=PlanBase(name=f"{mark}Holiday", start_date=day + dt.timedelta(days=10), days=14),
        )
        first = crud.workouts.sets(session=session, workout_id=workouts[-1].id)[0]
    assert curl.id and workouts[-1].id and first.id and item.id and plan.id
    return Rows(workouts[-1].id, first.id, item.id, plan.id, curl.id)
