"""``svcstd due``: what is due or overdue for review, and when the next edition is due."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from svcstd.commands._common import LangOption, PathOption, parse_date
from svcstd.errors import EXIT_FINDINGS, EXIT_OK, UsageError
from svcstd.i18n import check_language
from svcstd.safetext import visible

if TYPE_CHECKING:
    from svcstd.edition.workspace import Workspace
    from svcstd.git import Edition

ORDER = 50


def command(
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            metavar="DATE",
            help="Judge due dates as of this day (YYYY-MM-DD). Default: today.",
        ),
    ] = None,
    format: Annotated[
        str, typer.Option("--format", "-f", help="Output format: text or json.")
    ] = "text",
    lang: LangOption = None,
    path: PathOption = Path("."),
) -> None:
    """List the standards and SOPs due (within 30 days) or overdue for review, by owner.

    Also says when the next edition is due (publication.cadence after the last
    edition tag). Exit codes: 0 nothing overdue, 1 something overdue, 2 error.
    """
    raise typer.Exit(run(parse_date(as_of, path=path), format, path, lang))


def run(as_of: date, fmt: str, path: Path, lang: str | None = None) -> int:
    """Report what is due; return the exit code."""
    import json

    from svcstd.edition.due import due_report, render_text
    from svcstd.edition.workspace import edition_date, open_workspace

    if lang is not None:
        check_language(lang)
    if fmt not in ("text", "json"):
        raise UsageError(f"unknown format {fmt!r}", "use one of: text, json")
    ws = open_workspace(path)
    last = _last_edition(ws)
    report = due_report(ws.org, as_of, (last.tag, edition_date(last, ws.config)) if last else None)
    if fmt == "json":
        typer.echo(json.dumps(report.as_dict(), indent=2, ensure_ascii=False))
    else:
        typer.echo(visible(render_text(report, lang or ws.config.language)), nl=False)
    return EXIT_FINDINGS if report.overdue else EXIT_OK


def _last_edition(ws: Workspace) -> Edition | None:
    from svcstd import git

    if ws.repo is None or not git.has_commits(ws.repo):
        return None
    return git.latest_edition(ws.repo, ws.prefix)
