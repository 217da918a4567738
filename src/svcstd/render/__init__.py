"""The handbook: the organisation rendered as self-contained HTML, PDF and Markdown.

Pipeline: :mod:`load` (the organisation without lint) → :mod:`view` (a view model in a
stable order, localised) → :mod:`templating` (Jinja2, autoescaped) → :mod:`formats`
(one renderer per output format) → :mod:`output` (atomic writes).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

FORMAT_NAMES = ("html", "pdf", "md")


def render_edition(
    root: Path,
    out_dir: Path,
    as_of: date,
    edition: str | None = None,
    formats: tuple[str, ...] = FORMAT_NAMES,
    since: str | None = None,
) -> list[Path]:
    """Render the handbook at ``root`` into ``out_dir`` (its PDF as PDF/A-2b).

    ``since``: the previous edition's tag, for the "what changed" chapter.
    """
    from svcstd.render.handbook import RenderRequest, render_handbook

    request = RenderRequest(
        root, list(formats), out_dir, as_of=as_of, edition=edition, pdf_standard="a-2b"
    )
    request.since = since
    return render_handbook(request)
