"""What the cover says about the build: the date and the commit, never the wall clock."""

from __future__ import annotations

import os
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from msgspec import Struct

from svcstd.clock import local_date
from svcstd.errors import UsageError
from svcstd.model import Organisation, Sop, Standard

if TYPE_CHECKING:
    from svcstd.git import HeadLookup


class Commit(Struct, frozen=True):
    """The git commit a handbook was built from."""

    sha: str
    date: date

    @property
    def short(self) -> str:
        return self.sha[:10]


def find_commit(folder: Path, timezone: str = "UTC") -> Commit | None:
    """HEAD of the git repository holding ``folder``, or None outside one or before a commit.

    Its date is the commit's date in the configuration's time zone (svcstd.clock).
    """
    from svcstd.git import HeadLookup

    return commit_of(HeadLookup(folder), timezone)


def commit_of(lookup: HeadLookup, timezone: str = "UTC") -> Commit | None:
    """The commit a started :class:`~svcstd.git.HeadLookup` finds, dated in the time zone."""
    head = lookup.result()
    if head is None:  # not a repository: the cover simply has no commit line
        return None
    sha, when = head
    return Commit(sha, local_date(when, timezone))


def source_date_epoch(timezone: str = "UTC") -> date | None:
    """The date given by SOURCE_DATE_EPOCH (reproducible builds), if set, in the time zone."""
    raw = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not raw:
        return None
    try:
        return local_date(datetime.fromtimestamp(int(raw), UTC), timezone)
    except (ValueError, OverflowError):
        raise UsageError(
            f"SOURCE_DATE_EPOCH={raw!r} is not a number of seconds",
            "set it to a Unix timestamp, e.g. $(git log -1 --format=%ct)",
        ) from None


def latest_data_date(org: Organisation) -> date | None:
    """The newest effective or review date written in the data: a date the data itself implies."""
    docs: list[Standard | Sop] = [*org.standards.values(), *org.sops.values()]
    found = [d for doc in docs for d in (doc.effective, doc.review and doc.review.last) if d]
    parsed = [date.fromisoformat(d) for d in found if _is_date(d)]
    return max(parsed, default=None)


def _is_date(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def edition_date(as_of: date | None, commit: Commit | None, org: Organisation) -> date:
    """--as-of, else SOURCE_DATE_EPOCH, else the commit's date, else the newest date in the data."""
    epoch = source_date_epoch(org.config.timezone)
    for candidate in (as_of, epoch, commit and commit.date, latest_data_date(org)):
        if candidate:
            return candidate
    return date(1970, 1, 1)  # an empty repository outside git: still deterministic
