"""find_gaps: stretches of at least 14 days without a logged workout."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from tracker.importers import Gap, find_gaps


def test_days_between_workouts_are_counted_without_the_workout_days() -> None:
    # Mon 1 Jan and Mon 15 Jan: 2..14 Jan are empty, 13 days, one short of a gap
    assert find_gaps([date(2024, 1, 1), date(2024, 1, 15)]) == []
    # one more day apart: 2..15 Jan, 14 empty days
    assert find_gaps([date(2024, 1, 1), date(2024, 1, 16)]) == [
        Gap(date(2024, 1, 1), date(2024, 1, 16), 14)
    ]


def test_unsorted_repeated_dates_and_datetimes() -> None:
    dates = [
        datetime(2024, 3, 1, 23, 30),
        date(2024, 1, 1),
        date(2024, 1, 1),
        datetime(2024, 1, 3, 6, 0),
        date(2024, 2, 1),
    ]
    # 3 Jan -> 1 Feb: 4..31 Jan = 28 days; 1 Feb -> 1 Mar: 2..29 Feb (leap year) = 28 days
    assert find_gaps(dates) == [
        Gap(date(2024, 1, 3), date(2024, 2, 1), 28),
        Gap(date(2024, 2, 1), date(2024, 3, 1), 28),
    ]


def test_min_days_threshold() -> None:
    days = [date(2024, 1, 1), date(2024, 1, 5), date(2024, 1, 30)]
    assert find_gaps(days, min_days=3) == [
        Gap(date(2024, 1, 1), date(2024, 1, 5), 3),
        Gap(date(2024, 1, 5), date(2024, 1, 30), 24),
    ]
    assert find_gaps(days, min_days=25) == []
    with pytest.raises(ValueError):
        find_gaps(days, min_days=0)


def test_no_gap_with_fewer_than_two_days() -> None:
    assert find_gaps([]) == []
    assert find_gaps([date(2024, 1, 1)]) == []


def test_daily_training_has_no_gaps() -> None:
    start = date(2023, 1, 1)
    assert find_gaps(start + timedelta(days=i) for i in range(400)) == []
