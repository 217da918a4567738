"""The case corpus: each tests/cases/<case>/ is a small repository with its expected findings.

A case is the _base repository, with the files listed under ``delete`` in case.yaml
removed and the files under ``files/`` laid over it. ``expected.txt`` lists one
finding a line as ``file:line:column rule`` (paths relative to the repository).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from svcstd.lint.engine import lint_path
from tests.conftest import CASES, build_case

AS_OF = date(2026, 11, 23)
CASE_NAMES = sorted(p.name for p in CASES.iterdir() if p.is_dir() and not p.name.startswith("_"))


def _expected(name: str) -> list[str]:
    lines = (CASES / name / "expected.txt").read_text().splitlines()
    return sorted(line.strip() for line in lines if line.strip() and not line.startswith("#"))


@pytest.mark.parametrize("name", CASE_NAMES)
def test_case_findings(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = build_case(name, tmp_path / "repo")
    monkeypatch.chdir(repo)
    report = lint_path(repo, AS_OF)
    got = sorted(f"{f.file}:{f.line}:{f.column} {f.rule}" for f in report.findings)
    assert got == _expected(name)


def test_base_is_clean(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = build_case("_base", tmp_path / "repo")
    monkeypatch.chdir(repo)
    assert lint_path(repo, AS_OF).findings == []
