"""The benchmark runs end to end at a tiny size (no timing is asserted: that is its own job)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "bench"


@pytest.mark.skipif(not BENCH.is_dir(), reason="the bench/ folder ships only with the repository")
def test_benchmark_runs_and_checks_the_planted_findings(tmp_path: Path) -> None:
    results = tmp_path / "RESULTS.md"
    cmd = [
        sys.executable,
        str(BENCH / "run.py"),
        "--size",
        "tiny",
        "--runs",
        "1",
        "--workdir",
        str(tmp_path / "work"),
        "--results",
        str(results),
    ]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    text = results.read_text()
    assert "lint reported exactly the planted findings: yes" in text
    for row in (
        "floor: parse every file",
        "svcstd lint, cold",
        "svcstd lint, warm",
        "svcstd lint, one file changed",
        "svcstd whois",
        "svcstd --version",
        "svcstd diff, 10 of 10,000",
        "svcstd render --format html",
        "svcstd render --format pdf",
        "floor: typst.compile alone",
        "svcstd render --format html,pdf,md",
    ):
        assert f"| {row}" in text


def test_generator_is_deterministic(tmp_path: Path) -> None:
    for name in ("a", "b"):
        subprocess.run(
            [
                sys.executable,
                str(BENCH / "generate.py"),
                str(tmp_path / name),
                "--teams",
                "4",
                "--roles",
                "12",
                "--standards",
                "3",
                "--sops",
                "5",
                "--plant",
                "3",
            ],
            check=True,
            capture_output=True,
        )
    files_a = sorted(
        p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*") if p.is_file()
    )
    files_b = sorted(
        p.relative_to(tmp_path / "b") for p in (tmp_path / "b").rglob("*") if p.is_file()
    )
    assert files_a == files_b and len(files_a) > 20
    assert all(
        (tmp_path / "a" / f).read_bytes() == (tmp_path / "b" / f).read_bytes() for f in files_a
    )
    assert len((tmp_path / "a" / "expected-findings.txt").read_text().splitlines()) == 3
