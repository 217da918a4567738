"""One formatter for service hours: whois, the handbook and the digest all print its text."""

from __future__ import annotations

import pytest

from svcstd.hours import day_ranges, format_hours
from svcstd.render.labels import LABELS

WEEKDAYS = ["mon", "tue", "wed", "thu", "fri"]
EVERY_DAY = [*WEEKDAYS, "sat", "sun"]
EN_DASH = "\N{EN DASH}"


@pytest.mark.parametrize(
    ("days", "hours", "en", "id_"),
    [
        (WEEKDAYS, "08:00-17:00", "Mon-Fri 08:00-17:00", "Sen-Jum 08:00-17:00"),
        (EVERY_DAY, "00:00-24:00", "24/7", "24/7"),
        # Every day but not around the clock is a range, not 24/7.
        (EVERY_DAY, "06:00-23:00", "Mon-Sun 06:00-23:00", "Sen-Min 06:00-23:00"),
        # Around the clock on weekdays only is not 24/7 either.
        (WEEKDAYS, "00:00-24:00", "Mon-Fri 00:00-24:00", "Sen-Jum 00:00-24:00"),
        (["mon", "wed", "fri"], "09:00-12:00", "Mon, Wed, Fri 09:00-12:00",
         "Sen, Rab, Jum 09:00-12:00"),
        (["sat", "sun"], "10:00-14:00", "Sat, Sun 10:00-14:00", "Sab, Min 10:00-14:00"),
        (["mon", "tue", "wed", "fri"], "08:00-12:00", "Mon-Wed, Fri 08:00-12:00",
         "Sen-Rab, Jum 08:00-12:00"),
    ],
)  # fmt: skip
def test_hours_in_both_languages(days: list[str], hours: str, en: str, id_: str) -> None:
    # Written with hyphens here for legibility; the output uses en dashes throughout.
    assert format_hours(days, hours, "en") == en.replace("-", EN_DASH)
    assert format_hours(days, hours, "id") == id_.replace("-", EN_DASH)


def test_ranges_use_en_dashes_not_hyphens() -> None:
    text = format_hours(WEEKDAYS, "08:00-17:00")
    assert text == f"Mon{EN_DASH}Fri 08:00{EN_DASH}17:00" and "-" not in text


def test_days_in_any_order_read_in_week_order() -> None:
    assert day_ranges(["fri", "mon", "wed", "tue", "thu"]) == f"Mon{EN_DASH}Fri"


def test_every_language_names_seven_weekdays() -> None:
    for lang, table in LABELS.items():
        assert len(table["weekdays_short"].split()) == 7, lang
