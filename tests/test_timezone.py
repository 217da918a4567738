"""Every date svcstd derives from a moment is taken in svcstd.yaml's time zone, never the machine's.

The moment used is 2026-11-30 21:00 UTC: still the 30th in UTC and New York, already
1 December in Jakarta (the configuration's zone). Each command is run with the
machine's TZ set to each of those zones and must give the Jakarta date every time.
The clock is frozen at that moment (svcstd.clock is the only reader of it).
"""

from __future__ import annotations

import json
import os
import shutil
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, tzinfo
from pathlib import Path

import pytest

from svcstd import clock
from tests.test_diff_gitrepo import GitRepo, make_repo

MOMENT = datetime(2026, 11, 30, 21, 0, tzinfo=UTC)
MACHINE_ZONES = ["UTC", "America/New_York", "Asia/Jakarta", "Pacific/Kiritimati"]


class FrozenDatetime(datetime):
    """datetime whose now() is MOMENT, in whatever zone is asked for."""

    @classmethod
    def now(cls, tz: tzinfo | None = None) -> FrozenDatetime:  # type: ignore[override]
        moment = MOMENT.astimezone(tz) if tz else MOMENT.astimezone().replace(tzinfo=None)
        return cls.fromtimestamp(moment.timestamp(), tz)


@pytest.fixture
def frozen(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(clock, "datetime", FrozenDatetime)


@pytest.fixture(params=MACHINE_ZONES)
def machine_zone(request: pytest.FixtureRequest) -> Iterator[str]:
    """The machine's own time zone (TZ), restored afterwards."""
    old = os.environ.get("TZ")
    os.environ["TZ"] = request.param
    time.tzset()
    yield request.param
    if old is None:
        del os.environ["TZ"]
    else:
        os.environ["TZ"] = old
    time.tzset()


@pytest.fixture
def repo(tmp_path: Path) -> GitRepo:
    """The _base case (timezone: Asia/Jakarta) committed at MOMENT."""
    made = make_repo(tmp_path / "standards")
    made.write("notes.yaml.txt", "")  # something to commit at the chosen moment
    made.commit("at the moment", date=MOMENT.isoformat())
    return made


def test_a_moment_has_the_date_of_the_configured_zone() -> None:
    assert clock.local_date(MOMENT, "Asia/Jakarta") == date(2026, 12, 1)
    assert clock.local_date(MOMENT, "UTC") == date(2026, 11, 30)
    assert clock.local_date(MOMENT, "America/New_York") == date(2026, 11, 30)
    # One minute earlier it is still the 30th in Jakarta too (17:00 + 7h = midnight).
    before = datetime(2026, 11, 30, 16, 59, tzinfo=UTC)
    assert clock.local_date(before, "Asia/Jakarta") == date(2026, 11, 30)


def test_an_unknown_zone_falls_back_to_utc() -> None:
    assert clock.local_date(MOMENT, "Nowhere/Atlantis") == date(2026, 11, 30)


@pytest.mark.usefixtures("frozen")
def test_today_is_the_configured_zones_whatever_the_machines(machine_zone: str) -> None:
    assert clock.today("Asia/Jakarta") == date(2026, 12, 1)
    assert clock.today("UTC") == date(2026, 11, 30)


@pytest.mark.usefixtures("frozen")
def test_due_and_lint_judge_by_the_configured_today(repo: GitRepo, machine_zone: str) -> None:
    code, out, err = repo.run("due", "--format", "json")
    assert code in (0, 1), err
    assert json.loads(out)["as_of"] == "2026-12-01"
    # lint: a yearly review last done on 2025-11-30 is overdue from 1 December on,
    # which it is in Jakarta (and so for svcstd) whatever the machine's TZ says.
    repo.edit("services/it-pms-support.yaml", "last: 2026-06-01", "last: 2025-11-30")
    code, out, _ = repo.run("lint", "--format", "json", "--no-cache")
    rules = [f["rule"] for f in json.loads(out)["findings"]]
    assert rules == ["lifecycle/review-overdue"], out


@pytest.mark.usefixtures("frozen")
def test_the_cover_publish_and_digest_agree_on_the_date(
    repo: GitRepo, machine_zone: str, tmp_path: Path
) -> None:
    out = tmp_path / "handbook"
    code, _, err = repo.run("render", "-f", "md", "--out", str(out))
    assert code == 0, err
    assert "**Date:** 1 December 2026" in (out / "handbook.md").read_text(encoding="utf-8")
    code, out_text, err = repo.run("digest")
    assert code == 0, err
    assert "— 2026-12-01" in out_text
    code, out_text, err = repo.run("publish", "--dry-run")
    assert code == 0, err
    assert "Would publish edition-2026-12-01" in out_text
    shutil.rmtree(out)
