"""The API's errors: one JSON shape for all of them,
``{"error": {"code", "message", "field", "details"}}`` (``tracker.api.schemas.ErrorBody``).

Errors raised by the API's views (:class:`ApiError`, a full account) are answered by the
blueprint's handlers; the app's own (no such URL, a method not allowed, a request too large,
a statement past its time budget) by ``tracker.errors``, whose JSON branch uses the same
shape through :func:`body`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from flask import Blueprint, Response, jsonify
from pydantic import ValidationError

from tracker.api.schemas import FieldError
from tracker.limits import LimitReached

#: The code of each status, for programs (the message is for people).
CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "limit_reached",
    413: "too_large",
    415: "unsupported_media_type",
    422: "invalid",
    429: "rate_limited",
    500: "server_error",
    503: "timeout",
}


class ApiError(Exception):
    """An answer other than success: ``status``, a ``message`` for people, the ``field`` at
    fault (if one is), a ``code`` for programs (by default the status's)."""

    def __init__(
        self,
        status: int,
        message: str,
        field: str | None = None,
        code: str | None = None,
        headers: Mapping[str, str] | None = None,
        details: Iterable[tuple[str | None, str]] = (),
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.field = field
        self.code = code or CODES.get(status, "error")
        self.headers = dict(headers or {})
        self.details = list(details)


def not_found(what: str) -> ApiError:
    return ApiError(404, f"There is no {what} with this id among yours.")


def invalid(field: str, message: str) -> ApiError:
    return ApiError(422, f"{field}: {message}", field=field)


def body(
    status: int,
    message: str,
    field: str | None = None,
    code: str | None = None,
    details: Iterable[tuple[str | None, str]] = (),
) -> dict[str, Any]:
    return {
        "error": {
            "code": code or CODES.get(status, "error"),
            "message": message,
            "field": field,
            "details": [{"field": f, "message": m} for f, m in details],
        }
    }


def response(error: ApiError) -> Response:
    answer = jsonify(body(error.status, error.message, error.field, error.code, error.details))
    answer.status_code = error.status
    answer.headers.update(error.headers)
    return answer


# --- validation errors -------------------------------------------------------------------


def _place(location: Iterable[Any]) -> str | None:
    parts = [str(p) for p in location]
    return ".".join(parts) if parts else None


def _message(error: Mapping[str, Any]) -> tuple[str | None, str]:
    """(field, message) of one pydantic error, in the forms' words where they have some."""
    field = _place(error.get("loc", ()))
    cause = (error.get("ctx") or {}).get("error")
    if isinstance(cause, FieldError):
        inner = cause.field
        return (f"{field}.{inner}" if field else inner), cause.message
    if error.get("type") == "value_error" and cause is not None:
        return field, str(cause)
    if error.get("type") == "missing":
        return field, "This field is required."
    if error.get("type") == "extra_forbidden":
        return field, "Regain does not know this field (check its name)."
    return field, str(error.get("msg", "This value is not valid."))


def from_validation(error: ValidationError, prefix: str | None = None) -> ApiError:
    """A pydantic ``ValidationError`` as a 422 naming its first field (all in ``details``)."""
    found = []
    for item in error.errors():
        field, message = _message(item)
        if prefix:
            field = f"{prefix}.{field}" if field else prefix
        found.append((field, message))
    if not found:  # pragma: no cover - pydantic always says what failed
        return ApiError(422, "The request is not valid.")
    field, message = found[0]
    text = f"{field}: {message}" if field else message
    if len(found) > 1:
        text += f" ({len(found) - 1} more in details)"
    return ApiError(422, text, field=field, details=found)


# --- the blueprint's handlers ------------------------------------------------------------


def init_blueprint(bp: Blueprint) -> None:
    bp.register_error_handler(ApiError, response)
    bp.register_error_handler(LimitReached, _limit_reached)


def _limit_reached(error: LimitReached) -> Response:
    return response(ApiError(409, f"Nothing was saved. {error}"))
