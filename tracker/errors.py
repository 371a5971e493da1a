"""Error pages: a plain message for each status, never a traceback."""

from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DBAPIError
from werkzeug.exceptions import HTTPException, InternalServerError
from werkzeug.wrappers import Response

from tracker.db import is_query_too_long
from tracker.limits import LimitReached

MESSAGES = {
    400: ("Bad request", "The request could not be understood. Go back and check what you sent."),
    403: ("Not allowed", "You are not allowed to do that."),
    404: ("Not found", "There is nothing here, or it is not yours to see."),
    405: ("Not allowed", "That page cannot be used this way."),
    409: ("Limit reached", "This account holds as much of that as it can."),
    413: ("Too large", "What you sent is larger than this server accepts."),
    429: ("Too many requests", "Too many attempts in a short time. Wait a few minutes and retry."),
    503: (
        "This took too long",
        "Reading your data took longer than this server allows, so it stopped. Nothing was "
        "saved; try again in a moment, and if it keeps happening, the page has more to show "
        "than it can: tell whoever runs this server.",
    ),
    500: (
        "Something went wrong",
        "An error on our side stopped this page. Nothing you typed was saved.",
    ),
}


#: The code of each status in a JSON answer, for programs (``tracker.api.errors.CODES``).
API_CODES = {
    400: "bad_request",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "limit_reached",
    413: "too_large",
    429: "rate_limited",
    500: "server_error",
    503: "timeout",
}


def init_app(app: Flask) -> None:
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(LimitReached, _limit_reached)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(Exception, _unexpected_error)


def _render(status: int, detail: str | None = None) -> tuple[str | Response, int]:
    title, message = MESSAGES.get(status, ("Error", "Something went wrong."))
    if status == 413:
        limit = _limit_megabytes()
        message = f"What you sent is larger than the {limit} MB this server accepts."
    if request.path.startswith("/api/") or request.accept_mimetypes.best == "application/json":
        # The API's error shape (tracker.api.errors): {"error": {"code", "message", "field"}}.
        body = {"code": API_CODES.get(status, "error"), "message": detail or message}
        return jsonify(error={**body, "field": None, "details": []}), status
    return render_template(
        "errors/error.html", status=status, title=title, message=detail or message
    ), status


def _limit_megabytes() -> int:
    from flask import current_app

    return int(current_app.config["MAX_CONTENT_LENGTH"] // (1024 * 1024))


def _csrf_error(error: CSRFError) -> tuple[str | Response, int]:
    return _render(
        400,
        "This form expired or did not come from this site (" + error.description + "). "
        "Go back, reload the page and send it again.",
    )


def _limit_reached(error: LimitReached) -> tuple[str | Response, int]:
    """A per-account limit (``tracker.limits``) that a page did not check itself."""
    return _render(409, f"Nothing was saved. {error}")


def _http_error(error: HTTPException) -> tuple[str | Response, int] | HTTPException:
    if error.code is None or error.code < 400:
        return error
    return _render(error.code)


def _unexpected_error(error: Exception) -> tuple[str | Response, int]:
    from flask import current_app

    if isinstance(error, HTTPException):
        return _http_error(error)  # type: ignore[return-value]
    if isinstance(error, DBAPIError) and is_query_too_long(error):
        current_app.logger.warning("A statement ran past the time budget on %s", request.path)
        return _render(503)
    current_app.logger.exception("Unhandled error", exc_info=error)
    if current_app.config.get("PROPAGATE_EXCEPTIONS"):
        raise error
    return _render(InternalServerError.code)
