"""``svcstd attest``: confirm, as a holder of the reviewing role, that documents are still true."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from svcstd.commands._common import PathOption
from svcstd.errors import EXIT_OK

ORDER = 66


def command(
    ids: Annotated[
        list[str],
        typer.Argument(metavar="ID...", help="The standards and SOPs you confirm are still true."),
    ],
    as_role: Annotated[
        str | None,
        typer.Option(
            "--as",
            metavar="ROLE",
            help="The role you confirm as. Default: the document's review.by, else its owner.",
        ),
    ] = None,
    on: Annotated[
        str | None,
        typer.Option(
            "--on",
            metavar="DATE",
            help="The day of the review (YYYY-MM-DD). Default: today in the configuration's "
            "time zone.",
        ),
    ] = None,
    path: PathOption = Path("."),
) -> None:
    """Record that you reviewed documents and they are still true, in a commit of its own.

    You must hold the reviewing role: git's user.email must be one of the role's
    holders' addresses. Each document's review block gets last: the day, and
    attested: who, when and the commit you read (HEAD). The files must have no
    uncommitted changes. With rules.enable: [lifecycle/unattested-review], lint
    flags a review date moved forward by anyone else. Exit codes: 0 committed,
    2 usage error (unknown id, a role you do not hold, uncommitted changes).
    """
    from svcstd.integrations.attesting import run_attest

    typer.echo(run_attest(ids, as_role, on, path))
    raise typer.Exit(EXIT_OK)
