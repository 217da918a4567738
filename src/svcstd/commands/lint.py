"""``svcstd lint``: run the lint pipeline and report with the chosen reporter."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from svcstd.commands._common import parse_date, use_color
from svcstd.errors import EXIT_FINDINGS, EXIT_OK, UsageError

ORDER = 20


def command(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="The standards folder (the one holding svcstd.yaml) or a folder "
                       "inside it. Default: the current folder, or ./standards."),  # fmt: skip
    ] = None,
    format: Annotated[str, typer.Option("--format", "-f", help="Output format: text or json.")] = "text",
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", metavar="DATE", help="Judge review dates as of this day "
                     "(YYYY-MM-DD). Default: today."),  # fmt: skip
    ] = None,
) -> None:
    """Check the standards against the schemas and the cross-document rules.

    Exit codes: 0 no findings, 1 findings, 2 usage or configuration error.
    """
    raise typer.Exit(run_lint(paths or [Path(".")], format, parse_date(as_of), use_color()))


def run_lint(paths: list[Path], fmt: str, as_of: date, color: bool) -> int:
    """Lint the repository holding the first path and report; return the exit code."""
    from svcstd.lint.engine import lint_path
    from svcstd.lint.reporters import REPORTERS
    from svcstd.suggest import did_you_mean

    reporter = REPORTERS.get(fmt)
    if reporter is None:
        hint = did_you_mean(fmt, REPORTERS) or f"use one of: {', '.join(REPORTERS)}"
        raise UsageError(f"unknown format {fmt!r}", hint)
    report = lint_path(paths[0], as_of)
    reporter(report, sys.stdout, color)
    return EXIT_FINDINGS if report.findings else EXIT_OK
