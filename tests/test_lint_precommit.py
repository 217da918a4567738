"""The real pre-commit framework runs the svcstd-lint hook from .pre-commit-hooks.yaml.

The hook's repository is a git snapshot of this working tree (pre-commit installs the
package from it into its own virtualenv, from PyPI), so the test checks the code being
reviewed rather than the last commit.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import example_dir

ROOT = Path(__file__).resolve().parents[1]
PACKAGE_FILES = (
    "src",
    "schemas",
    "templates",
    "standards",
    "docs",
    "pyproject.toml",
    "README.md",
    "LICENSE",
    ".pre-commit-hooks.yaml",
)
GIT_ENV = {
    "GIT_AUTHOR_NAME": "Test",
    "GIT_AUTHOR_EMAIL": "test@example.com",
    "GIT_COMMITTER_NAME": "Test",
    "GIT_COMMITTER_EMAIL": "test@example.com",
}

# The framework is a test dependency: run it with this interpreter, so that the tests
# need no activated virtual environment and never skip for want of a PATH entry.
PRE_COMMIT = [sys.executable, "-m", "pre_commit"]


def run(args: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, check=False)


def git(cwd: Path, *args: str) -> None:
    result = run(["git", *args], cwd, {**os.environ, **GIT_ENV})
    assert result.returncode == 0, result.stderr


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A committed snapshot of this working tree, as pre-commit clones hook repositories."""
    repo = tmp_path_factory.mktemp("hook-repo")
    for name in PACKAGE_FILES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, repo / name, ignore=shutil.ignore_patterns("__pycache__"))
        elif source.exists():
            shutil.copy2(source, repo / name)
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "snapshot")
    return repo


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    home = tmp_path_factory.mktemp("pre-commit-home")
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "PRE_COMMIT"))}
    return {**clean, **GIT_ENV, "PRE_COMMIT_HOME": str(home), "NO_COLOR": "1"}


@pytest.fixture
def standards(tmp_path: Path, env: dict[str, str]) -> Path:
    """A git repository holding the example organisation, committed."""
    repo = tmp_path / "standards-repo"
    shutil.copytree(example_dir(), repo, ignore=shutil.ignore_patterns("__pycache__"))
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "start")
    return repo


def head(repo: Path, env: dict[str, str]) -> str:
    return run(["git", "rev-parse", "HEAD"], repo, env).stdout.strip()


def try_repo(
    standards: Path, hook_repo: Path, env: dict[str, str]
) -> subprocess.CompletedProcess[str]:
    # An explicit --ref lets pre-commit reuse the hook environment it built the first time.
    args = [*PRE_COMMIT, "try-repo", str(hook_repo), "svcstd-lint", "--ref", head(hook_repo, env)]
    result = run(args, standards, env)
    if result.returncode == 3 and "pip" in result.stdout + result.stderr:
        pytest.skip("pre-commit could not build the hook's environment (no package index?)")
    return result


def test_try_repo_passes_a_clean_change_and_blocks_a_broken_reference(
    standards: Path, hook_repo: Path, env: dict[str, str]
) -> None:
    role = standards / "roles" / "call-centre" / "cc-agent.yaml"
    role.write_text(role.read_text() + "# a comment\n")
    git(standards, "add", "-A")
    clean = try_repo(standards, hook_repo, env)
    assert clean.returncode == 0, clean.stdout
    assert "svcstd lint" in clean.stdout and "Passed" in clean.stdout

    role.write_text(role.read_text().replace("team: call-centre", "team: call-center"))
    git(standards, "add", "-A")
    broken = try_repo(standards, hook_repo, env)
    assert broken.returncode == 1
    assert "Failed" in broken.stdout
    assert "roles/call-centre/cc-agent.yaml" in broken.stdout
    assert "team: unknown team 'call-center'" in broken.stdout
    assert "did you mean 'call-centre'?" in broken.stdout


def test_an_installed_hook_blocks_the_commit(
    standards: Path, hook_repo: Path, env: dict[str, str]
) -> None:
    rev = head(hook_repo, env)
    (standards / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {hook_repo}\n    rev: {rev}\n    hooks:\n      - id: svcstd-lint\n"
    )
    assert run([*PRE_COMMIT, "install"], standards, env).returncode == 0
    role = standards / "roles" / "call-centre" / "cc-agent.yaml"
    role.write_text(role.read_text().replace("team: call-centre", "team: call-center"))
    git(standards, "add", "-A")
    blocked = run(["git", "commit", "-m", "break"], standards, env)
    assert blocked.returncode != 0
    assert "unknown team 'call-center'" in blocked.stdout + blocked.stderr
    role.write_text(role.read_text().replace("team: call-center", "team: call-centre"))
    git(standards, "add", "-A")
    assert run(["git", "commit", "-m", "fine"], standards, env).returncode == 0
