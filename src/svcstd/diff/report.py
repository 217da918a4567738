"""Diff reporters: text (rich), Markdown and JSON, chosen from a registry by ``--format``."""

from __future__ import annotations

import json
from collections.abc import Callable
from itertools import groupby
from typing import Any, TextIO

from msgspec import Struct, field

from svcstd.diff.engine import CLASSES, Change
from svcstd.diff.feedback import SCORE_CLASSES
from svcstd.safetext import visible


class DiffResult(Struct):
    """The changes between two labelled sides, plus notes (uncommitted changes, skipped files)."""

    before: str
    after: str
    changes: list[Change]
    notes: list[str] = field(default_factory=list)

    def summary(self) -> dict[str, int]:
        """How many changes of each class, in the order of CLASSES, leaving out zeros."""
        counts = {cls: sum(1 for c in self.changes if c.change == cls) for cls in CLASSES}
        return {cls: n for cls, n in counts.items() if n}

    def as_dict(self) -> dict[str, Any]:
        """The JSON document (docs/diff.md)."""
        return {
            "from": self.before,
            "to": self.after,
            "notes": self.notes,
            "changes": [c.as_dict() for c in self.changes],
            "summary": self.summary(),
        }


def show(value: Any) -> str:
    """A value as one short line: scalars as written, items by their fields."""
    if value is None:
        return "—"
    if isinstance(value, dict):
        text = ", ".join(f"{k}: {show(v)}" for k, v in value.items())
    elif isinstance(value, list):
        text = ", ".join(show(v) for v in value)
    else:
        text = str(value)
    return text if len(text) <= 100 else text[:99] + "…"


def impact_words(impact: tuple[str, ...]) -> str:
    """Whom a change (or a document's changes) affects, in words."""
    if impact == ("all",):
        return "every team"
    return ", ".join(impact) or "no internal customer"


def by_document(changes: list[Change]) -> list[tuple[tuple[str, str], list[Change]]]:
    """Changes grouped by (kind, id), keeping the differ's order."""
    return [(key, list(group)) for key, group in groupby(changes, key=lambda c: (c.kind, c.id))]


def change_line(change: Change) -> str:
    """'field: before → after', or for a value that appeared or went, which one and that it did.

    The class says "added" or "removed" itself; other classes (people changed,
    editorial) say it in the line, so an addition never reads like a replacement.
    """
    if change.before is None:
        verb = "" if change.change in ("added", *SCORE_CLASSES) else "added "
        return _labelled(change.field, verb + show(change.after))
    if change.after is None:
        verb = "" if change.change in ("removed", *SCORE_CLASSES) else "removed "
        return _labelled(change.field, verb + show(change.before))
    line = f"{change.field}: {show(change.before)} → {show(change.after)}"
    if change.stale:
        line += f" (the {', '.join(change.stale)} translation may be stale)"
    return line


def _labelled(field: str, text: str) -> str:
    # An item with nothing but its key ("topic kitchen hygiene") needs no colon after it.
    return f"{field}: {text}" if text.strip() else field


def document_impact(changes: list[Change]) -> tuple[str, ...]:
    """Whom the changes of one document affect together ("all" if any affects every team)."""
    if any(c.impact == ("all",) for c in changes):
        return ("all",)
    return tuple(sorted({team for c in changes for team in c.impact}))


def render_markdown(result: DiffResult, heading_level: int = 3) -> str:
    """Markdown for a changelog or a pull-request comment."""
    if not result.changes:
        return f"No change in meaning from {result.before} to {result.after}.\n"
    hashes = "#" * heading_level
    lines = []
    for (kind, ident), changes in by_document(result.changes):
        lines += [
            "",
            f"{hashes} {kind} `{ident}`",
            "",
            f"Affects: {impact_words(document_impact(changes))}",
            "",
        ]
        for c in changes:
            lines.append(f"- **{c.change}** — {_md(change_line(c))}")
            lines += [f"  - {_md(effect.words())}" for effect in c.chains]
    return "\n".join(lines).lstrip("\n") + "\n"


def _md(text: str) -> str:
    # Authors' text must not turn into links, emphasis or HTML in a changelog.
    return "".join("\\" + ch if ch in "\\`*_[]<>#|" else ch for ch in visible(text))


def write_markdown(result: DiffResult, out: TextIO, color: bool) -> None:
    out.write(visible(f"## Changes from {result.before} to {result.after}\n\n"))
    out.writelines(f"> {visible(note)}\n\n" for note in result.notes)
    out.write(render_markdown(result))


def write_json(result: DiffResult, out: TextIO, color: bool) -> None:
    json.dump(result.as_dict(), out, indent=2, ensure_ascii=False)
    out.write("\n")


_STYLES = {
    "added": "green",
    "removed": "red",
    "tightened": "cyan",
    "loosened": "yellow",
    "owner changed": "magenta",
    "people changed": "magenta",
    "editorial": "dim",
    "changed": "bold",
    "score changed": "blue",
    "action opened": "cyan",
    "action closed": "green",
}


def write_text(result: DiffResult, out: TextIO, color: bool) -> None:
    from rich.console import Console
    from rich.markup import escape as escape_markup

    def escape(text: str) -> str:  # rich markup escaped, control characters made visible
        return escape_markup(visible(text))

    console = Console(
        file=out,
        color_system="standard" if color else None,
        highlight=False,
        width=120,
        soft_wrap=True,
    )
    console.print(f"{escape(result.before)} → {escape(result.after)}")
    for note in result.notes:
        console.print(f"note: {escape(note)}")
    for (kind, ident), changes in by_document(result.changes):
        console.print(
            f"\n[bold]{kind} {escape(ident)}[/bold]  "
            f"(affects: {escape(impact_words(document_impact(changes)))})"
        )
        for c in changes:
            console.print(f"  [{_STYLES[c.change]}]{c.change:<14}[/] {escape(change_line(c))}")
            for effect in c.chains:  # the chains downstream that the change moves
                style = "red" if effect.kept is False else "dim"
                console.print(f"  {'':<14} [{style}]{escape(effect.words())}[/]")
    summary = ", ".join(f"{n} {cls}" for cls, n in result.summary().items())
    console.print(
        f"\n{len(result.changes)} change(s): {summary}"
        if result.changes
        else "\nno change in meaning"
    )


Reporter = Callable[[DiffResult, TextIO, bool], None]
REPORTERS: dict[str, Reporter] = {
    "text": write_text,
    "markdown": write_markdown,
    "json": write_json,
}
