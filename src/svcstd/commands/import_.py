"""``svcstd import``: propose changes to the standards from an HR export or a Backstage catalog."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from svcstd.commands._common import PathOption
from svcstd.errors import EXIT_OK

NAME = "import"
ORDER = 84


def command(
    source_kind: Annotated[
        str,
        typer.Argument(
            metavar="KIND",
            help="people: an HR export (CSV). backstage: a Backstage catalog file or folder.",
        ),
    ],
    file: Annotated[Path, typer.Argument(metavar="FILE", help="The export to read.")],
    source: Annotated[
        str | None,
        typer.Option(
            "--source",
            metavar="NAME",
            help="people: the export format named under integrations.people.sources in "
            "svcstd.yaml. Default: the generic format (svcstd docs hr-import).",
        ),
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            metavar="DATE",
            help="people: who counts as employed on this day (YYYY-MM-DD). "
            "Default: today in the configuration's time zone.",
        ),
    ] = None,
    format: Annotated[
        str, typer.Option("--format", "-f", metavar="text|json", help="How to print the plan.")
    ] = "text",
    write: Annotated[
        bool,
        typer.Option(
            "--write",
            help="Apply the plan's holder changes as minimal YAML edits. Without it, nothing "
            "is written (a dry run). Lines marked 'review' are never applied.",
        ),
    ] = False,
    path: PathOption = Path("."),
) -> None:
    """Compare an HR export or a Backstage catalog with the standards and propose changes.

    By default this is a dry run that prints a plan to review: new holders,
    holders who left or moved, engagements that end, and — for a person to
    decide — people with no role and managers that contradict 'reports_to'.
    --write applies the holder changes, keeping comments and the layout of
    every untouched line. Exit codes: 0 done, 2 usage or configuration error.
    """
    from svcstd.integrations.importing import run_import

    typer.echo(run_import(source_kind, file, path, source, as_of, format, write), nl=False)
    raise typer.Exit(EXIT_OK)
