"""Lint on a repository large enough for worker processes: the same report as checking in one
process, the planted findings exactly, and one clean JSON document on stdout."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from svcstd.lint import scan
from svcstd.lint.engine import lint_path
from svcstd.lint.state import report_to_json

BENCH = Path(__file__).resolve().parents[1] / "bench"
AS_OF = "2026-11-23"


@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated organisation of about 500 files, with planted violations."""
    if not BENCH.is_dir():
        pytest.skip("the bench/ folder ships only with the repository")
    out = tmp_path_factory.mktemp("large") / "org"
    sizes = ["--teams", "10", "--roles", "100", "--standards", "60", "--sops", "320"]
    subprocess.run(
        [sys.executable, str(BENCH / "generate.py"), str(out), *sizes, "--plant", "8"],
        check=True,
        capture_output=True,
    )
    assert len(list(out.rglob("*.yaml"))) >= scan.PARALLEL_FROM
    return out


def test_workers_give_the_report_of_one_process(
    large: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(large)
    as_of = date.fromisoformat(AS_OF)
    together = report_to_json(lint_path(large, as_of, use_cache=False))
    monkeypatch.setattr(scan, "PARALLEL_FROM", 10**9)  # everything in this process
    alone = report_to_json(lint_path(large, as_of, use_cache=False))
    assert together == alone and together["findings"]


def test_the_command_prints_one_report_with_exactly_the_planted_findings(large: Path) -> None:
    for extra in (["--no-cache"], [], []):  # no cache, then a cold and a warm one
        done = subprocess.run(
            [sys.executable, "-m", "svcstd", "lint", "--format", "json", "--as-of", AS_OF, *extra],
            cwd=large,
            capture_output=True,
            text=True,
        )
        assert done.returncode == 1, done.stderr
        found = sorted(
            f"{f['file']}:{f['line']} {f['rule']}" for f in json.loads(done.stdout)["findings"]
        )
        expected = (large / "expected-findings.txt").read_text().splitlines()
        assert found == sorted(line for line in expected if line)
