"""Lint every path given, as one report whose paths are relative to one base folder.

Each path names the standards repository holding it (the folder with svcstd.yaml);
each repository is linted once, and their reports are joined.

CI systems match a report's paths against the files of the repository they checked
out (GitHub annotations and code scanning, GitLab, Jenkins). So every reporter
names files relative to the top of the git working tree holding the standards, or
to the folder given with ``--base``, whichever folder lint was started from.
Outside git, the standards folder itself is the base.
"""

from __future__ import annotations

import os
from collections import Counter
from datetime import date
from pathlib import Path

from msgspec.structs import replace

from svcstd.findings import Finding
from svcstd.lint.engine import LintReport, lint_path
from svcstd.lint.i18n import add_coverage
from svcstd.repository import display_path, find_root


def lint_paths(
    paths: list[Path],
    as_of: date,
    strict: bool = False,
    use_cache: bool = True,
    base: Path | None = None,
) -> LintReport:
    """Lint the repositories holding ``paths`` (each once), named relative to the base."""
    # Every path is checked before any linting: a missing one is a usage error (exit 2),
    # never silently skipped.
    roots = list(dict.fromkeys(find_root(p) for p in paths))
    # Repositories in two git working trees share their common folder as the base.
    common = Path(os.path.commonpath([report_base(root, base) for root in roots]))
    reports = [relocate(lint_path(root, as_of, strict, use_cache), common) for root in roots]
    return reports[0] if len(reports) == 1 else join(reports)


def join(reports: list[LintReport]) -> LintReport:
    """Several repositories' reports as one (their file names must already be relocated)."""
    first = reports[0]
    documents: Counter[str] = Counter()
    coverage: dict[str, list[int]] = {}
    for r in reports:
        documents.update(r.documents)
        add_coverage(coverage, r.coverage)
    return replace(
        first,
        findings=[f for r in reports for f in r.findings],
        documents=documents,
        coverage=coverage,
        files=[file for r in reports for file in r.files],
        suppressed=[s for r in reports for s in r.suppressed],
        waived=[w for r in reports for w in r.waived],
        sources={k: v for r in reports for k, v in r.sources.items()},
    )


def report_base(root: Path, base: Path | None = None) -> Path:
    """The folder report paths are relative to: ``base``, else the git top, else ``root``."""
    from svcstd.git import find_top

    if base is not None:
        return base.resolve()
    return find_top(root) or root.resolve()


def relocate(report: LintReport, base: Path) -> LintReport:
    """The same report with every file named relative to ``base`` (POSIX separators)."""
    names: dict[str, str] = {}
    # Every file lint names is the root's display name plus its path below the root, so
    # renaming is swapping one prefix for another: no resolve() per file (10,000 of them).
    shown = display_path(report.root)
    old_prefix = "" if shown == "." else shown.rstrip("/") + "/"
    inside = _relative(str(report.root), base)
    swap = not os.path.isabs(inside)  # else (a --base inside the root) name each file
    new_prefix = "" if inside == "." else inside + "/"

    def name(file: str) -> str:
        if file not in names:
            if swap and file.startswith(old_prefix) and (old_prefix or not os.path.isabs(file)):
                names[file] = new_prefix + Path(file[len(old_prefix) :]).as_posix()
            else:
                names[file] = _relative(file, base)
        return names[file]

    def move(f: Finding) -> Finding:
        return replace(f, file=name(f.file))

    # The text reporter shows source lines; read them now, through the names that open.
    sources = {name(f.file): report.lines(f.file) for f in report.findings}
    return replace(
        report,
        findings=[move(f) for f in report.findings],
        files=[name(file) for file in report.files],
        suppressed=[(move(f), why) for f, why in report.suppressed],
        waived=[(move(f), w) for f, w in report.waived],
        sources=sources,
        base=base,
    )


def _relative(file: str, base: Path) -> str:
    """``file`` below ``base`` as a relative POSIX path; elsewhere, its absolute path."""
    path = Path(file).resolve()
    try:
        return path.relative_to(base).as_posix()
    except ValueError:
        return path.as_posix()
