"""publish's journal: an edition in progress, so that a killed run is finished or undone.

Before ``svcstd publish`` writes anything it records the edition, the commit it
starts from and the paths it will commit in ``<git dir>/svcstd-publish.json``
(inside the git folder, so the working tree stays clean). The journal is removed
once the tag exists. When a later run finds it, the interrupted edition is
settled first:

* the tag exists: the edition was complete; only the journal is removed;
* HEAD is still the start commit (killed before or during the commit): the
  changelog and the edition folder are restored to that commit and the index is
  cleaned, so the new run starts from a clean tree;
* HEAD is the edition's own commit, directly on top of the start commit
  (killed before the tag): the tag is created, finishing the edition;
* anything else (the branch moved on since): an error asking the user to look,
  because guessing could lose their work.
"""

from __future__ import annotations

import contextlib
import json
import shutil
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from msgspec import Struct, to_builtins

from svcstd.errors import SvcstdError
from svcstd.writer import write_file, write_text

if TYPE_CHECKING:
    from git import Repo

    from svcstd.edition.workspace import Workspace

JOURNAL = "svcstd-publish.json"


class Journal(Struct):
    """One edition in progress."""

    edition: str
    base: str  # the commit publish started from
    paths: list[str]  # what the edition commits, relative to the top of the repository
    changelog: str  # CHANGELOG.md, relative to the top
    folder: str | None  # the edition's handbook folder, relative to the standards folder
    output_existed: bool  # whether publication.output existed before (else it is removed too)
    tag_message: str
    when: str  # ISO moment of the commit and the tag

    def commit_message(self) -> str:
        """The message of the edition's own commit (how a re-run recognises it)."""
        return f"Publish {self.edition}"


def journal_path(repo: Repo) -> Path:
    """Where the journal lives: inside the git folder, never in the working tree."""
    return Path(repo.git_dir) / JOURNAL


def start(repo: Repo, journal: Journal) -> None:
    """Record an edition about to be written."""
    write_text(journal_path(repo), json.dumps(to_builtins(journal), indent=1) + "\n")


def finish(repo: Repo) -> None:
    """The edition is complete (or undone): forget it."""
    journal_path(repo).unlink(missing_ok=True)


def load(repo: Repo) -> Journal | None:
    """The journal of an interrupted publish, if there is one."""
    path = journal_path(repo)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return Journal(**data)
    except FileNotFoundError:
        return None
    except (OSError, ValueError, TypeError):
        raise SvcstdError(
            f"{path} is damaged; it records a publish that was interrupted",
            "check 'git status' and 'git log -1', tidy up by hand, then delete that file",
        ) from None


def settle(ws: Workspace, dry_run: bool = False) -> str | None:
    """Finish or undo an interrupted publish; a note saying which, or None when there was none."""
    from svcstd import git

    repo = ws.need_repo()
    journal = load(repo)
    if journal is None:
        return None
    if dry_run:
        raise SvcstdError(
            f"the publish of {journal.edition} was interrupted and must be settled first",
            "run svcstd publish without --dry-run; it finishes or undoes that edition",
        )
    head = git.head_sha(repo)
    if git.tag_sha(repo, journal.edition) is not None:
        finish(repo)
        return None
    if head == journal.base:
        undo(ws, journal)
        return f"undid the interrupted publish of {journal.edition}"
    commit = repo.commit(head)
    ours = [p.hexsha for p in commit.parents] == [journal.base] and str(
        commit.message
    ).strip() == journal.commit_message()
    if ours:
        when = datetime.fromisoformat(journal.when)
        git.create_tag(repo, journal.edition, head, journal.tag_message, when)
        finish(repo)
        return f"finished the interrupted publish of {journal.edition} (tagged {head[:10]})"
    raise SvcstdError(
        f"the publish of {journal.edition} was interrupted and the branch has moved since",
        f"check 'git log' and 'git status' by hand, then delete {journal_path(repo)}",
    )


def undo(ws: Workspace, journal: Journal) -> None:
    """Put the changelog, the edition folder and the index back as they were at the start."""
    from svcstd import git

    repo = ws.need_repo()
    git.delete_tag(repo, journal.edition)
    git.reset_to(repo, journal.base, journal.paths)
    changelog = Path(repo.working_tree_dir or ".") / journal.changelog
    old = git.show_file(repo, journal.base, journal.changelog)
    if old is None:
        changelog.unlink(missing_ok=True)
    elif not changelog.exists() or changelog.read_bytes() != old:
        write_file(changelog, old)
    if journal.folder is not None:
        _remove_folder(ws.root / journal.folder, journal.output_existed)
    finish(repo)


def _remove_folder(folder: Path, output_existed: bool) -> None:
    """The edition folder, its half-rendered staging copies and an output folder made for it."""
    if folder.is_dir() and not folder.is_symlink():
        shutil.rmtree(folder)
    output = folder.parent
    with contextlib.suppress(OSError):
        for leftover in output.glob(f".{folder.name}.*"):
            if leftover.is_dir() and not leftover.is_symlink():
                shutil.rmtree(leftover)
        if not output_existed and not any(output.iterdir()):
            output.rmdir()
