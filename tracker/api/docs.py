"""The OpenAPI document (``/api/v1/openapi.json``) and a readable page of it (``/api/v1/docs``),
both from :data:`tracker.api.endpoint.spec`, so they describe the schemas that validate the
requests. The page is drawn on the server from the document: no script, no CDN."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import Blueprint, Response, jsonify, render_template
from markupsafe import Markup

from tracker.api.endpoint import spec
from tracker.content.markdown import markdown

bp = Blueprint("docs", __name__)

METHODS = ("get", "post", "patch", "put", "delete")


def document() -> dict[str, Any]:
    """The OpenAPI 3.1 document of the API."""
    found: dict[str, Any] = spec.spec
    return found


@bp.get("/openapi.json")
def openapi() -> Response:
    answer = jsonify(document())
    answer.headers["Cache-Control"] = "public, max-age=300"
    return answer


# --- the readable page -------------------------------------------------------------------


def prose(text: str) -> Markup:
    """A description of the document (CommonMark, raw HTML off) as HTML."""
    return Markup(markdown().render(text)) if text else Markup("")


def inline(text: str) -> Markup:
    return Markup(markdown().renderInline(text)) if text else Markup("")


@dataclass(frozen=True)
class Field:
    name: str
    type: str
    required: bool
    notes: Markup


@dataclass(frozen=True)
class Operation:
    method: str
    path: str
    anchor: str
    summary: str
    description: Markup
    write: bool
    parameters: tuple[Field, ...]
    body: str | None
    responses: tuple[tuple[str, str, str | None], ...]


@dataclass(frozen=True)
class Schema:
    name: str
    description: Markup
    fields: tuple[Field, ...]


def _ref_name(ref: str) -> str:
    return ref.rsplit("/", 1)[-1]


def type_text(schema: dict[str, Any]) -> str:
    """A JSON schema in a few words: ``integer``, ``list of Muscle``, ``date or null``."""
    if "$ref" in schema:
        return _ref_name(schema["$ref"])
    if "anyOf" in schema:
        return " or ".join(type_text(s) for s in schema["anyOf"])
    kind = schema.get("type", "any")
    if kind == "array":
        return "list of " + type_text(schema.get("items", {}))
    if kind == "string" and schema.get("format"):
        return str(schema["format"])
    if kind == "object" and "additionalProperties" in schema:
        return "object"
    return str(kind)


def _constraints(schema: dict[str, Any]) -> list[str]:
    parts: list[str] = []
    for option in schema.get("anyOf", [schema]):
        if "enum" in option:
            parts.append("one of " + ", ".join(f"`{v}`" for v in option["enum"]))
        if "items" in option and "enum" in option["items"]:
            parts.append("each one of " + ", ".join(f"`{v}`" for v in option["items"]["enum"]))
        for key, word in (
            ("minimum", "at least"),
            ("maximum", "at most"),
            ("minLength", "at least {} characters"),
            ("maxLength", "at most {} characters"),
            ("maxItems", "at most {} items"),
            ("multipleOf", "a multiple of"),
        ):
            if key in option:
                value = option[key]
                parts.append(word.format(value) if "{}" in word else f"{word} {value}")
    if "default" in schema and schema["default"] not in (None, [], ""):
        parts.append(f"default {schema['default']}")
    return parts


def _field(name: str, schema: dict[str, Any], required: bool) -> Field:
    notes = [schema.get("description", ""), *_constraints(schema)]
    return Field(name, type_text(schema), required, inline("; ".join(n for n in notes if n)))


def operations(doc: dict[str, Any]) -> list[tuple[str, list[Operation]]]:
    """The document's operations grouped by tag, in the document's order."""
    groups: dict[str, list[Operation]] = {}
    for path, item in doc.get("paths", {}).items():
        for method in METHODS:
            op = item.get(method)
            if op is None:
                continue
            parameters = tuple(
                _field(f"{p['name']} ({p['in']})", p.get("schema", {}), bool(p.get("required")))
                for p in op.get("parameters", [])
            )
            content = op.get("requestBody", {}).get("content", {}).get("application/json", {})
            body = (
                _ref_name(content["schema"]["$ref"])
                if "$ref" in content.get("schema", {})
                else None
            )
            responses = []
            for code, answer in sorted(op.get("responses", {}).items()):
                schema = answer.get("content", {}).get("application/json", {}).get("schema", {})
                responses.append(
                    (
                        code,
                        answer.get("description", ""),
                        _ref_name(schema["$ref"]) if "$ref" in schema else None,
                    )
                )
            operation = Operation(
                method=method.upper(),
                path=path,
                anchor=op.get("operationId", f"{method}-{path}"),
                summary=op.get("summary", ""),
                description=prose(op.get("description", "")),
                write="403" in op.get("responses", {}),
                parameters=parameters,
                body=body,
                responses=tuple(responses),
            )
            for tag in op.get("tags") or ["other"]:
                groups.setdefault(tag, []).append(operation)
    return list(groups.items())


def schemas(doc: dict[str, Any]) -> list[Schema]:
    found = []
    for name, schema in sorted(doc.get("components", {}).get("schemas", {}).items()):
        required = set(schema.get("required", []))
        fields = tuple(
            _field(key, value, key in required)
            for key, value in schema.get("properties", {}).items()
        )
        found.append(Schema(name, prose(schema.get("description", "")), fields))
    return found


@bp.get("/docs")
def page() -> str:
    """The document as a page anyone can read (it holds no user data)."""
    doc = document()
    return render_template(
        "api/docs.html",
        info=doc.get("info", {}),
        openapi_version=doc.get("openapi", ""),
        description=prose(doc.get("info", {}).get("description", "")),
        groups=operations(doc),
        schemas=schemas(doc),
    )
