"""Worst-case wall-clock time of business durations on a calendar."""

from __future__ import annotations

import pytest

from svcstd.chains.clock import describe, worst_case_minutes
from svcstd.durations import parse_duration
from svcstd.model import Calendar

OFFICE = Calendar("office", ["mon", "tue", "wed", "thu", "fri"], "08:00-17:00", [], None)
ROUND = Calendar("24x7", ["mon", "tue", "wed", "thu", "fri", "sat", "sun"], "00:00-24:00", [], None)
SATURDAY = Calendar("market", ["sat"], "10:00-14:00", [], None)


@pytest.mark.parametrize(
    ("text", "calendar", "worst"),
    [
        ("18m", OFFICE, "18m"),  # wall-clock time ignores the calendar
        ("4 business hours", ROUND, "4h"),  # round the clock: business time is wall-clock time
        ("9 business hours", OFFICE, "3d"),  # Friday 17:00 to Monday 17:00
        ("10 business hours", OFFICE, "3d 16h"),  # ... to Tuesday 09:00
        ("1 business hours", OFFICE, "2d 16h"),  # Friday 17:00 to Monday 09:00
        ("4 business hours", SATURDAY, "7d"),  # one window a week: a whole week at worst
        ("5 business hours", SATURDAY, "13d 21h"),  # ... and one hour of the next Saturday
    ],
)
def test_worst_case_starts_at_the_close_before_the_longest_gap(
    text: str, calendar: Calendar, worst: str
) -> None:
    assert describe(worst_case_minutes(parse_duration(text), calendar)) == worst
