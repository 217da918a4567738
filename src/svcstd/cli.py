"""The command line: builds the Typer app and registers every command module. Nothing else.

Each module in ``svcstd.commands`` that defines ``command`` (a Typer command
function) is registered under its ``NAME`` (default: the module name); one that
defines ``group`` (a Typer app whose commands are wrapped in the error boundary)
is registered as a command with subcommands. Command
modules import only typer and the standard library at the top, so that start-up
stays fast; each does its real imports inside the function.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
from typing import Annotated

import typer

from svcstd import __version__, commands
from svcstd.commands._common import error_boundary
from svcstd.errors import EXIT_INTERRUPTED

app = typer.Typer(
    name="svcstd",
    help="Internal service standards, roles, teams and SOPs as YAML in Git: "
    "lint them, find who owns a topic, render the handbook, see what changed.",
    epilog="Documentation: svcstd docs (lists the topics), e.g. svcstd docs format.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"svcstd {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """Internal service standards as YAML in Git."""


def _register_commands() -> None:
    found = []
    for info in pkgutil.iter_modules(commands.__path__):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"svcstd.commands.{info.name}")
        if hasattr(module, "command") or hasattr(module, "group"):
            found.append((getattr(module, "ORDER", 50), getattr(module, "NAME", info.name), module))
    from svcstd.commands.docs import epilog_for

    for _, name, module in sorted(found):
        if hasattr(module, "group"):  # a command with subcommands (svcstd feedback import …)
            app.add_typer(module.group, name=name, epilog=epilog_for(name))
        else:
            app.command(name, epilog=epilog_for(name))(error_boundary(module.command))


_register_commands()


def main() -> None:
    """Console-script entry point."""
    try:
        app()
    except KeyboardInterrupt:  # pragma: no cover - Ctrl-C outside a command
        sys.exit(EXIT_INTERRUPTED)
