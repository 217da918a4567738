"""Moving the example organisation's dates to the day a new repository is created.

The bundled example describes a hotel on one particular day: reviews were held
in the months before it, temporary contracts end in the months after it. A
repository made by ``svcstd init`` a year later would start with a page of
overdue reviews, so ``init`` moves every document date by the same number of
days, keeping the example's story intact, so that its newest review or
effective date falls on the day the repository is created.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from svcstd.errors import UsageError

# The document fields that hold a date (schemas: review.last, effective, a holder's
# 'until', a waiver's 'expires'). Calendar holidays in svcstd.yaml are real public
# holidays and are deliberately not moved.
_DATED = re.compile(
    r"^(?P<head>[ \t]*(?:-[ \t]+)?(?P<key>last|effective|until|expires):[ \t]*)"
    r"(?P<quote>[\"']?)(?P<day>\d{4}-\d{2}-\d{2})(?P=quote)(?=[ \t]*(?:#|$))",
    re.MULTILINE,
)
# The fields that record something that has already happened: the newest of them is
# the day the example describes.
_PAST_KEYS = ("last", "effective")


def document_files(root: Path) -> list[Path]:
    """The YAML documents of a standards folder: not svcstd.yaml, not hidden (CI, hooks)."""
    return sorted(
        p
        for p in root.rglob("*.y*ml")
        if p.name not in ("svcstd.yaml", "svcstd.yml")
        and not any(part.startswith(".") for part in p.relative_to(root).parts)
    )


def newest_past_date(root: Path) -> date | None:
    """The newest review or effective date written in the folder's documents."""
    days = [
        date.fromisoformat(m["day"])
        for path in document_files(root)
        for m in _DATED.finditer(path.read_text(encoding="utf-8"))
        if m["key"] in _PAST_KEYS
    ]
    return max(days, default=None)


def rebase_dates(root: Path, day: date) -> int:
    """Shift every document date so that the newest review or effective date is ``day``.

    Returns the number of days moved. Only the date text is replaced, so comments,
    quoting and layout stay as written. Every file is computed before any is written,
    so a day too far out for some date changes nothing.
    """
    newest = newest_past_date(root)
    if newest is None:
        return 0
    shift = day - newest
    texts = {path: path.read_text(encoding="utf-8") for path in document_files(root)}
    try:
        moved = {path: _DATED.sub(lambda m: _moved(m, shift), t) for path, t in texts.items()}
    except OverflowError:
        raise UsageError(
            f"the example's dates cannot be moved to {day}: some would fall after 9999-12-31",
            "choose an earlier day",
        ) from None
    for path, text in moved.items():
        if text != texts[path]:
            path.write_text(text, encoding="utf-8")
    return shift.days


def _moved(match: re.Match[str], shift: timedelta) -> str:
    day = date.fromisoformat(match["day"]) + shift
    return f"{match['head']}{match['quote']}{day.isoformat()}{match['quote']}"


def today_in(zone_name: str) -> date:
    """Today's date in an IANA time zone (UTC if unknown); SOURCE_DATE_EPOCH pins the moment."""
    import os

    from svcstd.clock import local_date, today

    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    # A new repository's first day; tests pin it with SOURCE_DATE_EPOCH or init's --as-of.
    if epoch.isdigit():
        return local_date(datetime.fromtimestamp(int(epoch), UTC), zone_name)
    return today(zone_name)
