"""Helpers of the import tests: upload a file, follow the redirects, read what was stored."""

from __future__ import annotations

import io
import re
from html import unescape
from typing import Any

from flask import Flask
from sqlmodel import select

from tests.conftest import Client
from tests.factories import session_for
from tracker.models import Exercise, User, Workout, WorkoutSet


def upload(
    client: Client,
    content: str | bytes,
    *,
    filename: str = "export.csv",
    source: str = "",
    unit: str = "",
) -> Any:
    data = content.encode() if isinstance(content, str) else content
    return client.post(
        "/import",
        data={"file": (io.BytesIO(data), filename), "source": source, "unit": unit},
        content_type="multipart/form-data",
    )


def token_of(response: Any) -> str:
    assert response.status_code == 302, response.get_data(as_text=True)
    location = response.headers["Location"]
    assert re.fullmatch(r"/import/[A-Za-z0-9_-]{16,64}", location), location
    return str(location.rsplit("/", 1)[1])


def record_of(response: Any) -> int:
    assert response.status_code == 302, response.get_data(as_text=True)
    found = re.fullmatch(r"/imports/(\d+)", response.headers["Location"])
    assert found is not None, response.headers["Location"]
    return int(found.group(1))


def sets_of(app: Flask, user: User) -> list[tuple[str, str, float | None, int | None]]:
    """(workout title, exercise name, weight, reps) of each of the user's sets."""
    with session_for(app) as session:
        rows = session.exec(
            select(Workout.title, Exercise.name, WorkoutSet.weight_kg, WorkoutSet.reps)
            .join(WorkoutSet, WorkoutSet.workout_id == Workout.id)  # type: ignore[arg-type]
            .join(Exercise, Exercise.id == WorkoutSet.exercise_id)  # type: ignore[arg-type]
            .where(Workout.user_id == user.id)
            .order_by(WorkoutSet.id)  # type: ignore[arg-type]
        ).all()
        return [tuple(row) for row in rows]  # type: ignore[misc]


def text_of(html: str) -> str:
    """The page's text without tags, blanks collapsed."""
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())
