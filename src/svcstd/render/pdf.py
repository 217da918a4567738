"""The PDF: the handbook's view model as JSON, typeset by Typst from a template shipped with svcstd.

Author text only ever reaches Typst as data (``sys.inputs``), never as markup, so a title such
as ``#read("/etc/passwd")`` is printed, not run. The compile root is a fresh private folder that
holds the template alone (with the Typst files it imports, ``MODULES``, shipped beside it), and
only the fonts inside the typst wheel are used, so the same input gives the same bytes on any
machine.
"""

from __future__ import annotations

import dataclasses
import json
import re
import tempfile
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from svcstd.errors import UsageError
from svcstd.render.mdtree import block_tree, inline_tree, may_be_markdown

if TYPE_CHECKING:
    from jinja2 import Environment
    from typst import PDFStandard

    from svcstd.render.view import Handbook

TEMPLATE = "handbook.typ"
# Typst files the template imports, copied into the compile root beside it (an override
# folder's own copy first, as for the template).
MODULES = ("measured.typ", "dependency-graph.typ")
# The archival and accessibility profiles Typst can check a handbook against.
PDF_STANDARDS = {"a-2b": "PDF/A-2b (archiving)", "ua-1": "PDF/UA-1 (accessibility)"}
_SVG_WIDTH = re.compile(r'style="width:([0-9.]+)mm[;"]')
# Keys whose strings are never Markdown: labels, the search index, charts and drawings.
_SKIP = frozenset({"t", "search", "charts", "chart", "svg"})


def handbook_pdf(handbook: Handbook, env: Environment, standard: str | None = None) -> bytes:
    """Typeset the handbook with the Typst template (an override folder's one first)."""
    source, filename = _template_source(env)
    modules = {name: _template_source(env, name)[0] for name in MODULES}
    when = date.fromisoformat(handbook.date_iso)
    pdf = compile_typst(source, handbook_data(handbook), when, standard,
                        overridden=not _is_builtin(filename), modules=modules)  # fmt: skip
    return open_bookmarks(internal_links(pdf))


def handbook_data(handbook: Handbook) -> dict[str, Any]:
    """The view model as plain JSON data, with each Markdown text parsed into a tree beside it."""
    data: dict[str, Any] = json.loads(json.dumps(_plain(handbook), default=_json_default))
    data["charts"] = [chart_data(svg) for svg in handbook.charts]
    for team, source in zip(data["teams"], handbook.teams, strict=True):
        team["chart"] = [chart_data(svg) for svg in source["chart"]]
    texts = sorted({s for s in _strings(data) if may_be_markdown(s)})
    data["md"] = {"block": {s: block_tree(s) for s in texts},
                  "inline": {s: inline_tree(s) for s in texts}}  # fmt: skip
    return data


def chart_data(svg: str) -> dict[str, Any]:
    """An SVG chart and the printed width (mm) it was drawn for."""
    match = _SVG_WIDTH.search(svg)
    return {"svg": str(svg), "width": float(match[1]) if match else 170.0}


def compile_typst(
    source: str,
    data: dict[str, Any],
    when: date,
    standard: str | None,
    overridden: bool = False,
    modules: dict[str, str] | None = None,
) -> bytes:
    """Compile ``source`` with ``data`` in a private root; Typst errors name the template.

    ``modules`` (file name -> text) are the Typst files the template imports, written beside it.
    """
    import typst

    with tempfile.TemporaryDirectory(prefix="svcstd-pdf-") as root:
        main = Path(root, TEMPLATE)
        main.write_text(source, encoding="utf-8")
        for name, text in (modules or {}).items():
            Path(root, name).write_text(text, encoding="utf-8")
        try:
            pdf, _warnings = typst.compile_with_warnings(
                str(main),
                root=root,
                sys_inputs={"handbook": json.dumps(data, ensure_ascii=False)},
                font_paths=[],
                ignore_system_fonts=True,  # the wheel's own fonts: the same bytes everywhere
                timestamp=int(datetime(when.year, when.month, when.day, tzinfo=UTC).timestamp()),
                pdf_standards=[cast("PDFStandard", standard)] if standard else [],
            )
        except typst.TypstError as exc:
            if not overridden:
                raise  # the built-in template failing is a bug in svcstd
            raise UsageError(
                f"the Typst template {TEMPLATE} in --templates failed: {exc.message}",
                "fix the template, or remove it to use the built-in one",
            ) from None
    assert isinstance(pdf, bytes)
    return pdf


# The template writes a link to a section as a URL with this scheme (see goto() there).
ANCHOR_SCHEME = b"svcstd-anchor:"
_ANCHOR_ACTION = re.compile(rb"/S/URI/URI\(svcstd-anchor:([A-Za-z0-9_-]+)\)")
_ANCHOR_CONTENTS = re.compile(rb"/Contents\(svcstd-anchor:([A-Za-z0-9_-]+)\)")


def internal_links(pdf: bytes) -> bytes:
    """Turn the template's placeholder URLs into jumps to the named destinations of labels.

    Each replacement is padded with spaces to the original length, so no object moves and the
    cross-reference table stays right. Typst writes annotations as plain objects.
    """

    def action(match: re.Match[bytes]) -> bytes:
        return _padded(b"/S/GoTo/D(" + match[1] + b")", len(match[0]))

    def contents(match: re.Match[bytes]) -> bytes:
        return _padded(b"/Contents(" + match[1] + b")", len(match[0]))

    return _ANCHOR_CONTENTS.sub(contents, _ANCHOR_ACTION.sub(action, pdf))


def _padded(text: bytes, length: int) -> bytes:
    return text + b" " * (length - len(text))


_STARTXREF = re.compile(rb"startxref\s+(\d+)\s+%%EOF\s*$")


def open_bookmarks(pdf: bytes) -> bytes:
    """Ask viewers to open the bookmarks panel (/PageMode /UseOutlines).

    Typst writes the catalog as the last object, right before the cross-reference table, so
    inserting the key shifts only ``startxref``; any other layout is returned unchanged.
    """
    catalog, end = pdf.rfind(b"/Type/Catalog"), _STARTXREF.search(pdf)
    xref = pdf.rfind(b"\nxref\n")
    if catalog < 0 or end is None or b"endobj" not in pdf[catalog:xref] or b"/PageMode" in pdf:
        return pdf
    if pdf.find(b" obj", catalog, xref) >= 0:  # another object between catalog and xref
        return pdf
    insert = b"/PageMode/UseOutlines"
    at = catalog + len(b"/Type/Catalog")
    patched = pdf[:at] + insert + pdf[at : end.start(1)]
    return patched + str(int(end[1]) + len(insert)).encode() + pdf[end.end(1) :]


def _template_source(env: Environment, name: str = TEMPLATE) -> tuple[str, str]:
    assert env.loader is not None
    source, filename, _ = env.loader.get_source(env, name)
    return source, filename or ""


def _is_builtin(filename: str) -> bool:
    from svcstd.render.templating import builtin_templates

    return Path(filename).resolve().parent == builtin_templates().resolve()


def _plain(handbook: Handbook) -> dict[str, Any]:
    data = {f.name: getattr(handbook, f.name) for f in dataclasses.fields(handbook)}
    data.pop("search")  # the HTML search index; print has the topic directory instead
    commit = handbook.commit
    data["commit"] = None if commit is None else {"sha": commit.sha, "short": commit.short}
    return data


def _json_default(value: object) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"the PDF data cannot hold a {type(value).__name__}")


def _strings(value: Any, key: str = "") -> list[str]:
    """Every string in the data, except labels and charts."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() if k not in _SKIP for s in _strings(v, k)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v, key)]
    return []
