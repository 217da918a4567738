"""Business time as array arithmetic: a cumulative business-second function of time.

A calendar over a range of days becomes sorted working intervals in UTC seconds and the
business seconds before each. The business time between two moments is the difference of
the cumulative function at both ends; a pause subtracts the same difference over itself.
Evaluating the function is one ``searchsorted`` per array of timestamps, never a loop per
ticket.
"""

from __future__ import annotations

import calendar as _calendar
import re
from collections.abc import Mapping
from datetime import date, timedelta
from typing import TYPE_CHECKING, Protocol

import numpy as np
import numpy.typing as npt
from msgspec import Struct, field

from svcstd.durations import DEADLINE_RE, WEEKDAYS
from svcstd.measure.zones import DAY, OffsetTable
from svcstd.records import KeyedEquality

if TYPE_CHECKING:
    from svcstd.measure.model import CalendarView

Seconds = npt.NDArray[np.int64]
_DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_THURSDAY = 3  # 1970-01-01, day 0 of numpy's day numbers, was a Thursday


def _hhmm(text: str) -> int:
    hours, minutes = text.split(":")
    return int(hours) * 60 + int(minutes)


def parse_hours(text: str) -> tuple[int, int]:
    """'08:00-17:00' → (480, 1020) minutes; an end at or before the start is on the next day."""
    start, end = (_hhmm(part) for part in text.split("-"))
    return start, end if end > start else end + 24 * 60


class YearlyHolidays(Protocol):
    """Holidays resolved a year at a time (svcstd.workdays.HolidaySet, or a cached view)."""

    def in_year(self, year: int) -> frozenset[date]: ...


class CalendarSpec(KeyedEquality, Struct, frozen=True):
    """What the engine needs of a calendar: working weekdays, hours, holidays, half-days.

    A shift belongs to the day it starts on: with hours 22:00-06:00 the night from a
    working Friday to Saturday counts, and a holiday removes the shift that starts on it.
    Two specs are equal when they describe the same calendar, whatever their ``source``.
    """

    weekdays: frozenset[int]  # 0 = Monday
    hours: tuple[int, int]  # minutes from the start of the day
    holidays: frozenset[date] = frozenset()
    half_days: Mapping[date, tuple[int, int]] = field(default_factory=dict)

    library: bool = False  # holidays come from the holidays package, known for any year
    # The calendar's holidays from the package, resolved year by year for the days that are
    # laid out: the years come from the export's own timestamps, never from a constant.
    source: YearlyHolidays | None = None

    def _key(self) -> tuple[object, ...]:
        return (self.weekdays, self.hours, self.holidays, self.half_days, self.library)

    @classmethod
    def of(
        cls, cal: CalendarView, years: range = range(0), source: YearlyHolidays | None = None
    ) -> CalendarSpec:
        """The spec of a calendar from svcstd.yaml. Library holidays are looked up for the
        days a calendar is laid out over (through ``source``, e.g. a cache, when given);
        ``years`` may resolve some of them up front."""
        holidays = cal.holidays
        library = holidays.from_library
        return cls(
            frozenset(_DAY_NAMES.index(d) for d in cal.days),
            parse_hours(cal.hours),
            holidays.within(years) if library else holidays.explicit(),
            library=library,
            source=(source or holidays) if library else None,
        )

    def holidays_between(self, first: date, last: date) -> frozenset[date]:
        """Every holiday from ``first`` to ``last`` (library ones resolved for those years)."""
        found = set(self.holidays)
        if self.source is not None:
            for year in range(first.year, last.year + 1):
                found |= self.source.in_year(year)
        return frozenset(d for d in found if first <= d <= last)

    @property
    def known_years(self) -> tuple[int, int] | None:
        """The years the holiday list covers; None when the calendar has no holidays or takes
        them from the holidays package (which knows every year)."""
        if not self.holidays or self.library:
            return None
        years = [d.year for d in self.holidays]
        return min(years), max(years)

    def is_working(self, day: date) -> bool:
        """True when a shift starts on that day."""
        if day.weekday() not in self.weekdays or day in self.holidays:
            return False
        return self.source is None or day not in self.source.in_year(day.year)


class WorkCalendar(Struct, frozen=True):
    """A calendar laid out over a range of days: working intervals in UTC seconds.

    The interval a moment falls in (or after) is found without a binary search: the
    intervals are indexed by UTC day, and a moment's day gives the last interval starting
    before that day; the few starting on the day itself are checked one by one. On a
    million moments that is a fifth of the time ``searchsorted`` takes.
    """

    starts: Seconds
    ends: Seconds
    before: Seconds  # business seconds in all earlier intervals
    index: _DayIndex  # the same intervals indexed by UTC day (made by ``of``)

    @classmethod
    def of(cls, starts: Seconds, ends: Seconds, before: Seconds) -> WorkCalendar:
        """The calendar of these intervals (sorted by start), with their index."""
        return cls(starts, ends, before, _DayIndex.of(starts, ends, before))

    @classmethod
    def build(cls, spec: CalendarSpec, table: OffsetTable, first: date, last: date) -> WorkCalendar:
        """Lay the calendar out from the day before ``first`` (its night shift) to ``last``."""
        days = np.arange(
            np.datetime64(first - timedelta(days=1)), np.datetime64(last + timedelta(days=1))
        ).astype(np.int64)
        working = np.isin((days + _THURSDAY) % 7, list(spec.weekdays))
        off = spec.holidays_between(first - timedelta(days=1), last)
        if off:
            holidays = np.array(sorted(off), dtype="datetime64[D]").astype(np.int64)
            working &= ~np.isin(days, holidays)
        begin = np.full(days.shape, spec.hours[0], np.int64)
        finish = np.full(days.shape, spec.hours[1], np.int64)
        for day, (start, end) in spec.half_days.items():
            at = int(np.datetime64(day).astype(np.int64)) - int(days[0])
            if 0 <= at < len(days):
                begin[at], finish[at] = start, end
        days, begin, finish = days[working], begin[working], finish[working]
        starts = table.to_utc(days * DAY + begin * 60)
        ends = table.to_utc(days * DAY + finish * 60)
        lengths = np.maximum(ends - starts, 0)
        before = np.concatenate(([0], np.cumsum(lengths)[:-1])).astype(np.int64)
        return cls.of(starts, starts + lengths, before)

    def cumulative(self, moments: Seconds) -> Seconds:
        """Business seconds from the start of the calendar to each moment."""
        index = self.index
        at = index.last_start(moments)
        inside = np.minimum(np.maximum(moments - index.starts[at], 0), index.lengths[at])
        return np.asarray(index.before[at] + inside, np.int64)

    def between(self, start: Seconds, end: Seconds) -> Seconds:
        """Business seconds from each start to each end (zero when the end is earlier)."""
        return np.asarray(np.maximum(self.cumulative(end) - self.cumulative(start), 0), np.int64)


_NEVER = np.iinfo(np.int64).max // 2  # later than any moment (and safe to add a day to)


class _DayIndex(Struct, frozen=True):
    """Working intervals behind a sentinel (an empty interval before all others, so that
    every moment has one at or before it) and indexed by UTC day."""

    starts: Seconds  # sentinel, the intervals, then a start after every moment
    lengths: Seconds
    before: Seconds
    first_day: int  # the UTC day of by_day[0]
    by_day: Seconds  # per UTC day: the last interval starting before the day
    per_day: int  # the most intervals starting on one UTC day

    @classmethod
    def of(cls, starts: Seconds, ends: Seconds, before: Seconds) -> _DayIndex:
        """The index of a calendar's intervals (sorted by start)."""
        nothing = np.zeros(1, np.int64)
        padded = np.concatenate((-nothing - _NEVER, starts, nothing + _NEVER))
        lengths = np.concatenate((nothing, ends - starts, nothing))
        total = np.concatenate((nothing, before, nothing))
        if starts.size == 0:
            return cls(padded, lengths, total, 0, nothing, 0)
        first_day = int(starts[0] // DAY) - 1  # a day before the first start: the sentinel's
        days = np.arange(first_day, int(starts[-1] // DAY) + 2, dtype=np.int64)
        by_day = np.searchsorted(padded, days * DAY, side="left") - 1
        per_day = int(np.bincount(starts // DAY - first_day).max())
        return cls(padded, lengths, total, first_day, by_day, per_day)

    def last_start(self, moments: Seconds) -> Seconds:
        """For each moment, the index of the last interval starting at or before it (as
        ``searchsorted(starts, moments, side="right") - 1`` on the padded starts)."""
        day = np.clip(moments // DAY - self.first_day, 0, len(self.by_day) - 1)
        at = self.by_day[day]
        for _ in range(self.per_day):
            after = at + 1
            at = np.where(self.starts[after] <= moments, after, at)
        return np.asarray(at, np.int64)


def deadline_moments(
    text: str, spec: CalendarSpec, table: OffsetTable, first: date, last: date
) -> Seconds:
    """Every occurrence of a recurring deadline between two days, in UTC seconds, sorted.

    A deadline on a fixed day (``monthly on day 25``, ``weekly on friday``, ``the last
    day``) that falls on a weekend or holiday moves to the working day before, as pay
    days do; working-day forms are working days by definition. Without ``at HH:MM`` a
    deadline is the end of its day.
    """
    match = DEADLINE_RE.match(" ".join(text.strip().lower().split()))
    if match is None:  # the model only holds deadlines that parse
        raise ValueError(text)
    minute = _hhmm(match["time"]) if match["time"] else 24 * 60
    days = [d for d in _occurrence_days(match, spec, first, last) if first <= d <= last]
    local = np.array([_ordinal(d) * DAY + minute * 60 for d in sorted(set(days))], np.int64)
    return table.to_utc(local)


def _ordinal(day: date) -> int:
    return int(np.datetime64(day, "D").astype(np.int64))


def _occurrence_days(
    match: re.Match[str], spec: CalendarSpec, first: date, last: date
) -> list[date]:
    period = match["period"]
    # Start a period early so that a deadline moved back across a month end is still found.
    start, stop = first - timedelta(days=40), last + timedelta(days=40)
    if period == "daily":
        return [d for d in _days(start, stop) if spec.is_working(d)]
    if period == "weekly":
        weekday = WEEKDAYS.index(match["weekday"])
        return [
            _working_on_or_before(d, spec) for d in _days(start, stop) if d.weekday() == weekday
        ]
    return [_monthly_day(match, y, m, spec) for y, m in _months(start, stop)]


def _days(start: date, stop: date) -> list[date]:
    return [start + timedelta(days=i) for i in range((stop - start).days + 1)]


def _months(start: date, stop: date) -> list[tuple[int, int]]:
    out, (year, month) = [], (start.year, start.month)
    while (year, month) <= (stop.year, stop.month):
        out.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def _working_on_or_before(day: date, spec: CalendarSpec) -> date:
    for _ in range(366):
        if spec.is_working(day):
            return day
        day -= timedelta(days=1)
    return day


def _monthly_day(match: re.Match[str], year: int, month: int, spec: CalendarSpec) -> date:
    length = _calendar.monthrange(year, month)[1]
    if match["working_day"] is not None or match["last_working"] is not None:
        working = [
            date(year, month, d)
            for d in range(1, length + 1)
            if spec.is_working(date(year, month, d))
        ]
        if not working:
            return date(year, month, length)
        if match["last_working"] is not None:
            return working[-1]
        return working[min(int(match["working_day"]), len(working)) - 1]
    day = int(match["day"]) if match["day"] is not None else length
    return _working_on_or_before(date(year, month, min(day, length)), spec)
