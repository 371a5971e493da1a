"""The one place that asks the clock: a user's today and now are on their own wall clock.

Every page, form and import that needs "today" calls :func:`today_in` with the user's time zone
(``User.timezone``), never ``date.today()``: the server's date is another day for most users
near midnight. Pure: no Flask, no database.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


def zone(timezone: str) -> ZoneInfo:
    """The time zone called ``timezone``; UTC for a name that is not one."""
    try:
        return ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def _instant(now: dt.datetime | None) -> dt.datetime:
    instant = now if now is not None else dt.datetime.now(dt.UTC)
    return instant.replace(tzinfo=dt.UTC) if instant.tzinfo is None else instant


def local_now(timezone: str, now: dt.datetime | None = None) -> dt.datetime:
    """Now as wall-clock time in ``timezone`` (naive, whole seconds); ``now`` is a UTC instant
    (the clock's by default)."""
    return _instant(now).astimezone(zone(timezone)).replace(tzinfo=None, microsecond=0)


def today_in(timezone: str, now: dt.datetime | None = None) -> dt.date:
    """The date on the user's wall clock (``now`` is a UTC instant; the clock's by default)."""
    return _instant(now).astimezone(zone(timezone)).date()
