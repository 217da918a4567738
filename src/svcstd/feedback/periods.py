"""Feedback periods: which period an answer belongs to, from the standard's feedback cadence."""

from __future__ import annotations

import calendar
from datetime import date

from msgspec import Struct

from svcstd.durations import Cadence

PERIOD_MONTHS = {1: "month", 3: "quarter", 6: "half", 12: "year"}


class Period(Struct, frozen=True, order=True):
    """A named span of whole months: 2026, 2026-H2, 2026-Q4 or 2026-11."""

    start: date
    end: date
    name: str

    @property
    def slug(self) -> str:
        """The name as it appears in ids and file names (lower case)."""
        return self.name.lower()


def period_of(day: date, cadence: Cadence | None) -> Period:
    """The period holding ``day``: as long as the cadence when it is 1, 3, 6 or 12 months,
    else a calendar month (weekly surveys are still reported month by month)."""
    months = cadence.months if cadence else None
    size = months if months in PERIOD_MONTHS else 1
    first = (day.month - 1) // size * size + 1
    last = first + size - 1
    start = date(day.year, first, 1)
    end = date(day.year, last, calendar.monthrange(day.year, last)[1])
    return Period(start, end, _name(day.year, first, size))


def _name(year: int, first_month: int, size: int) -> str:
    if size == 12:
        return f"{year}"
    if size == 6:
        return f"{year}-H{(first_month - 1) // 6 + 1}"
    if size == 3:
        return f"{year}-Q{(first_month - 1) // 3 + 1}"
    return f"{year}-{first_month:02d}"


def parse_period(text: str) -> Period:
    """A period written as in a feedback file (2026, 2026-H2, 2026-Q4, 2026-11)."""
    year, _, part = text.partition("-")
    if not year.isdigit() or len(year) != 4:
        raise ValueError(f"{text!r} is not a period (examples: 2026, 2026-H2, 2026-Q4, 2026-11)")
    y = int(year)
    if not part:
        return period_of(date(y, 1, 1), Cadence(1, "year", "yearly"))
    kind, number = part[0], part[1:]
    sizes = {"H": (6, 2), "Q": (3, 4)}
    if kind in sizes and number.isdigit() and 1 <= int(number) <= sizes[kind][1]:
        size = sizes[kind][0]
        return period_of(date(y, (int(number) - 1) * size + 1, 1), Cadence(size, "month", ""))
    if part.isdigit() and 1 <= int(part) <= 12:
        return period_of(date(y, int(part), 1), Cadence(1, "month", "monthly"))
    raise ValueError(f"{text!r} is not a period (examples: 2026, 2026-H2, 2026-Q4, 2026-11)")
