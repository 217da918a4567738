"""Where an export's columns, values and date formats come from: the generic layout, the
built-in presets of three service desks, and named sources in svcstd.yaml.

A source maps the generic columns (``ticket``, ``opened``...) to the export's own column
names, says how its timestamps are written, which statuses of a status-history export stop
the clock, and, through rules, which standard and target each row is measured against.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from msgspec import Struct, field
from msgspec.structs import replace

from svcstd.errors import ConfigError

GENERIC_COLUMNS = (
    "ticket",
    "standard",
    "target",
    "opened",
    "first_response",
    "resolved",
    "customer_team",
    "promised",
    "paused",
)
HISTORY_COLUMNS = ("ticket", "status", "at")
REQUIRED = ("ticket", "standard", "target", "opened", "first_response", "resolved")


class Rule(Struct, frozen=True):
    """Rows whose columns hold these values are measured against this standard and target."""

    when: Mapping[str, tuple[str, ...]]
    standard: str
    target: str


class Source(Struct, frozen=True):
    """How to read one kind of export."""

    name: str
    columns: Mapping[str, str] = field(default_factory=dict)  # generic name → export column
    formats: tuple[str, ...] | None = None  # strptime formats; None: ISO 8601
    rules: tuple[Rule, ...] = ()
    history: Mapping[str, str] = field(default_factory=dict)  # ticket/status/at → column
    pause_statuses: tuple[str, ...] = ()

    def column(self, generic: str) -> str:
        """The export's name for a generic column."""
        return self.columns.get(generic, generic)


GENERIC = Source("generic")

# Column names and date formats of each desk's ticket and status-history CSV exports, as
# exported with the desk's defaults; svcstd.yaml can rename any of them.
PRESETS: dict[str, Source] = {
    "generic": GENERIC,
    "jira": Source(
        "jira",
        columns={
            "ticket": "Issue key",
            "opened": "Created",
            "first_response": "Custom field (First response date)",
            "resolved": "Resolved",
            "customer_team": "Custom field (Customer team)",
        },
        formats=("%d/%b/%y %I:%M %p", "%d/%b/%y %H:%M"),
        history={"ticket": "Issue key", "status": "To status", "at": "Changed"},
        pause_statuses=("Waiting for customer", "Pending"),
    ),
    "zendesk": Source(
        "zendesk",
        columns={
            "ticket": "Id",
            "opened": "Created at",
            "first_response": "First reply at",
            "resolved": "Solved at",
            "customer_team": "Organization",
        },
        formats=("%Y-%m-%d %H:%M:%S %z", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M"),
        history={"ticket": "Ticket ID", "status": "Status", "at": "Updated at"},
        pause_statuses=("Pending", "On-hold"),
    ),
    "freshdesk": Source(
        "freshdesk",
        columns={
            "ticket": "Ticket ID",
            "opened": "Created time",
            "first_response": "Initial response time",
            "resolved": "Resolved time",
            "customer_team": "Company Name",
        },
        formats=("%Y-%m-%d %H:%M:%S", "%d-%m-%Y %H:%M:%S"),
        history={"ticket": "Ticket ID", "status": "Status", "at": "Updated time"},
        pause_statuses=("Pending", "Waiting on Customer", "Waiting on Third Party"),
    ),
}


def find_source(name: str | None, config: Mapping[str, Any]) -> Source:
    """The source named on the command line: one from svcstd.yaml, else a preset."""
    if name is None:
        return GENERIC
    configured = (config.get("sources") or {}).get(name)
    if configured is not None:
        return _configured(name, configured)
    if name in PRESETS:
        return PRESETS[name]
    known = sorted({*PRESETS, *(config.get("sources") or {})})
    raise ConfigError(
        f"unknown source {name!r}",
        f"use one of: {', '.join(known)}, or add measure.sources.{name} to svcstd.yaml",
    )


def _configured(name: str, data: Mapping[str, Any]) -> Source:
    preset = PRESETS[str(data.get("preset", "generic"))]  # the schema restricts the name
    formats = data.get("formats")
    history = data.get("history") or {}
    return replace(
        preset,
        name=name,
        columns={**preset.columns, **(data.get("columns") or {})},
        formats=tuple(formats) if formats else preset.formats,
        rules=tuple(_rule(r) for r in data.get("rules") or ()),
        history={**preset.history, **(history.get("columns") or {})},
        pause_statuses=tuple(history.get("pause_statuses") or preset.pause_statuses),
    )


def _rule(data: Mapping[str, Any]) -> Rule:
    when = {
        str(column): tuple(str(v) for v in (value if isinstance(value, list) else [value]))
        for column, value in (data.get("when") or {}).items()
    }
    return Rule(when, str(data["standard"]), str(data["target"]))
