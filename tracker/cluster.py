"""What several app servers behind a proxy need from the app (docs/DEPLOY.md).

- **Shared model state**: the projections' cache of each worker (bounded by
  ``CACHE_MEMORY_MB``) in front of the model's checkpoints in the database (``CHECKPOINTS``)
  and, when ``CACHE_REDIS_URL`` (or ``REDIS_URL``) names one, answers and rendered charts in
  Redis (:mod:`tracker.projections.shared`): a server keeps no state of its own.
- **The proxy's headers**: with ``PROXY_HOPS`` proxies in front, the client's address and
  scheme come from their ``X-Forwarded-For`` / ``X-Forwarded-Proto`` (the login throttle counts
  per address: behind nginx every request would otherwise come from 127.0.0.1).
- **Readiness** (:func:`readiness`, served at ``/readyz``): the database answers and is at
  this code's migration; Redis is reported, never required.
- **A warm start** (:func:`warm_up`, :func:`warm_up_worker`, from ``deploy/gunicorn.conf.py``):
  templates compiled and matplotlib's fonts loaded before the workers fork, a database
  connection opened in each worker, so that the first visitor after a restart does not pay
  for them.
"""

from __future__ import annotations

import gc
import io
import logging
import os
import time
from collections.abc import Mapping
from typing import Any

from flask import Flask
from sqlalchemy import Engine, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import configure_mappers
from sqlmodel import Session

from tracker import chart_data, crud
from tracker.physiology import kernels
from tracker.projections.cache import ProjectionCache
from tracker.projections.shared import SharedCache, make_shared
from tracker.projections.store import CheckpointStore

log = logging.getLogger("tracker.cluster")


def init_app(app: Flask) -> None:
    """Trust the configured proxies and give the app its projections' cache (after db)."""
    hops = int(app.config.get("PROXY_HOPS") or 0)
    if hops > 0:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)  # type: ignore[method-assign]
    app.extensions["projections"] = make_cache(app.config, app.extensions["engine"])


def cache_redis_url(config: Mapping[str, Any]) -> str | None:
    """The Redis of the shared cache: ``CACHE_REDIS_URL``, else ``REDIS_URL`` ("" for none)."""
    url = config.get("CACHE_REDIS_URL")
    if url is None:
        url = config.get("REDIS_URL")
    return url or None


def make_cache(config: Mapping[str, Any], engine: Engine) -> ProjectionCache:
    """The projections' cache the configuration asks for."""
    memory = max(int(config.get("CACHE_MEMORY_MB") or 128), 1) << 20
    shared = make_shared(
        cache_redis_url(config), config["SECRET_KEY"], int(config["CACHE_TTL_SECONDS"])
    )
    return ProjectionCache(
        max_history_bytes=memory * 3 // 8,
        max_log_bytes=memory // 8,
        max_result_bytes=memory // 4,
        max_chart_bytes=memory // 4,
        checkpoints=CheckpointStore(engine) if config.get("CHECKPOINTS", True) else None,
        shared=shared,
    )


# --- readiness ---------------------------------------------------------------------------------


def _migrations(app: Flask) -> tuple[str, frozenset[str]]:
    """This code's head revision and every revision it knows (read once per process)."""
    found = app.extensions.get("migration_heads")
    if found is None:
        from alembic.script import ScriptDirectory

        from tracker.migrations import alembic_config

        script = ScriptDirectory.from_config(alembic_config(app.config["DATABASE_URL"]))
        known = frozenset(rev.revision for rev in script.walk_revisions())
        found = app.extensions.setdefault("migration_heads", (script.get_current_head(), known))
    head, known = found
    return str(head), known


def readiness(app: Flask) -> tuple[bool, dict[str, Any]]:
    """Whether this server can serve (the database answers, at this code's migration or at
    one it does not know yet: a newer release migrated it), and what each part said."""
    head, known = _migrations(app)
    report: dict[str, Any] = {"pid": os.getpid(), "migration": head}
    ready = True
    engine: Engine = app.extensions["engine"]
    try:
        with engine.connect() as conn:
            current = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
        report["database"] = "ok"
    except SQLAlchemyError as error:
        report["database"] = f"unavailable: {type(error).__name__}"
        current = None
        ready = False
    if ready:
        if current == head:
            report["schema"] = "current"
        elif current in known or current is None:
            report["schema"] = f"behind: at {current}, needs {head} (run flask init-db)"
            ready = False
        else:
            report["schema"] = f"newer: at {current}"
    cache = app.extensions.get("projections")
    if isinstance(cache, ProjectionCache):
        report["cache_bytes"] = cache.memory  # this worker's, within CACHE_MEMORY_MB
    shared = getattr(cache, "shared", None)
    if isinstance(shared, SharedCache):
        report["redis"] = "ok" if shared.ping() else "unavailable (serving without it)"
    else:
        report["redis"] = "not configured"
    report["status"] = "ready" if ready else "not ready"
    return ready, report


# --- a warm start ------------------------------------------------------------------------------


def warm_up(app: Flask) -> None:
    """Work every worker would otherwise do on its first requests, done once before forking:
    compile every template, the model's day loop and the charts' downsampling, load matplotlib's
    fonts. Touches no database connection (the workers would share its socket)."""
    started = time.perf_counter()
    templates = 0
    for name in app.jinja_env.list_templates():
        if name.endswith((".html", ".txt", ".xml", ".svg")):
            app.jinja_env.get_template(name)
            templates += 1
    from matplotlib.figure import Figure

    figure = Figure(figsize=(2, 1))
    figure.add_subplot().set_title("Regain")
    for fmt in ("svg", "png"):
        figure.savefig(io.BytesIO(), format=fmt)
    configure_mappers()  # else the first query of each worker does it (about 15 ms)
    kernels.compile_now()  # else each worker's first simulation does it (about 250 ms)
    chart_data.compile_now()  # and its first chart (about 100 ms)
    # What the parent holds lives as long as the workers: out of the cycle collector's sight,
    # whose first full pass in each worker would otherwise touch (and copy) all of it.
    gc.collect()
    gc.freeze()
    log.info(
        "warmed up before forking: %d templates and the model's loop compiled, fonts loaded, "
        "mappers configured (%.0f ms)",
        templates,
        (time.perf_counter() - started) * 1000,
    )


def warm_up_worker(app: Flask) -> None:
    """In a forked worker, before its first visitor: forget connections the parent may have
    opened, open one of its own, and serve a few requests to itself (the login page, readiness)
    so that its first visitors do not pay for this process's first use of the code."""
    started = time.perf_counter()
    engine: Engine = app.extensions["engine"]
    engine.dispose(close=False)
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        with app.app_context(), Session(engine) as session:
            # The query every request makes (its user), compiled for this worker's engine.
            crud.users.from_session_id(session=session, value="0:warm-up")
    except SQLAlchemyError:
        pass  # readiness says so; the worker serves when the database is back
    client = app.test_client()
    for path in ("/healthz", "/readyz", "/login"):
        client.get(path, headers={"X-Request-ID": "warm-up"})
    log.info("worker warmed up (%.0f ms)", (time.perf_counter() - started) * 1000)
