"""What a model rule gets to read, and the one way it makes a finding."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from msgspec import Struct, field

from svcstd.findings import Finding, JsonPath
from svcstd.lint.config import LintConfig
from svcstd.lint.registry import RULES
from svcstd.model import Calendar, Document, Organisation, Standard, Target
from svcstd.references import IdIndex
from svcstd.repository import Repository
from svcstd.terms import Terms, terms_of


class LintContext(Struct):
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

    def calendar_of(self, std: Standard, target: Target | None = None) -> Calendar | None:
        """The calendar business time in a standard (or one target of it) is counted on."""
        return self.terms(std, target).calendar

    def terms(self, std: Standard, target: Target | None = None) -> Terms:
        """The calendar, escalation ladder and pauses that apply to a target (svcstd.terms)."""
        return terms_of(self.org, std, target)
