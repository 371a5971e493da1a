"""Answers and charts shared through Redis (tracker.projections.shared): exact keys, signed
values, nothing of one account for another, Redis down costing speed and never an answer."""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
import time
import uuid
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask

from tests.factories import catalogue_exercise, make_user, make_workout, session_for
from tests.servers import (
    assert_same,
    history_of,
    servers_fixture,  # noqa: F401  (the fixture "servers")
    simulated_from_scratch,
    train,
)
from tracker import crud
from tracker.break_days import today_in
from tracker.models import Break, User
from tracker.physiology import Profile
from tracker.projections import HistoryKey, ProjectionCache, cache_for
from tracker.projections.keys import Unencodable, encode
from tracker.projections.shared import MISSING, SharedCache, make_shared
from tracker.timeline import LogRows, SetAggregate

SECRET = b"a secret of the deployment"


class FakeRedis:
    """The few Redis calls the shared cache makes, in a dict (``ttl`` kept to be checked)."""

    def __init__(self) -> None:
        self.data: dict[bytes, bytes] = {}
        self.ttl: dict[bytes, int | None] = {}
        self.calls = 0

    def get(self, name: bytes) -> bytes | None:
        self.calls += 1
        return self.data.get(name)

    def set(self, name: bytes, value: bytes, ex: int | None = None) -> bool:
        self.calls += 1
        self.data[name] = value
        self.ttl[name] = ex
        return True

    def ping(self) -> bool:
        return True


class DownRedis:
    """A Redis that does not answer."""

    def __init__(self) -> None:
        self.calls = 0

    def __getattr__(self, name: str) -> Callable[..., Any]:
        def refuse(*args: Any, **kwargs: Any) -> Any:
            self.calls += 1
            raise ConnectionError("connection refused")

        return refuse


def shared(client: Any, **kwargs: Any) -> SharedCache:
    options: dict[str, Any] = {"secret": SECRET, "errors": (ConnectionError,)}
    options.update(kwargs)
    return SharedCache(client, **options)


# --- keys ----------------------------------------------------------------------------------------


def test_keys_encode_exactly_and_alike_in_every_process() -> None:
    profile = Profile(age=30, training_years=2.0)
    key = ("now", 7, HistoryKey(3, profile, dt.date(2026, 1, 2), dt.datetime(2025, 1, 1, 9)))
    assert encode(key) == encode(
        ("now", 7, HistoryKey(3, Profile(age=30, training_years=2.0), dt.date(2026, 1, 2),
                              dt.datetime(2025, 1, 1, 9)))
    )  # fmt: skip
    # Values equal in Python but not alike, or alike in text: never the same encoding.
    different = [
        (1,), (1.0,), (True,), ("1",), (b"1",), ((1,),), (frozenset({1}),), (None,), (),
        ("ab",), ("a", "b"), (dt.date(2026, 1, 2),), (dt.datetime(2026, 1, 2),),
        (0.1 + 0.2,), (0.3,), (HistoryKey(3, profile, dt.date(2026, 1, 2)),),
    ]  # fmt: skip
    assert len({encode(k) for k in different}) == len(different)
    assert encode(frozenset({"b", "a"})) == encode(frozenset({"a", "b"}))


@pytest.mark.parametrize("value", [object(), [1, 2], {"a": 1}, {1, 2}, lambda: 1])
def test_values_without_an_exact_encoding_are_refused(value: Any) -> None:
    with pytest.raises(Unencodable):
        encode(("kind", value))


# --- values --------------------------------------------------------------------------------------


def test_answers_go_from_one_server_to_another() -> None:
    redis = FakeRedis()
    a, b = shared(redis, ttl_seconds=600), shared(redis)
    key = ("now", 1, HistoryKey(2, Profile(), dt.date(2026, 3, 1)))
    assert b.get(key) is MISSING
    a.put(key, {"answer": (1.5, "text")})
    assert b.get(key) == {"answer": (1.5, "text")}
    assert list(redis.ttl.values()) == [600]
    a.put(("none", 1), None)  # None is an answer, not a miss
    assert b.get(("none", 1)) is None
    a.put_bytes("etag-light-svg", b"<svg/>")
    assert b.get_bytes("etag-light-svg") == b"<svg/>"
    assert b.get_bytes("other") is None


def test_what_must_not_be_shared_is_not(app: Flask, user: User) -> None:
    redis = FakeRedis()
    cache = shared(redis, max_value_bytes=1000)
    with session_for(app) as session:
        row = session.get(User, user.id)
    cache.put(("row", 1), row)  # a database row belongs to its session
    cache.put(("nested", 1), {"rows": [row]})
    cache.put(("function", 1), lambda: 1)
    cache.put(("big", 1), b"x" * 2000)
    cache.put(("unencodable", object()), 1)
    history = _history()
    cache.put(("history", 1), history)  # checkpoints live in the database, not in Redis
    assert redis.data == {}
    cache.put(("small", 1), b"x" * 10)
    assert len(redis.data) == 1


def _history() -> Any:
    rows = LogRows(
        sets=tuple(
            SetAggregate(dt.date(2026, 1, 1) + dt.timedelta(days=n), "normal", "weighted",
                         "chest", "primary", 5)
            for n in range(0, 30, 2)
        )
    )  # fmt: skip
    history = ProjectionCache().history(
        1, HistoryKey(1, Profile(), dt.date(2026, 2, 1)), lambda: rows
    )
    assert history is not None
    return history


def test_a_value_is_read_only_under_its_own_key_and_secret(
    caplog: pytest.LogCaptureFixture,
) -> None:
    redis = FakeRedis()
    writer = shared(redis)
    writer.put(("dashboard", 1, "alice"), "Alice's numbers")
    writer.put(("dashboard", 2, "bob"), "Bob's numbers")
    alice_name = writer._name(b"r", encode(("dashboard", 1, "alice")))
    alice = redis.data[alice_name]
    bob = redis.data[writer._name(b"r", encode(("dashboard", 2, "bob")))]
    # Bob's value moved under Alice's key (a mix-up, or someone who can write to Redis).
    redis.data[alice_name] = bob
    with caplog.at_level(logging.WARNING, logger="tracker.projections.shared"):
        assert writer.get(("dashboard", 1, "alice")) is MISSING
    assert "wrong signature" in caplog.text
    redis.data[alice_name] = alice
    assert writer.get(("dashboard", 1, "alice")) == "Alice's numbers"
    # Tampered bytes, a truncated value, another deployment's secret: never read.
    redis.data[alice_name] = alice[:-1] + bytes([alice[-1] ^ 1])
    assert writer.get(("dashboard", 1, "alice")) is MISSING
    redis.data[alice_name] = alice[:20]
    assert writer.get(("dashboard", 1, "alice")) is MISSING
    redis.data[alice_name] = alice
    assert shared(redis, secret=b"another").get(("dashboard", 1, "alice")) is MISSING
    # Another version of the code: another namespace, nothing in common.
    assert shared(redis, namespace=b"next release").get(("dashboard", 1, "alice")) is MISSING


def test_redis_down_costs_speed_never_an_answer(caplog: pytest.LogCaptureFixture) -> None:
    now = [0.0]
    down = DownRedis()
    cache = shared(down, clock=lambda: now[0])
    with caplog.at_level(logging.WARNING, logger="tracker.projections.shared"):
        assert cache.get(("k", 1)) is MISSING
        cache.put(("k", 1), 1)
        assert cache.get_bytes("etag") is None
        cache.put_bytes("etag", b"x")
    assert down.calls == 1  # left alone after the first failure
    assert len([r for r in caplog.records if "unreachable" in r.getMessage()]) == 1
    assert not cache.available and not cache.ping()
    working = FakeRedis()
    cache.client = working
    now[0] += SharedCache.RETRY_SECONDS
    with caplog.at_level(logging.WARNING, logger="tracker.projections.shared"):
        cache.put(("k", 1), 2)
    assert cache.get(("k", 1)) == 2
    assert "answers again" in caplog.text


def test_a_cache_in_front_computes_once_for_every_server() -> None:
    redis = FakeRedis()
    one = ProjectionCache(shared=shared(redis))
    two = ProjectionCache(shared=shared(redis))
    computed: list[int] = []

    def compute() -> tuple[int, str]:
        computed.append(1)
        return (42, "answer")

    assert one.result(("q", 1), compute) == (42, "answer")
    assert two.result(("q", 1), compute) == (42, "answer")
    assert two.result(("q", 1), compute) == (42, "answer")
    assert computed == [1]
    calls = redis.calls
    two.result(("q", 1), compute)
    assert redis.calls == calls  # the process's own cache first
    rendered: list[int] = []
    assert one.chart("e", lambda: rendered.append(1) or b"svg") == b"svg"
    assert two.chart("e", lambda: rendered.append(1) or b"svg") == b"svg"
    assert rendered == [1]


def test_a_history_redis_knows_is_computed_only_if_read() -> None:
    redis = FakeRedis()
    log = LogRows(
        sets=tuple(
            SetAggregate(dt.date(2026, 1, 1) + dt.timedelta(days=n), "normal", "weighted",
                         "chest", "primary", 5)
            for n in range(0, 30, 2)
        )
    )  # fmt: skip
    loads: list[int] = []

    def load() -> LogRows:
        loads.append(1)
        return log

    key = HistoryKey(1, Profile(), dt.date(2026, 2, 1))
    first = ProjectionCache(shared=shared(redis)).history(1, key, load)
    assert first is not None and first.computed and len(loads) == 1
    restarted = ProjectionCache(shared=shared(redis))
    deferred = restarted.history(1, key, load)
    assert deferred is not None and not deferred.computed and len(loads) == 1
    assert deferred.rows == first.rows and len(loads) == 2  # read: computed now
    assert_same(deferred, first)
    # Nothing logged: known to be None, without reading the log.
    empty = ProjectionCache(shared=shared(redis)).history(2, key, lambda: LogRows())
    assert empty is None
    assert ProjectionCache(shared=shared(redis)).history(2, key, load) is None
    assert len(loads) == 2


# --- through the app: two servers and one Redis -------------------------------------------------


def _page(client: Any, path: str = "/") -> str:
    response = client.get(path)
    assert response.status_code == 200, path
    html = response.get_data(as_text=True)
    return re.sub(r'name="csrf_token"[^>]*value="[^"]*"', "", html)


def _chart(page: str) -> str:
    match = re.search(r'src="(/charts/timeline\.svg[^"]*)"', page)
    assert match is not None, "the dashboard links no timeline chart"
    return match.group(1).replace("&amp;", "&")


class Work:
    """Counts what a server does: model runs and reads of the log."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        from tracker.crud import projections as crud_projections
        from tracker.physiology import simulate

        self.simulations = 0
        self.log_reads = 0
        real_log = crud_projections.log_rows

        def simulating(*args: Any, **kwargs: Any) -> Any:
            self.simulations += 1
            return simulate(*args, **kwargs)

        def reading(*args: Any, **kwargs: Any) -> Any:
            self.log_reads += 1
            return real_log(*args, **kwargs)

        for where in ("cache", "scenarios"):
            monkeypatch.setattr(f"tracker.projections.{where}.simulate", simulating)
        monkeypatch.setattr(crud_projections, "log_rows", reading)


def _share(app: Flask, redis: Any) -> None:
    cache_for(app.extensions).shared = shared(redis, secret=app.config["SECRET_KEY"].encode())


def _login(app: Flask, email: str) -> Any:
    from tests.conftest import new_client

    client = new_client(app)
    client.login(email)
    return client


def test_a_restarted_server_serves_from_redis_without_simulating(
    app: Flask, user: User, servers: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    redis = FakeRedis()
    train(app, user, 120, 1)
    _share(app, redis)
    server_a = _login(app, user.email)
    page = _page(server_a)
    chart = server_a.get(_chart(page)).get_data()

    restarted = servers()
    _share(restarted, redis)
    work = Work(monkeypatch)
    client = _login(restarted, user.email)
    assert _page(client) == page
    assert client.get(_chart(page)).get_data() == chart
    assert work.simulations == 0 and work.log_reads == 0


def test_data_changed_on_another_server_is_never_served_stale(
    app: Flask, user: User, servers: Any
) -> None:
    """Both servers have the user's pages (in Redis and in process); server A logs a workout.
    Server B then shows the new data: what it and Redis hold is keyed by the old version."""
    redis = FakeRedis()
    train(app, user, 120, 1)
    server_b_app = servers()
    for server in (app, server_b_app):
        _share(server, redis)
    a, b = _login(app, user.email), _login(server_b_app, user.email)
    before = _page(a)
    assert _page(b) == before
    chart_before = b.get(_chart(before)).get_data()

    page = a.get("/workouts/new")
    assert page.status_code == 200
    exercise = catalogue_exercise(app, "squat_barbell")
    make_workout(
        app, user, dt.datetime.combine(today_in("UTC"), dt.time(6)),
        [{"exercise_id": exercise.id, "reps": 5, "weight_kg": 140.0}] * 8,
    )  # fmt: skip
    after_b = _page(b)
    assert after_b != before
    assert _chart(after_b) != _chart(before)
    assert b.get(_chart(after_b)).get_data() != chart_before
    # What B shows is what a server with no cache at all shows.
    cold = servers()
    assert _page(_login(cold, user.email)) == after_b
    history = history_of(server_b_app, user)
    assert history is not None
    assert_same(history, simulated_from_scratch(app, user))


def test_no_answer_of_one_account_reaches_another_even_under_its_old_id(
    app: Flask, user: User, servers: Any
) -> None:
    """Alice's pages are in Redis; her account is deleted and a new one gets her id (forced:
    neither database gives an id twice), at the same data version, on the same day."""
    from sqlalchemy import text

    redis = FakeRedis()
    train(app, user, 120, 1)
    same_profile = "training_years = 2, training_years_set = true, birth_year = 1990"
    with session_for(app) as session:
        session.execute(text(f"UPDATE users SET {same_profile} WHERE id = :id"), {"id": user.id})
        session.commit()
    _share(app, redis)
    alice = _page(_login(app, user.email))
    assert "timeline.svg" in alice
    with session_for(app) as session:
        row = session.get(User, user.id)
        assert row is not None
        version = row.data_version
        crud.users.delete(session=session, user=row)
    newcomer = make_user(app, email="newcomer@example.com")
    with session_for(app) as session:
        session.execute(
            text(f"UPDATE users SET id = :old, data_version = :v, {same_profile} WHERE id = :new"),
            {"old": user.id, "new": newcomer.id, "v": version},
        )
        session.commit()
    other = servers()
    _share(other, redis)
    page = _page(_login(other, "newcomer@example.com"))
    assert page != alice
    assert "timeline.svg" not in page  # nothing logged: no chart of Alice's
    # And with training of their own, their own numbers, never hers.
    train(app, fresh := _user(app, user.id), 60, 1, key="squat_barbell")
    assert fresh.created_at != user.created_at
    history = history_of(other, fresh)
    assert history is not None
    assert_same(history, simulated_from_scratch(other, fresh))


def _user(app: Flask, user_id: int) -> User:
    with session_for(app) as session:
        row = session.get(User, user_id)
        assert row is not None
        return row


def test_an_ongoing_break_stays_in_process(app: Flask, user: User) -> None:
    """The dashboard caches the break going on (a database row): never sent to Redis."""
    redis = FakeRedis()
    train(app, user, 60, 5)
    with session_for(app) as session:
        session.add(Break(user_id=user.id, start_date=today_in("UTC") - dt.timedelta(days=3)))
        crud.users.bump_data_version(session=session, user_id=user.id)
        session.commit()
    _share(app, redis)
    assert _page(_login(app, user.email))
    assert redis.data  # the rest was shared
    # Every stored value reads back (none of them is a row of a closed session).
    reader = shared(redis, secret=app.config["SECRET_KEY"].encode())
    assert all(reader._open(name, value) is not None for name, value in redis.data.items())


def test_an_unreachable_redis_never_fails_a_page(app: Flask, user: User, servers: Any) -> None:
    train(app, user, 120, 1)
    plain = _page(_login(app, user.email))
    down = servers(REDIS_URL="redis://127.0.0.1:1/0")  # nothing listens there
    assert cache_for(down.extensions).shared is not None
    started = time.monotonic()
    client = _login(down, user.email)
    assert _page(client) == plain
    assert client.get(_chart(plain)).status_code == 200
    assert time.monotonic() - started < 5.0


# --- a real Redis --------------------------------------------------------------------------------


def _real_redis_url() -> str:
    redis = pytest.importorskip("redis")
    url = os.environ.get("TRACKER_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
    try:
        redis.Redis.from_url(url).ping()
    except redis.exceptions.ConnectionError:
        pytest.skip(f"no Redis at {url}")
    return url


def test_against_a_real_redis() -> None:
    url = _real_redis_url()
    one, two = make_shared(url, "s", 60), make_shared(url, "s", 60)
    assert one is not None and two is not None
    prefix = f"regain:test:{uuid.uuid4().hex}:"
    one.prefix = two.prefix = prefix
    try:
        key = ("now", 1, HistoryKey(1, Profile(), dt.date(2026, 1, 1)))
        one.put(key, ("shared", 1.25))
        assert two.get(key) == ("shared", 1.25)
        one.put_bytes("etag", b"<svg/>")
        assert two.get_bytes("etag") == b"<svg/>"
        assert 0 < one.client.ttl(next(iter(one.client.scan_iter(prefix + "*")))) <= 60
        assert one.ping()
    finally:
        for name in one.client.scan_iter(prefix + "*"):
            one.client.delete(name)
