"""The projected documents of every file, kept for the next organisation-wide check.

When an edit changes something the organisation rules read, they must run again
on every document. Parsing 10,000 unchanged files again would cost more than the
rules; this pack keeps what the scan of each file content gave the organisation
stage (its documents' projection as JSON text and positions as an array), keyed
by blob id, in ``.svcstd-cache/lint-pack.bin``.

The format is a verified header line (:mod:`svcstd.cachefile`), then one record
per document: a line ``<blob> <id> <kind> <valid> <body length> <marks length>``
(``-`` for a missing id or kind), the JSON body and the positions as 32-bit ints.
Nothing in it is executed or unpickled; a damaged pack is ignored.
"""

from __future__ import annotations

import json
from array import array
from pathlib import Path
from typing import Any

from msgspec import Struct

from svcstd.cachefile import Draft, cache_path, decode_bytes, encode_bytes, read_cached


class ScannedDoc(Struct):
    """One document as the organisation-wide stage needs it: projected, with positions.

    The projection travels as JSON text (already made for the digest) and the positions
    as an array: two flat objects per document, cheap to send from a worker process.
    """

    id: str | None
    kind: str | None
    valid: bool  # passed its schema, so it goes into the model
    body: bytes  # JSON of the projection: prose replaced (see prose.py)
    marks: array[int]

    def data(self) -> dict[str, Any]:
        value: dict[str, Any] = json.loads(self.body)
        return value


PACK_FILE = "lint-pack.bin"
_NONE = "-"
_EMPTY = "e"


def record_of(blob: str, docs: list[ScannedDoc]) -> bytes:
    """The pack's record of one file content (made by the worker that scanned it)."""
    parts: list[bytes] = []
    if not docs:  # a file without documents (it does not parse): known all the same
        parts.append(f"{blob} {_NONE} {_NONE} {_EMPTY} 0 0\n".encode())
    for d in docs:
        marks = d.marks.tobytes()
        line = f"{blob} {_token(d.id)} {_token(d.kind)} {int(d.valid)} {len(d.body)} {len(marks)}\n"
        parts += [line.encode(), d.body, marks]
    return b"".join(parts)


def read_pack(root: Path, salt: str) -> dict[str, bytes]:
    """Each file content's record by blob id; empty when there is no pack to believe."""
    try:
        body = decode_bytes(read_cached(cache_path(root, PACK_FILE)), salt)
    except OSError:
        return {}
    try:
        return _split(body) if body is not None else {}
    except (ValueError, IndexError):
        return {}


def _split(body: bytes) -> dict[str, bytes]:
    found: dict[str, bytes] = {}
    at = 0
    while at < len(body):
        end = body.index(b"\n", at)
        blob, _, _, _, size, marks_size = body[at:end].decode().split(" ")
        stop = end + 1 + int(size) + int(marks_size)
        if stop > len(body):
            raise ValueError("truncated record")
        # A file's documents are consecutive records of its blob id.
        found[blob] = found.get(blob, b"") + body[at:stop]
        at = stop
    return found


def docs_of(record: bytes) -> list[ScannedDoc]:
    """The documents a record holds."""
    docs, at = [], 0
    while at < len(record):
        end = record.index(b"\n", at)
        _, ident, kind, valid, size, marks_size = record[at:end].decode().split(" ")
        start, at = end + 1, end + 1 + int(size) + int(marks_size)
        if valid == _EMPTY:
            continue
        marks = array("i")
        marks.frombytes(record[start + int(size) : at])
        docs.append(
            ScannedDoc(
                _word(ident), _word(kind), valid == "1", record[start : start + int(size)], marks
            )
        )
    return docs


def write_pack(root: Path, salt: str, records: dict[str, bytes]) -> None:
    """Store the record of each blob id, replacing the pack."""
    draft = Draft.start(cache_path(root, PACK_FILE))
    if draft is not None:
        draft.commit_bytes(encode_bytes(salt, b"".join(records.values())))
        draft.discard()


def _token(text: str | None) -> str:
    """An id or kind as one word: JSON escapes newlines, and a space is escaped by hand
    (an id with a space fails the schema, but must not break the record line)."""
    if text is None:
        return _NONE
    return json.dumps(text, separators=(",", ":")).replace(" ", "\\u0020")


def _word(token: str) -> str | None:
    if token == _NONE:
        return None
    value = json.loads(token)
    return value if isinstance(value, str) else None
