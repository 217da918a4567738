"""Where measured figures show: the handbook (HTML in Chromium, Markdown, the PDF read back),
the digest and due, from a results file that a real `svcstd measure` run writes for a
hand-made export of the example organisation; and a bad results file is a clear error."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from svcstd.measure.figures import load_figures
from svcstd.measure.report import render_json
from svcstd.measure.run import Request, measure
from svcstd.pipeline import load_organisation
from tests.chromium import CHROMIUM, DESKTOP, PHONE, Page

HEADER = "ticket,standard,target,opened,first_response,resolved,customer_team\n"
AS_OF = "2026-07-01"


def svcstd(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "svcstd", *map(str, args)], capture_output=True, text=True
    )


def month_rows(month: str, judged: int, met: int, team: str = "call-centre") -> str:
    """PMS outages in a month: ``met`` acknowledged after 10 minutes, the rest after 20
    (the promise is 15 minutes); all resolved within the hour."""
    rows = []
    for i in range(judged):
        day = f"2026-{month}-{i % 28 + 1:02d}"
        answer = "10:10" if i < met else "10:20"
        rows.append(
            f"{month}-{i},it-pms-support,pms-outage,{day}T10:00,{day}T{answer},{day}T10:50,{team}"
        )
    return "\n".join(rows) + "\n"


def results(example: Path, tmp_path: Path, june_met: int = 18, june: int = 20) -> Path:
    """May: 18 of 20 acknowledged in time (90%); June: ``june_met`` of ``june``."""
    export = tmp_path / "pms-export.csv"
    export.write_text(
        HEADER + month_rows("05", 20, 18) + month_rows("06", june, june_met), encoding="utf-8"
    )
    report = measure(
        load_organisation(example),
        Request([export], start=date(2026, 5, 1), stop=date(2026, 6, 30)),
    )
    out = tmp_path / "results.json"
    out.write_text(render_json(report), encoding="utf-8")
    return out


def article(html: str, anchor: str) -> str:
    start = html.index(f'id="{anchor}"')
    return html[start : html.index("</article>", start)]


# --- the figures: periods and the two-months-running rule -------------------------------------


@pytest.mark.parametrize(
    ("june_met", "june", "under"),
    [
        (18, 20, True),  # 90% and 90%: under 95% twice
        (19, 20, False),  # June exactly on the objective: met, not under
        (18, 19, False),  # June under, but 19 judged requests: fewer than min_requests (20)
    ],
)
def test_under_objective_two_months_running(
    example: Path, tmp_path: Path, june_met: int, june: int, under: bool
) -> None:
    figures = load_figures([results(example, tmp_path, june_met, june)])
    [ack] = [f for f in figures.of_standard("it-pms-support") if f.metric == "acknowledge"]
    assert [(m.label, m.met, m.judged) for m in ack.recent()] == [
        ("2026-05", 18, 20),
        ("2026-06", june_met, june),
    ]
    assert ack.objective == 95.0
    assert (ack.under_twice() is not None) is under
    [resolve] = [f for f in figures.of_standard("it-pms-support") if f.metric == "resolve"]
    assert resolve.under_twice() is None and resolve.total.attainment == 100.0


def test_a_month_without_requests_is_a_gap(example: Path, tmp_path: Path) -> None:
    export = tmp_path / "gap.csv"
    export.write_text(HEADER + month_rows("04", 20, 18) + month_rows("06", 20, 18))
    report = measure(load_organisation(example), Request([export]))
    path = tmp_path / "gap.json"
    path.write_text(render_json(report))
    [ack] = [f for f in load_figures([path]).targets if f.metric == "acknowledge"]
    assert [(m.label, m.attainment) for m in ack.recent()] == [
        ("2026-04", 90.0),
        ("2026-05", None),
        ("2026-06", 90.0),
    ]
    assert ack.under_twice() is None  # May has no requests: not two months running


# --- the handbook -------------------------------------------------------------------------------


@pytest.fixture
def rendered(example: Path, tmp_path: Path) -> Path:
    found = results(example, tmp_path)
    out = tmp_path / "hb"
    done = svcstd(
        "render", example, "-f", "html,md", "-o", out, "--as-of", AS_OF, "--measured", found
    )
    assert done.returncode == 0, done.stderr
    return out


def test_handbook_html_shows_figures_chart_and_origin(rendered: Path) -> None:
    html = (rendered / "handbook.html").read_text(encoding="utf-8")
    pms = article(html, "standard-it-pms-support")
    assert "Measured attainment" in pms
    # Which period and which export the figures come from.
    assert (
        "Requests opened from 1 May 2026 to 30 June 2026, measured from pms-export.csv"
        " (source generic)."
    ) in pms
    assert "Acknowledge within 15 minutes" in pms and "Resolve within 2 hours" in pms
    assert "90.0% (36 of 40)" in pms and "under objective" in pms
    # The chart: one bar a month, amber under the objective, its title the text alternative.
    start = pms.index('<svg class="measured-chart"')
    svg = pms[start : pms.index("</svg>", start)]
    assert svg.count("<rect") == 2 and svg.count('fill="#b45309"') == 2
    assert "2026-05: 90.0% (18 of 20); 2026-06: 90.0% (18 of 20); Objective 95%" in svg
    assert "stroke-dasharray" in svg  # the objective line
    # A standard without figures has no such section.
    assert "Measured attainment" not in article(html, "standard-hr-payroll")


def test_handbook_markdown_has_the_table(rendered: Path) -> None:
    md = (rendered / "handbook.md").read_text(encoding="utf-8")
    assert md.count("**Measured attainment**") == 1
    row = next(x for x in md.splitlines() if "Acknowledge within 15 minutes" in x and "|" in x)
    assert "2026-05 \N{EN DASH} 2026-06: 90% · 90%" in row
    assert "90.0% (36 of 40) **under objective**" in row and row.endswith("| 95% |")


def test_configured_results_and_indonesian(example: Path, tmp_path: Path) -> None:
    found = results(example, tmp_path, june_met=20)
    config = example / "svcstd.yaml"
    text = config.read_text(encoding="utf-8")
    config.write_text(
        text.replace("  min_requests: 20\n", f"  min_requests: 20\n  results: {found}\n"),
        encoding="utf-8",
    )
    assert svcstd("lint", example).returncode == 0  # the schema knows measure.results
    out = tmp_path / "hb"
    done = svcstd("render", example, "-o", out, "--as-of", AS_OF, "--lang", "id")
    assert done.returncode == 0, done.stderr
    pms = article((out / "handbook.id.html").read_text(encoding="utf-8"), "standard-it-pms-support")
    assert "Capaian terukur" in pms and "95,0% (38 dari 40)" in pms
    assert "di bawah sasaran" not in pms  # 95% is the objective: met


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "results.json:1:2: not JSON"),
        ('{"period": {}}', "results.json: the file: no 'exports' field"),
        (
            '{"period": {"from": null, "to": null, "as_of": null}, "exports": [], "source": "x",'
            ' "min_requests": 20, "targets": [{"standard": 3}]}',
            "results.json: targets[0].standard: not text",
        ),
    ],
)
def test_a_bad_results_file_is_a_usage_error(
    example: Path, tmp_path: Path, content: str, message: str
) -> None:
    bad = tmp_path / "results.json"
    bad.write_text(content, encoding="utf-8")
    for command in (["render", example, "-o", tmp_path / "hb"], ["due", "-C", example],
                    ["digest", "-C", example, "--as-of", AS_OF]):  # fmt: skip
        done = svcstd(*command, "--measured", bad)
        assert done.returncode == 2, done.stderr
        assert message in done.stderr and "svcstd measure --format json" in done.stderr
        assert "Traceback" not in done.stderr
    assert not (tmp_path / "hb").exists()
    missing = svcstd("due", "-C", example, "--measured", tmp_path / "none.json")
    assert missing.returncode == 2 and "no such results file" in missing.stderr


needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")


@needs_chromium
@pytest.mark.parametrize(("size", "mobile"), [(PHONE, True), (DESKTOP, False)])
def test_figures_read_in_chromium(
    rendered: Path, tmp_path: Path, size: tuple[int, int], mobile: bool
) -> None:
    with Page(tmp_path / "profile", size, mobile=mobile) as page:
        page.open((rendered / "handbook.html").as_uri())
        assert page.js("document.documentElement.scrollWidth") <= size[0]
        box = page.js("""(function () { var b = document.querySelector(
            '#standard-it-pms-support .measured-chart').getBoundingClientRect();
            return [b.width, b.height]; })()""")
        assert box == [27, 34]  # two bars of 12 px and a gap of 3, drawn at their size
        display = page.js(
            "getComputedStyle(document.querySelector('table.measured-table')).display"
        )
        assert display == ("block" if mobile else "table")
        page.js("document.querySelector('#standard-it-pms-support .measured').scrollIntoView(); 1")
        page.screenshot(tmp_path / "measured.png")
        assert page.console_errors() == []


def test_pdf_shows_the_figures(example: Path, tmp_path: Path) -> None:
    found = results(example, tmp_path)
    out = tmp_path / "hb"
    done = svcstd("render", example, "-f", "pdf", "-o", out, "--as-of", AS_OF, "--measured", found)
    assert done.returncode == 0, done.stderr
    text = subprocess.run(
        ["pdftotext", "-layout", out / "handbook.pdf", "-"], capture_output=True, text=True
    ).stdout
    pages = [p for p in text.split("\f") if "Measured attainment" in p]
    assert len(pages) == 1
    page = pages[0]
    assert "measured from pms-export.csv (source generic)" in " ".join(page.split())
    assert re.search(r"90\.0% \(36 of\s+40\)", page) and "under objective" in page
    # The chart is drawn: the page's image has amber pixels where the bars are.
    number = text.split("\f").index(page) + 1
    page_png = ["pdftoppm", "-f", str(number), "-l", str(number), "-r", "50", "-png"]
    subprocess.run([*page_png, out / "handbook.pdf", tmp_path / "page"], check=True)
    from PIL import Image

    [png] = tmp_path.glob("page*.png")
    data = Image.open(png).convert("RGB").tobytes()
    pixels = zip(data[0::3], data[1::3], data[2::3], strict=True)
    amber = sum(1 for r, g, b in pixels if abs(r - 0xB4) < 20 and abs(g - 0x53) < 20 and b < 40)
    assert amber > 20


# --- digest and due -----------------------------------------------------------------------------


def test_digest_tells_a_team_how_its_providers_did(example: Path, tmp_path: Path) -> None:
    found = results(example, tmp_path)
    done = svcstd("digest", "--team", "call-centre", "--as-of", AS_OF, "-C", example,
                  "--measured", found)  # fmt: skip
    assert done.returncode == 0, done.stderr
    part = done.stdout[done.stdout.index("## How your providers kept their promises") :]
    assert (
        "(it-pms-support), requests opened 2026-05-01 to 2026-06-30, from pms-export.csv:" in part
    )
    assert (
        "- Information Technology acknowledged 36 of 40 requests “PMS unavailable, or too slow"
        " to use, for the whole call…” within 15 minutes: 90.0%, objective 95% (under it);"
        " your team's requests: 36 of 40, 90.0%"
    ) in part
    other = svcstd("digest", "--team", "kitchen", "--as-of", AS_OF, "-C", example,
                   "--measured", found)  # fmt: skip
    assert "How your providers" not in other.stdout  # IT's PMS support does not serve it


@pytest.mark.parametrize(("june_met", "listed"), [(18, True), (19, False)])
def test_due_lists_targets_under_objective_twice(
    example: Path, tmp_path: Path, june_met: int, listed: bool
) -> None:
    found = results(example, tmp_path, june_met)
    done = svcstd("due", "--as-of", AS_OF, "-C", example, "--measured", found)
    assert done.returncode == 0, done.stderr
    line = (
        "it-pms-support/pms-outage acknowledge within 15 minutes: under its objective two months "
        "running (90.0% in 2026-05, 90.0% in 2026-06; objective 95%; results.json)"
    )
    assert (line in done.stdout) is listed
    data = json.loads(
        svcstd("due", "--as-of", AS_OF, "-C", example, "-f", "json", "--measured", found).stdout
    )
    measured = [m for g in data["owners"] for m in g["measured"]]
    assert bool(measured) is listed
    if listed:
        [group] = [g for g in data["owners"] if g["measured"]]
        assert group["role"] == "it-manager"
        assert measured[0]["months"][1] == {
            "month": "2026-06",
            "attainment": 90.0,
            "met": 18,
            "judged": 20,
        }


def test_rows_name_their_export_when_a_standard_has_several(example: Path, tmp_path: Path) -> None:
    from svcstd.render.measured import MeasuredView

    first = results(example, tmp_path)  # pms-outage, from pms-export.csv
    other = tmp_path / "desk.csv"
    rows = month_rows("06", 20, 20).replace("pms-outage", "workstation-down")
    other.write_text(HEADER + rows, encoding="utf-8")
    report = measure(load_organisation(example), Request([other]))
    second = tmp_path / "desk.json"
    second.write_text(render_json(report), encoding="utf-8")
    org = load_organisation(example)
    view = MeasuredView(load_figures([first, second]), "en")
    shown = view.standard(org.standards["it-pms-support"])
    assert shown is not None
    assert [o["exports"] for o in shown["origins"]] == [["pms-export.csv"], ["desk.csv"]]
    promises = [r["promise"] for r in shown["rows"]]
    assert promises[0] == "Acknowledge within 15 minutes · pms-export.csv"
    assert promises[-1].endswith(" · desk.csv")
    alone = MeasuredView(load_figures([first]), "en")
    single = alone.standard(org.standards["it-pms-support"])
    assert single is not None and single["rows"][0]["promise"] == "Acknowledge within 15 minutes"


def test_date_relative_targets_show_with_their_rule_in_words(example: Path, tmp_path: Path) -> None:
    """A promised-date target's figures in the handbook and the digest, in both languages."""
    from svcstd.render.measured import MeasuredView

    export = tmp_path / "po.csv"
    rows = [
        f"PO-{m}-{i},admin-purchase-orders,promised-delivery,2026-{m}-02T09:00,,"
        f"2026-{m}-05T{'18:00' if i < 19 else '23:59'},kitchen,2026-{m}-{'05' if i < 18 else '04'}"
        for m in ("05", "06")
        for i in range(20)
    ]
    export.write_text(HEADER.replace("\n", ",promised\n") + "\n".join(rows) + "\n", "utf-8")
    found = tmp_path / "po.json"
    done = svcstd("measure", export, "-C", example, "--from", "2026-05-01", "--to", "2026-06-30",
                  "-f", "json", "-o", found)  # fmt: skip
    assert done.returncode == 0, done.stderr
    org = load_organisation(example)
    for lang, promise in (("en", "By the promised date"), ("id", "Paling lambat pada tanggal")):
        view = MeasuredView(load_figures([found]), lang).standard(
            org.standards["admin-purchase-orders"]
        )
        assert view is not None
        [row] = view["rows"]
        assert row["metric"] == "by" and row["promise"].startswith(promise)
        assert row["total"]["text"].startswith(("90.0% (36", "90,0% (36"))
    digest = svcstd("digest", "--team", "kitchen", "--as-of", AS_OF, "-C", example,
                    "--measured", found)  # fmt: skip
    assert digest.returncode == 0, digest.stderr
    assert "delivered 36 of 40 requests “Ordered goods received" in digest.stdout
    assert "by the promised date: 90.0%, objective 95% (under it)" in digest.stdout
    due = svcstd("due", "--as-of", AS_OF, "-C", example, "--measured", found)
    assert (
        "admin-purchase-orders/promised-delivery by the promised date: under its objective two"
        " months running (90.0% in 2026-05, 90.0% in 2026-06; objective 95%; po.json)"
    ) in due.stdout
