"""Markdown in text fields: formatting kept, raw HTML, images and unsafe links made inert."""

from __future__ import annotations

import pytest

from svcstd.render.templating import css_string, markdown_cell, markdown_text, safe_href
from svcstd.render.text import markdown_block, markdown_inline


def test_formatting_and_safe_links_are_kept() -> None:
    html = markdown_block("*Fast* answers, see [the portal](https://hr.example/x?a=1&b=2).")
    assert "<em>Fast</em>" in html
    assert '<a href="https://hr.example/x?a=1&amp;b=2">the portal</a>' in html
    assert '<a href="mailto:hr@example.org">' in markdown_inline("[mail](mailto:hr@example.org)")


@pytest.mark.parametrize(
    "link",
    ["javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)", "data:text/html,x",
     "file:///etc/passwd", "vbscript:x", "relative/page.html", "//evil.example/x"],
)  # fmt: skip
def test_unsafe_links_are_not_links(link: str) -> None:
    html = markdown_inline(f"[click]({link})")
    assert "<a " not in html
    assert "href" not in html


def test_raw_html_is_text() -> None:
    html = markdown_block('<script>alert(1)</script><img src="http://127.0.0.1/x.png">')
    assert "<script" not in html and "<img" not in html
    assert "&lt;script&gt;" in html


def test_images_become_their_alt_text() -> None:
    html = markdown_inline("![the logo](http://127.0.0.1:9/logo.png)")
    assert html == "the logo"
    # A file: image is not even parsed as one (the link fails validation): it stays text.
    html = markdown_inline("![x](file:///etc/passwd)")
    assert "<img" not in html and "src=" not in html and "href=" not in html


def test_markdown_output_neutralises_html_and_unsafe_links() -> None:
    text = markdown_text("<b>x</b> [a](javascript:alert(1)) [b](https://ok.example) F&B &amp;")
    assert "<b>" not in text and "&lt;b&gt;" in text
    assert "](javascript:" not in text
    assert "[b](https://ok.example)" in text
    assert "F&B" in text and "&amp;amp;" in text
    assert markdown_cell("a | b\nc") == "a \\| b c"


def test_css_strings_cannot_close_the_rule_or_the_style_element() -> None:
    escaped = css_string('x"; } @import url(http://e/x.css); </style><script>')
    assert '"' not in escaped.replace('\\"', "")
    assert "</style" not in escaped and "<" not in escaped


@pytest.mark.parametrize(
    ("address", "href"),
    [("https://helpdesk.example", "https://helpdesk.example"),
     ("hr@hotel.example", "mailto:hr@hotel.example"), ("ext. 2100", None),
     ("javascript:alert(1)", None), ("file:///etc/passwd", None)],
)  # fmt: skip
def test_channel_addresses_link_only_to_web_and_mail(address: str, href: str | None) -> None:
    assert safe_href(address) == href
