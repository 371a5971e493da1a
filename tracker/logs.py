"""Logs a proxy or a log shipper can read: one JSON object a line.

:class:`JsonFormatter` writes every record as ``{"time", "level", "logger", "message", ...}``
with the request's ``X-Request-ID`` (nginx sets it: ``deploy/nginx/regain.conf``) when the
record was made while serving a request, and the exception's traceback as ``exception``.
gunicorn's access log records become ``{"message": "request", "method", "path", "status",
"duration_ms", "bytes", "remote", "forwarded_for", "request_id", "user_agent"}``.
``deploy/gunicorn.conf.py`` installs it for gunicorn and the app; ``make run`` keeps
gunicorn's plain lines.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Mapping
from typing import Any


def _request_id() -> str | None:
    try:
        from flask import has_request_context, request
    except ImportError:  # pragma: no cover - Flask is a dependency
        return None
    if not has_request_context():
        return None
    value = request.headers.get("X-Request-ID")
    return value[:128] if value else None


def _number(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class JsonFormatter(logging.Formatter):
    """Each record as one line of JSON (see the module's docstring)."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname.lower(),
            "logger": record.name,
        }
        atoms = record.args
        if record.name == "gunicorn.access" and isinstance(atoms, Mapping):
            entry.update(_access(atoms))
        else:
            entry["message"] = record.getMessage()
            request_id = _request_id()
            if request_id:
                entry["request_id"] = request_id
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str, ensure_ascii=False)


def _access(atoms: Mapping[str, Any]) -> dict[str, Any]:
    """gunicorn's access-log atoms (``{name}i`` are request headers, lowercased)."""

    def atom(name: str) -> Any:
        value = atoms.get(name)
        return None if value in (None, "-") else value

    micros = _number(atom("D"))
    pid = str(atom("p") or "").strip("<>")
    return {
        "message": "request",
        "method": atom("m"),
        "path": atom("U"),
        "query": atom("q") or None,
        "status": _number(atom("s")),
        "bytes": _number(atom("B")),
        "duration_ms": None if micros is None else round(micros / 1000, 1),
        "remote": atom("h"),
        "forwarded_for": atom("{x-forwarded-for}i"),
        "request_id": atom("{x-request-id}i"),
        "user_agent": atom("a"),
        "pid": _number(pid),
    }
