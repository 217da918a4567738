"""``svcstd docs [TOPIC]``: the manual that ships with svcstd, readable without the source."""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path
from typing import Annotated

import typer

from svcstd.errors import EXIT_OK, UsageError

ORDER = 90

# Commands whose manual page has another name; every other command's page is its own name.
_PAGE_OF_COMMAND = {
    "due": "editions",
    "publish": "editions",
    "digest": "editions",
    "schema": "format",
    "init": "format",
    "import": "integrations",
    "export": "integrations",
    "attest": "attest",
    "feedback": "feedback",
}


def command(
    topic: Annotated[
        str | None,
        typer.Argument(help="A topic (e.g. format, lint, rules) or a command name."),
    ] = None,
) -> None:
    """Show svcstd's documentation: the data format, lint, rules, whois, render, diff, editions.

    Without a topic, lists the topics. On a terminal the page is formatted; piped
    or redirected, it is printed as plain Markdown.
    """
    raise typer.Exit(show_topic(topic) if topic else list_topics())


@cache  # read once per run: every command's --help epilog asks
def topics() -> dict[str, Path]:
    """Every documentation page shipped with svcstd, by topic name."""
    from svcstd.resources import data_dir

    try:
        folder = data_dir("docs")
    except FileNotFoundError:  # an installation built without them: help must still work
        return {}
    # Pages written in another language live in a folder named by its code (docs/id/mulai.md);
    # their names are chosen not to collide with the English pages.
    pages = [*folder.glob("*.md"), *folder.glob("??/*.md")]
    return {page.stem: page for page in sorted(pages, key=lambda page: page.stem)}


def page_for(name: str) -> str:
    """The topic documenting a command (or a topic name itself)."""
    return _PAGE_OF_COMMAND.get(name, name)


def epilog_for(command_name: str) -> str:
    """The line under a command's --help pointing to its manual page."""
    page = page_for(command_name)
    if page not in topics():
        return "Documentation topics: svcstd docs"
    return f"Documentation: svcstd docs {page}  (all topics: svcstd docs)"


def list_topics() -> int:
    """Print each topic with its page title."""
    pages = _require_topics()
    width = max(len(name) for name in pages)
    for name, page in pages.items():
        typer.echo(f"{name:<{width}}  {_title(page)}")
    typer.echo("\n'svcstd docs TOPIC' shows one; a command name works too (svcstd docs publish).")
    return EXIT_OK


def show_topic(topic: str) -> int:
    """Print one page: formatted on a terminal, plain Markdown otherwise."""
    from svcstd.commands._common import use_color

    pages = _require_topics()
    name = page_for(topic.strip().lower())
    if name not in pages:
        from svcstd.suggest import did_you_mean

        choices = [*pages, *_PAGE_OF_COMMAND]
        hint = did_you_mean(topic, choices) or f"topics: {', '.join(pages)}"
        raise UsageError(f"no documentation topic {topic!r}", hint)
    text = pages[name].read_text(encoding="utf-8")
    if sys.stdout.isatty():
        from rich.console import Console
        from rich.markdown import Markdown

        Console(no_color=not use_color(), emoji=False).print(Markdown(text, hyperlinks=False))
    else:
        sys.stdout.write(text)
    return EXIT_OK


def _require_topics() -> dict[str, Path]:
    pages = topics()
    if not pages:
        raise UsageError(
            "this installation of svcstd holds no documentation",
            "reinstall svcstd from a wheel or source tree that includes docs/",
        )
    return pages


def _title(page: Path) -> str:
    with page.open(encoding="utf-8") as lines:
        for line in lines:
            if line.startswith("# "):
                return line[2:].strip()
    return page.stem
