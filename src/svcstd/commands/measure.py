"""``svcstd measure``: are the standards kept? Attainment of every target from ticket exports."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from svcstd.commands._common import PathOption, parse_date
from svcstd.errors import EXIT_FINDINGS, EXIT_OK, UsageError

if TYPE_CHECKING:
    from svcstd.measure.ahead import ReadAhead

ORDER = 45


def command(
    exports: Annotated[
        list[Path],
        typer.Argument(metavar="EXPORT...", help="Ticket exports: CSV or Parquet files."),
    ],
    source: Annotated[
        str | None,
        typer.Option(
            "--source",
            "-s",
            help="How to read the exports: a source in svcstd.yaml "
            "(measure.sources) or a preset: generic, jira, zendesk, freshdesk.",
        ),
    ] = None,
    history: Annotated[
        list[Path] | None,
        typer.Option(
            "--history",
            metavar="FILE",
            help="A status-history export: time in the "
            "source's pause statuses stops the clock. Repeatable.",
        ),
    ] = None,
    start: Annotated[
        str | None,
        typer.Option(
            "--from", metavar="DATE", help="First day of the period (opened on or after)."
        ),
    ] = None,
    stop: Annotated[
        str | None,
        typer.Option("--to", metavar="DATE", help="Last day of the period (opened on or before)."),
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            metavar="DATE",
            help="Judge open requests at the end of this day. "
            "Default: the end of --to, else the export's latest timestamp.",
        ),
    ] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="text, json, csv or md.")] = "text",
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Write the report to this file (atomically).")
    ] = None,
    fail_under: Annotated[
        bool,
        typer.Option(
            "--fail-under", help="Exit 1 when a target with enough requests is under its objective."
        ),
    ] = False,
    min_requests: Annotated[
        int | None,
        typer.Option(
            "--min-requests",
            metavar="N",
            help="Requests a target needs before --fail-under "
            "judges it. Default: measure.min_requests in svcstd.yaml, else 20.",
        ),
    ] = None,
    path: PathOption = Path("."),
) -> None:
    """Measure attainment of every target from ticket exports, on each standard's own calendar.

    Exit codes: 0 done, 1 a target under its objective (with --fail-under), 2 usage or
    configuration error. Data problems in the export are reported as findings, by file,
    row and column, and the rows are left out of the figures.
    """
    raise typer.Exit(
        run(
            exports,
            source,
            history or [],
            _dates(start, stop, as_of),
            fmt,
            out,
            fail_under,
            min_requests,
            path,
        )
    )


def _dates(start: str | None, stop: str | None, as_of: str | None) -> tuple[date | None, ...]:
    return tuple(
        None if v is None else parse_date(v, o)
        for v, o in ((start, "--from"), (stop, "--to"), (as_of, "--as-of"))
    )


def run(
    exports: list[Path],
    source: str | None,
    history: list[Path],
    dates: tuple[date | None, ...],
    fmt: str,
    out: Path | None,
    fail_under: bool,
    min_requests: int | None,
    path: Path,
) -> int:
    """Measure, write the report, return the exit code."""
    from svcstd.measure.report import FORMATS

    if fmt not in FORMATS:
        raise UsageError(f"unknown format {fmt!r}", f"use one of: {', '.join(FORMATS)}")
    start, stop, as_of = dates
    if start and stop and stop < start:
        raise UsageError(f"--to {stop} is before --from {start}", "swap the two dates")
    if min_requests is not None and min_requests < 0:
        raise UsageError("--min-requests must be 0 or more")
    # The generic layout needs nothing of svcstd.yaml: its read starts before anything else
    # is imported or loaded, and all that follows overlaps it (svcstd.measure.ahead).
    ahead = _read_ahead(exports, source, {}) if source is None else None
    try:
        from svcstd.measure.model import load_model
        from svcstd.repository import find_root

        root = find_root(path)
        # The organisation as measure needs it, from .svcstd-cache when the files are unchanged.
        model = load_model(root)
        if source is not None:
            ahead = _read_ahead(exports, source, model.settings)
        from svcstd.measure.run import Request, measure

        request = Request(
            exports, source, history, start, stop, as_of, min_requests, cache_root=root, ahead=ahead
        )
        report = measure(model, request)
    finally:
        if ahead is not None:
            ahead.close()
    text = FORMATS[fmt](report)
    if out is None:
        typer.echo(text, nl=False)
    else:
        _write(out, text)
    return EXIT_FINDINGS if fail_under and report["under_objective"] else EXIT_OK


def _read_ahead(exports: list[Path], source: str | None, settings: Any) -> ReadAhead | None:
    """Start reading the first export as measure will ask for it (svcstd.measure.ahead).
    An unknown source starts nothing: measure reports it."""
    from svcstd.errors import SvcstdError
    from svcstd.measure.ahead import ReadAhead
    from svcstd.measure.sources import find_source

    try:
        found = find_source(source, settings)
    except SvcstdError:
        return None
    return ReadAhead.start(exports, found)


def _write(out: Path, text: str) -> None:
    """Write the report through the one writer: atomic for a file, in place for a device or
    a pipe, refused for a link or a folder (docs/outputs.md)."""
    from svcstd.writer import write_text

    write_text(out, text, "choose another --out")
