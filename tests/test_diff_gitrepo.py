"""A real temporary git repository of standards, shared by the diff and edition tests."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from svcstd.cli import app
from svcstd.loader import load_text

CASES = Path(__file__).parent / "cases"


class GitRepo:
    """A git repository whose top folder is a copy of tests/cases/_base, driven by the real git."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.day = 1

    def git(self, *args: str, date: str | None = None) -> str:
        """Run git in the repository with fixed dates (the given day, or the next of January)."""
        when = date or f"2026-02-{self.day:02d}T09:00:00+07:00"
        env = {**os.environ, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
        done = subprocess.run(
            ["git", *args], cwd=self.root, env=env, check=True, capture_output=True, text=True
        )
        return done.stdout

    def commit(self, message: str = "change", date: str | None = None) -> str:
        """Commit everything; return the sha."""
        self.git("add", "-A")
        self.git("commit", "-qm", message, date=date)
        self.day += 1
        return self.git("rev-parse", "HEAD").strip()

    def path(self, rel: str) -> Path:
        return self.root / rel

    def edit(self, rel: str, old: str, new: str) -> None:
        """Replace text in a file, failing loudly when the text is not there."""
        text = self.path(rel).read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {rel}"
        self.path(rel).write_text(text.replace(old, new, 1), encoding="utf-8")

    def write(self, rel: str, text: str) -> None:
        self.path(rel).parent.mkdir(parents=True, exist_ok=True)
        self.path(rel).write_text(text, encoding="utf-8")

    def data(self, rel: str) -> dict[str, Any]:
        """A file's data as svcstd reads it."""
        result = load_text(self.path(rel).read_text(encoding="utf-8"), rel)
        return result.documents[0].data

    def tags(self) -> list[str]:
        return self.git("tag", "--list").split()

    def run(self, *args: str) -> tuple[int, str, str]:
        """Run the svcstd CLI in the repository; return (exit code, stdout, stderr)."""
        cwd = Path.cwd()
        os.chdir(self.root)
        try:
            result = CliRunner().invoke(app, list(args))
        finally:
            os.chdir(cwd)
        return result.exit_code, result.stdout, result.stderr

    def diff_json(self, *args: str) -> tuple[int, dict[str, Any]]:
        """svcstd diff --format json; the exit code and the parsed document."""
        code, out, err = self.run("diff", *args, "--format", "json")
        assert code in (0, 1), err
        return code, json.loads(out)


def make_repo(target: Path) -> GitRepo:
    """A new repository holding the _base case, with one commit."""
    shutil.copytree(CASES / "_base", target)
    repo = GitRepo(target)
    repo.git("init", "-q", "-b", "main")
    repo.git("config", "user.name", "Quality Lead")
    repo.git("config", "user.email", "quality@case.example")
    repo.git("config", "commit.gpgsign", "false")
    repo.git("config", "tag.gpgsign", "false")
    repo.commit("Our standards")
    return repo


@pytest.fixture
def repo(tmp_path: Path) -> Iterator[GitRepo]:
    """A fresh standards repository with one commit."""
    yield make_repo(tmp_path / "standards")


def test_the_helper_commits_with_fixed_dates(repo: GitRepo) -> None:
    assert repo.git("log", "-1", "--format=%cI").strip() == "2026-02-01T09:00:00+07:00"
