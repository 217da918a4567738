"""Durations, recurring deadlines and cadences: one written syntax, parsed into quantities.

Written forms (documented in docs/format.md):

* duration: ``30m``, ``4h``, ``1.5h``, ``2d``, ``1w``, ``4 business hours``, ``2 business days``
* deadline: ``daily at 17:00``, ``weekly on friday``, ``monthly on day 25``,
  ``monthly on the last day``, ``monthly on working day 3``, ``monthly on the last working day``
  (each optionally followed by ``at HH:MM``)
* cadence: ``daily``, ``weekly``, ``monthly``, ``quarterly``, ``yearly``, ``every 6 months``
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta
from functools import lru_cache

from msgspec import Struct

from svcstd.records import KeyedOrder

_MINUTES = {"m": 1, "h": 60, "d": 24 * 60, "w": 7 * 24 * 60}
# Every spelling of a unit -> its one-letter key; render's wording reads it too.
UNIT_ALIASES = {
    "m": "m",
    "min": "m",
    "mins": "m",
    "minute": "m",
    "minutes": "m",
    "h": "h",
    "hr": "h",
    "hrs": "h",
    "hour": "h",
    "hours": "h",
    "d": "d",
    "day": "d",
    "days": "d",
    "w": "w",
    "week": "w",
    "weeks": "w",
}

DURATION_RE = re.compile(r"^(?P<n>\d+(?:\.\d+)?) ?(?P<business>business )?(?P<unit>[a-z]+)$")
DURATION_EXAMPLES = "30m, 4h, 2d, 4 business hours, 2 business days"
DEADLINE_EXAMPLES = "monthly on day 25, weekly on friday, monthly on the last working day"
CADENCE_EXAMPLES = "monthly, quarterly, yearly, every 6 months"

# The dates and cadences svcstd accepts (schemas/common.schema.json says the same).
# With both bounded, a date plus any cadence stays far inside what Python can
# represent (year 9999), so no written value can make a date computation overflow.
FIRST_DATE = date(1900, 1, 1)
LAST_DATE = date(2999, 12, 31)
MAX_CADENCE_COUNT = 999

# Fallbacks when no calendar is configured: an 8-hour working day, 5 days a week.
DEFAULT_HOURS_PER_DAY = 8.0
DEFAULT_WORKING_HOURS_PER_WEEK = 40.0


class Duration(KeyedOrder, Struct, frozen=True):
    """A length of time: elapsed minutes, or business minutes counted on a calendar.

    Durations compare, sort and hash by their elapsed minutes: ``1h`` equals ``60m``.
    """

    minutes: float
    business: bool
    text: str

    def elapsed_minutes(
        self, working_hours_per_week: float = DEFAULT_WORKING_HOURS_PER_WEEK
    ) -> float:
        """Expected elapsed (wall-clock) minutes; business time is spread over the week."""
        if not self.business:
            return self.minutes
        return self.minutes * (7 * 24) / working_hours_per_week

    def _key(self) -> float:
        return self.elapsed_minutes()

    def __str__(self) -> str:
        return self.text


# Ten thousand documents write a few dozen distinct durations; Duration is frozen.
@lru_cache(maxsize=4096)
def parse_duration(text: str, hours_per_day: float = DEFAULT_HOURS_PER_DAY) -> Duration:
    """Parse a written duration; raise ValueError with the accepted forms."""
    # Case and spacing do not matter, as for deadlines and cadences: "4  Business Hours".
    match = DURATION_RE.match(" ".join(str(text).lower().split()))
    unit = UNIT_ALIASES.get(match["unit"]) if match else None
    if match is None or unit is None:
        raise ValueError(f"{text!r} is not a duration (examples: {DURATION_EXAMPLES})")
    n = float(match["n"])
    business = match["business"] is not None
    if business and unit not in ("h", "d"):
        raise ValueError(
            f"{text!r}: business time is counted in hours or days (examples: {DURATION_EXAMPLES})"
        )
    if business and unit == "d":
        return Duration(n * hours_per_day * 60, True, str(text))
    return Duration(n * _MINUTES[unit], business, str(text))


WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

DEADLINE_RE = re.compile(
    r"^(?P<period>daily|weekly|monthly)"
    r"(?: on (?:(?P<weekday>" + "|".join(WEEKDAYS) + r")"
    r"|day (?P<day>\d{1,2})"
    r"|the last (?P<last_working>working )?day"
    r"|working day (?P<working_day>\d{1,2})))?"
    r"(?: at (?P<time>\d{2}:\d{2}))?$"
)


class Deadline(Struct, frozen=True):
    """A recurring deadline: a point within each day, week or month."""

    period: str  # daily | weekly | monthly
    position: float  # comparable offset inside the period (smaller = earlier)
    text: str

    def is_earlier_than(self, other: Deadline) -> bool:
        """True when both recur on the same period and this one falls first."""
        return self.period == other.period and self.position < other.position

    def __str__(self) -> str:
        return self.text


def _minutes_of(time: str | None, default: int = 24 * 60) -> int:
    if time is None:
        return default  # no time given: the end of that day
    hours, minutes = (int(p) for p in time.split(":"))
    if hours > 24 or minutes > 59 or (hours == 24 and minutes):  # 24:00 is the end of the day
        raise ValueError(f"{time!r} is not a time of day (HH:MM)")
    return hours * 60 + minutes


def parse_deadline(text: str) -> Deadline:
    """Parse a recurring deadline; raise ValueError with the accepted forms."""
    raw = " ".join(str(text).strip().lower().split())
    m = DEADLINE_RE.match(raw)
    if m is None:
        raise ValueError(f"{text!r} is not a recurring deadline (examples: {DEADLINE_EXAMPLES})")
    minutes = _minutes_of(m["time"]) / (24 * 60)
    period = m["period"]
    if period == "weekly":
        if m["weekday"] is None:
            raise ValueError(f"{text!r}: say which day, e.g. 'weekly on friday'")
        return Deadline(period, WEEKDAYS.index(m["weekday"]) + minutes, str(text))
    if period == "daily":
        if m["weekday"] or m["day"] or m["working_day"] or raw.count(" on "):
            raise ValueError(f"{text!r}: a daily deadline takes only a time, e.g. 'daily at 17:00'")
        return Deadline(period, minutes, str(text))
    return Deadline(period, _monthly_position(m, text) + minutes, str(text))


def _monthly_position(m: re.Match[str], text: str) -> float:
    # Working day N is placed by its typical calendar day (about 1.4 calendar days each)
    # so that "working day 3" and "day 5" can still be ordered.
    if m["day"] is not None:
        day = int(m["day"])
        if not 1 <= day <= 31:
            raise ValueError(f"{text!r}: day must be 1 to 31")
        return day - 1
    if m["working_day"] is not None:
        n = int(m["working_day"])
        if not 1 <= n <= 23:
            raise ValueError(f"{text!r}: working day must be 1 to 23")
        return (n - 1) * 7 / 5
    if m["last_working"] is not None:
        return 29.5
    if m.group(0).find("the last day") >= 0:
        return 30
    raise ValueError(f"{text!r}: say which day, e.g. 'monthly on day 25'")


CADENCE_RE = re.compile(
    r"^(?:(?P<word>daily|weekly|monthly|quarterly|yearly|annually)"
    r"|every (?:(?P<n>\d+) )?(?P<unit>days?|weeks?|months?|quarters?|years?))$"
)
_CADENCE_DAYS = {"day": 1, "week": 7, "month": 30.4375, "quarter": 91.3125, "year": 365.25}
_CADENCE_WORDS = {
    "daily": "day",
    "weekly": "week",
    "monthly": "month",
    "quarterly": "quarter",
    "yearly": "year",
    "annually": "year",
}


class Cadence(Struct, frozen=True):
    """How often something recurs: every ``count`` ``unit`` (day, week, month, quarter, year)."""

    count: int
    unit: str
    text: str

    @property
    def months(self) -> int | None:
        """The cadence in whole months, or None for day/week cadences."""
        per = {"month": 1, "quarter": 3, "year": 12}.get(self.unit)
        return None if per is None else per * self.count

    @property
    def approx_days(self) -> float:
        return self.count * _CADENCE_DAYS[self.unit]


def parse_cadence(text: str) -> Cadence:
    """Parse a cadence; raise ValueError with the accepted forms."""
    m = CADENCE_RE.match(" ".join(str(text).strip().lower().split()))
    if m is None:
        raise ValueError(f"{text!r} is not a cadence (examples: {CADENCE_EXAMPLES})")
    if m["word"]:
        return Cadence(1, _CADENCE_WORDS[m["word"]], str(text))
    count = int(m["n"] or 1)
    if not 1 <= count <= MAX_CADENCE_COUNT:
        raise ValueError(f"{text!r}: the count must be 1 to {MAX_CADENCE_COUNT}")
    return Cadence(count, m["unit"].rstrip("s"), str(text))


class DateOutOfRange(ValueError):
    """A date computation would leave the range of dates that can be represented."""


def add_cadence(start: date, cadence: Cadence) -> date:
    """start plus one period of the cadence; month ends are clamped (31 Jan + 1 month = 28 Feb).

    Month-based cadences add calendar months, day and week cadences add days. The one
    place every command adds a cadence to a date: a result past year 9999 raises
    DateOutOfRange (a ValueError) with a message naming both, never OverflowError.
    """
    try:
        months = cadence.months
        if months is None:
            return start + timedelta(days=round(cadence.approx_days))
        year, month = divmod(start.month - 1 + months, 12)
        year, month = start.year + year, month + 1
        return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))
    except (OverflowError, ValueError):
        raise DateOutOfRange(
            f"{start.isoformat()} plus {cadence.text!r} is after the last date svcstd "
            f"can compute ({date.max.isoformat()})"
        ) from None


def check_date_range(day: date, what: str) -> date:
    """day itself, or ValueError when it lies outside FIRST_DATE..LAST_DATE."""
    if not FIRST_DATE <= day <= LAST_DATE:
        raise ValueError(
            f"{what} {day.isoformat()} is outside the dates svcstd accepts "
            f"({FIRST_DATE.isoformat()} to {LAST_DATE.isoformat()})"
        )
    return day
