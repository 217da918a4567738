"""``svcstd feedback``: internal-customer survey results in, and the provider x customer matrix."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from svcstd.commands._common import PathOption, error_boundary
from svcstd.errors import EXIT_FINDINGS, EXIT_OK

ORDER = 68

group = typer.Typer(
    help="Internal-customer feedback: import survey results, see the score matrix. "
    "See 'svcstd docs feedback'.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)


@group.command("import")
@error_boundary
def import_command(
    files: Annotated[
        list[Path], typer.Argument(metavar="FILE...", help="Survey exports (CSV) to count.")
    ],
    source: Annotated[
        str | None,
        typer.Option(
            "--source",
            metavar="NAME",
            help="The export format: a name under feedback.sources in svcstd.yaml, or "
            "google-forms, microsoft-forms, generic (default).",
        ),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Count and report, but write no file.")
    ] = False,
    path: PathOption = Path("."),
) -> None:
    """Count survey answers into feedback/<standard>/<period>.yaml, one file per period.

    Only the mapped columns are read: respondents' names and e-mail addresses
    are never copied, and comments are kept only with feedback.keep_comments.
    Importing the same export again writes the same files. A row that cannot be
    counted is reported as FILE:ROW: COLUMN: why. Exit codes: 0 every row
    counted, 1 some rows were not (the rest is written), 2 usage error.
    """
    from svcstd.feedback.commands import run_import

    ok = run_import(files, source, dry_run, path)
    raise typer.Exit(EXIT_OK if ok else EXIT_FINDINGS)


@group.command("matrix")
@error_boundary
def matrix_command(
    format: Annotated[
        str, typer.Option("--format", "-f", metavar="text|json", help="How to print the matrix.")
    ] = "text",
    path: PathOption = Path("."),
) -> None:
    """The provider x customer-team score matrix of each pair's latest feedback period.

    Each cell is the mean score (1-5) the customer team gave the provider team,
    or 'too few' when fewer than feedback.min_responses answered (default 5).
    """
    from svcstd.feedback.commands import run_matrix

    typer.echo(run_matrix(format, path), nl=False)
    raise typer.Exit(EXIT_OK)
