"""Where feedback shows: the handbook (HTML, in Chromium), whois, digest, due and diff, on the
example organisation with fixed dates; the small-numbers rule in each of them."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from tests.chromium import CHROMIUM, DESKTOP, PHONE, Page

AS_OF = "2026-11-30"


def svcstd(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "svcstd", *args], capture_output=True, text=True, cwd=cwd
    )


def set_counts(standards: Path, rel: str, counts: list[list[int]]) -> None:
    """Rewrite the per-team counts of one feedback file (the teams keep their order)."""
    import yaml

    path = standards / rel
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for result, new in zip(data["results"], counts, strict=False):
        result["scores"] = new
    data["results"] = data["results"][: len(counts)]
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")


# --- the shared core ----------------------------------------------------------------------------


def test_scores_under_the_minimum_have_no_mean_at_the_boundary(example: Path) -> None:
    from svcstd.feedback.summary import standard_feedback
    from svcstd.pipeline import load

    rel = "feedback/it-pms-support/2026-11.yaml"
    set_counts(example, rel, [[0, 0, 1, 1, 2]])  # 4 answers: one short of the minimum (5)
    latest = standard_feedback(load(example).org, "it-pms-support", date(2026, 11, 30)).latest
    assert latest is not None and latest.responses == 4
    assert latest.mean is None and latest.too_few and latest.as_dict()["mean"] is None
    set_counts(example, rel, [[0, 0, 1, 1, 3]])  # exactly the minimum: shown
    latest = standard_feedback(load(example).org, "it-pms-support", date(2026, 11, 30)).latest
    assert latest is not None and latest.mean == pytest.approx(22 / 5)


def test_closed_actions_stay_recent_for_ninety_days(example: Path) -> None:
    from svcstd.feedback.summary import standard_feedback
    from svcstd.pipeline import load

    org = load(example).org  # act-invoice-corrections was closed on 2026-11-16
    recent = standard_feedback(org, "admin-invoicing", date(2027, 2, 14)).recent
    assert [a.id for a in recent] == ["act-invoice-corrections"]
    assert standard_feedback(org, "admin-invoicing", date(2027, 2, 15)).recent == ()
    # Not yet closed on the day asked about: not "recently closed" either.
    assert standard_feedback(org, "admin-invoicing", date(2026, 11, 15)).recent == ()


# --- the HTML handbook ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def handbook(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tests.conftest import example_dir

    base = tmp_path_factory.mktemp("feedback-html")
    shutil.copytree(example_dir(), base / "standards")
    # One standard's latest period made too small to show: 3 answers averaging 5.0.
    set_counts(base / "standards", "feedback/hr-payroll/2026-q4.yaml", [[0, 0, 0, 0, 3]])
    done = svcstd("render", str(base / "standards"), "-o", str(base / "out"), "--as-of", AS_OF)
    assert done.returncode == 0, done.stderr
    return base / "out" / "handbook.html"


def article(html: str, anchor: str) -> str:
    start = html.index(f'id="{anchor}"')
    return html[start : html.index("</article>", start)]


def test_handbook_shows_scores_chart_and_actions(handbook: Path) -> None:
    pms = article(handbook.read_text(encoding="utf-8"), "standard-it-pms-support")
    assert "Customer scores" in pms
    # The table: newest period first, mean with one decimal and the response count.
    rows = re.findall(r"<tr><td>(20[\d-]+)</td>\s*<td class=\"num\">([^<]+)</td><td", pms)
    assert rows == [("2026-11", "2.1"), ("2026-10", "3.8")]
    # The chart: one bar a period, the lower mean the shorter bar, values written out.
    svg = pms[pms.index("<svg") : pms.index("</svg>")]
    heights = [float(h) for h in re.findall(r'class="bar [a-z]+"[^>]* height="([\d.]+)"', svg)]
    assert len(heights) == 2 and heights[1] < heights[0]
    assert "<script" not in svg and "http://www.w3.org/2000/svg" in svg
    assert ">2.1<" in svg and ">3.8<" in svg
    # "You said, we did": the open action with its owner and due date.
    assert "You said, we did" in pms and "31 December 2026" in pms
    assert 'href="#role-it-support-supervisor"' in pms and "action-open" in pms


def test_handbook_never_shows_a_mean_under_the_minimum(handbook: Path) -> None:
    payroll = article(handbook.read_text(encoding="utf-8"), "standard-hr-payroll")
    assert "too few responses" in payroll
    assert "5.0" not in payroll  # the 3 answers' mean
    svg = payroll[payroll.index("<svg") : payroll.index("</svg>")]
    assert 'class="bar few"' in svg and ">5.0<" not in svg


def test_heat_map_cells_carry_their_values_as_text(handbook: Path) -> None:
    html = handbook.read_text(encoding="utf-8")
    section = html[
        html.index('id="feedback-matrix"') : html.index(
            "</section>", html.index('id="feedback-matrix"')
        )
    ]
    assert 'href="#feedback-matrix"' in html  # listed in the contents
    cells = re.findall(r'<td class="heat-(\w+)"[^>]*><span class="heat-value">([^<]+)</span> '
                       r'<span class="heat-n">\((\d+)\)</span>', section)  # fmt: skip
    assert ("bad", "1.4", "7") in cells  # kitchen as rated by the F&B service team
    for band, text, n in cells:
        assert (band == "few") == (text == "too few") and (int(n) < 5) == (band == "few")
    legend = re.findall(r'swatch heat-(\w+)"></span>([^<]+)', section)
    assert [b for b, _ in legend] == ["good", "fair", "poor", "bad", "few"]


def test_indonesian_handbook_uses_indonesian_words(handbook: Path, tmp_path: Path) -> None:
    standards = handbook.parent.parent / "standards"
    done = svcstd("render", str(standards), "-o", str(tmp_path), "--lang", "id", "--as-of", AS_OF)
    assert done.returncode == 0, done.stderr
    html = (tmp_path / "handbook.id.html").read_text(encoding="utf-8")
    pms = article(html, "standard-it-pms-support")
    assert "Masukan Anda, tindak lanjut kami" in pms and "Skor kepuasan pelanggan" in pms
    assert ">2,1<" in pms and "31 Desember 2026" in pms
    assert "tanggapan terlalu sedikit" in article(html, "standard-hr-payroll")


needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")

HEAT = "document.querySelector('#feedback-matrix')"


@needs_chromium
@pytest.mark.parametrize(("size", "mobile"), [(PHONE, True), (DESKTOP, False)])
def test_feedback_reads_in_chromium(
    handbook: Path, tmp_path: Path, size: tuple[int, int], mobile: bool
) -> None:
    with Page(tmp_path / "profile", size, mobile=mobile) as page:
        page.open(handbook.as_uri())
        assert page.js("document.documentElement.scrollWidth") <= size[0]  # no page overflow
        # The heat-map's provider names stay readable; its cells show value and count.
        widths = page.js(f"""Array.prototype.map.call({HEAT}.querySelectorAll('td.heat-bad'),
            function (c) {{ var b = c.getBoundingClientRect(); return [b.width, b.height,
            c.innerText]; }})""")
        assert widths and all(w >= 40 and "1.4" in text for w, _, text in widths)
        name = page.js(f"{HEAT}.querySelector('tbody th').getBoundingClientRect().width")
        assert name >= 100
        # On a phone the action table becomes labelled cards; on a desktop it stays a table.
        display = page.js("getComputedStyle(document.querySelector('table.actions')).display")
        assert display == ("block" if mobile else "table")
        chart = page.js("""(function () { var b = document.querySelector(
            '#standard-it-pms-support .score-chart').getBoundingClientRect();
            return [b.width, b.height]; })()""")
        assert 0 < chart[0] < size[0] and chart[1] > 40
        page.js(f"{HEAT}.scrollIntoView(); 1")
        page.screenshot(tmp_path / "heat-map.png")
        page.js("document.querySelector('#standard-it-pms-support .feedback-results')"
                ".scrollIntoView(); 1")  # fmt: skip
        page.screenshot(tmp_path / "scores.png")
        assert page.console_errors() == []


# --- whois, digest, due ---------------------------------------------------------------------------


def test_whois_gives_the_last_score_and_open_actions(example: Path) -> None:
    done = svcstd("whois", "PMS access", "--json", "--path", str(example))
    assert done.returncode == 0, done.stderr
    answer = json.loads(done.stdout)["answer"]
    [pms] = [s for s in answer["standards"] if s["id"] == "it-pms-support"]
    last = pms["feedback"]["last"]
    assert (last["period"], last["responses"], last["mean"]) == ("2026-11", 14, 2.07)
    assert [a["id"] for a in pms["feedback"]["open_actions"]] == ["act-pms-outage-updates"]
    text = svcstd("whois", "PMS access", "--path", str(example)).stdout
    assert "Customer score 2026-11: 2.1 (14 responses)" in text
    assert "due 2026-12-31" in text


def test_whois_says_too_few_and_reads_new_results(example: Path) -> None:
    svcstd("whois", "PMS access", "--path", str(example))  # leaves an index behind
    set_counts(example, "feedback/it-pms-support/2026-11.yaml", [[0, 1, 1, 0, 0]])
    text = svcstd("whois", "PMS access", "--path", str(example)).stdout
    assert "Customer score 2026-11: too few responses (2 responses)" in text
    ident = svcstd("whois", "PMS access", "--lang", "id", "--path", str(example)).stdout
    assert "Skor pelanggan 2026-11: tanggapan terlalu sedikit (2 tanggapan)" in ident


def test_digest_tells_a_team_what_it_said_and_what_was_done(example: Path) -> None:
    done = svcstd("digest", "--team", "sales", "--as-of", "2026-12-01", "--path", str(example))
    assert done.returncode == 0, done.stderr
    part = done.stdout[done.stdout.index("## You said, they did") :]
    # Sales gave 3 answers about invoicing in November: no score, but the action it asked for.
    assert ("**Invoices for groups, events and corporate accounts** (admin-invoicing), from "
            "Administration and Purchasing, 2026-11: too few responses from your team to show "
            "a score (3)") in part  # fmt: skip
    assert "  - done 2026-11-16: Reply to the sales executive" in part
    assert (
        "(admin-purchase-orders), from Administration and Purchasing, 2026-Q4: "
        "your team's score 4.1 of 5 (8 responses)" in part
    )
    # Front office's own score on PMS support, and IT's open action on it.
    fo = svcstd("digest", "--team", "front-office", "--as-of", "2026-12-01", "--path", str(example))
    line = next(x for x in fo.stdout.splitlines() if "(it-pms-support)" in x and "score" in x)
    assert line.endswith("2026-11: your team's score 2.3 of 5 (6 responses)")
    assert "open: Acknowledge every PMS ticket" in fo.stdout and "overdue" not in fo.stdout


def test_due_lists_surveys_and_actions_by_owner(example: Path) -> None:
    done = svcstd("due", "--as-of", "2026-12-20", "--format", "json", "--path", str(example))
    assert done.returncode == 1, done.stderr
    owners = {g["role"]: g for g in json.loads(done.stdout)["owners"]}
    [action] = owners["kit-sous-chef"]["actions"]
    assert (action["id"], action["due"], action["status"]) == (
        "act-room-service-evening-rush", "2026-12-15", "overdue")  # fmt: skip
    assert owners["kit-sous-chef"]["attest"] is None  # no review to attest
    surveys = {s["standard"]: s for g in owners.values() for s in g["surveys"]}
    assert surveys["finance-collections"]["status"] == "overdue"
    assert surveys["admin-invoicing"] == {
        "standard": "admin-invoicing",
        "title": "Invoices for groups, events and corporate accounts",
        "last_answers": "2026-11-25", "due": "2026-12-25", "status": "due"}  # fmt: skip
    assert "admin-invoicing" in [s["standard"] for s in owners["adm-manager"]["surveys"]]
    text = svcstd("due", "--as-of", "2026-12-20", "--path", str(example)).stdout
    assert re.search(r"OVERDUE\s+2026-12-15  action act-room-service-evening-rush", text)


def test_due_on_the_due_day_is_not_overdue(example: Path) -> None:
    done = svcstd("due", "--as-of", "2026-12-15", "--format", "json", "--path", str(example))
    owners = {g["role"]: g for g in json.loads(done.stdout)["owners"]}
    assert owners["kit-sous-chef"]["actions"][0]["status"] == "due"


# --- diff and the changelog -------------------------------------------------------------------


def git(*args: str, cwd: Path) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


def test_diff_reports_score_changes_and_actions_opened_and_closed(example: Path) -> None:
    repo = example.parent
    git("init", "-q", cwd=repo)
    git("config", "user.email", "t@example.org", cwd=repo)
    git("config", "user.name", "Test", cwd=repo)
    period = example / "feedback/it-pms-support/2026-11.yaml"
    opened = example / "actions/act-pms-outage-updates.yaml"
    closed = example / "actions/act-invoice-corrections.yaml"
    keep = {p: p.read_text(encoding="utf-8") for p in (period, opened, closed)}
    period.unlink()
    opened.unlink()
    text = keep[closed].replace("status: done\nclosed: 2026-11-16\n", "status: open\n")
    closed.write_text(text[: text.index("outcome:")], encoding="utf-8")
    git("add", "-A", cwd=repo)
    git("commit", "-qm", "before", cwd=repo)
    for path, content in keep.items():
        path.write_text(content, encoding="utf-8")
    done = svcstd("diff", "HEAD", "--format", "json", "--path", str(example))
    assert done.returncode == 1, done.stderr
    changes = {c["id"]: c for c in json.loads(done.stdout)["changes"]}
    assert set(changes) == {"it-pms-support-2026-11", "act-pms-outage-updates",
                            "act-invoice-corrections"}  # fmt: skip
    score = changes["it-pms-support-2026-11"]
    assert score["change"] == "score changed"
    # Before: the previous period, whose file did not change; after: the new one.
    assert (score["before"], score["after"]) == (
        "3.8 in 2026-10 (9 responses)", "2.1 in 2026-11 (14 responses)")  # fmt: skip
    assert "front-office" in score["impact"]
    assert changes["act-pms-outage-updates"]["change"] == "action opened"
    assert changes["act-invoice-corrections"]["change"] == "action closed"
    assert changes["act-invoice-corrections"]["after"].startswith("done 2026-11-16: Corrected")
    md = svcstd("diff", "HEAD", "--format", "markdown", "--path", str(example)).stdout
    assert "- **score changed** — score of it-pms-support (new period): 3.8 in 2026-10" in md


def test_diff_of_a_too_small_period_shows_no_mean(example: Path) -> None:
    repo = example.parent
    git("init", "-q", cwd=repo)
    git("config", "user.email", "t@example.org", cwd=repo)
    git("config", "user.name", "Test", cwd=repo)
    git("add", "-A", cwd=repo)
    git("commit", "-qm", "before", cwd=repo)
    set_counts(example, "feedback/it-pms-support/2026-11.yaml", [[0, 0, 0, 1, 1]])
    done = svcstd("diff", "HEAD", "--format", "json", "--path", str(example))
    [change] = json.loads(done.stdout)["changes"]
    assert change["after"] == "too few responses in 2026-11 (2)"
    assert change["before"] == "2.1 in 2026-11 (14 responses)"
