"""A commit that only deletes a standards file still runs the svcstd-lint hook.

Driven by the real pre-commit framework (``sys.executable -m pre_commit``, so an
unactivated virtual environment works), for both ways of wiring the hook: the
published manifest (.pre-commit-hooks.yaml, language: python) and the
configuration ``svcstd init`` writes (a local hook, language: system).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import example_dir
from tests.test_lint_precommit import GIT_ENV, hook_repo  # noqa: F401  (a fixture)

DELETED = "roles/it/it-support-supervisor.yaml"  # other roles and a standard refer to it


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    home = tmp_path_factory.mktemp("pre-commit-home")
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "PRE_COMMIT"))}
    # The local hook runs "svcstd" by name: the one installed beside this interpreter.
    path = f"{Path(sys.executable).parent}{os.pathsep}{clean.get('PATH', '')}"
    return {**clean, **GIT_ENV, "PRE_COMMIT_HOME": str(home), "NO_COLOR": "1", "PATH": path}


def run(args: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, check=False)


def pre_commit(cwd: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return run([sys.executable, "-m", "pre_commit", *args], cwd, env)


def _repository(folder: Path, env: dict[str, str], config: str | None) -> Path:
    if config is not None:
        (folder / ".pre-commit-config.yaml").write_text(config, encoding="utf-8")
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "start", "--no-verify"]):
        assert run(["git", *args], folder, env).returncode == 0
    installed = pre_commit(folder, env, "install")
    assert installed.returncode == 0, installed.stderr
    return folder


def _assert_deletion_is_linted(repo: Path, env: dict[str, str]) -> None:
    # Near miss first: a commit touching no YAML at all runs the hook too, and passes.
    (repo / "NOTES.txt").write_text("minutes of the quality meeting\n", encoding="utf-8")
    run(["git", "add", "NOTES.txt"], repo, env)
    unrelated = run(["git", "commit", "-m", "notes"], repo, env)
    said = unrelated.stdout + unrelated.stderr  # git hooks may write to either
    assert unrelated.returncode == 0, said
    assert "svcstd lint" in said and "Passed" in said and "Skipped" not in said
    assert run(["git", "rm", "-q", DELETED], repo, env).returncode == 0
    blocked = run(["git", "commit", "-m", "remove the supervisor"], repo, env)
    output = blocked.stdout + blocked.stderr
    assert blocked.returncode != 0, output
    assert "Skipped" not in output
    assert "it-support-supervisor" in output and "Failed" in output
    assert run(["git", "cat-file", "-e", f"HEAD:{DELETED}"], repo, env).returncode == 0


def test_the_init_template_lints_a_deletion(tmp_path: Path, env: dict[str, str]) -> None:
    target = tmp_path / "standards"
    made = run([sys.executable, "-m", "svcstd", "init", str(target)], tmp_path, env)
    assert made.returncode == 0, made.stderr
    _assert_deletion_is_linted(_repository(target, env, None), env)


def test_the_published_hook_lints_a_deletion(
    tmp_path: Path,
    env: dict[str, str],
    hook_repo: Path,  # noqa: F811
) -> None:
    rev = run(["git", "rev-parse", "HEAD"], hook_repo, env).stdout.strip()
    config = f"repos:\n  - repo: {hook_repo}\n    rev: {rev}\n    hooks:\n      - id: svcstd-lint\n"
    target = tmp_path / "standards"
    shutil.copytree(example_dir(), target, ignore=shutil.ignore_patterns(".svcstd-cache"))
    repo = _repository(target, env, config)
    warm = pre_commit(repo, env, "install-hooks")
    if warm.returncode != 0 and "pip" in warm.stdout + warm.stderr:
        pytest.skip("pre-commit could not build the hook's environment (no package index?)")
    assert warm.returncode == 0, warm.stdout + warm.stderr
    _assert_deletion_is_linted(repo, env)
