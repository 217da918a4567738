"""The command line: parses options and hands over to the core. Nothing else lives here."""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from svcstd import __version__
from svcstd.errors import EXIT_BUG, EXIT_INTERRUPTED, EXIT_USAGE, SvcstdError

app = typer.Typer(
    name="svcstd",
    help="Internal service standards, roles, teams and SOPs as YAML in Git: "
    "lint them, find who owns a topic, render the handbook, see what changed.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

F = TypeVar("F", bound=Callable[..., Any])


def error_boundary(func: F) -> F:
    """The one place user errors become messages and exit codes; anything else is a bug (3)."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except SvcstdError as exc:
            typer.echo(f"svcstd: error: {exc.message}", err=True)
            if exc.hint:
                typer.echo(f"hint: {exc.hint}", err=True)
            raise typer.Exit(exc.exit_code) from None
        except KeyboardInterrupt:
            typer.echo("svcstd: interrupted", err=True)
            raise typer.Exit(EXIT_INTERRUPTED) from None
        except (typer.Exit, typer.Abort, SystemExit):
            raise
        except Exception:
            import traceback

            typer.echo("svcstd: internal error (a bug in svcstd). Please report it with this "
                       "output:\n" + traceback.format_exc(), err=True)  # fmt: skip
            raise typer.Exit(EXIT_BUG) from None

    return wrapper  # type: ignore[return-value]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"svcstd {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """Internal service standards as YAML in Git."""


def parse_date(text: str | None) -> date:
    """--as-of DATE; without it, today (a flag for scheduled jobs, never used in rendered output)."""
    from svcstd.errors import UsageError

    if text is None:
        return date.today()
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"--as-of {text!r} is not a date", "write it as YYYY-MM-DD") from None


def use_color() -> bool:
    """Colour only on a terminal, and never when NO_COLOR is set."""
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


@app.command()
@error_boundary
def lint(
    paths: Annotated[list[Path] | None, typer.Argument(help="The standards folder (the one holding "
                     "svcstd.yaml) or files in it. Default: the current folder, or ./standards.")] = None,
    format: Annotated[str, typer.Option("--format", "-f", help="Output format: text or json.")] = "text",
    as_of: Annotated[str | None, typer.Option("--as-of", metavar="DATE",
                     help="Judge review dates as of this day (YYYY-MM-DD). Default: today.")] = None,
) -> None:
    """Check the standards against the schemas and the cross-document rules.

    Exit codes: 0 no findings, 1 findings, 2 usage or configuration error.
    """
    from svcstd.commands.lint import run_lint

    raise typer.Exit(run_lint(paths or [Path(".")], format, parse_date(as_of), use_color()))


@app.command()
@error_boundary
def init(
    directory: Annotated[Path, typer.Argument(help="Where to create the new standards repository; "
                         "must not exist or be empty.")],
) -> None:
    """Create a new standards repository from the example organisation."""
    from svcstd.commands.init import run_init

    raise typer.Exit(run_init(directory))


def main() -> None:
    """Console-script entry point."""
    try:
        app()
    except KeyboardInterrupt:  # pragma: no cover - Ctrl-C outside a command
        sys.exit(EXIT_INTERRUPTED)


if __name__ == "__main__":  # pragma: no cover
    main()

__all__ = ["EXIT_USAGE", "app", "main"]
