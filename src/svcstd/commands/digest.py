"""``svcstd digest``: per internal-customer team, a restatement of what they can expect."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from svcstd.commands._common import LangOption, PathOption
from svcstd.errors import EXIT_OK, UsageError
from svcstd.i18n import check_language

ORDER = 70
DEFAULT_SENDER = "Service standards <service-standards@localhost>"


def command(
    team: Annotated[
        str | None,
        typer.Option(
            "--team", "-t", help="Only this team (its id). Default: every internal-customer team."
        ),
    ] = None,
    format: Annotated[
        str,
        typer.Option("--format", "-f", help="md (Markdown) or eml (an email message per team)."),
    ] = "md",
    out: Annotated[
        Path | None,
        typer.Option(
            "--out", "-o", help="Write one file per team into this folder. Default: print."
        ),
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            metavar="DATE",
            help="The date the digest is written for. Default: HEAD's commit date.",
        ),
    ] = None,
    sender: Annotated[
        str, typer.Option("--from", help="The From address of eml messages.")
    ] = DEFAULT_SENDER,
    lang: LangOption = None,
    path: PathOption = Path("."),
) -> None:
    """For each internal-customer team: what changed for them first, then the standards
    serving them (targets, channels, escalation) and what they commit to in return.
    """
    raise typer.Exit(run(team, format, out, as_of, sender, path, lang))


def run(
    team: str | None,
    fmt: str,
    out: Path | None,
    as_of_text: str | None,
    sender: str,
    path: Path,
    lang: str | None = None,
) -> int:
    """Build the digests and print or write them; return the exit code."""
    from svcstd.commands._common import parse_date
    from svcstd.edition.digest import FORMATS, build_digests, prepare, write_digests
    from svcstd.edition.workspace import local_date, open_workspace

    if lang is not None:
        check_language(lang)
    if fmt not in FORMATS:
        raise UsageError(f"unknown format {fmt!r}", f"use one of: {', '.join(FORMATS)}")
    ws = open_workspace(path)
    digest_run = prepare(ws, parse_date(as_of_text) if as_of_text else None)
    as_of = local_date(digest_run.when, ws.config)
    digests = build_digests(ws.org, digest_run.diff, team, as_of, lang)
    if out is not None:
        for written in write_digests(ws, digest_run, digests, fmt, out, sender):
            typer.echo(f"wrote {written}")
        return EXIT_OK
    if fmt == "eml" and len(digests) != 1:
        raise UsageError(
            "eml prints one message at a time", "give --team TEAM, or --out DIR for all"
        )
    render = FORMATS[fmt][1]
    parts = [render(d, ws.org, digest_run.edition, digest_run.when, sender) for d in digests]
    sys.stdout.buffer.write(b"\n---\n\n".join(parts))
    sys.stdout.flush()
    return EXIT_OK
