"""The benchmark runs end to end at a tiny size (no timing is asserted: that is its own job)."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path
from types import ModuleType

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
    assert "**FAILED**" not in text
    assert "| svcstd lint, cold (no cache) |" in text and "<= 500 MB" in text
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


def _bench_module(name: str) -> ModuleType:
    """bench/NAME.py, imported from its path (bench/ is not a package)."""
    spec = importlib.util.spec_from_file_location(f"bench_{name}", BENCH / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while building
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    return _bench_module("run")


def test_a_command_exiting_with_another_status_fails_its_row_loudly(
    bench: ModuleType, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    crash = [sys.executable, "-c", "import sys; sys.stderr.write('kaput\\n'); sys.exit(3)"]
    row = bench._limit(bench.measure("svcstd diff", crash, tmp_path, 2), 1.0)
    assert row.ok is False
    assert row.failure.startswith("exit 3, expected 0") and "kaput" in row.failure
    assert "FAILED: svcstd diff: exit 3" in capsys.readouterr().err
    results = tmp_path / "RESULTS.md"
    bench.write_results(results, "tiny", [row], True)
    assert "| svcstd diff | - | - | - | <= 1.0 s | **FAILED**: exit 3, expected 0" in (
        results.read_text()
    )
    assert bench.exit_status([row], True, False) == 1


def test_the_expected_status_is_exact(bench: ModuleType, tmp_path: Path) -> None:
    # Lint must exit 1 on the planted errors: exiting 0 would mean it missed them.
    clean = [sys.executable, "-c", "pass"]
    assert bench.measure("lint", clean, tmp_path, 1, expect=(1,)).failure.startswith(
        "exit 0, expected 1"
    )
    found = [sys.executable, "-c", "raise SystemExit(1)"]
    row = bench.measure("lint", found, tmp_path, 1, expect=(1,))
    assert row.failure == "" and len(row.times) == 1
    assert bench.exit_status([row], True, False) == 0


def test_a_missing_program_or_command_is_a_failed_row_not_a_dropped_one(
    bench: ModuleType, tmp_path: Path
) -> None:
    missing = bench.measure("tool", [str(tmp_path / "no-such-tool")], tmp_path, 1)
    assert missing.failure.startswith("cannot run") and missing.ok is False
    unknown = bench.measure("svcstd frobnicate", [*bench.SVCSTD, "frobnicate"], tmp_path, 1)
    assert unknown.failure.startswith("exit 2, expected 0")
    assert bench.exit_status([missing], True, False) == 1


def test_lint_rows_must_stay_within_500_mb(bench: ModuleType) -> None:
    def row(peak: float) -> object:
        return bench._memory(bench.Measure("svcstd lint", [0.1], peak))

    assert row(500.0).ok is True  # type: ignore[attr-defined]
    assert row(500.1).ok is False  # type: ignore[attr-defined]
    # Both targets of a row count: fast but too big is not met, nor small but slow.
    floor = bench.Measure("floor", [1.0], 10.0)
    fast_big = bench._memory(bench._ratio(bench.Measure("lint", [0.5], 900.0), floor, 1.5))
    slow_small = bench._memory(bench._ratio(bench.Measure("lint", [2.0], 90.0), floor, 1.5))
    assert (fast_big.ok, slow_small.ok) == (False, False)
    assert fast_big.target == "<= 1.5 x floor (1.50 s); <= 500 MB"
    assert bench.exit_status([fast_big], True, check_targets=True) == 1
    assert bench.exit_status([fast_big], True, check_targets=False) == 0


def test_peak_memory_is_the_child_s_own(bench: ModuleType, tmp_path: Path) -> None:
    grow = [sys.executable, "-c", "b = bytearray(64 * 2**20); b[::4096] = b'x' * len(b[::4096])"]
    assert bench.measure("grow", grow, tmp_path, 1).peak_mb >= 64


def test_every_family_of_organisation_rules_is_planted(bench: ModuleType, tmp_path: Path) -> None:
    import svcstd.lint.rules  # noqa: F401  (registers the model rules)
    from svcstd.lint.registry import RULES

    # The pipeline's own families (YAML, schema, suppressions) are not organisation rules.
    families = {
        r.family
        for r in RULES.values()
        if r.scope == "organisation" and r.family not in ("yaml", "schema", "lint")
    }
    assert {"organisation", "coverage", "lifecycle"} <= families  # the registry is loaded
    out = tmp_path / "org"
    sizes = [f"--{k}={v}" for k, v in bench.SIZES["small"].items()]
    subprocess.run(
        [sys.executable, str(BENCH / "generate.py"), str(out), "--plant", str(bench.PLANT), *sizes],
        check=True,
        capture_output=True,
    )
    planted = (out / "expected-findings.txt").read_text().splitlines()
    assert len(planted) == bench.PLANT
    assert families <= {line.rsplit(" ", 1)[1].split("/")[0] for line in planted}
    # At this size too, lint reports exactly what was planted (one finding each).
    assert bench.check_findings(out)
