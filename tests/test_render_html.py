"""The HTML and Markdown handbooks: deterministic, self-contained, linked, hostile text inert."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from svcstd.errors import UsageError
from tests.unit.render.render_support import base_repo, hostile_repo, render, tripwire_server

ANCHOR = re.compile(r'href="#([^"]*)"')


def _html(root: Path, out: Path, **options: object) -> str:
    [path] = render(root, out, ["html"], **options)
    return path.read_text(encoding="utf-8")


def test_same_input_same_bytes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = base_repo(tmp_path / "repo")
    first = render(root, tmp_path / "a", ["html", "md"])
    second = render(root, tmp_path / "b", ["html", "md"])
    # The same files in another folder give the same bytes (file order: see test_render_view).
    elsewhere = base_repo(tmp_path / "somewhere" / "else")
    third = render(elsewhere, tmp_path / "c", ["html", "md"])
    for one, two, three in zip(first, second, third, strict=True):
        assert one.read_bytes() == two.read_bytes() == three.read_bytes()
    # Without --as-of the date comes from SOURCE_DATE_EPOCH, not from the clock, taken in
    # the configured time zone: 2026-05-28 20:26 UTC is 29 May in Asia/Jakarta.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1780000000")
    html = _html(root, tmp_path / "d", as_of=None)
    assert '<time datetime="2026-05-29">29 May 2026</time>' in html


def test_self_contained_and_every_link_lands(tmp_path: Path) -> None:
    html = _html(base_repo(tmp_path / "repo"), tmp_path / "out")
    assert "Content-Security-Policy" in html and "default-src 'none'" in html
    assert not re.search(r"<(link|img|iframe|object|embed)\b", html)
    assert " src=" not in html and "@import" not in html
    assert all(u.startswith("url(data:") for u in re.findall(r"url\([^)]*", html))
    ids = set(re.findall(r'id="([^"]+)"', html))
    assert {"team-it", "standard-it-pms-support", "sop-sop-pms-login", "role-it-manager"} <= ids
    missing = {a for a in ANCHOR.findall(html) if a not in ids}
    assert not missing, f"links to missing anchors: {missing}"
    assert html.count("<script") == 2  # the search data and the search code, nothing else
    assert '<meta name="viewport"' in html and "@media print" in html


def test_sections_are_all_there(tmp_path: Path) -> None:
    html = _html(base_repo(tmp_path / "repo"), tmp_path / "out")
    expected = ["Case Base Hotel", "How to use this handbook", '<svg class="orgchart"',
                "Who serves whom", "SIPOC", "RACI matrix", "Topic directory A\N{EN DASH}Z",
                "Glossary", "Acknowledge within", "15 minutes", "After 30 minutes",
                "Hands off to"]  # fmt: skip
    for text in expected:
        assert text in html, text


def test_indonesian_labels(tmp_path: Path) -> None:
    [path] = render(base_repo(tmp_path / "repo"), tmp_path / "out", ["html"], lang="id")
    assert path.name == "handbook.id.html"
    html = path.read_text(encoding="utf-8")
    assert '<html lang="id">' in html
    for text in ["Daftar Isi", "Standar Layanan", "Struktur Organisasi", "1 November 2026",
                 "Ditanggapi dalam", "15 menit", "Glosarium",
                 # Words an Indonesian workplace uses (issue 14): PIC, not "Pemilik"...
                 ">PIC<", "Pengganti saat berhalangan", "Layanan yang Anda terima",
                 "Atasan langsung", "Sen\N{EN DASH}Jum"]:  # fmt: skip
        assert text in html, text
    for text in ["Contents", "Pemilik", "Wakil", "imbalan", ">Owner<", "Mon\N{EN DASH}Fri"]:
        assert text not in html, text


def test_hostile_content_is_inert(tmp_path: Path) -> None:
    with tripwire_server() as (port, hits):
        root = hostile_repo(tmp_path / "repo", port)
        html_path, md_path = render(root, tmp_path / "out", ["html", "md"])
        html, md = html_path.read_text(), md_path.read_text()
    assert hits == []
    # Our two script elements only; the hostile ones are text.
    assert html.count("<script") == 2 and "&lt;script&gt;alert(&#39;title&#39;)" in html
    assert not re.search(r'href="\s*javascript:', html, re.IGNORECASE)
    assert not re.search(rf'(src|href)="[^"]*127\.0\.0\.1:{port}', html)
    assert not re.search(r"<(img|iframe|link)\b", html)
    assert 'href="https://example.org/safe"' in html
    # The organisation name stays inside the running header's CSS string.
    styles = "".join(re.findall(r"<style>(.*?)</style>", html, re.DOTALL))
    assert 'content: "Evil\\"; } @import url(' in styles
    assert styles.count("@import") == 1
    assert "<script>alert" not in md and "<img" not in md
    assert not re.search(r"\]\(\s*javascript:", md, re.IGNORECASE)


def test_template_override_by_name(tmp_path: Path) -> None:
    overrides = tmp_path / "brand" / "partials"
    overrides.mkdir(parents=True)
    (overrides / "cover.html").write_text(
        '<section class="cover" id="cover"><h1>{{ hb.organisation }} — ACME brand</h1></section>'
    )
    html = _html(base_repo(tmp_path / "repo"), tmp_path / "out", templates=tmp_path / "brand")
    assert "Case Base Hotel — ACME brand" in html and "Topic directory" in html


def test_a_failed_render_leaves_the_previous_handbook(tmp_path: Path) -> None:
    root, out = base_repo(tmp_path / "repo"), tmp_path / "out"
    before = _html(root, out)
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "handbook.md").write_text("{{ hb.no_such_field }}")
    with pytest.raises(UsageError, match="template"):
        render(root, out, ["html", "md"], templates=broken)
    assert (out / "handbook.html").read_text(encoding="utf-8") == before
    assert not (out / "handbook.md").exists()
    assert sorted(p.name for p in out.iterdir()) == ["handbook.html"]  # no temporary leftovers


def test_service_map_becomes_a_list_when_too_wide(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from svcstd.render import navigation

    root = base_repo(tmp_path / "repo")
    assert '<table class="matrix">' in _html(root, tmp_path / "a")
    monkeypatch.setattr(navigation, "MATRIX_MAX_COLUMNS", 0)
    html = _html(root, tmp_path / "b")
    assert '<table class="matrix">' not in html and '<table class="service-list stack">' in html
    assert '<a href="#standard-it-pms-support">1. PMS support for the front office</a>' in html
