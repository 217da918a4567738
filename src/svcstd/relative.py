"""Date-relative targets: when a request is due, given the day it was opened or promised for.

A target's ``by`` (model.RelativeDue) counts days from a day fixed per request: the
day it was opened (after the cut-off time, the next day) or the date promised on it.
With ``business_days`` only the calendar's working days that are not holidays count,
and the day counted from moves to the next working day when it is not one. The due
moment is ``at`` on the day reached, or the end of that day.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from functools import partial
from typing import TYPE_CHECKING

from svcstd.workdays import HolidaySet, is_working_day, working_day_on_or_after

if TYPE_CHECKING:  # measure counts due days without loading the model (a twentieth of a second)
    from svcstd.i18n.wording import Relative as RelativeDue
    from svcstd.model import Calendar

_DAY = 24 * 60
# A week with no holidays in it (Monday 1 January 2001): the shortest window of a rule
# is found on it, as a holiday can only push a due day later.
_PLAIN_WEEK = [date(2001, 1, 1) + timedelta(days=n) for n in range(7)]


def clock_minutes(hhmm: str | None, default: int = _DAY) -> int:
    """'10:00' -> 600; None -> ``default`` (the end of the day)."""
    if hhmm is None:
        return default
    hours, minutes = hhmm.split(":")
    return int(hours) * 60 + int(minutes)


def due_day(
    rule: RelativeDue,
    start: date,
    calendar: Calendar | None,
    late: bool = False,
    working: Callable[[date], bool] | None = None,
) -> date:
    """The day a request is due on, counted from ``start`` (``late``: opened after the cut-off).

    ``working`` tells a working day instead of ``calendar``'s days and holidays: svcstd
    measure passes its calendar, whose library holidays come from its own cache.
    """
    day = start + timedelta(days=1) if late else start
    if rule.business_days and working is None and calendar is not None:
        working = partial(is_working_day, days=calendar.days, holidays=calendar.holidays)
    if working is None or not rule.business_days:
        return day + timedelta(days=rule.day_offset)
    day = working_day_on_or_after(day, working)
    for _ in range(rule.day_offset):
        day = working_day_on_or_after(day + timedelta(days=1), working)
    return day


def due_moment(rule: RelativeDue, start: datetime, calendar: Calendar | None) -> datetime:
    """When a request opened (or promised) at ``start`` is due, in the same local time."""
    late = (
        rule.relative_to == "opened"
        and rule.cutoff is not None
        and _minute_of(start) > clock_minutes(rule.cutoff)
    )
    day = due_day(rule, start.date(), calendar, late)
    return datetime.combine(day, time(0), start.tzinfo) + timedelta(minutes=clock_minutes(rule.at))


def shortest_window(rule: RelativeDue, calendar: Calendar | None) -> float | None:
    """The least wall-clock time, in minutes, a request may get; None for a promised date.

    The latest request that still counts from its own day is opened at the cut-off
    (or at the end of the day without one); the shortest window over a week is what
    the provider can always rely on, and what a chain must fit in.
    """
    if rule.relative_to != "opened":
        return None
    latest = clock_minutes(rule.cutoff)
    plain = _plain(calendar)
    windows = []
    for day in _PLAIN_WEEK:
        opened = datetime.combine(day, time(0)) + timedelta(minutes=latest)
        due = datetime.combine(due_day(rule, day, plain), time(0))
        due += timedelta(minutes=clock_minutes(rule.at))
        windows.append((due - opened).total_seconds() / 60)
    return min(windows)


def _plain(calendar: Calendar | None) -> Calendar | None:
    if calendar is None:
        return None
    from svcstd.model import Calendar

    return Calendar(calendar.id, calendar.days, calendar.hours, HolidaySet(), None)


def _minute_of(moment: datetime) -> int:
    return moment.hour * 60 + moment.minute


def words(rule: RelativeDue, lang: str = "en") -> str:
    """The rule in words, from the message catalog: 'by 10:00 on the next business day'."""
    from svcstd.i18n.wording import relative

    return relative(rule, lang)
