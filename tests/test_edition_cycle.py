"""The edition cycle on real temporary git repositories: due, publish, digest."""

from __future__ import annotations

import json
import re
import stat
from email import message_from_bytes
from email.policy import default as default_policy
from pathlib import Path

import pytest

from tests.test_diff_gitrepo import GitRepo, make_repo

STD = "services/it-pms-support.yaml"


@pytest.fixture
def repo(tmp_path: Path) -> GitRepo:
    """A fresh standards repository with one commit."""
    return make_repo(tmp_path / "standards")


def _head(git_repo: GitRepo) -> str:
    return git_repo.git("rev-parse", "HEAD").strip()


def _hook(git_repo: GitRepo, name: str, script: str) -> None:
    hook = git_repo.root / ".git" / "hooks" / name
    hook.write_text("#!/bin/sh\n" + script, encoding="utf-8")
    hook.chmod(hook.stat().st_mode | stat.S_IEXEC)


def test_publishing_twice_creates_one_edition(repo: GitRepo) -> None:
    code, out, err = repo.run("publish", "--as-of", "2026-03-02")
    assert code == 0, err
    assert "Published edition-2026-03-02" in out
    assert repo.tags() == ["edition-2026-03-02"]
    code, out, _ = repo.run("publish", "--as-of", "2026-03-03")
    assert code == 0
    assert "Nothing to publish" in out
    assert repo.tags() == ["edition-2026-03-02"]
    changelog = repo.path("CHANGELOG.md").read_text(encoding="utf-8")
    assert changelog.count("\n## ") == 1
    # The tag names the commit that holds the changelog, dated from --as-of.
    assert repo.git("log", "-1", "--format=%s %cI").strip() == (
        "Publish edition-2026-03-02 2026-03-02T12:00:00+07:00"
    )
    assert repo.git("rev-parse", "edition-2026-03-02^{commit}").strip() == _head(repo)
    assert repo.git("status", "--porcelain") == ""


def test_the_next_edition_lists_what_changed_for_whom(repo: GitRepo) -> None:
    repo.run("publish", "--as-of", "2026-03-02")
    repo.edit(STD, "resolve: 2h", "resolve: 4h")
    repo.commit("Looser PMS outage target")
    code, _, err = repo.run("publish", "--as-of", "2026-04-01")
    assert code == 0, err
    changelog = repo.path("CHANGELOG.md").read_text(encoding="utf-8")
    newest = changelog.split("\n## ")[1]
    assert newest.startswith("edition-2026-04-01 (2026-04-01)")
    assert "Changes since edition-2026-03-02 (1 loosened)" in newest
    assert "Affects: front-office" in newest
    assert "- **loosened** — target pms-outage › resolve: 2h → 4h" in newest  # noqa: RUF001
    assert repo.tags() == ["edition-2026-03-02", "edition-2026-04-01"]


def test_no_change_in_meaning_is_no_new_edition(repo: GitRepo) -> None:
    repo.run("publish", "--as-of", "2026-03-02")
    repo.edit(STD, "resolve: 2h", "resolve: 120m")  # the same quantity
    repo.commit()
    code, out, _ = repo.run("publish", "--as-of", "2026-04-01")
    assert (code, out.strip()) == (
        0,
        "Nothing to publish: no change in meaning since edition-2026-03-02.",
    )
    assert repo.tags() == ["edition-2026-03-02"]


def test_if_due_waits_for_the_cadence(repo: GitRepo) -> None:
    # publication.cadence defaults to monthly: due on the first working day of the next month.
    repo.run("publish", "--as-of", "2026-03-02")
    repo.edit(STD, "resolve: 2h", "resolve: 4h")
    repo.commit()
    code, out, _ = repo.run("publish", "--if-due", "--as-of", "2026-03-20")
    assert (code, out.strip()) == (
        0,
        "Not due: the next edition after edition-2026-03-02 is due on 2026-04-01.",
    )
    assert repo.tags() == ["edition-2026-03-02"]
    code, out, _ = repo.run("publish", "--if-due", "--as-of", "2026-04-01")
    assert code == 0 and "Published edition-2026-04-01" in out


def test_dry_run_writes_nothing(repo: GitRepo) -> None:
    head = _head(repo)
    code, out, _ = repo.run("publish", "--dry-run", "--as-of", "2026-03-02")
    assert code == 0 and "Would publish edition-2026-03-02" in out
    assert (repo.tags(), _head(repo), repo.path("CHANGELOG.md").exists()) == ([], head, False)


def test_a_commit_that_fails_leaves_no_tag_and_no_changelog_entry(repo: GitRepo) -> None:
    repo.run("publish", "--as-of", "2026-03-02")
    before = repo.path("CHANGELOG.md").read_text(encoding="utf-8")
    repo.edit(STD, "resolve: 2h", "resolve: 4h")
    head = repo.commit()
    _hook(repo, "pre-commit", "echo 'commits are frozen' >&2; exit 1\n")
    code, _, err = repo.run("publish", "--as-of", "2026-04-01")
    assert code == 2 and "commits are frozen" in err
    assert repo.tags() == ["edition-2026-03-02"]
    assert _head(repo) == head
    assert repo.path("CHANGELOG.md").read_text(encoding="utf-8") == before
    assert repo.git("status", "--porcelain") == ""


def test_a_tag_that_fails_is_rolled_back_after_the_commit(repo: GitRepo) -> None:
    head = _head(repo)
    # git runs this hook for every ref update: refusing tags makes only the last step fail.
    _hook(
        repo,
        "reference-transaction",
        'if [ "$1" = prepared ] && grep -q refs/tags/; then echo "no tags" >&2; exit 1; fi\n',
    )
    code, _, err = repo.run("publish", "--as-of", "2026-03-02")
    assert code == 2 and "no tags" in err and "Traceback" not in err
    assert repo.tags() == []
    assert _head(repo) == head
    assert not repo.path("CHANGELOG.md").exists()
    assert repo.git("status", "--porcelain") == ""


def test_uncommitted_changes_are_not_published(repo: GitRepo) -> None:
    repo.edit(STD, "resolve: 2h", "resolve: 4h")
    code, _, err = repo.run("publish", "--as-of", "2026-03-02")
    assert code == 2 and "uncommitted changes" in err
    assert repo.tags() == []


def test_due_groups_by_owner_and_exits_1_when_overdue(repo: GitRepo) -> None:
    repo.run("publish", "--as-of", "2026-03-02")
    code, out, _ = repo.run("due", "--as-of", "2027-06-15", "--format", "json")
    data = json.loads(out)
    assert code == 1
    assert data["last_edition"] == "edition-2026-03-02"
    assert data["next_edition"] == "2026-04-01" and data["edition_due"] is True
    [owner] = data["owners"]
    assert owner["role"] == "it-manager"
    assert owner["contacts"] == ["Budi Santoso <budi.santoso@case.example>"]
    assert {(d["id"], d["status"]) for d in owner["documents"]} == {
        ("it-pms-support", "overdue"),
        ("sop-pms-login", "overdue"),
    }
    code, out, _ = repo.run("due", "--as-of", "2026-03-10")
    assert code == 0
    assert "nothing is due in the next 30 days" in out
    assert "Next edition due 2026-04-01 (not due yet)" in out


def _example_repo(example: Path) -> GitRepo:
    target = example.parent / "hotel"
    example.rename(target)
    hotel = GitRepo(target)
    hotel.git("init", "-q", "-b", "main")
    hotel.git("config", "user.name", "Quality Lead")
    hotel.git("config", "user.email", "quality@hotel.example")
    hotel.commit("The hotel's standards")
    return hotel


def test_digest_for_the_call_centre_lists_the_pms_standard_and_the_change(example: Path) -> None:
    hotel = _example_repo(example)
    assert hotel.run("publish", "--as-of", "2026-03-02")[0] == 0
    hotel.edit(
        STD,
        "    priority: P1\n    acknowledge: 15m\n    resolve: 2h",
        "    priority: P1\n    acknowledge: 15m\n    resolve: 1h",
    )
    hotel.commit("Faster PMS outage fix")
    assert hotel.run("publish", "--as-of", "2026-04-01")[0] == 0
    code, out, err = hotel.run("digest", "--team", "call-centre")
    assert code == 0, err
    changed = out.index("## What changed for you since edition-2026-03-02")
    standards = out.index("## The standards that serve you")
    assert changed < standards  # what changed comes first
    assert "**tightened** — standard it-pms-support: target pms-outage › resolve: 2h → 1h" in out  # noqa: RUF001
    assert "### PMS access and support for the call centre and front office (it-pms-support)" in out
    assert "acknowledged within 15 minutes, resolved within 1 hour (pms-outage)" in out
    assert (
        "resolved within 30 minutes (locked-out-on-shift)" in out
    )  # every target, not only the changed one
    assert out.startswith("# What Call Centre can expect — edition-2026-04-01")


def test_digest_eml_is_one_utf8_message_per_team(example: Path, tmp_path: Path) -> None:
    hotel = _example_repo(example)
    out_dir = tmp_path / "mail"
    code, _, err = hotel.run(
        "digest", "--format", "eml", "--out", str(out_dir), "--as-of", "2026-04-01"
    )
    assert code == 0, err
    files = sorted(p.name for p in out_dir.iterdir())
    assert "call-centre.eml" in files and all(name.endswith(".eml") for name in files)
    raw = (out_dir / "call-centre.eml").read_bytes()
    msg = message_from_bytes(raw, policy=default_policy)
    assert msg["Date"] == "Wed, 01 Apr 2026 12:00:00 +0700"
    assert msg["Message-ID"] == "<2026-04-01.call-centre@svcstd.invalid>"
    assert "Call Centre" in msg["Subject"]
    assert msg.get_content_charset() == "utf-8"
    body = msg.get_content()
    assert "it-pms-support" in body
    # Owners' addresses read as in any email, not as Markdown's HTML entities.
    assert re.search(r"[A-Z][a-z]+ [A-Z][a-z]+ <[a-z.]+@nusantarajaya\.example>", body)
    assert "&lt;" not in body and "&gt;" not in body
    again = tmp_path / "again"
    hotel.run("digest", "--format", "eml", "--out", str(again), "--as-of", "2026-04-01")
    assert (again / "call-centre.eml").read_bytes() == raw  # deterministic


def test_publish_from_a_standards_subfolder(tmp_path: Path) -> None:
    import shutil

    from tests.test_diff_gitrepo import CASES

    top = GitRepo(tmp_path / "company")
    shutil.copytree(CASES / "_base", top.root / "standards")
    top.git("init", "-q", "-b", "main")
    top.git("config", "user.name", "Quality Lead")
    top.git("config", "user.email", "quality@case.example")
    top.commit("Standards in a subfolder")
    code, out, err = top.run("publish", "--path", "standards", "--as-of", "2026-03-02")
    assert code == 0, err
    assert top.path("standards/CHANGELOG.md").is_file()
    assert top.git("show", "--name-only", "--format=", "edition-2026-03-02^{commit}").split() == [
        "standards/CHANGELOG.md"
    ]
    top.edit("standards/" + STD, "resolve: 2h", "resolve: 4h")
    top.commit()
    code, out, _ = top.run("diff", "--path", "standards")
    assert code == 1 and "2h → 4h" in out


def test_digest_for_an_unknown_team_suggests_one(repo: GitRepo) -> None:
    code, _, err = repo.run("digest", "--team", "front-ofice")
    assert code == 2
    assert "unknown team 'front-ofice'" in err and "front-office" in err


def test_the_handbook_is_rendered_into_the_edition_folder(example: Path) -> None:
    hotel = _example_repo(example)  # its svcstd.yaml sets publication.output: editions
    code, _, err = hotel.run("publish", "--as-of", "2026-03-02")
    assert code == 0, err
    files = hotel.git("show", "--name-only", "--format=", "edition-2026-03-02^{commit}").split()
    from svcstd.edition.workspace import open_workspace

    feeds = [
        f"editions/edition-2026-03-02/calendar/{t}.ics"
        for t in open_workspace(hotel.root).org.teams
    ]
    assert files == sorted(
        [
            "CHANGELOG.md",
            "editions/edition-2026-03-02/handbook.html",
            "editions/edition-2026-03-02/handbook.md",
            *feeds,  # the teams' obligations calendars (docs/calendar.md)
        ]
    )
    assert "edition-2026-03-02" in hotel.path("editions/edition-2026-03-02/handbook.md").read_text(
        encoding="utf-8"
    )


def test_a_failed_publish_removes_the_rendered_handbook(example: Path) -> None:
    hotel = _example_repo(example)
    _hook(hotel, "reference-transaction",
          'if [ "$1" = prepared ] && grep -q refs/tags/; then exit 1; fi\n')  # fmt: skip
    code, _, _ = hotel.run("publish", "--as-of", "2026-03-02")
    assert code == 2
    assert not hotel.path("editions").exists()
    assert hotel.git("status", "--porcelain") == "" and hotel.tags() == []
