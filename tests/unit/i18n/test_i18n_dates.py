"""Long dates come from a table Babel made (dates.json): it must say what Babel says."""

from __future__ import annotations

import json
from datetime import date, timedelta
from importlib import resources

import pytest
from babel.dates import format_date

from svcstd.i18n import dates, wording


@pytest.mark.parametrize("lang", sorted(dates.LOCALES))
@pytest.mark.parametrize("year", [2024, 2026])  # a leap year and a common one
def test_every_day_reads_as_babel_writes_it(lang: str, year: int) -> None:
    day, wrong = date(year, 1, 1), []
    while day.year == year:
        ours, babel = wording.long_date(day, lang), format_date(day, "long", dates.LOCALES[lang])
        if ours != babel:
            wrong.append((day.isoformat(), ours, babel))
        day += timedelta(days=1)
    assert wrong == []


def test_the_shipped_table_is_the_one_babel_makes_today() -> None:
    shipped = resources.files("svcstd.i18n").joinpath("dates.json").read_text(encoding="utf-8")
    assert json.loads(shipped) == dates.generate(), "run: python -m svcstd.i18n.dates"


def test_the_indonesian_long_date_is_indonesian() -> None:
    assert wording.long_date("2026-03-01", "id") == "1 Maret 2026"
    assert wording.long_date(date(2026, 8, 17), "id") == "17 Agustus 2026"
    assert wording.long_date("2026-03-01", "en") == "1 March 2026"
    assert wording.long_date("not a date", "en") == "not a date"
    assert wording.long_date(None, "id") == ""


def test_a_command_that_prints_dates_does_not_load_babel() -> None:
    import subprocess
    import sys

    code = (
        "import sys; from svcstd.i18n import wording; wording.long_date('2026-03-01', 'id'); "
        "print(any(m == 'babel' or m.startswith('babel.') for m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
