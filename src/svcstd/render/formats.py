"""The output formats, one registry entry each: adding a format is adding one entry."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from jinja2 import Environment

from svcstd.render.view import Handbook


@dataclass(frozen=True)
class Format:
    """One output format: its file suffix and how to turn the view into bytes."""

    name: str
    suffix: str
    render: Callable[[Handbook, Environment], bytes]


def render_html(handbook: Handbook, env: Environment) -> bytes:
    """The self-contained HTML handbook."""
    return (
        env.get_template("handbook.html").render(hb=handbook, t=handbook.t, for_pdf=False).encode()
    )


def render_pdf(handbook: Handbook, env: Environment) -> bytes:
    """The print handbook, laid out by WeasyPrint from the same HTML."""
    from svcstd.render.pdf import html_to_pdf

    html = env.get_template("handbook.html").render(hb=handbook, t=handbook.t, for_pdf=True)
    return html_to_pdf(html, handbook)


def render_markdown(handbook: Handbook, env: Environment) -> bytes:
    """The Markdown handbook for wikis and Git hosting."""
    return env.get_template("handbook.md").render(hb=handbook, t=handbook.t).encode()


FORMATS: dict[str, Format] = {
    "html": Format("html", ".html", render_html),
    "pdf": Format("pdf", ".pdf", render_pdf),
    "md": Format("md", ".md", render_markdown),
}
