"""``svcstd export``: the organisation in the formats other systems read (Backstage, CODEOWNERS)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from svcstd.commands._common import PathOption
from svcstd.errors import EXIT_FINDINGS, EXIT_OK

ORDER = 85
TARGETS = ("backstage", "codeowners")


def command(
    target: Annotated[
        str,
        typer.Argument(
            metavar="TARGET",
            help="backstage: Group, User and Component entities (catalog-info.yaml). "
            "codeowners: a CODEOWNERS file for GitHub.",
        ),
    ],
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            "-o",
            help="backstage: the folder that receives catalog-info.yaml; "
            "codeowners: the file to write (e.g. .github/CODEOWNERS). Default: print.",
        ),
    ] = None,
    path: PathOption = Path("."),
) -> None:
    """Export the organisation for Backstage's catalog or GitHub's CODEOWNERS.

    Exports are regenerated from the standards each time; edit the standards,
    never the export. Documents that fail the schema are left out, with a
    warning. Exit codes: 0 written, 1 a CODEOWNERS line failed its syntax check,
    2 usage or configuration error. See 'svcstd docs integrations'.
    """
    from svcstd.integrations.exporting import EXPORTERS, run_export

    if target not in EXPORTERS:
        from svcstd.errors import UsageError

        raise UsageError(f"unknown export target {target!r}", f"use one of: {', '.join(TARGETS)}")
    ok = run_export(target, path, out)
    raise typer.Exit(EXIT_OK if ok else EXIT_FINDINGS)
