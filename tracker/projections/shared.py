"""Answers and rendered charts shared by every server through Redis, when it is configured.

Each process keeps its own bounded cache (:class:`tracker.projections.cache.ProjectionCache`);
behind it, this one: what a server computed, another (or the same after a restart) reads
instead of computing it again.

- **Keys** are exact: :func:`tracker.projections.keys.encode` of the answer's own key (which
  holds the user id, the account, the data version, the profile, today...) and the app's
  fingerprint (:func:`~tracker.projections.keys.app_fingerprint`: its code, templates and
  libraries), hashed. A key that has no exact encoding is not shared; nor is an answer that
  holds a database row or a history (``pickle`` refuses them here), or one above
  ``max_value_bytes``.
- **Values** are pickles signed with a key derived from the app's ``SECRET_KEY`` (HMAC-SHA256
  over the Redis key and the pickle): a value is unpickled only if this app wrote it under that
  very key, so nothing that reaches Redis otherwise, and no value moved to another key, is ever
  read.
- **Redis down** costs speed, never an answer: a failed call is logged once, Redis is left
  alone for :attr:`SharedCache.RETRY_SECONDS`, and every answer is computed in process
  meanwhile. Entries expire after ``ttl_seconds`` (give the cache's Redis a ``maxmemory`` and
  an LRU policy too: docs/DEPLOY.md).
"""

from __future__ import annotations

import hashlib
import hmac
import io
import logging
import pickle
import threading
import time
from collections.abc import Callable, Hashable
from typing import Any

from tracker.projections.keys import Unencodable, app_fingerprint, encode

log = logging.getLogger("tracker.projections.shared")


class _Missing:
    """Nothing cached under that key (a value of its own: ``None`` may be an answer)."""

    _instance: _Missing | None = None

    def __new__(cls) -> _Missing:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "MISSING"

    def __reduce__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()

_VERSION = b"\x01"


class _Refusing(pickle.Pickler):
    """A pickler for shared answers: database rows stay in their session, histories in the
    database's checkpoints (their own ``__reduce_ex__`` refuses)."""

    def reducer_override(self, obj: Any) -> Any:
        if hasattr(obj, "_sa_instance_state"):
            raise pickle.PicklingError(f"{type(obj).__name__} is a database row")
        return NotImplemented


def _dumps(value: Any) -> bytes:
    out = io.BytesIO()
    _Refusing(out, protocol=pickle.HIGHEST_PROTOCOL).dump(value)
    return out.getvalue()


class SharedCache:
    """Answers (``get``/``put``) and chart bytes (``get_bytes``/``put_bytes``) in Redis."""

    #: After a failure, Redis is tried again this many seconds later (not on every request).
    RETRY_SECONDS = 30.0

    def __init__(
        self,
        client: Any,
        *,
        secret: bytes,
        ttl_seconds: int = 24 * 3600,
        max_value_bytes: int = 8 << 20,
        prefix: str = "regain:cache:",
        namespace: bytes | None = None,
        errors: tuple[type[BaseException], ...] = (OSError,),
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.client = client
        self.ttl = int(ttl_seconds)
        self.max_value_bytes = max_value_bytes
        self.prefix = prefix
        self.namespace = app_fingerprint() if namespace is None else namespace
        self.errors = errors
        self.clock = clock
        self._secret = hashlib.sha256(b"regain shared cache\0" + secret).digest()
        self._down_since: float | None = None
        self._lock = threading.Lock()
        #: Counts for tests and the benchmark.
        self.hits = 0
        self.misses = 0

    # --- keys and signatures ------------------------------------------------------------------

    def _name(self, kind: bytes, key: bytes) -> bytes:
        h = hashlib.blake2b(digest_size=24)
        h.update(self.namespace)
        h.update(kind)
        h.update(key)
        return self.prefix.encode() + kind + b":" + h.hexdigest().encode()

    def _sign(self, name: bytes, payload: bytes) -> bytes:
        return hmac.new(self._secret, name + b"\0" + payload, hashlib.sha256).digest()

    def _seal(self, name: bytes, payload: bytes) -> bytes:
        return _VERSION + self._sign(name, payload) + payload

    def _open(self, name: bytes, stored: bytes | None) -> bytes | None:
        if stored is None:
            return None
        if len(stored) < 33 or stored[:1] != _VERSION:
            return None
        signature, payload = stored[1:33], stored[33:]
        if not hmac.compare_digest(signature, self._sign(name, payload)):
            log.warning("shared cache: a value with a wrong signature under %s was ignored", name)
            return None
        return payload

    # --- Redis, or nothing while it is down ------------------------------------------------------

    @property
    def available(self) -> bool:
        """Whether Redis is asked at all now (false for a while after it failed)."""
        with self._lock:
            return self._down_since is None or (
                self.clock() - self._down_since >= self.RETRY_SECONDS
            )

    def _call(self, method: str, *args: Any, **kwargs: Any) -> Any:
        if not self.available:
            return None
        try:
            result = getattr(self.client, method)(*args, **kwargs)
        except self.errors as error:
            with self._lock:
                first = self._down_since is None
                self._down_since = self.clock()
            if first:
                log.warning(
                    "Redis is unreachable (%s): answers and charts are computed in each server "
                    "until it answers again",
                    error,
                )
            return None
        with self._lock:
            was_down, self._down_since = self._down_since is not None, None
        if was_down:
            log.warning("Redis answers again: answers and charts are shared again")
        return result

    def ping(self) -> bool:
        """Whether Redis answers now (for the readiness check; the pause after a failure is
        left as it is)."""
        try:
            return bool(self.client.ping())
        except self.errors:
            return False

    # --- answers ---------------------------------------------------------------------------------

    def get(self, key: Hashable) -> Any:
        """The answer stored under ``key``, or :data:`MISSING`."""
        return self.fetch(key)[0]

    def fetch(self, key: Hashable) -> tuple[Any, int]:
        """The answer stored under ``key`` (or :data:`MISSING`) and the size of its pickle."""
        try:
            name = self._name(b"r", encode(key))
        except Unencodable:
            return MISSING, 0
        payload = self._open(name, self._call("get", name))
        if payload is None:
            self.misses += 1
            return MISSING, 0
        try:
            value = pickle.loads(payload)
        except Exception as error:  # an answer of other code: computed again
            log.warning("shared cache: an answer under %s could not be read (%s)", name, error)
            return MISSING, 0
        self.hits += 1
        return value, len(payload)

    def put(self, key: Hashable, value: Any) -> None:
        """Store ``value`` under ``key`` if both can be shared (see the module's docstring)."""
        try:
            name = self._name(b"r", encode(key))
            payload = _dumps(value)
        except (Unencodable, pickle.PicklingError, TypeError, AttributeError, RecursionError):
            return
        if len(payload) <= self.max_value_bytes:
            self._call("set", name, self._seal(name, payload), ex=self.ttl)

    # --- chart bytes -----------------------------------------------------------------------------

    def get_bytes(self, key: str) -> bytes | None:
        """Chart bytes stored under ``key`` (a hash of the chart's data, theme and format)."""
        name = self._name(b"c", key.encode())
        payload = self._open(name, self._call("get", name))
        if payload is None:
            self.misses += 1
            return None
        self.hits += 1
        return payload

    def put_bytes(self, key: str, data: bytes) -> None:
        if len(data) <= self.max_value_bytes:
            name = self._name(b"c", key.encode())
            self._call("set", name, self._seal(name, data), ex=self.ttl)


def make_shared(url: str | None, secret: str | bytes, ttl_seconds: int) -> SharedCache | None:
    """A shared cache on the Redis at ``url`` (``None`` without one)."""
    if not url:
        return None
    import redis

    client = redis.Redis.from_url(
        url, socket_connect_timeout=0.5, socket_timeout=0.5, retry_on_timeout=False
    )
    key = secret if isinstance(secret, bytes) else secret.encode()
    return SharedCache(
        client, secret=key, ttl_seconds=ttl_seconds, errors=(redis.RedisError, OSError)
    )
