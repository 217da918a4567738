"""The lint pipeline: load, validate, index, check references, build the model, run the rules,
then apply inline suppressions, waivers and the configured severities."""

from __future__ import annotations

import dataclasses
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from svcstd.findings import Finding, Severity
from svcstd.lint import pipeline_rules, rules  # noqa: F401  (imported to register the rules)
from svcstd.lint import suppressions as sup
from svcstd.lint import waivers as wv
from svcstd.lint.config import LintConfig, parse_lint_config
from svcstd.lint.context import LintContext
from svcstd.lint.registry import RULES, order_rules
from svcstd.model import Waiver
from svcstd.pipeline import Loaded, load
from svcstd.repository import Repository
from svcstd.schema import KINDS

order_rules()

__all__ = ["RULES", "LintReport", "lint_path"]


@dataclass
class LintReport:
    """The outcome of one lint run: findings plus what was read, suppressed and waived."""

    root: Path
    findings: list[Finding]
    documents: Counter[str] = field(default_factory=Counter)
    files: list[str] = field(default_factory=list)
    sources: dict[str, list[str]] = field(default_factory=dict)
    suppressed: list[tuple[Finding, str]] = field(default_factory=list)  # (finding, reason)
    waived: list[tuple[Finding, Waiver]] = field(default_factory=list)

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity == severity)

    def worst(self) -> Severity | None:
        return max((f.severity for f in self.findings), default=None)

    def fails(self, level: Severity) -> bool:
        """True when a finding is at or above ``level`` (what --fail-level decides)."""
        worst = self.worst()
        return worst is not None and worst >= level

    def source_line(self, file: str, line: int) -> str | None:
        lines = self.sources.get(file, [])
        return lines[line - 1] if 0 < line <= len(lines) else None

    def summary(self) -> dict[str, Any]:
        return {
            "documents": dict(sorted(self.documents.items())),
            "findings": {str(s): self.count(s) for s in sorted(Severity, reverse=True)},
            "suppressed": len(self.suppressed),
            "waived": len(self.waived),
        }


def lint_path(path: Path, as_of: date, strict: bool = False) -> LintReport:
    """Lint the standards repository that holds ``path``."""
    loaded = load(path)
    config = parse_lint_config(loaded.org.config.rules, strict)
    context = LintContext(loaded.repo, loaded.index, loaded.org, as_of, config)
    raw = list(loaded.findings)
    for rule in RULES.values():
        if rule.check is not None and rule.id not in config.disable:
            raw.extend(rule.check(context))
    report = LintReport(loaded.repo.root, [], _kinds(loaded.repo), *_read_sources(loaded.repo))
    kept = _apply_suppressions(report, sorted(set(raw)), config.disable)
    kept = _apply_waivers(report, kept, loaded, as_of, config.disable)
    report.findings = sorted(set(_configure(kept, config, loaded.repo.root)))
    return report


def _kinds(repo: Repository) -> Counter[str]:
    return Counter(str(d.data.get("kind")) for d in repo.documents if d.data.get("kind") in KINDS)


def _read_sources(repo: Repository) -> tuple[list[str], dict[str, list[str]]]:
    """Every checked file's lines, read once: for suppressions and the text reporter."""
    files = sorted({d.file for d in repo.documents} | {f.file for f in repo.findings})
    sources = {}
    for file in files:
        try:
            sources[file] = Path(file).read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            sources[file] = []
    return files, sources


def _apply_suppressions(
    report: LintReport, findings: list[Finding], disabled: set[str]
) -> list[Finding]:
    comments = [
        s
        for file, lines in report.sources.items()
        if any("svcstd:" in x for x in lines)
        for s in sup.parse_suppressions(file, lines)
    ]
    valid = {(s.file, s.target): s for s in comments if sup.is_valid(s)}
    kept = []
    for f in findings:
        s = valid.get((f.file, f.line))
        if s is not None and f.rule in s.rules:
            s.used.add(f.rule)
            report.suppressed.append((f, s.reason))
        else:
            kept.append(f)
    for s in comments:
        kept.extend(sup.problems(s))
        kept.extend(sup.unused(s, disabled))
    return kept


def _apply_waivers(
    report: LintReport, findings: list[Finding], loaded: Loaded, as_of: date, disabled: set[str]
) -> list[Finding]:
    waivers = wv.active_waivers(loaded.org, as_of)
    doc_ids = {d.file: str(d.data.get("id")) for d in loaded.repo.documents}
    kept, used = [], set()
    for f in findings:
        waiver = wv.waiver_for(f, doc_ids.get(f.file), waivers)
        if waiver is None:
            kept.append(f)
        else:
            used.add(waiver.id)
            report.waived.append((f, waiver))
    # A rule switched off everywhere never ran, so a waiver of it is not "unused".
    return kept + list(wv.unused([w for w in waivers if w.rule not in disabled], used))


def _configure(findings: list[Finding], config: LintConfig, root: Path) -> list[Finding]:
    """Apply configured severities and disabled rules (globally and per path)."""
    rel: dict[str, str] = {}
    out = []
    for f in findings:
        if f.file not in rel:
            rel[f.file] = _relative(f.file, root)
        severity = config.severity_for(f.rule, rel[f.file], f.severity)
        if severity is not None:
            out.append(f if severity == f.severity else dataclasses.replace(f, severity=severity))
    return out


def _relative(file: str, root: Path) -> str:
    try:
        return Path(file).resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return file
