"""What a model rule gets to read, and the one way it makes a finding."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from svcstd.findings import Finding, JsonPath
from svcstd.lint.config import LintConfig
from svcstd.lint.registry import RULES
from svcstd.model import Calendar, Document, Organisation, Standard
from svcstd.references import IdIndex
from svcstd.repository import Repository


@dataclass
class LintContext:
    """The loaded repository, its id index and typed model, the rule settings and the date."""

    repo: Repository
    index: IdIndex
    org: Organisation
    as_of: date
    config: LintConfig
    _memo: dict[str, Any] = field(default_factory=dict)

    def memo(self, name: str, compute: Callable[[], Any]) -> Any:
        """What several rules derive from the model, computed once per run."""
        if name not in self._memo:
            self._memo[name] = compute()
        return self._memo[name]

    def finding(
        self,
        rule_id: str,
        doc: Document,
        path: JsonPath,
        message: str,
        hint: str | None = None,
        key: bool = False,
    ) -> Finding:
        """A finding of ``rule_id`` at ``path`` in ``doc``, with the rule's default severity."""
        line, column = doc.where(path or ("id",), key)
        return Finding(
            doc.file, line, column, rule_id, RULES[rule_id].severity, message, hint, path
        )

    def option(self, rule_id: str, name: str) -> Any:
        """A rule option from svcstd.yaml, else its default."""
        return self.config.option(rule_id, name)

    def calendar_of(self, std: Standard) -> Calendar | None:
        """The calendar business time in a standard is counted on (see docs/format.md)."""
        provider_hours = std.provider.service_hours if std.provider else None
        return self.org.config.calendar(std.hours or provider_hours)
