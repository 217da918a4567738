"""Library holidays for measure, kept between runs in ``.svcstd-cache/measure-holidays.json``.

The holidays package loads every country it knows when first asked (about a fifth of a
second), more than measuring ten thousand tickets takes. The days of a calendar's year
are stored once resolved, keyed by everything that decides them (country, subdivision,
categories, allowed years, extra and removed dates), in a cache file whose key includes
svcstd's code and the installed holidays package (svcstd.cachefile.code_salt), so a new
package version or a changed calendar is never answered from an old file.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from svcstd.cachefile import cache_path, code_salt, read_json, write_json
from svcstd.workdays import HolidaySet

NAME = "measure-holidays.json"


def _identity(holidays: HolidaySet) -> str:
    """Everything that decides a calendar's holidays in a year, as one string."""
    s = holidays.source
    parts: dict[str, Any] = {
        "source": None if s is None else [s.country, s.subdivision, s.years, s.categories],
        "extra": sorted(d.isoformat() for d in holidays.extra),
        "remove": sorted(d.isoformat() for d in holidays.remove),
    }
    return json.dumps(parts, sort_keys=True)


class HolidayCache:
    """Resolved holiday years of every calendar, read once and written back when it grew."""

    def __init__(self, root: Path | None) -> None:
        self.path = cache_path(root, NAME) if root is not None else None
        self.key = code_salt() if root is not None else ""
        found = read_json(self.path, self.key) if self.path is not None else None
        self.days: dict[str, list[str]] = found if isinstance(found, dict) else {}
        self.grew = False

    def year(self, holidays: HolidaySet, year: int) -> frozenset[date]:
        """The calendar's holidays in one year, from the file when it has them."""
        entry = f"{_identity(holidays)}|{year}"
        stored = self.days.get(entry)
        if isinstance(stored, list):
            return frozenset(date.fromisoformat(d) for d in stored)
        found = holidays.in_year(year)
        self.days[entry] = sorted(d.isoformat() for d in found)
        self.grew = True
        return found

    def save(self) -> None:
        """Write the file back atomically when new years were resolved (no folder: no cache)."""
        if self.grew and self.path is not None:
            write_json(self.path, self.key, self.days)


class CachedHolidays:
    """One calendar's holidays, year by year through the cache."""

    def __init__(self, holidays: HolidaySet, cache: HolidayCache) -> None:
        self.holidays, self.cache = holidays, cache
        self._years: dict[int, frozenset[date]] = {}

    def in_year(self, year: int) -> frozenset[date]:
        """Every holiday falling in a year."""
        if year not in self._years:
            self._years[year] = self.cache.year(self.holidays, year)
        return self._years[year]
