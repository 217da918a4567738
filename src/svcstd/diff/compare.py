"""Classifying one changed value by the field it is in: a registry of field names, not if-chains."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from svcstd.durations import (
    DEFAULT_HOURS_PER_DAY,
    DEFAULT_WORKING_HOURS_PER_WEEK,
    parse_cadence,
    parse_deadline,
    parse_duration,
)
from svcstd.model import Calendar

Segment = str | int
# How items of a list of mappings are matched, by the list's key; None: by position.
ITEM_KEYS: dict[str, str | None] = {
    "targets": "id",
    "commitments": "id",
    "communication": "id",
    "steps": "id",
    "channels": "id",
    "holders": "email",
    "topics": "name",
    "raci": "activity",
    "escalation": None,
}
# A comparison returns "tightened", "loosened", "changed", or None when the quantities are equal.
Comparison = Callable[[Any, Any, Calendar | None], str | None]

OWNER_FIELDS = frozenset(
    {
        "provider",
        "owner",
        "role",
        "handoff",
        "to",
        "lead",
        "reports_to",
        "deputy",
        "by",
        "approver",
        "responsible",
        "accountable",
        "team",
    }
)
# Text only, or bookkeeping (version, effective date, last review): the promise is the same.
EDITORIAL_FIELDS = frozenset(
    {
        "title",
        "title_id",
        "summary",
        "request",
        "text",
        "what",
        "action",
        "purpose",
        "scope",
        "trigger",
        "description",
        "mission",
        "name",
        "name_id",
        "note",
        "how",
        "method",
        "reason",
        "promise",
        "responsibilities",
        "synonyms",
        "version",
        "effective",
        "last",
    }
)


def _ordered(smaller_is_tighter: float, other: float) -> str | None:
    if smaller_is_tighter == other:
        return None
    return "tightened" if smaller_is_tighter > other else "loosened"


def _durations(b: Any, a: Any, cal: Calendar | None) -> str | None:
    per_day = cal.hours_per_day if cal else DEFAULT_HOURS_PER_DAY
    per_week = cal.hours_per_week if cal else DEFAULT_WORKING_HOURS_PER_WEEK
    before, after = parse_duration(b, per_day), parse_duration(a, per_day)
    return _ordered(before.elapsed_minutes(per_week), after.elapsed_minutes(per_week))


def _deadlines(b: Any, a: Any, _cal: Calendar | None) -> str | None:
    before, after = parse_deadline(b), parse_deadline(a)
    if before.period != after.period:
        return "changed"
    return _ordered(before.position, after.position)


def _cadences(b: Any, a: Any, _cal: Calendar | None) -> str | None:
    # More often is tighter: a monthly meeting promises more than a quarterly one.
    return _ordered(parse_cadence(b).approx_days, parse_cadence(a).approx_days)


COMPARISONS: dict[str, Comparison] = {
    "acknowledge": _durations,
    "resolve": _durations,
    "within": _durations,
    "after": _durations,
    "deadline": _deadlines,
    "cadence": _cadences,
}


def field_name(path: tuple[Segment, ...]) -> str:
    """The last named field in a path ('resolve' in targets > pms-outage > resolve)."""
    names = [
        p for i, p in enumerate(path) if isinstance(p, str) and not (i and path[i - 1] in ITEM_KEYS)
    ]  # skip item keys
    return names[-1] if names else ""


def classify(
    path: tuple[Segment, ...], before: Any, after: Any, cal: Calendar | None
) -> str | None:
    """The class of a changed value, or None when it means the same (8h and 480m)."""
    if "holders" in path:
        return "people changed"
    name = field_name(path)
    compare = COMPARISONS.get(name)
    if compare is not None and isinstance(before, str) and isinstance(after, str):
        try:
            return compare(before, after, cal)
        except ValueError:
            return "changed"  # one side does not parse; the linter reports it
    if name in OWNER_FIELDS:
        return "owner changed"
    return "editorial" if name in EDITORIAL_FIELDS else "changed"


def presence_class(path: tuple[Segment, ...], default: str) -> str:
    """The class of a value that appeared or disappeared ('added' or 'removed' by default).

    A role added to an owner field (a RACI list, a deputy where there was none) is an
    addition, not a change of owner: nobody was replaced.
    """
    if "holders" in path:
        return "people changed"
    name = field_name(path)
    if name in EDITORIAL_FIELDS:
        return "editorial"
    return default
