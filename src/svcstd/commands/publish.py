"""``svcstd publish``: cut an edition (changelog entry, commit, annotated tag); idempotent."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from svcstd.commands._common import PathOption
from svcstd.errors import EXIT_OK

ORDER = 60


def command(
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            metavar="DATE",
            help="The edition's date (YYYY-MM-DD). Default: "
            "the date of the commit being published.",
        ),
    ] = None,
    dry_run: Annotated[
        bool,
        typer.Option("--dry-run", help="Show the edition and its changelog entry; write nothing."),
    ] = False,
    if_due: Annotated[
        bool,
        typer.Option(
            "--if-due",
            help="Publish only when the next edition is "
            "due (publication.cadence); for scheduled jobs.",
        ),
    ] = False,
    handbook: Annotated[
        str,
        typer.Option(
            "--handbook",
            metavar="FORMATS",
            help="Handbook formats rendered into <publication.output>/<edition>/ and committed "
            "with the edition (html, md, pdf), or 'none'. Skipped when publication.output "
            "is not set.",
        ),
    ] = "html,md",
    path: PathOption = Path("."),
) -> None:
    """Cut a new edition: a CHANGELOG.md entry from the semantic diff, committed and tagged.

    The edition is called <tag_prefix><YYYY-MM-DD>. Nothing changed since the
    last edition, or (with --if-due) not due yet: a message and exit 0. A failure
    midway leaves no tag, no commit and no changelog entry.
    """
    raise typer.Exit(run(as_of, dry_run, if_due, handbook, path))


def run(as_of_text: str | None, dry_run: bool, if_due: bool, handbook: str, path: Path) -> int:
    """Plan the edition and publish it unless told not to; return the exit code."""
    from svcstd.commands._common import parse_date
    from svcstd.edition.journal import settle
    from svcstd.edition.publish import handbook_formats, plan_edition, publish
    from svcstd.edition.workspace import open_workspace

    as_of = parse_date(as_of_text) if as_of_text else None
    ws = open_workspace(path)
    if ws.repo is not None:
        settled = settle(ws, dry_run)
        if settled:
            typer.echo(f"svcstd: note: {settled}", err=True)
    outcome = plan_edition(ws, as_of, if_due)
    plan = outcome.plan
    if plan is None:
        typer.echo(outcome.message)
        return EXIT_OK
    if dry_run:
        typer.echo(f"Would publish {plan.edition}; its changelog entry:\n\n{plan.entry}")
        return EXIT_OK
    formats = handbook_formats(ws, handbook)
    paths = publish(ws, plan, formats)
    typer.echo(f"Published {plan.edition}: {', '.join(paths)} committed and tagged.")
    if formats is None:
        typer.echo("Handbook: not rendered (set publication.output, or --handbook was 'none').")
    push = f"git push origin refs/tags/{plan.edition}"
    typer.echo(f"Share it with: git push --follow-tags   (or: {push})")
    return EXIT_OK
