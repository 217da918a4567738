"""Shared fixtures: the example organisation and case repositories copied into tmp_path."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

TESTS = Path(__file__).parent
CASES = TESTS / "cases"


def example_dir() -> Path:
    """The bundled example organisation, wherever svcstd is installed."""
    from svcstd.resources import data_dir

    return data_dir("example")


@pytest.fixture
def example(tmp_path: Path) -> Path:
    """A private, writable copy of the example organisation."""
    target = tmp_path / "standards"
    # A developer's whois or lint run may have left a cache beside the example.
    shutil.copytree(example_dir(), target, ignore=shutil.ignore_patterns(".svcstd-cache"))
    return target


def build_case(name: str, target: Path) -> Path:
    """Materialise tests/cases/<name>: the _base repository, minus deletions, plus overlays."""
    import yaml

    case = CASES / name
    shutil.copytree(CASES / "_base", target)
    spec = yaml.safe_load((case / "case.yaml").read_text()) if (case / "case.yaml").exists() else {}
    for rel in (spec or {}).get("delete", []):
        (target / rel).unlink()
    if (case / "files").is_dir():
        shutil.copytree(case / "files", target, dirs_exist_ok=True)
    return target


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):  # type: ignore[no-untyped-def]
    """In CI (SVCSTD_REQUIRE_TOOLS=1) a skipped test is a failure: every real part must run."""
    outcome = yield
    report = outcome.get_result()
    if (
        report.skipped
        and os.environ.get("SVCSTD_REQUIRE_TOOLS") == "1"
        and not hasattr(report, "wasxfail")
    ):
        report.outcome = "failed"
        report.longrepr = f"skipped in CI, where every tool is installed: {report.longrepr}"
