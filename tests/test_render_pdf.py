"""The PDF handbook read back: contents with the right page numbers, every standard, metadata,
bookmarks, inert hostile content, and page images for a person to look at."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pypdf
import pytest
from typer.testing import CliRunner

from svcstd.cli import app
from svcstd.render.load import load_organisation
from tests.conftest import example_dir
from tests.unit.render.render_support import hostile_repo, render, tripwire_server


@pytest.fixture(scope="module")
def example_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example organisation rendered once, in all three formats, through the CLI."""
    base = tmp_path_factory.mktemp("example")
    shutil.copytree(example_dir(), base / "standards")
    out = base / "handbook"
    args = ["render", str(base / "standards"), "--format", "html,pdf,md", "--out", str(out),
            "--as-of", "2026-11-01", "--edition", "2026-11"]  # fmt: skip
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["handbook.html", "handbook.md", "handbook.pdf"]
    return out


@pytest.fixture(scope="module")
def reader(example_out: Path) -> pypdf.PdfReader:
    return pypdf.PdfReader(example_out / "handbook.pdf")


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _toc_entries(reader: pypdf.PdfReader) -> dict[str, int]:
    """'title → page' from the contents pages (they come right after the cover)."""
    entries: dict[str, int] = {}
    for page in reader.pages[1:4]:
        for line in page.extract_text().splitlines():
            match = re.match(r"^(.*?)[\s.]*?(\d+)$", line.strip())
            if match and match[1]:
                entries[_flat(match[1]).lstrip("0123456789.")] = int(match[2])
    return entries


def _outline(reader: pypdf.PdfReader) -> dict[str, int]:
    pages: dict[str, int] = {}

    def walk(items: list[object]) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                pages[_flat(item.title)] = reader.get_destination_page_number(item) + 1  # type: ignore[attr-defined]

    walk(reader.outline)
    return pages


def test_contents_list_every_team_with_the_right_page(reader: pypdf.PdfReader) -> None:
    org = load_organisation(example_dir()).org
    toc, outline = _toc_entries(reader), _outline(reader)
    assert len(org.teams) >= 10
    for team in org.teams.values():
        key = _flat(team.name)
        assert key in toc, f"{team.name} missing from the table of contents"
        page = toc[key]
        assert outline[key] == page, f"{team.name}: contents say {page}, bookmark {outline[key]}"
        text = reader.pages[page - 1].extract_text()
        assert team.name in text and "TEAM" in text, f"{team.name} is not on page {page}"


def test_every_standard_title_appears(reader: pypdf.PdfReader) -> None:
    org = load_organisation(example_dir()).org
    text = _flat("".join(page.extract_text() for page in reader.pages))
    assert len(org.standards) >= 10
    for std in org.standards.values():
        assert _flat(std.title) in text, std.title


def test_running_header_footer_and_metadata(reader: pypdf.PdfReader) -> None:
    total = len(reader.pages)
    page = reader.pages[5].extract_text()
    assert f"page 6 of {total}" in page and "Hotel Nusantara Jaya" in page
    meta = reader.metadata
    assert meta is not None
    assert meta.title == "Hotel Nusantara Jaya — Service Standards Handbook"
    assert meta.author == "Hotel Nusantara Jaya" and "Edition 2026-11" in (meta.subject or "")
    assert meta["/CreationDate"].startswith("D:20261101")
    assert reader.pages[0].mediabox.height > reader.pages[0].mediabox.width  # A4 portrait
    chart = _outline(reader)["Organisationchart"]
    wide = reader.pages[chart - 1].mediabox
    assert wide.width > wide.height  # the org chart gets a landscape page


def test_markdown_and_html_of_the_same_run(example_out: Path) -> None:
    md = (example_out / "handbook.md").read_text(encoding="utf-8")
    html = (example_out / "handbook.html").read_text(encoding="utf-8")
    assert md.startswith("# Hotel Nusantara Jaya — Service Standards Handbook")
    assert '<a id="standard-hr-payroll"></a>' in md and 'id="standard-hr-payroll"' in html
    assert "monthly on day 25" in html and "monthly on day 20" in html


def test_hostile_content_makes_no_request_and_reads_no_file(tmp_path: Path) -> None:
    with tripwire_server() as (port, hits):
        root = hostile_repo(tmp_path / "repo", port)
        [pdf] = render(root, tmp_path / "out", ["pdf"])
    assert hits == []
    text = "".join(page.extract_text() for page in pypdf.PdfReader(pdf).pages)
    assert "root:x:0:0" not in text and "/bin/bash" not in text
    assert "<script>alert('title')</script>PMS support" in text  # shown as text, not run


def test_the_fetcher_refuses_everything_but_data_uris() -> None:
    from svcstd.render.pdf import data_only_fetcher

    fetcher = data_only_fetcher()
    for url in ["file:///etc/passwd", "http://127.0.0.1:1/x.png", "https://example.org/",
                " FILE:///etc/passwd", "ftp://example.org/x"]:  # fmt: skip
        with pytest.raises(ValueError):
            fetcher.fetch(url)
    assert fetcher.fetch("data:text/plain,hello") is not None


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="pdftoppm (poppler-utils) missing")
def test_pages_as_images_for_a_person_to_look_at(
    reader: pypdf.PdfReader, example_out: Path, tmp_path: Path
) -> None:
    from PIL import Image

    artifacts = Path(os.environ.get("SVCSTD_ARTIFACTS", tmp_path)) / "render"
    artifacts.mkdir(parents=True, exist_ok=True)
    outline = _outline(reader)
    sop = min(p for title, p in outline.items() if title.startswith("Collecting"))
    pages = {"cover": 1, "org-chart": outline["Organisationchart"], "sop": sop}
    for name, number in pages.items():
        target = artifacts / f"handbook-{name}"
        subprocess.run(["pdftoppm", "-png", "-r", "80", "-singlefile", "-f", str(number),
                        "-l", str(number), str(example_out / "handbook.pdf"), str(target)],
                       check=True)  # fmt: skip
        image = Image.open(f"{target}.png").convert("RGB")
        colours = image.getcolors(maxcolors=1_000_000) or []
        assert len(colours) > 20, f"page {number} ({name}) looks blank"
    cover = Image.open(artifacts / "handbook-cover.png").convert("RGB")
    assert cover.getpixel((cover.width // 2, cover.height // 2)) == (22, 50, 79)  # the navy cover


def test_same_input_same_pdf_bytes(tmp_path: Path) -> None:
    from tests.unit.render.render_support import base_repo

    root = base_repo(tmp_path / "repo")
    [first] = render(root, tmp_path / "a", ["pdf"])
    [second] = render(root, tmp_path / "b", ["pdf"])
    assert first.read_bytes() == second.read_bytes()
