"""Every command that writes files, against odd targets, umasks and the cache folder.

One writer (svcstd.writer) serves them all; these tests drive each command through
the CLI, so a command that bypasses the writer fails here.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from svcstd.cli import app

AS_OF = "2026-03-02"


def cli(*args: str, cwd: Path | None = None) -> tuple[int, str, str]:
    """Run svcstd in-process (so the umask set by a test applies); (code, stdout, stderr)."""
    here = Path.cwd()
    if cwd is not None:
        os.chdir(cwd)
    try:
        result = CliRunner().invoke(app, list(args))
    finally:
        os.chdir(here)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def umask() -> Iterator[Callable[[int], None]]:
    """Set the process umask for one test; the old one comes back afterwards."""
    old = os.umask(0o022)

    def set_mask(mask: int) -> None:
        os.umask(mask)

    yield set_mask
    os.umask(old)


@pytest.fixture
def immutable(tmp_path: Path) -> Iterator[Path]:
    """A folder even root cannot write into (chattr +i), made writable again afterwards."""
    folder = tmp_path / "immutable"
    folder.mkdir()
    if shutil.which("chattr") is None:
        pytest.skip("chattr is not installed")
    done = subprocess.run(["chattr", "+i", str(folder)], capture_output=True, check=False)
    if done.returncode != 0:
        pytest.skip(f"this file system has no immutable flag: {done.stderr!r}")
    yield folder
    subprocess.run(["chattr", "-i", str(folder)], check=True)


def _writers(repo: Path) -> dict[str, Callable[[Path], tuple[int, str, str]]]:
    """Each command that writes, as a function of its output path."""

    def render(p: Path) -> tuple[int, str, str]:
        return cli("render", str(repo), "-f", "md", "--out", str(p), "--as-of", AS_OF)

    def report(p: Path) -> tuple[int, str, str]:
        return cli("lint", str(repo), "--report", f"json:{p}", "--as-of", AS_OF)

    return {
        "render --out": render,
        "digest --out": lambda p: cli("digest", "--out", str(p), "-C", str(repo), "--as-of", AS_OF),
        "schema --out": lambda p: cli("schema", "--out", str(p), "--no-vscode", cwd=repo),
        "init": lambda p: cli("init", str(p)),
        "lint -o": lambda p: cli("lint", str(repo), "-o", str(p), "--as-of", AS_OF),
        "lint --report": report,
    }


FOLDER_WRITERS = ["render --out", "digest --out", "schema --out", "init"]
FILE_WRITERS = ["lint -o", "lint --report"]


def _assert_refused(result: tuple[int, str, str], path: Path | str, reason: str) -> None:
    code, out, err = result
    assert code == 2, (code, out, err)
    assert "Traceback" not in err and "internal error" not in err
    assert str(path) in err, err
    assert reason in err, err


@pytest.mark.parametrize("command", FOLDER_WRITERS + FILE_WRITERS)
def test_a_path_under_a_file_is_a_usage_error(command: str, example: Path, tmp_path: Path) -> None:
    plain = tmp_path / "plain.txt"
    plain.write_text("keep me\n", encoding="utf-8")
    _assert_refused(_writers(example)[command](plain / "out"), plain, "not a")
    assert plain.read_text(encoding="utf-8") == "keep me\n"


@pytest.mark.parametrize("command", FOLDER_WRITERS + FILE_WRITERS)
def test_a_path_under_proc_is_a_usage_error(command: str, example: Path) -> None:
    _assert_refused(_writers(example)[command](Path("/proc/svcstd-none/out")), "/proc/", "")


@pytest.mark.parametrize("command", FOLDER_WRITERS)
def test_a_file_or_a_device_where_a_folder_is_expected(
    command: str, example: Path, tmp_path: Path
) -> None:
    plain = tmp_path / "plain.txt"
    plain.write_text("keep me\n", encoding="utf-8")
    _assert_refused(_writers(example)[command](plain), plain, "not a folder")
    assert plain.read_text(encoding="utf-8") == "keep me\n"
    _assert_refused(_writers(example)[command](Path("/dev/null")), "/dev/null", "not a folder")
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


@pytest.mark.parametrize("command", FOLDER_WRITERS)
def test_an_immutable_folder_is_a_usage_error(command: str, example: Path, immutable: Path) -> None:
    target = immutable / "new" if command == "init" else immutable
    _assert_refused(_writers(example)[command](target), immutable, "not permitted")
    assert list(immutable.iterdir()) == []


@pytest.mark.parametrize("command", FILE_WRITERS)
def test_a_folder_where_a_file_is_expected(command: str, example: Path, tmp_path: Path) -> None:
    folder = tmp_path / "folder"
    folder.mkdir()
    _assert_refused(_writers(example)[command](folder), folder, "it is a folder")
    missing = tmp_path / "missing" / "report.txt"
    _assert_refused(_writers(example)[command](missing), missing, "does not exist")


@pytest.mark.parametrize("command", FILE_WRITERS)
def test_a_symlink_is_never_replaced(command: str, example: Path, tmp_path: Path) -> None:
    target = tmp_path / "target.txt"
    target.write_text("keep me\n", encoding="utf-8")
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    _assert_refused(_writers(example)[command](link), link, "symbolic link")
    assert link.is_symlink() and target.read_text(encoding="utf-8") == "keep me\n"


@pytest.mark.parametrize("command", FILE_WRITERS)
def test_devices_are_written_through_never_replaced(command: str, example: Path) -> None:
    code, _, err = _writers(example)[command](Path("/dev/null"))
    assert code == 0, err
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)
    # /dev/full is a device too: a write fails with "no space", which is the user's to see.
    _assert_refused(_writers(example)[command](Path("/dev/full")), "/dev/full", "no space")
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)


def test_a_pipe_is_written_through(example: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    code, _, err = cli("lint", str(example), "--report", f"json:{fifo}", "--as-of", AS_OF)
    reader.join(timeout=30)
    assert code == 0, err
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert b'"findings"' in received[0]


def test_a_refused_report_writes_no_other_report(example: Path, tmp_path: Path) -> None:
    """Reports are checked before any is written; the first is not left behind alone."""
    first = tmp_path / "first.json"
    folder = tmp_path / "folder"
    folder.mkdir()
    code, _, err = cli("lint", str(example), "--report", f"json:{first}", "--report",
                       f"sarif:{folder}", "--as-of", AS_OF)  # fmt: skip
    assert code == 2 and "it is a folder" in err
    assert not first.exists()


@pytest.mark.parametrize("mask", [0o022, 0o027, 0o077])
def test_new_files_follow_the_umask(
    mask: int, umask: Callable[[int], None], example: Path, tmp_path: Path
) -> None:
    umask(mask)
    expected = 0o666 & ~mask
    out = tmp_path / "out"
    out.mkdir()
    assert cli("lint", str(example), "-o", str(out / "lint.txt"), "--report",
               f"sarif:{out / 'lint.sarif'}", "--as-of", AS_OF)[0] == 0  # fmt: skip
    assert cli("schema", "--out", str(out / "schemas"), cwd=example)[0] == 0
    assert cli("digest", "--out", str(out / "digest"), "-C", str(example), "--as-of", AS_OF)[0] == 0
    assert cli("render", str(example), "-f", "md,html", "--out", str(out / "handbook"),
               "--as-of", AS_OF)[0] == 0  # fmt: skip
    written = [p for p in out.rglob("*") if p.is_file()]
    written.append(example / ".vscode" / "settings.json")
    assert len(written) > 10
    modes = {str(p): oct(stat.S_IMODE(p.stat().st_mode)) for p in written}
    assert set(modes.values()) == {oct(expected)}, modes
    assert not [p for p in out.rglob("*") if ".tmp" in p.name or ".svcstd-staging" in p.name]


def test_an_existing_file_keeps_its_mode(example: Path, tmp_path: Path) -> None:
    report = tmp_path / "lint.txt"
    report.write_text("old\n", encoding="utf-8")
    report.chmod(0o600)
    settings = example / ".vscode" / "settings.json"
    settings.parent.mkdir()
    settings.write_text('{"editor.tabSize": 2}\n', encoding="utf-8")
    settings.chmod(0o640)
    assert cli("lint", str(example), "-o", str(report), "--as-of", AS_OF)[0] == 0
    assert cli("schema", cwd=example)[0] == 0
    assert stat.S_IMODE(report.stat().st_mode) == 0o600 and "old" not in report.read_text()
    assert stat.S_IMODE(settings.stat().st_mode) == 0o640
    assert "yaml.schemas" in settings.read_text(encoding="utf-8")


@pytest.mark.parametrize("kind", ["link", "file"])
def test_a_cache_folder_that_is_a_link_or_a_file_is_not_used(
    kind: str, example: Path, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "elsewhere"
    (elsewhere / "whois-docs").mkdir(parents=True)
    planted = elsewhere / "whois-docs" / ("0" * 64 + ".json")
    planted.write_text("{}", encoding="utf-8")
    cache = example / ".svcstd-cache"
    if kind == "link":
        cache.symlink_to(elsewhere)
    else:
        cache.write_text("not a folder\n", encoding="utf-8")
    runs = (["lint", ".", "--as-of", AS_OF], ["whois", "payroll"], ["diff", ".", "."])
    for args in runs:  # separate processes: the note is given once per run
        done = subprocess.run([sys.executable, "-m", "svcstd", *args], cwd=example,
                              capture_output=True, text=True, check=False)  # fmt: skip
        code, out, err = done.returncode, done.stdout, done.stderr
        assert code == 0, (args, out, err)
        assert "is a symbolic link" in err if kind == "link" else "is not a folder" in err
        assert "uncached" in err
    assert sorted(p.name for p in elsewhere.rglob("*")) == sorted(["whois-docs", planted.name])
    assert cache.is_symlink() if kind == "link" else cache.read_text() == "not a folder\n"


def test_a_real_cache_folder_is_still_used(example: Path) -> None:
    """The near miss: a plain .svcstd-cache folder gets no note and is written."""
    code, _, err = cli("lint", str(example), "--as-of", AS_OF)
    assert code == 0 and "uncached" not in err
    assert any((example / ".svcstd-cache").iterdir())


KILLER = """
import os, signal, sys
import svcstd.writer as writer

point = sys.argv.pop(1)
real_replace, real_write_new = os.replace, writer._write_new

def replace(src, dst):
    real_replace(src, dst)
    if point == "moving" and ".svcstd-staging-" in str(src):
        os.kill(os.getpid(), signal.SIGKILL)  # one file moved, the others not yet

def write_new(path, data, mode):
    if point == "staging" and path.name == writer.COMPLETE:
        os.kill(os.getpid(), signal.SIGKILL)  # every file staged, none marked complete
    real_write_new(path, data, mode)

os.replace, writer._write_new = replace, write_new
from svcstd.cli import main
sys.argv[0] = "svcstd"
main()
"""


def _render_killed(example: Path, out: Path, point: str, as_of: str) -> None:
    args = [sys.executable, "-c", KILLER, point, "render", str(example), "-f", "md,html",
            "--out", str(out), "--as-of", as_of]  # fmt: skip
    done = subprocess.run(args, capture_output=True, text=True, check=False)
    assert done.returncode == -9, done.stderr


def _dates(out: Path) -> set[str]:
    """Which run each handbook file came from (the cover date in it)."""
    marks = {"handbook.md": "**Date:** {}", "handbook.html": "Service Standards Handbook · {}"}
    found = set()
    for name, mark in marks.items():
        text = (out / name).read_text(encoding="utf-8")
        found |= {day for day in ("1 March 2026", "2 March 2026") if mark.format(day) in text}
    return found


@pytest.mark.parametrize("point", ["staging", "moving"])
def test_a_render_killed_while_writing_is_settled_by_the_next_write(
    point: str, example: Path, tmp_path: Path
) -> None:
    """A kill while staging leaves the old files; a kill while moving, a complete staging
    folder. Either way no temporary file outlives the next write into the folder, and
    that write settles the folder on one run's files."""
    from svcstd.writer import recover

    out = tmp_path / "handbook"
    assert cli("render", str(example), "-f", "md,html", "--out", str(out),
               "--as-of", "2026-03-01")[0] == 0  # fmt: skip
    _render_killed(example, out, point, "2026-03-02")
    names = sorted(p.name for p in out.iterdir())
    assert not [n for n in names if n.endswith(".tmp")]
    assert [n for n in names if n.startswith(".svcstd-staging-")], names
    if point == "staging":
        assert _dates(out) == {"1 March 2026"}  # nothing of the killed run is in place
    else:
        assert _dates(out) == {"1 March 2026", "2 March 2026"}  # the moment of the kill
    recover(out)
    assert sorted(p.name for p in out.iterdir()) == ["handbook.html", "handbook.md"]
    assert _dates(out) == ({"1 March 2026"} if point == "staging" else {"2 March 2026"})


def test_any_later_write_into_the_folder_settles_it(example: Path, tmp_path: Path) -> None:
    out = tmp_path / "handbook"
    assert cli("render", str(example), "-f", "md,html", "--out", str(out),
               "--as-of", "2026-03-01")[0] == 0  # fmt: skip
    _render_killed(example, out, "moving", "2026-03-02")
    assert cli("lint", str(example), "-o", str(out / "lint.txt"), "--as-of", AS_OF)[0] == 0
    names = sorted(p.name for p in out.iterdir())
    assert names == ["handbook.html", "handbook.md", "lint.txt"]
    assert _dates(out) == {"2 March 2026"}


def test_a_settings_path_that_is_a_folder_is_refused(example: Path) -> None:
    (example / ".vscode" / "settings.json").mkdir(parents=True)
    code, _, err = cli("schema", cwd=example)
    _assert_refused((code, "", err), ".vscode/settings.json", "it is a folder")


def test_publish_follows_the_umask(umask: Callable[[int], None], tmp_path: Path) -> None:
    from tests.test_diff_gitrepo import make_repo

    repo = make_repo(tmp_path / "standards")
    config = repo.path("svcstd.yaml")
    config.write_text(config.read_text(encoding="utf-8") + "publication:\n  output: editions\n")
    repo.commit("publish into editions/")
    umask(0o027)
    code, _, err = repo.run("publish", "--as-of", AS_OF, "--handbook", "md")
    assert code == 0, err
    folder = repo.path(f"editions/edition-{AS_OF}")
    modes = {p.name: stat.S_IMODE(p.stat().st_mode) for p in (folder, *folder.iterdir())}
    # calendar/ holds the teams' obligations calendars (docs/calendar.md).
    assert modes == {folder.name: 0o750, "handbook.md": 0o640, "calendar": 0o750}
    assert {stat.S_IMODE(p.stat().st_mode) for p in (folder / "calendar").iterdir()} == {0o640}
    assert stat.S_IMODE(repo.path("CHANGELOG.md").stat().st_mode) == 0o640


def test_init_follows_the_umask(umask: Callable[[int], None], tmp_path: Path) -> None:
    umask(0o027)
    target = tmp_path / "standards"
    assert cli("init", str(target))[0] == 0
    files = {oct(stat.S_IMODE(p.stat().st_mode)) for p in target.rglob("*") if p.is_file()}
    folders = {oct(stat.S_IMODE(p.stat().st_mode)) for p in [target, *target.rglob("*")]
               if p.is_dir()}  # fmt: skip
    assert files == {oct(0o640)} and folders == {oct(0o750)}


def test_a_staging_folder_that_came_with_a_checkout_is_left_alone(tmp_path: Path) -> None:
    """Only svcstd's own private staging folders are finished; a planted one moves nothing."""
    from svcstd.writer import recover, write_text

    planted = tmp_path / ".svcstd-staging-planted"
    planted.mkdir(mode=0o755)
    planted.chmod(0o755)
    (planted / "0").write_text("planted\n", encoding="utf-8")
    (planted / ".names").write_text("0\0svcstd.yaml", encoding="utf-8")
    (planted / ".complete").write_text("", encoding="utf-8")
    (tmp_path / "svcstd.yaml").write_text("organisation: Ours\n", encoding="utf-8")
    recover(tmp_path)
    write_text(tmp_path / "report.txt", "fine\n")
    assert (tmp_path / "svcstd.yaml").read_text(encoding="utf-8") == "organisation: Ours\n"
    assert (planted / "0").exists()
    # The near miss: the same folder made private, as svcstd makes its own, is finished.
    planted.chmod(0o700)
    recover(tmp_path)
    assert (tmp_path / "svcstd.yaml").read_text(encoding="utf-8") == "planted\n"
    assert not planted.exists()
