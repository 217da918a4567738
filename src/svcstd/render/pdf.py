"""The PDF: the handbook's view model as JSON, typeset by Typst from a template shipped with svcstd.

Author text only ever reaches Typst as data (``sys.inputs``), never as markup, so a title such
as ``#read("/etc/passwd")`` is printed, not run. The compile root is a fresh private folder that
holds the Typst template files alone (handbook.typ and the files it imports), and
only the fonts inside the typst wheel are used, so the same input gives the same bytes on any
machine.
"""

from __future__ import annotations

import html
import json
import re
import tempfile
from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime
from operator import attrgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import msgspec.json
from msgspec import Struct

from svcstd.errors import UsageError
from svcstd.render.mdtree import (
    block_tree,
    inline_tree,
    may_be_inline_markdown,
    may_be_markdown,
)
from svcstd.render.pdfpatch import PdfFile

if TYPE_CHECKING:
    from typst import PDFStandard

    from svcstd.render.templating import Templates
    from svcstd.render.view import Handbook

TEMPLATE = "handbook.typ"
# The archival and accessibility profiles Typst can check a handbook against.
PDF_STANDARDS = {"a-2b": "PDF/A-2b (archiving)", "ua-1": "PDF/UA-1 (accessibility)"}
_SVG_WIDTH = re.compile(r'style="width:([0-9.]+)mm[;"]')
_SVG_VIEW = re.compile(r'viewBox="([-0-9.]+) ([-0-9.]+) ([0-9.]+) ([0-9.]+)"')
_SVG_BOX = re.compile(r'<a href="#([^"]+)"><rect class="[^"]*" x="([-0-9.]+)" y="([-0-9.]+)" '
                      r'width="([0-9.]+)" height="([0-9.]+)"')  # fmt: skip
# Keys whose strings are never Markdown: labels, the search index, charts and drawings.
_SKIP = frozenset({"t", "search", "charts", "chart", "svg"})


def prepare_typesetting(
    handbook: Handbook, templates: Templates, standard: str | None = None
) -> Callable[[], bytes]:
    """Everything Python does before Typst: the templates and the data, as JSON text.

    Returns the job that typesets them and finishes the PDF. The data itself is dropped here:
    only its JSON text, the link titles and the page word go on to the job, so the view model's
    copy as JSON data is free before Typst needs its memory.
    """
    sources, overridden = templates.typst_sources()
    data = handbook_data(handbook)
    text = data_text(data)
    titles, page_word = anchor_titles(data), data["t"]["page"]
    when = date.fromisoformat(handbook.date_iso)
    del data

    def typeset() -> bytes:
        pdf = compile_typst(sources, text, when, standard, overridden=overridden)
        return finish_pdf(pdf, titles, page_word)

    return typeset


def data_text(data: dict[str, Any]) -> str:
    """The data as the JSON text Typst reads: compact (no spaces after separators), UTF-8.

    msgspec's encoder, in C, writes the same text as ``json.dumps(data, ensure_ascii=False,
    separators=(",", ":"))`` in about a third of the time (5 ms against 12 for the example).
    """
    return _ENCODER.encode(data).decode()


def _plain_text(value: Any) -> str:
    """A text of a str subclass (svcstd.text.Shown: words with their language) as plain text.

    msgspec encodes only exact strings by itself and asks this hook about anything else.
    """
    if isinstance(value, str):
        return str(value)
    raise TypeError(f"the PDF data cannot hold a {type(value).__name__}")


_ENCODER = msgspec.json.Encoder(enc_hook=_plain_text)


def handbook_data(handbook: Handbook) -> dict[str, Any]:
    """The view model as plain JSON data, with each Markdown text parsed into a tree beside it."""
    texts: set[str] = set()  # every string outside labels and charts, gathered in the same pass
    data: dict[str, Any] = _plain(handbook, texts)
    data["charts"] = [chart_data(svg) for svg in handbook.charts]
    for team, source in zip(data["teams"], handbook.teams, strict=True):
        team["chart"] = [chart_data(svg) for svg in source["chart"]]
    graph = data.get("dependencies", {}).get("graph")
    if graph:  # drawn at its own width, with its boxes linked like the org chart's
        data["dependencies"]["graph"] = chart_data(graph["svg"]) | {"width": graph["width"]}
        _jsonable(data["dependencies"]["graph"], texts)  # its boxes' anchors, as before
    data["md"] = markdown_trees(data, texts)
    return data


# The fields the template draws as block Markdown (its md()): a team's mission, a standard's
# summary, an SOP's purpose. It draws every other text inline (mdi()).
_BLOCK_FIELDS = (("teams", "mission"), ("standards", "summary"), ("sops", "purpose"))


def markdown_trees(data: dict[str, Any], texts: set[str]) -> dict[str, dict[str, list[Any]]]:
    """Each text that may hold Markdown, parsed: the block fields' as blocks, all texts inline.

    A text left out reads the same as Markdown and as plain text, and the template draws it as
    it is. So a list-like label ("1. Check the order…") is not parsed at all, and a handbook
    whose texts hold no Markdown does not even import the parser.
    """
    fields = {item.get(key) for part, key in _BLOCK_FIELDS for item in data.get(part, ())}
    blocks = sorted(s for s in fields if isinstance(s, str) and may_be_markdown(s))
    inline = sorted(s for s in texts if may_be_inline_markdown(s))
    return {"block": {s: block_tree(s) for s in blocks},
            "inline": {s: inline_tree(s) for s in inline}}  # fmt: skip


def chart_data(svg: str) -> dict[str, Any]:
    """An SVG chart, the printed width (mm) it was drawn for, and where its linked boxes are.

    An image in a PDF cannot hold links, so the template lays a link over each box: its anchor
    and its place in the SVG's own units, counted from the view box's corner (``view``).
    """
    width, view = _SVG_WIDTH.search(svg), _SVG_VIEW.search(svg)
    x0, y0, w, h = (float(v) for v in view.groups()) if view else (0.0, 0.0, 0.0, 0.0)
    found = _SVG_BOX.finditer(svg) if w else iter(())
    boxes = [{"anchor": html.unescape(b[1]), "x": float(b[2]) - x0, "y": float(b[3]) - y0,
              "w": float(b[4]), "h": float(b[5])} for b in found]  # fmt: skip
    return {"svg": str(svg), "width": float(width[1]) if width else 170.0,
            "view": [w, h], "boxes": boxes}  # fmt: skip


def compile_typst(
    sources: dict[str, str],
    data: str,
    when: date,
    standard: str | None,
    overridden: bool = False,
) -> bytes:
    """Compile the template files (name → text) with ``data`` (JSON text) in a private root.

    Typst errors in an overriding template are the user's (exit 2); in the built-in ones, a bug.
    """
    import typst

    pin_mmap_threshold()
    with tempfile.TemporaryDirectory(prefix="svcstd-pdf-") as root:
        for name, text in sources.items():
            Path(root, name).parent.mkdir(parents=True, exist_ok=True)
            Path(root, name).write_text(text, encoding="utf-8")
        main = Path(root, TEMPLATE)
        try:
            pdf, _warnings = typst.compile_with_warnings(
                str(main),
                root=root,
                sys_inputs={"handbook": data},
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


# glibc's mallopt() parameter for the size from which malloc maps a block of its own
# (M_MMAP_THRESHOLD in malloc.h), and the size it is pinned at for Typst.
_M_MMAP_THRESHOLD = -3
MMAP_THRESHOLD = 256 * 1024


def pin_mmap_threshold() -> bool:
    """Keep blocks of 256 KB and more out of the C heap for the rest of the process (glibc).

    Typst allocates its layout through the C allocator. glibc raises the size from which it
    maps a block of its own each time such a block is freed (up to 32 MB), and larger blocks
    then come from the heap, where what is freed stays: the peak of a PDF render of the example
    varied from 220 to 251 MB with the order Typst's threads freed them in. Pinned (which also
    stops the raising), such blocks go back to the system when freed: 213 MB in every one of
    eleven renders, in the same time. Where the C library has no mallopt (not glibc), or it
    refuses, nothing changes and the result is False.
    """
    import ctypes  # 7 ms to import: the PDF alone needs it

    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):
        return False
    return bool(mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD))


# The template writes a link to a section as a URL with this scheme (see goto() there): a link
# to a label would make Typst lay out every page holding one a second time. The lazy [^>]*?
# finds the one /URI the action holds from its start, not by backing up from its end.
_PLACEHOLDER = re.compile(rb"/A\s*<<[^>]*?/URI\s*\(svcstd-anchor:([A-Za-z0-9_-]+)\)\s*>>")
# A text string in parentheses (escapes allowed) or in hex. The possessive run keeps the search
# linear: it is tried at every "/Contents" of some thousand link annotations.
_CONTENTS = re.compile(rb"/Contents\s*(?:\((?:[^()\\]++|\\.)*+\)|<[0-9A-Fa-f]*>)")
_NAMED = re.compile(rb"\(([A-Za-z0-9_-]+)\)\s*(\d+) 0 R")
# poppler reports any /Suspects other than true as "wrong type"; false is the default anyway.
_SUSPECTS_FALSE = re.compile(rb"/Suspects\s*false")


def finish_pdf(pdf: bytes, titles: dict[str, str], page_word: str) -> bytes:
    """Make the template's placeholder links real jumps, described as Typst describes its own.

    Each placeholder annotation becomes a ``/Dest`` to the named destination Typst makes for the
    label, with ``/Contents`` naming the target and its page ("“Human Resources” page 12"), which
    is what a screen reader announces. The catalog opens the bookmarks panel. A PDF whose layout
    is not the one Typst writes (a custom template's, say) is returned unchanged.
    """
    doc = PdfFile.parse(pdf)
    root = None if doc is None else doc.ref(doc.trailer(), b"/Root")
    if doc is None or root is None:
        return pdf
    catalog = doc.body(root)
    pages = _page_numbers(doc, doc.ref(catalog, b"/Pages"))
    named = _NAMED.findall(catalog[catalog.find(b"/Dests") :])
    where = {name: _dest_page(doc, int(ref), pages) for name, ref in named}
    described = _Descriptions(where, titles, page_word)
    bodies = {root: _fixed_catalog(catalog)}
    for page in pages:
        for annot in doc.refs(doc.body(page), b"/Annots"):
            body = doc.body(annot)
            jump = _jump(body, described)
            if jump != body:
                bodies[annot] = jump
    return doc.replaced(bodies)


def _fixed_catalog(catalog: bytes) -> bytes:
    """The catalog without what poppler misreads, asking viewers to open the bookmarks panel."""
    catalog = _SUSPECTS_FALSE.sub(b"", catalog, count=1)
    if b"/PageMode" not in catalog:
        catalog = catalog.replace(b"/Type/Catalog", b"/Type/Catalog/PageMode/UseOutlines", 1)
    return catalog


def _page_numbers(doc: PdfFile, node: int | None) -> dict[int, int]:
    """Page object number → page number (from 1), walking the page tree in order."""
    pages: dict[int, int] = {}
    stack = [] if node is None else [node]
    while stack:
        number = stack.pop()
        body = doc.body(number)
        if re.search(rb"/Type\s*/Pages", body):
            stack.extend(reversed(doc.refs(body, b"/Kids")))
        else:
            pages[number] = len(pages) + 1
    return pages


def _dest_page(doc: PdfFile, dest: int, pages: dict[int, int]) -> int:
    """The page a named destination ([page 0 R /XYZ x y z]) points at; 0 when unknown."""
    match = re.match(rb"\[\s*(\d+) 0 R", doc.body(dest))
    return pages.get(int(match[1]), 0) if match else 0


def _jump(body: bytes, described: _Descriptions) -> bytes:
    """An annotation's text with its placeholder link made a jump and described; else as it was."""
    match = _PLACEHOLDER.search(body)
    if match is None:
        return body
    anchor = match[1]
    body = b"".join((body[: match.start()], b"/Dest(", anchor, b")", body[match.end() :]))
    old = _CONTENTS.search(body)
    if old is None:  # no description yet: add one before the closing ">>"
        return body[:-2] + described[anchor] + body[-2:]
    return b"".join((body[: old.start()], described[anchor], body[old.end() :]))


class _Descriptions(dict[bytes, bytes]):
    """Each anchor's ``/Contents`` entry, made when first asked for: a section has many links."""

    def __init__(self, where: dict[bytes, int], titles: dict[str, str], page_word: str) -> None:
        super().__init__()
        self.where, self.titles, self.page_word = where, titles, page_word

    def __missing__(self, anchor: bytes) -> bytes:
        name = anchor.decode()
        text = f"\u201c{self.titles.get(name, name)}\u201d"
        if self.where.get(anchor):
            text += f" {self.page_word} {self.where[anchor]}"
        entry = b"/Contents<FEFF" + text.encode("utf-16-be").hex().upper().encode() + b">"
        self[anchor] = entry
        return entry


def anchor_titles(data: dict[str, Any]) -> dict[str, str]:
    """What each section a link can point at is called, for the links' descriptions."""
    t = data["t"]
    titles = {anchor: t[key] for anchor, key in _CHAPTERS.items() if key in t}
    for team in data["teams"]:
        titles[team["link"]["anchor"]] = team["link"]["label"]
        titles.update((r["link"]["anchor"], r["link"]["label"]) for r in team["roles"])
    for s in data["standards"]:
        titles[s["link"]["anchor"]] = f"{s['number']}. {s['link']['label']}"
    titles.update((p["link"]["anchor"], p["link"]["label"]) for p in data["sops"])
    titles.update((f"topics-{letter}", letter) for letter, _ in data["topics"])
    return titles


_CHAPTERS = {"how-to-use": "how_to_use", "changes": "changes", "org-chart": "org_chart",
             "service-map": "service_map", "feedback-matrix": "feedback_matrix",
             "teams": "teams", "standards": "standards",
             "sops": "sops", "topics": "topic_directory", "glossary": "glossary"}  # fmt: skip


def _plain(handbook: Handbook, texts: set[str]) -> dict[str, Any]:
    fields = {name: getattr(handbook, name) for name in handbook.__struct_fields__}
    fields.pop("search")  # the HTML search index; print has the topic directory instead
    commit = handbook.commit
    fields["commit"] = None if commit is None else {"sha": commit.sha, "short": commit.short}
    data: dict[str, Any] = _jsonable(fields, texts)
    return data


def _jsonable(value: Any, texts: set[str] | None) -> Any:
    """The view model as JSON data, made in one pass: it is serialised once, by compile_typst.

    Structs become dicts field by field (msgspec.to_builtins would need a second walk to
    find the strings), tuples lists and dates ISO text; anything else is a bug in the view
    model. Every string met is added to ``texts``, except under the keys in _SKIP (labels,
    search, charts), whose strings are never Markdown. This visits some twenty thousand values
    for the example organisation, most of them strings and numbers inside a mapping or a list:
    those are handled in the containers' loops (_pairs, _items) without a call each, and a
    mapping or a list inside one goes straight to the loop for it.
    """
    if isinstance(value, str):
        if texts is not None:
            texts.add(value)
        return value
    if value is None or isinstance(value, _NUMBERS):
        return value
    if isinstance(value, dict):
        return _pairs(value.items(), texts)
    if isinstance(value, _SEQUENCES):
        return _items(value, texts)
    fields = _FIELDS[type(value)]
    if fields is not None:
        return _pairs(fields(value), texts)
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"the PDF data cannot hold a {type(value).__name__}")


# Built once: ``isinstance(v, bool | int | float)`` would build the union at every value.
_NUMBERS = (bool, int, float)
_SEQUENCES = (list, tuple)


def _pairs(pairs: Iterable[tuple[Any, Any]], texts: set[str] | None) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        inner = None if key in _SKIP else texts  # no Markdown under labels and charts
        if isinstance(value, str):
            if inner is not None:
                inner.add(value)
        elif isinstance(value, dict):
            value = _pairs(value.items(), inner)
        elif isinstance(value, list):
            value = _items(value, inner)
        elif not (value is None or isinstance(value, _NUMBERS)):
            value = _jsonable(value, inner)
        out[key if isinstance(key, str) else json.dumps(key)] = value
    return out


def _items(values: Iterable[Any], texts: set[str] | None) -> list[Any]:
    out: list[Any] = []
    for value in values:
        if isinstance(value, str):
            if texts is not None:
                texts.add(value)
        elif isinstance(value, dict):
            value = _pairs(value.items(), texts)
        elif isinstance(value, list):
            value = _items(value, texts)
        elif not (value is None or isinstance(value, _NUMBERS)):
            value = _jsonable(value, texts)
        out.append(value)
    return out


FieldReader = Callable[[Any], Iterable[tuple[str, Any]]]


class _FieldReaders(dict[type, FieldReader | None]):
    """Per class, what reads a Struct's fields as (name, value) pairs in order; None for
    other types."""

    def __missing__(self, kind: type) -> FieldReader | None:
        self[kind] = reader = _field_reader(kind) if issubclass(kind, Struct) else None
        return reader


def _field_reader(kind: type[Struct]) -> FieldReader:
    names = kind.__struct_fields__
    if len(names) < 2:  # attrgetter gives a tuple for two names or more
        return lambda value: [(name, getattr(value, name)) for name in names]
    get = attrgetter(*names)  # every field in one C call
    return lambda value: zip(names, get(value), strict=True)


_FIELDS = _FieldReaders()
