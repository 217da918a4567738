"""The command line: builds the Typer app and registers every command module. Nothing else.

Each module in ``svcstd.commands`` that defines ``command`` (a Typer command
function) is registered under its ``NAME`` (default: the module name); one that
defines ``group`` (a Typer app whose commands are wrapped in the error boundary)
is registered as a command with subcommands. Command
modules import only typer and the standard library at the top, so that start-up
stays fast; each does its real imports inside the function.

Registration is lazy: running a command imports its module alone (``svcstd whois`` does not
pay for the other sixteen). Listing the commands (``--help``, a mistyped name's suggestions,
shell completion) imports them all, so every command still appears with its one-line help.
"""

# ruff: noqa: E402
from __future__ import annotations

import gc
import importlib
import sys
from types import ModuleType
from typing import Annotated, Any

# A run builds one large object graph that lives until exit (modules, documents, model, view):
# at Python's default threshold the cycle collector traverses it some 150 times in a PDF render
# (40 ms). Lint and render pause it while they build (svcstd.pipeline.collector_paused); for
# everything else, starting with importing typer (24 collections when this was set in main()),
# the threshold is raised here, before the imports below (hence ruff's E402 is off for this
# file). Cycles are still collected, after 50,000 new objects instead of 700.
gc.set_threshold(50_000, 20, 20)

import typer
from typer.core import TyperGroup

from svcstd import __version__, commands
from svcstd.commands._common import error_boundary
from svcstd.errors import EXIT_INTERRUPTED

# The settings of the app, shared with the throwaway app each command module is built in, so a
# command is made exactly as if it had been registered on the app itself.
_SETTINGS: dict[str, Any] = dict(
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


class LazyCommands(TyperGroup):
    """The svcstd group: it imports a command's module when that command is asked for."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._order: dict[str, tuple[int, str]] = {}
        self._all_loaded = False

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        """The command called ``cmd_name``, importing its module on first use."""
        if cmd_name not in self.commands:
            module = _module_for(cmd_name)
            if module is not None:
                self._add(module)
            else:  # a NAME unlike its module's name, or a typo: load them all, so that
                self._load_all()  # Typer's "did you mean" can pick among every command
        return self.commands.get(cmd_name)

    def list_commands(self, ctx: Any) -> list[str]:
        """Every command, in the order of each module's ORDER (then name)."""
        self._load_all()
        return sorted(self.commands, key=lambda name: self._order.get(name, (50, name)))

    def _load_all(self) -> None:
        if self._all_loaded:
            return
        import pkgutil  # 16 ms to import: only listing the commands needs it

        for info in pkgutil.iter_modules(commands.__path__):
            if not info.name.startswith("_"):
                self._add(importlib.import_module(f"svcstd.commands.{info.name}"))
        self._all_loaded = True

    def _add(self, module: ModuleType) -> None:
        if not (hasattr(module, "command") or hasattr(module, "group")):
            return
        name = command_name(module)
        if name not in self.commands:
            self.add_command(_build(name, module), name)
            self._order[name] = (getattr(module, "ORDER", 50), name)


def command_name(module: ModuleType) -> str:
    """A command module's command: its ``NAME``, else the module's own name."""
    return str(getattr(module, "NAME", module.__name__.rpartition(".")[2]))


def _module_for(name: str) -> ModuleType | None:
    """The module of command ``name``, found by its module name alone: ``name``, or ``name_``
    for a Python keyword (``import_``). None when neither exists or names another command."""
    for candidate in (name, f"{name}_"):
        if not candidate.isidentifier() or candidate.startswith("_"):
            continue
        try:
            module = importlib.import_module(f"svcstd.commands.{candidate}")
        except ModuleNotFoundError as exc:
            if exc.name != f"svcstd.commands.{candidate}":
                raise  # the module exists but one of its imports is missing: a real error
            continue
        if command_name(module) == name:
            return module
    return None


def _build(name: str, module: ModuleType) -> Any:
    """The Click command of one module, made by Typer in a throwaway app of the same settings."""
    from svcstd.commands.docs import epilog_for

    shell = typer.Typer(**_SETTINGS)
    if hasattr(module, "group"):  # a command with subcommands (svcstd feedback import …)
        shell.add_typer(module.group, name=name, epilog=epilog_for(name))
    else:
        shell.command(name, epilog=epilog_for(name))(error_boundary(module.command))
    return typer.main.get_group(shell).commands[name]


app = typer.Typer(
    name="svcstd",
    help="Internal service standards, roles, teams and SOPs as YAML in Git: "
    "lint them, find who owns a topic, render the handbook, see what changed.",
    epilog="Documentation: svcstd docs (lists the topics), e.g. svcstd docs format.",
    no_args_is_help=True,
    cls=LazyCommands,
    context_settings={"help_option_names": ["-h", "--help"]},
    **_SETTINGS,
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


def main() -> None:
    """Console-script entry point."""
    try:
        app()
    except KeyboardInterrupt:  # pragma: no cover - Ctrl-C outside a command
        sys.exit(EXIT_INTERRUPTED)
    finally:
        # The interpreter's teardown frees what is left anyway; its last full collection
        # over all of it would only delay the exit (7 ms after a PDF render).
        gc.freeze()
