"""Limits shared by the forms and the importers: one place for each, so both refuse alike.

Dates: a training day lies between ``EARLIEST_DATE`` and a day after the user's today
(``latest_day``): nobody logs a workout in 1850 or in 2199, and a year 9999 date is a broken
cell that would otherwise make every chart span eight thousand years. A break (or a "training,
just not logging" gap) starts by today at the latest and may end up to ``BREAK_DAYS_AHEAD``
days after it (a cast for the next six weeks, a sabbatical planned to its end): its last day is
at most ``latest_break_end(today)``. A plan (a break that has not happened yet) starts at most
``PLAN_DAYS_AHEAD`` days ahead and lasts at most ``PLAN_MAX_DAYS`` days, so nothing Regain
stores lies more than about six years in the future.

Counts per account are far above what a real user ever has (a break a month for eighty years
is under a thousand) and far below what would make a page or a chart slow: every page lists
at most ``PAGE_SIZE`` rows at a time, and a chart merges what it cannot show one by one. The
forms and the Regain JSON import refuse what would go over a limit, saying which one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

# --- dates -----------------------------------------------------------------------------------

#: The first day anything can be logged or imported.
EARLIEST_DATE = dt.date(1900, 1, 1)

#: How far past the user's today a workout may be dated (a phone a few hours ahead).
DAYS_AHEAD = 1

#: How far past the user's today a break's (or a training gap's) last day may be.
BREAK_DAYS_AHEAD = 365

#: How far ahead a plan may start, and how long it may last.
PLAN_DAYS_AHEAD = 3 * 365
PLAN_MAX_DAYS = 3 * 365


def latest_day(today: dt.date) -> dt.date:
    """The last day a workout may be dated, for a user whose today is ``today``."""
    return today + dt.timedelta(days=DAYS_AHEAD)


def latest_break_end(today: dt.date) -> dt.date:
    """The last day a break or a training gap may end on."""
    return today + dt.timedelta(days=BREAK_DAYS_AHEAD)


def latest_plan_start(today: dt.date) -> dt.date:
    return today + dt.timedelta(days=PLAN_DAYS_AHEAD)


def in_date_range(day: dt.date, latest: dt.date) -> bool:
    return EARLIEST_DATE <= day <= latest


def today_anywhere() -> dt.date:
    """The latest date it is anywhere on Earth now (UTC+14): the safe ``today`` for a check that
    does not know the user's time zone (it never refuses a day that is today for someone)."""
    return (dt.datetime.now(dt.UTC) + dt.timedelta(hours=14)).date()


# --- counts per account ----------------------------------------------------------------------

MAX_BREAKS = 1_000
MAX_TRAINING_GAPS = 1_000
MAX_PLANS = 200
MAX_CUSTOM_EXERCISES = 1_000
MAX_EXERCISE_MAPPINGS = 5_000
#: Twenty years of two workouts a day; a set limit keeps one account's export and model input
#: bounded (a workout has at most ``MAX_SETS_PER_WORKOUT`` sets).
MAX_WORKOUTS = 20_000
MAX_SETS = 1_000_000
MAX_SETS_PER_WORKOUT = 1_000

#: Rows shown on one page of a long list (breaks, gaps).
PAGE_SIZE = 50

#: The most breaks a chart shades one by one; beyond that, neighbouring ones merge.
MAX_CHART_SHADES = 40


@dataclass(frozen=True)
class Count:
    """A per-account limit, for messages: ``Count("breaks", 1000)``."""

    what: str
    limit: int

    def message(self) -> str:
        return (
            f"An account can hold at most {self.limit:,} {self.what}; delete some first "
            "(this limit keeps every page fast)."
        )


BREAKS = Count("breaks", MAX_BREAKS)
TRAINING_GAPS = Count('"training, just not logging" notes', MAX_TRAINING_GAPS)
PLANS = Count("saved plans", MAX_PLANS)
CUSTOM_EXERCISES = Count("custom exercises", MAX_CUSTOM_EXERCISES)
EXERCISE_MAPPINGS = Count("remembered exercise names", MAX_EXERCISE_MAPPINGS)
WORKOUTS = Count("workouts", MAX_WORKOUTS)
SETS = Count("sets", MAX_SETS)


class LimitReached(Exception):
    """Adding would take an account over one of its limits (nothing was written)."""

    def __init__(self, count: Count) -> None:
        super().__init__(count.message())
        self.count = count


def check_room(count: Count, have: int, adding: int = 1) -> None:
    """Raise ``LimitReached`` when ``have + adding`` goes over the limit."""
    if have + adding > count.limit:
        raise LimitReached(count)


# --- request sizes (the Regain JSON import) --------------------------------------------------

#: Deepest nesting of arrays and objects a Regain document needs is 5; 64 is generous.
MAX_JSON_DEPTH = 64
#: Digits of a JSON number: the largest value Regain reads has 10.
MAX_JSON_DIGITS = 30


# --- the JSON API (tracker.api) --------------------------------------------------------------

#: Personal access tokens an account may hold at once.
MAX_API_TOKENS = 50
API_TOKENS = Count("access tokens", MAX_API_TOKENS)
#: Requests one token may make in a minute (``API_REQUESTS_PER_MINUTE`` in the app's config
#: overrides it); past it the API answers 429 until the next minute.
API_REQUESTS_PER_MINUTE = 300
#: Items on one page of an API list, by default and at most; workouts come with their sets
#: (up to ``MAX_SETS_PER_WORKOUT`` each), so fewer of them fit on a page.
API_PAGE_SIZE = 50
API_MAX_PAGE_SIZE = 200
API_MAX_WORKOUTS_PAGE = 50
#: The largest id the API reads in a path or a body (the tables' ids are 32-bit integers).
API_MAX_ID = 2**31 - 1
