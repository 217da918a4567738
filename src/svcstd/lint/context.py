"""What a model rule gets to read."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from svcstd.model import Organisation
from svcstd.references import IdIndex
from svcstd.repository import Repository


@dataclass
class LintContext:
    """The loaded repository, its id index and typed model, and the date to judge by."""

    repo: Repository
    index: IdIndex
    org: Organisation
    as_of: date
