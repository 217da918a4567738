"""The templates of a render: Typst files read without Jinja2, an override folder first."""

from __future__ import annotations

from pathlib import Path

import pytest

from svcstd.errors import UsageError
from svcstd.render.templating import Templates, builtin_templates


def _builtin_typst() -> dict[str, str]:
    folder = builtin_templates()
    return {p.relative_to(folder).as_posix(): p.read_text(encoding="utf-8")
            for p in folder.rglob("*.typ")}  # fmt: skip


def test_builtin_typst_files_are_every_typ_file_and_nothing_else() -> None:
    sources, overridden = Templates(None, "en").typst_sources()
    assert sources == _builtin_typst()
    assert "handbook.typ" in sources and not overridden
    assert not any(name.endswith((".html", ".md", ".css")) for name in sources)


def test_an_override_replaces_by_name_and_adds_files_in_subfolders(tmp_path: Path) -> None:
    (tmp_path / "parts").mkdir()
    (tmp_path / "handbook.typ").write_bytes(b'= Ours\r\n#include "parts/cover.typ"\r\n')
    (tmp_path / "parts" / "cover.typ").write_text("Cover\n", encoding="utf-8")
    (tmp_path / "handbook.html").write_text("not Typst\n", encoding="utf-8")
    sources, overridden = Templates(tmp_path, "en").typst_sources()
    assert overridden
    assert sources["handbook.typ"] == '= Ours\r\n#include "parts/cover.typ"\r\n'  # kept as written
    assert sources["parts/cover.typ"] == "Cover\n"
    builtin = _builtin_typst()
    assert {k: v for k, v in sources.items() if k in builtin and k != "handbook.typ"} == {
        k: v for k, v in builtin.items() if k != "handbook.typ"}  # fmt: skip
    assert "handbook.html" not in sources


def test_an_override_of_html_alone_leaves_the_typst_files_built_in(tmp_path: Path) -> None:
    (tmp_path / "handbook.html").write_text("<p>ours</p>\n", encoding="utf-8")
    sources, overridden = Templates(tmp_path, "en").typst_sources()
    assert sources == _builtin_typst() and not overridden


def test_a_linked_folder_in_the_override_is_not_followed(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.typ").write_text("secret\n", encoding="utf-8")
    overrides = tmp_path / "templates"
    overrides.mkdir()
    (overrides / "linked").symlink_to(outside, target_is_directory=True)
    sources, _ = Templates(overrides, "en").typst_sources()
    assert "linked/secret.typ" not in sources


def test_the_override_folder_must_be_a_folder(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x", encoding="utf-8")
    with pytest.raises(UsageError, match="not a folder"):
        Templates(tmp_path / "file", "en")


def test_the_jinja_environment_speaks_the_readers_language() -> None:
    env = Templates(None, "id").env
    assert env.from_string('{{ _("Contents") }}').render() != "Contents"
    assert Templates(None, "en").env.from_string('{{ _("Contents") }}').render() == "Contents"
