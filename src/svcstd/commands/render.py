"""``svcstd render``: the handbook as self-contained HTML, PDF and Markdown."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from svcstd.commands._common import parse_date
from svcstd.errors import EXIT_OK
from svcstd.safetext import visible

if TYPE_CHECKING:
    from svcstd.render.handbook import RenderRequest

ORDER = 40


def command(
    path: Annotated[
        Path,
        typer.Argument(
            help="The standards folder (the one holding svcstd.yaml) or a folder "
            "inside it. Default: the current folder, or ./standards."
        ),
    ] = Path("."),
    format: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMATS",
            help="One or more of html, pdf, md, separated by commas.",
        ),
    ] = "html",
    out: Annotated[
        Path, typer.Option("--out", "-o", metavar="DIR", help="The folder that receives the files.")
    ] = Path("handbook"),
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang",
            metavar="LANG",
            help="Language of the handbook: en or id. Default: the configuration's language.",
        ),
    ] = None,
    team: Annotated[
        str | None,
        typer.Option(
            "--team",
            metavar="TEAM",
            help="Render one team's own handbook: what it provides and what it receives.",
        ),
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            metavar="DATE",
            help="The date printed on the cover "
            "(YYYY-MM-DD). Default: SOURCE_DATE_EPOCH, else the date of the last "
            "commit, else the newest date in the data; never today's date.",
        ),
    ] = None,
    edition: Annotated[
        str | None,
        typer.Option("--edition", metavar="NAME", help="The edition shown on the cover."),
    ] = None,
    since: Annotated[
        str | None,
        typer.Option(
            "--since",
            metavar="REV",
            help="Add a 'what changed' chapter: the changes in meaning since this git revision "
            "(e.g. the previous edition's tag) or folder, as svcstd diff shows them.",
        ),
    ] = None,
    templates: Annotated[
        Path | None,
        typer.Option(
            "--templates",
            metavar="DIR",
            help="A folder of templates that replace "
            "built-in ones of the same name (handbook.html, handbook.css, "
            "partials/cover.html…, handbook.typ for the PDF).",
        ),
    ] = None,
    pdf_standard: Annotated[
        str | None,
        typer.Option(
            "--pdf-standard",
            metavar="STANDARD",
            help="Make the PDF meet a standard: a-2b (PDF/A-2b, for archiving) or ua-1 "
            "(PDF/UA-1, for accessibility). Default: a tagged PDF 1.7.",
        ),
    ] = None,
    measured: Annotated[
        list[Path] | None,
        typer.Option(
            "--measured",
            metavar="RESULTS.json",
            help="Add each standard's measured attainment from a results file of "
            "'svcstd measure --format json' (repeatable). Default: measure.results in svcstd.yaml.",
        ),
    ] = None,
) -> None:
    """Render the handbook: HTML (one self-contained file), PDF and Markdown.

    Files are written to --out as handbook.html, handbook.pdf, handbook.md (handbook.id.html
    in a language other than the configuration's; handbook-TEAM.html with --team).
    """
    from svcstd.render.handbook import RenderRequest

    request = RenderRequest(
        path,
        format.split(","),
        out,
        lang,
        team,
        parse_date(as_of) if as_of else None,
        edition,
        templates,
        since,
        pdf_standard,
        measured or [],
    )
    raise typer.Exit(run_render(request))


def run_render(request: RenderRequest) -> int:
    """Render with a progress bar on a terminal, quietly otherwise; list the files written."""
    from svcstd.render.handbook import render_handbook

    notes: list[str] = []
    if sys.stderr.isatty():
        written = _with_progress(request, notes)
    else:
        written = render_handbook(request, notes=notes)
    for note in notes:
        typer.echo(visible(f"svcstd: note: {note}"), err=True)
    for path in written:
        typer.echo(str(path))
    return EXIT_OK


def _with_progress(request: RenderRequest, notes: list[str]) -> list[Path]:
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    from svcstd.render.handbook import render_handbook

    columns = (TextColumn("rendering {task.description}"), BarColumn(), TimeElapsedColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("", total=len(request.formats))
        started: list[str] = []

        def step(name: str) -> None:
            bar.update(task, description=name, completed=len(started))
            started.append(name)

        written = render_handbook(request, step, notes)
        bar.update(task, completed=len(request.formats))
    return written
