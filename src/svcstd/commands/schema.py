"""``svcstd schema``: write the JSON Schemas and the editor wiring that uses them."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from svcstd.errors import EXIT_OK

ORDER = 70


def command(
    out: Annotated[
        Path, typer.Option("--out", "-o", metavar="DIR", help="Where to write the schemas.")
    ] = Path(".svcstd/schemas"),
    vscode: Annotated[
        bool,
        typer.Option(
            "--vscode/--no-vscode",
            help="Also map the schemas to the standards' "
            "files in .vscode/settings.json (keeping its other settings).",
        ),
    ] = True,
) -> None:
    """Write the JSON Schemas, so editors offer completion and inline errors.

    With the YAML extension of VS Code (or any editor using yaml-language-server),
    the written .vscode/settings.json maps each kind's folder (teams/, roles/,
    services/, sops/, waivers/) and svcstd.yaml to its schema. A single file can
    instead start with a modeline: '# yaml-language-server: $schema=PATH'.
    """
    from svcstd.lint.editor import write_schemas

    for line in write_schemas(out, Path(".") if vscode else None):
        typer.echo(line)
    raise typer.Exit(EXIT_OK)
