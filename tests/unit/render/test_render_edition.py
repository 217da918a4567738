"""The cover's date and commit: from the options, the environment, git or the data; never today."""

from __future__ import annotations

import subprocess
from datetime import date
from pathlib import Path

import pytest

from svcstd.errors import UsageError
from svcstd.git import HeadLookup
from svcstd.render.edition import Commit, commit_of, edition_date, find_commit, latest_data_date
from svcstd.render.load import load_organisation
from tests.unit.render.render_support import base_repo

GIT_DATE = "2026-05-04T10:00:00+00:00"


def _git(repo: Path, *args: str) -> str:
    env = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.org", "GIT_AUTHOR_DATE": GIT_DATE,
           "GIT_COMMITTER_DATE": GIT_DATE, "PATH": "/usr/bin:/bin", "HOME": str(repo)}  # fmt: skip
    return subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True,
                          text=True).stdout.strip()  # fmt: skip


def test_commit_of_a_real_repository(tmp_path: Path) -> None:
    repo = base_repo(tmp_path / "repo")
    _git(repo, "init", "-q", "-b", "main")
    assert find_commit(repo) is None  # no commit yet
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "first")
    commit = find_commit(repo / "teams")
    assert commit == Commit(_git(repo, "rev-parse", "HEAD"), date(2026, 5, 4))
    assert len(commit.short) == 10


def test_no_commit_outside_a_repository(tmp_path: Path) -> None:
    assert find_commit(base_repo(tmp_path / "plain")) is None


def test_date_precedence(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    org = load_organisation(base_repo(tmp_path / "repo")).org
    commit = Commit("a" * 40, date(2026, 5, 4))
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    assert latest_data_date(org) == date(2026, 6, 1)  # the newest review/effective date
    assert edition_date(None, None, org) == date(2026, 6, 1)
    assert edition_date(None, commit, org) == date(2026, 5, 4)
    # 1780000000 is 2026-05-28 20:26 UTC: already 29 May in the configured Asia/Jakarta.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1780000000")
    assert edition_date(None, commit, org) == date(2026, 5, 29)
    assert edition_date(date(2027, 1, 2), commit, org) == date(2027, 1, 2)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    with pytest.raises(UsageError, match="SOURCE_DATE_EPOCH"):
        edition_date(None, commit, org)


def test_commit_date_is_read_in_the_configured_time_zone(tmp_path: Path) -> None:
    # 23:30 at UTC-05:00 on 3 May is 04:30 UTC and 11:30 in Jakarta, on 4 May.
    repo = base_repo(tmp_path / "repo")
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "config", "log.showSignature", "true")  # would add lines above git log's output
    _git(repo, "add", ".")
    env = {"GIT_COMMITTER_DATE": "2026-05-03T23:30:00-05:00"}
    subprocess.run(["git", "commit", "-q", "-m", "late"], cwd=repo, check=True, capture_output=True,
                   env={**env, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
                        "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org",
                        "PATH": "/usr/bin:/bin", "HOME": str(repo)})  # fmt: skip
    sha = _git(repo, "rev-parse", "HEAD")
    assert find_commit(repo, "America/Chicago") == Commit(sha, date(2026, 5, 3))
    assert find_commit(repo, "Asia/Jakarta") == Commit(sha, date(2026, 5, 4))
    assert find_commit(repo / "teams", "UTC") == Commit(sha, date(2026, 5, 4))


def test_the_commit_lookup_runs_beside_other_work_and_is_always_collected(tmp_path: Path) -> None:
    repo = base_repo(tmp_path / "repo")
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "first")
    sha = _git(repo, "rev-parse", "HEAD")
    with HeadLookup(repo) as head:  # git is running while this block works
        loaded = load_organisation(repo)
    assert loaded.org.teams  # the work in between was done
    assert commit_of(head, "UTC") == commit_of(head, "UTC") == Commit(sha, date(2026, 5, 4))
    # Leaving the block by an error still waits for git: with warnings as errors (this
    # suite's setting), a git process still running when its lookup is freed (just below)
    # fails the test with a ResourceWarning.
    with pytest.raises(RuntimeError, match="loading failed"), HeadLookup(repo):
        raise RuntimeError("loading failed")


def test_no_commit_without_git(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = base_repo(tmp_path / "repo")
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "first")
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))  # git is not installed
    assert find_commit(repo) is None
