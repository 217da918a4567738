"""Reading a repository for whois: only changed files are read, and only those parsed; no lint.

whois must answer instantly, so it skips the lint pipeline (no jsonschema): a file
that does not load, or a document the builder cannot read, is skipped and counted;
``svcstd lint`` is where such problems are reported. What each file holds is kept
in the cache (:mod:`.cache`); a file whose stat fingerprint (:mod:`svcstd.files`) is the
recorded one, and not racily clean, is not even read.
"""

from __future__ import annotations

import contextlib
import os
from functools import cached_property, partial
from pathlib import Path
from typing import Any, NamedTuple

from svcstd import model as m
from svcstd.build import build_config
from svcstd.cachefile import Draft, drafting
from svcstd.errors import ConfigError
from svcstd.files import Fingerprint, Scan, is_racy, scan
from svcstd.loader import load_file
from svcstd.repository import CONFIG_NAME, display_path, load_config
from svcstd.whois.cache import (
    content_hash,
    docs_path,
    index_path,
    prune_docs,
    read_blob,
    read_blob_header,
    write_blob,
)
from svcstd.whois.catalogue import Catalogue
from svcstd.whois.records import Record, describe
from svcstd.whois.table import Table, build_table, table_from_json, table_to_json

# The index's own format, in the key its file is written for: a change in what the
# index holds (2: stems of every term; 3: feedback and actions by standard) makes every
# older index be rebuilt.
INDEX_FORMAT = 4  # 4: texts indexed in every language they are written in
INDEX_KEY = f"index-{INDEX_FORMAT}"

Parsed = dict[str, list[dict[str, Any]]]  # the documents of the files parsed this run


class Known(NamedTuple):
    """The index as last written: the table, and the moment it was started (see cache.py)."""

    table: Table
    stamp: int


def load_catalogue(root: Path, use_cache: bool = True) -> Catalogue:
    """What whois needs to search the repository at root, reusing the cache where it holds."""
    config = _config(root)
    found = scan(root, skip=CONFIG_NAME)
    known = read_index(root) if use_cache else None
    parsed: Parsed = {}
    if known is not None and _unchanged(known, found):
        table = known.table
    else:
        table, parsed = _refresh(root, config, found, known, use_cache)
    return Catalogue(config, table, parsed, partial(read_documents, root, use_cache))


def _config(root: Path) -> m.Config:
    doc = load_config(root)
    try:
        return build_config(doc)
    except Exception as exc:  # schema-invalid configuration; lint says exactly what is wrong
        raise ConfigError(
            f"{doc.file} is not a valid configuration ({exc!r})",
            "run 'svcstd lint' to see what is wrong",
        ) from None


def read_index(root: Path) -> Known | None:
    """The index, if it can be believed; None sends every file to be read again."""
    try:
        header, raw = read_blob_header(index_path(root), INDEX_KEY)
        stamp = header.get("stamp")
        if type(stamp) is not int:
            return None
        return Known(table_from_json(raw), stamp)
    except (ValueError, TypeError, KeyError, AttributeError):
        return None


def _unchanged(known: Known, found: Scan) -> bool:
    """The common case, in whole-list comparisons: the same files, none touched since."""
    files = known.table.files
    return (
        files.path == found.paths
        and files.prints == found.prints
        and found.prints.newest() < known.stamp
    )


class _Previous:
    """The last index's record of each path, rebuilt from its columns only if one is reused."""

    def __init__(self, known: Known | None) -> None:
        self.known = known
        files = known.table.files if known else None
        self._row = {path: n for n, path in enumerate(files.path)} if files else {}

    @cached_property
    def _records(self) -> list[Record]:
        return self.known.table.records() if self.known else []

    def unchanged(self, path: str, print_: Fingerprint) -> Record | None:
        """The record of a file whose fingerprint is the recorded one and not racy."""
        row = self._row.get(path)
        if row is None or self.known is None:
            return None
        files = self.known.table.files
        if files.prints[row] != print_ or is_racy(print_, self.known.stamp):
            return None
        return self._records[row]

    def same_content(self, path: str, sha256: str) -> Record | None:
        """The record of a file read again and found to hold what it held."""
        row = self._row.get(path)
        if row is None or self.known is None or self.known.table.files.sha256[row] != sha256:
            return None
        return self._records[row]


def _refresh(
    root: Path, config: m.Config, found: Scan, known: Known | None, use_cache: bool
) -> tuple[Table, Parsed]:
    # The index file is created before the first source file is read: its creation
    # time is the stamp that tells racily clean files next time (cache.py).
    with drafting(index_path(root)) if use_cache else contextlib.nullcontext() as draft:
        previous = _Previous(known)
        parsed: Parsed = {}
        rows = [
            (path, print_, _record(root, path, print_, config, previous, parsed))
            for path, print_ in found.items()
        ]
        table = build_table(rows)
        if draft is not None and _worth_writing(table, known, draft.stamp):
            _write(root, table, parsed, draft)
    return table, parsed


def _record(
    root: Path,
    rel: str,
    print_: Fingerprint,
    config: m.Config,
    previous: _Previous,
    parsed: Parsed,
) -> Record:
    reused = previous.unchanged(rel, print_)
    if reused is not None:
        return reused
    try:
        with open(os.path.join(root, rel), "rb") as source:  # not pathlib: 10,000 times
            sha = content_hash(source.read())
    except OSError:
        return Record("", True)
    reused = previous.same_content(rel, sha)
    if reused is not None:
        return reused
    result = load_file(root / rel, _shown(root, rel))
    parsed[rel] = [d.data for d in result.documents]
    infos = (describe(config, d, i) for i, d in enumerate(result.documents))
    failed = bool(result.findings) and not result.documents
    return Record(sha, failed, [info for info in infos if info is not None])


def _shown(root: Path, rel: str) -> str:
    shown = display_path(root)
    return rel if shown == "." else f"{shown}/{rel}"


def _worth_writing(table: Table, known: Known | None, stamp: int) -> bool:
    """Whether the new index says more than the last one."""
    if known is None or table != known.table:
        return True
    # Nothing changed, but files racily clean under the old stamp and not under the
    # new one need not be read again next time.
    prints = table.files.prints
    return any(
        is_racy(prints[row], known.stamp) and not is_racy(prints[row], stamp)
        for row in range(len(prints))
    )


def _write(root: Path, table: Table, parsed: Parsed, draft: Draft) -> None:
    sha_of = dict(zip(table.files.path, table.files.sha256, strict=True))
    for rel, docs in parsed.items():
        write_blob(docs_path(root, sha_of[rel]), sha_of[rel], docs)
    draft.commit(INDEX_KEY, table_to_json(table), stamp=draft.stamp)
    prune_docs(root, set(table.files.sha256))


def read_documents(root: Path, use_cache: bool, rel: str, sha256: str) -> list[dict[str, Any]]:
    """The parsed documents of one file: from the cache when it holds them, else parsed again."""
    if use_cache:
        try:
            docs = read_blob(docs_path(root, sha256), sha256)
            if isinstance(docs, list) and all(isinstance(d, dict) for d in docs):
                return docs
        except ValueError:
            pass
    docs = [d.data for d in load_file(root / rel, _shown(root, rel)).documents]
    if use_cache:
        write_blob(docs_path(root, sha256), sha256, docs)
    return docs
