"""``svcstd lint``: load → validate → index → model → rules, with findings as the result."""

from svcstd.lint.engine import LintReport, lint_path

__all__ = ["LintReport", "lint_path"]
