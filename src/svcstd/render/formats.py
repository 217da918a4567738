"""The output formats, one registry entry each: adding a format is adding one entry."""

from __future__ import annotations

from collections.abc import Callable

from msgspec import Struct

from svcstd.render.templating import Templates
from svcstd.render.view import Handbook


class Settings(Struct, frozen=True):
    """Per-run choices a format may honour: the PDF standard to meet (PDF/A-2b, PDF/UA-1)."""

    pdf_standard: str | None = None


class Format(Struct, frozen=True):
    """One output format: its file suffix and how to turn the view into bytes."""

    name: str
    suffix: str
    render: Callable[[Handbook, Templates, Settings], bytes]
    # For a format typeset outside Python: its Python part, which returns the rest as a job.
    # When other formats are asked for too, the job runs in a worker thread while they render
    # (Typst releases the GIL as it typesets); the Python part runs first, in the caller's
    # thread, so that Typst starts without competing with them for the GIL.
    prepare: Callable[[Handbook, Templates, Settings], Callable[[], bytes]] | None = None


def render_html(handbook: Handbook, templates: Templates, settings: Settings) -> bytes:
    """The self-contained HTML handbook."""
    return templates.env.get_template("handbook.html").render(hb=handbook, for_pdf=False).encode()


def render_pdf(handbook: Handbook, templates: Templates, settings: Settings) -> bytes:
    """The print handbook, typeset by Typst from the same view model."""
    return prepare_pdf(handbook, templates, settings)()


def prepare_pdf(
    handbook: Handbook, templates: Templates, settings: Settings
) -> Callable[[], bytes]:
    """The PDF's data and templates, ready for Typst: the job left typesets them."""
    from svcstd.render.pdf import prepare_typesetting

    return prepare_typesetting(handbook, templates, settings.pdf_standard)


def render_markdown(handbook: Handbook, templates: Templates, settings: Settings) -> bytes:
    """The Markdown handbook for wikis and Git hosting."""
    return templates.env.get_template("handbook.md").render(hb=handbook).encode()


FORMATS: dict[str, Format] = {
    "html": Format("html", ".html", render_html),
    "pdf": Format("pdf", ".pdf", render_pdf, prepare=prepare_pdf),
    "md": Format("md", ".md", render_markdown),
}
