"""Durations, deadlines, cadences and dates written out for people, in English or Indonesian."""

from __future__ import annotations

import re
from datetime import date

from svcstd.durations import (
    CADENCE_RE,
    DEADLINE_RE,
    DURATION_RE,
    UNIT_ALIASES,
    Cadence,
    Deadline,
    Duration,
)
from svcstd.model import RelativeDue

# unit -> (singular, plural) per language; Indonesian does not inflect.
_UNITS: dict[str, dict[str, tuple[str, str]]] = {
    "en": {
        "m": ("minute", "minutes"),
        "h": ("hour", "hours"),
        "d": ("day", "days"),
        "w": ("week", "weeks"),
        "month": ("month", "months"),
        "quarter": ("quarter", "quarters"),
        "year": ("year", "years"),
        "day": ("day", "days"),
        "week": ("week", "weeks"),
    },
    "id": {
        "m": ("menit", "menit"),
        "h": ("jam", "jam"),
        "d": ("hari", "hari"),
        "w": ("minggu", "minggu"),
        "month": ("bulan", "bulan"),
        "quarter": ("triwulan", "triwulan"),
        "year": ("tahun", "tahun"),
        "day": ("hari", "hari"),
        "week": ("minggu", "minggu"),
    },
}
_LOCALES = {"en": "en_GB", "id": "id_ID"}
_BUSINESS = {"en": "business {unit}", "id": "{unit} kerja"}
_WEEKDAYS = {
    "en": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
    "id": ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"],
}
_DEADLINE = {
    "en": {
        "daily": "every day",
        "weekly": "every {weekday}",
        "day": "monthly on day {n}",
        "last": "on the last day of the month",
        "working": "on working day {n} of the month",
        "last_working": "on the last working day of the month",
        "at": "{text} at {time}",
    },
    "id": {
        "daily": "setiap hari",
        "weekly": "setiap hari {weekday}",
        "day": "setiap tanggal {n}",
        "last": "pada hari terakhir setiap bulan",
        "working": "pada hari kerja ke-{n} setiap bulan",
        "last_working": "pada hari kerja terakhir setiap bulan",
        "at": "{text} pukul {time}",
    },
}
_CADENCE_WORDS = {
    "en": {
        "day": "daily",
        "week": "weekly",
        "month": "monthly",
        "quarter": "quarterly",
        "year": "yearly",
        "every": "every {n} {unit}",
    },
    "id": {
        "day": "harian",
        "week": "mingguan",
        "month": "bulanan",
        "quarter": "triwulanan",
        "year": "tahunan",
        "every": "setiap {n} {unit}",
    },
}


def _number(text: str) -> str:
    return text[:-2] if text.endswith(".0") else text


def duration(value: Duration | None, lang: str) -> str:
    """'4 business hours' → '4 jam kerja'; text that does not parse is shown as written."""
    if value is None:
        return ""
    m = DURATION_RE.match(" ".join(value.text.lower().split()))
    key = UNIT_ALIASES.get(m["unit"]) if m else None
    if m is None or key is None:
        return value.text
    singular, plural = _UNITS[lang][key]
    unit = singular if float(m["n"]) == 1 else plural
    if m["business"]:
        unit = _BUSINESS[lang].format(unit=unit)
    return f"{_number(m['n'])} {unit}"


def deadline(value: Deadline | None, lang: str) -> str:
    """'monthly on day 25' → 'setiap tanggal 25'."""
    if value is None:
        return ""
    m = DEADLINE_RE.match(" ".join(value.text.strip().lower().split()))
    if m is None:
        return value.text
    words = _DEADLINE[lang]
    text = _deadline_day(m, words, lang)
    return words["at"].format(text=text, time=m["time"]) if m["time"] else text


def _deadline_day(m: re.Match[str], words: dict[str, str], lang: str) -> str:
    if m["period"] == "daily":
        return words["daily"]
    if m["weekday"]:
        index = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
        return words["weekly"].format(weekday=_WEEKDAYS[lang][index.index(m["weekday"])])
    if m["day"]:
        return words["day"].format(n=int(m["day"]))
    if m["working_day"]:
        return words["working"].format(n=int(m["working_day"]))
    return words["last_working"] if m["last_working"] else words["last"]


def cadence(value: Cadence | None, lang: str) -> str:
    """'every 6 months' → 'setiap 6 bulan'; 'monthly' → 'bulanan'."""
    if value is None:
        return ""
    if not CADENCE_RE.match(" ".join(value.text.strip().lower().split())):
        return value.text
    words = _CADENCE_WORDS[lang]
    if value.count == 1:
        return words[value.unit]
    plural = _UNITS[lang][value.unit][1]
    return words["every"].format(n=value.count, unit=plural)


def long_date(value: date | str | None, lang: str) -> str:
    """A date in the language's long form (Babel): '1 March 2026', '1 Maret 2026'."""
    from babel.dates import format_date

    if not value:
        return ""
    try:
        day = value if isinstance(value, date) else date.fromisoformat(value)
    except ValueError:
        return str(value)
    return str(format_date(day, format="long", locale=_LOCALES.get(lang, lang)))


def relative(value: RelativeDue | None, lang: str) -> str:
    """A date-relative target in words: 'by 10:00 on the next business day'."""
    from svcstd.relative import words

    return "" if value is None else words(value, lang)
