"""What every command module shares: the error boundary and common option parsing."""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from svcstd.errors import EXIT_BUG, EXIT_INTERRUPTED, SvcstdError, UsageError
from svcstd.safetext import visible

EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE, what a shell reports for a closed pipe

F = TypeVar("F", bound=Callable[..., Any])

# The --path option of every command that reads a standards repository.
PathOption = Annotated[
    Path,
    typer.Option(
        "--path",
        "-C",
        help="The standards folder or a folder inside it. Default: the current folder.",
    ),
]

# The --lang option of every command that prints for people (docs/translating.md).
LangOption = Annotated[
    str | None,
    typer.Option(
        "--lang",
        metavar="en|id",
        help="Language of the output: en or id. Default: the configuration's language.",
    ),
]


def error_boundary(func: F) -> F:
    """The one place user errors become messages and exit codes; anything else is a bug (3)."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except SvcstdError as exc:
            # Messages quote user input (a query, a name, a path): nothing raw reaches the terminal.
            typer.echo(visible(f"svcstd: error: {exc.message}"), err=True)
            if exc.hint:
                typer.echo(visible(f"hint: {exc.hint}"), err=True)
            raise typer.Exit(exc.exit_code) from None
        except KeyboardInterrupt:
            typer.echo("svcstd: interrupted", err=True)
            raise typer.Exit(EXIT_INTERRUPTED) from None
        except BrokenPipeError:
            # The reader went away (``svcstd ... | head``): stop quietly, as other tools do.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            raise typer.Exit(EXIT_BROKEN_PIPE) from None
        except (typer.Exit, typer.Abort, SystemExit):
            raise
        except Exception:
            import traceback

            typer.echo(
                "svcstd: internal error (a bug in svcstd). Please report it with this "
                "output:\n" + traceback.format_exc(),
                err=True,
            )
            raise typer.Exit(EXIT_BUG) from None

    return wrapper  # type: ignore[return-value]


def parse_date(text: str | None, option: str = "--as-of", path: Path = Path(".")) -> date:
    """A YYYY-MM-DD option value; without one, today in the configuration's time zone.

    Today is only for judging (what is due), never for what svcstd writes.
    """
    if text is None:
        from svcstd.clock import today

        return today(configured_timezone(path))
    # Here, not at the top: svcstd.durations imports msgspec, which --help and --version skip.
    from svcstd.durations import check_date_range

    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"{option} {text!r} is not a date", "write it as YYYY-MM-DD") from None
    try:
        return check_date_range(day, option)
    except ValueError as exc:
        raise UsageError(str(exc), "give a date within that range") from None


def configured_timezone(path: Path) -> str:
    """svcstd.yaml's timezone for the standards folder holding path (UTC when there is none)."""
    from svcstd.repository import find_root, load_config

    try:
        name = load_config(find_root(path)).data.get("timezone", "UTC")
    except SvcstdError:  # the command itself reports a missing or broken configuration
        return "UTC"
    return name if isinstance(name, str) else "UTC"


def use_color() -> bool:
    """Colour only on a terminal, and never when NO_COLOR is set."""
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")
