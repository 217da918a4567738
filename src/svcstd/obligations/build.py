"""One obligations feed from a workspace: the window, the stamp, the filter and the text."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from msgspec import Struct

from svcstd.clock import noon
from svcstd.errors import UsageError
from svcstd.model import Organisation
from svcstd.obligations.collect import collect, select
from svcstd.obligations.ics import Feed, feed_text
from svcstd.suggest import did_you_mean

MAX_YEARS = 10  # a feed is for subscribing, not for archiving a century of deadlines


class FeedRequest(Struct, frozen=True):
    """What to put in a feed: whose obligations, between which days, as of which day."""

    built: date | None  # the build's date (--as-of, SOURCE_DATE_EPOCH or commit): DTSTAMP
    start: date | None = None  # default: 1 January of the build's year
    end: date | None = None  # default: 31 December of the following year
    team: str | None = None
    role: str | None = None
    next_edition: date | None = None


def window(request: FeedRequest, built: date) -> tuple[date, date]:
    """The feed's first and last day (inclusive), checked."""
    start = request.start or date(built.year, 1, 1)
    end = request.end or date(start.year + 1, 12, 31)
    if end < start:
        raise UsageError(f"--to {end} is before --from {start}", "give --to a later date")
    if end.year - start.year >= MAX_YEARS:
        raise UsageError(
            f"the window {start} to {end} spans more than {MAX_YEARS} years",
            "subscribers re-read the feed; a year or two ahead is enough",
        )
    return start, end


def obligations_feed(org: Organisation, request: FeedRequest) -> str:
    """The iCalendar text of the obligations the request selects."""
    _check_ids(org, request)
    built = request.built or date(1970, 1, 1)  # the command always gives the build's date
    start, end = window(request, built)
    chosen = select(collect(org, request.next_edition), org, request.team, request.role)
    whose = request.team or request.role
    title = f"{org.config.organisation}: obligations" + (f" of {whose}" if whose else "")
    stamp = noon(built, org.config.timezone)
    return feed_text(
        chosen, Feed(org.config.organisation, title, start, end, stamp, org.config.timezone)
    )


def _check_ids(org: Organisation, request: FeedRequest) -> None:
    for option, value, known in (
        ("--team", request.team, org.teams),
        ("--role", request.role, org.roles),
    ):
        if value is not None and value not in known:
            raise UsageError(
                f"{option} {value!r} is not a {option[2:]} of this organisation",
                did_you_mean(value, sorted(known)) or f"see svcstd whois {option[2:]}s",
            )


def write_team_feeds(org: Organisation, folder: Path, built: date) -> list[Path]:
    """One feed per team, <folder>/<team>.ics, for an edition published on built."""
    from svcstd.edition.schedule import next_edition_due
    from svcstd.writer import ensure_folder, write_files

    ensure_folder(folder, "check the permissions of publication.output")
    following = next_edition_due(built, org.config)
    files = [
        (
            folder / f"{team}.ics",
            obligations_feed(
                org, FeedRequest(built=built, team=team, next_edition=following)
            ).encode("utf-8"),
        )
        for team in sorted(org.teams)
    ]
    write_files(files, "check the permissions of publication.output")
    return [path for path, _ in files]
