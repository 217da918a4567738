"""The dependency graph of the "who serves whom" page in the real outputs: HTML in headless
Chromium at desktop and phone widths, the PDF read back and drawn as an image, the Markdown."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pypdf
import pytest

from tests.chromium import CHROMIUM, DESKTOP, PHONE, Page
from tests.conftest import example_dir
from tests.unit.render.render_support import render

ARTIFACTS = (
    Path(os.environ.get("SVCSTD_ARTIFACTS", "")) if os.environ.get("SVCSTD_ARTIFACTS") else None
)


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("dependencies")
    shutil.copytree(example_dir(), base / "standards")
    paths = render(base / "standards", base / "out", ["html", "pdf", "md"])
    return {p.suffix.lstrip("."): p for p in paths}


def _artifacts(tmp_path: Path) -> Path:
    folder = (Path(ARTIFACTS) if ARTIFACTS else tmp_path) / "render"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


FIGURE = """(function () {
  var f = document.querySelector('#dependency-graph figure'), svg = f.querySelector('svg');
  var boxes = Array.prototype.map.call(svg.querySelectorAll('rect'), function (r) {
    return r.getBoundingClientRect().width; });
  var title = document.getElementById(svg.getAttribute('aria-labelledby').split(' ')[0]);
  return {wide: f.scrollWidth > f.clientWidth + 1, svg: svg.getBoundingClientRect().width,
          narrowest: Math.min.apply(null, boxes), boxes: boxes.length,
          hint: f.previousElementSibling.hidden, title: title && title.textContent,
          page: document.documentElement.scrollWidth};
})()"""

# Every link of the list in words lands on a section of the page.
LIST_LINKS = """Array.prototype.map.call(document.querySelectorAll('#dependency-list a'),
  function (a) {
    var href = a.getAttribute('href');
    return [href, !!document.getElementById(href.slice(1))];
  })"""


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")
def test_desktop_shows_the_whole_graph_at_a_readable_size(
    outputs: dict[str, Path], tmp_path: Path
) -> None:
    with Page(tmp_path / "profile", DESKTOP) as page:
        page.open(outputs["html"].as_uri())
        page.js("document.getElementById('dependency-graph').scrollIntoView(); 1")
        seen = page.js(FIGURE)
        assert not seen["wide"] and seen["hint"] is True  # it fits: no scrolling, no hint
        assert seen["svg"] > 700 and seen["narrowest"] > 120  # boxes of 150 units barely shrunk
        assert seen["boxes"] == 13  # 12 teams hand work on, and the external customer
        assert seen["title"] == "Who hands work to whom"
        links = page.js(LIST_LINKS)
        assert len(links) > 20 and all(found for _, found in links), links
        page.screenshot(_artifacts(tmp_path) / "dependency-graph-desktop.png")
        assert page.console_errors() == []


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")
def test_phone_scrolls_the_graph_at_its_natural_size(
    outputs: dict[str, Path], tmp_path: Path
) -> None:
    with Page(tmp_path / "profile", PHONE, mobile=True) as page:
        page.open(outputs["html"].as_uri())
        page.js("document.getElementById('dependency-graph').scrollIntoView(); 1")
        seen = page.js(FIGURE)
        assert seen["page"] <= 390  # only the figure scrolls sideways, never the page
        assert seen["wide"] and seen["hint"] is False  # wider than the phone: a cue says so
        assert seen["narrowest"] >= 140  # natural size (150 units a box), not shrunk
        page.screenshot(_artifacts(tmp_path) / "dependency-graph-phone.png")


def _page_with(reader: pypdf.PdfReader, text: str) -> int:
    return next(i for i, p in enumerate(reader.pages) if text in (p.extract_text() or ""))


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="pdftoppm (poppler-utils) missing")
def test_the_pdf_draws_the_graph_on_a_landscape_page(
    outputs: dict[str, Path], tmp_path: Path
) -> None:
    from PIL import Image

    reader = pypdf.PdfReader(outputs["pdf"])
    number = _page_with(reader, "Who hands work to whom")
    page = reader.pages[number]
    assert page.mediabox.width > page.mediabox.height
    text = re.sub(r"\s+", " ", page.extract_text() or "")
    for name in ("Call Centre", "Kitchen", "Food and Beverage", "External customer"):
        assert name in text
    assert "promise: 30 minutes" in text
    words = re.sub(r"\s+", " ", "".join(p.extract_text() or "" for p in reader.pages[number:]))
    assert "Call Centre hands work to Food and Beverage Service" in words
    assert "30 minutes, 2 minutes to spare" in words
    target = _artifacts(tmp_path) / "handbook-dependency-graph"
    at = str(number + 1)
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-singlefile", "-f", at, "-l", at,
                    str(outputs["pdf"]), str(target)], check=True)  # fmt: skip
    image = Image.open(f"{target}.png").convert("RGB")
    orange = sum(
        n for n, (r, g, b) in image.getcolors(maxcolors=1_000_000) or []
        if r > 150 and 60 < g < 120 and b < 60
    )  # fmt: skip
    assert orange > 200  # the promise borders and the arrows to the customer are drawn


def test_markdown_lists_the_hand_offs_and_promises(outputs: dict[str, Path]) -> None:
    text = outputs["md"].read_text(encoding="utf-8")
    section = text.split('<a id="dependency-graph"></a>', 1)[1].split('<a id="teams"></a>')[0]
    assert section.startswith("\n### Who hands work to whom")
    assert (
        "- [Call Centre](#team-call-centre) hands work to [Food and Beverage Service]"
        "(#team-fnb-service): [In-room dining order from call to delivery]"
        "(#sop-sop-room-service-order) (take-order → enter-order)"
    ) in section
    assert "30 minutes, 2 minutes to spare)" in section
    anchors = set(re.findall(r'<a id="([^"]+)"></a>', text))
    links = set(re.findall(r"\]\(#([^)]+)\)", section))
    assert links and links <= anchors
