"""``svcstd publish``: cut an edition (changelog entry, commit, annotated tag); idempotent."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from svcstd.commands._common import LangOption, PathOption
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
    lang: LangOption = None,
    path: PathOption = Path("."),
) -> None:
    """Cut a new edition: a CHANGELOG.md entry from the semantic diff, committed and tagged.

    The edition is called <tag_prefix><YYYY-MM-DD>. Nothing changed since the
    last edition, or (with --if-due) not due yet: a message and exit 0. A failure
    midway leaves no tag, no commit and no changelog entry.
    """
    raise typer.Exit(run(as_of, dry_run, if_due, handbook, path, lang))


def run(
    as_of_text: str | None,
    dry_run: bool,
    if_due: bool,
    handbook: str,
    path: Path,
    lang: str | None = None,
) -> int:
    """Plan the edition and publish it unless told not to; return the exit code."""
    from svcstd.commands._common import parse_date
    from svcstd.edition.journal import settle
    from svcstd.edition.publish import handbook_formats, plan_edition, publish
    from svcstd.edition.workspace import open_workspace
    from svcstd.i18n import check_language, translator

    as_of = parse_date(as_of_text) if as_of_text else None
    if lang is not None:
        check_language(lang)
    ws = open_workspace(path)
    if ws.repo is not None:
        settled = settle(ws, dry_run)
        if settled:
            typer.echo(f"svcstd: note: {settled}", err=True)
    outcome = plan_edition(ws, as_of, if_due, lang)
    plan = outcome.plan
    if plan is None:
        typer.echo(outcome.message)
        return EXIT_OK
    _ = translator(plan.lang).gettext
    if dry_run:
        would = _("Would publish {edition}; its changelog entry:")
        typer.echo(would.format(edition=plan.edition) + f"\n\n{plan.entry}")
        return EXIT_OK
    formats = handbook_formats(ws, handbook)
    paths = publish(ws, plan, formats)
    done = _("Published {edition}: {paths} committed and tagged.")
    typer.echo(done.format(edition=plan.edition, paths=", ".join(paths)))
    if formats is None:
        typer.echo(_("Handbook: not rendered (set publication.output, or --handbook was 'none')."))
    push = f"git push origin refs/tags/{plan.edition}"
    share = _("Share it with: {command}   (or: {alternative})")
    typer.echo(share.format(command="git push --follow-tags", alternative=push))
    return EXIT_OK
