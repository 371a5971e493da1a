"""How every API view is served: the token, the scope, the rate limit, the body, validation by
the schemas and the OpenAPI document they make (spectree), ETags.

:func:`endpoint` wraps a view. In order, before the view runs:

1. ``Authorization: Bearer <token>`` must name a token of an account (401 otherwise); a
   cookie never authenticates the API, and CSRF does not apply to it (no cookie, no forgery).
2. The token's requests this minute are counted (429 past ``API_REQUESTS_PER_MINUTE``).
3. A view that changes data needs a read-write token (403 for a read-only one).
4. A body must be a JSON object sent as ``application/json`` (415, 400).
5. spectree validates the query and the body with the view's models (422 in the API's error
   shape); the view gets them as its ``query`` and ``json`` arguments.

The same models are what :data:`spec` turns into the OpenAPI document, so the document cannot
describe a request the API would read otherwise.
"""

from __future__ import annotations

import functools
import json
import math
import typing
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import Blueprint, Response, current_app, g, request
from flask.sansio.blueprints import BlueprintSetupState
from pydantic import ValidationError
from spectree import Response as Responses
from spectree import SecurityScheme, SecuritySchemeData, SpecTree
from spectree.models import SecureType

from tracker import limits, ratelimit
from tracker.api import errors as api_errors
from tracker.api.errors import ApiError, body, from_validation
from tracker.api.schemas import ErrorBody
from tracker.crud import tokens as tokens_crud
from tracker.db import get_session
from tracker.models import ApiToken, User

DESCRIPTION = """\
Everything a Regain account holds, as JSON: the profile, exercises (the shared catalogue and
the account's own), workouts and their sets, routines, breaks and plans, and the model's answers
(today's summary, a break's projection, a plan's comparison, the backtest).

**Tokens.** Make a personal access token in Settings > Access tokens and send it as
`Authorization: Bearer rg_...`. A `read` token may only read (GET); a `write` token may also
change data. Cookies do not authenticate the API.

**Units.** Weights in kilograms, distances in metres, set durations in seconds, dates as
`YYYY-MM-DD`, a workout's start as the local wall-clock time `YYYY-MM-DDTHH:MM[:SS]`.

**Lists** come a page at a time (`page`, `per_page`) with `page.total`; workouts and breaks
filter by date (`start`, `end`, inclusive). **ETags**: a GET answers with an `ETag`; send it
back as `If-None-Match` to get `304 Not Modified` while nothing changed.

**Errors** answer `{"error": {"code", "message", "field", "details"}}`; the limits and rules
are the forms' (a workout at most a day after today, a break that overlaps no other...).
Each token may make a limited number of requests a minute (`429` with `Retry-After` past it).
"""

spec = SpecTree(
    "flask",
    title="Regain API",
    version="1",
    description=DESCRIPTION,
    mode="strict",
    page_templates={},
    validation_error_status=422,
    validation_error_model=ErrorBody,
    naming_strategy=lambda model: model.__name__,
    nested_naming_strategy=lambda _parent, child: child,
    security_schemes=[
        SecurityScheme(
            name="token",
            data=SecuritySchemeData(
                type=SecureType.HTTP,
                scheme="bearer",
                description="A personal access token (Settings > Access tokens).",
            ),
        )
    ],
    security={"token": []},
)

View = Callable[..., Any]

#: The statuses every endpoint may answer besides its own.
ALWAYS = (401, 429, 503)


@dataclass(frozen=True)
class Caller:
    """Who a request is from: the token's account and the token."""

    user: User
    token: ApiToken


def caller() -> Caller:
    """The account and token of this request (set by :func:`endpoint`)."""
    found: Caller = g.api_caller
    return found


def endpoint(
    *, write: bool = False, ok: int = 200, errors: tuple[int, ...] = ()
) -> Callable[[View], View]:
    """Serve a view through the steps in the module's docstring; its docstring is its summary
    (first line) and description in the document. ``ok`` is its success status, whose model
    is the view's return annotation (none for 204); ``errors`` the statuses it may answer
    besides ``ALWAYS`` and validation's 422."""

    def decorate(func: View) -> View:
        hints = typing.get_type_hints(func)
        query, payload = hints.get("query"), hints.get("json")
        answer = hints.get("return")
        codes: dict[str, Any] = {f"HTTP_{ok}": None if ok == 204 else _model_of(answer)}
        statuses = set(ALWAYS) | set(errors)
        if write:
            statuses.add(403)
        if payload is not None:
            statuses |= {400, 413, 415}
        for status in sorted(statuses):
            codes[f"HTTP_{status}"] = ErrorBody
        if not write:
            codes["HTTP_304"] = None
        validated = spec.validate(
            query=query,
            json=payload,
            resp=Responses(**codes),
            tags=[func.__module__.rsplit(".", 1)[-1]],
            operation_id=func.__name__,
            before=_validation_failed,
        )(func)

        @functools.wraps(validated)
        def view(*args: Any, **kwargs: Any) -> Any:
            _authenticate(write)
            for name, value in kwargs.items():
                # Ids past the tables' 32-bit integers name no row (and would overflow them).
                if isinstance(value, int) and not 1 <= value <= limits.API_MAX_ID:
                    raise ApiError(404, f"There is no row with the {name} {value}.")
            if payload is not None:
                g.api_body = _json_body()
            return validated(*args, **kwargs)

        return view

    return decorate


def _model_of(annotation: Any) -> Any:
    if isinstance(annotation, type):
        return annotation
    # ``tuple[Model, int]`` and the like: the model is the first argument.
    args = typing.get_args(annotation)
    return args[0] if args else None


def raw_body() -> dict[str, Any]:
    """The request's JSON object as sent (a PATCH needs to know which fields it names)."""
    found: dict[str, Any] = g.api_body
    return found


# --- the steps ---------------------------------------------------------------------------


def _authenticate(write: bool) -> None:
    scheme, _, token = request.headers.get("Authorization", "").strip().partition(" ")
    challenge = {"WWW-Authenticate": 'Bearer realm="Regain"'}
    if scheme.lower() != "bearer" or not token.strip():
        raise ApiError(
            401,
            "Send a personal access token as 'Authorization: Bearer <token>' (make one in "
            "Settings > Access tokens). Cookies do not authenticate the API.",
            headers=challenge,
        )
    session = get_session()
    row = tokens_crud.find(session=session, token=token.strip())
    user = session.get(User, row.user_id) if row is not None else None
    if row is None or user is None:
        raise ApiError(
            401,
            "This token is not valid: it was revoked, or never existed.",
            headers={"WWW-Authenticate": 'Bearer realm="Regain", error="invalid_token"'},
        )
    _count(row)
    if write and row.scope != "write":
        raise ApiError(
            403,
            f"The token '{row.name}' may only read. Make a read-write token in Settings > "
            "Access tokens to change data.",
        )
    tokens_crud.mark_used(session=session, row=row)
    g.api_caller = Caller(user, row)


def requests_per_minute() -> int:
    return int(current_app.config.get("API_REQUESTS_PER_MINUTE", limits.API_REQUESTS_PER_MINUTE))


def _count(row: ApiToken) -> None:
    """Count the request in the token's minute; 429 past the limit (until the next minute)."""
    counter: ratelimit.AttemptCounter = current_app.extensions["api_requests"]
    allowed = requests_per_minute()
    moment = ratelimit.now()
    minute = math.floor(moment / 60)
    used = counter.add(f"{row.id}:{minute}").count
    g.api_rate = (allowed, max(0, allowed - used))
    if used > allowed:
        wait = max(1, math.ceil((minute + 1) * 60 - moment))
        raise ApiError(
            429,
            f"This token made more than {allowed} requests this minute; wait {wait} s.",
            headers={"Retry-After": str(wait)},
        )


def _whole_number(text: str) -> int:
    if len(text.lstrip("-")) > limits.MAX_JSON_DIGITS:
        raise ValueError("number too long")
    return int(text)


def _no_constant(text: str) -> Any:
    raise ValueError(f"{text} is not JSON")


def _depth(value: Any, level: int = 0) -> int:
    if level > limits.MAX_JSON_DEPTH:
        return level
    if isinstance(value, dict):
        return max((_depth(v, level + 1) for v in value.values()), default=level + 1)
    if isinstance(value, list):
        return max((_depth(v, level + 1) for v in value), default=level + 1)
    return level


def _json_body() -> dict[str, Any]:
    if request.mimetype != "application/json":
        raise ApiError(415, "Send the body as JSON, with 'Content-Type: application/json'.")
    try:
        value = json.loads(
            request.get_data(cache=True), parse_int=_whole_number, parse_constant=_no_constant
        )
    except (ValueError, RecursionError):
        raise ApiError(
            400,
            "The body is not valid JSON (numbers of at most "
            f"{limits.MAX_JSON_DIGITS} digits, no NaN or Infinity).",
            code="invalid_json",
        ) from None
    if _depth(value) > limits.MAX_JSON_DEPTH:
        raise ApiError(400, "The body is nested too deeply.", code="invalid_json")
    if not isinstance(value, dict):
        raise ApiError(422, "The body must be a JSON object ({...}).")
    return value


def _validation_failed(
    req: Any, resp: Any, error: Exception | None, instance: Any, adapter: Any
) -> None:
    """spectree's hook: a request its models refused answers in the API's error shape."""
    if error is None or resp is None:
        return
    found = from_validation(error) if isinstance(error, ValidationError) else None
    message = found.message if found else "The request is not valid."
    data = body(
        422, message, found.field if found else None, details=found.details if found else ()
    )
    resp.set_data(json.dumps(data))
    resp.status_code = 422
    resp.mimetype = "application/json"


# --- every answer ------------------------------------------------------------------------


def _after(response: Response) -> Response:
    """Rate-limit headers; GETs get an ETag (``If-None-Match`` answers 304) and are cached by
    nobody but the client."""
    rate = g.get("api_rate")
    if rate is not None:
        response.headers["X-RateLimit-Limit"] = str(rate[0])
        response.headers["X-RateLimit-Remaining"] = str(rate[1])
    response.headers["Vary"] = "Authorization"
    if request.method in ("GET", "HEAD") and response.status_code == 200:
        response.headers["Cache-Control"] = "private, no-cache"
        response.add_etag()
        response.make_conditional(request)
    else:
        response.headers["Cache-Control"] = "no-store"
    return response


def _setup(state: BlueprintSetupState) -> None:
    config = state.app.config
    state.app.extensions.setdefault(
        "api_requests",
        ratelimit.make_counter(config.get("REDIS_URL"), 120, prefix="regain:api:"),
    )


def init_blueprint(bp: Blueprint) -> None:
    """The steps every view of ``bp`` shares: error handlers, headers, the rate counter."""
    api_errors.init_blueprint(bp)
    bp.after_request(_after)
    bp.record_once(_setup)
