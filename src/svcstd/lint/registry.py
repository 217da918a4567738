"""The rule registry: every rule's id, default severity and explanation in one place.

Pipeline rules (yaml/*, schema/*, refs/*) are produced by the loader, the schema
validator and the reference check; model rules add a ``check`` function that reads
the typed organisation. Either way, ``svcstd rules``, SARIF metadata and the README
read their explanations from here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from msgspec import Struct, field

from svcstd.findings import Finding, Severity

if TYPE_CHECKING:
    from svcstd.lint.context import LintContext

Check = Callable[["LintContext"], Iterator[Finding]]


class Rule(Struct, frozen=True):
    """A lint rule: stable id, default severity, a paragraph of explanation, and its check."""

    id: str
    severity: Severity
    summary: str
    explanation: str
    check: Check | None = None
    strict: Severity | None = None  # the severity under --strict, when it differs
    options: dict[str, Any] = field(default_factory=dict)  # option name -> default value
    # "organisation": reads the whole model, with prose blanked (see lint/prose.py);
    # "document": reads one document, prose included, and never the date (lint/scan.py).
    scope: str = "organisation"
    kinds: tuple[str, ...] = ()  # for a document-scope rule: the kinds of document it reads
    # False: the rule runs only when svcstd.yaml lists it under rules.enable (a costly or
    # organisation-specific check, such as one that reads the git history).
    default_on: bool = True

    @property
    def family(self) -> str:
        return self.id.split("/", 1)[0]


RULES: dict[str, Rule] = {}

# The order rules are listed in (svcstd rules, docs/rules.md, SARIF): the pipeline's
# own checks first, then the model rules from structure to lifecycle.
FAMILIES = (
    "yaml",
    "schema",
    "refs",
    "text",
    "i18n",
    "organisation",
    "calendars",
    "people",
    "ownership",
    "targets",
    "sops",
    "chains",
    "coverage",
    "lifecycle",
    "feedback",
    "lint",
)


def register(rule: Rule) -> Rule:
    """Add a rule to the registry; ids must be unique."""
    if rule.id in RULES:
        raise ValueError(f"rule {rule.id} registered twice")
    RULES[rule.id] = rule
    return rule


def rule(
    rule_id: str,
    severity: Severity,
    summary: str,
    explanation: str,
    *,
    strict: Severity | None = None,
    options: dict[str, Any] | None = None,
    scope: str = "organisation",
    kinds: tuple[str, ...] = (),
    default_on: bool = True,
) -> Callable[[Check], Check]:
    """Decorator registering a model rule's check function."""

    def wrap(check: Check) -> Check:
        register(
            Rule(
                rule_id,
                severity,
                summary,
                " ".join(explanation.split()),
                check,
                strict,
                options or {},
                scope,
                kinds,
                default_on,
            )
        )
        return check

    return wrap


def pipeline_rule(
    rule_id: str, summary: str, explanation: str, severity: Severity = Severity.ERROR
) -> None:
    """Register a rule whose findings come from the loader, validator or lint itself."""
    register(Rule(rule_id, severity, summary, " ".join(explanation.split())))


def order_rules() -> None:
    """Re-order RULES by family (in FAMILIES order), keeping registration order within one."""
    rank = {family: i for i, family in enumerate(FAMILIES)}
    # Within a family the pipeline's own rules come first, whatever was imported first.
    ordered = sorted(
        RULES.values(), key=lambda r: (rank.get(r.family, len(rank)), r.check is not None)
    )
    RULES.clear()
    RULES.update((r.id, r) for r in ordered)


def load_rules() -> dict[str, Rule]:
    """Every rule, registered and in listing order: imports the rule modules on first use."""
    from svcstd.lint import pipeline_rules, rules  # noqa: F401  (importing registers them)

    order_rules()
    return RULES
