"""Edition dates, review dates and the changelog's shape."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from svcstd.durations import parse_cadence
from svcstd.edition.publish import CHANGELOG_HEADER, with_entry
from svcstd.edition.schedule import add_cadence, first_working_day
from svcstd.model import Calendar
from svcstd.workdays import HolidaySet

OFFICE = Calendar(
    "office",
    ["mon", "tue", "wed", "thu", "fri"],
    "08:00-17:00",
    HolidaySet.of(["2026-06-01"]),
    None,
)


@pytest.mark.parametrize(
    ("start", "cadence", "expected"),
    [
        (date(2026, 1, 31), "monthly", date(2026, 2, 28)),
        (date(2026, 11, 15), "quarterly", date(2027, 2, 15)),
        (date(2026, 6, 1), "yearly", date(2027, 6, 1)),
        (date(2026, 6, 1), "every 2 weeks", date(2026, 6, 15)),
    ],
)
def test_add_cadence(start: date, cadence: str, expected: date) -> None:
    assert add_cadence(start, parse_cadence(cadence)) == expected


def test_first_working_day_skips_weekends_and_holidays() -> None:
    # 30 May 2026 is a Saturday and 1 June a holiday on this calendar.
    assert first_working_day(date(2026, 5, 30), OFFICE) == date(2026, 6, 2)


def test_a_new_entry_goes_first_under_the_header() -> None:
    first = with_entry(None, "## e-1 (2026-01-01)\n\none\n")
    assert first == CHANGELOG_HEADER + "\n## e-1 (2026-01-01)\n\none\n"
    second = with_entry(first, "## e-2 (2026-02-01)\n\ntwo\n")
    assert second.index("## e-2") < second.index("## e-1")
    assert second.startswith(CHANGELOG_HEADER)


def test_the_publish_workflow_template_runs_publish_if_due_with_full_history() -> None:
    import yaml

    from svcstd.resources import data_dir

    path = data_dir("templates") / "init" / ".github" / "workflows" / "svcstd-publish.yml"
    workflow = yaml.safe_load(path.read_text(encoding="utf-8"))
    steps = workflow["jobs"]["publish"]["steps"]
    assert workflow[True]["schedule"][0]["cron"]  # PyYAML reads the key 'on' as True
    assert steps[0]["with"]["fetch-depth"] == 0
    assert any(step.get("run") == "svcstd publish --if-due" for step in steps)
    assert isinstance(path, Path)


def test_init_writes_the_publish_workflow(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from svcstd.cli import app

    result = CliRunner().invoke(app, ["init", str(tmp_path / "acme")])
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "acme" / ".github" / "workflows" / "svcstd-publish.yml").is_file()


def test_an_edition_dated_at_the_end_of_time_is_a_configuration_error() -> None:
    # Only a hand-made edition tag can be dated this late; it must not be an OverflowError.
    from svcstd.build import build_config
    from svcstd.edition.schedule import next_edition_due
    from svcstd.errors import ConfigError
    from svcstd.loader import load_text
    from svcstd.resources import data_dir

    example = data_dir("example") / "svcstd.yaml"  # publication.cadence: monthly
    source = load_text(example.read_text(encoding="utf-8"), "svcstd.yaml")
    config = build_config(source.documents[0])
    assert next_edition_due(date(2999, 12, 31), config) is not None
    with pytest.raises(ConfigError, match="cannot tell when the next edition is due"):
        next_edition_due(date(9999, 12, 15), config)
