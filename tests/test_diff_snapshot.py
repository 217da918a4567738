"""svcstd diff reads only the files whose content differs, and says exactly what loading both
sides whole says: on the example organisation in a real git repository, with edits of
every kind (quantities, people, prose, moves, additions, removals, a broken document).
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath
from typing import Any

import pytest

from svcstd import git
from svcstd.cachefile import CACHE_DIR
from svcstd.diff.select import compare_sides, run_diff
from svcstd.diff.sides import folder_side, revision_side
from svcstd.diff.snapshot import SUMMARY_FILE
from tests.test_diff_gitrepo import GitRepo

STD = "services/admin-invoicing.yaml"


@pytest.fixture
def repo(example: Path) -> GitRepo:
    """The example organisation, committed, then edited in every way and committed again."""
    repo = GitRepo(example)
    repo.git("init", "-q", "-b", "main")
    repo.git("config", "user.name", "Test")
    repo.git("config", "user.email", "test@example.invalid")
    repo.commit("base")
    repo.edit(STD, "resolve: 4 business hours", "resolve: 2 business hours")
    repo.edit("roles/hr/hr-manager.yaml", "name: Kartika Sari Utami", "name: Dewi Lestari")
    repo.edit("teams/administration.yaml", "  en: >-\n", "  en: >-\n    Reworded.\n")
    (example / "sops/sop-debt-collection.yaml").unlink()
    moved = example / "sops/sop-campaign-brief.yaml"
    moved.rename(example / "sops/renamed.yaml")
    text = (example / STD).read_text(encoding="utf-8")
    repo.write(
        "services/admin-invoicing-copy.yaml", text.replace("id: admin-invoicing", "id: new-std")
    )
    repo.edit("roles/hr/hr-admin-officer.yaml", "holders:", "holderz:")  # fails the schema
    repo.commit("every kind of edit")
    return repo


def _whole(repo: GitRepo, before: str, after: str | None) -> dict[str, Any]:
    """The diff with both sides loaded whole (the reference)."""
    handle = git.open_repo(repo.root)
    old = revision_side(handle, before, PurePosixPath("."), before)
    new = (
        folder_side(repo.root, "working tree")
        if after is None
        else revision_side(handle, after, PurePosixPath("."), after)
    )
    result = compare_sides(old, new)
    return {"changes": [c.as_dict() for c in result.changes], "notes": result.notes}


def _fast(repo: GitRepo, before: str, after: str | None) -> dict[str, Any]:
    result = run_diff(before, after, repo.root)
    return {"changes": [c.as_dict() for c in result.changes], "notes": result.notes}


def _reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record every blob the comparison reads from git (the real read still happens)."""
    read, seen = git.read_blob, []

    def counted(handle: Any, sha: str) -> bytes:
        seen.append(sha)
        return read(handle, sha)

    monkeypatch.setattr(git, "read_blob", counted)
    return seen


def test_the_same_changes_and_notes_as_loading_both_sides_whole(repo: GitRepo) -> None:
    fast = _fast(repo, "HEAD~1", "HEAD")
    assert fast == _whole(repo, "HEAD~1", "HEAD")
    kinds = {(c["id"], c["change"]) for c in fast["changes"]}
    assert {("admin-invoicing", "tightened"), ("new-std", "added")} <= kinds
    assert ("sop-debt-collection", "removed") in kinds
    assert ("hr-manager", "people changed") in kinds
    assert any("fail the schema" in note for note in fast["notes"])
    assert not any(c["id"] == "sop-campaign-brief" for c in fast["changes"])  # moved only


def test_against_the_working_tree_too(repo: GitRepo) -> None:
    repo.edit(STD, "resolve: 2 business hours", "resolve: 1 business day")
    fast = _fast(repo, "HEAD", None)
    whole = _whole(repo, "HEAD", None)
    assert fast["changes"] == whole["changes"] and fast["changes"]


def test_a_second_comparison_reads_only_the_files_that_differ(
    repo: GitRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fast(repo, "HEAD~1", "HEAD")  # fills the cache
    reads = _reads(monkeypatch)
    again = _fast(repo, "HEAD~1", "HEAD")
    assert again == _whole(repo, "HEAD~1", "HEAD")
    changed = set(repo.git("diff", "--name-only", "HEAD~1", "HEAD").split())
    # Each side's configuration, and each differing file present on that side.
    assert 2 < len(reads) <= 2 + 2 * len(changed)


@pytest.mark.parametrize("damage", [b"", b"{}", b"not json at all"])
def test_a_damaged_summary_cache_changes_nothing(repo: GitRepo, damage: bytes) -> None:
    expected = _fast(repo, "HEAD~1", "HEAD")
    path = repo.root / CACHE_DIR / SUMMARY_FILE
    header = path.read_bytes().partition(b"\n")[0]
    path.write_bytes(header + b"\n" + damage)
    assert _fast(repo, "HEAD~1", "HEAD") == expected
    assert _fast(repo, "HEAD~1", "HEAD") == expected
