"""Library holidays are looked up for the years of the export itself, not a fixed window:
an export from 2031 without --from/--to counts 2031's holidays."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from svcstd.measure.run import Request, measure
from svcstd.pipeline import load_organisation

HEADER = "ticket,standard,target,opened,first_response,resolved\n"
# Christmas Day 2031 is a Thursday and a public holiday in Indonesia (the office calendar's
# country). Opened at 16:00 the day before, resolved at 09:00 the day after: one business
# hour before and one after the holiday, 2 hours; 11 hours if the 25th were a working day.
ROW = "{ticket},admin-invoicing,deposit-invoice,{day}T16:00,{day}T16:30,{after}T09:00\n"


def resolve(example: Path, tmp_path: Path, rows: str, **options: Any) -> dict[str, Any]:
    export = tmp_path / "export.csv"
    export.write_text(HEADER + rows, encoding="utf-8")
    report = measure(load_organisation(example), Request([export], **options))
    [found] = [
        r
        for r in report["targets"]
        if (r["standard"], r["target"], r["metric"])
        == ("admin-invoicing", "deposit-invoice", "resolve")
    ]
    return found


@pytest.mark.parametrize(
    "options",
    [{}, {"start": date(2031, 12, 1), "stop": date(2031, 12, 31)}, {"as_of": date(2032, 1, 31)}],
)
def test_holidays_of_the_exports_own_year(example: Path, tmp_path: Path, options: Any) -> None:
    found = resolve(
        example, tmp_path, ROW.format(ticket="A-1", day="2031-12-24", after="2031-12-26"), **options
    )
    assert found["median_minutes"] == 120.0  # the 25th is not counted
    assert (found["met"], found["breached"]) == (1, 0)  # within 4 business hours


def test_a_working_day_next_to_it_still_counts(example: Path, tmp_path: Path) -> None:
    # The same hours a week earlier: the 18th is a working Thursday, so 1 + 9 + 1 hours.
    found = resolve(
        example, tmp_path, ROW.format(ticket="A-2", day="2031-12-17", after="2031-12-19")
    )
    assert found["median_minutes"] == 660.0
    assert (found["met"], found["breached"]) == (0, 1)


def test_years_far_apart_in_one_export(example: Path, tmp_path: Path) -> None:
    # 2019 and 2031 in one export: each row is counted on its own year's holidays.
    rows = ROW.format(ticket="B-1", day="2019-12-24", after="2019-12-26")  # Christmas: Wednesday
    rows += ROW.format(ticket="B-2", day="2031-12-24", after="2031-12-26")
    found = resolve(example, tmp_path, rows)
    assert (found["met"], found["breached"]) == (2, 0)
    assert found["p90_minutes"] == 120.0


RUN = (
    "import sys\nfrom svcstd.cli import main\n"
    "try:\n    main()\nexcept SystemExit:\n    pass\n"
    "print('holidays' in sys.modules, 'numpy.ma' in sys.modules, file=sys.stderr)\n"
)


def test_second_run_takes_holidays_from_the_cache(example: Path, tmp_path: Path) -> None:
    import subprocess
    import sys

    export = tmp_path / "export.csv"
    export.write_text(HEADER + ROW.format(ticket="C-1", day="2031-12-24", after="2031-12-26"))
    command = [sys.executable, "-c", RUN, "measure", str(export), "-C", str(example), "-f", "json"]
    first = subprocess.run(command, capture_output=True, text=True)
    assert first.stderr.split()[-2:] == ["True", "False"]  # the package was asked once
    assert (example / ".svcstd-cache" / "measure-holidays.json").is_file()
    second = subprocess.run(command, capture_output=True, text=True)
    assert second.stderr.split()[-2:] == ["False", "False"]  # not imported again
    assert second.stdout == first.stdout and '"median_minutes":120.0' in second.stdout


def test_a_changed_calendar_is_not_answered_from_the_cache(example: Path, tmp_path: Path) -> None:
    from svcstd.measure.holidaycache import HolidayCache

    org = load_organisation(example)
    office = org.config.calendars["office"].holidays
    cache = HolidayCache(example)
    christmas = cache.year(office, 2031)
    cache.save()
    assert date(2031, 12, 25) in christmas
    again = HolidayCache(example)
    assert not again.grew and again.year(office, 2031) == christmas and not again.grew
    # The same country with one more date removed is another calendar: resolved afresh.
    config = example / "svcstd.yaml"
    config.write_text(
        config.read_text().replace("- 2027-03-08", "- 2027-03-08\n        - 2031-12-25", 1)
    )
    changed = load_organisation(example).config.calendars["office"].holidays
    assert date(2031, 12, 25) not in again.year(changed, 2031) and again.grew
