"""Exact edits to a PDF with a classic cross-reference table: whole objects swapped for new ones.

Typst writes every object uncompressed in the file body and indexes them with one ``xref`` table,
so replacing an object is: write its new text, move the objects after it, and rebuild the table
and ``startxref`` from the new offsets. Nothing else in the file changes, which keeps the output
byte-for-byte deterministic and much cheaper than a rewrite by a general PDF library.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

_STARTXREF = re.compile(rb"startxref\s+(\d+)\s+%%EOF\s*$")
_SUBSECTION = re.compile(rb"(\d+) (\d+)[ \t]*\r?\n")
_REF = re.compile(rb"(\d+) 0 R")
_ENTRY = 20  # an xref entry: 10-digit offset, space, 5-digit generation, space, n/f, EOL
_ENTRIES = re.compile(rb"\d{10} \d{5} [nf](?: \r| \n|\r\n)")


@dataclass(frozen=True)
class PdfFile:
    """A PDF's bytes with the byte offset of each object the cross-reference table lists."""

    data: bytes
    offsets: dict[int, int]
    free: dict[int, bytes]  # free entries, kept as they were
    xref_at: int
    starts: list[int]  # the offsets in file order, to find where each object ends
    numbers: list[int]  # the object numbers in the same order

    @classmethod
    def parse(cls, pdf: bytes) -> PdfFile | None:
        """Read the xref table; None for a layout this module does not edit (xref streams...)."""
        end = _STARTXREF.search(pdf[-64:])
        if end is None:
            return None
        xref_at = int(end[1])
        if pdf[xref_at : xref_at + 4] != b"xref":
            return None
        offsets, free, at = {}, {}, xref_at + 4
        while at < len(pdf) and pdf[at : at + 1] in b"\r\n":
            at += 1
        while (section := _SUBSECTION.match(pdf, at)) is not None:
            first, count = int(section[1]), int(section[2])
            table = pdf[section.end() : section.end() + count * _ENTRY]
            for number, entry in enumerate(_ENTRIES.findall(table), first):
                if entry[17:18] == b"n":
                    offsets[number] = int(entry[:10])
                else:
                    free[number] = entry
            at = section.end() + count * _ENTRY
        order = sorted(offsets, key=offsets.__getitem__)
        starts = [offsets[number] for number in order]
        return cls(pdf, offsets, free, xref_at, starts, order) if offsets else None

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
        changed = sorted(bodies, key=self.offsets.__getitem__)
        chunks, shifts, at, shift = [], [], 0, 0
        for number in changed:
            start, end = self.offsets[number], self._end(number)
            chunk = b"%d 0 obj\n%s\nendobj\n" % (number, bodies[number])
            chunks += [self.data[at:start], chunk]
            shift += len(chunk) - (end - start)
            shifts.append((end, shift))  # objects from ``end`` on move by ``shift``
            at = end
        chunks.append(self.data[at : self.xref_at])
        body = b"".join(chunks)
        return body + self._xref(self._moved(shifts), len(body))

    def _moved(self, shifts: list[tuple[int, int]]) -> dict[int, int]:
        """Every object's new offset: one walk in file order beside the (sorted) shifts."""
        moved, shift, pending = {}, 0, iter(shifts)
        end, next_shift = next(pending, (None, 0))
        for offset, number in zip(self.starts, self.numbers, strict=True):
            while end is not None and offset >= end:
                shift = next_shift
                end, next_shift = next(pending, (None, 0))
            moved[number] = offset + shift
        return moved

    def _end(self, number: int) -> int:
        """Where the object ends: the next object's start, or the xref table."""
        after = bisect.bisect_right(self.starts, self.offsets[number])
        return self.starts[after] if after < len(self.starts) else self.xref_at

    def _xref(self, offsets: dict[int, int], at: int) -> bytes:
        size = max([*offsets, *self.free]) + 1
        free = b"0000000000 65535 f\r\n"
        rows = [b"xref\n0 %d\n" % size]
        rows += [
            b"%010d 00000 n\r\n" % offsets[n] if n in offsets else self.free.get(n, free)
            for n in range(size)
        ]
        tail = self.data[self.data.rindex(b"%%EOF") :]  # with the line end it had, if any
        rows.append(b"trailer\n" + self.trailer() + b"\nstartxref\n%d\n" % at + tail)
        return b"".join(rows)
