"""svcstd attest and lifecycle/unattested-review, in a real git repository with two authors."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

HOLDER = "rangga.aditya@nusantarajaya.example"  # holds it-support-supervisor
OUTSIDER = "intern@nusantarajaya.example"  # holds no role
AS_OF = "2026-12-10"


def run(*args: str, cwd: Path, email: str = HOLDER) -> subprocess.CompletedProcess[str]:
    env_git = ["-c", f"user.email={email}", "-c", "user.name=Someone"]
    if args[0] == "git":
        return subprocess.run(
            ["git", *env_git, *args[1:]], cwd=cwd, capture_output=True, text=True, check=True
        )
    # svcstd reads git's identity from the repository's configuration.
    subprocess.run(["git", "config", "user.email", email], cwd=cwd, check=True)
    return subprocess.run(
        [sys.executable, "-m", "svcstd", *args], cwd=cwd, capture_output=True, text=True
    )


@pytest.fixture
def repo(tmp_path: Path, example: Path) -> Path:
    top = tmp_path / "repo"
    top.mkdir()
    shutil.move(str(example), top / "standards")
    config = top / "standards" / "svcstd.yaml"
    config.write_text(
        config.read_text() + "rules:\n  enable: [lifecycle/unattested-review]\n",
        encoding="utf-8",
    )
    run("git", "init", "-q", cwd=top)
    run("git", "add", "-A", cwd=top)
    # The whole example is written by someone who holds no role: lines that arrive
    # with a document are not reviews, so this alone must not be a finding.
    run("git", "commit", "-qm", "init", cwd=top, email=OUTSIDER)
    return top


def lint(repo: Path, email: str = HOLDER) -> list[dict[str, object]]:
    args = ("lint", "standards", "--as-of", AS_OF, "--format", "json", "--no-cache")
    result = run(*args, cwd=repo, email=email)
    assert result.returncode in (0, 1), result.stderr
    return [
        f for f in json.loads(result.stdout)["findings"] if f["rule"].startswith("lifecycle/un")
    ]


def move_review(repo: Path, file: str, old: str, new: str, email: str) -> None:
    path = repo / "standards" / file
    text = path.read_text(encoding="utf-8")
    assert f"  last: {old}\n" in text
    path.write_text(text.replace(f"  last: {old}\n", f"  last: {new}\n"), encoding="utf-8")
    run("git", "commit", "-qam", "review", cwd=repo, email=email)


def test_a_new_repository_has_no_finding(repo: Path) -> None:
    assert lint(repo) == []


def test_the_rule_is_off_unless_enabled(repo: Path) -> None:
    move_review(repo, "sops/sop-pms-access-request.yaml", "2026-02-01", "2026-12-01", OUTSIDER)
    config = repo / "standards" / "svcstd.yaml"
    config.write_text(
        config.read_text().replace("rules:\n  enable: [lifecycle/unattested-review]\n", "")
    )
    assert lint(repo) == []


def test_a_review_moved_by_a_non_holder_is_caught(repo: Path) -> None:
    move_review(repo, "sops/sop-pms-access-request.yaml", "2026-02-01", "2026-12-01", OUTSIDER)
    [finding] = lint(repo)
    assert finding["file"].endswith("sops/sop-pms-access-request.yaml")
    assert finding["severity"] == "warning"
    assert (
        "moved from 2026-02-01 to 2026-12-01 by intern@nusantarajaya.example" in finding["message"]
    )
    assert "'it-support-supervisor'" in finding["message"]
    assert "svcstd attest sop-pms-access-request" in finding["hint"]


def test_a_review_moved_by_a_holder_is_fine(repo: Path) -> None:
    move_review(repo, "sops/sop-pms-access-request.yaml", "2026-02-01", "2026-12-01", HOLDER)
    assert lint(repo) == []


def test_a_review_moved_back_is_not_a_claim(repo: Path) -> None:
    move_review(repo, "sops/sop-pms-access-request.yaml", "2026-02-01", "2026-01-15", OUTSIDER)
    assert lint(repo) == []


def test_an_uncommitted_move_is_judged_by_the_current_git_user(repo: Path) -> None:
    path = repo / "standards" / "sops" / "sop-pms-access-request.yaml"
    path.write_text(path.read_text().replace("  last: 2026-02-01\n", "  last: 2026-12-01\n"))
    [finding] = lint(repo, email=OUTSIDER)
    assert "not committed yet" in finding["message"]
    assert lint(repo, email=HOLDER) == []  # the holder's own edit, about to be committed


def test_attest_records_who_when_and_which_commit(repo: Path) -> None:
    head = run("git", "rev-parse", "HEAD", cwd=repo).stdout.strip()
    result = run(
        "attest", "sop-pms-access-request", "--on", "2026-12-01", "-C", "standards", cwd=repo
    )
    assert result.returncode == 0, result.stderr
    assert "attested 1 document(s) on 2026-12-01" in result.stdout
    show = run("git", "show", "--format=%ae%n%s", "HEAD", cwd=repo).stdout
    assert show.startswith(f"{HOLDER}\nattest: sop-pms-access-request still true")
    changed = [
        line
        for line in show.splitlines()
        if line.startswith(("+", "-")) and not line.startswith(("+++", "---"))
    ]
    assert changed == [
        "-  last: 2026-02-01",
        "+  last: 2026-12-01",
        "+  attested:",
        f"+    by: {HOLDER}",
        "+    date: 2026-12-01",
        f"+    commit: {head}",
    ]
    assert lint(repo) == []
    assert run("git", "status", "--porcelain", cwd=repo).stdout == ""


def test_attest_refuses_a_non_holder_and_writes_nothing(repo: Path) -> None:
    result = run("attest", "sop-pms-access-request", "-C", "standards", cwd=repo, email=OUTSIDER)
    assert result.returncode == 2
    assert "do not hold 'it-support-supervisor'" in result.stderr
    assert "Rangga Aditya" in result.stderr
    assert run("git", "status", "--porcelain", cwd=repo).stdout == ""


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nope"], "'nope' is not a standard or SOP"),
        (["sop-pms-access-request", "--on", "2026-01-01"], "last reviewed on 2026-02-01"),
        (["sop-pms-access-request", "--on", "someday"], "--on 'someday' is not a date"),
        (["sop-pms-access-request", "--as", "it-manager"], "do not hold 'it-manager'"),
    ],
)
def test_attest_usage_errors(repo: Path, args: list[str], message: str) -> None:
    result = run("attest", *args, "-C", "standards", cwd=repo)
    assert result.returncode == 2
    assert message in result.stderr and "Traceback" not in result.stderr


def test_attest_refuses_uncommitted_changes(repo: Path) -> None:
    path = repo / "standards" / "sops" / "sop-pms-access-request.yaml"
    path.write_text(path.read_text() + "# note\n")
    result = run("attest", "sop-pms-access-request", "-C", "standards", cwd=repo)
    assert result.returncode == 2 and "uncommitted changes" in result.stderr


def test_a_shallow_clone_says_so(repo: Path, tmp_path: Path) -> None:
    move_review(repo, "sops/sop-pms-access-request.yaml", "2026-02-01", "2026-12-01", OUTSIDER)
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo}", str(clone)], check=True)
    [finding] = lint(clone)
    assert finding["file"].endswith("svcstd.yaml")
    assert "shallow" in finding["message"] and "--unshallow" in finding["hint"]


def test_due_tells_each_owner_how_to_confirm(repo: Path) -> None:
    result = run("due", "--as-of", "2027-03-01", "-C", "standards", cwd=repo)
    expected = "svcstd attest sop-pms-access-request --as it-support-supervisor"
    assert f"after the review, a holder confirms with: {expected}" in result.stdout
