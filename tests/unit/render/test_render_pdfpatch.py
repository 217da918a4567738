"""Replacing whole objects of a PDF Typst wrote keeps every cross-reference right."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pypdf
import pytest

from svcstd.render.pdfpatch import PdfFile


@pytest.fixture(scope="module")
def small_pdf(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    import typst

    root = tmp_path_factory.mktemp("typst")
    source = '#set document(title: "Patch me")\n= First\nOne\n#pagebreak()\n= Second\nTwo\n'
    Path(root, "main.typ").write_text(source, encoding="utf-8")
    pdf = typst.compile(str(root / "main.typ"), root=str(root), font_paths=[],
                        ignore_system_fonts=True, timestamp=0)  # fmt: skip
    assert isinstance(pdf, bytes)
    return pdf


def _offsets_point_at_their_objects(pdf: bytes) -> None:
    doc = PdfFile.parse(pdf)
    assert doc is not None
    for number, offset in doc.offsets.items():
        assert pdf.startswith(b"%d 0 obj" % number, offset), number


def test_a_longer_and_a_shorter_object_move_the_rest(small_pdf: bytes) -> None:
    doc = PdfFile.parse(small_pdf)
    assert doc is not None
    _offsets_point_at_their_objects(small_pdf)
    root = doc.ref(doc.trailer(), b"/Root")
    assert root is not None
    catalog = doc.body(root)
    pages = doc.ref(catalog, b"/Pages")
    assert pages is not None and len(doc.refs(doc.body(pages), b"/Kids")) == 2
    longer = catalog.replace(b"/Type/Catalog", b"/Type/Catalog/PageMode/UseOutlines", 1)
    earliest = min(doc.offsets, key=doc.offsets.__getitem__)  # shifts every other object
    shorter = doc.body(earliest) if earliest != root else catalog
    patched = doc.replaced({root: longer, earliest: shorter + b" "})
    assert patched != small_pdf and len(patched) == len(small_pdf) + 21 + 1
    _offsets_point_at_their_objects(patched)
    reader = pypdf.PdfReader(io.BytesIO(patched), strict=True)
    assert reader.trailer["/Root"]["/PageMode"] == "/UseOutlines"
    assert len(reader.pages) == 2 and reader.metadata is not None
    assert reader.metadata.title == "Patch me"
    assert "Second" in reader.pages[1].extract_text()


def test_nothing_to_replace_gives_the_same_bytes(small_pdf: bytes) -> None:
    doc = PdfFile.parse(small_pdf)
    assert doc is not None and doc.replaced({}) == small_pdf
    number = next(iter(doc.offsets))
    assert re.sub(rb"\s", b"", doc.replaced({number: doc.body(number)})) == re.sub(
        rb"\s", b"", small_pdf
    )


def test_layouts_it_does_not_know_are_refused() -> None:
    assert PdfFile.parse(b"not a pdf") is None
    xref_stream = b"%PDF-1.7\n1 0 obj\n<</Type/XRef>>\nendobj\nstartxref\n9\n%%EOF\n"
    assert PdfFile.parse(xref_stream) is None
