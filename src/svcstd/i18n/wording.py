"""The one place that writes quantities for people in the reader's language.

Durations ("4 business hours" / "4 jam kerja"), recurring deadlines ("monthly on day 25" /
"setiap bulan tanggal 25"), cadences, service hours ("Mon-Fri 08:00-17:00", en dashes),
dates and decimal numbers: whois, the handbook, digest, due, publish and the calendars all
call these functions, so a wording is fixed once, in the message catalog.

Every function accepts the parsed value or the text as written in the data; text that does
not parse is shown as written (lint reports it), never dropped.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date
from gettext import NullTranslations
from typing import Protocol

from svcstd.durations import CADENCE_RE, DEADLINE_RE, DURATION_RE, UNIT_ALIASES, WEEKDAYS
from svcstd.i18n import N_, translator

Plural = Callable[[NullTranslations, int], str]


class _Written(Protocol):
    @property
    def text(self) -> str: ...


class Relative(Protocol):
    """What the wording needs of a date-relative target (svcstd.model.RelativeDue)."""

    @property
    def relative_to(self) -> str: ...
    @property
    def day_offset(self) -> int: ...
    @property
    def business_days(self) -> bool: ...
    @property
    def at(self) -> str | None: ...
    @property
    def cutoff(self) -> str | None: ...


# Each unit's words as literal ngettext calls, so that pybabel extracts both forms and the
# catalog chooses the plural form (Indonesian has one, English two).
_UNITS: dict[str, Plural] = {
    "m": lambda tr, n: tr.ngettext("{n} minute", "{n} minutes", n),
    "h": lambda tr, n: tr.ngettext("{n} hour", "{n} hours", n),
    "d": lambda tr, n: tr.ngettext("{n} day", "{n} days", n),
    "w": lambda tr, n: tr.ngettext("{n} week", "{n} weeks", n),
}
_BUSINESS_UNITS: dict[str, Plural] = {
    "h": lambda tr, n: tr.ngettext("{n} business hour", "{n} business hours", n),
    "d": lambda tr, n: tr.ngettext("{n} business day", "{n} business days", n),
}
_EVERY: dict[str, Plural] = {
    "day": lambda tr, n: tr.ngettext("every {n} day", "every {n} days", n),
    "week": lambda tr, n: tr.ngettext("every {n} week", "every {n} weeks", n),
    "month": lambda tr, n: tr.ngettext("every {n} month", "every {n} months", n),
    "quarter": lambda tr, n: tr.ngettext("every {n} quarter", "every {n} quarters", n),
    "year": lambda tr, n: tr.ngettext("every {n} year", "every {n} years", n),
}
_CADENCE_ONCE = {
    "day": N_("daily"),
    "week": N_("weekly"),
    "month": N_("monthly"),
    "quarter": N_("quarterly"),
    "year": N_("yearly"),
}
WEEKDAY_NAMES = (
    N_("Monday"),
    N_("Tuesday"),
    N_("Wednesday"),
    N_("Thursday"),
    N_("Friday"),
    N_("Saturday"),
    N_("Sunday"),
)
# Short day names of service hours ("Mon-Fri").
WEEKDAY_SHORT = (N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"), N_("Sat"), N_("Sun"))
WEEK = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DASH = "\N{EN DASH}"
ALL_DAY = "00:00-24:00"


def _text(value: _Written | str | None) -> str:
    return value if isinstance(value, str) else value.text if value is not None else ""


def _plural_count(n: float) -> int:
    # ngettext chooses by an integer; a fraction ("1.5 hours") takes the form of 2.
    return int(n) if n == int(n) else 2


# The decimal mark per language. whois prints scores on every answer, and importing Babel's
# number data costs it ~40 ms of start-up; the two marks are all it needs.
_DECIMAL_MARK = {"en": ".", "id": ","}


def number(value: float, lang: str, digits: int = 1) -> str:
    """A decimal in the language's notation: 4.5 → '4.5' in English, '4,5' in Indonesian."""
    return f"{value:.{digits}f}".replace(".", _DECIMAL_MARK.get(lang, "."))


def _count(text: str) -> str:
    return text[:-2] if text.endswith(".0") else text


def duration(value: _Written | str | None, lang: str) -> str:
    """'4 business hours' → '4 jam kerja'; '15m' → '15 menit'."""
    text = _text(value)
    m = DURATION_RE.match(" ".join(text.lower().split()))
    unit = UNIT_ALIASES.get(m["unit"]) if m else None
    table = _BUSINESS_UNITS if m and m["business"] else _UNITS
    if m is None or unit not in table:
        return text
    n = float(m["n"])
    shown = _count(m["n"]).replace(".", _DECIMAL_MARK.get(lang, "."))
    return table[unit](translator(lang), _plural_count(n)).format(n=shown)


def within(value: _Written | str | None, lang: str) -> str:
    """'within 15 minutes' / 'dalam 15 menit'; empty when there is no duration."""
    text = duration(value, lang)
    return translator(lang).gettext("within {duration}").format(duration=text) if text else ""


def weekday(index: int, lang: str) -> str:
    """The full name of a weekday, Monday = 0."""
    return translator(lang).gettext(WEEKDAY_NAMES[index])


def deadline(value: _Written | str | None, lang: str) -> str:
    """'monthly on day 25' → 'setiap bulan tanggal 25'; with a time, '… pukul 17:00'."""
    text = _text(value)
    m = DEADLINE_RE.match(" ".join(text.strip().lower().split()))
    day = _deadline_day(m, lang) if m else None
    if m is None or day is None:
        return text  # not a deadline lint accepts: shown as written
    if not m["time"]:
        return day
    return translator(lang).gettext("{text} at {time}").format(text=day, time=m["time"])


def _deadline_day(m: re.Match[str], lang: str) -> str | None:
    tr = translator(lang)
    if m["period"] == "daily":
        return tr.gettext("every day")
    if m["weekday"]:
        name = weekday(WEEKDAYS.index(m["weekday"]), lang)
        return tr.gettext("every {weekday}").format(weekday=name)
    if m["period"] == "weekly":
        return None
    if m["day"]:
        return tr.gettext("monthly on day {n}").format(n=int(m["day"]))
    if m["working_day"]:
        return tr.gettext("on working day {n} of the month").format(n=int(m["working_day"]))
    if m["last_working"]:
        return tr.gettext("on the last working day of the month")
    return tr.gettext("on the last day of the month") if "the last day" in m.group(0) else None


def cadence(value: _Written | str | None, lang: str) -> str:
    """'every 6 months' → 'setiap 6 bulan'; 'monthly' → 'bulanan'."""
    text = _text(value)
    m = CADENCE_RE.match(" ".join(text.strip().lower().split()))
    if m is None:
        return text
    from svcstd.durations import parse_cadence

    parsed = parse_cadence(text)
    tr = translator(lang)
    if parsed.count == 1:
        return tr.gettext(_CADENCE_ONCE[parsed.unit])
    return _EVERY[parsed.unit](tr, parsed.count).format(n=parsed.count)


def long_date(value: date | str | None, lang: str) -> str:
    """A date in the language's long form (CLDR, via Babel): '1 March 2026', '1 Maret 2026'."""
    from svcstd.i18n.dates import long_date as cldr_long_date

    if not value:
        return ""
    try:
        day = value if isinstance(value, date) else date.fromisoformat(value)
    except ValueError:
        return str(value)
    return cldr_long_date(day, lang)


def hours(days: Sequence[str], span: str, lang: str) -> str:
    """'Mon-Fri 08:00-17:00' (en dashes) for days ['mon', …, 'fri']; always open is '24/7'."""
    if set(days) >= set(WEEK) and span == ALL_DAY:
        return "24/7"
    return f"{day_ranges(days, lang)} {span.replace('-', DASH)}".strip()


def day_ranges(days: Sequence[str], lang: str) -> str:
    """Weekdays as runs: ['mon', 'tue', 'wed', 'fri'] → 'Mon-Wed, Fri'; two days stay a list."""
    tr = translator(lang)
    names = {key: tr.gettext(short) for key, short in zip(WEEK, WEEKDAY_SHORT, strict=True)}
    ordered = sorted({d for d in days if d in names}, key=WEEK.index)
    runs: list[list[str]] = []
    for day in ordered:
        if runs and WEEK.index(runs[-1][-1]) == WEEK.index(day) - 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    parts: list[str] = []
    for run in runs:
        # Three days or more make a range; "Sat, Sun" reads better than a range of two.
        if len(run) > 2:
            parts.append(f"{names[run[0]]}{DASH}{names[run[-1]]}")
        else:
            parts.extend(names[d] for d in run)
    return ", ".join(parts)


# A time fixed per request (a target's 'by', docs/format.md): one whole sentence per form,
# keyed (counted from, same/next day, with a time, business days).
_RELATIVE: dict[tuple[str, str, bool, bool], str] = {
    ("promised", "0", False, False): N_("by the promised date"),
    ("promised", "0", True, False): N_("by {at} on the promised date"),
    ("promised", "0", False, True): N_("by the promised date, or the next business day"),
    ("promised", "0", True, True): N_("by {at} on the promised date, or the next business day"),
    ("opened", "0", False, False): N_("by the end of the same day"),
    ("opened", "0", True, False): N_("by {at} the same day"),
    ("opened", "0", False, True): N_("by the end of the same business day"),
    ("opened", "0", True, True): N_("by {at} the same business day"),
    ("opened", "1", False, False): N_("by the end of the next day"),
    ("opened", "1", True, False): N_("by {at} on the next day"),
    ("opened", "1", False, True): N_("by the end of the next business day"),
    ("opened", "1", True, True): N_("by {at} on the next business day"),
}
# Further days, counted: (counted from, with a time, business days) -> the plural forms.
_RELATIVE_DAYS: dict[tuple[str, bool, bool], Plural] = {
    ("promised", False, False): lambda tr, n: tr.ngettext(
        "within {n} day after the promised date", "within {n} days after the promised date", n
    ),
    ("promised", True, False): lambda tr, n: tr.ngettext(
        "by {at}, {n} day after the promised date", "by {at}, {n} days after the promised date", n
    ),
    ("promised", False, True): lambda tr, n: tr.ngettext(
        "within {n} business day after the promised date",
        "within {n} business days after the promised date",
        n,
    ),
    ("promised", True, True): lambda tr, n: tr.ngettext(
        "by {at}, {n} business day after the promised date",
        "by {at}, {n} business days after the promised date",
        n,
    ),
    ("opened", False, False): lambda tr, n: tr.ngettext(
        "within {n} day of the request", "within {n} days of the request", n
    ),
    ("opened", True, False): lambda tr, n: tr.ngettext(
        "by {at}, {n} day after the request", "by {at}, {n} days after the request", n
    ),
    ("opened", False, True): lambda tr, n: tr.ngettext(
        "within {n} business day of the request", "within {n} business days of the request", n
    ),
    ("opened", True, True): lambda tr, n: tr.ngettext(
        "by {at}, {n} business day after the request",
        "by {at}, {n} business days after the request",
        n,
    ),
}


def relative(value: Relative | None, lang: str) -> str:
    """A target due at a moment fixed per request: 'by 10:00 on the next business day'."""
    if value is None:
        return ""
    tr = translator(lang)
    n, at, business = value.day_offset, value.at is not None, value.business_days
    same = "0" if n == 0 else "1" if n == 1 and value.relative_to == "opened" else ""
    if same:
        text = tr.gettext(_RELATIVE[(value.relative_to, same, at, business)])
    else:
        text = _RELATIVE_DAYS[(value.relative_to, at, business)](tr, n)
    text = text.format(at=value.at, n=n)
    if value.cutoff is None or value.relative_to != "opened":
        return text
    cutoff = (
        tr.gettext("{text} (requests after {cutoff} count from the next business day)")
        if business
        else tr.gettext("{text} (requests after {cutoff} count from the next day)")
    )
    return cutoff.format(text=text, cutoff=value.cutoff)
