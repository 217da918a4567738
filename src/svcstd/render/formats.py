"""The output formats, one registry entry each: adding a format is adding one entry."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from svcstd.render.templating import Templates
from svcstd.render.view import Handbook


@dataclass(frozen=True)
class Settings:
    """Per-run choices a format may honour: the PDF standard to meet (PDF/A-2b, PDF/UA-1)."""

    pdf_standard: str | None = None


@dataclass(frozen=True)
class Format:
    """One output format: its file suffix and how to turn the view into bytes."""

    name: str
    suffix: str
    render: Callable[[Handbook, Templates, Settings], bytes]
    # Rendered in a worker thread while the other formats render: Typst releases the GIL while
    # it typesets, so the HTML and Markdown cost no extra time beside the PDF.
    threaded: bool = False


def render_html(handbook: Handbook, templates: Templates, settings: Settings) -> bytes:
    """The self-contained HTML handbook."""
    return templates.env.get_template("handbook.html").render(hb=handbook, for_pdf=False).encode()


def render_pdf(handbook: Handbook, templates: Templates, settings: Settings) -> bytes:
    """The print handbook, typeset by Typst from the same view model."""
    from svcstd.render.pdf import handbook_pdf

    return handbook_pdf(handbook, templates, settings.pdf_standard)


def render_markdown(handbook: Handbook, templates: Templates, settings: Settings) -> bytes:
    """The Markdown handbook for wikis and Git hosting."""
    return templates.env.get_template("handbook.md").render(hb=handbook).encode()


FORMATS: dict[str, Format] = {
    "html": Format("html", ".html", render_html),
    "pdf": Format("pdf", ".pdf", render_pdf, threaded=True),
    "md": Format("md", ".md", render_markdown),
}
