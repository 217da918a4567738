"""The "what changed" chapter, from a real git repository: svcstd render --since REV."""

from __future__ import annotations

import subprocess
from pathlib import Path

from tests.unit.render.render_support import base_repo, edit_yaml, render

ENV = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
       "GIT_COMMITTER_EMAIL": "t@example.org", "GIT_AUTHOR_DATE": "2026-05-04T10:00:00+00:00",
       "GIT_COMMITTER_DATE": "2026-05-04T10:00:00+00:00", "PATH": "/usr/bin:/bin"}  # fmt: skip


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, env={**ENV, "HOME": str(repo)}, check=True,
                   capture_output=True)  # fmt: skip


def test_changes_since_the_previous_edition(tmp_path: Path) -> None:
    repo = base_repo(tmp_path / "repo")
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "edition 1")
    _git(repo, "tag", "edition-1")
    std = repo / "services" / "it-pms-support.yaml"
    edit_yaml(std, targets=[{"id": "pms-outage", "request": "PMS down for the front desk",
                             "acknowledge": "30m", "resolve": "2h"}])  # fmt: skip
    html_path, md_path = render(repo, tmp_path / "out", ["html", "md"], since="edition-1")
    html, md = html_path.read_text(), md_path.read_text()
    assert '<a class="toc-link" href="#changes">What changed</a>' in html
    chapter = html.split('id="changes"', 1)[1].split("</section>", 1)[0]
    assert "Changes since edition-1" in chapter
    assert '<a href="#standard-it-pms-support">PMS support for the front office</a>' in chapter
    assert "loosened" in chapter and "15m → 30m" in chapter
    assert "Front Office" in chapter  # whom it affects
    assert "## What changed" in md and "_loosened_" in md


def test_no_chapter_without_since(tmp_path: Path) -> None:
    [html] = render(base_repo(tmp_path / "repo"), tmp_path / "out", ["html"])
    assert 'id="changes"' not in html.read_text()
