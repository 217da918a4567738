"""Service hours written out for people, the same way in whois, the handbook and the digest.

A business calendar (days and hours from the configuration) reads "Mon-Fri 08:00-17:00"
(with en dashes); separate runs of days are listed ("Mon-Wed, Fri 08:00-12:00"); every
day around the clock is "24/7". Day names come from the handbook's labels, in English or Indonesian.
"""

from __future__ import annotations

from collections.abc import Sequence

from svcstd.render.labels import labels_for

WEEK = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DASH = "\N{EN DASH}"
ALL_DAY = "00:00-24:00"


def format_hours(days: Sequence[str], hours: str, lang: str = "en") -> str:
    """'Mon-Fri 08:00-17:00' (en dashes) for days ['mon', …, 'fri'] and hours '08:00-17:00'."""
    if set(days) >= set(WEEK) and hours == ALL_DAY:
        return "24/7"
    return f"{day_ranges(days, lang)} {hours.replace('-', DASH)}".strip()


def day_ranges(days: Sequence[str], lang: str = "en") -> str:
    """Weekdays as runs: ['mon', 'tue', 'wed', 'fri'] → 'Mon-Wed, Fri'; two days stay a list."""
    names = dict(zip(WEEK, labels_for(lang)["weekdays_short"].split(), strict=True))
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
