"""The PDF handbook read back: contents with the right page numbers, every section, metadata,
tagging and PDF/A, inert hostile content, typography, and page images for a person to look at."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pdfplumber
import pypdf
import pytest
from typer.testing import CliRunner

from svcstd.cli import app
from svcstd.render.load import load_organisation
from tests.conftest import example_dir
from tests.unit.render.render_support import (
    AS_OF,
    base_repo,
    edit_yaml,
    hostile_repo,
    render,
    tripwire_server,
)

MM = 72 / 25.4
MARGIN_X, MARGIN_TOP, MARGIN_BOTTOM = 20 * MM, 22 * MM, 20 * MM  # as in handbook.typ
HOSTILE = '#read("/etc/passwd") #image("http://127.0.0.1:9/x.png") ] [ # $ \\ < > @ * _ ` = end'


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
    return re.sub(r"[\s\u2060\u00ad\u200b]+", "", text)


def _toc_entries(reader: pypdf.PdfReader) -> dict[str, int]:
    """'title → page' from the contents pages (they come right after the cover)."""
    entries: dict[str, int] = {}
    for page in reader.pages[1:4]:
        for line in page.extract_text().splitlines():
            match = re.match(r"^(.*?)[\s.\u2060]*?(\d+)$", line.strip())
            if match and match[1]:
                entries[_flat(match[1]).lstrip("0123456789.")] = int(match[2])
    return entries


def _outline(reader: pypdf.PdfReader, top_only: bool = False) -> dict[str, int]:
    pages: dict[str, int] = {}

    def walk(items: list[object], depth: int) -> None:
        for item in items:
            if isinstance(item, list):
                if not top_only:
                    walk(item, depth + 1)
            else:
                title = _flat(item.title).lstrip("0123456789.")  # type: ignore[attr-defined]
                pages[title] = reader.get_destination_page_number(item) + 1  # type: ignore[arg-type]

    walk(reader.outline, 0)
    return pages


def _sections(reader: pypdf.PdfReader) -> dict[str, list[tuple[str, int]]]:
    """Chapter title → its bookmarked items (team, standard, SOP...) as (title, page), in order."""
    chapters: dict[str, list[tuple[str, int]]] = {}
    chapter = ""
    for item in reader.outline:
        if isinstance(item, list):
            chapters[chapter] = [(_flat(i.title), reader.get_destination_page_number(i) + 1)
                                 for i in item if not isinstance(i, list)]  # fmt: skip
        else:
            chapter = _flat(item.title)
    return chapters


def _text(pdf: Path) -> str:
    return "".join(page.extract_text() for page in pypdf.PdfReader(pdf).pages)


def test_contents_give_every_section_the_page_it_starts_on(reader: pypdf.PdfReader) -> None:
    org = load_organisation(example_dir()).org
    toc, outline = _toc_entries(reader), _outline(reader)
    assert len(org.teams) >= 10 and len(org.standards) >= 10 and len(org.sops) >= 10
    titles = [(t.name, "TEAM") for t in org.teams.values()]
    titles += [(s.title, "SERVICE STANDARD") for s in org.standards.values()]
    titles += [(p.title, "SOP") for p in org.sops.values()]
    for title, kicker in titles:
        key = _flat(title)
        assert key in toc, f"{title} missing from the table of contents"
        page = toc[key]
        assert outline[key] == page, f"{title}: contents say {page}, bookmark {outline[key]}"
        text = reader.pages[page - 1].extract_text()
        assert _flat(title) in _flat(text) and kicker in text, f"{title} is not on page {page}"
    chapters = _outline(reader, top_only=True)
    assert list(chapters) == ["Howtousethishandbook", "Organisationchart", "Whoserveswhom",
                              "Howcustomersratetheirproviders", "Teams", "ServiceStandards",
                              "StandardOperatingProcedures",
                              "TopicdirectoryA\u2013Z", "Glossary"]  # fmt: skip
    assert list(chapters.values()) == sorted(chapters.values())
    for title, page in chapters.items():
        assert toc[title] == page


def test_every_standard_title_appears(reader: pypdf.PdfReader) -> None:
    org = load_organisation(example_dir()).org
    text = _flat("".join(page.extract_text() for page in reader.pages))
    for std in org.standards.values():
        assert _flat(std.title) in text, std.title


def test_running_header_footer_and_metadata(reader: pypdf.PdfReader) -> None:
    total = len(reader.pages)
    chapters = _outline(reader, top_only=True)
    for number in (6, chapters["Teams"] + 1, total):
        page = reader.pages[number - 1].extract_text()
        assert f"page {number} of {total}" in page and "Hotel Nusantara Jaya ·" in page
    assert "Hotel Nusantara Jaya · Teams" in reader.pages[chapters["Teams"]].extract_text()
    # A page inside a section carries that section's title in the header.
    outline = _outline(reader)
    start, after = outline["HumanResources"], outline["InformationTechnology"]
    assert after - start >= 2
    header = reader.pages[start].extract_text().splitlines()[0]
    assert header.startswith("Hotel Nusantara Jaya · Teams") and "Human Resources" in header
    meta = reader.metadata
    assert meta is not None
    assert meta.title == "Hotel Nusantara Jaya — Service Standards Handbook"
    assert meta.author == "Hotel Nusantara Jaya" and "Edition 2026-11" in (meta.subject or "")
    assert meta["/Keywords"] == "Service Standards, Standard Operating Procedures, Teams"
    assert meta["/CreationDate"].startswith("D:20261101")
    assert reader.pages[0].mediabox.height > reader.pages[0].mediabox.width  # A4 portrait
    for chapter in ("Organisationchart", "Whoserveswhom"):
        wide = reader.pages[chapters[chapter] - 1].mediabox
        assert wide.width > wide.height, f"{chapter} is not on a landscape page"


def test_tagged_with_language_bookmarks_open_and_fonts_embedded(
    reader: pypdf.PdfReader, example_out: Path
) -> None:
    root = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"]) and "/StructTreeRoot" in root
    assert root["/Lang"] == "en" and root["/PageMode"] == "/UseOutlines"
    assert reader.xmp_metadata is not None
    if shutil.which("pdffonts") and shutil.which("pdfinfo"):
        info = subprocess.run(["pdfinfo", str(example_out / "handbook.pdf")],
                              capture_output=True, text=True, check=True).stdout  # fmt: skip
        assert re.search(r"^Tagged:\s+yes$", info, re.M)
        fonts = subprocess.run(["pdffonts", str(example_out / "handbook.pdf")],
                               capture_output=True, text=True, check=True).stdout  # fmt: skip
        rows = fonts.splitlines()[2:]
        assert rows and all(" yes yes yes " in row for row in rows), fonts  # emb, sub, uni


def _annotations(reader: pypdf.PdfReader) -> list[tuple[int, pypdf.generic.DictionaryObject]]:
    """(page number, annotation) for every annotation in the document."""
    return [(number, a.get_object()) for number, page in enumerate(reader.pages, 1)
            for a in page.get("/Annots", [])]  # fmt: skip


def test_internal_links_land_on_their_sections_and_say_where(reader: pypdf.PdfReader) -> None:
    """Every jump goes to its section's page and describes it by name, never by its id."""
    outline, named = _outline(reader), reader.named_destinations
    assert reader.get_destination_page_number(named["team-hr"]) + 1 == outline["HumanResources"]
    jumps: dict[str, list[str]] = {}
    for _, annot in _annotations(reader):
        assert "svcstd-anchor" not in str(annot.get("/A", {}))  # no placeholder left behind
        if "/Dest" in annot:
            jumps.setdefault(str(annot["/Dest"]), []).append(str(annot["/Contents"]))
    assert {"team-hr", "standard-hr-payroll", "role-hr-manager", "glossary"} <= set(jumps)
    for target, descriptions in jumps.items():
        page = reader.get_destination_page_number(named[target]) + 1
        for text in descriptions:
            assert text.endswith(f"\u201d page {page}") and target not in text, (target, text)
    assert f"\u201cHuman Resources\u201d page {outline['HumanResources']}" in jumps["team-hr"]


def test_org_chart_boxes_link_to_their_team_sections(reader: pypdf.PdfReader) -> None:
    """Each box of the chart (an image) is covered by a link to that team's own page."""
    chart_page = _outline(reader, top_only=True)["Organisationchart"]
    org = load_organisation(example_dir()).org
    on_chart = [a for number, a in _annotations(reader) if number == chart_page]
    boxes = {str(a["/Dest"]): [float(v) for v in a["/Rect"]] for a in on_chart if "/Dest" in a}
    assert set(boxes) == {f"team-{team_id}" for team_id in org.teams}
    named, outline = reader.named_destinations, _outline(reader)
    hr = reader.get_destination_page_number(named["team-hr"]) + 1
    assert hr == outline["HumanResources"]
    # Boxes the size of the chart's boxes (150 x 72 units), none overlapping another.
    rects = list(boxes.values())
    for x0, y0, x1, y1 in rects:
        assert 60 < x1 - x0 < 140 and 25 < y1 - y0 < 70
    for i, (ax0, ay0, ax1, ay1) in enumerate(rects):
        for bx0, by0, bx1, by1 in rects[i + 1 :]:
            assert ax1 <= bx0 or bx1 <= ax0 or ay1 <= by0 or by1 <= ay0
    text = reader.pages[chart_page - 1].extract_text()
    assert "Human Resources" in text  # the names are still drawn in the chart


def test_poppler_reads_the_pdf_without_a_complaint(example_out: Path) -> None:
    """pdfinfo, pdftotext and pdffonts print nothing on stderr (once: "Suspects object is wrong
    type", for the /Suspects false Typst writes); pypdf's strict mode finds the xref right."""
    pdf = example_out / "handbook.pdf"
    pypdf.PdfReader(pdf, strict=True).trailer["/Root"].get_object()
    tools = [t for t in ("pdfinfo", "pdftotext", "pdffonts") if shutil.which(t)]
    if not tools:
        pytest.skip("poppler-utils missing")
    for tool in tools:
        args = [tool, str(pdf)] + (["-"] if tool == "pdftotext" else [])
        done = subprocess.run(args, capture_output=True, text=True, check=True)
        assert done.stderr == "", f"{tool}: {done.stderr}"


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
    text = _text(pdf)
    assert "root:x:0:0" not in text and "/bin/bash" not in text
    assert "<script>alert('title')</script>PMS support" in text  # shown as text, not run
    annots = [a.get_object() for p in pypdf.PdfReader(pdf).pages for a in p.get("/Annots", [])]
    uris = {str(a["/A"]["/URI"]) for a in annots if "/A" in a and "/URI" in a["/A"]}
    assert "https://example.org/safe" in uris
    assert not [u for u in uris if not u.startswith(("https:", "http:", "mailto:"))], uris


def _hostile_everywhere(root: Path) -> None:
    """Typst markup, math and escapes in every kind of text field the handbook prints."""
    edit_yaml(root / "svcstd.yaml", organisation=f"Org {HOSTILE}")
    edit_yaml(root / "teams" / "it.yaml", name=f"Team {HOSTILE}", mission=f"Mission {HOSTILE}")
    edit_yaml(root / "roles" / "it-agent.yaml", title=f"Role {HOSTILE}",
              responsibilities=[f"Duty {HOSTILE}"])  # fmt: skip
    edit_yaml(root / "services" / "it-pms-support.yaml", title=f"Standard {HOSTILE}",
              summary=f"Summary {HOSTILE}", topics=[f"Topic {HOSTILE}"])  # fmt: skip
    edit_yaml(root / "sops" / "sop-pms-login.yaml", title=f"SOP {HOSTILE}",
              purpose=f"Purpose {HOSTILE}")  # fmt: skip


def test_typst_markup_in_every_field_is_printed_not_run(tmp_path: Path) -> None:
    root = base_repo(tmp_path / "repo")
    _hostile_everywhere(root)
    with tripwire_server() as (port, hits):
        # The image URL names the tripwire's port through the one in HOSTILE being rewritten.
        for path in root.rglob("*.yaml"):
            path.write_text(path.read_text().replace("127.0.0.1:9/", f"127.0.0.1:{port}/"))
        [pdf] = render(root, tmp_path / "out", ["pdf"])
    assert hits == []
    text = _text(pdf)
    assert "root:x:0:0" not in text
    literal = re.escape(HOSTILE.replace("127.0.0.1:9/", "127.0.0.1:PORT/")).replace("PORT", r"\d+")
    flat_text = text.replace("\n", " ")
    for plain in ("Org", "Team", "Role", "Standard", "SOP", "Topic"):  # titles: not Markdown
        assert re.search(f"{plain} {literal}", flat_text), f"{plain} title not shown literally"
    # Markdown fields keep their Markdown meaning, and the Typst code still shows as text.
    for field in ("Mission", "Summary", "Purpose", "Duty"):
        assert f'{field} #read("/etc/passwd") #image("http://127.0.0.1:' in flat_text, field
    meta = pypdf.PdfReader(pdf).metadata
    assert meta is not None and meta.title is not None and HOSTILE[:20] in meta.title


def test_the_compile_root_holds_nothing_but_the_template(tmp_path: Path) -> None:
    """Even a custom template cannot read files outside its private root."""
    root = base_repo(tmp_path / "repo")
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "handbook.typ").write_text('#read("/etc/hostname")\n', encoding="utf-8")
    args = ["render", str(root), "--format", "pdf", "--templates", str(templates),
            "--out", str(tmp_path / "o")]  # fmt: skip
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 2, result.output
    assert "handbook.typ" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "o").exists()  # nothing half-written
    (templates / "handbook.typ").write_text(
        '#let d = json(bytes(sys.inputs.handbook))\n#d.organisation\n#read("handbook.typ")\n',
        encoding="utf-8",
    )
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "Case Base Hotel" in _text(tmp_path / "o" / "handbook.pdf")


def test_markdown_fields_become_emphasis_links_and_lists(tmp_path: Path) -> None:
    root = base_repo(tmp_path / "repo")
    edit_yaml(root / "teams" / "it.yaml", mission=(
        "We keep **systems** running.\n\n- first point\n- second point\n\n"
        "Ask [the desk](https://helpdesk.case.example/new) or [never](javascript:alert(1))."
    ))  # fmt: skip
    [pdf] = render(root, tmp_path / "out", ["pdf"])
    text = _text(pdf)
    assert "We keep systems running." in text and "**" not in text
    assert re.search(r"•\s*first point", text) and "Ask the desk or [never](javascript:" in text
    with pdfplumber.open(pdf) as plumber:
        bold = {c["text"] for p in plumber.pages for c in p.chars if "Bold" in c["fontname"]}
    assert set("systems") <= bold
    annots = [a.get_object() for p in pypdf.PdfReader(pdf).pages for a in p.get("/Annots", [])]
    uris = {str(a["/A"]["/URI"]) for a in annots if "/A" in a and "/URI" in a["/A"]}
    assert "https://helpdesk.case.example/new" in uris
    assert not any("javascript" in u.lower() for u in uris)


def test_pdf_a_2b_and_pdf_ua_1(tmp_path: Path) -> None:
    root = base_repo(tmp_path / "repo")
    [archive] = render(root, tmp_path / "a", ["pdf"], pdf_standard="a-2b")
    [access] = render(root, tmp_path / "ua", ["pdf"], pdf_standard="ua-1")
    xmp = pypdf.PdfReader(archive).trailer["/Root"]["/Metadata"].get_object().get_data()
    assert b"<pdfaid:part>2</pdfaid:part>" in xmp and b"<pdfaid:conformance>B" in xmp
    catalog = pypdf.PdfReader(archive, strict=True).trailer["/Root"]  # the xref still adds up
    assert "/OutputIntents" in catalog and catalog["/PageMode"] == "/UseOutlines"
    ua = pypdf.PdfReader(access).trailer["/Root"]
    assert b"<pdfuaid:part>1</pdfuaid:part>" in ua["/Metadata"].get_object().get_data()
    assert bool(ua["/MarkInfo"]["/Marked"])
    verapdf = shutil.which("verapdf")
    if verapdf:  # the reference validator, when the machine has it
        report = subprocess.run([verapdf, "--flavour", "2b", str(archive)],
                                capture_output=True, text=True)  # fmt: skip
        assert 'isCompliant="true"' in report.stdout, report.stdout[-2000:]
    result = CliRunner().invoke(app, ["render", str(root), "--format", "pdf", "--pdf-standard",
                                      "a2b", "--out", str(tmp_path / "bad")])  # fmt: skip
    assert result.exit_code == 2 and "did you mean 'a-2b'" in result.output


def test_indonesian_handbook_declares_its_language(tmp_path: Path) -> None:
    root = base_repo(tmp_path / "repo")
    [pdf] = render(root, tmp_path / "out", ["pdf"], lang="id")
    reader = pypdf.PdfReader(pdf)
    assert reader.trailer["/Root"]["/Lang"] == "id"
    assert f"halaman 2 dari {len(reader.pages)}" in reader.pages[1].extract_text()


def test_a_team_handbook_links_only_to_what_it_holds(tmp_path: Path) -> None:
    root = base_repo(tmp_path / "repo")
    [pdf] = render(root, tmp_path / "out", ["pdf"], team="it")
    reader = pypdf.PdfReader(pdf)
    assert "team-it" in reader.named_destinations
    assert "team-front-office" not in reader.named_destinations
    assert "Front Office" in _text(pdf)  # named as a customer, as plain text


def _body_lines(page: pdfplumber.page.Page) -> int:
    """Lines of text between the running header and footer."""
    top, bottom = MARGIN_TOP, float(page.height) - MARGIN_BOTTOM
    return len({round(c["top"]) for c in page.chars if top <= c["top"] and c["bottom"] <= bottom})


# The chapters whose every item starts a page of its own, and the line that opens each item.
OWN_PAGE = {"Teams": "TEAM", "ServiceStandards": "SERVICE STANDARD",
            "StandardOperatingProcedures": "SOP"}  # fmt: skip


def test_each_team_standard_and_sop_starts_a_page_of_its_own(reader: pypdf.PdfReader) -> None:
    """Under the running header, the page starts with the item's kicker: nothing of the item
    before it shares the page. The first item shares its chapter's opening page instead."""
    chapters, sections = _outline(reader, top_only=True), _sections(reader)
    for chapter, kicker in OWN_PAGE.items():
        first, *rest = sections[chapter]
        assert first[1] == chapters[chapter]
        assert len(rest) >= 9
        for title, page in rest:
            lines = reader.pages[page - 1].extract_text().splitlines()
            assert lines[1].startswith(kicker + " "), (title, page, lines[:3])
            assert _flat(lines[2]) == title, (title, page, lines[:3])


def test_no_near_empty_page_except_where_a_chapter_or_an_item_ends(
    reader: pypdf.PdfReader, example_out: Path
) -> None:
    """A page may be short only where what follows must start a page: a chapter, or an item
    of a chapter whose items each start a page (see the test above)."""
    starts = set(_outline(reader, top_only=True).values())
    starts |= {page for chapter in OWN_PAGE for _, page in _sections(reader)[chapter]}
    with pdfplumber.open(example_out / "handbook.pdf") as plumber:
        last = len(plumber.pages)
        short = [
            number
            for number, page in enumerate(plumber.pages, 1)
            if number > 1 and _body_lines(page) < 5 and number + 1 not in starts and number != last
        ]
    assert short == [], f"pages with fewer than 5 lines that end no chapter or item: {short}"


def _cells(page: pdfplumber.page.Page) -> list[tuple[float, float, float, float]]:
    return [cell for table in page.find_tables() for cell in table.cells if cell]


def test_no_text_outside_the_page_area_or_its_table_cell(example_out: Path) -> None:
    with pdfplumber.open(example_out / "handbook.pdf") as plumber:
        tables = sum(_inside(number, page) for number, page in enumerate(plumber.pages, 1))
    assert tables >= 20  # the check ran over the handbook's tables


def _inside(number: int, page: pdfplumber.page.Page) -> bool:
    """Check one page's characters against its text area and its words against their cells."""
    width, height = float(page.width), float(page.height)
    for char in page.chars:
        if char["text"].strip():  # a line's trailing space may hang into the margin
            where = f"page {number}: {char['text']!r} at x {char['x0']:.0f} to {char['x1']:.0f}"
            assert char["x0"] >= MARGIN_X - 1 and char["x1"] <= width - MARGIN_X + 1, where
            assert char["top"] >= 8 * MM and char["bottom"] <= height - 8 * MM, where
    cells = _cells(page)
    for word in page.extract_words(use_text_flow=True):
        for x0, top, x1, bottom in cells:
            mid = (word["top"] + word["bottom"]) / 2
            if x0 <= word["x0"] < x1 and top <= mid <= bottom:
                assert word["x1"] <= x1 + 0.5, f"page {number}: {word['text']!r} leaves its cell"
    return bool(cells)


def test_a_word_too_long_for_its_cell_is_broken_inside_it(tmp_path: Path) -> None:
    """The near miss: an unbreakable word wider than its column still stays in its cell."""
    root = base_repo(tmp_path / "repo")
    long_word = "Supercalifragilistic" * 6
    channel = {"id": "it-helpdesk", "type": "ticket", "note": long_word,
               "address": "https://helpdesk.case.example/" + long_word}  # fmt: skip
    edit_yaml(root / "teams" / "it.yaml", channels=[channel])
    [pdf] = render(root, tmp_path / "out", ["pdf"])
    with pdfplumber.open(pdf) as plumber:
        assert sum(_inside(number, page) for number, page in enumerate(plumber.pages, 1)) >= 2
    assert _flat(_text(pdf)).count(long_word) >= 2  # the address and the note, whole


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="pdftoppm (poppler-utils) missing")
def test_pages_as_images_for_a_person_to_look_at(
    reader: pypdf.PdfReader, example_out: Path, tmp_path: Path
) -> None:
    from PIL import Image

    artifacts = Path(os.environ.get("SVCSTD_ARTIFACTS", tmp_path)) / "render"
    artifacts.mkdir(parents=True, exist_ok=True)
    outline = _outline(reader)
    sop = outline["Collectingandcheckingovertimeandcommissionsheets"]
    assert "SIPOC" in reader.pages[sop - 1].extract_text()
    pages = {"cover": 1, "contents": 2, "org-chart": outline["Organisationchart"],
             "standard": outline["Monthlypayroll,overtimeandcommission"], "sop": sop,
             "topics": outline["TopicdirectoryA\u2013Z"]}  # fmt: skip
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
    chart = Image.open(artifacts / "handbook-org-chart.png").convert("RGB")
    assert chart.width > chart.height


def test_same_input_same_pdf_bytes(tmp_path: Path) -> None:
    root = base_repo(tmp_path / "repo")
    [first] = render(root, tmp_path / "a", ["pdf"])
    [second] = render(root, tmp_path / "b", ["pdf"])
    assert first.read_bytes() == second.read_bytes()
    edit_yaml(root / "teams" / "it.yaml", name="Information Technology Services")
    [third] = render(root, tmp_path / "c", ["pdf"])
    assert third.read_bytes() != first.read_bytes()


def _pdfa_part(pdf: Path) -> bytes:
    metadata = pypdf.PdfReader(pdf).trailer["/Root"]["/Metadata"].get_object().get_data()
    match = re.search(rb"<pdfaid:part>(\d)</pdfaid:part>", metadata)
    return match[1] if match else b""


def test_published_editions_archive_their_pdf_as_pdf_a_2b(example: Path, tmp_path: Path) -> None:
    from svcstd.render import render_edition
    from tests.test_edition_cycle import _example_repo

    hotel = _example_repo(example)
    code, _, err = hotel.run("publish", "--as-of", "2026-03-02", "--handbook", "pdf")
    assert code == 0, err
    assert _pdfa_part(hotel.path("editions/edition-2026-03-02/handbook.pdf")) == b"2"
    [pdf] = render_edition(base_repo(tmp_path / "repo"), tmp_path / "out", AS_OF, formats=("pdf",))
    assert _pdfa_part(pdf) == b"2"
    [plain] = render(tmp_path / "repo", tmp_path / "plain", ["pdf"])
    assert _pdfa_part(plain) == b""  # an ordinary render is a tagged PDF 1.7, not PDF/A


def test_a_table_split_across_pages_repeats_its_header_and_accents_print(tmp_path: Path) -> None:
    root = base_repo(tmp_path / "repo")
    targets = [{"id": f"request-{i}", "request": f"Request number {i} for the front desk",
                "acknowledge": "15m", "resolve": "2h"} for i in range(90)]  # fmt: skip
    edit_yaml(root / "services" / "it-pms-support.yaml", targets=targets)
    edit_yaml(root / "teams" / "it.yaml", name="Tecnologías de la Información — Đặng & Łukasz")
    [pdf] = render(root, tmp_path / "out", ["pdf"])
    pages = [p.extract_text() for p in pypdf.PdfReader(pdf).pages]
    with_rows = [text for text in pages if "Request number" in text]
    assert len(with_rows) >= 2  # the table does split
    for text in with_rows:
        assert "Request Acknowledge within Resolve within Deadline" in " ".join(text.split())
    assert any("Tecnologías de la Información — Đặng & Łukasz" in text for text in pages)


def test_an_unexpected_layout_is_left_alone() -> None:
    from svcstd.render.pdf import finish_pdf

    xref_stream = b"%PDF-1.7\n1 0 obj\n<</Type/XRef>>\nendobj\nstartxref\n9\n%%EOF\n"
    assert finish_pdf(xref_stream, {}, "page") == xref_stream
    assert finish_pdf(b"not a pdf", {}, "page") == b"not a pdf"


def test_the_what_changed_chapter_in_the_pdf(tmp_path: Path) -> None:
    from tests.test_render_changes import _git

    repo = base_repo(tmp_path / "repo")
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "edition 1")
    _git(repo, "tag", "edition-1")
    edit_yaml(repo / "services" / "it-pms-support.yaml", targets=[{"id": "pms-outage",
              "request": "PMS down", "acknowledge": "30m", "resolve": "2h"}])  # fmt: skip
    [pdf] = render(repo, tmp_path / "out", ["pdf"], since="edition-1")
    reader = pypdf.PdfReader(pdf)
    chapters = _outline(reader, top_only=True)
    assert list(chapters)[:2] == ["Howtousethishandbook", "Whatchanged"]
    text = reader.pages[chapters["Whatchanged"] - 1].extract_text()
    assert "Changes since edition-1" in text and "15m → 30m" in text and "loosened" in text


def test_the_pdf_rendered_beside_html_and_markdown_is_the_same(
    example_out: Path, tmp_path: Path
) -> None:
    """The PDF typesets in a worker thread while the HTML and Markdown render: same bytes."""
    args = ["render", str(example_out.parent / "standards"), "--format", "pdf", "--out",
            str(tmp_path / "alone"), "--as-of", "2026-11-01", "--edition", "2026-11"]  # fmt: skip
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    alone = (tmp_path / "alone" / "handbook.pdf").read_bytes()
    assert alone == (example_out / "handbook.pdf").read_bytes()


def test_a_failing_pdf_beside_other_formats_writes_nothing(tmp_path: Path) -> None:
    root = base_repo(tmp_path / "repo")
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "handbook.typ").write_text("#let x = (\n", encoding="utf-8")
    args = ["render", str(root), "--format", "html,pdf,md", "--templates", str(templates),
            "--out", str(tmp_path / "o")]  # fmt: skip
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 2, result.output
    assert "handbook.typ" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "o").exists()
