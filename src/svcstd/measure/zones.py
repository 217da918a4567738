"""Local wall-clock time to UTC for whole arrays, following zoneinfo's rules (fold=0).

A local time inside a daylight-saving gap or overlap is read with the offset in force
before the change, exactly as ``datetime(..., tzinfo=ZoneInfo(tz))`` does, so the engine
and a per-ticket reference built on zoneinfo agree to the second.
"""

from __future__ import annotations

from datetime import UTC, datetime
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import numpy as np
import numpy.typing as npt
from msgspec import Struct

from svcstd.errors import ConfigError

DAY = 86_400
_EPOCH_YEAR = 1970


class OffsetTable(Struct, frozen=True):
    """Offsets of one zone: local times at or past ``thresholds[i-1]`` use ``offsets[i]``."""

    thresholds: npt.NDArray[np.int64]  # local seconds from which the next offset applies
    offsets: npt.NDArray[np.int64]  # seconds east of UTC; one more than thresholds

    def to_utc(self, local: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
        """UTC epoch seconds of local wall-clock epoch seconds."""
        if self.thresholds.size == 0:  # one offset all along (Asia/Jakarta): no lookup
            return np.asarray(local - self.offsets[0], np.int64)
        return local - self.offsets[np.searchsorted(self.thresholds, local, side="right")]

    def to_local(self, utc: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
        """Local wall-clock epoch seconds of UTC epoch seconds."""
        if self.thresholds.size == 0:
            return np.asarray(utc + self.offsets[0], np.int64)
        changes = self.thresholds - np.maximum(self.offsets[:-1], self.offsets[1:])
        return utc + self.offsets[np.searchsorted(changes, utc, side="right")]


def zone(name: str) -> ZoneInfo:
    """The IANA zone, or a ConfigError naming it."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(
            f"unknown time zone {name!r} in svcstd.yaml",
            "write an IANA zone name such as Asia/Jakarta or Europe/Berlin",
        ) from None


def _offset(tz: ZoneInfo, utc_seconds: int) -> int:
    moment = datetime.fromtimestamp(utc_seconds, UTC).astimezone(tz)
    delta = moment.utcoffset()
    return int(delta.total_seconds()) if delta is not None else 0


@lru_cache(maxsize=64)
def offset_table(name: str, first_year: int, last_year: int) -> OffsetTable:
    """The zone's offset changes between two years (inclusive), found to the second.

    The tables a run asks for overlap (each batch and kind of promise spans a few years
    around its timestamps), so each year is scanned once and the tables are joined from
    the years.
    """
    years = range(max(first_year - 1, 1), min(last_year + 1, 9998) + 1)
    offsets = [_year_changes(name, years[0])[0]]
    thresholds: list[int] = []
    for year in years:
        for threshold, after in _year_changes(name, year)[1]:
            thresholds.append(threshold)
            offsets.append(after)
    return OffsetTable(np.array(thresholds, np.int64), np.array(offsets, np.int64))


@lru_cache(maxsize=512)
def _year_changes(name: str, year: int) -> tuple[int, tuple[tuple[int, int], ...]]:
    """The offset at the start of a year (UTC) and each change in it: (threshold, offset)."""
    tz = zone(name)
    start = int(datetime(year, 1, 1, tzinfo=UTC).timestamp())
    stop = int(datetime(year + 1, 1, 1, tzinfo=UTC).timestamp())
    current = first = _offset(tz, start)
    changes = []
    # Zones change offset at most a few times a year: a daily scan, then bisection.
    for day in range(start, stop, DAY):
        after = _offset(tz, day + DAY)
        if after != current:
            low, high = day, day + DAY  # offset(low) is the old one, offset(high) the new
            while high - low > 1:
                mid = (low + high) // 2
                low, high = (mid, high) if _offset(tz, mid) == current else (low, mid)
            changes.append((high + max(current, after), after))
            current = after
    return first, tuple(changes)


def year_of(seconds: int) -> int:
    """The calendar year of an epoch second (for sizing tables)."""
    return int(np.datetime64(int(seconds), "s").astype("datetime64[Y]").astype(int)) + _EPOCH_YEAR
