"""whois, the handbook (HTML and Markdown) and the digest give the same answer to "how do I ask
about this?", name channels the same way, and write service hours the same way."""

from __future__ import annotations

import json
import re
from itertools import pairwise
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from typer.testing import CliRunner

from svcstd.cli import app
from tests.unit.render.render_support import base_repo, edit_yaml, render

HELPDESK = "https://helpdesk.case.example"
PHONE, FORM = "ext. 4100", "https://forms.case.example/it"
EN_DASH = "\N{EN DASH}"
OFFICE = f"Mon{EN_DASH}Fri 08:00{EN_DASH}17:00"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """The base case, where IT lists two other channels before the one its standard names."""
    root = base_repo(tmp_path / "repo")
    edit_yaml(
        root / "teams" / "it.yaml",
        channels=[
            {"id": "it-phone", "type": "phone", "address": PHONE, "hours": "office"},
            {"id": "it-form", "type": "form", "address": FORM},
            {"id": "it-helpdesk", "type": "ticket", "address": HELPDESK, "hours": "always"},
        ],
    )
    edit_yaml(
        root / "services" / "it-pms-support.yaml",
        hours="office",
        communication=[
            {
                "id": "outages",
                "what": "Planned PMS outages",
                "cadence": "weekly",
                "channel": "it-helpdesk",
                "audience": "Front office supervisors",
            },
            {
                "id": "review",
                "what": "Service review",
                "cadence": "quarterly",
                "channel": "meeting",
            },
        ],
        commitments=[
            {
                "id": "numbered",
                "text": "1. Report the outage with the room number",
                "within": "15m",
            },
            {"id": "dashed", "text": "- or call the duty manager", "within": "30m"},
            {"id": "heading", "text": "# keep the PMS error message", "within": "1h"},
            {"id": "rule", "text": "---", "within": "1h"},
        ],
    )
    return root


def _cli(*args: str) -> str:
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


def test_whois_directory_and_digest_name_the_standards_channel(repo: Path, tmp_path: Path) -> None:
    answer = json.loads(_cli("whois", "--path", str(repo), "--json", "pms access"))
    assert [c["address"] for c in answer["answer"]["channels"]] == [HELPDESK]

    html, md = render(repo, tmp_path / "out", ["html", "md"])
    directory = html.read_text(encoding="utf-8").split('id="topics"', 1)[1]
    entry = re.search(r"<dt>PMS access</dt><dd>(.*?)</dd>", directory, re.DOTALL)
    assert entry is not None and HELPDESK in entry.group(1)
    assert PHONE not in entry.group(1) and FORM not in entry.group(1)
    md_entry = next(line for line in md.read_text().splitlines() if "**PMS access**" in line)
    assert HELPDESK in md_entry and PHONE not in md_entry

    digest = _cli("digest", "--path", str(repo), "--team", "front-office", "--as-of", "2026-11-01")
    reach = digest.split("How to reach them:", 1)[1].split("\n\n")[1]
    assert reach.startswith(f"- ticket: {HELPDESK}") and PHONE not in reach


def test_a_standard_without_channels_is_asked_through_its_team(repo: Path) -> None:
    edit_yaml(repo / "services" / "it-pms-support.yaml", channels=[])
    answer = json.loads(_cli("whois", "--path", str(repo), "--json", "pms access"))
    assert [c["address"] for c in answer["answer"]["channels"]] == [PHONE, FORM, HELPDESK]
    digest = _cli("digest", "--path", str(repo), "--team", "front-office", "--as-of", "2026-11-01")
    assert f"- phone: {PHONE}" in digest and f"- form: {FORM}" in digest


def test_communication_schedule_shows_the_channel_not_its_id(repo: Path, tmp_path: Path) -> None:
    html, md = render(repo, tmp_path / "out", ["html", "md"])
    table = html.read_text(encoding="utf-8").split('class="communication stack"', 1)[1]
    table = table.split("</table>", 1)[0]
    assert f'<a href="{HELPDESK}">{HELPDESK}</a>' in table and "ticket" in table
    assert "it-helpdesk" not in table
    assert "meeting" in table  # words that are not a channel id stay as written
    md_text = md.read_text(encoding="utf-8")
    assert f"Planned PMS outages — weekly — ticket: {HELPDESK}" in md_text
    assert "it-helpdesk" not in md_text
    digest = _cli("digest", "--path", str(repo), "--team", "front-office", "--as-of", "2026-11-01")
    assert f"- Planned PMS outages — weekly — ticket: {HELPDESK} — Front office supervisors" in (
        digest
    )
    assert "- Service review — quarterly — meeting" in digest
    assert "it-helpdesk" not in digest


def test_service_hours_read_the_same_everywhere(repo: Path, tmp_path: Path) -> None:
    whois = _cli("whois", "--path", str(repo), "pms access")
    digest = _cli("digest", "--path", str(repo), "--team", "front-office", "--as-of", "2026-11-01")
    html, md = render(repo, tmp_path / "out", ["html", "md"])
    assert f"Service hours: {OFFICE} (" in whois
    assert f"Service hours: {OFFICE} (office)" in digest
    assert f"<dd>{OFFICE}</dd>" in html.read_text(encoding="utf-8")
    assert f"| {OFFICE} |" in md.read_text(encoding="utf-8")
    for text in (whois, digest):
        assert "08:00-17:00" not in text and "mon-fri" not in text.lower()


def _empty_list_items(markdown: str) -> list[str]:
    """Markdown list items with nothing of their own: closed at once, or opening another list
    straight away (what '- 1. Title' renders as)."""
    tokens = MarkdownIt("commonmark").enable("table").parse(markdown)
    lines = markdown.splitlines()
    return [
        lines[tok.map[0]] if tok.map else "?"
        for tok, after in pairwise(tokens)
        if tok.type == "list_item_open"
        and after.type in ("list_item_close", "bullet_list_open", "ordered_list_open")
    ]


def test_markdown_has_no_empty_list_items(repo: Path, tmp_path: Path) -> None:
    from tests.conftest import example_dir

    [own] = render(repo, tmp_path / "own", ["md"])
    [hotel] = render(example_dir(), tmp_path / "hotel", ["md"])
    assert _empty_list_items(own.read_text(encoding="utf-8")) == []
    assert _empty_list_items(hotel.read_text(encoding="utf-8")) == []
    # The check itself sees the faults it is for.
    assert _empty_list_items("- 1. [Payroll](#payroll)\n- -\n-\n") == [
        "- 1. [Payroll](#payroll)",
        "- -",  # an item holding a list, whose own item is empty
        "- -",
        "-",
    ]
    # Text that starts with a list marker stays that text, inside its one list item.
    page = MarkdownIt("commonmark").render(own.read_text(encoding="utf-8"))
    for shown in ("1. Report the outage", "- or call the duty manager",
                  "# keep the PMS error message", "<li>--- — "):  # fmt: skip
        assert shown in page, shown
