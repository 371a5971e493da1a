"""The whole OpenAPI document, fuzzed against the app by schemathesis (offline, in process).

Every operation of ``/api/v1/openapi.json`` gets valid requests (positive) and requests the
schemas forbid (negative), as one user with a read-write token, while a second user's rows sit
in the same database. Every answer is checked: no 5xx, a status the document lists, the
content type and the body its schema says, a request the schemas forbid refused, no request
without a token answered, and nothing of the other user's in any body.

Deterministic (hypothesis derandomised, no example database) and bounded: ``EXAMPLES``
requests a mode and operation, a minute or so on SQLite.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import schemathesis
from flask import Flask
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import (
    content_type_conformance,
    ignored_auth,
    negative_data_rejection,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.factories import catalogue_exercise, make_break, make_user, make_workout, session_for
from tracker import crud
from tracker.crud import plans as plans_crud
from tracker.crud import tokens as tokens_crud
from tracker.crud.exercises import Muscles
from tracker.models import ExerciseBase, PlanBase, PlannedValues

#: Requests per operation and mode (positive, negative).
EXAMPLES = 40
#: Written into every row of the other user: no answer to the fuzzed user may contain it.
SECRET = "zz-other-users-secret"

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
]


# Dates near today, where the rules let a break, a plan or a filter mean something (the
# format's own strategy spans ten thousand years, where almost every break is refused).
schemathesis.openapi.format(
    "date",
    st.dates(
        dt.date.today() - dt.timedelta(days=800), dt.date.today() + dt.timedelta(days=400)
    ).map(dt.date.isoformat),
)


def _seed(app: Flask) -> dict[str, dict[str, Any]]:
    """The fuzzed user's rows and a second user's (marked with ``SECRET``): for each, a token
    and the id of a row of each kind the paths name."""
    today = dt.date.today()
    squat = catalogue_exercise(app, "squat_barbell")
    found: dict[str, dict[str, Any]] = {}
    for who in ("other", "me"):
        user = make_user(app, email=f"{who}@example.com", display_name=who)
        name = SECRET if who == "other" else "mine"
        with session_for(app) as session:
            own = crud.exercises.create_custom(
                session=session,
                user_id=user.id,
                data=ExerciseBase(name=f"{name} curl", kind="weighted", equipment="dumbbell"),
                muscles=Muscles(("biceps",), ()),
            )
        workouts = [
            make_workout(
                app,
                user,
                dt.datetime.combine(today - dt.timedelta(weeks=weeks), dt.time(18)),
                sets=[
                    {"exercise_id": squat.id, "reps": 5, "weight_kg": 100.0, "notes": name},
                    {"exercise_id": own.id, "reps": 10, "weight_kg": 12.5, "notes": name},
                ],
                title=name,
            )
            for weeks in (30, 20, 10, 2)
        ]
        item = make_break(app, user, today - dt.timedelta(weeks=9), today - dt.timedelta(weeks=3))
        with session_for(app) as session:
            plan = plans_crud.create(
                session=session,
                user_id=user.id,
                data=PlanBase(name=name, start_date=today + dt.timedelta(days=10), days=14),
            )
            _, token = tokens_crud.create(
                session=session, user_id=user.id, name=name, scope="write"
            )
            first_set = crud.workouts.sets(session=session, workout_id=workouts[-1].id)[0]
            routine = crud.routines.create(
                session=session,
                user_id=user.id,
                name=name,
                values=[PlannedValues(exercise_id=own.id, reps=10, weight_kg=12.5)],
            )
        found[who] = {
            "token": token,
            "ids": {
                "workout_id": workouts[-1].id,
                "set_id": first_set.id,
                "break_id": item.id,
                "plan_id": plan.id,
                "exercise_id": own.id,
                "routine_id": routine.id,
            },
        }
    return found


def _operations(schema: Any) -> list[Any]:
    """Every operation, the deletions last (so that the others find the rows)."""
    operations = [result.ok() for result in schema.get_all_operations()]
    return sorted(operations, key=lambda op: op.method.upper() == "DELETE")


def _fuzz(operation: Any, strategy: Any, headers: dict[str, str], checks: list[Any]) -> None:
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=strategy)
    def run(case: Any) -> None:
        case.call_and_validate(
            headers=headers, checks=checks, additional_checks=[_no_secret, ignored_auth]
        )

    run()


def _fuzzing(app: Flask) -> tuple[Any, dict[str, dict[str, Any]]]:
    app.config["API_REQUESTS_PER_MINUTE"] = 10**9
    app.config["PROPAGATE_EXCEPTIONS"] = False  # a crash must answer 500 for the check
    users = _seed(app)
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app), users


def _no_secret(ctx: Any, response: Any, case: Any) -> bool | None:
    assert SECRET not in response.text, f"another user's data in {case.method} {case.path}"
    return None


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_the_whole_document_against_the_app(app: Flask, mode: GenerationMode) -> None:
    """Every operation with every part generated: valid requests, then forbidden ones."""
    schema, users = _fuzzing(app)
    headers = {"Authorization": f"Bearer {users['me']['token']}"}
    checks = [*CHECKS, negative_data_rejection] if mode is GenerationMode.NEGATIVE else CHECKS
    operations = _operations(schema)
    assert len(operations) >= 25, [op.label for op in operations]
    for operation in operations:
        _fuzz(operation, operation.as_strategy(generation_mode=mode), headers, checks)


def _path_names(operation: Any) -> list[str]:
    return [p.name for p in operation.path_parameters]


def test_every_operation_on_the_users_own_rows(app: Flask) -> None:
    """The operations with an id in the path, on rows that exist: queries and bodies vary."""
    schema, users = _fuzzing(app)
    me = users["me"]
    headers = {"Authorization": f"Bearer {me['token']}"}
    for operation in _operations(schema):
        names = _path_names(operation)
        if names:
            ids = {name: me["ids"][name] for name in names}
            _fuzz(operation, operation.as_strategy(path_parameters=ids), headers, CHECKS)


def test_another_users_rows_are_not_found(app: Flask) -> None:
    """Every operation on the other user's rows, with the fuzzed user's token: 404, always."""
    schema, users = _fuzzing(app)
    headers = {"Authorization": f"Bearer {users['me']['token']}"}

    def not_found(ctx: Any, response: Any, case: Any) -> bool | None:
        if (case.headers and "Authorization" in case.headers) or response.status_code != 401:
            assert response.status_code in (404, 422), (
                f"{case.method} {case.formatted_path}: {response.status_code} {response.text}"
            )
        return None

    for operation in _operations(schema):
        names = _path_names(operation)
        if names:
            ids = {name: users["other"]["ids"][name] for name in names}
            _fuzz(
                operation, operation.as_strategy(path_parameters=ids), headers, [*CHECKS, not_found]
            )
