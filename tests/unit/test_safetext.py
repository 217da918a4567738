"""Control characters made visible, and Markdown output held to the HTML handbook's policy."""

from __future__ import annotations

from typing import Any

import pytest
from markdown_it import MarkdownIt

from svcstd.safetext import (
    code_point,
    find_unsafe,
    markdown_cell,
    markdown_text,
    visible,
    visible_data,
)

# --- visible ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("char", "shown"),
    [
        ("\x00", "\\x00"),
        ("\x07", "\\x07"),
        ("\x08", "\\x08"),
        ("\x0b", "\\x0b"),
        ("\r", "\\x0d"),
        ("\x1b", "\\x1b"),
        ("\x1f", "\\x1f"),
        ("\x7f", "\\x7f"),
        ("\x80", "\\x80"),
        ("\x9b", "\\x9b"),
        ("\x9f", "\\x9f"),
        ("\u202a", "\\u202a"),
        ("\u202e", "\\u202e"),
        ("\u2066", "\\u2066"),
        ("\u2069", "\\u2069"),
    ],
)
def test_unsafe_characters_become_visible_escapes(char: str, shown: str) -> None:
    assert visible(f"a{char}b") == f"a{shown}b"
    assert list(find_unsafe(f"ab{char}")) == [(2, char)]


@pytest.mark.parametrize(
    "char",
    ["\t", "\n", " ", "~", "\xa0", "é", "\u200e", "\u200f", "\u2029", "\u2065", "\u206a", "—"],
)
def test_the_neighbours_of_each_range_stay(char: str) -> None:
    # Tabs, line breaks, the characters just outside each range and the bidi marks.
    assert visible(f"a{char}b") == f"a{char}b"
    assert list(find_unsafe(char)) == []


def test_terminal_attacks_are_inert() -> None:
    attack = "\x1b[2J\x1b]0;title\x07\x1b]8;;http://evil.example\x1b\\link\x1b]8;;\x1b\\"
    shown = visible(attack)
    assert "\x1b" not in shown and "\x07" not in shown
    assert shown.startswith("\\x1b[2J\\x1b]0;title\\x07")


@pytest.mark.parametrize(
    ("char", "named"),
    [
        ("\x1b", "U+001B (ESC)"),
        ("\x00", "U+0000 (NUL)"),
        ("\x7f", "U+007F (DEL)"),
        ("\x01", "U+0001 (CONTROL CHARACTER)"),
        ("\u202e", "U+202E (RIGHT-TO-LEFT OVERRIDE)"),
        ("\u2067", "U+2067 (RIGHT-TO-LEFT ISOLATE)"),
    ],
)
def test_code_point_names_the_character(char: str, named: str) -> None:
    assert code_point(char) == named


def test_visible_data_reaches_keys_and_nested_strings() -> None:
    data = {"a\x1b": ["x\u202e", {"b": "\x00"}], "n": 1, "t": True, "z": None}
    assert visible_data(data) == {
        "a\\x1b": ["x\\u202e", {"b": "\\x00"}],
        "n": 1,
        "t": True,
        "z": None,
    }


# --- Markdown ---------------------------------------------------------------------------

HOSTILE_MARKDOWN = [
    "![h](http://127.0.0.1:9/img.png)",
    "![logo](https://ok.example/logo.png)",
    "\\![h](http://127.0.0.1:9/img.png)",
    "\\\\![h](http://127.0.0.1:9/img.png)",
    "![x][img]\n\n[img]: http://127.0.0.1:9/i.png",
    "[r1]: javascript:alert(5)\n\n[click][r1]",
    "[r1]:\n  javascript:alert(5)\n\n[click][r1]",
    "- [r1]: javascript:alert(5)\n\n[click][r1]",
    "> [r1]: javascript:alert(5)\n\n[click][r1]",
    "1. [r1]: <javascript:alert(5)>\n\n[r1]",
    "\\[r1]: javascript:alert(5)\n\n[r1]",
    "\\\\[r1]: javascript:alert(5)\n\n[r1]",
    "[multi\nline]: javascript:alert(5)\n\n[multi line]",
    "[a](javascript:alert(1))",
    "[a]( javascript:alert(1))",
    "[a](<javascript:alert(1)>)",
    "[a](JaVaScRiPt:alert(1))",
    "[a](&#106;avascript:alert(1))",
    "[a\\\\](javascript:alert(1))",
    "[x](data:text/html;base64,PHNjcmlwdD4=)",
    "[x](file:///etc/passwd)",
    "[x](//evil.example/a)",
    "<script>alert(1)</script>",
    '<img src="http://169.254.169.254/latest/meta-data/">',
    '<a href="javascript:alert(1)">y</a>',
    "<javascript:alert(1)>",
    "line\n\n<div>\nblock html\n</div>",
    "text with \x1b[2J and \u202e inside",
]


def _links_and_html(markdown: str) -> tuple[list[str], list[str]]:
    """What a permissive CommonMark renderer would make of markdown: hrefs and HTML/images."""
    md = MarkdownIt("commonmark", {"html": True})
    md.validateLink = lambda url: True  # type: ignore[method-assign]
    hrefs: list[str] = []
    active: list[str] = []

    def walk(tokens: list[Any]) -> None:
        for token in tokens:
            if token.type == "link_open":
                hrefs.append(str(token.attrs.get("href")))
            if token.type in ("image", "html_inline", "html_block"):
                active.append(token.type)
            walk(token.children or [])

    walk(md.parse(markdown))
    return hrefs, active


def test_the_checker_sees_what_it_must_refuse() -> None:
    # Without markdown_text, the hostile inputs do give images, HTML and javascript: links.
    hrefs, active = _links_and_html("\n\n".join(HOSTILE_MARKDOWN))
    assert any(h.lower().startswith("javascript:") for h in hrefs)
    assert {"image", "html_inline", "html_block"} <= set(active)


@pytest.mark.parametrize("text", HOSTILE_MARKDOWN)
def test_markdown_output_has_no_html_no_image_and_only_safe_links(text: str) -> None:
    for safe in (markdown_text(text), markdown_cell(text)):
        hrefs, active = _links_and_html(safe)
        assert active == [], safe
        assert all(h.lower().startswith(("http:", "https:", "mailto:")) for h in hrefs), safe
        assert list(find_unsafe(safe)) == []


def test_safe_markdown_stays_markdown() -> None:
    text = "Call **now**: [desk](https://helpdesk.example) or [mail](mailto:a@b.example)"
    assert markdown_text(text) == text
    hrefs, _ = _links_and_html(markdown_text(text))
    assert hrefs == ["https://helpdesk.example", "mailto:a@b.example"]
    reference = "[desk][d]\n\n[d]: https://helpdesk.example"
    assert _links_and_html(markdown_text(reference))[0] == ["https://helpdesk.example"]


def test_an_image_becomes_a_plain_link_and_text_that_only_looks_like_a_definition_stays() -> None:
    assert _links_and_html(markdown_text("![h](https://x.example/a.png)"))[0] == [
        "https://x.example/a.png"
    ]
    assert markdown_text("Guest request [P1]: acknowledged within 15m") == (
        "Guest request [P1]: acknowledged within 15m"
    )


def test_markdown_cell_is_one_line_with_pipes_escaped() -> None:
    assert markdown_cell("a | b\nc") == "a \\| b c"
