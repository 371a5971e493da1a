"""Every endpoint of the API as the owner, with another user's token, with a read-only token,
a revoked one and none; tokens, CSRF, cookies, content types, ETags and the rate limit."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

import pytest
from flask import Flask
from sqlmodel import select

from tests.api_helpers import Api, Rows, make_rows, make_token
from tests.conftest import new_client
from tests.factories import catalogue_exercise, count, session_for
from tracker import crud
from tracker.crud import tokens as tokens_crud
from tracker.models import ApiToken, PlannedValues, Workout

TODAY = dt.date.today()
Body = Callable[[Rows, Flask], Any]


def _day(days: int) -> str:
    return (TODAY + dt.timedelta(days=days)).isoformat()


def _squat(app: Flask) -> int:
    found = catalogue_exercise(app, "squat_barbell").id
    assert found is not None
    return found


#: (method, path with {ids}, body or None, the owner's status). Every operation of the
#: document is here (``test_the_table_covers_the_document``).
OPERATIONS: list[tuple[str, str, Body | None, int]] = [
    ("GET", "/profile", None, 200),
    ("PATCH", "/profile", lambda r, a: {"display_name": "Al"}, 200),
    ("GET", "/token", None, 200),
    ("GET", "/exercises", None, 200),
    ("POST", "/exercises", lambda r, a: {"name": "Zercher", "primary": ["quads"]}, 201),
    ("GET", "/exercises/{exercise_id}", None, 200),
    ("PATCH", "/exercises/{exercise_id}", lambda r, a: {"name": "Bayesian curl"}, 200),
    ("DELETE", "/exercises/{exercise_id}", None, 204),
    ("GET", "/workouts", None, 200),
    ("POST", "/workouts", lambda r, a: {"started_at": f"{_day(0)}T07:00", "title": "Run"}, 201),
    ("GET", "/workouts/{workout_id}", None, 200),
    ("PATCH", "/workouts/{workout_id}", lambda r, a: {"title": "Legs!"}, 200),
    ("DELETE", "/workouts/{workout_id}", None, 204),
    (
        "POST",
        "/workouts/{workout_id}/sets",
        lambda r, a: {"exercise_id": _squat(a), "reps": 3, "weight_kg": 110},
        201,
    ),
    ("GET", "/sets/{set_id}", None, 200),
    ("PATCH", "/sets/{set_id}", lambda r, a: {"reps": 6}, 200),
    ("DELETE", "/sets/{set_id}", None, 204),
    ("GET", "/routines", None, 200),
    (
        "POST",
        "/routines",
        lambda r, a: {"name": "Legs", "sets": [{"exercise_id": _squat(a), "reps": 5}]},
        201,
    ),
    ("GET", "/routines/{routine_id}", None, 200),
    ("PATCH", "/routines/{routine_id}", lambda r, a: {"name": "Legs!"}, 200),
    ("DELETE", "/routines/{routine_id}", None, 204),
    ("POST", "/routines/{routine_id}/start", None, 201),
    ("GET", "/breaks", None, 200),
    ("POST", "/breaks", lambda r, a: {"start_date": _day(-5), "reason": "illness"}, 201),
    ("GET", "/breaks/{break_id}", None, 200),
    ("PATCH", "/breaks/{break_id}", lambda r, a: {"reason": "vacation"}, 200),
    ("DELETE", "/breaks/{break_id}", None, 204),
    ("GET", "/breaks/{break_id}/projection", None, 200),
    ("GET", "/breaks/{break_id}/comeback", None, 200),
    ("GET", "/plans", None, 200),
    ("POST", "/plans", lambda r, a: {"start_date": _day(30), "days": 7}, 201),
    ("GET", "/plans/{plan_id}", None, 200),
    ("DELETE", "/plans/{plan_id}", None, 204),
    ("GET", "/plans/{plan_id}/comparison", None, 200),
    ("POST", "/plans/{plan_id}/break", None, 409),  # it starts in ten days: still a plan
    ("GET", "/summary", None, 200),
    ("GET", "/backtest", None, 200),
]

IDS = [f"{m} {p}" for m, p, _, _ in OPERATIONS]


@dataclass(frozen=True)
class RowsAndRoutine(Rows):
    """``make_rows``'s rows and a routine of squats."""

    routine_id: int


def _with_routine(app: Flask, user: Any, found: Rows, mark: str = "") -> RowsAndRoutine:
    with session_for(app) as session:
        routine = crud.routines.create(
            session=session,
            user_id=user.id,
            name=f"{mark}Squats",
            values=[PlannedValues(exercise_id=_squat(app), reps=5, weight_kg=100.0)],
        )
    assert routine.id is not None
    return RowsAndRoutine(**asdict(found), routine_id=routine.id)


@pytest.fixture
def rows(app: Flask, user: Any) -> Rows:
    return _with_routine(app, user, make_rows(app, user))


@pytest.fixture
def other_rows(app: Flask, other_user: Any) -> Rows:
    return _with_routine(app, other_user, make_rows(app, other_user, mark="bob-"), mark="bob-")


def _call(api: Api, app: Flask, rows: Rows, op: tuple[str, str, Body | None, int]) -> Any:
    method, path, body, _ = op
    return api.call(method, path.format(**vars(rows)), body(rows, app) if body else None)


def test_the_table_covers_the_document(client: Any) -> None:
    document = client.get("/api/v1/openapi.json").get_json()
    documented = {
        (method.upper(), path.removeprefix("/api/v1"))
        for path, item in document["paths"].items()
        for method in item
    }
    assert documented == {(m, p) for m, p, _, _ in OPERATIONS}


@pytest.mark.parametrize("op", OPERATIONS, ids=IDS)
def test_the_owner(app: Flask, client: Any, user: Any, rows: Rows, op: Any) -> None:
    response = _call(Api(client, make_token(app, user)), app, rows, op)
    assert response.status_code == op[3], response.get_data(as_text=True)
    if response.status_code == 204:
        assert response.data == b""
    else:
        assert response.mimetype == "application/json"


@pytest.mark.parametrize("op", OPERATIONS, ids=IDS)
def test_without_a_token(app: Flask, client: Any, user: Any, rows: Rows, op: Any) -> None:
    before = count(app, Workout)
    response = _call(Api(client, None), app, rows, op)
    assert response.status_code == 401
    assert response.get_json()["error"]["code"] == "unauthorized"
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert count(app, Workout) == before


@pytest.mark.parametrize("op", OPERATIONS, ids=IDS)
def test_with_a_revoked_token(app: Flask, client: Any, user: Any, rows: Rows, op: Any) -> None:
    token = make_token(app, user)
    with session_for(app) as session:
        row = tokens_crud.find(session=session, token=token)
        assert row is not None
        tokens_crud.revoke(session=session, row=row)
    response = _call(Api(client, token), app, rows, op)
    assert response.status_code == 401
    assert "revoked" in response.get_json()["error"]["message"]


@pytest.mark.parametrize("op", OPERATIONS, ids=IDS)
def test_with_a_read_only_token(app: Flask, client: Any, user: Any, rows: Rows, op: Any) -> None:
    before = client.get("/api/v1/workouts", headers=Api(client, make_token(app, user)).headers())
    response = _call(Api(client, make_token(app, user, "read", "reader")), app, rows, op)
    if op[0] == "GET":
        assert response.status_code == op[3]
    else:
        assert response.status_code == 403
        error = response.get_json()["error"]
        assert error["code"] == "forbidden" and "may only read" in error["message"]
        after = client.get("/api/v1/workouts", headers=Api(client, make_token(app, user)).headers())
        assert after.get_json() == before.get_json()


@pytest.mark.parametrize("op", OPERATIONS, ids=IDS)
def test_with_another_users_token(
    app: Flask, client: Any, user: Any, rows: Rows, other_user: Any, op: Any
) -> None:
    """Bob's token on Alice's rows: every id is unknown to him, and nothing of hers shows."""
    owner = Api(client, make_token(app, user))
    before = owner.get("/workouts").get_json()
    response = _call(Api(client, make_token(app, other_user)), app, rows, op)
    if "{" in op[1]:
        assert response.status_code == 404, response.get_data(as_text=True)
        assert response.get_json()["error"]["code"] == "not_found"
    else:
        assert response.status_code == op[3]
        assert "alice" not in response.get_data(as_text=True).lower()
        assert "Cable curl" not in response.get_data(as_text=True)
    assert owner.get("/workouts").get_json() == before


def test_lists_hold_only_the_callers_rows(
    app: Flask, client: Any, user: Any, rows: Rows, other_rows: Rows
) -> None:
    api = Api(client, make_token(app, user))
    for path in ("/workouts", "/routines", "/breaks", "/plans"):
        items = api.get(path).get_json()["items"]
        assert items and all("bob-" not in str(item) for item in items), path
    exercises = api.get("/exercises?custom=true").get_json()["items"]
    assert [e["name"] for e in exercises] == ["Cable curl"]


# --- tokens, cookies, CSRF -----------------------------------------------------------------


def test_a_token_is_stored_hashed_and_shown_once(app: Flask, user: Any) -> None:
    token = make_token(app, user)
    assert token.startswith("rg_") and len(token) > 40
    with session_for(app) as session:
        (row,) = session.exec(select(ApiToken)).all()
        assert token not in (row.token_hash, row.hint, row.name)
        assert row.token_hash == tokens_crud.digest(token)
        assert token.startswith(row.hint) and len(row.hint) < 12


def test_a_cookie_does_not_authenticate_the_api(auth_client: Any) -> None:
    response = auth_client.get("/api/v1/profile")
    assert response.status_code == 401
    assert "Set-Cookie" not in response.headers


def test_csrf_does_not_apply_to_a_token(app: Flask, client: Any, user: Any) -> None:
    app.config["WTF_CSRF_ENABLED"] = True
    api = Api(client, make_token(app, user))
    response = api.post("/workouts", {"started_at": f"{_day(-1)}T10:00"})
    assert response.status_code == 201
    # The web forms still need theirs.
    page = new_client(app)
    page.login(user.email)
    assert page.post("/workouts/new", data={"date": _day(-1)}, csrf=False).status_code == 400


@pytest.mark.parametrize(
    "header",
    ["", "Bearer", "Bearer ", "Basic abc", "Bearer rg_nothing", "Bearer notatoken", "token x"],
)
def test_a_malformed_or_unknown_token_is_refused(client: Any, user: Any, header: str) -> None:
    response = client.get("/api/v1/profile", headers={"Authorization": header} if header else {})
    assert response.status_code == 401
    assert response.get_json()["error"]["code"] == "unauthorized"


def test_last_used_is_remembered(app: Flask, client: Any, user: Any) -> None:
    api = Api(client, make_token(app, user))
    assert api.get("/token").get_json()["last_used_at"] is not None
    assert api.get("/token").get_json()["name"] == "write token"


def test_deleting_the_account_deletes_its_tokens(app: Flask, auth_client: Any, user: Any) -> None:
    token = make_token(app, user)
    response = auth_client.post("/settings/delete", data={"password": "correct horse battery"})
    assert response.status_code == 302
    assert count(app, ApiToken) == 0
    assert Api(auth_client, token).get("/profile").status_code == 401


# --- requests and answers ------------------------------------------------------------------


@pytest.fixture
def api(app: Flask, client: Any, user: Any) -> Api:
    return Api(client, make_token(app, user))


def test_a_body_must_be_a_json_object(api: Api) -> None:
    form = api.client.post(
        "/api/v1/workouts", data={"started_at": "2026-01-01T10:00"}, headers=api.headers()
    )
    assert form.status_code == 415
    assert form.get_json()["error"]["code"] == "unsupported_media_type"
    broken = api.client.post(
        "/api/v1/workouts",
        data=b'{"started_at": ',
        headers=api.headers({"Content-Type": "application/json"}),
    )
    assert broken.status_code == 400 and broken.get_json()["error"]["code"] == "invalid_json"
    for text in (b"[1, 2]", b'"text"', b"NaN", b'{"duration_minutes": 1' + b"0" * 40 + b"}"):
        answer = api.client.post(
            "/api/v1/workouts", data=text, headers=api.headers({"Content-Type": "application/json"})
        )
        assert answer.status_code in (400, 422), text
        assert answer.get_json()["error"]["code"] in ("invalid_json", "invalid")
    deep = b"[" * 200 + b"]" * 200
    answer = api.client.post(
        "/api/v1/workouts", data=deep, headers=api.headers({"Content-Type": "application/json"})
    )
    assert answer.status_code == 400


def test_errors_name_the_field(api: Api) -> None:
    answer = api.post("/workouts", {"title": "x" * 121})
    error = answer.get_json()["error"]
    assert answer.status_code == 422 and error["code"] == "invalid"
    assert error["field"] == "started_at" and error["message"].startswith("started_at:")
    assert {d["field"] for d in error["details"]} == {"started_at", "title"}
    unknown = api.post("/workouts", {"started_at": f"{_day(0)}T10:00", "weight": 3})
    assert unknown.get_json()["error"]["field"] == "weight"
    query = api.get("/workouts?per_page=0")
    assert query.status_code == 422 and query.get_json()["error"]["field"] == "per_page"
    stray = api.get("/workouts?stat=2026-01-01")
    assert stray.status_code == 422 and stray.get_json()["error"]["field"] == "stat"


def test_unknown_urls_and_methods_answer_json(api: Api) -> None:
    missing = api.get("/nothing-here")
    assert missing.status_code == 404 and missing.get_json()["error"]["code"] == "not_found"
    wrong = api.call("PUT", "/profile", {})
    assert wrong.status_code == 405
    assert wrong.get_json()["error"]["code"] == "method_not_allowed"
    huge = api.get("/workouts/99999999999")
    assert huge.status_code == 404 and huge.get_json()["error"]["code"] == "not_found"


def test_a_get_has_an_etag(api: Api, rows: Rows) -> None:
    first = api.get("/workouts")
    tag = first.headers["ETag"]
    assert first.headers["Cache-Control"] == "private, no-cache"
    again = api.get("/workouts", headers={"If-None-Match": tag})
    assert again.status_code == 304 and again.data == b""
    api.patch(f"/workouts/{rows.workout_id}", {"title": "Changed"})
    changed = api.get("/workouts", headers={"If-None-Match": tag})
    assert changed.status_code == 200 and changed.headers["ETag"] != tag


def test_the_rate_limit_is_per_token(app: Flask, client: Any, user: Any) -> None:
    app.config["API_REQUESTS_PER_MINUTE"] = 3
    first, second = Api(client, make_token(app, user)), Api(client, make_token(app, user, "read"))
    answers = [first.get("/token") for _ in range(4)]
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert answers[0].headers["X-RateLimit-Remaining"] == "2"
    limited = answers[-1]
    assert limited.get_json()["error"]["code"] == "rate_limited"
    assert 1 <= int(limited.headers["Retry-After"]) <= 60
    assert second.get("/token").status_code == 200


def test_the_rate_limit_starts_again_next_minute(
    app: Flask, client: Any, user: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tracker import ratelimit

    app.config["API_REQUESTS_PER_MINUTE"] = 1
    moment = [1_000_020.0]
    monkeypatch.setattr(ratelimit, "now", lambda: moment[0])
    api = Api(client, make_token(app, user))
    assert api.get("/token").status_code == 200
    limited = api.get("/token")
    assert limited.status_code == 429 and limited.headers["Retry-After"] == "60"
    moment[0] += 60
    assert api.get("/token").status_code == 200


def test_the_document_and_its_page(client: Any) -> None:
    document = client.get("/api/v1/openapi.json").get_json()
    assert document["openapi"].startswith("3.")
    assert document["components"]["securitySchemes"]["token"]["scheme"] == "bearer"
    set_schema = document["components"]["schemas"]["SetIn"]["properties"]
    assert set_schema["reps"]["anyOf"][0]["maximum"] == 1000  # the form's limit
    page = client.get("/api/v1/docs")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "/api/v1/workouts/{workout_id}/sets" in html and "SetIn" in html
    assert "<script" not in html.split("</head>")[1].replace('src="/static/js/app.js"', "")
    assert "http" not in "".join(part for part in html.split('"') if part.endswith((".js", ".css")))
