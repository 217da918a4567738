"""``svcstd calendar``: the obligations calendar, an iCalendar feed to subscribe to."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from svcstd.commands._common import PathOption, parse_date
from svcstd.errors import EXIT_OK

if TYPE_CHECKING:
    from svcstd.obligations.build import FeedRequest

ORDER = 55


def command(
    out: Annotated[
        Path,
        typer.Option("--out", "-o", metavar="FILE.ics", help="The iCalendar file to write."),
    ],
    team: Annotated[
        str | None,
        typer.Option("--team", metavar="TEAM", help="Only what this team acts on."),
    ] = None,
    role: Annotated[
        str | None,
        typer.Option(
            "--role",
            metavar="ROLE",
            help="Only what this role owns or reviews, and the commitments of the team it leads.",
        ),
    ] = None,
    start: Annotated[
        str | None,
        typer.Option(
            "--from",
            metavar="DATE",
            help="First day of the feed (YYYY-MM-DD). Default: 1 January of the build's year.",
        ),
    ] = None,
    end: Annotated[
        str | None,
        typer.Option(
            "--to",
            metavar="DATE",
            help="Last day of the feed (YYYY-MM-DD). Default: 31 December of the next year.",
        ),
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            metavar="DATE",
            help="The build's date, stamped on every event (YYYY-MM-DD). Default: "
            "SOURCE_DATE_EPOCH, else the date of the last commit, else the newest date "
            "in the data; never today's date.",
        ),
    ] = None,
    path: PathOption = Path("."),
) -> None:
    """Write the obligations calendar: recurring deadlines, commitments, reviews, the next edition.

    Deadlines that fall on a weekend or holiday of the standard's calendar move
    to the working day before. Re-importing the file updates the events (stable
    UIDs). See svcstd docs calendar. Exit codes: 0 written, 2 usage error.
    """
    from svcstd.obligations.build import FeedRequest

    request = FeedRequest(
        built=parse_date(as_of) if as_of else None,
        start=parse_date(start, "--from") if start else None,
        end=parse_date(end, "--to") if end else None,
        team=team,
        role=role,
    )
    raise typer.Exit(run(request, out, path))


def run(request: FeedRequest, out: Path, path: Path) -> int:
    """Write the feed to out; return the exit code."""
    from msgspec.structs import replace

    from svcstd.edition.workspace import open_workspace
    from svcstd.obligations.build import obligations_feed
    from svcstd.obligations.edition import build_date, next_edition
    from svcstd.writer import write_text

    ws = open_workspace(path)
    built = build_date(ws, request.built)
    request = replace(request, built=built, next_edition=next_edition(ws))
    write_text(out, obligations_feed(ws.org, request))
    typer.echo(str(out))
    return EXIT_OK
