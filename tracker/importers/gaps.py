"""Long stretches without training in a list of workout days."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from itertools import pairwise
from typing import NamedTuple


class Gap(NamedTuple):
    """A stretch of days with no logged workout, between two workout days."""

    last_day_before: date
    first_day_after: date
    # Days with no workout: first_day_after - last_day_before - 1. Workouts on Monday and on
    # the Monday two weeks later leave 13 empty days, so that is not yet a 14-day gap.
    days: int


def find_gaps(dates: Iterable[date], min_days: int = 14) -> list[Gap]:
    """Every run of at least ``min_days`` days without a workout, oldest first.

    ``dates`` are workout days in any order, repeats allowed; datetimes count by their date.
    The app's rule: a break is a stretch of ``min_days`` (14) or more days with no logged
    workout; the days of the workouts on either side are not part of it.
    """
    if min_days < 1:
        raise ValueError("min_days must be at least 1")
    days = sorted({value.date() if isinstance(value, datetime) else value for value in dates})
    gaps = []
    for before, after in pairwise(days):
        empty = (after - before).days - 1
        if empty >= min_days:
            gaps.append(Gap(before, after, empty))
    return gaps
