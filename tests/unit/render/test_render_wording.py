"""Durations, deadlines, cadences and dates, written out in English and Indonesian."""

from __future__ import annotations

from datetime import date

import pytest

from svcstd.durations import parse_cadence, parse_deadline, parse_duration
from svcstd.errors import UsageError
from svcstd.render import wording
from svcstd.render.labels import EN, ID, labels_for


@pytest.mark.parametrize(
    ("text", "en", "id_"),
    [("15m", "15 minutes", "15 menit"), ("1h", "1 hour", "1 jam"), ("1.5h", "1.5 hours", "1.5 jam"),
     ("4 business hours", "4 business hours", "4 jam kerja"),
     ("2 business days", "2 business days", "2 hari kerja"), ("1w", "1 week", "1 minggu")],
)  # fmt: skip
def test_durations(text: str, en: str, id_: str) -> None:
    assert wording.duration(parse_duration(text), "en") == en
    assert wording.duration(parse_duration(text), "id") == id_


@pytest.mark.parametrize(
    ("text", "en", "id_"),
    [("monthly on day 25", "monthly on day 25", "setiap tanggal 25"),
     ("weekly on friday at 12:00", "every Friday at 12:00", "setiap hari Jumat pukul 12:00"),
     ("monthly on the last working day", "on the last working day of the month",
      "pada hari kerja terakhir setiap bulan"),
     ("daily at 17:00", "every day at 17:00", "setiap hari pukul 17:00")],
)  # fmt: skip
def test_deadlines(text: str, en: str, id_: str) -> None:
    assert wording.deadline(parse_deadline(text), "en") == en
    assert wording.deadline(parse_deadline(text), "id") == id_


def test_cadences() -> None:
    assert wording.cadence(parse_cadence("every 6 months"), "en") == "every 6 months"
    assert wording.cadence(parse_cadence("every 6 months"), "id") == "setiap 6 bulan"
    assert wording.cadence(parse_cadence("quarterly"), "id") == "triwulanan"


def test_dates_follow_the_locale() -> None:
    assert wording.long_date(date(2026, 3, 1), "en") == "1 March 2026"
    assert wording.long_date("2026-08-17", "id") == "17 Agustus 2026"
    assert wording.long_date("not a date", "id") == "not a date"


def test_every_language_has_every_label() -> None:
    assert set(EN) == set(ID)
    assert ID["contents"] == "Daftar Isi" and ID["teams"] == "Tim"
    assert ID["standards"] == "Standar Layanan"


def test_unknown_language_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="unknown language 'fr'"):
        labels_for("fr")
