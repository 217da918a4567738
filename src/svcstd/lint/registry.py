"""The rule registry: every rule's id, default severity and explanation in one place.

Pipeline rules (yaml/*, schema/*, refs/*) are produced by the loader, the schema
validator and the reference check; model rules add a ``check`` function that reads
the typed organisation. Either way, ``svcstd rules``, SARIF metadata and the README
read their explanations from here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from svcstd.findings import Finding, Severity

if TYPE_CHECKING:
    from svcstd.lint.context import LintContext

Check = Callable[["LintContext"], Iterator[Finding]]


@dataclass(frozen=True)
class Rule:
    """A lint rule: stable id, default severity, a paragraph of explanation, and its check."""

    id: str
    severity: Severity
    summary: str
    explanation: str
    check: Check | None = None


RULES: dict[str, Rule] = {}


def register(rule: Rule) -> Rule:
    """Add a rule to the registry; ids must be unique."""
    if rule.id in RULES:
        raise ValueError(f"rule {rule.id} registered twice")
    RULES[rule.id] = rule
    return rule


def rule(rule_id: str, severity: Severity, summary: str, explanation: str) -> Callable[[Check], Check]:
    """Decorator registering a model rule's check function."""

    def wrap(check: Check) -> Check:
        register(Rule(rule_id, severity, summary, " ".join(explanation.split()), check))
        return check

    return wrap


def pipeline_rule(rule_id: str, summary: str, explanation: str) -> None:
    """Register a rule whose findings come from the loader, validator or reference check."""
    register(Rule(rule_id, Severity.ERROR, summary, " ".join(explanation.split())))
