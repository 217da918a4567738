"""Compiled Jinja2 templates kept between runs, in a folder of the user's own, never believed
blindly: an edited template is compiled again, a damaged entry or an unsafe folder ignored."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from jinja2 import Environment

from svcstd.render.compiled import compiled_templates
from svcstd.render.templating import environment


@pytest.fixture
def private_temp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A temporary folder of this test's own, where Jinja2 makes its cache folder."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    return tmp_path / f"_jinja2-cache-{os.getuid()}"


@pytest.fixture
def compiles(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the templates Jinja2 compiles from source."""
    names: list[str] = []
    original = Environment.compile

    def counting(self: Environment, source: object, name: str | None = None, *a: object,
                 **k: object) -> object:  # fmt: skip
        names.append(str(name))
        return original(self, source, name, *a, **k)  # type: ignore[arg-type]

    monkeypatch.setattr(Environment, "compile", counting)
    return names


def _templates(tmp_path: Path, page: str) -> Path:
    """A templates folder holding page.md with the given text."""
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "page.md").write_text(page, "utf-8")
    return folder


def _render(overrides: Path | None, name: str = "page.md") -> str:
    return environment(overrides).get_template(name).render(hb=None)


def test_a_second_run_loads_the_compiled_template(
    tmp_path: Path, private_temp: Path, compiles: list[str]
) -> None:
    folder = _templates(tmp_path, "{% for i in range(3) %}{{ i }}{% endfor %}\n")
    assert _render(folder) == "012"
    assert compiles == ["page.md"]
    assert private_temp.is_dir() and (private_temp.stat().st_mode & 0o777) == 0o700
    assert _render(folder) == "012"
    assert compiles == ["page.md"]  # not compiled again


def test_an_edited_template_is_compiled_again(
    tmp_path: Path, private_temp: Path, compiles: list[str]
) -> None:
    folder = _templates(tmp_path, "old\n")
    assert _render(folder) == "old\n"
    (folder / "page.md").write_text("new\n", "utf-8")
    assert _render(folder) == "new\n"
    assert compiles == ["page.md", "page.md"]


def test_a_damaged_entry_is_ignored(tmp_path: Path, private_temp: Path) -> None:
    folder = _templates(tmp_path, "{{ 6 * 7 }}\n")
    assert _render(folder) == "42\n"
    for entry in private_temp.iterdir():
        data = entry.read_bytes()
        entry.write_bytes(data[: len(data) // 2])  # cut in the middle of the code
    assert _render(folder) == "42\n"


def test_a_linked_cache_folder_is_not_used(tmp_path: Path, private_temp: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    private_temp.symlink_to(elsewhere, target_is_directory=True)
    assert compiled_templates() is None
    folder = _templates(tmp_path, "fine\n")
    assert _render(folder) == "fine\n"
    assert list(elsewhere.iterdir()) == []


def test_a_cache_folder_of_another_user_is_not_used(tmp_path: Path, private_temp: Path) -> None:
    if os.geteuid() != 0:
        pytest.skip("only root can give a folder to another user")
    private_temp.mkdir(mode=0o700)
    os.chown(private_temp, 65534, 65534)  # nobody
    assert compiled_templates() is None


def test_a_cache_that_cannot_be_read_or_written_only_means_compiling(
    tmp_path: Path, private_temp: Path, compiles: list[str]
) -> None:
    folder = _templates(tmp_path, "ok\n")
    env = environment(folder)
    # The folder goes away after the cache found it, and a file takes its place: every read
    # and write of an entry now fails (NotADirectoryError), even for root.
    private_temp.rmdir()
    private_temp.write_text("not a folder", "utf-8")
    assert env.get_template("page.md").render() == "ok\n"
    assert environment(folder).get_template("page.md").render() == "ok\n"
    assert compiles == ["page.md", "page.md"]
