"""A load check: the app under gunicorn on loopback, 20 clients, and one pathological account.

A fresh database (SQLite in a temporary folder, or a fresh PostgreSQL database on the server
``--postgres`` names) gets 20 ordinary accounts (a year of training each) and one account at
Regain's limits: ``limits.MAX_BREAKS`` one-day breaks and ``--heavy-sets`` sets. gunicorn
serves the app as ``make run`` does (``gunicorn.conf.py``: two workers of four threads,
preloaded) on a free port of 127.0.0.1.

Two phases of ``--seconds`` each, with the same 20 clients doing a bounded mix (dashboard,
history, breaks, planner, settings, the timeline chart, logging a workout and a set; one of
them imports a small Strong file once):

1. **baseline**: the 20 clients alone;
2. **pathological**: the same, plus one client of the heavy account hammering its heaviest
   pages (the breaks list page by page, the timeline for every muscle group and theme, the
   dashboard after a new set, both exports streamed in full).

Printed per phase: throughput, p50/p95 of the ordinary clients' requests, errors (any answer
but 2xx/3xx, or no answer within 30 s), and acknowledged writes missing from the database
afterwards. Goal: 0 errors, 0 lost writes, and the ordinary clients' p95 in phase 2 at most
2 times phase 1's (a ratio measured in the same run, so it means the same on any machine).

Run: ``python bench/bench_load.py`` (SQLite) or ``python bench/bench_load.py --postgres
postgresql+psycopg://postgres@127.0.0.1:5432/postgres``. Exit status 1 when a goal is missed.
All traffic stays on 127.0.0.1, and every loop stops at its deadline.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import io
import os
import random
import re
import signal
import socket
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
os.environ.setdefault("MPLBACKEND", "Agg")

from sqlalchemy import create_engine, insert, select, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402
from sqlmodel import Session, col  # noqa: E402

from tracker import crud, limits  # noqa: E402
from tracker.db import make_engine  # noqa: E402
from tracker.migrations import upgrade_database  # noqa: E402
from tracker.models import Break, Exercise, UserBase, Workout, WorkoutSet  # noqa: E402
from tracker.physiology.muscles import MUSCLE_KEYS  # noqa: E402

PASSWORD = "load check passphrase"
HEAVY_EMAIL = "heavy@load.local"
CLIENTS = 20
TIMEOUT = 30.0
GOAL_RATIO = 2.0

STRONG_CSV = (
    "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,"
    "Workout Notes,RPE\n"
    + "".join(
        f"2024-0{1 + n // 28}-{1 + n % 28:02d} 18:00:00,Imported,1h,Squat (Barbell),{s},100,5,"
        "0,0,,,\n"
        for n in range(0, 120, 3)
        for s in (1, 2, 3)
    )
)


# --- the database -------------------------------------------------------------------------------


def _bulk_history(
    session: Session, user_id: int, exercise_ids: list[int], days: int, sets_each: int
) -> None:
    """Workouts every ``7 / 3`` days back from yesterday, ``sets_each`` sets each."""
    today = dt.date.today()
    starts = [
        dt.datetime.combine(today - dt.timedelta(days=d), dt.time(18)) for d in range(days, 0, -2)
    ]
    session.execute(
        insert(Workout),
        [
            {
                "user_id": user_id,
                "started_at": start,
                "title": "Training",
                "notes": "",
                "source": "manual",
                "created_at": start,
            }
            for start in starts
        ],
    )
    ids = list(
        session.execute(select(col(Workout.id)).where(col(Workout.user_id) == user_id)).scalars()
    )
    rows = [
        {
            "workout_id": workout_id,
            "exercise_id": exercise_ids[(workout_id + p) % len(exercise_ids)],
            "position": p,
            "reps": 5 + p % 4,
            "weight_kg": 60.0 + p,
            "kind": "normal",
            "notes": "",
        }
        for workout_id in ids
        for p in range(1, sets_each + 1)
    ]
    for start in range(0, len(rows), 20_000):
        session.execute(insert(WorkoutSet), rows[start : start + 20_000])


def seed(url: str, heavy_sets: int) -> list[str]:
    """The accounts; the e-mail addresses of the ordinary ones."""
    upgrade_database(url)
    engine = make_engine(url)
    emails = [f"user{n}@load.local" for n in range(CLIENTS)]
    with Session(engine) as session:
        exercise_ids = list(
            session.execute(
                select(col(Exercise.id)).where(
                    col(Exercise.key).in_(
                        ["squat_barbell", "bench_press_barbell", "deadlift_barbell", "pull_up"]
                    )
                )
            ).scalars()
        )
        for email in emails:
            user = crud.users.create(
                session=session, profile=UserBase(email=email), password=PASSWORD
            )
            assert user.id is not None
            _bulk_history(session, user.id, exercise_ids, 365, 15)
        heavy = crud.users.create(
            session=session, profile=UserBase(email=HEAVY_EMAIL), password=PASSWORD
        )
        assert heavy.id is not None
        # A workout every other day, at most 100 sets each (the model takes at most 200 hard
        # sets a day): a million sets span 55 years, from 1971 on.
        days = max(5 * 365, heavy_sets // 50)
        _bulk_history(session, heavy.id, exercise_ids, days, max(1, heavy_sets * 2 // days))
        first = dt.date.today() - dt.timedelta(days=2 * limits.MAX_BREAKS + 30)
        session.execute(
            insert(Break),
            [
                {
                    "user_id": heavy.id,
                    "start_date": first + dt.timedelta(days=2 * i),
                    "end_date": first + dt.timedelta(days=2 * i),
                    "reason": "other",
                    "mode": "rest",
                    "notes": "",
                    "created_at": dt.datetime(2025, 1, 1),
                }
                for i in range(limits.MAX_BREAKS)
            ],
        )
        session.commit()
    engine.dispose()
    return emails


# --- HTTP ----------------------------------------------------------------------------------------


class Browser:
    """One client: a keep-alive connection, its cookies, and the CSRF token of its last page."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}
        self.connection: http.client.HTTPConnection | None = None
        self.csrf = ""

    def request(
        self, method: str, path: str, body: bytes | None = None, content_type: str | None = None
    ) -> tuple[int, dict[str, str], bytes]:
        headers = {"Accept": "text/html"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            headers["Content-Type"] = content_type or "application/x-www-form-urlencoded"
        for attempt in (1, 2):
            if self.connection is None:
                self.connection = http.client.HTTPConnection(
                    "127.0.0.1", self.port, timeout=TIMEOUT
                )
            try:
                self.connection.request(method, path, body=body, headers=headers)
                response = self.connection.getresponse()
                data = response.read()
                break
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                # A keep-alive connection the server closed between requests: once more.
                self.connection.close()
                self.connection = None
                if attempt == 2 or method != "GET":
                    raise
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                cookie = rest.split(";", 1)[0]
                if "Max-Age=0" in value or "expires=Thu, 01 Jan 1970" in value:
                    self.cookies.pop(key, None)
                else:
                    self.cookies[key] = cookie
        found = re.search(rb'name="csrf_token"[^>]*value="([^"]+)"', data)
        if found:
            self.csrf = found.group(1).decode()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, data

    def post(self, path: str, fields: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
        body = urllib.parse.urlencode({"csrf_token": self.csrf, **fields}).encode()
        return self.request("POST", path, body)

    def login(self, email: str) -> None:
        self.request("GET", "/login")
        status, _, _ = self.post("/login", {"email": email, "password": PASSWORD})
        if status != 302:
            raise RuntimeError(f"login of {email} answered {status}")


# --- the load ------------------------------------------------------------------------------------


@dataclass
class Record:
    latencies: list[float] = field(default_factory=list)
    kinds: dict[str, list[float]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    requests: int = 0
    #: Acknowledged writes: workout titles, and (title, sets acknowledged) at the end.
    workouts: dict[str, int] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def note(self, seconds: float, status: int, what: str, timed: bool = True) -> None:
        with self.lock:
            self.requests += 1
            if timed:
                self.latencies.append(seconds)
                self.kinds.setdefault(what, []).append(seconds)
            if not 200 <= status < 400:
                self.errors.append(f"{what}: {status}")


def _timed(
    record: Record, browser: Browser, what: str, call: Callable[..., Any], *args: Any
) -> Any:
    start = time.perf_counter()
    try:
        status, headers, data = call(*args)
    except Exception as error:  # counted, not raised: the load goes on
        record.note(time.perf_counter() - start, 599, f"{what}: {type(error).__name__}")
        browser.connection = None
        return None
    record.note(time.perf_counter() - start, status, what)
    return status, headers, data


def ordinary(browser: Browser, record: Record, deadline: float, name: str, rng: random.Random,
             import_once: bool) -> None:  # fmt: skip
    pages = ["/", "/", "/workouts", "/breaks", "/planner", "/settings", "/charts/timeline.svg"]
    logged = 0
    if import_once:
        browser.request("GET", "/import")
        files = {"file": ("strong.csv", STRONG_CSV.encode()), "source": "", "unit": "kg"}
        body, kind = _multipart(files, browser)
        result = _timed(
            record, browser, "import upload", browser.request, "POST", "/import", body, kind
        )
        if result and result[0] == 302:
            token_path = urllib.parse.urlsplit(result[1]["location"]).path
            _timed(record, browser, "import preview", browser.request, "GET", token_path)
            _timed(record, browser, "import confirm", browser.post, token_path, {})
    while time.monotonic() < deadline:
        if rng.random() < 0.2:
            logged += 1
            title = f"load-{name}-{logged}"
            _timed(record, browser, "new workout page", browser.request, "GET", "/workouts/new")
            now = dt.datetime.now()
            fields = {"date": now.date().isoformat(), "time": now.strftime("%H:%M"), "title": title}
            result = _timed(record, browser, "new workout", browser.post, "/workouts/new", fields)
            if not result or result[0] != 302:
                continue
            location = urllib.parse.urlsplit(result[1]["location"]).path
            with record.lock:
                record.workouts[title] = 0
            _timed(record, browser, "workout page", browser.request, "GET", location)
            values = {
                "exercise_id": str(rng.choice(EXERCISES)),
                "reps": "5",
                "weight": "80",
                "kind": "normal",
            }
            result = _timed(record, browser, "add set", browser.post, location + "/sets", values)
            if result and result[0] == 302:
                with record.lock:
                    record.workouts[title] += 1
        else:
            path = rng.choice(pages)
            _timed(record, browser, path, browser.request, "GET", path)


def pathological(browser: Browser, record: Record, deadline: float, rng: random.Random) -> None:
    """The heavy account, as fast as it can: its heaviest pages, one after another."""
    muscles = [*MUSCLE_KEYS, None]
    n = 0
    while time.monotonic() < deadline:
        n += 1
        choice = n % 6
        if choice == 0:
            path = f"/breaks?page={rng.randint(1, 25)}"
        elif choice == 1:
            muscle = rng.choice(muscles)
            theme = rng.choice(["light", "dark"])
            path = f"/charts/timeline.{rng.choice(['svg', 'png'])}?theme={theme}"
            path += f"&muscle={muscle}" if muscle else ""
        elif choice == 2:
            path = "/export.json"
        elif choice == 3:
            path = "/export.csv"
        elif choice == 4:
            # A new set: the next dashboard recomputes the heavy history.
            browser.request("GET", "/workouts/new")
            now = dt.datetime.now()
            result = browser.post(
                "/workouts/new",
                {"date": now.date().isoformat(), "time": now.strftime("%H:%M"), "title": "heavy"},
            )
            if result[0] == 302:
                location = urllib.parse.urlsplit(result[1]["location"]).path
                browser.request("GET", location)
                browser.post(location + "/sets", {"exercise_id": str(EXERCISES[0]), "reps": "5",
                                                  "weight": "90", "kind": "normal"})  # fmt: skip
            path = "/"
        else:
            path = "/planner"
        _timed(record, browser, "heavy " + path.split("?")[0], browser.request, "GET", path)


def _multipart(fields: dict[str, Any], browser: Browser) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    out = io.BytesIO()
    for name, value in {**fields, "csrf_token": browser.csrf}.items():
        out.write(f"--{boundary}\r\n".encode())
        if isinstance(value, tuple):
            filename, data = value
            out.write(
                f'Content-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                "Content-Type: text/csv\r\n\r\n".encode()
            )
            out.write(data)
        else:
            out.write(f'Content-Disposition: form-data; name="{name}"\r\n\r\n{value}'.encode())
        out.write(b"\r\n")
    out.write(f"--{boundary}--\r\n".encode())
    return out.getvalue(), f"multipart/form-data; boundary={boundary}"


EXERCISES: list[int] = []


def run_phase(port: int, emails: list[str], seconds: float, heavy: bool, seed_value: int) -> Record:
    record, heavy_record = Record(), Record()
    browsers = [Browser(port) for _ in emails]
    for browser, email in zip(browsers, emails, strict=True):
        browser.login(email)
    threads = []
    deadline = time.monotonic() + seconds
    for n, browser in enumerate(browsers):
        rng = random.Random(seed_value * 1000 + n)
        threads.append(
            threading.Thread(
                target=ordinary,
                args=(browser, record, deadline, f"{seed_value}-{n}", rng, n == 0),
            )
        )
    if heavy:
        hb = Browser(port)
        hb.login(HEAVY_EMAIL)
        threads.append(
            threading.Thread(
                target=pathological, args=(hb, heavy_record, deadline, random.Random(seed_value))
            )
        )
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(seconds + 2 * TIMEOUT)
    record.errors += [f"(heavy) {e}" for e in heavy_record.errors]
    record.heavy_kinds = heavy_record.kinds  # type: ignore[attr-defined]
    record.heavy_requests = heavy_record.requests  # type: ignore[attr-defined]
    return record


def lost_writes(url: str, record: Record) -> int:
    """Acknowledged workouts or sets the database does not have."""
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            found: dict[str, int] = dict(
                conn.execute(
                    text(
                        "SELECT w.title, count(s.id) FROM workouts w LEFT JOIN workout_sets s "
                        "ON s.workout_id = w.id WHERE w.title LIKE 'load-%' GROUP BY w.title"
                    )
                ).all()
            )
    finally:
        engine.dispose()
    missing = 0
    for title, sets in record.workouts.items():
        missing += 1 + sets if title not in found else max(0, sets - int(found[title]))
    return missing


def _rss_mb(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def _workers(master: int) -> list[int]:
    """The gunicorn workers: the master's children (Linux /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdecimal():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == master:
                found.append(int(entry.name))
    return found


class MemoryWatch:
    """The largest resident size of any worker, sampled every 0.2 s while a phase runs."""

    def __init__(self, master: int) -> None:
        self.master = master
        self.idle = max((_rss_mb(pid) for pid in _workers(master)), default=0.0)
        self.peak = self.idle
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(0.2):
            for pid in _workers(self.master):
                self.peak = max(self.peak, _rss_mb(pid))

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(5)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_for(port: int, process: subprocess.Popen[bytes], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("gunicorn stopped while starting")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not start")


def _percentile(values: list[float], q: int) -> float:
    if len(values) < 2:
        return values[0] if values else float("nan")
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--heavy-sets", type=int, default=200_000)
    parser.add_argument("--postgres", help="a PostgreSQL server URL (a database is made on it)")
    parser.add_argument("--redis", help="a Redis URL for the login throttle")
    parser.add_argument("--gunicorn-args", default="", help="more gunicorn arguments")
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="regain-load-"))
    admin = None
    if args.postgres:
        server = make_url(args.postgres)
        name = f"regain_load_{uuid.uuid4().hex[:8]}"
        admin = create_engine(server, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        url = server.set(database=name).render_as_string(hide_password=False)
    else:
        url = f"sqlite:///{folder / 'regain.sqlite3'}"
    process = None
    try:
        started = time.monotonic()
        emails = seed(url, args.heavy_sets)
        engine = make_engine(url)
        with engine.connect() as conn:
            EXERCISES.extend(
                conn.execute(text("SELECT id FROM exercises WHERE key IN ('squat_barbell', "
                                  "'bench_press_barbell', 'deadlift_barbell')")).scalars()
            )  # fmt: skip
            sets = conn.execute(text("SELECT count(*) FROM workout_sets")).scalar_one()
        engine.dispose()
        print(f"database: {make_url(url).get_backend_name()}, {sets:,} sets "
              f"(seeded in {time.monotonic() - started:.0f} s)")  # fmt: skip
        port = free_port()
        env = {
            **os.environ,
            "TRACKER_DATABASE_URL": url,
            "TRACKER_INSTANCE_PATH": str(folder / "instance"),
            "TRACKER_SECRET_KEY": uuid.uuid4().hex,
            "MPLBACKEND": "Agg",
        }
        if args.redis:
            env["TRACKER_REDIS_URL"] = args.redis
        command = [
            str(Path(sys.executable).parent / "gunicorn"),
            "tracker:create_app()",
            "--config", str(ROOT / "gunicorn.conf.py"),
            "--bind", f"127.0.0.1:{port}",
            "--access-logfile", "/dev/null",
            *args.gunicorn_args.split(),
        ]  # fmt: skip
        log = open(folder / "gunicorn.log", "wb")  # noqa: SIM115
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=log)
        _wait_for(port, process)

        results = {}
        memory_growth = 0.0
        for phase, heavy in (("baseline", False), ("pathological", True)):
            watch = MemoryWatch(process.pid)
            record = run_phase(port, emails, args.seconds, heavy, 1 if heavy else 0)
            watch.stop()
            results[phase] = record
            p50 = _percentile(record.latencies, 50) * 1000
            p95 = _percentile(record.latencies, 95) * 1000
            print(
                f"{phase:>12}: {record.requests / args.seconds:6.1f} requests/s by the 20 clients"
                f" (+{getattr(record, 'heavy_requests', 0)} heavy), p50 {p50:5.0f} ms, "
                f"p95 {p95:5.0f} ms, errors {len(record.errors)}, "
                f"writes acknowledged {sum(1 + s for s in record.workouts.values())}"
            )
            print(
                f"              worker memory: {watch.idle:.0f} MB at the start, largest "
                f"{watch.peak:.0f} MB (+{watch.peak - watch.idle:.0f} MB; "
                f"{'goal +100 MB at most' if heavy else 'warming up'})"
            )
            if heavy:  # against the worker as the baseline phase left it (warm, idle)
                memory_growth = watch.peak - watch.idle
            for what, times in sorted(getattr(record, "heavy_kinds", {}).items()):
                median, longest = statistics.median(times) * 1000, max(times) * 1000
                print(
                    f"              {what}: {len(times)} requests, median {median:.0f} ms, "
                    f"longest {longest:.0f} ms"
                )
            for error in record.errors[:10]:
                print(f"              error: {error}")
        lost = sum(lost_writes(url, r) for r in results.values())
        ratio = _percentile(results["pathological"].latencies, 95) / _percentile(
            results["baseline"].latencies, 95
        )
        errors = sum(len(r.errors) for r in results.values())
        print(f"lost writes: {lost}; p95 with the pathological account / without: {ratio:.2f} "
              f"(goal <= {GOAL_RATIO:g}); errors: {errors}")  # fmt: skip
        met = lost == 0 and errors == 0 and ratio <= GOAL_RATIO and memory_growth <= 100
        return 0 if met else 1
    finally:
        if process is not None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                process.kill()
        if admin is not None:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()


if __name__ == "__main__":
    sys.exit(main())
