"""The lint pipeline: each file on its own (load, schema, document rules; :mod:`.scan`), then
the whole organisation (ids, references, the model, organisation rules), then inline
suppressions, waivers and the configured severities. What did not change since the
last run is reused (:mod:`.state`); the results are the same either way."""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

from msgspec import Struct, field

from svcstd.findings import Finding, Severity
from svcstd.lint import state as st
from svcstd.lint.i18n import coverage_summary
from svcstd.lint.tree import Tree
from svcstd.repository import find_root

__all__ = ["LintReport", "lint_path"]


class LintReport(Struct):
    """The outcome of one lint run: findings plus what was read, suppressed and waived."""

    root: Path
    findings: list[Finding]
    documents: Counter[str] = field(default_factory=Counter)
    files: list[str] = field(default_factory=list)
    suppressed: list[tuple[Finding, str]] = field(default_factory=list)  # (finding, reason)
    waived: list[tuple[Finding, st.WaiverNote]] = field(default_factory=list)
    sources: dict[str, list[str]] = field(default_factory=dict)  # lines, read when asked for
    # The folder the file names are relative to, once lint.gather.relocate has set it.
    base: Path | None = None
    # --fail-level: reports that pass or fail (JUnit) fail only on findings this severe.
    fail_level: Severity = Severity.ERROR
    # Per language: [text fields written in it, text fields], when several are configured.
    coverage: dict[str, list[int]] = field(default_factory=dict)
    # The language of the text report's own words (--lang); findings stay as the rules wrote them.
    lang: str = "en"

    def lines(self, file: str) -> list[str]:
        """A checked file's lines (for suppressions and the text reporter), read once."""
        if file not in self.sources:
            try:
                text = Path(file).read_text(encoding="utf-8", errors="replace")
                self.sources[file] = text.splitlines()
            except OSError:
                self.sources[file] = []
        return self.sources[file]

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity == severity)

    def worst(self) -> Severity | None:
        return max((f.severity for f in self.findings), default=None)

    def fails(self, level: Severity) -> bool:
        """True when a finding is at or above ``level`` (what --fail-level decides)."""
        worst = self.worst()
        return worst is not None and worst >= level

    def source_line(self, file: str, line: int) -> str | None:
        lines = self.lines(file)
        return lines[line - 1] if 0 < line <= len(lines) else None

    def summary(self) -> dict[str, Any]:
        summary = {
            "documents": dict(sorted(self.documents.items())),
            "findings": {str(s): self.count(s) for s in sorted(Severity, reverse=True)},
            "suppressed": len(self.suppressed),
            "waived": len(self.waived),
        }
        if self.coverage:
            summary["coverage"] = coverage_summary(self.coverage)
        return summary


def lint_path(path: Path, as_of: date, strict: bool = False, use_cache: bool = True) -> LintReport:
    """Lint the standards repository that holds ``path``, reusing what the cache still holds."""
    tree = Tree(find_root(path), use_cache)
    try:
        report = _lint(tree, as_of, strict)
        config_raw = tree.config_raw
    finally:
        tree.close()
    if b"enable" in config_raw:  # history rules are off unless rules.enable names one
        from svcstd.lint.history import add_history_findings

        add_history_findings(report, as_of, strict)
    return report


def _lint(tree: Tree, as_of: date, strict: bool) -> LintReport:
    salt = st.salt(tree.config_raw)
    report_key = None
    if tree.use_cache and st.report_exists(tree.root):
        report_key = st.key_of(salt, as_of.isoformat(), strict, tree.names_and_blobs())
        cached = st.read_report(tree.root, report_key)
        if cached is not None:
            return LintReport(tree.root, **cached)
    from svcstd.lint.check import check_tree  # the whole pipeline: only when there is work

    report = check_tree(tree, salt, as_of, strict, tree.use_cache)
    if tree.use_cache and all(tree.blobs()):  # an unreadable file is never cached
        report_key = report_key or st.key_of(
            salt, as_of.isoformat(), strict, tree.names_and_blobs()
        )
        st.write_report(tree.root, report_key, report)
    return report
