"""The obligations as an RFC 5545 iCalendar feed, written with the icalendar package.

Each recurring deadline is one event with a recurrence rule bounded by the
window (UNTIL), minus the days moved off holidays and weekends (EXDATE), plus
the days they moved to (RDATE): one series per obligation, so a calendar
application shows exactly the real days and a later feed updates the series
(same UID) instead of adding a second one. Reviews and the next edition are
single events. DTSTAMP is the build date (commit or --as-of), never the clock.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from msgspec import Struct

from svcstd.clock import zone
from svcstd.obligations.collect import Obligation
from svcstd.obligations.occurrences import Placed, WorkWeek, place

if TYPE_CHECKING:
    from icalendar import Calendar as ICalendar
    from icalendar import Event

PRODID = "-//svcstd//obligations calendar//EN"


class Feed(Struct, frozen=True):
    """What a feed is made of: whose it is, its window, its stamp and time zone."""

    organisation: str
    title: str
    start: date
    end: date
    stamp: datetime  # DTSTAMP of every event: the build's date, never the wall clock
    timezone: str


def feed_text(obligations: list[Obligation], feed: Feed) -> str:
    """The iCalendar text (CRLF line endings, as RFC 5545 requires)."""
    text: bytes = build_calendar(obligations, feed).to_ical()
    return text.decode("utf-8")


def build_calendar(obligations: list[Obligation], feed: Feed) -> ICalendar:
    """An icalendar Calendar holding one event per obligation with a day in the window."""
    from icalendar import Calendar as ICalendar

    cal = ICalendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", feed.title)
    cal.add("x-wr-timezone", feed.timezone)
    for obligation in obligations:
        event = _event(obligation, feed)
        if event is not None:
            cal.add_component(event)
    cal.add_missing_timezones()  # a VTIMEZONE for each TZID used by a timed deadline
    return cal


def uid(obligation: Obligation, organisation: str) -> str:
    """A stable UID: the obligation's key in the organisation, the same in every run."""
    domain = re.sub(r"[^a-z0-9]+", "-", organisation.lower()).strip("-") or "svcstd"
    return f"{obligation.key.replace('/', '.')}@{domain}.svcstd"


def _event(o: Obligation, feed: Feed) -> Event | None:
    from icalendar import Event

    event = Event()
    event.add("uid", uid(o, feed.organisation))
    event.add("dtstamp", feed.stamp)
    event.add("summary", o.summary)
    event.add("description", o.description)
    event.add("transp", "TRANSPARENT")  # a deadline does not make anyone busy
    _people(event, o)
    if o.deadline is not None:
        placed = place(o.deadline, WorkWeek.of(o.calendar), feed.start, feed.end)
        return event if _recurring(event, placed, feed) else None
    if o.on is None or not feed.start <= o.on <= feed.end:
        return None
    event.add("dtstart", o.on)
    return event


def _people(event: Event, o: Obligation) -> None:
    from icalendar import vCalAddress

    if o.standard is not None:
        event.add("x-svcstd-standard", o.standard.id)
        event.add("x-svcstd-owner", o.standard.owner_id)
        event.add("categories", [o.standard.provider_id])
    owner = o.owner
    if owner is not None and owner.holders:
        organizer = vCalAddress(f"mailto:{owner.holders[0].email}")
        organizer.params["cn"] = owner.title
        event.add("organizer", organizer)


def _recurring(event: Event, placed: Placed, feed: Feed) -> bool:
    """Fill the rule, exclusions and additions; False when nothing falls in the window."""
    if not placed.days:
        return False
    first = placed.anchors[0]
    event.add("dtstart", _moment(first, placed.at, feed))
    rule = f"{placed.rule};UNTIL={_until(feed, placed.at)}"
    event.add("rrule", _recur(rule))
    anchors, days = set(placed.anchors), set(placed.days)
    for day in sorted(anchors - days):
        event.add("exdate", _moment(day, placed.at, feed))
    for day in sorted(days - anchors):
        event.add("rdate", _moment(day, placed.at, feed))
    return True


def _moment(day: date, at: time | None, feed: Feed) -> date | datetime:
    # No time of day: an all-day event on the day (the deadline is its end).
    return day if at is None else datetime.combine(day, at, zone(feed.timezone))


def _until(feed: Feed, at: time | None) -> str:
    # UNTIL has DTSTART's value type (RFC 5545 3.3.10): a date for all-day events, else
    # a UTC moment, the end of the window's last day in the organisation's time zone.
    from datetime import UTC

    if at is None:
        return feed.end.strftime("%Y%m%d")
    end = datetime.combine(feed.end + timedelta(days=1), time(0), zone(feed.timezone))
    return (end - timedelta(seconds=1)).astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _recur(rule: str) -> object:
    from icalendar import vRecur

    return vRecur.from_ical(rule)
