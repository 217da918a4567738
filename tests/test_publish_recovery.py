"""A real ``svcstd publish`` process killed with SIGKILL at every git step, then run again.

svcstd calls git through GitPython, which runs the program named by
GIT_PYTHON_GIT_EXECUTABLE. The test points it at a small wrapper that counts the
git commands of one publish and, at the chosen one, SIGKILLs svcstd (its parent)
just before or just after running it. Whatever the step, the next ordinary
``svcstd publish`` must end with exactly one publish commit, one tag, one
changelog entry, the rendered handbook committed, and a clean working tree.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.test_diff_gitrepo import GitRepo
from tests.test_edition_cycle import _example_repo

EDITION = "edition-2026-03-02"
WRAPPER = """#!/bin/sh
# GitPython's long-running object readers are left alone: they live as long as svcstd.
case "$*" in *--batch*) exec "$REAL_GIT" "$@" ;; esac
n=$(( $(cat "$GIT_STEP_FILE") + 1 ))
echo "$n" > "$GIT_STEP_FILE"
echo "$n $*" >> "$GIT_STEP_FILE.log"
if [ "$n" = "$KILL_BEFORE" ]; then kill -9 "$PPID"; exit 1; fi
"$REAL_GIT" "$@"
status=$?
if [ "$n" = "$KILL_AFTER" ]; then kill -9 "$PPID"; fi
exit $status
"""


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example hotel (publication.output: editions) committed once, copied by each case."""
    from tests.conftest import example_dir

    base = tmp_path_factory.mktemp("hotel-template")
    shutil.copytree(example_dir(), base / "standards", ignore=shutil.ignore_patterns(".svcstd*"))
    _example_repo(base / "standards")
    return base / "hotel"


def _wrapper(folder: Path) -> Path:
    script = folder / "git-wrapper"
    script.write_text(WRAPPER, encoding="utf-8")
    script.chmod(0o755)
    return script


def _publish(repo: Path, **env: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "svcstd", "publish", "--as-of", "2026-03-02",
               "--handbook", "md"]  # fmt: skip
    full = {**os.environ, "NO_COLOR": "1", **env}
    return subprocess.run(command, cwd=repo, env=full, capture_output=True, text=True, timeout=120)


def _killed_publish(tmp: Path, template: Path, kill: dict[str, str]) -> tuple[GitRepo, int]:
    """A fresh copy of the hotel, published under the wrapper; the git steps it counted."""
    repo = tmp / "hotel"
    shutil.copytree(template, repo)
    steps = tmp / "steps"
    steps.write_text("0", encoding="utf-8")
    env = {
        "GIT_PYTHON_GIT_EXECUTABLE": str(_wrapper(tmp)),
        "REAL_GIT": shutil.which("git") or "git",
        "GIT_STEP_FILE": str(steps),
        "KILL_BEFORE": kill.get("before", "0"),
        "KILL_AFTER": kill.get("after", "0"),
    }
    done = _publish(repo, **env)
    if kill:
        assert done.returncode == -signal.SIGKILL, (kill, done.stdout, done.stderr)
    else:
        assert done.returncode == 0, done.stderr
    return GitRepo(repo), int(steps.read_text(encoding="utf-8"))


def _assert_published_once(hotel: GitRepo) -> None:
    assert hotel.tags() == [EDITION]
    subjects = hotel.git("log", "--format=%s").splitlines()
    assert subjects.count(f"Publish {EDITION}") == 1, subjects
    changelog = hotel.path("CHANGELOG.md").read_text(encoding="utf-8")
    assert changelog.count(f"## {EDITION} ") == 1
    assert (
        hotel.git("rev-parse", f"{EDITION}^{{commit}}").strip()
        == hotel.git("rev-parse", "HEAD").strip()
    )
    files = hotel.git("show", "--name-only", "--format=", "HEAD").split()
    feeds = [f for f in files if f.startswith(f"editions/{EDITION}/calendar/")]
    assert [f for f in files if f not in feeds] == [
        "CHANGELOG.md",
        f"editions/{EDITION}/handbook.md",
    ]
    assert f"editions/{EDITION}/calendar/hr.ics" in feeds  # the teams' obligations calendars
    assert hotel.git("status", "--porcelain", "--ignored", "--", ".") in ("", "!! .svcstd-cache/\n")
    assert not (hotel.root / ".git" / "svcstd-publish.json").exists()
    leftovers = [p.name for p in (hotel.root / "editions").iterdir()]
    assert leftovers == [EDITION]


def test_the_wrapper_sees_every_git_step(tmp_path: Path, template: Path) -> None:
    hotel, steps = _killed_publish(tmp_path, template, {})
    _assert_published_once(hotel)
    log = (tmp_path / "steps.log").read_text(encoding="utf-8")
    assert " commit " in log and " tag " in log  # the steps that matter are counted
    assert steps >= 5


def _kill_points(tmp_path_factory: pytest.TempPathFactory, template: Path) -> list[tuple[str, int]]:
    """Just after every git step, and just before each one that writes (add, commit, tag).

    Killing just before a read-only step is the same as killing just after the one before
    it; before a writing step, the changelog and the handbook are already on disk.
    """
    counting = tmp_path_factory.mktemp("count")
    _, steps = _killed_publish(counting, template, {})
    lines = (counting / "steps.log").read_text(encoding="utf-8").splitlines()
    writing = [int(n) for n, _, args in (line.partition(" ") for line in lines)
               if args.split(" ")[0] in ("add", "commit", "tag")]  # fmt: skip
    assert len(writing) == 3
    return [("after", n) for n in range(1, steps + 1)] + [("before", n) for n in writing]


def test_a_publish_killed_at_any_git_step_is_settled_by_the_next_run(
    tmp_path_factory: pytest.TempPathFactory, template: Path
) -> None:
    outcomes = set()
    for when, step in _kill_points(tmp_path_factory, template):
        tmp = tmp_path_factory.mktemp(f"kill-{when}-{step}")
        hotel, _ = _killed_publish(tmp, template, {when: str(step)})
        again = _publish(hotel.root)
        assert again.returncode == 0, (when, step, again.stdout, again.stderr)
        _assert_published_once(hotel)
        outcomes.add("finished" if "finished the interrupted" in again.stderr else
                     "undone" if "undid the interrupted" in again.stderr else "fresh")  # fmt: skip
    # Both kinds of recovery happen: undone before the commit, finished after it.
    assert {"finished", "undone"} <= outcomes


def test_a_kill_after_the_changelog_is_written_is_undone(tmp_path: Path, template: Path) -> None:
    """The case the issue reported: the changelog edited, nothing committed yet."""
    hotel, _ = _killed_publish(tmp_path, template, {"before": _commit_step(tmp_path, template)})
    assert f"## {EDITION}" in hotel.path("CHANGELOG.md").read_text(encoding="utf-8")
    assert (hotel.root / ".git" / "svcstd-publish.json").exists()
    dry = _publish_dry(hotel.root)
    assert dry.returncode == 2 and "was interrupted" in dry.stderr
    again = _publish(hotel.root)
    assert again.returncode == 0, again.stderr
    assert "undid the interrupted publish of edition-2026-03-02" in again.stderr
    _assert_published_once(hotel)


def test_a_kill_before_the_tag_is_finished(tmp_path: Path, template: Path) -> None:
    """Committed but not tagged: a re-run tags that commit instead of publishing again."""
    tag_step = str(int(_commit_step(tmp_path, template)) + 1)
    hotel, _ = _killed_publish(tmp_path, template, {"before": tag_step})
    assert hotel.tags() == []
    again = _publish(hotel.root)
    assert again.returncode == 0, again.stderr
    assert "finished the interrupted publish" in again.stderr
    assert "Nothing to publish" in again.stdout
    _assert_published_once(hotel)


def test_a_branch_moved_after_the_kill_is_left_to_the_user(tmp_path: Path, template: Path) -> None:
    hotel, _ = _killed_publish(tmp_path, template, {"before": _commit_step(tmp_path, template)})
    hotel.git("stash", "-u")
    hotel.git("commit", "-q", "--allow-empty", "-m", "someone else's work")
    again = _publish(hotel.root)
    assert again.returncode == 2
    assert "the branch has moved since" in again.stderr
    assert "svcstd-publish.json" in again.stderr
    assert "Traceback" not in again.stderr


def _publish_dry(repo: Path) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "svcstd", "publish", "--as-of", "2026-03-02", "--dry-run"]
    return subprocess.run(command, cwd=repo, capture_output=True, text=True, timeout=120)


def _commit_step(tmp_path: Path, template: Path) -> str:
    """The number of the 'git commit' step in an uninterrupted publish."""
    counting = tmp_path / "counting"
    counting.mkdir()
    _killed_publish(counting, template, {})
    for line in (counting / "steps.log").read_text(encoding="utf-8").splitlines():
        number, _, args = line.partition(" ")
        if args.startswith("commit "):
            return number
    raise AssertionError("no git commit step")
