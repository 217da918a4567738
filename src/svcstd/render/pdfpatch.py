"""Exact edits to a PDF with a classic cross-reference table: whole objects swapped for new ones.

Typst writes every object uncompressed in the file body and indexes them with one ``xref`` table,
so replacing an object is: write its new text, move the objects after it, and rebuild the table
and ``startxref`` from the new offsets. Nothing else in the file changes, which keeps the output
byte-for-byte deterministic and much cheaper than a rewrite by a general PDF library.

The table of a handbook has some fourteen thousand rows, so it is read and written with whole-list
operations (columns checked at once, a split, one ``%`` over a template of the rows that change)
rather than a Python step per row, and the rows before the first object that moves are copied:
that was most of what finishing a PDF cost.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from itertools import accumulate
from operator import add

from msgspec import Struct

_STARTXREF = re.compile(rb"startxref\s+(\d+)\s+%%EOF\s*$")
_SUBSECTION = re.compile(rb"(\d+) (\d+)[ \t]*\r?\n")
_REF = re.compile(rb"(\d+) 0 R")
_ENTRY = 20  # an xref entry: 10-digit offset, space, 5-digit generation, space, n/f, EOL
_IN_USE = b"%010d 00000 n\r\n"  # how an object's row is written back
_FREE = b"0000000000 65535 f\r\n"  # a number the table does not list, written back as free


class PdfFile(Struct, frozen=True):
    """A PDF's bytes with the byte offset of each object the cross-reference table lists."""

    data: bytes
    offsets: dict[int, int]
    free: dict[int, bytes]  # free entries, kept as they were
    xref_at: int
    starts: list[int]  # the offsets in file order, to find where each object ends
    numbers: list[int]  # the object numbers in the same order
    # The table's rows as this module writes them, when they run from object 0 in file order
    # (as Typst's do): the rows before the first object that moves are then copied, not made.
    rows: bytes | None = None

    @classmethod
    def parse(cls, pdf: bytes) -> PdfFile | None:
        """Read the xref table; None for a layout this module does not edit (xref streams...)."""
        end = _STARTXREF.search(pdf[-64:])
        if end is None:
            return None
        xref_at = int(end[1])
        if pdf[xref_at : xref_at + 4] != b"xref":
            return None
        offsets: dict[int, int] = {}
        free: dict[int, bytes] = {}
        tables, at = [], xref_at + 4
        while at < len(pdf) and pdf[at : at + 1] in b"\r\n":
            at += 1
        while (section := _SUBSECTION.match(pdf, at)) is not None:
            first, count = int(section[1]), int(section[2])
            at = section.end() + count * _ENTRY
            tables.append((first, pdf[section.end() : at]))
            if not _read_rows(tables[-1][1], first, offsets, free):
                return None
        if not offsets:
            return None
        order, starts = _file_order(offsets)
        rows = tables[0][1] if len(tables) == 1 and tables[0][0] == 0 else None
        # Every object's row as _IN_USE writes it (" 00000 n\r\n" can only end a row), and the
        # objects in number order (offsets was filled in number order).
        if rows is None or rows.count(_IN_USE[5:]) != len(offsets) or order != list(offsets):
            rows = None
        return cls(pdf, offsets, free, xref_at, starts, order, rows)

    def body(self, number: int) -> bytes:
        """The text between ``N 0 obj`` and ``endobj`` (meant for dictionaries, not streams)."""
        start = self.offsets[number]
        end = self._end(number)
        head = self.data.index(b"obj", start, end) + 3
        return self.data[head : self.data.rindex(b"endobj", head, end)].strip()

    def trailer(self) -> bytes:
        """The trailer dictionary's text."""
        at = self.data.index(b"trailer", self.xref_at)
        return self.data[at + len(b"trailer") : self.data.index(b"startxref", at)].strip()

    def ref(self, body: bytes, key: bytes) -> int | None:
        """The object number an indirect reference ``/Key N 0 R`` in ``body`` points at."""
        match = re.search(re.escape(key) + rb"\s*(\d+) 0 R", body)
        return int(match[1]) if match else None

    def refs(self, body: bytes, key: bytes) -> list[int]:
        """The object numbers in an array of references, ``/Key[N 0 R M 0 R]``."""
        match = re.search(re.escape(key) + rb"\s*\[([^\]]*)\]", body)
        return [int(n) for n in _REF.findall(match[1])] if match else []

    def replaced(self, bodies: dict[int, bytes]) -> bytes:
        """The file with the given objects' bodies replaced and the xref table rebuilt.

        The bytes between replaced objects are copied as they are, and every other object's
        offset moves by what the replaced objects before it grew or shrank.
        """
        if not bodies:
            return self.data
        growth = [0] * (len(self.starts) + 1)  # at file-order index i: what object i-1 grew
        data = memoryview(self.data)  # the unchanged stretches are joined without a copy each
        chunks: list[bytes | memoryview] = []
        at = 0
        changed = sorted(bodies, key=self.offsets.__getitem__)
        for number in changed:
            start, end = self.offsets[number], self._end(number)
            chunk = b"%d 0 obj\n%s\nendobj\n" % (number, bodies[number])
            chunks += [data[at:start], chunk]
            growth[bisect.bisect_right(self.starts, start)] = len(chunk) - (end - start)
            at = end
        chunks.append(data[at : self.xref_at])
        moved = list(map(add, self.starts, accumulate(growth)))  # as long as starts
        first = bisect.bisect_right(self.starts, self.offsets[changed[0]])  # the first to move
        chunks.append(self._xref(moved, first, sum(map(len, chunks))))
        return b"".join(chunks)

    def _end(self, number: int) -> int:
        """Where the object ends: the next object's start, or the xref table."""
        after = bisect.bisect_right(self.starts, self.offsets[number])
        return self.starts[after] if after < len(self.starts) else self.xref_at

    def _unused(self, size: int) -> Iterable[int]:
        """The numbers below ``size`` no object has: the free rows, and any the table skips."""
        if len(self.offsets) + len(self.free) == size:
            return self.free.keys()
        return set(range(size)).difference(self.offsets)

    def _xref(self, moved: list[int], first: int, at: int) -> bytes:
        """The table, trailer and ``startxref`` for objects now at ``moved`` (in file order, the
        ones before ``first`` where they were), with the table at ``at``."""
        size = max([*self.offsets, *self.free]) + 1
        tail = self.data[self.data.rindex(b"%%EOF") :]  # with the line end it had, if any
        trailer = b"trailer\n" + self.trailer() + b"\nstartxref\n%d\n" % at + tail
        return b"xref\n0 %d\n" % size + self._table(moved, first, size) + trailer

    def _table(self, moved: list[int], first: int, size: int) -> bytes:
        """The rows, the changed ones written by one ``%`` over a template: an object's row takes
        its offset, a free row is copied (its ``%`` doubled, though a valid row has none)."""
        if self.rows is None:  # no rows to copy: every one is written
            by_number = dict(zip(self.numbers, moved, strict=True))
            start, values = 0, [by_number[number] for number in sorted(by_number)]
        else:  # objects in number order: the rows before the first that moved stay as they are
            start = self.numbers[first] if first < len(moved) else size
            values = moved[first:]
        template = [_IN_USE] * (size - start)
        for number in self._unused(size):
            if number >= start:
                template[number - start] = self.free.get(number, _FREE).replace(b"%", b"%%")
        return (self.rows or b"")[: start * _ENTRY] + b"".join(template) % tuple(values)


def _read_rows(table: bytes, first: int, offsets: dict[int, int], free: dict[int, bytes]) -> bool:
    """Add one subsection's rows (numbers from ``first``) to ``offsets`` and ``free``.

    False when a row is not the 20 bytes ``oooooooooo ggggg n`` + end of line the format asks for.
    """
    if not _well_formed(table):
        return False
    fields, count = table.split(), len(table) // _ENTRY
    offsets.update(zip(range(first, first + count), map(int, fields[0::3]), strict=True))
    kinds, at = fields[2::3], -1
    for _ in range(kinds.count(b"f")):  # a few free rows: found by search, not a look at each
        at = kinds.index(b"f", at + 1)
        del offsets[first + at]
        free[first + at] = table[at * _ENTRY : (at + 1) * _ENTRY]
    return True


def _well_formed(table: bytes) -> bool:
    """Whether every row is ``oooooooooo ggggg n`` or ``f`` and " \\r", " \\n" or "\\r\\n".

    Checked a column at a time (every row's first byte, then every row's second...): fourteen
    thousand rows are some twenty C calls, where a regular expression steps through every byte.
    """
    count, rest = divmod(len(table), _ENTRY)
    if rest or not count:
        return not rest
    column = [table[i::_ENTRY] for i in range(_ENTRY)]
    digits = b"".join(column[0:10] + column[11:16])
    return (
        digits.isdigit()
        and column[10] == column[16] == b" " * count
        and not column[17].translate(None, b"nf")
        and not column[18].translate(None, b" \r")
        and not column[19].translate(None, b"\r\n")
        and b"\r\r" not in table  # only where a row ends: its 19th and 20th bytes
    )


def _file_order(offsets: dict[int, int]) -> tuple[list[int], list[int]]:
    """The object numbers in file order, and their offsets in the same order."""
    starts = list(offsets.values())
    if starts == sorted(starts):  # numbered in file order, as Typst writes: no sort by key
        return list(offsets), starts
    order = sorted(offsets, key=offsets.__getitem__)
    return order, list(map(offsets.__getitem__, order))
