"""Where a recurring deadline falls: its recurrence rule, and its real days on a calendar.

A deadline is written once (``monthly on day 25``) and recurs on a rule that
iCalendar can express (``FREQ=MONTHLY;BYMONTHDAY=25``). The rule ignores
holidays; the real days do not. A deadline whose day is not a working day moves
to the working day before (the latest safe day: payroll is paid early, not
late); a daily deadline simply does not occur on a non-working day. The feed
writes the rule, then removes each moved day (EXDATE) and adds the day it moved
to (RDATE), so that a calendar application shows exactly the real days.
"""

from __future__ import annotations

import calendar as _calendar
import re
from collections.abc import Iterator
from datetime import date, time, timedelta

from msgspec import Struct

from svcstd.durations import DEADLINE_RE, WEEKDAYS, Deadline
from svcstd.model import Calendar
from svcstd.workdays import WEEK, HolidaySet, is_working_day, working_day_on_or_before

_ICAL_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


class WorkWeek(Struct, frozen=True):
    """The working days and holidays deadlines are placed on (every day when no calendar)."""

    days: tuple[str, ...]
    holidays: HolidaySet

    @classmethod
    def of(cls, cal: Calendar | None) -> WorkWeek:
        """The work week of a calendar; None means every day, no holidays."""
        if cal is None:
            return cls(WEEK, HolidaySet())
        return cls(tuple(d for d in WEEK if d in cal.days), cal.holidays)

    def works(self, day: date) -> bool:
        return is_working_day(day, list(self.days), self.holidays)

    def by_day(self) -> str:
        return ",".join(_ICAL_DAYS[WEEK.index(d)] for d in self.days)


class Placed(Struct, frozen=True):
    """A deadline's rule and where it really falls within a window."""

    rule: str  # RRULE value without DTSTART/UNTIL, e.g. FREQ=MONTHLY;BYMONTHDAY=25
    at: time | None  # time of day; None for the end of the day (an all-day event)
    anchors: list[date]  # the rule's own days in the window, holidays ignored
    days: list[date]  # the real days: anchors moved to working days, or dropped


def place(deadline: Deadline, week: WorkWeek, start: date, end: date) -> Placed:
    """The rule and real days of a recurring deadline between start and end (inclusive)."""
    m = DEADLINE_RE.match(" ".join(deadline.text.strip().lower().split()))
    assert m is not None  # the model holds only parsed deadlines
    at = _time_of(m["time"])
    if m["period"] == "daily":
        anchors = [d for d in _days(start, end) if WEEK[d.weekday()] in week.days]
        return Placed(f"FREQ=DAILY;BYDAY={week.by_day()}", at, anchors, _kept(anchors, week))
    if m["period"] == "weekly":
        weekday = WEEKDAYS.index(m["weekday"])
        anchors = [d for d in _days(start, end) if d.weekday() == weekday]
        rule = f"FREQ=WEEKLY;BYDAY={_ICAL_DAYS[weekday]}"
        return Placed(rule, at, anchors, _moved(anchors, week))
    return _monthly(m, week, start, end, at)


def _monthly(m: re.Match[str], week: WorkWeek, start: date, end: date, at: time | None) -> Placed:
    pairs = [_month_day(m, week, y, mo) for y, mo in _months(start, end)]
    kept = [(anchor, real) for anchor, real in pairs if start <= anchor <= end]
    return Placed(_month_rule(m, week), at, [a for a, _ in kept], [r for _, r in kept])


def _month_rule(m: re.Match[str], week: WorkWeek) -> str:
    if m["day"] is not None:
        return f"FREQ=MONTHLY;BYMONTHDAY={int(m['day'])}"
    if m["working_day"] is not None:
        return f"FREQ=MONTHLY;BYDAY={week.by_day()};BYSETPOS={int(m['working_day'])}"
    if m["last_working"] is not None:
        return f"FREQ=MONTHLY;BYDAY={week.by_day()};BYSETPOS=-1"
    return "FREQ=MONTHLY;BYMONTHDAY=-1"


def _month_day(m: re.Match[str], week: WorkWeek, year: int, month: int) -> tuple[date, date]:
    """(the rule's day, the real day) of a monthly deadline in one month."""
    last = date(year, month, _calendar.monthrange(year, month)[1])
    if m["day"] is not None:
        # Day 31 in a 30-day month is the month's last day (the rule skips that month,
        # so the real day is added back as an RDATE).
        day = date(year, month, min(int(m["day"]), last.day))
        return day, working_day_on_or_before(day, list(week.days), week.holidays)
    if m["working_day"] is not None or m["last_working"] is not None:
        n = int(m["working_day"]) if m["working_day"] is not None else -1
        weekdays = [d for d in _days(last.replace(day=1), last) if WEEK[d.weekday()] in week.days]
        working = [d for d in weekdays if week.works(d)] or weekdays
        return _nth(weekdays, n), _nth(working, n)
    return last, working_day_on_or_before(last, list(week.days), week.holidays)


def _nth(days: list[date], n: int) -> date:
    # A month with fewer working days than N has its deadline on the last one.
    return days[n - 1] if 0 < n <= len(days) else days[-1]


def _time_of(text: str | None) -> time | None:
    if text is None or text == "24:00":
        return None
    hours, minutes = (int(p) for p in text.split(":"))
    return time(hours, minutes)


def _days(start: date, end: date) -> Iterator[date]:
    day = start
    while day <= end:
        yield day
        day += timedelta(days=1)


def _months(start: date, end: date) -> Iterator[tuple[int, int]]:
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        yield year, month
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def _kept(anchors: list[date], week: WorkWeek) -> list[date]:
    return [d for d in anchors if d not in week.holidays]


def _moved(anchors: list[date], week: WorkWeek) -> list[date]:
    return [working_day_on_or_before(d, list(week.days), week.holidays) for d in anchors]
