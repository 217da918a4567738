"""``svcstd diff [A] [B]``: what changed in the meaning of the standards."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from svcstd.commands._common import PathOption, use_color
from svcstd.errors import EXIT_FINDINGS, EXIT_OK, UsageError

ORDER = 40


def command(
    a: Annotated[
        str | None,
        typer.Argument(
            help="Before: a git revision (tag, branch, commit) or a "
            "folder. Default: the latest edition tag, else HEAD."
        ),
    ] = None,
    b: Annotated[
        str | None,
        typer.Argument(help="After: a git revision or a folder. Default: the working tree."),
    ] = None,
    format: Annotated[
        str, typer.Option("--format", "-f", help="Output format: text, markdown or json.")
    ] = "text",
    path: PathOption = Path("."),
) -> None:
    """Show what changed in the meaning of the standards between two revisions or folders.

    Documents are matched by id and list items by their ids, so moving a file,
    reordering or reformatting shows no change. Exit codes: 0 no change,
    1 changes, 2 error.
    """
    raise typer.Exit(run(a, b, format, path))


def run(a: str | None, b: str | None, fmt: str, path: Path) -> int:
    """Diff and report; return the exit code."""
    from svcstd.diff.report import REPORTERS
    from svcstd.diff.select import run_diff
    from svcstd.suggest import did_you_mean

    reporter = REPORTERS.get(fmt)
    if reporter is None:
        hint = did_you_mean(fmt, REPORTERS) or f"use one of: {', '.join(REPORTERS)}"
        raise UsageError(f"unknown format {fmt!r}", hint)
    result = run_diff(a, b, path)
    reporter(result, sys.stdout, use_color())
    return EXIT_FINDINGS if result.changes else EXIT_OK
