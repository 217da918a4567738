"""The feedback figures in the PDF (read back with pypdf and pdfplumber, and as page images) and
in the Markdown handbook: scores with response counts, "too few responses" under the minimum,
the "you said, we did" actions, and the provider x customer heat-map."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from datetime import date
from pathlib import Path
from typing import Any

import pdfplumber
import pypdf
import pytest
from markdown_it import MarkdownIt

from tests.test_feedback_shown import AS_OF, set_counts, svcstd
from tests.test_render_pdf import _annotations, _flat, _outline

# The colours of feedback.typ: bars by band, heat-map cells by band.
BARS = {"good": "#2e7d4f", "fair": "#7a9a2e", "poor": "#c77c12", "bad": "#b42318"}
HEAT = {"good": "#d3f0dc", "fair": "#eef5d0", "poor": "#ffe3c2", "bad": "#f8c9c4"}
PMS = "PMS access and support for the call centre and front office"
PAYROLL = "Monthly payroll, overtime and commission"


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tests.conftest import example_dir

    base = tmp_path_factory.mktemp("feedback-pdf")
    shutil.copytree(example_dir(), base / "standards")
    # One standard's latest period made too small to show: 3 answers averaging 5.0.
    set_counts(base / "standards", "feedback/hr-payroll/2026-q4.yaml", [[0, 0, 0, 0, 3]])
    done = svcstd("render", str(base / "standards"), "-o", str(base / "out"), "--as-of", AS_OF,
                  "--format", "pdf,md")  # fmt: skip
    assert done.returncode == 0, done.stderr
    return base / "out"


@pytest.fixture(scope="module")
def view(out: Path) -> Any:
    from svcstd.render.load import load_organisation
    from svcstd.render.view import Options, build_handbook

    org = load_organisation(out.parent / "standards").org
    return build_handbook(org, Options(org.config.language, date.fromisoformat(AS_OF)))


def _hex(colour: object) -> str:
    if not isinstance(colour, tuple) or len(colour) != 3:
        return ""
    return "#" + "".join(f"{round(float(c) * 255):02x}" for c in colour)


def _standard_pages(reader: pypdf.PdfReader, title: str) -> range:
    """The pages a standard's section spans: from its start to where the next item starts."""
    outline = _outline(reader)
    numbered = [(page, name) for name, page in outline.items() if name]
    start = outline[_flat(title)]
    after = min((p for p, n in numbered if p > start), default=len(reader.pages))
    return range(start, after + 1)


def _section(reader: pypdf.PdfReader, title: str) -> str:
    """The section's text, from its title to the next standard's kicker."""
    text = " ".join(reader.pages[n - 1].extract_text() for n in _standard_pages(reader, title))
    text = " ".join(text.split())
    # Past the kicker and heading ("SERVICE STANDARD 3 · HUMAN RESOURCES 3. Monthly..."): the
    # title also stands in the running header of the page the section starts on.
    start = re.search(r"SERVICE STANDARD (\d+) · .*?\1\. " + re.escape(title), text)
    assert start is not None, title
    end = text.find("SERVICE STANDARD ", start.end())
    return text[start.start() : None if end < 0 else end]


def test_pdf_scores_newest_first_with_their_response_counts(out: Path) -> None:
    reader = pypdf.PdfReader(out / "handbook.pdf")
    pms = _section(reader, PMS)
    assert "Customer scores" in pms
    assert re.search(r"Period Score Responses 2026-11 2\.1 \d+ 2026-10 3\.8 \d+", pms), pms
    payroll = _section(reader, PAYROLL)
    assert re.search(r"2026-Q4 too few responses 3\b", payroll), payroll
    assert "5.0" not in payroll  # the 3 answers' mean is never printed
    assert "Under 5 responses no mean is shown" in payroll


def _section_rects(plumber: Any, reader: pypdf.PdfReader, title: str, number: int) -> list[Any]:
    """The rectangles drawn between a standard's kicker and the next standard's."""
    pages = list(_standard_pages(reader, title))
    rects = []
    for n in pages:
        page = plumber.pages[n - 1]
        top, bottom = 0.0, float(page.height)
        if n == pages[0]:
            top = page.search(f"SERVICE STANDARD {number} ·")[0]["top"]
        if n == pages[-1] and (after := page.search(f"SERVICE STANDARD {number + 1} ·")):
            bottom = after[0]["top"]
        rects += [r for r in page.rects if top <= r["top"] and r["bottom"] <= bottom]
    return rects


def test_pdf_bars_are_as_tall_as_the_means_and_none_under_the_minimum(out: Path, view: Any) -> None:
    standards = {s["link"].anchor: s for s in view.standards}
    with pdfplumber.open(out / "handbook.pdf") as plumber, open(out / "handbook.pdf", "rb") as f:
        reader = pypdf.PdfReader(f)
        for title, anchor in ((PMS, "standard-it-pms-support"), (PAYROLL, "standard-hr-payroll")):
            std = standards[anchor]
            bars = [r for r in _section_rects(plumber, reader, title, int(std["number"]))
                    if _hex(r.get("non_stroking_color")) in BARS.values()]  # fmt: skip
            shown = [p for p in std["feedback_results"]["periods"] if p["mean"] is not None]
            assert len(bars) == len(shown), title
            # A bar's height is (mean - 1) / 4 of 14 mm, in the band's colour.
            for bar, period in zip(sorted(bars, key=lambda r: r["x0"]), shown, strict=True):
                assert bar["height"] == pytest.approx((period["mean"] - 1) / 4 * 14 * 72 / 25.4,
                                                      abs=0.6)  # fmt: skip
                assert _hex(bar["non_stroking_color"]) == BARS[period["band"]]
    assert len(standards["standard-it-pms-support"]["feedback_results"]["periods"]) == 2


def test_pdf_actions_with_owner_link_due_date_and_status(out: Path) -> None:
    reader = pypdf.PdfReader(out / "handbook.pdf")
    pms = _section(reader, PMS)
    assert "You said, we did" in pms and "31 December 2026" in pms and "open" in pms
    pages = set(_standard_pages(reader, PMS))
    targets = {str(a.get("/Dest")) for n, a in _annotations(reader) if n in pages}
    assert "role-it-support-supervisor" in targets
    # The invoicing standard's action was closed on 16 November.
    invoicing = _section(reader, "Invoices for groups, events and corporate accounts")
    assert "Billing Officer 30 November 2026 done Closed 16 November 2026" in invoicing


def test_pdf_heat_map_page(out: Path, view: Any, tmp_path: Path) -> None:
    reader = pypdf.PdfReader(out / "handbook.pdf")
    chapters = _outline(reader, top_only=True)
    names = list(chapters)
    assert names.index("Howcustomersratetheirproviders") == names.index("Whoserveswhom") + 1
    number = chapters["Howcustomersratetheirproviders"]
    page = reader.pages[number - 1]
    assert page.mediabox.width > page.mediabox.height  # landscape
    matrix = view.feedback_matrix
    text = " ".join(page.extract_text().split())
    for short in matrix["short"]:
        assert short in text
    for row in matrix["rows"]:
        assert row["team"].label in text
    # Each cell with answers is filled with its band's colour, and no other cell is; the legend
    # has one swatch of each.
    with pdfplumber.open(out / "handbook.pdf") as plumber:
        fills = [_hex(r.get("non_stroking_color")) for r in plumber.pages[number - 1].rects]
    for band, colour in HEAT.items():
        expected = sum(1 for c in matrix["cells"] if c["band"] == band)
        assert fills.count(colour) == expected + 1, band
    assert "1.4 (7)" in text  # kitchen as rated by the F&B service team
    if shutil.which("pdftoppm"):  # an image of the page, for a person to look at
        artifacts = Path(os.environ.get("SVCSTD_ARTIFACTS", tmp_path)) / "render"
        artifacts.mkdir(parents=True, exist_ok=True)
        image = str(artifacts / "handbook-heat-map")
        subprocess.run(["pdftoppm", "-png", "-r", "80", "-singlefile", "-f", str(number), "-l",
                        str(number), str(out / "handbook.pdf"), image], check=True)  # fmt: skip


def _md_section(md: str, anchor: str) -> str:
    start = md.index(f'<a id="{anchor}"></a>')
    end = md.find('<a id="', start + 1)
    return md[start:end]


def test_markdown_scores_actions_and_the_small_numbers_rule(out: Path) -> None:
    md = (out / "handbook.md").read_text(encoding="utf-8")
    pms = _md_section(md, "standard-it-pms-support")
    assert re.search(r"\| 2026-11 \| 2\.1 \| \d+ \|\n\| 2026-10 \| 3\.8 \| \d+ \|", pms), pms
    assert "**You said, we did**" in pms
    action = next(line for line in pms.splitlines() if "31 December 2026" in line)
    assert "(#role-it-support-supervisor)" in action and action.endswith("| open |")
    payroll = _md_section(md, "standard-hr-payroll")
    assert "| 2026-Q4 | _too few responses_ | 3 |" in payroll and "5.0" not in payroll


def test_markdown_heat_map_is_a_table_of_every_provider_and_customer(out: Path, view: Any) -> None:
    md = (out / "handbook.md").read_text(encoding="utf-8")
    assert "- [How customers rate their providers](#feedback-matrix)" in md  # in the contents
    section = _md_section(md, "feedback-matrix")
    tokens = MarkdownIt("commonmark").enable("table").parse(section)
    rows: list[list[str]] = []
    for i, token in enumerate(tokens):
        if token.type == "tr_open":
            rows.append([])
        elif token.type == "inline" and tokens[i - 1].type in ("th_open", "td_open"):
            rows[-1].append(token.content)
    matrix = view.feedback_matrix
    assert len(rows) == 1 + len(matrix["rows"])
    assert all(len(row) == 1 + len(matrix["customers"]) for row in rows)
    by_team = {re.sub(r"\]\(.*", "", row[0]).lstrip("["): row[1:] for row in rows[1:]}
    kitchen = by_team["Kitchen"]
    fnb = [c.anchor for c in matrix["customers"]].index("team-fnb-service")
    assert kitchen[fnb] == "1.4 (7)"
    for row in matrix["rows"]:
        for cell, shown in zip(row["cells"], by_team[row["team"].label], strict=True):
            expected = "·" if cell is None else f"{cell['text']} ({cell['responses']})"
            assert shown == expected
