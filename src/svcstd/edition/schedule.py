"""Dates of the edition cycle: adding a cadence to a date, working days, the next edition."""

from __future__ import annotations

from datetime import date, timedelta

from svcstd.durations import Cadence, DateOutOfRange, add_cadence, parse_cadence
from svcstd.errors import ConfigError
from svcstd.model import Calendar, Config

__all__ = ["add_cadence", "first_working_day", "next_edition_due", "publication_cadence"]

_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DEFAULT_CADENCE = "monthly"


def first_working_day(day: date, cal: Calendar | None) -> date:
    """day itself, or the first working day after it on the calendar."""
    if cal is None:
        return day
    for _ in range(31):  # a calendar always has a working day within a month
        if _WEEKDAYS[day.weekday()] in cal.days and day not in cal.holidays:
            return day
        day += timedelta(days=1)
    return day


def publication_cadence(config: Config) -> Cadence:
    """publication.cadence from the configuration (default: monthly)."""
    return parse_cadence(str(config.publication.get("cadence", DEFAULT_CADENCE)))


def next_edition_due(last: date | None, config: Config) -> date | None:
    """When the next edition is due: None before the first edition (due now).

    Month-based cadences fall on the first working day of the next period
    (monthly: the first working day of the next month); day and week cadences
    count from the last edition.
    """
    if last is None:
        return None
    cadence = publication_cadence(config)
    try:
        due = add_cadence(last, cadence)
    except DateOutOfRange as exc:  # only a hand-made edition tag dated near year 9999
        raise ConfigError(
            f"cannot tell when the next edition is due: {exc}",
            "check the date of the last edition tag and publication.cadence in svcstd.yaml",
        ) from None
    if cadence.months is not None:
        due = due.replace(day=1)
    return first_working_day(due, config.calendar(None))
