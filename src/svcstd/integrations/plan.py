"""A reviewable plan of proposed changes to the standards, shared by every import."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from msgspec import Struct, field, to_builtins

from svcstd.repository import relative_file

# What each action does to the data; "review" lines are never applied by --write.
ACTIONS = ("add-holder", "end-holder", "remove-holder", "review")


class Change(Struct, frozen=True):
    """One proposed change: what to do, to which document and field, and why."""

    action: str
    document: str  # the id of the document concerned ("" when none exists yet)
    file: str  # the file to edit, relative to the standards folder ("" when none)
    subject: str  # whom or what the change is about, e.g. a person's e-mail
    detail: str  # one plain sentence for the reviewer
    value: dict[str, Any] = field(default_factory=dict)  # what --write needs

    @property
    def applies(self) -> bool:
        return self.action != "review"


class Plan(Struct):
    """The changes an import proposes, in a stable order, plus what it read."""

    source: str
    read: int = 0
    changes: list[Change] = field(default_factory=list)

    def add(self, change: Change) -> None:
        self.changes.append(change)

    def sorted(self) -> list[Change]:
        """Changes grouped by action, then by file and subject, so two runs print the same."""
        order = {name: i for i, name in enumerate(ACTIONS)}
        return sorted(self.changes, key=lambda c: (order[c.action], c.file, c.subject, c.detail))

    def to_text(self) -> str:
        lines = [f"{self.source}: {self.read} records read"]
        changes = self.sorted()
        if not changes:
            lines.append("nothing to change: the standards agree with the export")
        for change in changes:
            where = f" ({change.file})" if change.file else ""
            lines.append(f"  {change.action:<13} {change.document or '-'}{where}: {change.detail}")
        applicable = sum(c.applies for c in changes)
        lines.append(
            f"{applicable} change(s) to apply with --write; "
            f"{len(changes) - applicable} to review by hand"
        )
        return "\n".join(lines) + "\n"

    def to_json(self) -> str:
        body = {
            "source": self.source,
            "read": self.read,
            "changes": to_builtins(self.sorted()),
        }
        return json.dumps(body, indent=2, ensure_ascii=False) + "\n"


def relative(root: Path, display_file: str) -> str:
    """A document's file as a path inside the standards folder (what --write edits)."""
    return relative_file(display_file, root)
