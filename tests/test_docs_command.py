"""``svcstd docs``: the manual ships in the wheel and reads well on a terminal and in a pipe."""

from __future__ import annotations

import os
import pty
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from svcstd.cli import app

ROOT = Path(__file__).resolve().parents[1]
# English pages, and pages in another language in a folder named by its code (docs/id/).
PAGES = sorted(p.stem for p in [*(ROOT / "docs").glob("*.md"), *(ROOT / "docs").glob("??/*.md")])


def docs(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["docs", *args])
    return result.exit_code, result.output


def test_without_a_topic_every_page_is_listed_with_its_title() -> None:
    code, out = docs()
    assert code == 0
    listed = [line.split()[0] for line in out.splitlines() if line and not line.startswith("'")]
    assert listed == PAGES
    assert "The svcstd data format" in out


def test_piped_output_is_the_page_itself() -> None:
    code, out = docs("format")
    assert code == 0 and out == (ROOT / "docs" / "format.md").read_text(encoding="utf-8")


@pytest.mark.parametrize(("name", "page"), [("publish", "editions"), ("Lint", "lint")])
def test_a_command_name_finds_its_page(name: str, page: str) -> None:
    code, out = docs(name)
    assert code == 0 and out == (ROOT / "docs" / f"{page}.md").read_text(encoding="utf-8")


def test_the_indonesian_quick_start_is_a_topic_of_its_own() -> None:
    code, out = docs()
    assert code == 0
    assert (
        "Mulai memakai svcstd"
        in dict(line.split(maxsplit=1) for line in out.splitlines()[:-2])["mulai"]
    )
    code, out = docs("mulai")
    assert code == 0 and out == (ROOT / "docs" / "id" / "mulai.md").read_text(encoding="utf-8")


def test_an_unknown_topic_is_a_usage_error_with_a_suggestion() -> None:
    code, out = docs("fromat")
    assert (
        code == 2 and "no documentation topic 'fromat'" in out and "did you mean 'format'?" in out
    )
    code, out = docs("zzz")
    assert code == 2 and "topics: " + ", ".join(PAGES) in out


def _on_a_terminal(args: list[str]) -> tuple[int, str]:
    """Run svcstd with stdout on a pseudo-terminal, reading while it writes."""
    main, child = pty.openpty()
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"} | {"COLUMNS": "100"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "svcstd", *args], stdout=child, stderr=subprocess.DEVNULL, env=env
    )
    os.close(child)
    chunks = []
    while True:
        try:
            chunk = os.read(main, 65536)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(main)
    return proc.wait(), b"".join(chunks).decode()


def test_on_a_terminal_the_markdown_is_formatted() -> None:
    code, out = _on_a_terminal(["docs", "lint"])
    assert code == 0 and "\x1b[" in out  # styled
    assert "# svcstd lint" not in out and "svcstd lint" in out  # a heading, not its source
    assert "| code | meaning |" not in out  # tables are drawn, not printed as source


def test_every_help_page_points_to_the_docs() -> None:
    for command in ("lint", "whois", "publish", "schema"):
        out = CliRunner().invoke(app, [command, "--help"]).output
        assert "svcstd docs" in out, command
    assert "svcstd docs editions" in CliRunner().invoke(app, ["due", "--help"]).output


def test_the_wheel_ships_the_docs_and_they_work_from_it(tmp_path: Path) -> None:
    from hatchling.builders.wheel import WheelBuilder

    (wheel,) = WheelBuilder(str(ROOT)).build(directory=str(tmp_path), versions=["standard"])
    with zipfile.ZipFile(wheel) as archive:
        shipped = sorted(Path(n).stem for n in archive.namelist() if n.startswith("svcstd/docs/"))
        archive.extractall(tmp_path / "site")
    assert shipped == PAGES
    # The unpacked wheel comes first on the path: svcstd reads its own copy of the docs,
    # from a folder far from the source checkout.
    done = from_site(tmp_path, "docs", "rules")
    assert done.returncode == 0, done.stderr
    assert done.stderr.startswith(str(tmp_path / "site"))
    assert done.stdout == (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")

    # An installation without the docs still starts; only 'svcstd docs' says what is missing.
    shutil.rmtree(tmp_path / "site" / "svcstd" / "docs")
    assert from_site(tmp_path, "lint", "--help").returncode == 0
    missing = from_site(tmp_path, "docs")
    assert missing.returncode == 2 and "holds no documentation" in missing.stderr


def from_site(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run svcstd from the unpacked wheel in tmp_path/site, printing where it came from."""
    env = os.environ | {"PYTHONPATH": str(tmp_path / "site")}
    return subprocess.run(
        [
            sys.executable,
            "-c",
            f"import svcstd, sys; sys.argv=['svcstd', *{list(args)!r}];"
            "print(svcstd.__file__, file=sys.stderr); from svcstd.cli import main; main()",
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        check=False,
    )
