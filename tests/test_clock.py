"""A user's today and now come from their own wall clock, in one place (tracker.clock)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from tracker import break_days, clock

#: 23:30 UTC on 31 December: already 1 January east of UTC+1, still 31 December at UTC-1.
LATE = dt.datetime(2025, 12, 31, 23, 30, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("zone", "day"),
    [
        ("UTC", dt.date(2025, 12, 31)),
        ("Europe/Berlin", dt.date(2026, 1, 1)),
        ("Pacific/Kiritimati", dt.date(2026, 1, 1)),
        ("America/New_York", dt.date(2025, 12, 31)),
        ("Not/A_Zone", dt.date(2025, 12, 31)),  # an unknown zone reads as UTC
    ],
)
def test_today_is_the_users_wall_clock_date(zone: str, day: dt.date) -> None:
    assert clock.today_in(zone, LATE) == day


def test_local_now_is_naive_wall_clock_time() -> None:
    assert clock.local_now("Europe/Berlin", LATE) == dt.datetime(2026, 1, 1, 0, 30)
    assert clock.local_now("UTC", LATE.replace(tzinfo=None)) == dt.datetime(2025, 12, 31, 23, 30)


def test_break_days_keeps_today_in_for_its_callers() -> None:
    assert break_days.today_in is clock.today_in


#: Modules of the import path still to move to tracker.clock (their owner does it; remove
#: each from here when it does).
NOT_YET = {"demo.py"}


def test_no_module_reads_the_servers_date() -> None:
    """``date.today()`` and a naive ``datetime.now()`` are the server's day: every module asks
    tracker.clock instead (timestamps in UTC, ``models.utcnow``, are fine)."""
    package = Path(clock.__file__).resolve().parent
    server_day = re.compile(r"\bdate\.today\(\)|\bdatetime\.now\(\)|\bdatetime\.today\(\)")
    offenders = [
        f"{path.relative_to(package)}:{number}"
        for path in sorted(package.rglob("*.py"))
        if path.name != "clock.py" and str(path.relative_to(package)) not in NOT_YET
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if server_day.search(line)
    ]
    assert offenders == []
