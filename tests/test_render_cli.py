"""``svcstd render`` on the command line: formats, names, options and clear usage errors."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from svcstd.cli import app
from tests.unit.render.render_support import base_repo


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["render", *args])
    return result.exit_code, result.output


def test_several_formats_in_one_run_quietly(tmp_path: Path) -> None:
    root, out = base_repo(tmp_path / "repo"), tmp_path / "out"
    code, output = _run(str(root), "-f", "html,md", "--out", str(out), "--as-of", "2026-11-01")
    assert code == 0
    # Not a terminal: no progress bar, only the files written.
    assert output.splitlines() == [str(out / "handbook.html"), str(out / "handbook.md")]


def test_default_out_folder_and_team_handbook(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = base_repo(tmp_path / "repo")
    monkeypatch.chdir(tmp_path)
    code, _ = _run(str(root), "--team", "it", "--lang", "id", "--as-of", "2026-11-01")
    assert code == 0
    html = (tmp_path / "handbook" / "handbook-it.id.html").read_text(encoding="utf-8")
    assert "Buku Panduan Tim" in html and "Information Technology" in html


@pytest.mark.parametrize(
    ("args", "message"),
    [(["-f", "htlm"], "did you mean 'html'?"), (["--team", "itt"], "did you mean 'it'?"),
     (["--lang", "fr"], "unknown language 'fr'"), (["--as-of", "1 Nov"], "is not a date"),
     (["--templates", "nowhere"], "not a folder")],
)  # fmt: skip
def test_usage_errors(tmp_path: Path, args: list[str], message: str) -> None:
    root = base_repo(tmp_path / "repo")
    code, output = _run(str(root), "--out", str(tmp_path / "out"), *args)
    assert code == 2
    assert message in output and "Traceback" not in output
    assert not (tmp_path / "out").exists()


def test_no_repository_is_a_usage_error(tmp_path: Path) -> None:
    code, output = _run(str(tmp_path), "--out", str(tmp_path / "out"))
    assert code == 2 and "no svcstd.yaml found" in output


def _render_process(root: Path, out: Path, stderr: int) -> subprocess.CompletedProcess[bytes]:
    src = Path(__file__).resolve().parents[1] / "src"
    env = {**os.environ, "PYTHONPATH": str(src), "TERM": "xterm", "COLUMNS": "80"}
    args = [sys.executable, "-m", "svcstd", "render", str(root), "-f", "html,md", "-o", str(out)]
    return subprocess.run(args, stdout=subprocess.PIPE, stderr=stderr, env=env, timeout=120,
                          check=True)  # fmt: skip


def test_progress_bar_only_on_a_terminal(tmp_path: Path) -> None:
    root = base_repo(tmp_path / "repo")
    quiet = _render_process(root, tmp_path / "a", subprocess.PIPE)
    assert quiet.stderr == b""
    leader, follower = pty.openpty()
    try:
        done = _render_process(root, tmp_path / "b", follower)
        os.close(follower)
        seen = b""
        while True:
            try:
                chunk = os.read(leader, 4096)
            except OSError:  # the terminal closed: everything has been read
                break
            if not chunk:
                break
            seen += chunk
    finally:
        os.close(leader)
    assert b"rendering" in seen
    assert done.stdout.decode().splitlines() == [str(tmp_path / "b" / "handbook.html"),
                                                 str(tmp_path / "b" / "handbook.md")]  # fmt: skip


def test_invalid_files_are_left_out_with_a_note(tmp_path: Path) -> None:
    root = base_repo(tmp_path / "repo")
    (root / "roles" / "broken.yaml").write_text("kind: role\nid: broken\n")  # no title, no team
    (root / "roles" / "syntax.yaml").write_text("kind: [role\n")
    result = CliRunner().invoke(app, ["render", str(root), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0
    assert "2 files fail to load or to match the schema" in result.output
    assert (tmp_path / "out" / "handbook.html").is_file()
