"""Choosing the two sides of ``svcstd diff [A] [B]`` and comparing them."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from svcstd.diff.engine import diff_organisations, stale_translation_notes
from svcstd.diff.report import DiffResult
from svcstd.diff.sides import Side
from svcstd.diff.snapshot import Snapshot, compare_snapshots, folder_snapshot, revision_snapshot
from svcstd.errors import SvcstdError
from svcstd.repository import find_root, load_config

if TYPE_CHECKING:
    from git import Repo

DEFAULT_TAG_PREFIX = "edition-"


def tag_prefix(root: Path) -> str:
    """The edition tag prefix from the configuration (publication.tag_prefix)."""
    publication = load_config(root).data.get("publication") or {}
    return str(publication.get("tag_prefix", DEFAULT_TAG_PREFIX))


class _Sides:
    """Opens the git repository only when a side is a revision."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._repo: Repo | None = None

    @property
    def repo(self) -> Repo:
        from svcstd import git

        if self._repo is None:
            self._repo = git.open_repo(self.root)
        return self._repo

    def side(self, spec: str) -> Snapshot:
        """A revision first; a folder only when spec is not one and a folder of that name exists."""
        from svcstd import git

        if _is_folder(spec) and not self._is_revision(spec):
            return folder_snapshot(find_root(Path(spec)), spec)
        folder = git.relative_to_top(self.repo, self.root)
        return revision_snapshot(self.repo, spec, folder, spec)

    def _is_revision(self, spec: str) -> bool:
        from svcstd import git

        try:
            git.resolve(self.repo, spec)
        except SvcstdError:
            return False
        return True

    def default_before(self) -> Snapshot:
        from svcstd import git

        git.require_commits(self.repo)
        edition = git.latest_edition(self.repo, tag_prefix(self.root))
        return self.side(edition.tag if edition else "HEAD")

    def working_tree(self) -> Snapshot:
        from svcstd import git

        side = folder_snapshot(self.root, "working tree")
        try:
            dirty = git.is_dirty(self.repo, git.relative_to_top(self.repo, self.root))
        except SvcstdError:  # not a repository: a plain folder has nothing uncommitted
            dirty = False
        if dirty:
            side.notes.append("the working tree has uncommitted changes; they are included")
        return side


def _is_folder(spec: str) -> bool:
    """Whether spec names an existing folder; a name the OS cannot even look up is not one."""
    try:
        return Path(spec).is_dir()
    except (OSError, ValueError):  # too long, or an embedded NUL
        return False


def run_diff(a: str | None, b: str | None, start: Path) -> DiffResult:
    """Compare A (default: the latest edition, else HEAD) with B (default: the working tree)."""
    sides = _Sides(find_root(start))
    after = sides.side(b) if b else sides.working_tree()
    before = sides.side(a) if a else sides.default_before()
    return compare_snapshots(before, after, sides.root)


def compare_sides(before: Side, after: Side) -> DiffResult:
    """The semantic diff of two sides loaded whole, with their notes."""
    notes = [*before.notes, *after.notes]
    for side in (before, after):
        if side.skipped:
            notes.append(
                f"{side.label}: {side.skipped} document(s) fail the schema and were left "
                "out; run svcstd lint"
            )
    unreadable = {**before.unreadable, **after.unreadable}
    notes.extend(
        f"{why}; its documents are left out on both sides, so nothing in it is reported "
        "as added, changed or removed"
        for why in unreadable.values()
    )
    changes = diff_organisations(before.org, after.org)
    if unreadable:  # a document of a file one side cannot read would look removed or added
        hidden = {
            (d.kind, d.id)
            for side in (before, after) if side.org is not None
            for d in side.org.documents() if side.rel(d.file) in unreadable
        }  # fmt: skip
        changes = [c for c in changes if (c.kind, c.id) not in hidden]
    notes.extend(stale_translation_notes(changes))
    return DiffResult(before.label, after.label, changes, notes)
