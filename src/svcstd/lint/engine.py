"""The lint pipeline: load, validate, index, check references, build the model, run the rules."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from svcstd.build import build_config, build_organisation
from svcstd.errors import ConfigError
from svcstd.findings import Finding, Severity
from svcstd.lint import pipeline_rules  # noqa: F401  (registers the pipeline rules)
from svcstd.lint.context import LintContext
from svcstd.lint.registry import RULES
from svcstd.loader import SourceDocument
from svcstd.references import build_index, iter_duplicate_ids, iter_unknown_references
from svcstd.repository import find_root, load_repository
from svcstd.schema import KINDS, iter_schema_findings, validate_document


@dataclass
class LintReport:
    """The outcome of one lint run: findings plus what was read."""

    root: Path
    findings: list[Finding]
    documents: Counter[str] = field(default_factory=Counter)

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity == severity)

    def worst(self) -> Severity | None:
        return max((f.severity for f in self.findings), default=None)

    def summary(self) -> dict[str, Any]:
        return {
            "documents": dict(sorted(self.documents.items())),
            "findings": {str(s): self.count(s) for s in sorted(Severity, reverse=True)},
        }


def lint_path(path: Path, as_of: date) -> LintReport:
    """Lint the standards repository that holds ``path``."""
    root = find_root(path)
    repo = load_repository(root)
    config_errors = list(iter_schema_findings(repo.config, "config"))
    if config_errors:
        raise ConfigError(_describe_config_errors(config_errors), "fix svcstd.yaml and run again")
    findings = list(repo.findings)
    valid: list[SourceDocument] = []
    for doc in repo.documents:
        problems = validate_document(doc)
        findings.extend(problems)
        if not problems:
            valid.append(doc)
    config = build_config(repo.config)
    index = build_index(repo.documents, list(config.calendars))
    findings.extend(iter_duplicate_ids(index))
    findings.extend(iter_unknown_references(repo.documents, index))
    org, build_findings = build_organisation(config, valid)
    findings.extend(build_findings)
    context = LintContext(repo, index, org, as_of)
    for rule in RULES.values():
        if rule.check is not None:
            findings.extend(rule.check(context))
    kinds = Counter(str(d.data.get("kind")) for d in repo.documents if d.data.get("kind") in KINDS)
    return LintReport(root, sorted(set(findings)), kinds)


def _describe_config_errors(errors: list[Finding]) -> str:
    lines = [f"{f.file}:{f.line}:{f.column}: {f.message}" for f in errors]
    return "the configuration is invalid:\n  " + "\n  ".join(lines)
