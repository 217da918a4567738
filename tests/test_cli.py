"""The command line as a user meets it: the real entry point in a subprocess."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from tests.conftest import CASES


def svcstd(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``python -m svcstd`` the way a user would, capturing its output."""
    env = {**os.environ, "NO_COLOR": "1"}
    env.pop("GITHUB_ACTIONS", None)
    return subprocess.run(
        [sys.executable, "-m", "svcstd", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


# Runs one command and writes that command's own peak resident memory (KiB) to argv[1]. Linux
# carries the parent's peak into a child's ru_maxrss across fork/vfork and exec, so a command
# started straight from a pytest worker that has grown to 1 GB reports 1 GB; started from this
# small, fresh process it reports its own peak.
_PEAK_LAUNCHER = """
import os, signal, subprocess, sys
child = subprocess.Popen(sys.argv[2:])
_, status, usage = os.wait4(child.pid, 0)
with open(sys.argv[1], "w") as peak:
    peak.write(str(usage.ru_maxrss))
code = os.waitstatus_to_exitcode(status)
if code < 0:
    signal.signal(-code, signal.SIG_DFL)
    os.kill(os.getpid(), -code)
sys.exit(code)
"""


def svcstd_peak(
    *args: str, cwd: Path | None = None
) -> tuple[subprocess.CompletedProcess[str], int]:
    """Run svcstd like :func:`svcstd`, and also return that one process's peak resident memory
    (KiB). ``RUSAGE_CHILDREN`` would not do: it holds the largest child this test process ever
    waited for, a browser or a compiler of another test included; and a child started from this
    process inherits its peak (see ``_PEAK_LAUNCHER``)."""
    env = {**os.environ, "NO_COLOR": "1"}
    env.pop("GITHUB_ACTIONS", None)
    command = [sys.executable, "-m", "svcstd", *args]
    with tempfile.TemporaryDirectory() as folder:
        peak = Path(folder, "peak")
        launcher = [sys.executable, "-c", _PEAK_LAUNCHER, str(peak), *command]
        done = subprocess.run(launcher, cwd=cwd, env=env, capture_output=True, text=True)
        return subprocess.CompletedProcess(command, done.returncode, done.stdout, done.stderr), int(
            peak.read_text()
        )


def test_version_and_help() -> None:
    from svcstd import __version__

    assert svcstd("--version").stdout.strip() == f"svcstd {__version__}"
    helped = svcstd("--help")
    assert helped.returncode == 0
    for name in ("init", "lint"):
        assert f"  {name} " in helped.stdout


def test_init_then_lint_is_clean(tmp_path: Path) -> None:
    created = svcstd("init", "demo", cwd=tmp_path)
    assert created.returncode == 0, created.stderr
    assert "Next steps" in created.stdout
    demo = tmp_path / "demo"
    for rel in ("svcstd.yaml", ".pre-commit-config.yaml", ".github/workflows/svcstd-lint.yml"):
        assert (demo / rel).is_file(), rel
    linted = svcstd("lint", "demo", cwd=tmp_path)
    assert linted.returncode == 0, linted.stdout
    assert "clean" in linted.stdout


def test_init_refuses_a_folder_that_is_not_empty(tmp_path: Path) -> None:
    (tmp_path / "demo").mkdir()
    (tmp_path / "demo" / "notes.txt").write_text("keep me")
    refused = svcstd("init", "demo", cwd=tmp_path)
    assert refused.returncode == 2
    assert "not empty" in refused.stderr
    assert (tmp_path / "demo" / "notes.txt").read_text() == "keep me"
    assert sorted(p.name for p in (tmp_path / "demo").iterdir()) == ["notes.txt"]


def test_lint_without_configuration_is_a_usage_error(tmp_path: Path) -> None:
    result = svcstd("lint", str(tmp_path))
    assert result.returncode == 2
    assert "no svcstd.yaml found" in result.stderr
    assert "Traceback" not in result.stderr


def test_invalid_configuration_is_exit_2_with_the_field(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(CASES / "_base", repo)
    config = repo / "svcstd.yaml"
    config.write_text(config.read_text().replace("default_calendar: office", "default_calender: x"))
    result = svcstd("lint", str(repo))
    assert result.returncode == 2
    assert "svcstd.yaml:" in result.stderr and "default_calender" in result.stderr


def test_unknown_format_suggests_the_right_one(tmp_path: Path) -> None:
    result = svcstd("lint", "--format", "jsn", str(CASES / "_base"))
    assert result.returncode == 2
    assert "did you mean 'json'?" in result.stderr


def test_deleted_role_is_reported_where_it_is_referenced(example: Path) -> None:
    role_file = next(example.glob("roles/**/it-*.yaml"))
    role_id = role_file.stem
    users = [p for p in example.rglob("*.yaml") if p != role_file and role_id in p.read_text()]
    assert users, "the example should reference every IT role somewhere"
    role_file.unlink()
    result = svcstd("lint", "--format", "json", str(example), cwd=example)
    assert result.returncode == 1
    findings = json.loads(result.stdout)["findings"]
    unknown = [f for f in findings if f["rule"] == "refs/unknown-reference"]
    assert unknown and all(role_id in f["message"] for f in unknown)
    first_user = users[0].relative_to(example).as_posix()
    line = next(i for i, text in enumerate(users[0].read_text().splitlines(), 1) if role_id in text)
    assert any(f["file"] == first_user and f["line"] == line for f in unknown)


def test_copied_document_reports_the_duplicate_at_both_places(example: Path) -> None:
    original = next(example.glob("services/*.yaml"))
    shutil.copy(original, original.with_name("copy-of-" + original.name))
    result = svcstd("lint", "--format", "json", ".", cwd=example)
    dupes = [f for f in json.loads(result.stdout)["findings"] if f["rule"] == "refs/duplicate-id"]
    assert result.returncode == 1
    assert sorted(f["file"] for f in dupes) == sorted(
        [f"services/{original.name}", f"services/copy-of-{original.name}"]
    )


def test_misspelt_reference_gets_a_did_you_mean(example: Path) -> None:
    team = example / "teams" / "it.yaml"
    text = team.read_text()
    assert "parent: general-management" in text
    team.write_text(text.replace("parent: general-management", "parent: general-managment"))
    result = svcstd("lint", "--format", "json", ".", cwd=example)
    found = [f for f in json.loads(result.stdout)["findings"] if f["file"] == "teams/it.yaml"]
    assert result.returncode == 1
    assert [f["hint"] for f in found] == ["did you mean 'general-management'?"]


def test_python_tag_is_never_executed(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(CASES / "_base", repo)
    marker = tmp_path / "pwned"
    (repo / "evil.yaml").write_text(
        f'kind: role\nid: evil\ntitle: !!python/object/apply:os.system ["touch {marker}"]\n'
    )
    # Pinned: on a later day the case's reviews and contracts would fall due as well.
    result = svcstd("lint", "--format", "json", "--as-of", "2026-11-23", str(repo))
    assert result.returncode == 1
    rules = [f["rule"] for f in json.loads(result.stdout)["findings"]]
    assert rules == ["yaml/tag"]
    assert not marker.exists()


def test_text_report_names_file_line_field_and_hint(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(CASES / "_base", repo)
    std = repo / "services" / "it-pms-support.yaml"
    std.write_text(std.read_text().replace("acknowledge: 15m", "acknowledge: 4 hourz"))
    result = svcstd("lint", ".", cwd=repo)
    assert result.returncode == 1
    assert "services/it-pms-support.yaml" in result.stdout
    assert '16:18  error  targets[0].acknowledge: "4 hourz" is not a duration' in result.stdout
    assert "1 error" in result.stdout
