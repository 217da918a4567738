"""Holidays and working days of a business calendar.

A calendar's ``holidays`` in svcstd.yaml is either a list of dates or a mapping
naming a country (and optionally a subdivision) whose public holidays come from
the maintained ``holidays`` package, with ``extra`` dates added and ``remove``
dates taken out (docs/format.md). The package is imported only when a holiday
is first asked about, and each year is resolved once.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from functools import partial

from msgspec import Struct, field

from svcstd.errors import ConfigError

WEEK = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
# The holidays package's category of public holidays; others (such as Indonesia's
# "government", its collective leave days) are added only when a calendar asks.
DEFAULT_CATEGORIES = ("public",)


class HolidaySource(Struct, frozen=True):
    """Where library holidays come from: a country, its subdivision and the years allowed."""

    country: str
    subdivision: str | None
    years: tuple[int, ...] | None  # None: every year the package knows
    categories: tuple[str, ...]
    where: str  # "svcstd.yaml:17: calendars.office.holidays", for messages


class HolidaySet(Struct):
    """A calendar's holidays: explicit dates, library dates for a country, minus removals.

    ``day in holidays`` accepts a date or an ISO date string, so code written for
    the plain list of dates keeps working.
    """

    extra: frozenset[date] = frozenset()
    remove: frozenset[date] = frozenset()
    source: HolidaySource | None = None
    declared: bool = False  # the calendar has a holidays field at all
    _years: dict[int, frozenset[date]] = field(default_factory=dict)  # in_year's results

    @classmethod
    def of(cls, days: list[str]) -> HolidaySet:
        """A set of explicit dates, as the list form of svcstd.yaml writes them."""
        return cls(extra=frozenset(date.fromisoformat(d) for d in days), declared=True)

    def __contains__(self, day: object) -> bool:
        if isinstance(day, str):
            try:
                day = date.fromisoformat(day)
            except ValueError:
                return False
        return isinstance(day, date) and day in self.in_year(day.year)

    def in_year(self, year: int) -> frozenset[date]:
        """Every holiday falling in a year, resolved once."""
        if year not in self._years:
            found = {d for d in self.extra if d.year == year} | self._library(year)
            self._years[year] = frozenset(found - self.remove)
        return self._years[year]

    @property
    def from_library(self) -> bool:
        """True when some days come from the holidays package (known for any year)."""
        return self.source is not None

    def explicit(self) -> frozenset[date]:
        """The dates written in svcstd.yaml (the list form, or a mapping's extra)."""
        return frozenset(self.extra - self.remove)

    def within(self, years: range) -> frozenset[date]:
        """Every holiday of the given years."""
        return frozenset(d for year in years for d in self.in_year(year))

    def names(self, year: int) -> dict[date, str]:
        """The library's name of each holiday in a year ('' for an explicit extra date)."""
        named = dict.fromkeys(sorted(self.in_year(year)), "")
        if self.source is not None and self._covers(year):
            for day, name in _library_days(self.source, year).items():
                if day in named:
                    named[day] = name
        return named

    def _covers(self, year: int) -> bool:
        assert self.source is not None
        return self.source.years is None or year in self.source.years

    def _library(self, year: int) -> set[date]:
        if self.source is None or not self._covers(year):
            return set()
        return set(_library_days(self.source, year))


def _library_days(source: HolidaySource, year: int) -> dict[date, str]:
    """The holidays package's days off for one year of a country (and subdivision)."""
    import holidays  # imported here: only calendars in the mapping form need it

    try:
        found = holidays.country_holidays(
            source.country,
            subdiv=source.subdivision,
            years=year,
            categories=source.categories,
        )
    except (NotImplementedError, ValueError) as exc:  # the package's own words say what
        raise ConfigError(
            f"{source.where}: {exc}",
            "use an ISO 3166 country code such as ID and its subdivision codes; list them with "
            "python -c 'import holidays; print(holidays.list_supported_countries())'",
        ) from None
    return {day: str(name) for day, name in found.items()}


def is_working_day(day: date, days: list[str], holidays: HolidaySet) -> bool:
    """True when a day is one of the calendar's weekdays and not a holiday."""
    return WEEK[day.weekday()] in days and day not in holidays


def working_day_on_or_before(day: date, days: list[str], holidays: HolidaySet) -> date:
    """day itself when it is a working day, else the last working day before it."""
    return _first_working(day, partial(is_working_day, days=days, holidays=holidays), -1)


def working_day_on_or_after(day: date, working: Callable[[date], bool]) -> date:
    """day itself when ``working(day)``, else the first such day after it. ``working`` is
    any working-day test: a calendar's days and holidays, or svcstd measure's cached ones."""
    return _first_working(day, working, 1)


def _first_working(day: date, working: Callable[[date], bool], step: int) -> date:
    for _ in range(366):  # a calendar has a working day within a year, or none at all
        if working(day):
            return day
        day += timedelta(days=step)
    return day
