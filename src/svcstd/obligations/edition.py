"""The dates a feed takes from the repository: the build's date and the next edition's."""

from __future__ import annotations

from datetime import date

from svcstd.edition.schedule import next_edition_due
from svcstd.edition.workspace import Workspace, edition_date


def build_date(ws: Workspace, as_of: date | None) -> date:
    """--as-of, else SOURCE_DATE_EPOCH, else the last commit's date, else the data's newest date."""
    from svcstd.render.edition import edition_date as cover_date
    from svcstd.render.edition import find_commit

    return cover_date(as_of, find_commit(ws.root, ws.config.timezone), ws.org)


def next_edition(ws: Workspace) -> date | None:
    """When the next edition is due; None without git or before the first edition."""
    from svcstd import git

    if ws.repo is None or not git.has_commits(ws.repo):
        return None
    last = git.latest_edition(ws.repo, ws.prefix)
    if last is None:
        return None
    return next_edition_due(edition_date(last, ws.config), ws.config)
