"""Calendar holidays: the explicit list, and a country's from the holidays package."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from svcstd.build import build_config
from svcstd.errors import ConfigError
from svcstd.loader import load_text
from svcstd.workdays import HolidaySet, working_day_on_or_before

CONFIG = """\
organisation: Test
default_calendar: office
calendars:
  office:
    days: [mon, tue, wed, thu, fri]
    hours: "08:00-17:00"
    holidays:
      {holidays}
"""


def _holidays(text: str) -> HolidaySet:
    doc = load_text(CONFIG.format(holidays=text), "svcstd.yaml").documents[0]
    return build_config(doc).calendars["office"].holidays


def test_the_package_gives_indonesian_public_holidays() -> None:
    found = _holidays("country: ID")
    assert date(2027, 8, 17) in found  # Independence Day
    assert "2026-12-25" in found  # ISO strings work as the list form did
    assert date(2026, 12, 24) not in found  # collective leave is not a public holiday


def test_collective_leave_comes_with_the_government_category() -> None:
    found = _holidays("country: ID\n      categories: [public, government]")
    assert date(2026, 12, 24) in found  # Christmas joint holiday (cuti bersama)


def test_extra_and_remove_adjust_the_package() -> None:
    found = _holidays("country: ID\n      extra: [2026-03-20]\n      remove: [2026-03-22]")
    assert date(2026, 3, 20) in found and date(2026, 3, 21) in found
    assert date(2026, 3, 22) not in found


def test_years_limit_the_package_to_published_decrees() -> None:
    found = _holidays("country: ID\n      years: [2026]\n      extra: [2027-01-01]")
    assert date(2026, 8, 17) in found
    assert found.in_year(2027) == {date(2027, 1, 1)}
    assert found.in_year(2028) == frozenset()


def test_an_unknown_country_is_a_configuration_error_naming_the_line() -> None:
    found = _holidays("country: XX")
    with pytest.raises(ConfigError, match=r"svcstd.yaml:8: calendars.office.holidays: .*XX"):
        date(2026, 1, 1) in found  # noqa: B015  (the membership test is what raises)


def test_the_list_form_is_unchanged() -> None:
    found = _holidays("- 2026-06-01")
    assert found.declared and found.in_year(2026) == {date(2026, 6, 1)}
    assert _holidays("[]").in_year(2026) == frozenset()


def test_a_deadline_on_a_holiday_moves_to_the_working_day_before() -> None:
    found = _holidays("country: ID")
    days = ["mon", "tue", "wed", "thu", "fri"]
    # 17 August 2027 is a Tuesday holiday: the working day before is Monday the 16th.
    assert working_day_on_or_before(date(2027, 8, 17), days, found) == date(2027, 8, 16)
    # 1 May 2027 is a Saturday and a holiday; Friday 30 April is not.
    assert working_day_on_or_before(date(2027, 5, 1), days, found) == date(2027, 4, 30)


def test_whois_does_not_import_the_package(example: Path) -> None:
    import subprocess
    import sys

    code = (
        "import sys; "
        "from svcstd.cli import app; from typer.testing import CliRunner; "
        f"CliRunner().invoke(app, ['whois', 'payroll', '-C', {str(example)!r}]); "
        "print('holidays' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().endswith("False")


@pytest.mark.parametrize(
    ("written", "message"),
    [
        (
            "country: Indonesia",
            '8:16: calendars.office.holidays.country: "Indonesia" is not an ISO 3166',
        ),
        (
            "country: ID\n      extras: [2026-01-02]",
            "9:7: calendars.office.holidays.extras: unknown",
        ),
        ("country: XX", "svcstd.yaml:8: calendars.office.holidays: Country XX not available"),
        ("[2026-13-01]", 'calendars.office.holidays[0]: "2026-13-01" is not a date'),
    ],
)
def test_a_wrong_holidays_field_is_told_inside_the_form_it_uses(
    tmp_path: Path, written: str, message: str
) -> None:
    from tests.test_cli import svcstd

    (tmp_path / "svcstd.yaml").write_text(CONFIG.format(holidays=written), encoding="utf-8")
    done = svcstd("lint", str(tmp_path), "--as-of", "2026-11-30")
    assert done.returncode == 2, done.stdout
    assert message in done.stderr and "Traceback" not in done.stderr
