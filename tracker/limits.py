"""Limits shared by the forms and the importers: one place for each, so both refuse alike.

Dates: a training day, a break or a gap lies between ``EARLIEST_DATE`` and a day after the
user's today (``latest_day``): nobody logs a workout in 1850 or in 2199, and a year 9999 date is
a broken cell that would otherwise make every chart span eight thousand years.
"""

from __future__ import annotations

import datetime as dt

#: The first day anything can be logged or imported.
EARLIEST_DATE = dt.date(1900, 1, 1)

#: How far past the user's today a workout may be dated (a phone a few hours ahead).
DAYS_AHEAD = 1


def latest_day(today: dt.date) -> dt.date:
    """The last day a workout may be dated, for a user whose today is ``today``."""
    return today + dt.timedelta(days=DAYS_AHEAD)
