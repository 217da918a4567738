"""``svcstd lint``: run the lint pipeline and report with the chosen reporter."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

from svcstd.errors import EXIT_FINDINGS, EXIT_OK, UsageError
from svcstd.suggest import did_you_mean


def run_lint(paths: list[Path], fmt: str, as_of: date, color: bool) -> int:
    """Lint the repository holding the first path; report findings for the given paths."""
    from svcstd.lint.engine import lint_path
    from svcstd.lint.reporters import REPORTERS

    reporter = REPORTERS.get(fmt)
    if reporter is None:
        hint = did_you_mean(fmt, REPORTERS) or f"use one of: {', '.join(REPORTERS)}"
        raise UsageError(f"unknown format {fmt!r}", hint)
    report = lint_path(paths[0], as_of)
    reporter(report, sys.stdout, color)
    return EXIT_FINDINGS if report.findings else EXIT_OK
