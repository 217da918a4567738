"""What every edition command starts from: the standards folder, its organisation and its git."""

from __future__ import annotations

from datetime import date, datetime, tzinfo
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from msgspec import Struct

from svcstd import clock
from svcstd.diff.select import tag_prefix
from svcstd.diff.sides import folder_side
from svcstd.errors import SvcstdError
from svcstd.model import Config, Organisation
from svcstd.repository import find_root

if TYPE_CHECKING:
    from git import Repo

    from svcstd.git import Edition


class Workspace(Struct):
    """The standards folder, the organisation in its working tree and the git repository."""

    root: Path
    org: Organisation
    prefix: str
    repo: Repo | None
    folder: PurePosixPath

    @property
    def config(self) -> Config:
        return self.org.config

    def need_repo(self) -> Repo:
        """The repository, or the error saying why there is none."""
        from svcstd import git

        if self.repo is None:
            git.open_repo(self.root)  # raises the clear "not a repository" error
        assert self.repo is not None
        return self.repo


def open_workspace(start: Path, reader: str | None = None) -> Workspace:
    """Load the standards folder holding start; its git repository when there is one.

    With ``reader`` the model's texts read in that language (svcstd.text), for the
    commands that print them (digest, due).
    """
    from svcstd import git

    root = find_root(start)
    side = folder_side(root, reader=reader)
    assert side.org is not None
    try:
        repo: Repo | None = git.open_repo(root)
    except SvcstdError:
        repo = None
    folder = git.relative_to_top(repo, root) if repo is not None else PurePosixPath(".")
    return Workspace(root, side.org, tag_prefix(root), repo, folder)


def zone(config: Config) -> tzinfo:
    """The configured time zone (UTC when the system has no data for it)."""
    return clock.zone(config.timezone)


def local_date(moment: datetime, config: Config) -> date:
    """The calendar date of a moment in the organisation's time zone."""
    return clock.local_date(moment, config.timezone)


def moment_of(as_of: date, config: Config) -> datetime:
    """Noon of an --as-of date in the organisation's time zone: the edition's timestamp."""
    return clock.noon(as_of, config.timezone)


def edition_date(edition: Edition, config: Config) -> date:
    """The date an edition was cut, in the organisation's time zone."""
    return local_date(edition.date, config)


def environ_date() -> datetime | None:
    """SOURCE_DATE_EPOCH as a UTC moment, when the environment sets it (reproducible builds)."""
    import os
    from datetime import UTC

    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    return datetime.fromtimestamp(int(epoch), UTC) if epoch.isdigit() else None
