"""Dates as the organisation sees them: "today" and commit dates in svcstd.yaml's time zone.

A commit made at 21:00 UTC is on the 30th in London and on the 1st in Jakarta.
Every date svcstd derives from a moment (the default ``--as-of`` of lint and
due, the date on the handbook's cover, the edition id of publish and digest)
is therefore taken in the configuration's ``timezone``, never in the time zone
of the machine running svcstd. :func:`today` is the only place svcstd reads the
wall clock, and only for judging what is due, never for what it writes.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, tzinfo
from functools import cache


@cache
def zone(name: str) -> tzinfo:
    """The IANA time zone called name (UTC when the system has no data for it)."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return UTC


def local_date(moment: datetime, timezone: str) -> date:
    """The calendar date of a moment in the time zone called timezone."""
    return moment.astimezone(zone(timezone)).date()


def noon(day: date, timezone: str) -> datetime:
    """Noon of a day in the time zone: the moment given to an --as-of date."""
    return datetime.combine(day, time(12, 0), zone(timezone))


def today(timezone: str) -> date:
    """Today's date in the time zone: the one wall-clock read in svcstd."""
    return datetime.now(zone(timezone)).date()
