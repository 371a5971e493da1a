"""Several servers: health and readiness, the proxy's headers, the settings, logs a shipper can
read, versions that never stand for two states of the data, and memory bounded per worker."""

from __future__ import annotations

import datetime as dt
import fcntl
import importlib.util
import json
import logging
import logging.config
import os
import subprocess
import sys
import threading
import time
import tracemalloc
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from flask import Flask, request
from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError

from tests.factories import session_for
from tests.servers import servers_fixture  # noqa: F401  (the fixture "servers")
from tests.test_migrations import HEAD, empty_database  # noqa: F401  (the fixture)
from tracker import cluster, config, create_app, crud
from tracker.db import make_engine
from tracker.logs import JsonFormatter
from tracker.migrations import downgrade_database, upgrade_database
from tracker.models import User
from tracker.physiology import Profile
from tracker.projections import HistoryKey, ProjectionCache, cache_for
from tracker.projections.cache import approx_size
from tracker.timeline import LogRows, SetAggregate

ROOT = Path(__file__).resolve().parents[1]


# --- health and readiness ------------------------------------------------------------------------


def test_health_answers_without_a_login_a_cookie_or_a_cache(client: Any) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200 and response.get_data(as_text=True) == "ok\n"
    assert response.headers["Cache-Control"] == "no-store"
    assert "Set-Cookie" not in response.headers


def test_ready_when_the_database_is_at_this_codes_migration(client: Any) -> None:
    response = client.get("/readyz")
    assert response.status_code == 200, response.get_json()
    report = response.get_json()
    assert report["status"] == "ready" and report["database"] == "ok"
    assert report["schema"] == "current" and report["redis"] == "not configured"
    assert "Set-Cookie" not in response.headers
    assert response.headers["Cache-Control"] == "no-store"


def test_not_ready_before_the_migrations_ran(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    upgrade_database(url)
    downgrade_database(url, "0011")
    app = create_app({"INSTANCE_PATH": str(tmp_path), "DATABASE_URL": url, "SECRET_KEY": "s"})
    try:
        response = app.test_client().get("/readyz")
        assert response.status_code == 503
        assert response.get_json()["schema"].startswith("behind: at 0011")
        upgrade_database(url)  # the one-off step of a deployment
        assert app.test_client().get("/readyz").status_code == 200
    finally:
        app.extensions["engine"].dispose()


def test_not_ready_without_a_database_and_alive_all_the_same(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'missing' / 'none.sqlite3'}"
    app = create_app({"INSTANCE_PATH": str(tmp_path), "DATABASE_URL": url, "SECRET_KEY": "s"})
    client = app.test_client()
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.get_json()["database"].startswith("unavailable")
    assert client.get("/healthz").status_code == 200


def test_redis_down_is_reported_not_unready(servers: Any) -> None:
    down = servers(REDIS_URL="redis://127.0.0.1:1/0")
    response = down.test_client().get("/readyz")
    assert response.status_code == 200
    assert response.get_json()["redis"].startswith("unavailable")


# --- settings ------------------------------------------------------------------------------------


def test_cluster_settings_come_from_the_environment() -> None:
    found = config.from_environment(
        {
            "TRACKER_CHECKPOINTS": "0",
            "TRACKER_CACHE_MEMORY_MB": "64",
            "TRACKER_CACHE_TTL_SECONDS": "600",
            "TRACKER_PROXY_HOPS": "1",
            "TRACKER_CACHE_REDIS_URL": "redis://cache:6379/2",
        }
    )
    assert found == {
        "CHECKPOINTS": False,
        "CACHE_MEMORY_MB": 64,
        "CACHE_TTL_SECONDS": 600,
        "PROXY_HOPS": 1,
        "CACHE_REDIS_URL": "redis://cache:6379/2",
    }


def test_the_cache_follows_the_settings(app: Flask, servers: Any) -> None:
    cache = cache_for(app.extensions)
    assert cache.checkpoints is not None and cache.shared is None  # conftest: no Redis
    small = cache_for(servers(CACHE_MEMORY_MB=8, CHECKPOINTS=False).extensions)
    assert small.checkpoints is None
    assert small._history_budget.max_bytes + small._log_budget.max_bytes == 4 << 20
    assert small._result_budget.max_bytes + small._chart_budget.max_bytes == 4 << 20
    throttle_only = servers(REDIS_URL="redis://127.0.0.1:1/0", CACHE_REDIS_URL="")
    assert cache_for(throttle_only.extensions).shared is None
    assert cluster.cache_redis_url({"REDIS_URL": "redis://a/0"}) == "redis://a/0"
    assert cluster.cache_redis_url({"REDIS_URL": "redis://a/0", "CACHE_REDIS_URL": "redis://b/1"})
    assert cluster.cache_redis_url({"REDIS_URL": None}) is None


# --- the proxy's headers -------------------------------------------------------------------------


def _address_app(servers: Any, **config: Any) -> Flask:
    app = servers(**config)

    @app.get("/test/address")
    def address() -> str:
        return f"{request.remote_addr} {request.scheme}"

    return app


def test_behind_a_proxy_the_client_address_is_the_proxys_word(servers: Any) -> None:
    headers = {"X-Forwarded-For": "203.0.113.9, 198.51.100.7", "X-Forwarded-Proto": "https"}
    trusting = _address_app(servers, PROXY_HOPS=1).test_client()
    # One proxy: the last address it added is the client's (an earlier one could be forged).
    assert trusting.get("/test/address", headers=headers).get_data(as_text=True) == (
        "198.51.100.7 https"
    )
    direct = _address_app(servers).test_client()
    assert direct.get("/test/address", headers=headers).get_data(as_text=True) == ("127.0.0.1 http")


# --- versions ------------------------------------------------------------------------------------


def test_two_servers_writing_at_once_end_two_versions_up(app: Flask, user: User) -> None:
    """Each server's write bumps the version in the database: the second never writes the
    version it read before the first committed (a version would then stand for two states of
    the data, and a cached answer for the first state would be served for the second)."""
    first = session_for(app)
    before = first.get(User, user.id)
    assert before is not None
    version = before.data_version
    with session_for(app) as second:
        crud.users.bump_data_version(session=second, user_id=user.id)
        second.commit()
    try:
        crud.users.bump_data_version(session=first, user_id=user.id)
        first.commit()
        expected = version + 2
    except OperationalError:
        # SQLite: a transaction that read before another's commit cannot write at all.
        assert app.extensions["engine"].dialect.name == "sqlite"
        first.rollback()
        expected = version + 1
    finally:
        first.close()
    with session_for(app) as session:
        row = session.get(User, user.id)
        assert row is not None and row.data_version == expected


def test_a_profile_change_is_a_new_version(app: Flask, user: User) -> None:
    with session_for(app) as session:
        row = session.get(User, user.id)
        assert row is not None
        version = row.data_version
        changed = crud.users.update_profile(session=session, user=row, changes={"gap_days": 21})
        assert changed.data_version == version + 1 and changed.gap_days == 21


# --- logs ----------------------------------------------------------------------------------------


def _record(name: str, message: str, args: Any = ()) -> logging.LogRecord:
    return logging.LogRecord(name, logging.INFO, __file__, 1, message, args, None)


def test_app_logs_are_json_lines_with_the_request_id(app: Flask) -> None:
    formatter = JsonFormatter()
    with app.test_request_context("/", headers={"X-Request-ID": "abc123"}):
        line = formatter.format(_record("tracker.views", "a %s happened", ("thing",)))
    entry = json.loads(line)
    assert entry["message"] == "a thing happened" and entry["request_id"] == "abc123"
    assert entry["level"] == "info" and entry["logger"] == "tracker.views"
    assert dt.datetime.fromisoformat(entry["time"]).tzinfo is not None
    assert "request_id" not in json.loads(formatter.format(_record("tracker", "outside")))
    try:
        raise ValueError("broken")
    except ValueError:
        record = _record("tracker", "failed")
        record.exc_info = sys.exc_info()
    entry = json.loads(formatter.format(record))
    assert "ValueError: broken" in entry["exception"] and "\n" not in formatter.format(record)


def test_gunicorn_access_records_become_fields() -> None:
    atoms = {
        "h": "127.0.0.1", "m": "GET", "U": "/dashboard", "q": "muscle=quads", "s": "200",
        "B": "5120", "D": "12345", "a": "curl/8", "p": "<4242>",
        "{x-request-id}i": "req-1", "{x-forwarded-for}i": "203.0.113.9",
    }  # fmt: skip
    entry = json.loads(JsonFormatter().format(_record("gunicorn.access", "%(h)s", atoms)))
    assert entry == {
        "time": entry["time"], "level": "info", "logger": "gunicorn.access",
        "message": "request", "method": "GET", "path": "/dashboard", "query": "muscle=quads",
        "status": 200, "bytes": 5120, "duration_ms": 12.3, "remote": "127.0.0.1",
        "forwarded_for": "203.0.113.9", "request_id": "req-1", "user_agent": "curl/8",
        "pid": 4242,
    }  # fmt: skip


def test_the_deployments_gunicorn_settings_load() -> None:
    spec = importlib.util.spec_from_file_location(
        "deploy_gunicorn", ROOT / "deploy" / "gunicorn.conf.py"
    )
    assert spec is not None and spec.loader is not None
    settings = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(settings)
    assert settings.preload_app and settings.workers >= 1 and settings.threads >= 1
    assert settings.control_socket_disable
    formatters = settings.logconfig_dict["formatters"]
    assert any(f.get("()") == "tracker.logs.JsonFormatter" for f in formatters.values())
    copy = json.loads(json.dumps(settings.logconfig_dict))
    copy["incremental"] = False
    logging.config.dictConfig({**copy, "loggers": {}, "root": {"handlers": [], "level": "INFO"}})
    assert callable(settings.when_ready) and callable(settings.post_worker_init)


def test_make_runs_gunicorn_warms_the_app_up_before_forking(app: Flask) -> None:
    """``make run``'s settings call the same warm start as a deployment's (templates and the
    model's loop compiled once, in the master)."""
    spec = importlib.util.spec_from_file_location("run_gunicorn", ROOT / "gunicorn.conf.py")
    assert spec is not None and spec.loader is not None
    settings = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(settings)
    assert settings.preload_app and settings.workers >= 1 and settings.threads >= 1

    cache = app.jinja_env.cache
    assert cache is not None
    cache.clear()
    settings.when_ready(SimpleNamespace(app=SimpleNamespace(wsgi=lambda: app)))
    assert len(cache) >= len(app.jinja_env.list_templates()) // 2


def test_warm_up_compiles_the_templates(app: Flask) -> None:
    cluster.warm_up(app)
    cache = app.jinja_env.cache
    assert cache is not None and len(cache) >= len(app.jinja_env.list_templates()) // 2
    cluster.warm_up_worker(app)
    assert app.test_client().get("/healthz").status_code == 200


# --- memory --------------------------------------------------------------------------------------


def _rows(days: int, offset: int) -> LogRows:
    first = dt.date(2024, 1, 1)
    return LogRows(
        sets=tuple(
            SetAggregate(first + dt.timedelta(days=n), "normal", "weighted", "chest", "primary",
                         3 + (n + offset) % 4)
            for n in range(0, days, 2)
        )
    )  # fmt: skip


def test_memory_stays_bounded_whatever_the_number_of_users() -> None:
    """Two hundred users of two years each would hold about 90 MB; the cache holds its budget
    (and a heap measured independently agrees)."""
    budget = 8 << 20
    cache = ProjectionCache(max_history_bytes=budget, max_result_bytes=1 << 20)
    today = dt.date(2026, 1, 1)
    tracemalloc.start()
    try:
        start = tracemalloc.get_traced_memory()[0]
        for user_id in range(1, 201):
            rows = _rows(730, user_id)
            history = cache.history(user_id, HistoryKey(1, Profile(), today), lambda r=rows: r)
            assert history is not None
            cache.result(("answer", user_id), lambda h=history: (h.size[-1].tolist(), "x" * 5000))
        held = tracemalloc.get_traced_memory()[0] - start
    finally:
        tracemalloc.stop()
    memory = cache.memory
    largest = history.nbytes()
    assert memory["histories"] <= budget + largest
    assert memory["results"] <= (1 << 20) + 20_000
    assert len(cache._histories) < 200  # the least recently used went
    # What the process really holds follows the budgets, not the 200 users.
    assert held < 1.6 * (budget + (1 << 20)) + 4 * largest, held
    # The accounting is not an underestimate: a history counts for about what it holds.
    assert history.nbytes() >= history.size.nbytes + history.strength.nbytes


def test_sizes_are_counted_without_walking_into_database_rows(app: Flask, user: User) -> None:
    with session_for(app) as session:
        row = session.get(User, user.id)
    assert 0 < approx_size(row) < 10_000
    assert approx_size(("x" * 100_000,)) >= 100_000
    assert approx_size(tuple(range(10_000))) >= 10_000 * 28


def test_sizes_walk_what_a_cached_answer_holds() -> None:
    import dataclasses as dc

    import numpy as np

    @dc.dataclass(frozen=True)
    class Answer:
        values: np.ndarray
        words: str
        line: tuple[float, ...]

    words = "w" * 5000
    line = tuple(float(i) / 7 for i in range(4000))
    answer = Answer(np.zeros(1000), words, line)
    # The array by its bytes, the text by its size, a long line of floats from a sample.
    floats = sys.getsizeof(line) + len(line) * sys.getsizeof(1.0)
    assert approx_size(answer) == sys.getsizeof(answer) + 8000 + 112 + sys.getsizeof(words) + floats
    # What two answers share is counted once.
    assert approx_size((answer, answer)) == sys.getsizeof((answer, answer)) + approx_size(answer)
    # Mappings by their keys and values; sets and long sequences of anything from a sample.
    table = {"a": answer}
    assert approx_size(table) == sys.getsizeof(table) + sys.getsizeof("a") + approx_size(answer)
    rows = [("day", i) for i in range(3200)]
    one = approx_size(rows[0])
    assert approx_size(rows) == pytest.approx(sys.getsizeof(rows) + one * len(rows), rel=0.01)
    members = frozenset(range(10_000, 13_200))
    assert approx_size(members) == pytest.approx(sys.getsizeof(members) + 28 * 3200, rel=0.01)
    # A dataclass's class is not an answer's data: counted as an object not walked.
    assert approx_size(Answer) < 10_000


# --- migrations, once ------------------------------------------------------------------------


def test_two_servers_migrating_at_once_migrate_once(empty_database: str) -> None:  # noqa: F811
    """Two `flask init-db` started together (servers starting at once, two processes): one
    migrates, the other waits and finds the database at the head; neither fails."""
    code = (
        "import sys; from tracker.migrations import upgrade_database; upgrade_database(sys.argv[1])"
    )
    runs = [
        subprocess.Popen([sys.executable, "-c", code, empty_database], cwd=ROOT,
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        for _ in range(2)
    ]  # fmt: skip
    outputs = [run.communicate(timeout=180)[0].decode() for run in runs]
    assert [run.returncode for run in runs] == [0, 0], outputs
    engine = create_engine(empty_database)
    try:
        with engine.connect() as conn:
            versions = conn.execute(text("SELECT version_num FROM alembic_version")).scalars()
            assert list(versions) == [HEAD]
            assert conn.execute(text("SELECT count(*) FROM model_checkpoints")).scalar_one() == 0
    finally:
        engine.dispose()


def test_a_migration_waiting_for_another_opens_no_connection(tmp_path: Path) -> None:
    """A second `init-db` waits for the first before it opens the database at all: opening it
    while the first switches a new database into WAL mode can fail at once."""
    database = tmp_path / "new.sqlite3"
    code = (
        "import sys; from tracker.migrations import upgrade_database; upgrade_database(sys.argv[1])"
    )
    with open(f"{database}.migrating", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # the first migration, still running
        run = subprocess.Popen([sys.executable, "-c", code, f"sqlite:///{database}"], cwd=ROOT,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT)  # fmt: skip
        try:
            # The waiting one has opened the lock file (it waits on it now) ...
            deadline = time.monotonic() + 60
            while not _has_open(run.pid, Path(f"{database}.migrating")):
                assert run.poll() is None and time.monotonic() < deadline
                time.sleep(0.02)
            # ... and has not touched the database.
            assert not database.exists() and not Path(f"{database}-wal").exists()
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
    output = run.communicate(timeout=180)[0].decode()
    assert run.returncode == 0, output
    engine = make_engine(f"sqlite:///{database}")
    with engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == HEAD
    engine.dispose()


def _has_open(pid: int, path: Path) -> bool:
    descriptors = Path(f"/proc/{pid}/fd")
    try:
        return any(os.readlink(fd) == str(path) for fd in descriptors.iterdir())
    except FileNotFoundError:  # a descriptor closed while listed
        return False


def test_connections_opening_a_new_database_at_once_all_open(tmp_path: Path) -> None:
    """Three connections opening a new SQLite database at the same moment each switch it into
    WAL mode; SQLite fails one of two colliding switches at once (a deadlock, so no busy wait),
    about one new database in twenty here. Every connection must open, on each of 300."""
    failures = [f"{n}: {error}" for n in range(300) for error in _open_at_once(tmp_path, n)]
    assert failures == []


def _open_at_once(folder: Path, n: int) -> list[str]:
    """Open three connections to a new database at the same moment: the errors they gave."""
    url = f"sqlite:///{folder / f'new{n}.sqlite3'}"
    engines = [make_engine(url) for _ in range(3)]
    start = threading.Barrier(len(engines))
    errors = []

    def open_one(engine: Any) -> None:
        start.wait()
        try:
            engine.raw_connection().close()
        except OperationalError as error:
            errors.append(str(error.orig))

    threads = [threading.Thread(target=open_one, args=(engine,)) for engine in engines]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with engines[0].connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    for engine in engines:
        engine.dispose()
    return errors
