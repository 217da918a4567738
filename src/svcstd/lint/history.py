"""The history stage of lint: rules that read git (scope "history"), never cached.

Their findings depend on commits, not only on file contents, so they run after
the cached stages, on every run, and only when rules.enable switches one on.
"""

from __future__ import annotations

from datetime import date

from svcstd.lint.engine import LintReport


def add_history_findings(report: LintReport, as_of: date, strict: bool) -> None:
    """Run every enabled history rule and merge its findings (configured severities applied)."""
    from svcstd.lint.check import RULES, _configure
    from svcstd.lint.config import parse_lint_config
    from svcstd.lint.context import LintContext
    from svcstd.pipeline import load

    loaded = load(report.root)
    config = parse_lint_config(loaded.repo.config.data.get("rules") or {}, strict)
    rules = [r for r in RULES.values() if r.scope == "history" and r.id not in config.disable]
    if not rules:
        return
    context = LintContext(loaded.repo, loaded.index, loaded.org, as_of, config)
    found = [f for r in rules if r.check for f in r.check(context)]
    report.findings = sorted(set(report.findings) | set(_configure(found, config, report.root)))
