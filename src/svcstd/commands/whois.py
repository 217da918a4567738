"""``svcstd whois``: who owns a topic, how to reach them, how fast, and whom to escalate to."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

ORDER = 30


def command(
    query: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="QUERY",
            help="What you want to ask about, e.g. payroll, 'PMS access', lembur. "
            "Case, accents, plurals (payslips, gajinya) and small typos do not matter.",
        ),
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the answer as JSON (see: svcstd docs whois).")
    ] = False,
    show_all: Annotated[
        bool, typer.Option("--all", help="List every match with its score instead of answering.")
    ] = False,
    role: Annotated[
        str | None,
        typer.Option(
            "--role", metavar="ROLE_ID", help="List what this role owns, provides and receives."
        ),
    ] = None,
    team: Annotated[
        str | None,
        typer.Option(
            "--team", metavar="TEAM_ID", help="List what this team owns, provides and receives."
        ),
    ] = None,
    directory: Annotated[
        bool, typer.Option("--list", help="Print the topic directory, A to Z.")
    ] = False,
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang",
            metavar="en|id",
            help="Language of the answer: en or id. Default: the configuration's language.",
        ),
    ] = None,
    path: Annotated[
        Path,
        typer.Option(
            "--path",
            "-p",
            metavar="DIR",
            help="The standards folder (the one holding svcstd.yaml) "
            "or a folder inside it. Default: the current folder, or ./standards.",
        ),
    ] = Path("."),
    no_cache: Annotated[
        bool, typer.Option("--no-cache", help="Neither read nor write the .svcstd-cache index.")
    ] = False,
) -> None:
    """Find who owns a topic: owner, people, channels, hours, targets, escalation, SOPs.

    Exit codes: 0 answered, 1 no owner found, 2 usage or configuration error.
    """
    from svcstd.whois.cli import Request, run_whois

    request = Request(" ".join(query or []), as_json, show_all, role, team, directory, lang)
    raise typer.Exit(run_whois(path, request, use_cache=not no_cache))
