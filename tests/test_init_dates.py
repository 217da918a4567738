"""``svcstd init`` moves the example's dates so that a new repository lints clean on its first day.

No test reads the clock: the first day comes from ``--as-of`` or SOURCE_DATE_EPOCH, and
the one run without either asserts what must hold on whatever day it runs.
"""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
import yaml

from svcstd.commands.init import run_init
from svcstd.lint.engine import lint_path
from svcstd.rebase import rebase_dates
from tests.conftest import example_dir

DATE_KEYS = ("last", "effective", "until", "expires")


def svcstd(
    *args: str, cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run the real command line; SOURCE_DATE_EPOCH only when the test sets it."""
    inherited = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    run_env = {**inherited, "NO_COLOR": "1", **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "svcstd", *args],
        cwd=cwd,
        env=run_env,
        capture_output=True,
        text=True,
        check=False,
    )


def dated_fields(root: Path) -> dict[tuple[str, str], date]:
    """(file, field path) -> date, for every document date, read with a YAML parser."""
    found: dict[tuple[str, str], date] = {}
    for path in sorted(root.rglob("*.yaml")):
        rel = path.relative_to(root).as_posix()
        if rel == "svcstd.yaml" or rel.startswith("."):
            continue
        _walk(yaml.safe_load(path.read_text(encoding="utf-8")), rel, "", found)
    return found


def _walk(node: Any, rel: str, where: str, found: dict[tuple[str, str], date]) -> None:
    if not isinstance(node, dict | list):
        return
    for key, value in node.items() if isinstance(node, dict) else enumerate(node):
        path = f"{where}/{key}"
        if isinstance(value, date) and key in DATE_KEYS:
            found[rel, path] = value
        else:
            _walk(value, rel, path, found)


def _lint_clean(root: Path, day: date) -> list[str]:
    return [f"{f.file}:{f.line} {f.rule}" for f in lint_path(root, day, use_cache=False).findings]


@pytest.mark.parametrize(
    "day",
    # The days the bundled example stops being clean, a leap day, month and year ends,
    # and a day far ahead.
    ["2026-12-21", "2027-06-02", "2028-02-29", "2027-01-31", "2026-12-31", "2030-01-01"],
)
def test_a_new_repository_lints_clean_on_its_first_day(tmp_path: Path, day: str) -> None:
    first = date.fromisoformat(day)
    assert run_init(tmp_path / "demo", first) == 0
    assert _lint_clean(tmp_path / "demo", first) == []


def test_the_bundled_example_itself_is_not_clean_on_those_days(tmp_path: Path) -> None:
    # Without the move, the same days report overdue reviews: the test above means something.
    assert _lint_clean(example_dir(), date(2026, 12, 21)) != []
    assert _lint_clean(example_dir(), date(2030, 1, 1)) != []


def test_every_document_date_moves_by_the_same_number_of_days(tmp_path: Path) -> None:
    first = date(2030, 1, 1)
    run_init(tmp_path / "demo", first)
    before, after = dated_fields(example_dir()), dated_fields(tmp_path / "demo")
    assert before.keys() == after.keys()
    assert {k[1].rsplit("/", 1)[1] for k in before} >= {"last", "effective", "until"}
    shifts = {after[k] - before[k] for k in before}
    assert len(shifts) == 1
    newest = max(v for k, v in after.items() if k[1].endswith(("/last", "/effective")))
    assert newest == first
    # Reviews stay in the past and temporary contracts in the future, as in the example.
    assert all(v <= first for k, v in after.items() if k[1].endswith("/last"))
    assert any(v > first for k, v in after.items() if k[1].endswith("/until"))


def test_holidays_comments_and_quoting_are_kept(tmp_path: Path) -> None:
    run_init(tmp_path / "demo", date(2030, 1, 1))
    config = "svcstd.yaml"
    assert (tmp_path / "demo" / config).read_text() == (example_dir() / config).read_text()
    (tmp_path / "alone").mkdir()
    doc = tmp_path / "alone" / "doc.yaml"
    doc.write_text(
        'review:\n  last: "2026-01-10"   # kept comment\n'
        "effective: '2026-01-20'\nnotes: last: 2026-01-01 is text\n"
        "holders:\n  - until: 2026-02-01\n"
    )
    assert rebase_dates(doc.parent, date(2026, 1, 25)) != 0
    text = doc.read_text()
    assert 'last: "2026-01-15"   # kept comment' in text
    assert "effective: '2026-01-25'" in text
    assert "notes: last: 2026-01-01 is text" in text
    assert "  - until: 2026-02-06" in text


def test_a_first_day_too_late_for_the_dates_is_a_usage_error(tmp_path: Path) -> None:
    refused = svcstd("init", "demo", "--as-of", "9999-12-31", cwd=tmp_path)
    assert refused.returncode == 2, refused.stderr
    # Refused with the one range every date option has, before anything is written.
    assert "is outside the dates svcstd accepts" in refused.stderr
    assert not (tmp_path / "demo").exists()
    assert list(tmp_path.iterdir()) == []


def test_the_default_first_day_is_today_in_the_configured_time_zone(tmp_path: Path) -> None:
    # 20:00 UTC on 30 November is already 1 December in Jakarta (the example's zone).
    epoch = str(int(datetime.fromisoformat("2026-11-30T20:00:00+00:00").timestamp()))
    made = svcstd("init", "demo", cwd=tmp_path, env={"SOURCE_DATE_EPOCH": epoch})
    assert made.returncode == 0, made.stderr
    fields = dated_fields(tmp_path / "demo")
    newest = max(v for k, v in fields.items() if k[1].endswith(("/last", "/effective")))
    assert newest == date(2026, 12, 1)


def test_before_the_jakarta_midnight_the_first_day_is_still_the_utc_day(tmp_path: Path) -> None:
    # 16:59 UTC is 23:59 in Jakarta: the near miss of the test above.
    epoch = str(int(datetime.fromisoformat("2026-11-30T16:59:00+00:00").timestamp()))
    made = svcstd("init", "demo", cwd=tmp_path, env={"SOURCE_DATE_EPOCH": epoch})
    assert made.returncode == 0, made.stderr
    fields = dated_fields(tmp_path / "demo")
    newest = max(v for k, v in fields.items() if k[1].endswith(("/last", "/effective")))
    assert newest == date(2026, 11, 30)


def test_init_then_lint_without_dates_is_clean_on_any_day(tmp_path: Path) -> None:
    """What a new user does: both commands judge 'today', whatever day the test runs."""
    made = svcstd("init", "demo", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    linted = svcstd("lint", "demo", cwd=tmp_path)
    assert linted.returncode == 0, linted.stdout
    assert linted.stdout.strip().splitlines()[-1] == "93 documents checked: clean"


README = Path(__file__).resolve().parents[1] / "README.md"


@pytest.mark.parametrize("day", ["2026-11-30", "2026-12-21", "2027-06-02", "2030-01-01"])
def test_the_readme_promise_about_the_example_holds_on_any_day(tmp_path: Path, day: str) -> None:
    """The README: exit 0 on any day; clean as of the example's own date; warnings later."""
    text = " ".join(README.read_text(encoding="utf-8").split())
    assert (
        "`svcstd lint standards --as-of 2026-11-30` prints `119 documents checked: clean`" in text
    )
    linted = svcstd("lint", str(example_dir()), "--no-cache", "--as-of", day, cwd=tmp_path)
    assert linted.returncode == 0, linted.stdout
    last = linted.stdout.strip().splitlines()[-1]
    if day == "2026-11-30":
        assert last == "119 documents checked: clean"
    else:
        assert last.startswith("119 documents checked: 0 errors, ") and "warnings" in last
