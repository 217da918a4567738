"""Worst-case wall-clock time of a duration counted on a business calendar."""

from __future__ import annotations

from svcstd.durations import Duration
from svcstd.model import Calendar

_DAY = 24 * 60
# Calendars write days as mon..sun (docs/format.md); the first three letters identify one.
_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def _window(calendar: Calendar) -> tuple[int, int]:
    start, end = calendar.hours.split("-")
    return _clock_minutes(start), _clock_minutes(end)


def _clock_minutes(hhmm: str) -> int:
    hours, minutes = hhmm.strip().split(":")
    return int(hours) * 60 + int(minutes)


def _working_days(calendar: Calendar) -> list[int]:
    return sorted(
        {_WEEKDAYS.index(d[:3].lower()) for d in calendar.days if d[:3].lower() in _WEEKDAYS}
    )


def is_round_the_clock(calendar: Calendar | None) -> bool:
    """True when business time on this calendar passes exactly as wall-clock time."""
    if calendar is None:
        return False
    start, end = _window(calendar)
    return len(_working_days(calendar)) == 7 and start == 0 and end >= _DAY


def worst_case_minutes(duration: Duration, calendar: Calendar | None) -> float:
    """The longest wall-clock time ``duration`` can take, whenever the clock starts.

    Elapsed time is what it says. Business time is worst when the clock starts just as
    the working day closes before the longest gap (a Friday evening on an office
    calendar), so every closing time of the week is tried and the longest kept.
    Holidays are not counted: a long weekend adds to the figure given here.
    """
    if not duration.business or is_round_the_clock(calendar):
        return duration.minutes
    if calendar is None or not _working_days(calendar):
        return duration.elapsed_minutes()
    start, end = _window(calendar)
    if end <= start:
        return duration.elapsed_minutes()
    days = _working_days(calendar)
    return max(_elapsed_from_close(day, duration.minutes, days, start, end) for day in days)


def _elapsed_from_close(day: int, business: float, days: list[int], start: int, end: int) -> float:
    """Wall-clock minutes from the close of ``day`` until ``business`` minutes have been worked."""
    clock = day * _DAY + end
    left = business
    moment: float = clock
    offset = 1
    while left > 0:
        weekday = (day + offset) % 7
        opens = (day + offset) * _DAY + start
        if weekday in days:
            worked = min(left, end - start)
            left -= worked
            moment = opens + worked
        offset += 1
    return moment - clock


def describe(minutes: float) -> str:
    """Minutes written the way the standards write them: 38m, 4h 30m, 2d 16h."""
    whole = round(minutes)
    days, rest = divmod(whole, _DAY)
    hours, mins = divmod(rest, 60)
    parts = [f"{days}d" if days else "", f"{hours}h" if hours else "", f"{mins}m" if mins else ""]
    return " ".join(p for p in parts if p) or "0m"
