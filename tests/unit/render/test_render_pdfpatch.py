"""Replacing whole objects of a PDF Typst wrote keeps every cross-reference right."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pypdf
import pytest
from msgspec import structs

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


def _hand_made(
    rows: list[bytes], sections: list[tuple[int, int]], written: tuple[int, ...] = (1, 3, 4)
) -> bytes:
    """A one-page PDF whose objects 1, 3 and 4 (in the file in the order ``written``) are listed
    by ``sections`` of the xref table.

    ``rows`` are the table's rows in order, a leading ``%010d`` standing for the offset of the
    next object by number.
    """
    objects = {1: b"<</Type/Catalog/Pages 3 0 R>>", 3: b"<</Type/Pages/Kids[4 0 R]/Count 1>>",
               4: b"<</Type/Page/Parent 3 0 R/MediaBox[0 0 200 200]>>"}  # fmt: skip
    out, offsets = b"%PDF-1.7\n", {}
    for number in written:
        offsets[number] = len(out)
        out += b"%d 0 obj\n%s\nendobj\n" % (number, objects[number])
    xref, at = out, len(out)
    xref += b"xref\n"
    values = iter(offsets[number] for number in sorted(offsets))
    row = iter(rows)
    for first, count in sections:
        xref += b"%d %d\n" % (first, count)
        for _ in range(count):
            entry = next(row)
            xref += entry % next(values) if entry.startswith(b"%") else entry
    return xref + b"trailer\n<</Size 6/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % at


FREE_0 = b"0000000000 65535 f\r\n"
FREE_2 = b"0000000000 00001 f \n"  # another generation, and the other line end of two bytes
USED = b"%010d 00000 n\r\n"


@pytest.mark.parametrize(
    ("rows", "sections", "row_2"),
    [
        ([FREE_0, USED, FREE_2, USED, USED, FREE_2], [(0, 6)], FREE_2),  # free among objects
        ([FREE_0, USED, USED, USED, FREE_2], [(0, 2), (3, 3)], FREE_0),  # a number left out
    ],
)
def test_free_and_missing_rows_stay_free_where_they_were(
    rows: list[bytes], sections: list[tuple[int, int]], row_2: bytes
) -> None:
    pdf = _hand_made(rows, sections)
    doc = PdfFile.parse(pdf)
    assert doc is not None and sorted(doc.offsets) == [1, 3, 4]
    _offsets_point_at_their_objects(pdf)
    patched = doc.replaced({1: doc.body(1).replace(b"/Type/Catalog", b"/Type/Catalog/Lang(en)")})
    _offsets_point_at_their_objects(patched)
    table = patched[patched.rindex(b"xref\n0 6\n") + 9 :]
    assert [table[i * 20 : i * 20 + 20] for i in (0, 2, 5)] == [FREE_0, row_2, FREE_2]
    assert pypdf.PdfReader(io.BytesIO(patched), strict=True).trailer["/Root"]["/Lang"] == "en"


BAD_ROWS = [b"00000000x9 00000 n\r\n", b"0000000009  0000 n\r\n", b"0000000009 00000 x\r\n",
            b"+000000009 00000 n\r\n", b"0000000009 00000 n\r",
            b"0000000009 00000 n\r\r"]  # fmt: skip


@pytest.mark.parametrize("bad_row", BAD_ROWS)
def test_a_table_row_out_of_shape_refuses_the_file(bad_row: bytes) -> None:
    rows = [FREE_0, USED, FREE_2, USED, bad_row, FREE_2]
    assert PdfFile.parse(_hand_made(rows, [(0, 6)])) is None
    rows[4] = USED
    assert PdfFile.parse(_hand_made(rows, [(0, 6)])) is not None


@pytest.mark.parametrize("replace", [[1], [3], [4], [1, 4]])
def test_copying_the_rows_before_the_first_move_writes_what_writing_every_row_does(
    replace: list[int],
) -> None:
    pdf = _hand_made([FREE_0, USED, FREE_2, USED, USED, FREE_2], [(0, 6)])
    doc = PdfFile.parse(pdf)
    assert doc is not None and doc.rows is not None  # one run of rows, objects in order
    bodies = {number: doc.body(number) + b"  " for number in replace}
    every_row = structs.replace(doc, rows=None).replaced(bodies)
    assert doc.replaced(bodies) == every_row != pdf
    _offsets_point_at_their_objects(every_row)


def test_typst_tables_are_copied_up_to_the_first_move(small_pdf: bytes) -> None:
    doc = PdfFile.parse(small_pdf)
    assert doc is not None and doc.rows is not None
    last = max(doc.offsets, key=doc.offsets.__getitem__)
    bodies = {last: doc.body(last) + b" "}
    assert doc.replaced(bodies) == structs.replace(doc, rows=None).replaced(bodies)
    two_runs = _hand_made([FREE_0, USED, USED, USED], [(0, 2), (3, 2)])
    assert PdfFile.parse(two_runs).rows is None  # type: ignore[union-attr]


def test_objects_out_of_number_order_are_found_and_moved_right() -> None:
    pdf = _hand_made([FREE_0, USED, FREE_2, USED, USED, FREE_2], [(0, 6)], written=(4, 1, 3))
    doc = PdfFile.parse(pdf)
    assert doc is not None and doc.rows is None and doc.numbers == [4, 1, 3]
    _offsets_point_at_their_objects(pdf)
    assert doc.body(1) == b"<</Type/Catalog/Pages 3 0 R>>"  # ends where object 3 starts
    patched = doc.replaced({4: doc.body(4) + b"   ", 1: doc.body(1) + b" "})
    _offsets_point_at_their_objects(patched)
    assert len(pypdf.PdfReader(io.BytesIO(patched), strict=True).pages) == 1
