"""Durations, deadlines, cadences, hours and dates, written out in English and Indonesian."""

from __future__ import annotations

from datetime import date

import pytest

from svcstd.durations import parse_cadence, parse_deadline, parse_duration
from svcstd.errors import UsageError
from svcstd.i18n import check_language, translator, wording

WEEKDAYS = ["mon", "tue", "wed", "thu", "fri"]
EVERY_DAY = [*WEEKDAYS, "sat", "sun"]
EN_DASH = "\N{EN DASH}"


@pytest.mark.parametrize(
    ("text", "en", "id_"),
    [("15m", "15 minutes", "15 menit"), ("1m", "1 minute", "1 menit"), ("1h", "1 hour", "1 jam"),
     ("1.5h", "1.5 hours", "1,5 jam"), ("4 business hours", "4 business hours", "4 jam kerja"),
     ("1 business hour", "1 business hour", "1 jam kerja"),
     ("2 business days", "2 business days", "2 hari kerja"), ("1w", "1 week", "1 minggu"),
     ("3 days", "3 days", "3 hari")],
)  # fmt: skip
def test_durations(text: str, en: str, id_: str) -> None:
    assert wording.duration(parse_duration(text), "en") == en
    assert wording.duration(parse_duration(text), "id") == id_
    # The text as written in the data (whois reads JSON) gives the same words.
    assert wording.duration(text, "id") == id_


def test_within_a_duration() -> None:
    assert wording.within("15m", "en") == "within 15 minutes"
    assert wording.within("15m", "id") == "dalam 15 menit"
    assert wording.within(None, "id") == ""


@pytest.mark.parametrize(
    ("text", "en", "id_"),
    [("monthly on day 25", "monthly on day 25", "setiap bulan tanggal 25"),
     ("weekly on friday at 12:00", "every Friday at 12:00", "setiap hari Jumat pukul 12:00"),
     ("monthly on the last working day", "on the last working day of the month",
      "setiap bulan pada hari kerja terakhir"),
     ("monthly on working day 3", "on working day 3 of the month",
      "setiap bulan pada hari kerja ke-3"),
     ("monthly on the last day", "on the last day of the month", "setiap akhir bulan"),
     ("daily at 17:00", "every day at 17:00", "setiap hari pukul 17:00")],
)  # fmt: skip
def test_deadlines(text: str, en: str, id_: str) -> None:
    assert wording.deadline(parse_deadline(text), "en") == en
    assert wording.deadline(parse_deadline(text), "id") == id_


@pytest.mark.parametrize("text", ["weekly", "monthly", "by the 25th", ""])
def test_text_that_is_no_deadline_is_shown_as_written(text: str) -> None:
    assert wording.deadline(text, "id") == text


def test_cadences() -> None:
    assert wording.cadence(parse_cadence("every 6 months"), "en") == "every 6 months"
    assert wording.cadence(parse_cadence("every 6 months"), "id") == "setiap 6 bulan"
    assert wording.cadence(parse_cadence("every 2 weeks"), "en") == "every 2 weeks"
    assert wording.cadence(parse_cadence("quarterly"), "id") == "triwulanan"
    assert wording.cadence("every 1 month", "en") == "monthly"
    assert wording.cadence("now and then", "id") == "now and then"


def test_dates_and_numbers_follow_the_locale() -> None:
    assert wording.long_date(date(2026, 3, 1), "en") == "1 March 2026"
    assert wording.long_date("2026-08-17", "id") == "17 Agustus 2026"
    assert wording.long_date("not a date", "id") == "not a date"
    assert (wording.number(3.84, "en"), wording.number(3.84, "id")) == ("3.8", "3,8")


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
    assert wording.hours(days, hours, "en") == en.replace("-", EN_DASH)
    assert wording.hours(days, hours, "id") == id_.replace("-", EN_DASH)


def test_days_in_any_order_read_in_week_order() -> None:
    assert wording.day_ranges(["fri", "mon", "wed", "tue", "thu"], "en") == f"Mon{EN_DASH}Fri"


def test_unknown_language_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="unknown language 'fr'"):
        check_language("fr")
    with pytest.raises(UsageError) as raised:
        translator("idd")
    assert raised.value.hint == "did you mean 'id'?"
