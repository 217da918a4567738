"""Findings: what rules, the loader and the validator report, kept as plain data."""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from msgspec import Struct

from svcstd.records import KeyedOrder

JsonPath = tuple[str | int, ...]


class Severity(IntEnum):
    """How serious a finding is; ordered so that max() gives the worst."""

    INFO = 1
    WARNING = 2
    ERROR = 3

    def __str__(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> Severity:
        """Read 'error', 'warning' or 'info'; raise ValueError otherwise."""
        try:
            return cls[text.strip().upper()]
        except KeyError:
            raise ValueError(f"{text!r} is not a severity (error, warning, info)") from None


class Finding(KeyedOrder, Struct, frozen=True):
    """One problem at one place in one file.

    Findings sort, compare and hash by file, line, column, rule and message; severity, hint
    and JSON path are left out.
    """

    file: str
    line: int
    column: int
    rule: str
    severity: Severity
    message: str
    hint: str | None = None
    path: JsonPath = ()

    def _key(self) -> tuple[str, int, int, str, str]:
        return (self.file, self.line, self.column, self.rule, self.message)

    @property
    def field_path(self) -> str:
        """The JSON path in the dotted form authors read: ``targets[0].acknowledge``."""
        return format_path(self.path)

    def to_dict(self) -> dict[str, Any]:
        """The stable JSON form used by ``--format json``."""
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "rule": self.rule,
            "severity": str(self.severity),
            "message": self.message,
            "hint": self.hint,
            "path": self.field_path,
        }


def finding_to_row(f: Finding) -> list[Any]:
    """A finding as a JSON list, without its file: a cached content may sit at two paths."""
    return [f.line, f.column, f.rule, int(f.severity), f.message, f.hint, list(f.path)]


def finding_from_row(file: str, row: list[Any]) -> Finding:
    """The finding :func:`finding_to_row` wrote, in ``file``; malformed rows raise."""
    line, column, rule, severity, message, hint, path = row
    if not (isinstance(line, int) and isinstance(column, int) and isinstance(rule, str)):
        raise TypeError("malformed finding")
    steps = tuple(p for p in path if isinstance(p, (str, int)))
    return Finding(file, line, column, rule, Severity(severity), str(message), hint, steps)


def format_path(path: JsonPath) -> str:
    """Render a JSON path as ``a.b[0].c``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out
