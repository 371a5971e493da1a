"""Counting failed login attempts per key within a time window, in process or in Redis."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any, Protocol


class AttemptCounter(Protocol):
    def count(self, key: str) -> int: ...

    def add(self, key: str) -> int: ...

    def reset(self, key: str) -> None: ...


class MemoryCounter:
    """Failed attempts kept in this process (enough for one server process)."""

    def __init__(self, window_seconds: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.window = window_seconds
        self.clock = clock
        self._hits: dict[str, list[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, key: str) -> list[float]:
        cutoff = self.clock() - self.window
        hits = [t for t in self._hits.get(key, []) if t > cutoff]
        if hits:
            self._hits[key] = hits
        else:
            self._hits.pop(key, None)
        return hits

    def count(self, key: str) -> int:
        with self._lock:
            return len(self._recent(key))

    def add(self, key: str) -> int:
        with self._lock:
            hits = self._recent(key)
            hits.append(self.clock())
            self._hits[key] = hits
            return len(hits)

    def reset(self, key: str) -> None:
        with self._lock:
            self._hits.pop(key, None)


class RedisCounter:
    """Failed attempts in Redis, shared by every server process (fixed window per key)."""

    def __init__(self, client: Any, window_seconds: int, prefix: str = "regain:login:") -> None:
        self.client = client
        self.window = window_seconds
        self.prefix = prefix

    def count(self, key: str) -> int:
        value = self.client.get(self.prefix + key)
        return int(value) if value else 0

    def add(self, key: str) -> int:
        pipe = self.client.pipeline()
        pipe.incr(self.prefix + key)
        pipe.expire(self.prefix + key, self.window, nx=True)
        hits, _ = pipe.execute()
        return int(hits)

    def reset(self, key: str) -> None:
        self.client.delete(self.prefix + key)


def make_counter(redis_url: str | None, window_seconds: int) -> AttemptCounter:
    if redis_url:
        import redis

        return RedisCounter(redis.Redis.from_url(redis_url), window_seconds)
    return MemoryCounter(window_seconds)
