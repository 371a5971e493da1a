"""Counting failed login attempts per key, in process or in Redis (shared by every worker).

A key's record is how many attempts failed and when the last one did; it is forgotten
``window_seconds`` after that last failure. ``tracker.auth`` turns the record into a delay.
With Redis configured but unreachable, :class:`FallbackCounter` counts in process instead,
logs it, and tries Redis again a little later: a login never fails because Redis did.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

log = logging.getLogger("tracker.ratelimit")


def now() -> float:
    """The shared clock (seconds since the epoch): Redis records are compared across workers."""
    return time.time()


def _shared_clock() -> float:
    return now()  # looked up at each call, so that tests can move the clock


@dataclass(frozen=True)
class Failures:
    count: int = 0
    #: When the last failure happened (``now()``), 0 when there was none.
    last: float = 0.0


class AttemptCounter(Protocol):
    def get(self, key: str) -> Failures: ...

    def add(self, key: str) -> Failures: ...

    def reset(self, key: str) -> None: ...


class MemoryCounter:
    """Failed attempts kept in this process (enough for one server process)."""

    #: Past this many keys, forgotten ones are swept out (many addresses cannot fill memory).
    SWEEP_AT = 10_000

    def __init__(self, window_seconds: int, clock: Callable[[], float] | None = None) -> None:
        self.window = window_seconds
        self.clock = clock or _shared_clock
        self._records: dict[str, Failures] = {}
        self._lock = threading.Lock()

    def _current(self, key: str, moment: float) -> Failures:
        record = self._records.get(key)
        if record is None:
            return Failures()
        if moment - record.last > self.window:
            del self._records[key]
            return Failures()
        return record

    def get(self, key: str) -> Failures:
        with self._lock:
            return self._current(key, self.clock())

    def add(self, key: str) -> Failures:
        with self._lock:
            moment = self.clock()
            if len(self._records) >= self.SWEEP_AT:
                self._sweep(moment)
            record = Failures(self._current(key, moment).count + 1, moment)
            self._records[key] = record
            return record

    def reset(self, key: str) -> None:
        with self._lock:
            self._records.pop(key, None)

    def _sweep(self, moment: float) -> None:
        for key in [k for k, r in self._records.items() if moment - r.last > self.window]:
            del self._records[key]
        if len(self._records) >= self.SWEEP_AT:  # all recent: drop the oldest half
            for key, _ in sorted(self._records.items(), key=lambda kv: kv[1].last)[
                : self.SWEEP_AT // 2
            ]:
                del self._records[key]


class RedisCounter:
    """Failed attempts in Redis, shared by every server process: a hash (count, last) per key
    that expires ``window_seconds`` after the last failure."""

    def __init__(
        self,
        client: Any,
        window_seconds: int,
        prefix: str = "regain:login:",
        clock: Callable[[], float] | None = None,
    ) -> None:
        self.client = client
        self.window = window_seconds
        self.prefix = prefix
        self.clock = clock or _shared_clock

    def get(self, key: str) -> Failures:
        count, last = self.client.hmget(self.prefix + key, "count", "last")
        return Failures(int(count or 0), float(last or 0.0))

    def add(self, key: str) -> Failures:
        moment = self.clock()
        name = self.prefix + key
        pipe = self.client.pipeline()
        pipe.hincrby(name, "count", 1)
        pipe.hset(name, "last", repr(moment))
        pipe.expire(name, self.window)
        count, _, _ = pipe.execute()
        return Failures(int(count), moment)

    def reset(self, key: str) -> None:
        self.client.delete(self.prefix + key)


class FallbackCounter:
    """Redis when it answers; in process (and a log line) while it does not."""

    #: After a failure, Redis is tried again this many seconds later (not on every login).
    RETRY_SECONDS = 30.0

    def __init__(
        self,
        primary: AttemptCounter,
        fallback: AttemptCounter,
        errors: tuple[type[BaseException], ...],
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.primary = primary
        self.fallback = fallback
        self.errors = errors
        self.clock = clock
        self._down_since: float | None = None
        self._lock = threading.Lock()

    def _use_primary(self) -> bool:
        with self._lock:
            return self._down_since is None or (
                self.clock() - self._down_since >= self.RETRY_SECONDS
            )

    def _failed(self, error: BaseException) -> None:
        with self._lock:
            first = self._down_since is None
            self._down_since = self.clock()
        if first:
            log.warning(
                "Redis is unreachable (%s): counting failed logins in this process until it "
                "answers again",
                error,
            )

    def _recovered(self) -> None:
        with self._lock:
            was_down, self._down_since = self._down_since is not None, None
        if was_down:
            log.warning("Redis answers again: failed logins are counted there")

    def _call(self, method: str, key: str) -> Any:
        if self._use_primary():
            try:
                result = getattr(self.primary, method)(key)
            except self.errors as error:
                self._failed(error)
            else:
                self._recovered()
                return result
        return getattr(self.fallback, method)(key)

    def get(self, key: str) -> Failures:
        result: Failures = self._call("get", key)
        return result

    def add(self, key: str) -> Failures:
        result: Failures = self._call("add", key)
        return result

    def reset(self, key: str) -> None:
        self._call("reset", key)


def make_counter(
    redis_url: str | None, window_seconds: int, prefix: str = "regain:login:"
) -> AttemptCounter:
    """Redis (falling back to this process while it is down) when configured, else memory."""
    memory = MemoryCounter(window_seconds)
    if not redis_url:
        return memory
    import redis

    client = redis.Redis.from_url(
        redis_url, socket_connect_timeout=0.5, socket_timeout=0.5, retry_on_timeout=False
    )
    return FallbackCounter(
        RedisCounter(client, window_seconds, prefix), memory, (redis.RedisError, OSError)
    )
