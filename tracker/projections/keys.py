"""Exact, stable encodings of cache keys, and fingerprints of the code behind cached values.

What one server stores (a checkpoint in the database, an answer in Redis) another server, or
the same one after a restart, may read: so its key must be written the same way in every
process (``hash()`` is salted per process) and two keys may be written alike only when they are
equal. :func:`encode` writes plain values (``None``, ``bool``, ``int``, ``float``, ``str``,
``bytes``, dates, datetimes, tuples, frozensets, enums, numpy scalars) and frozen dataclasses
and named tuples of them, each tagged with its exact type and length, so that ``1``, ``1.0``
and ``True`` or ``("a", "b")`` and ``("ab",)`` never meet. Anything else raises
:class:`Unencodable`: such a key stays in the process that made it, which is never wrong.

A stored value also depends on the code that computed it. :func:`fingerprint` is a digest of
source files (and of the versions of the libraries named), so that after a deploy no server
reads what an older version computed.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import functools
import hashlib
import importlib.metadata
from pathlib import Path
from typing import Any

import numpy as np

#: The checkout: ``tracker/``, ``templates/`` and ``static/`` sit here.
ROOT = Path(__file__).resolve().parents[2]


class Unencodable(TypeError):
    """A key holding a value without an exact, stable encoding."""


def encode(value: Any) -> bytes:
    """``value`` as bytes that are the same in every process (see the module's docstring)."""
    out = bytearray()
    _encode(value, out)
    return bytes(out)


def digest(*parts: bytes) -> bytes:
    """A 32-byte BLAKE2b digest of ``parts``, each length-prefixed."""
    h = hashlib.blake2b(digest_size=32)
    for part in parts:
        h.update(len(part).to_bytes(8, "big"))
        h.update(part)
    return h.digest()


def _tagged(out: bytearray, tag: bytes, payload: bytes) -> None:
    out += tag
    out += len(payload).to_bytes(8, "big")
    out += payload


def _name(kind: type) -> bytes:
    return f"{kind.__module__}.{kind.__qualname__}".encode()


def _encode(value: Any, out: bytearray) -> None:
    kind = type(value)
    if value is None:
        out += b"N"
    elif kind is bool:
        out += b"T" if value else b"F"
    elif kind is int:
        _tagged(out, b"i", str(value).encode())
    elif kind is float:
        _tagged(out, b"f", value.hex().encode())
    elif kind is str:
        _tagged(out, b"s", value.encode("utf-8", "surrogatepass"))
    elif kind is bytes:
        _tagged(out, b"b", value)
    elif kind is dt.datetime:
        _tagged(out, b"t", value.isoformat().encode())
    elif kind is dt.date:
        _tagged(out, b"d", value.isoformat().encode())
    elif kind is tuple:
        _sequence(out, b"(", value)
    elif kind is frozenset:
        items = sorted(encode(item) for item in value)
        _tagged(out, b"{", b"".join(_length(item) + item for item in items))
    elif isinstance(value, np.generic) and value.dtype.kind in "biuf":
        _tagged(out, b"g", value.dtype.str.encode() + b":" + value.tobytes())
    elif isinstance(value, enum.Enum):
        _tagged(out, b"e", _name(kind))
        _encode(value.value, out)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        params = kind.__dataclass_params__  # type: ignore[attr-defined]
        if not (params.frozen and params.eq):
            # Mutable, or equal only to itself: no value stands for it in another process.
            raise Unencodable(f"{kind.__qualname__} is not a frozen dataclass compared by value")
        _tagged(out, b"D", _name(kind))
        fields = dataclasses.fields(value)
        out += len(fields).to_bytes(4, "big")
        for field in fields:
            _tagged(out, b"k", field.name.encode())
            _encode(getattr(value, field.name), out)
    elif isinstance(value, tuple) and hasattr(kind, "_fields"):
        _tagged(out, b"n", _name(kind))
        _sequence(out, b"(", tuple(value))
    else:
        raise Unencodable(f"no stable encoding for {kind.__qualname__}")


def _length(item: bytes) -> bytes:
    return len(item).to_bytes(8, "big")


def _sequence(out: bytearray, tag: bytes, items: tuple[Any, ...]) -> None:
    out += tag
    out += len(items).to_bytes(8, "big")
    for item in items:
        _encode(item, out)


# --- the code behind a stored value ------------------------------------------------------------


#: Libraries whose version changes what the model or the pages compute.
LIBRARIES = ("numpy", "matplotlib", "jinja2", "flask", "markdown-it-py")


@functools.cache
def fingerprint(*paths: str, libraries: tuple[str, ...] = LIBRARIES) -> bytes:
    """A digest of every file under ``paths`` (relative to the checkout; ``__pycache__`` left
    out) and of the versions of ``libraries``: it changes with any edit to them."""
    h = hashlib.blake2b(digest_size=16)
    for top in paths:
        base = ROOT / top
        files = [base] if base.is_file() else sorted(p for p in base.rglob("*") if p.is_file())
        for path in files:
            if "__pycache__" in path.parts or path.suffix == ".pyc":
                continue
            h.update(str(path.relative_to(ROOT)).encode() + b"\0")
            h.update(digest(path.read_bytes()))
    for library in libraries:
        try:
            version = importlib.metadata.version(library)
        except importlib.metadata.PackageNotFoundError:
            version = "-"
        h.update(f"{library}={version}\0".encode())
    return h.digest()


#: What the model's outputs and states depend on: the model, and how the cache stores them.
MODEL_SOURCES = (
    "tracker/physiology",
    "tracker/projections/cache.py",
    "tracker/projections/store.py",
    "tracker/projections/results.py",
    "tracker/projections/keys.py",
)
#: What an answer or a page's piece may depend on: all of the app.
APP_SOURCES = ("tracker", "templates", "static")


def model_fingerprint() -> bytes:
    return fingerprint(*MODEL_SOURCES, libraries=("numpy",))


def app_fingerprint() -> bytes:
    return fingerprint(*APP_SOURCES)
