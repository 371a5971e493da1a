"""The cluster check: PostgreSQL, Redis, two app servers and nginx on loopback, 200 users.

The deployment of docs/DEPLOY.md, on one machine, for the run:

- **PostgreSQL**: a database of its own on the server ``--postgres`` names (created, migrated
  once with ``flask init-db`` as a deployment does, dropped at the end);
- **Redis**: the database number ``--redis-db`` of the server ``--redis`` names (flushed at the
  start and at the end: use a number nobody else uses);
- **two app servers** (gunicorn with ``deploy/gunicorn.conf.py``: two workers of four threads,
  JSON logs, the same ``TRACKER_*`` settings and instance folder), each in a CPU budget of its
  own (``--cpu-per-server`` of a core, a cgroup quota; ``taskset`` to one core each when
  cgroups cannot be written, and the output says so);
- **nginx** with ``deploy/nginx/regain.conf`` (its ports and paths replaced), a child of this
  script with its configuration, pid and logs in a temporary folder.

It seeds 200 accounts (two months to two years of training each) and a heavy one (five years,
about 21,600 sets, 8 breaks: the one of bench/bench_dashboard.py). 200 simulated users, each
logged in, loop without pause over a mix: the dashboard and its chart (30 %), logging a
workout and a set (15 %), the planner with a break of their own length (15 %), the workout
list, breaks, settings, and one import of a small Strong file each for 20 of them. Phases:

1. **warm-up**: every user's dashboard once (not measured);
2. **one server / two servers / one / two** (``--phase-seconds`` each): nginx sends everything to
   server A, then to A and B (a reload between phases); the same users, the same mix. The
   throughput of two over one is judged on the sum of the two pairs (interleaved, so that load
   from elsewhere on the machine falls on both sides alike);
3. **failover** (twice ``--phase-seconds``): both servers; a third of the way in, server B is
   killed (SIGKILL to its master and workers: a crash) and started again. As soon as it is
   ready, and before nginx tries it again (``fail_timeout``), the heavy user's first view
   (the dashboard and its chart, on one connection straight to B) is timed, then five more
   views on the same worker: the warm view.

Printed: per phase the requests per second, p50/p95, errors and the machine's CPU; the
throughput ratio (goal >= 1.6); errors, each classified by nginx's log (goal: none but requests
in flight on the killed server); acknowledged writes missing from the database afterwards
(goal 0); the heavy user's first view after the restart against the warm one (goal <= 2),
and on a cold cluster (nothing stored: a full simulation) for comparison; then, server B
restarted with its cache's Redis unreachable, the same first view (not a goal: slower, and the
pages must be the same as server A's); the workers' memory (start and peak of each; the
cache's own budget is ``TRACKER_CACHE_MEMORY_MB``).

Run: ``.venv/bin/python bench/bench_cluster.py`` (about 3 minutes of load, 5 in all; needs
``apt-get install -y nginx``). Exit status 1 when a goal is missed. Every process it starts
listens on 127.0.0.1 only and is stopped at the end, by its own pid.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import http.client
import json
import os
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("MPLBACKEND", "Agg")

import bench_dashboard  # noqa: E402
import bench_load  # noqa: E402
from bench_load import Browser, _bulk_history, _multipart, _percentile, _rss_mb  # noqa: E402
from sqlalchemy import create_engine, select, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402
from sqlmodel import Session, col  # noqa: E402

from tracker import create_app, crud  # noqa: E402
from tracker.config import DEFAULTS  # noqa: E402
from tracker.crud import users as users_crud  # noqa: E402
from tracker.db import make_engine  # noqa: E402
from tracker.models import Exercise, UserBase  # noqa: E402

PASSWORD = "cluster check passphrase"
USERS = 200
OBSERVER = f"user{USERS}@cluster.local"
IMPORTERS = 20
TIMEOUT = 60.0
GOAL_SCALING = 1.6
GOAL_FIRST_VIEW = 2.0
#: The servers' CPU weight (the default is 1024): their quota is theirs while others run.
SHARES = 8192
EXERCISE_KEYS = ("squat_barbell", "bench_press_barbell", "deadlift_barbell", "pull_up")
#: A request may wait this long (saturated servers queue it): bench_load's Browser uses it.
bench_load.TIMEOUT = TIMEOUT


# --- the processes --------------------------------------------------------------------------------


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class CpuBudget:
    """A share of the CPU for one server's processes: a cgroup quota (v1 or v2) when this
    process may write cgroups, else one core of its own (``taskset``)."""

    def __init__(self, name: str, cores: float, fallback_cpu: int) -> None:
        self.cores = cores
        self.fallback_cpu = fallback_cpu
        self.path: Path | None = None
        self.kind = "taskset"
        period = 100_000
        quota = max(int(cores * period), 1000)
        v1 = Path("/sys/fs/cgroup/cpu")
        v2 = Path("/sys/fs/cgroup")
        try:
            # The quota caps the server at its share; the weight makes the share available
            # while other work on the machine wants the cores too (a machine of its own).
            if (v1 / "cpu.cfs_quota_us").exists():
                path = v1 / name
                path.mkdir()
                (path / "cpu.cfs_period_us").write_text(str(period))
                (path / "cpu.cfs_quota_us").write_text(str(quota))
                (path / "cpu.shares").write_text(str(SHARES))
                self.path, self.kind = path, "cgroup v1"
            elif (v2 / "cgroup.controllers").exists():
                path = v2 / name
                path.mkdir()
                (path / "cpu.max").write_text(f"{quota} {period}")
                (path / "cpu.weight").write_text(str(SHARES * 100 // 1024))
                self.path, self.kind = path, "cgroup v2"
        except OSError:
            if self.path is None:
                self.kind = "taskset"

    def command(self, command: list[str]) -> list[str]:
        if self.path is None and shutil.which("taskset"):
            return ["taskset", "-c", str(self.fallback_cpu), *command]
        return command

    def enter(self, pid: int) -> None:
        if self.path is not None:
            (self.path / "cgroup.procs").write_text(str(pid))

    def throttled_seconds(self) -> float:
        """CPU time the quota held back so far (the server wanted more than its share)."""
        if self.path is None:
            return 0.0
        try:
            fields = dict(
                line.split() for line in (self.path / "cpu.stat").read_text().splitlines()
            )
        except OSError:
            return 0.0
        if "throttled_time" in fields:  # v1, nanoseconds
            return int(fields["throttled_time"]) / 1e9
        return int(fields.get("throttled_usec", 0)) / 1e6

    def remove(self) -> None:
        if self.path is not None:
            for _ in range(50):
                try:
                    self.path.rmdir()
                    return
                except OSError:
                    time.sleep(0.1)

    def describe(self) -> str:
        if self.path is not None:
            return f"{self.cores:g} of a core each ({self.kind} quota, weight {SHARES})"
        return (
            "one core each (taskset: cgroups could not be written, so the comparison gives "
            "two servers two cores and one server one core, nginx, PostgreSQL and the load "
            "sharing them)"
        )


def _cpu_ticks(pid: int) -> int:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0
    return int(fields[11]) + int(fields[12])


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdecimal():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def _machine_busy() -> tuple[float, float]:
    """(busy, total) jiffies of the whole machine."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = values[3] + values[4]
    return float(sum(values) - idle), float(sum(values))


class AppServer:
    """One gunicorn server of the deployment, started and stopped by its own pid."""

    def __init__(self, name: str, port: int, env: dict[str, str], folder: Path,
                 budget: CpuBudget, release: Path) -> None:  # fmt: skip
        self.name, self.port, self.env, self.folder, self.budget = name, port, env, folder, budget
        self.release = release
        self.process: subprocess.Popen[bytes] | None = None
        self.starts = 0

    def start(self) -> None:
        self.starts += 1
        command = self.budget.command(
            [
                str(Path(sys.executable).parent / "gunicorn"),
                "tracker:create_app()",
                "--config", os.environ.get("BENCH_GUNICORN_CONF",
                                           str(self.release / "deploy" / "gunicorn.conf.py")),
                "--bind", f"127.0.0.1:{self.port}",
            ]
        )  # fmt: skip
        out = open(self.folder / f"{self.name}-access.log", "ab")  # noqa: SIM115
        err = open(self.folder / f"{self.name}-error.log", "ab")  # noqa: SIM115
        self.process = subprocess.Popen(
            command, cwd=self.release, env=self.env, stdout=out, stderr=err,
            start_new_session=True,
        )  # fmt: skip
        self.budget.enter(self.process.pid)

    def ready(self, seconds: float = 60.0) -> float:
        """Wait until ``/readyz`` answers 200; when it did (``time.monotonic()``)."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            assert self.process is not None
            if self.process.poll() is not None:
                raise RuntimeError(f"server {self.name} stopped (see {self.folder})")
            try:
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
                connection.request("GET", "/readyz")
                if connection.getresponse().status == 200:
                    connection.close()
                    return time.monotonic()
                connection.close()
            except OSError:
                pass
            time.sleep(0.05)
        raise RuntimeError(f"server {self.name} did not become ready")

    def kill(self) -> None:
        """A crash: SIGKILL to the master and its workers at once."""
        assert self.process is not None
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(10)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(40)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(10)

    def pids(self) -> list[int]:
        if self.process is None or self.process.poll() is not None:
            return []
        return [self.process.pid, *_children(self.process.pid)]

    def workers(self) -> list[int]:
        return [] if self.process is None else _children(self.process.pid)


class Nginx:
    """nginx with the deployment's site file, its upstream servers chosen per phase."""

    def __init__(self, folder: Path, port: int, release: Path) -> None:
        self.folder, self.port, self.release = folder, port, release
        self.process: subprocess.Popen[bytes] | None = None
        self.binary = shutil.which("nginx") or "/usr/sbin/nginx"
        for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
            (folder / f"nginx-{name}").mkdir(exist_ok=True)
        user = "user root;\n" if os.geteuid() == 0 else ""
        temp = "".join(
            f"  {name}_temp_path {folder / f'nginx-{name}'};\n"
            for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
        )
        (folder / "nginx.conf").write_text(
            f"{user}worker_processes 1;\ndaemon off;\npid {folder / 'nginx.pid'};\n"
            f"error_log {folder / 'nginx-error.log'} warn;\n"
            "events { worker_connections 2048; }\n"
            f"http {{\n{temp}  include {folder / 'regain.conf'};\n}}\n"
        )
        self.access_log = folder / "nginx-access.log"

    def site(self, servers: list[int]) -> None:
        """Write the site file (deploy/nginx/regain.conf) for these upstream ports."""
        site = (self.release / "deploy" / "nginx" / "regain.conf").read_text()
        lines = "".join(
            f"    server 127.0.0.1:{port} max_fails=1 fail_timeout=10s;\n" for port in servers
        )
        site, found = re.subn(r"(    server 127\.0\.0\.1:\d+ [^\n]*\n)+", lines, site, count=1)
        assert found == 1, "deploy/nginx/regain.conf: no upstream servers found"
        replacements = {
            "    listen 80;\n": f"    listen 127.0.0.1:{self.port};\n",
            "    listen [::]:80;\n": "",
            "/var/log/nginx/regain-access.log": str(self.access_log),
            "/var/log/nginx/regain-error.log": str(self.folder / "nginx-site-error.log"),
            "/srv/regain/static/": f"{self.release / 'static'}/",
        }
        for old, new in replacements.items():
            assert old in site, f"deploy/nginx/regain.conf: {old.strip()!r} not found"
            site = site.replace(old, new)
        (self.folder / "regain.conf").write_text(site)

    def start(self) -> None:
        base = [self.binary, "-e", str(self.folder / "nginx-error.log"), "-p", str(self.folder),
                "-c", str(self.folder / "nginx.conf")]  # fmt: skip
        subprocess.run([*base, "-t", "-q"], check=True)
        self.process = subprocess.Popen(base, start_new_session=True)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                http.client.HTTPConnection("127.0.0.1", self.port, timeout=1).connect()
                return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("nginx did not start")

    def reload(self, servers: list[int]) -> None:
        self.site(servers)
        assert self.process is not None
        self.process.send_signal(signal.SIGHUP)
        time.sleep(1.0)  # new workers up, old ones finishing their connections

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGQUIT)
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)

    def log(self) -> dict[str, dict[str, Any]]:
        """nginx's JSON access log by request id."""
        found = {}
        for line in self.access_log.read_text().splitlines():
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                continue
            found[entry["request_id"]] = entry
        return found


# --- the database ---------------------------------------------------------------------------------


def seed(url: str, folder: Path) -> tuple[list[str], int]:
    """The accounts (fast password hashes: 200 logins are not what is measured); the ordinary
    users' e-mail addresses and the number of sets."""
    users_crud.HASH_METHOD = "pbkdf2:sha256:1000"
    engine = make_engine(url)
    emails = [f"user{n}@cluster.local" for n in range(USERS + 1)]  # the last: the observer
    with Session(engine) as session:
        ids = list(
            session.execute(
                select(col(Exercise.id)).where(col(Exercise.key).in_(EXERCISE_KEYS))
            ).scalars()
        )
        for n, email in enumerate(emails):
            user = crud.users.create(
                session=session, profile=UserBase(email=email), password=PASSWORD
            )
            assert user.id is not None
            _bulk_history(session, user.id, ids, 60 + (n % 12) * 60, 12)
        session.commit()
    app = create_app({"DATABASE_URL": url, "INSTANCE_PATH": str(folder / "seed"),
                      "SECRET_KEY": "seed", "REDIS_URL": None})  # fmt: skip
    bench_dashboard.build_heavy_user(app)
    app.extensions["engine"].dispose()
    with engine.connect() as conn:
        sets = int(conn.execute(text("SELECT count(*) FROM workout_sets")).scalar_one())
    if engine.dialect.name == "postgresql":
        # Statistics, as autovacuum keeps them in a database in use: right after a bulk load
        # PostgreSQL plans each user's aggregates as scans of every set (57 ms, not 1.7 ms).
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("ANALYZE"))
    engine.dispose()
    return emails[:USERS], sets


def strong_file(n: int) -> bytes:
    """A small Strong export of its own for user ``n`` (40 workouts in 2019, before any other)."""
    rows = [
        "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,"
        "Workout Notes,RPE"
    ]
    first = dt.date(2019, 1, 1) + dt.timedelta(days=n)
    for w in range(40):
        day = first + dt.timedelta(days=3 * w)
        for s in (1, 2, 3):
            rows.append(f"{day} 07:00:00,Imported,1h,Squat (Barbell),{s},100,5,0,0,,,")
    return ("\n".join(rows) + "\n").encode()


# --- the load -------------------------------------------------------------------------------------


@dataclass
class Request:
    phase: str
    what: str
    method: str
    start: float
    end: float
    status: int | None  # None: no answer
    request_id: str | None
    error: str | None = None


@dataclass
class Record:
    requests: list[Request] = field(default_factory=list)
    #: Acknowledged writes: workout title -> sets acknowledged; user -> imports acknowledged.
    workouts: dict[str, int] = field(default_factory=dict)
    imports: dict[str, int] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)


class User:
    """One simulated user: a logged-in browser through nginx."""

    def __init__(self, email: str, port: int, n: int, record: Record) -> None:
        self.email, self.n, self.record = email, n, record
        self.browser = Browser(port)
        self.browser.connection = None
        self.phase = ""
        self.written = 0
        self.imported = n >= IMPORTERS  # only the first IMPORTERS users import, once

    def call(self, what: str, method: str, path: str, body: bytes | None = None,
             kind: str | None = None) -> tuple[int, dict[str, str], bytes] | None:  # fmt: skip
        start = time.monotonic()
        try:
            status, headers, data = self.browser.request(method, path, body, kind)
        except Exception as error:  # counted, not raised: the load goes on
            self.browser.connection = None
            with self.record.lock:
                self.record.requests.append(Request(self.phase, what, method, start,
                                                    time.monotonic(), None, None,
                                                    type(error).__name__))  # fmt: skip
            return None
        with self.record.lock:
            self.record.requests.append(
                Request(self.phase, what, method, start, time.monotonic(), status,
                        headers.get("x-request-id"))
            )  # fmt: skip
        return status, headers, data

    def post(self, what: str, path: str, fields: dict[str, str]) -> Any:
        body = urllib.parse.urlencode({"csrf_token": self.browser.csrf, **fields}).encode()
        return self.call(what, "POST", path, body)

    def login(self) -> None:
        self.browser.request("GET", "/login")
        status, _, _ = self.browser.post("/login", {"email": self.email, "password": PASSWORD})
        if status != 302:
            raise RuntimeError(f"login of {self.email} answered {status}")

    # The mix.

    def dashboard(self) -> None:
        result = self.call("dashboard", "GET", "/")
        if result and result[0] == 200:
            found = re.search(rb'src="(/charts/timeline\.svg[^"]*)"', result[2])
            if found:
                self.call("chart", "GET", found.group(1).decode().replace("&amp;", "&"))

    def log_set(self, rng: random.Random) -> None:
        self.written += 1
        title = f"cluster-{self.n}-{self.written}"
        if not self.call("new workout page", "GET", "/workouts/new"):
            return
        now = dt.datetime.now()
        fields = {"date": now.date().isoformat(), "time": now.strftime("%H:%M"), "title": title}
        result = self.post("new workout", "/workouts/new", fields)
        if not result or result[0] != 302:
            return
        with self.record.lock:
            self.record.workouts[title] = 0
        location = urllib.parse.urlsplit(result[1]["location"]).path
        if not self.call("workout page", "GET", location):
            return
        values = {"exercise_id": str(rng.choice(EXERCISES)), "reps": "5", "weight": "80",
                  "kind": "normal"}  # fmt: skip
        result = self.post("add set", location + "/sets", values)
        if result and result[0] == 302:
            with self.record.lock:
                self.record.workouts[title] += 1

    def planner(self, rng: random.Random) -> None:
        start = dt.date.today() + dt.timedelta(days=7 - dt.date.today().weekday())
        query = urllib.parse.urlencode(
            {"start": start.isoformat(), "days": str(rng.choice((14, 21, 28, 42, 56))),
             "kind": rng.choice(("rest", "reduced")), "sessions": "1", "dose": "1"}
        )  # fmt: skip
        self.call("planner", "GET", f"/planner?{query}")

    def import_file(self) -> None:
        self.imported = True
        if not self.call("import page", "GET", "/import"):
            return
        files = {"file": ("strong.csv", strong_file(self.n)), "source": "", "unit": "kg"}
        body, kind = _multipart(files, self.browser)
        result = self.call("import upload", "POST", "/import", body, kind)
        if not result or result[0] != 302:
            return
        token_path = urllib.parse.urlsplit(result[1]["location"]).path
        if not self.call("import preview", "GET", token_path):
            return
        result = self.post("import confirm", token_path, {})
        if result and result[0] == 302:
            with self.record.lock:
                self.record.imports[self.email] = self.record.imports.get(self.email, 0) + 1

    def loop(self, deadline: float, rng: random.Random) -> None:
        while time.monotonic() < deadline:
            r = rng.random()
            if not self.imported and r < 0.05:
                self.import_file()
            elif r < 0.30:
                self.dashboard()
            elif r < 0.45:
                self.log_set(rng)
            elif r < 0.60:
                self.planner(rng)
            elif r < 0.75:
                self.call("workouts", "GET", "/workouts")
            elif r < 0.85:
                self.call("breaks", "GET", "/breaks")
            elif r < 0.92:
                self.call("settings", "GET", "/settings")
            else:
                self.dashboard()


EXERCISES: list[int] = []


def run_phase(users: list[User], name: str, seconds: float, seed_value: int,
              during: Callable[[float], None] | None = None) -> tuple[float, float]:  # fmt: skip
    """Every user loops for ``seconds``; ``during(start)`` runs meanwhile in this thread.
    Returns (start, deadline)."""
    for user in users:
        user.phase = name
    start = time.monotonic()
    deadline = start + seconds
    threads = [
        threading.Thread(target=u.loop, args=(deadline, random.Random(seed_value * 1000 + u.n)),
                         daemon=True)
        for u in users
    ]  # fmt: skip
    for thread in threads:
        thread.start()
    if during is not None:
        during(start)
    for thread in threads:
        thread.join(seconds + 2 * TIMEOUT)
    return start, deadline


# --- the heavy user's views -----------------------------------------------------------------------


class Views:
    """Views of the dashboard and its chart on one connection straight to a server (one of
    its workers), as one user or another: the wall-clock time of each."""

    def __init__(self, port: int, avoid: set[int] | None = None) -> None:
        """A connection to a worker whose pid is not in ``avoid`` (each new connection is
        taken by one worker or another; readiness says which)."""
        self.browser = Browser(port)
        self.pid = 0
        for _ in range(200):
            status, _, body = self.browser.request("GET", "/readyz")
            assert status == 200, f"readiness answered {status}"
            self.pid = int(json.loads(body)["pid"])
            if not avoid or self.pid not in avoid:
                return
            self.close()
            self.browser = Browser(port)
        raise RuntimeError("no connection reached another worker")

    def view(self, cookies: dict[str, str]) -> float:
        self.browser.cookies = dict(cookies)
        start = time.perf_counter()
        status, _, page = self.browser.request("GET", "/")
        assert status == 200, f"dashboard answered {status}"
        found = re.search(rb'src="(/charts/timeline\.svg[^"]*)"', page)
        assert found, "the dashboard shows no chart"
        status, _, _ = self.browser.request("GET", found.group(1).decode().replace("&amp;", "&"))
        assert status == 200, f"chart answered {status}"
        return time.perf_counter() - start

    def close(self) -> None:
        if self.browser.connection is not None:
            self.browser.connection.close()
            self.browser.connection = None


def restarted_views(port: int, heavy: dict[str, str], ordinary: dict[str, str],
                    workers: int = 2) -> dict[str, Any]:  # fmt: skip
    """On a server just started, in each of its workers (one connection each): an ordinary
    user's view (the worker's first request), then the heavy user's first view (a process
    that never had the heavy user), then five more of each: warm. Medians over the workers."""
    found: dict[str, list[float]] = {
        "worker first": [], "heavy first": [], "heavy warm": [], "ordinary warm": []
    }  # fmt: skip
    seen: set[int] = set()
    for _ in range(workers):
        views = Views(port, seen)
        seen.add(views.pid)
        try:
            found["worker first"].append(views.view(ordinary))
            found["heavy first"].append(views.view(heavy))
            found["heavy warm"].append(statistics.median(views.view(heavy) for _ in range(5)))
            found["ordinary warm"].append(statistics.median(views.view(ordinary) for _ in range(5)))
        finally:
            views.close()
    return {name: statistics.median(values) for name, values in found.items()} | {"each": found}


# --- results --------------------------------------------------------------------------------------


def lost_writes(url: str, record: Record) -> tuple[int, int]:
    """(acknowledged writes, those the database does not have)."""
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            found: dict[str, int] = dict(
                conn.execute(
                    text(
                        "SELECT w.title, count(s.id) FROM workouts w LEFT JOIN workout_sets s "
                        "ON s.workout_id = w.id WHERE w.title LIKE 'cluster-%' GROUP BY w.title"
                    )
                ).all()
            )
            imported: dict[str, int] = dict(
                conn.execute(
                    text(
                        "SELECT u.email, count(w.id) FROM users u JOIN workouts w "
                        "ON w.user_id = u.id WHERE w.source = 'strong' GROUP BY u.email"
                    )
                ).all()
            )
    finally:
        engine.dispose()
    acknowledged = missing = 0
    for title, sets in record.workouts.items():
        acknowledged += 1 + sets
        missing += 1 + sets if title not in found else max(0, sets - int(found[title]))
    for email, times in record.imports.items():
        acknowledged += times
        missing += 0 if int(imported.get(email, 0)) >= 40 else times
    return acknowledged, missing


def summary(requests: list[Request], seconds: float, start: float) -> dict[str, float]:
    done = [r for r in requests if r.end <= start + seconds]
    times = [r.end - r.start for r in requests]
    errors = [r for r in requests if r.status is None or not 200 <= r.status < 400]
    return {
        "throughput": len(done) / seconds,
        "p50": _percentile(times, 50) * 1000,
        "p95": _percentile(times, 95) * 1000,
        "errors": float(len(errors)),
        "requests": float(len(requests)),
    }


def _comm(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/comm").read_text().strip()
    except OSError:
        return ""


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except (OSError, UnicodeDecodeError):
        return ""


class Watch:
    """Samples, every half second while the load runs, every worker's resident memory and the
    CPU time of each part: the app servers, nginx, this script (the 200 users), PostgreSQL (the
    backends of this run's database) and Redis, and the whole machine."""

    PARTS = ("app servers", "nginx", "load (this script)", "PostgreSQL", "Redis", "machine")

    def __init__(self, servers: list[AppServer], nginx: Nginx, database: str) -> None:
        self.servers, self.nginx, self.database = servers, nginx, database
        self.first: dict[int, float] = {}
        self.peak: dict[int, float] = {}
        self.owner: dict[int, str] = {}
        self._ticks: dict[int, int] = {}
        self._seen_at_start = True
        self._totals: dict[str, float] = dict.fromkeys(self.PARTS, 0.0)
        self._machine = _machine_busy()
        self._lock = threading.Lock()
        self._sample()
        self._seen_at_start = False
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _parts(self) -> dict[int, str]:
        owned: dict[int, str] = {os.getpid(): "load (this script)"}
        for server in self.servers:
            for pid in server.pids():
                owned[pid] = "app servers"
        if self.nginx.process is not None:
            for pid in [self.nginx.process.pid, *_children(self.nginx.process.pid)]:
                owned[pid] = "nginx"
        for entry in Path("/proc").iterdir():
            if entry.name.isdecimal() and int(entry.name) not in owned:
                comm = _comm(int(entry.name))
                if comm == "postgres" and self.database in _cmdline(int(entry.name)):
                    owned[int(entry.name)] = "PostgreSQL"  # the backends of this database
                elif comm.startswith("redis-server"):
                    owned[int(entry.name)] = "Redis"
        return owned

    def _sample(self) -> None:
        tick = os.sysconf("SC_CLK_TCK")
        with self._lock:
            for pid, part in self._parts().items():
                ticks = _cpu_ticks(pid)
                # A process first seen now: counted from now if it was there at the start,
                # from its beginning if it started meanwhile (a restarted server's workers).
                before = self._ticks.get(pid, ticks if self._seen_at_start else 0)
                self._totals[part] += max(ticks - before, 0) / tick
                self._ticks[pid] = ticks
            busy, total = _machine_busy()  # summed over the cores, in ticks
            self._totals["machine"] += (busy - self._machine[0]) / tick
            self._machine = (busy, total)
        for server in self.servers:
            for pid in server.workers():
                rss = _rss_mb(pid)
                if rss <= 0:
                    continue
                self.first.setdefault(pid, rss)
                self.peak[pid] = max(self.peak.get(pid, 0.0), rss)
                self.owner[pid] = f"{server.name}#{server.starts}"

    def _run(self) -> None:
        while not self._stop.wait(0.5):
            self._sample()

    def cpu(self) -> dict[str, float]:
        """CPU seconds of each part so far."""
        self._sample()
        with self._lock:
            return dict(self._totals)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(5)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--postgres", default="postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
    )
    parser.add_argument("--redis", default="redis://127.0.0.1:6379")
    parser.add_argument("--redis-db", type=int, default=13)
    parser.add_argument("--phase-seconds", type=float, default=25.0)
    parser.add_argument("--cpu-per-server", type=float, default=0.5)
    parser.add_argument("--keep", action="store_true", help="keep the folder of logs")
    parser.add_argument(
        "--code", default="checkout",
        help="what the servers run: the checkout as it is now (default) or a git revision "
             "(e.g. HEAD: what is committed, while others edit the checkout)",
    )  # fmt: skip
    args = parser.parse_args()
    if not (shutil.which("nginx") or Path("/usr/sbin/nginx").exists()):
        print("nginx is needed: apt-get install -y nginx")
        return 2

    import redis

    folder = Path(tempfile.mkdtemp(prefix="regain-cluster-"))
    server_url = make_url(args.postgres)
    name = f"regain_cluster_{uuid.uuid4().hex[:8]}"
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    redis_url = f"{args.redis.rstrip('/')}/{args.redis_db}"
    redis_client = redis.Redis.from_url(redis_url)
    budgets: list[CpuBudget] = []
    servers: list[AppServer] = []
    nginx: Nginx | None = None
    try:
        redis_client.flushdb()
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        url = server_url.set(database=name).render_as_string(hide_password=False)
        instance = folder / "instance"
        instance.mkdir()
        # The servers run a copy of the code taken now, as a deployment runs a release: the
        # checkout may change meanwhile (and with it the fingerprint the shared cache keys by).
        release = folder / "release"
        parts = ("tracker", "templates", "static", "deploy")
        if args.code == "checkout":
            for part in parts:
                shutil.copytree(ROOT / part, release / part,
                                ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))  # fmt: skip
        else:
            release.mkdir()
            archive = subprocess.run(["git", "-C", str(ROOT), "archive", args.code, *parts],
                                     check=True, capture_output=True).stdout  # fmt: skip
            subprocess.run(["tar", "-x", "-C", str(release)], input=archive, check=True)
        env = {
            # A release is compiled once (its .pyc files written), whatever this shell says.
            **{k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"},
            "PYTHONPATH": str(release),
            "TRACKER_DATABASE_URL": url,
            "TRACKER_REDIS_URL": redis_url,
            "TRACKER_SECRET_KEY": uuid.uuid4().hex,
            "TRACKER_INSTANCE_PATH": str(instance),
            "TRACKER_PROXY_HOPS": "1",
            "TRACKER_CACHE_TTL_SECONDS": "1800",
            "WEB_CONCURRENCY": "2",
            "MPLBACKEND": "Agg",
        }
        started = time.monotonic()
        # The deployment's one-off step: the migrations, once, before any server starts.
        subprocess.run([str(Path(sys.executable).parent / "flask"), "--app", "tracker", "init-db"],
                       cwd=release, env=env, check=True, stdout=subprocess.DEVNULL)  # fmt: skip
        emails, sets = seed(url, folder)
        engine = make_engine(url)
        with engine.connect() as conn:
            EXERCISES.extend(
                conn.execute(text("SELECT id FROM exercises WHERE key IN ('squat_barbell', "
                                  "'bench_press_barbell', 'deadlift_barbell')")).scalars()
            )  # fmt: skip
        engine.dispose()
        print(f"PostgreSQL database {name}: {USERS} users and a heavy one, {sets:,} sets "
              f"(migrated and seeded in {time.monotonic() - started:.0f} s); Redis db "
              f"{args.redis_db}")  # fmt: skip

        tag = f"regain-cluster-{os.getpid()}"
        for n, label in enumerate("AB"):
            budget = CpuBudget(f"{tag}-{label}", args.cpu_per_server, n % (os.cpu_count() or 1))
            budgets.append(budget)
            servers.append(AppServer(label, free_port(), env, folder, budget, release))
        a, b = servers
        for server in servers:
            server.start()
        for server in servers:
            server.ready()
        nginx = Nginx(folder, free_port(), release)
        nginx.site([a.port, b.port])
        nginx.start()
        print(
            f"app servers A :{a.port} and B :{b.port} (gunicorn, deploy/gunicorn.conf.py: 2 "
            f"workers x 4 threads), {budgets[0].describe()}; nginx :{nginx.port} in front"
        )

        # The heavy user: its first view on a cold cluster (nothing stored anywhere).
        heavy = Browser(a.port)
        heavy.request("GET", "/login")
        status, _, _ = heavy.post("/login", {"email": bench_dashboard.EMAIL,
                                             "password": bench_dashboard.PASSWORD})  # fmt: skip
        assert status == 302, f"heavy login answered {status}"
        cold_views = Views(a.port)
        cold = cold_views.view(heavy.cookies)
        cold_views.close()

        record = Record()
        users = [User(email, nginx.port, n, record) for n, email in enumerate(emails)]
        # One more ordinary user, out of the load: its views are timed beside the heavy one's.
        observer = User(OBSERVER, nginx.port, USERS, Record())
        logins = [threading.Thread(target=u.login) for u in [*users, observer]]
        for thread in logins:
            thread.start()
        for thread in logins:
            thread.join(120)
        for user in users:  # one pass: every history computed and stored once
            user.phase = "warm-up"
        warm_threads = [threading.Thread(target=u.dashboard) for u in [*users, observer]]
        for thread in warm_threads:
            thread.start()
        for thread in warm_threads:
            thread.join(120)
        warm_views = Views(nginx.port)
        for _ in range(2):
            warm_views.view(heavy.cookies)
        warm_views.close()

        watch = Watch(servers, nginx, name)
        phases: list[tuple[str, int, float, float, dict[str, float], float]] = []

        def measured(label: str, ports: list[int], seconds: float, seed_value: int,
                     during: Callable[[float], None] | None = None) -> None:  # fmt: skip
            nginx.reload(ports)  # type: ignore[union-attr]
            cpu0 = watch.cpu()
            throttled0 = sum(x.throttled_seconds() for x in budgets)
            start, _ = run_phase(users, label, seconds, seed_value, during)
            elapsed = time.monotonic() - start
            cpu1 = watch.cpu()
            throttled1 = sum(x.throttled_seconds() for x in budgets)
            cores = {part: (cpu1[part] - cpu0[part]) / elapsed for part in Watch.PARTS}
            phases.append((label, len(ports), start, seconds, cores, throttled1 - throttled0))

        for i, (label, ports) in enumerate(
            [("one server", [a.port]), ("two servers", [a.port, b.port]),
             ("one server", [a.port]), ("two servers", [a.port, b.port])]
        ):  # fmt: skip
            measured(f"{label} #{i // 2 + 1}", ports, args.phase_seconds, i + 1)

        failover: dict[str, Any] = {}

        def crash_and_restart(start: float) -> None:
            time.sleep(max(0.0, start + args.phase_seconds * 2 / 3 - time.monotonic()))
            failover["kill"] = time.monotonic()
            b.kill()
            failover["killed"] = time.monotonic()  # its processes gone, their sockets reset
            b.start()
            failover["ready"] = b.ready()
            failover.update(restarted_views(b.port, heavy.cookies, observer.browser.cookies))
            failover["measured"] = time.monotonic()

        measured("failover", [a.port, b.port], args.phase_seconds * 2, 9, crash_and_restart)
        watch.stop()
        time.sleep(1.0)  # nginx has written its log

        # Redis down for server B's cache (an address where nothing listens), B restarted:
        # the heavy user's first view resumes the history from the database's checkpoints and
        # computes the answers and charts; the pages must be the same as A's (through Redis).
        b.stop()
        b.env = {**env, "TRACKER_CACHE_REDIS_URL": f"redis://127.0.0.1:{free_port()}/0"}
        b.start()
        b.ready()
        without_redis = restarted_views(b.port, heavy.cookies, observer.browser.cookies)
        same_pages = _page(a.port, heavy.cookies) == _page(b.port, heavy.cookies) and _page(
            a.port, observer.browser.cookies
        ) == _page(b.port, observer.browser.cookies)

        # --- what happened ------------------------------------------------------------------
        by_phase: dict[str, list[Request]] = {}
        for r in record.requests:
            by_phase.setdefault(r.phase, []).append(r)
        print(f"\n{'':<16}{'':>8}{'':>8}{'':>8}{'':>8}{'':>7}  CPU (cores): "
              f"{'':>3}(all of them)")  # fmt: skip
        print(f"{'phase':<16}{'servers':>8}{'req/s':>8}{'p50 ms':>8}{'p95 ms':>8}"
              f"{'errors':>7}{'app':>6}{'nginx':>6}{'load':>6}{'PG':>6}{'Redis':>6}"
              f"{'other':>6}{'busy':>6}{'throttled':>10}")  # fmt: skip
        rates: dict[int, list[float]] = {1: [], 2: []}
        for label, count, start, seconds, cores, throttled in phases:
            s = summary(by_phase.get(label, []), seconds, start)
            if label != "failover":
                rates[count].append(s["throughput"])
            ours = sum(v for k, v in cores.items() if k != "machine")
            print(f"{label:<16}{count:>8}{s['throughput']:>8.1f}{s['p50']:>8.0f}{s['p95']:>8.0f}"
                  f"{int(s['errors']):>7}{cores['app servers']:>6.2f}{cores['nginx']:>6.2f}"
                  f"{cores['load (this script)']:>6.2f}{cores['PostgreSQL']:>6.2f}"
                  f"{cores['Redis']:>6.2f}{max(cores['machine'] - ours, 0):>6.2f}"
                  f"{cores['machine']:>6.2f}{throttled:>9.1f}s")  # fmt: skip
        print(f"  (busy: the machine's {os.cpu_count()} cores; other: what else ran on it; "
              f"throttled: time the servers' quotas held them back)")  # fmt: skip
        ratio = sum(rates[2]) / sum(rates[1])
        pairs = ", ".join(f"{t / o:.2f}" for o, t in zip(rates[1], rates[2], strict=True))
        print(f"throughput, two servers over one: {ratio:.2f} (pairs: {pairs}) "
              f"(goal >= {GOAL_SCALING})")  # fmt: skip

        log = nginx.log()
        kill, killed = failover["kill"], failover["killed"]
        in_flight, other = [], []
        for r in record.requests:
            if r.status is not None and 200 <= r.status < 400:
                continue
            entry = log.get(r.request_id or "")
            upstreams = str(entry.get("upstream", "")) if entry else ""
            on_b = upstreams.split(",")[-1].strip().endswith(f":{b.port}")
            # In flight: sent before B's processes were gone, answered after the SIGKILL
            # (a request sent while the kernel tears B down is reset like one B was serving).
            crossed_kill = r.start <= killed and kill <= r.end + 0.05
            if crossed_kill and (on_b or entry is None):
                in_flight.append(r)
            else:
                other.append(r)
        print(f"errors: {len(in_flight) + len(other)} ({len(in_flight)} in flight on server B "
              f"when it was killed: {sorted({f'{r.method} {r.what}' for r in in_flight})}; "
              f"{len(other)} other) (goal: no other)")  # fmt: skip
        for r in other[:10]:
            print(f"  other error: {r.phase}: {r.method} {r.what} -> {r.status or r.error} "
                  f"(sent {r.start - kill:+.3f} s from the kill, answered "
                  f"{r.end - kill:+.3f} s)")  # fmt: skip
        acknowledged, missing = lost_writes(url, record)
        print(f"acknowledged writes: {acknowledged:,} (workouts, sets, {len(record.imports)} "
              f"imports); missing afterwards: {missing} (goal 0)")  # fmt: skip

        first = failover["heavy first"] * 1000
        warm = failover["heavy warm"] * 1000
        touched = sum(
            1
            for e in log.values()
            if str(e.get("upstream", "")).endswith(f":{b.port}")
            and failover["ready"] - 0.5 <= _epoch_to_monotonic(e["time"]) <= failover["measured"]
        )
        print(f"server B killed {kill - phases[-1][2]:.1f} s into the failover phase, ready "
              f"{failover['ready'] - kill:.1f} s later; nginx sent it {touched} requests while "
              f"the heavy user's views were timed")  # fmt: skip
        ordinary_warm = failover["ordinary warm"] * 1000
        each = failover["each"]
        print(f"heavy user (5 years, 21,616 sets), dashboard + chart on the restarted server "
              f"(median of its {len(each['heavy first'])} workers): first view {first:.1f} ms, "
              f"warm {warm:.1f} ms: {first / warm:.2f}x (goal <= {GOAL_FIRST_VIEW:g}); on a "
              f"cold cluster (nothing stored: full simulation, calibration, charts) "
              f"{cold * 1000:.0f} ms")  # fmt: skip
        print("  each worker, first / warm: " + ", ".join(
            f"{f * 1000:.1f} / {w * 1000:.1f} ms"
            for f, w in zip(each["heavy first"], each["heavy warm"], strict=True)))  # fmt: skip
        print(
            f"  the restarted worker's very first request (an ordinary user's view): "
            f"{failover['worker first'] * 1000:.1f} ms, that user warm {ordinary_warm:.1f} ms"
        )
        down_first = without_redis["heavy first"] * 1000
        down_warm = without_redis["heavy warm"] * 1000
        print(f"Redis down for the restarted server's cache: heavy user's first view "
              f"{down_first:.0f} ms (the history resumed from the database's checkpoints; "
              f"the personal calibration, answers and charts computed again: only Redis shares "
              f"them), warm {down_warm:.1f} ms; pages the same as server A's "
              f"(through Redis): {'yes' if same_pages else 'NO'}")  # fmt: skip
        largest = 0.0
        for pid in sorted(watch.peak, key=lambda p: watch.owner[p]):
            growth = watch.peak[pid] - watch.first[pid]
            largest = max(largest, watch.peak[pid])
            print(f"  worker {watch.owner[pid]} pid {pid}: {watch.first[pid]:.0f} MB at first, "
                  f"peak {watch.peak[pid]:.0f} MB (+{growth:.0f})")  # fmt: skip
        print(f"memory per worker: at most {largest:.0f} MB (its cache's budget: "
              f"{env.get('TRACKER_CACHE_MEMORY_MB', DEFAULTS['CACHE_MEMORY_MB'])} MB, "
              f"TRACKER_CACHE_MEMORY_MB); Redis db {args.redis_db}: "
              f"{redis_client.dbsize():,} keys")  # fmt: skip
        met = (
            ratio >= GOAL_SCALING
            and not other
            and missing == 0
            and first / warm <= GOAL_FIRST_VIEW
            and same_pages
        )
        print("goals met" if met else "GOAL MISSED")
        return 0 if met else 1
    finally:
        if nginx is not None:
            nginx.stop()
        for server in servers:
            server.stop()
        for budget in budgets:
            budget.remove()
        with contextlib.suppress(redis.RedisError):
            redis_client.flushdb()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
        if args.keep:
            print(f"logs kept in {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)


def _page(port: int, cookies: dict[str, str]) -> bytes:
    """A user's dashboard straight from one server, its CSRF tokens taken out."""
    browser = Browser(port)
    browser.cookies = dict(cookies)
    status, _, page = browser.request("GET", "/")
    assert status == 200, f"dashboard answered {status}"
    if browser.connection is not None:
        browser.connection.close()
    return re.sub(rb'name="csrf_token"[^>]*value="[^"]*"', b"", page)


def _epoch_to_monotonic(iso: str) -> float:
    """A time of nginx's log (ISO 8601, seconds) on this process's monotonic clock."""
    moment = dt.datetime.fromisoformat(iso).timestamp()
    return moment - time.time() + time.monotonic()


if __name__ == "__main__":
    sys.exit(main())
