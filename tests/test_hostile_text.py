"""Hostile text in the data, through every human-facing writer of the real command line.

A team name carrying terminal escape sequences (clear screen, window title, an OSC 8
link), NUL and a bidi override, and a summary carrying raw HTML, remote images and
javascript: links: lint reports where they stand, and no writer lets one act.
"""

from __future__ import annotations

import email
import json
import re
import subprocess
import xml.dom.minidom
from email.policy import default
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from svcstd.safetext import UNSAFE
from tests.test_cli import svcstd
from tests.unit.test_safetext import _links_and_html

TEAM = "teams/administration.yaml"
STANDARD = "services/admin-purchase-orders.yaml"  # customers: all; reviewed yearly from 2026-04-20
NAME = "Administration and Purchasing"
# Written with double-quoted YAML escapes, as an attacker would hide them in a file.
HOSTILE_NAME = f'"{NAME} \\e[2J\\e]0;pwned\\a\\e]8;;http://evil.example\\e\\\\link\\u202eevil\\0"'
HOSTILE_SUMMARY = (
    "summary: >-\n"
    '  <script>alert(1)</script> <img src="http://169.254.169.254/">\n'
    "  ![h](http://127.0.0.1:9/img.png) [a](javascript:alert(2))\n\n"
    "  [r1]: javascript:alert(5)\n\n"
    "  See [r1].\n"
)


def _git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=T", "-c", "user.email=t@example.com", *args],
        cwd=repo,
        check=True,
        capture_output=True,
    )


@pytest.fixture
def hostile(example: Path) -> Path:
    """The example organisation, committed, then a commit adding the hostile text."""
    _git(example, "init", "-q")
    _git(example, "add", "-A")
    _git(example, "commit", "-qm", "clean")
    team = example / TEAM
    team_text = team.read_text(encoding="utf-8")
    assert NAME in team_text
    team.write_text(_replace_field(team_text, "name", f"name: {HOSTILE_NAME}\n"), encoding="utf-8")
    std = example / STANDARD
    text = _replace_field(std.read_text(encoding="utf-8"), "summary", HOSTILE_SUMMARY)
    # The hostile title in one language only: every reader sees it.
    text = _replace_field(text, "title", 'title: "Purchase orders \\u202eredro\\e[31m"\n')
    std.write_text(text, encoding="utf-8")
    _git(example, "commit", "-qam", "hostile")
    return example


def _replace_field(text: str, key: str, new: str) -> str:
    """Replace a top-level field however it is written: plain, folded or a language map."""
    start = text.index(f"\n{key}:") + 1
    end = re.compile(r"^\S", re.M).search(text, start + 1)
    assert end is not None
    return text[:start] + new + text[end.start() :]


def _inert(text: str) -> None:
    """No control or bidi-override character, and the hidden ones are shown visibly."""
    assert UNSAFE.search(text) is None, repr(UNSAFE.search(text))


def test_lint_locates_each_character_by_code_point(hostile: Path) -> None:
    done = svcstd("lint", "--as-of", "2026-11-30", ".", cwd=hostile)
    assert done.returncode == 1
    _inert(done.stdout)
    assert re.search(
        rf"{TEAM}\n\s+3:7\s+error\s+the value 'name' holds U\+001B \(ESC\) at character 31 "
        r"\(and 6 more\)\s+\(text/control-character\)",
        done.stdout,
    ), done.stdout
    assert "the value 'title' holds U+202E (RIGHT-TO-LEFT OVERRIDE)" in done.stdout
    assert done.stdout.count("(text/control-character)") == 2
    github = svcstd("lint", "--as-of", "2026-11-30", "--format", "github", ".", cwd=hostile)
    _inert(github.stdout)
    assert f"file={TEAM},line=3,col=7,title=text/control-character::" in github.stdout


def test_json_output_escapes_as_json_does(hostile: Path) -> None:
    done = svcstd("whois", "--team", "administration", "--json", cwd=hostile)
    assert "\\u001b[2J" in done.stdout  # the JSON escape, not a raw ESC
    assert "\x1b" not in done.stdout
    assert "\x1b[2J" in json.loads(done.stdout)["team"]["name"]


@pytest.mark.parametrize(
    "args",
    [
        ("whois", "purchasing"),
        ("whois", "--team", "administration"),
        ("whois", "--list"),
        ("whois", "\x1b]0;pwned\x07nothing-matches"),
        ("due", "--as-of", "2027-05-01"),
        ("diff", "HEAD~1", "HEAD"),
        ("diff", "--format", "markdown", "HEAD~1", "HEAD"),
        ("digest", "--as-of", "2026-11-30"),
    ],
)
def test_terminal_output_shows_the_characters_visibly(hostile: Path, args: tuple[str, ...]) -> None:
    done = svcstd(*args, cwd=hostile)
    assert done.returncode in (0, 1), done.stderr
    _inert(done.stdout + done.stderr)
    assert "\\x1b" in done.stdout + done.stderr


def test_digest_markdown_and_email_follow_the_handbook_policy(
    hostile: Path, tmp_path: Path
) -> None:
    out = tmp_path / "digests"
    for fmt in ("md", "eml"):
        done = svcstd(
            "digest", "--as-of", "2026-11-30", "--format", fmt, "--out", str(out), cwd=hostile
        )
        assert done.returncode == 0, done.stderr
    own = email.message_from_bytes((out / "administration.eml").read_bytes(), policy=default)
    _inert(str(own["Subject"]))
    assert f"what {NAME} \\x1b[2J" in str(own["Subject"])
    markdown = (out / "front-office.md").read_text(encoding="utf-8")
    _inert(markdown)
    hrefs, active = _links_and_html(markdown)
    assert active == []
    assert all(h.startswith(("http:", "https:", "mailto:")) for h in hrefs), hrefs
    assert "&lt;script&gt;" in markdown
    assert "\\u202e" in markdown
    # The email is plain text alone, which no client renders as HTML: the author's text reads
    # as written, its hidden characters still shown.
    message = email.message_from_bytes((out / "front-office.eml").read_bytes(), policy=default)
    assert [part.get_content_type() for part in message.walk()] == ["text/plain"]
    plain = message.get_content().replace("\r\n", "\n")
    _inert(plain)
    assert "<script>alert(1)</script>" in plain and "&lt;" not in plain
    assert "\\u202e" in plain


def test_handbook_html_svg_search_data_and_markdown_are_inert(
    hostile: Path, tmp_path: Path
) -> None:
    out = tmp_path / "handbook"
    done = svcstd(
        "render", "-f", "html,md", "-o", str(out), "--as-of", "2026-11-30", ".", cwd=hostile
    )
    assert done.returncode == 0, done.stderr
    html = (out / "handbook.html").read_text(encoding="utf-8")
    _inert(html)
    assert f"{NAME} \\x1b[2J" in html
    svgs = re.findall(r"<svg.*?</svg>", html, re.S)
    assert svgs and any("\\x1b" in svg for svg in svgs)
    for svg in svgs:  # NUL or ESC inside <text> made the SVG invalid XML
        xml.dom.minidom.parseString(svg)
    search = re.search(
        r'<script type="application/json" id="search-data">(.*?)</script>', html, re.S
    )
    assert search is not None
    _inert(json.dumps(json.loads(search.group(1)), ensure_ascii=False))
    markdown = (out / "handbook.md").read_text(encoding="utf-8")
    _inert(markdown)
    hrefs, _ = _links_and_html(markdown)
    # The template's own HTML (anchors and line breaks) is the only HTML, and no image.
    tokens = MarkdownIt("commonmark", {"html": True}).parse(markdown)
    inline = [c for t in tokens for c in t.children or []]
    assert not [c for c in inline if c.type == "image"]
    anchors = {f'<a id="{m}">' for m in re.findall(r'<a id="([a-z0-9-]+)">', markdown)}
    assert {c.content for c in inline if c.type == "html_inline"} <= {"<br>", "</a>", *anchors}
    assert not [t for t in tokens if t.type == "html_block"]
    assert not [h for h in hrefs if not h.startswith(("http:", "https:", "mailto:", "#"))]


@pytest.mark.parametrize(
    ("written", "finding"),
    [
        ('"Send monthly statements\\tby working day 3."', None),
        ('"Send monthly statements\\nby working day 3."', None),
        ('"Send monthly statements \\u200eby working day 3."', None),  # a bidi mark, not override
        ('"Send monthly statements \\u2069by working day 3."', "U+2069 (POP DIRECTIONAL ISOLATE)"),
        ('"Send monthly statements \\x7fby working day 3."', "U+007F (DEL)"),
        ('"Send monthly statements \\x9fby working day 3."', "U+009F (CONTROL CHARACTER)"),
        ('"Send monthly statements \\rby working day 3."', "U+000D (CARRIAGE RETURN)"),
    ],
)
def test_control_character_rule_boundaries(
    example: Path, written: str, finding: str | None
) -> None:
    role = example / "roles/administration/adm-billing-officer.yaml"
    text = role.read_text(encoding="utf-8")
    # The example writes each responsibility as a language map: the English line is edited.
    old = "  - en: Send monthly statements to corporate accounts by working day 3.\n"
    assert old in text
    role.write_text(text.replace(old, f"  - en: {written}\n"), encoding="utf-8")
    line = text.splitlines().index(old.rstrip("\n")) + 1  # the item's line, as written
    done = svcstd("lint", "--as-of", "2026-11-30", "--format", "json", ".", cwd=example)
    found = [
        f for f in json.loads(done.stdout)["findings"] if f["rule"] == "text/control-character"
    ]
    if finding is None:
        assert found == []
        return
    assert [(f["file"], f["line"], f["column"]) for f in found] == [
        ("roles/administration/adm-billing-officer.yaml", line, len("  - en: ") + 1)
    ]
    assert found[0]["message"] == (
        f"the value 'responsibilities[2].en' holds {finding} at character 25"
    )
