"""Every source file's record in columns: what the index stores and what the catalogue reads.

Parallel lists rather than an object per document: the index of 10,000 files,
10,000 documents and 20,000 terms decodes from JSON as a few dozen flat lists,
several times faster than as nested objects, and the catalogue uses them as they
are. Terms are kept in search order (documents by kind, then in file order), so a
question reads them without sorting. Each document's links are kept as JSON text,
decoded only for the few documents an answer reads; the links answers follow
backwards are indexed by value in :class:`Reverse`, built when the index is.
"""

from __future__ import annotations

import json
from bisect import bisect_left, bisect_right
from collections import defaultdict
from typing import Any

from msgspec import Struct
from msgspec.structs import asdict

from svcstd.files import Fingerprint, Fingerprints
from svcstd.kinds import KINDS
from svcstd.topics import STEMMERS
from svcstd.whois.index import Entry
from svcstd.whois.records import REVERSED_LINKS, DocInfo, Record

_KIND_ORDER = {kind: n for n, kind in enumerate(KINDS)}


class Files(Struct):
    """One row per source file, in the loader's order."""

    path: list[str]
    sha256: list[str]
    failed: list[bool]
    prints: Fingerprints


class Docs(Struct):
    """One row per document, grouped by file, in file order."""

    file: list[int]  # row in Files
    position: list[int]  # index among the file's documents
    id: list[str]
    kind: list[str]
    usable: list[bool]
    links: list[str]  # JSON text of DocInfo.links


class TermColumns(Struct):
    """One row per searchable term (an Entry with its document's row), in search order."""

    doc: list[int]  # row in Docs
    term: list[str]
    norm: list[str]
    kind: list[str]
    topic: list[str | None]
    language: list[str | None]
    # norm stemmed in each language of svcstd.topics.STEMMERS: computed once per file
    # content, when its record is made, never while answering a question.
    stems: list[list[str]]


def reverse_key(kind: str, link: str, value: str) -> str:
    # kind and link never hold a space, so the key cannot be read two ways.
    return f"{kind} {link} {value}"


class Reverse(Struct):
    """(kind, link, value) → the documents of that kind whose link holds the value.

    Sorted keys, one per document: a lookup is two bisections, with nothing to build
    when the index is read.
    """

    key: list[str]
    doc: list[int]  # row in Docs

    def find(self, kind: str, link: str, value: str) -> list[int]:
        """The rows of the live, first-defined documents of that kind linking to value."""
        key = reverse_key(kind, link, value)
        start = bisect_left(self.key, key)
        return self.doc[start : bisect_right(self.key, key, start)]


class Table(Struct):
    """What whois knows about every source file of a repository."""

    files: Files
    docs: Docs
    terms: TermColumns
    reverse: Reverse

    def first_definitions(self) -> dict[str, int]:
        """Each usable document's id → its row; the first definition wins, as in the builder."""
        by_id: dict[str, int] = {}
        for row, (ident, usable) in enumerate(zip(self.docs.id, self.docs.usable, strict=True)):
            if usable and ident not in by_id:
                by_id[ident] = row
        return by_id

    def records(self) -> list[Record]:
        """Every file's Record again, to reuse those of unchanged files when rebuilding."""
        docs, terms = self.docs, self.terms
        entries: dict[int, list[Entry]] = defaultdict(list)
        for i, row in enumerate(terms.doc):
            entry = (terms.term[i], terms.norm[i], terms.kind[i], docs.id[row])
            stemmed = tuple(column[i] for column in terms.stems)
            entries[row].append(Entry(*entry, terms.topic[i], terms.language[i], stemmed))
        files = zip(self.files.sha256, self.files.failed, strict=True)
        found = [Record(sha, failed) for sha, failed in files]
        for row, file in enumerate(docs.file):
            info = (docs.id[row], docs.kind[row], docs.position[row], docs.usable[row])
            found[file].docs.append(DocInfo(*info, entries[row], json.loads(docs.links[row])))
        return found


# ---------------------------------------------------------------- building


def build_table(rows: list[tuple[str, Fingerprint, Record]]) -> Table:
    """The table of these files (path, fingerprint, record), in this order."""
    files = Files([], [], [], Fingerprints())
    docs = Docs([], [], [], [], [], [])
    infos: list[DocInfo] = []
    for row, (path, print_, record) in enumerate(rows):
        files.path.append(path)
        files.sha256.append(record.sha256)
        files.failed.append(record.failed)
        files.prints.append(print_)
        for info in record.docs:
            docs.file.append(row)
            docs.position.append(info.position)
            docs.id.append(info.id)
            docs.kind.append(info.kind)
            docs.usable.append(info.usable)
            docs.links.append(json.dumps(info.links, ensure_ascii=False, separators=(",", ":")))
            infos.append(info)
    table = Table(files, docs, _terms(infos), Reverse([], []))
    table.reverse = _reverse(infos, table.first_definitions())
    return table


def _terms(infos: list[DocInfo]) -> TermColumns:
    # Search order: teams, roles, standards, SOPs, then file order (a stable sort).
    order = sorted(range(len(infos)), key=lambda row: _KIND_ORDER.get(infos[row].kind, 99))
    terms = TermColumns([], [], [], [], [], [], [[] for _ in STEMMERS])
    for row in order:
        for e in infos[row].entries:
            terms.doc.append(row)
            terms.term.append(e.term)
            terms.norm.append(e.norm)
            terms.kind.append(e.kind)
            terms.topic.append(e.topic)
            terms.language.append(e.language)
            for column, form in zip(terms.stems, e.stems, strict=True):
                column.append(form)
    return terms


def _reverse(infos: list[DocInfo], by_id: dict[str, int]) -> Reverse:
    pairs: list[tuple[str, int]] = []
    for row in by_id.values():
        info = infos[row]
        if info.links.get("status") == "retired":
            continue
        for link in REVERSED_LINKS.get(info.kind, ()):
            value = info.links.get(link)
            for item in value if isinstance(value, list) else [value]:
                if isinstance(item, str):
                    pairs.append((reverse_key(info.kind, link, item), row))
    pairs.sort()
    return Reverse([key for key, _ in pairs], [row for _, row in pairs])


# ---------------------------------------------------------------- to and from JSON


def table_to_json(table: Table) -> dict[str, Any]:
    files = table.files
    return {
        "files": {
            "path": files.path,
            "sha256": files.sha256,
            "failed": files.failed,
            **asdict(files.prints),
        },
        "docs": asdict(table.docs),
        "terms": _terms_to_json(table.terms),
        "reverse": asdict(table.reverse),
    }


def table_from_json(raw: Any) -> Table:
    """The table stored in the index; TypeError, KeyError or ValueError on a wrong shape.

    The index's digest already proves the body is what svcstd wrote: only the shape
    is checked (columns of equal lengths, rows that exist), not each of 100,000 values.
    """
    f = raw["files"]
    prints = Fingerprints(f["size"], f["mtime_ns"], f["ctime_ns"], f["inode"])
    table = Table(
        Files(f["path"], f["sha256"], f["failed"], prints),
        Docs(**raw["docs"]),
        _terms_from_json(raw["terms"]),
        Reverse(**raw["reverse"]),
    )
    _check_shape(table)
    return table


def _terms_to_json(terms: TermColumns) -> dict[str, Any]:
    # Most stems are the normal form itself (an English term read as Indonesian, a
    # word already at its stem): stored as "", they cost the index a third less.
    stems = [
        [form if form != norm else "" for form, norm in zip(column, terms.norm, strict=True)]
        for column in terms.stems
    ]
    return {**asdict(terms), "stems": stems}


def _terms_from_json(raw: dict[str, Any]) -> TermColumns:
    terms = TermColumns(**raw)
    norm = terms.norm
    if type(terms.stems) is list and all(type(c) is list for c in terms.stems):
        terms.stems = [
            [form or norm[i] for i, form in enumerate(column)]
            if len(column) == len(norm)
            else column
            for column in terms.stems
        ]
    return terms


def _check_shape(table: Table) -> None:
    files = table.files
    for columns in (
        [files.path, files.sha256, files.failed, *asdict(files.prints).values()],
        list(asdict(table.docs).values()),
        _term_columns(table.terms),
        list(asdict(table.reverse).values()),
    ):
        if not all(type(c) is list and len(c) == len(columns[0]) for c in columns):
            raise ValueError("columns of different lengths")
    n_files, n_docs = len(table.files.path), len(table.docs.id)
    if not (
        _rows_within(table.docs.file, n_files)
        and _rows_within(table.terms.doc, n_docs)
        and _rows_within(table.reverse.doc, n_docs)
    ):
        raise ValueError("a row that does not exist")


def _term_columns(terms: TermColumns) -> list[Any]:
    columns = [v for k, v in asdict(terms).items() if k != "stems"]
    if type(terms.stems) is not list or len(terms.stems) != len(STEMMERS):
        raise ValueError("stems for other languages")
    return [*columns, *terms.stems]


def _rows_within(rows: list[int], count: int) -> bool:
    return not rows or (min(rows) >= 0 and max(rows) < count)
