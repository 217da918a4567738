"""The files lint checks: their names as shown, and their content ids without reading them all.

Every cached lint result is keyed on the files' content ids (git blob ids). Hashing
10,000 files costs more than the rest of a run that finds nothing changed, so, as
git's index does, a file whose stat fingerprint (:mod:`svcstd.files`) is the one
recorded with its id last time is not read again, unless it is *racily clean*
(touched no earlier than the moment that record was started; see
:func:`svcstd.files.is_racy`). The record is ``.svcstd-cache/lint-prints.json``.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from msgspec.structs import asdict

from svcstd.cachefile import Draft, blob_id, cache_path, read_json_header
from svcstd.files import Fingerprints, is_racy, scan
from svcstd.repository import CONFIG_NAME, display_path

PRINTS_FILE = "lint-prints.json"
PRINTS_KEY = "prints"


class Tree:
    """The files of one standards repository: names as shown, content ids on demand."""

    def __init__(self, root: Path, use_cache: bool = True) -> None:
        self.root, self.use_cache = root, use_cache
        found = scan(root, skip=CONFIG_NAME)
        self.rels, self.prints = found.paths, found.prints
        prefix = display_path(root)
        prefix = "" if prefix == "." else prefix.rstrip("/") + "/"
        self.names = [prefix + rel for rel in self.rels]
        with open(root / CONFIG_NAME, "rb") as config:
            self.config_raw = config.read()
        self._blobs: list[str] | None = None
        self._draft: Draft | None = None
        self._known: _Known | None = None

    def jobs(self, which: list[int]) -> list[tuple[str, str]]:
        """(path, name as shown) of these files, for scanning; they are about to be read."""
        self._begin()
        return [(os.path.join(self.root, self.rels[i]), self.names[i]) for i in which]

    def blobs(self) -> list[str]:
        """Every file's git blob id ("" for a file that cannot be read)."""
        if self._blobs is None:
            self._blobs = self._content_ids()
        return self._blobs

    def learn(self, i: int, blob: str) -> None:
        """The blob id a scan found, so that the files are not read twice."""
        if self._blobs is None:
            self._blobs = [""] * len(self.rels)
        self._blobs[i] = blob

    def names_and_blobs(self) -> list[tuple[str, str]]:
        return list(zip(self.names, self.blobs(), strict=True))

    def close(self) -> None:
        """Record the fingerprints and ids for next time, if anything was read."""
        if self._draft is None:
            return
        if self._blobs is not None and all(self._blobs):
            record = {"paths": self.rels, "prints": asdict(self.prints), "blobs": self._blobs}
            self._draft.commit(PRINTS_KEY, record, stamp=self._draft.stamp)
        self._draft.discard()

    def _begin(self) -> None:
        # Started before the first file is read: its time is the stamp (cachefile.Draft).
        if self.use_cache and self._draft is None:
            self._draft = Draft.start(cache_path(self.root, PRINTS_FILE))

    def _content_ids(self) -> list[str]:
        known = _read_known(self.root) if self.use_cache else None
        if known is not None and known.covers(self.rels, self.prints):
            return list(known.blobs)
        self._begin()
        rows = {path: row for row, path in enumerate(known.paths)} if known else {}
        return [
            known.blobs[rows[rel]]
            if known is not None and rel in rows and known.trusts(rows[rel], self.prints[i])
            else _blob_of(os.path.join(self.root, rel))
            for i, rel in enumerate(self.rels)
        ]


class _Known:
    """The recorded fingerprints and ids, and the stamp they were recorded under."""

    def __init__(self, raw: dict[str, Any], stamp: int) -> None:
        self.paths: list[str] = raw["paths"]
        self.prints = Fingerprints(**raw["prints"])
        self.blobs: list[str] = raw["blobs"]
        self.stamp = stamp
        if not len(self.paths) == len(self.prints) == len(self.blobs):
            raise ValueError("columns of different lengths")

    def covers(self, rels: list[str], prints: Fingerprints) -> bool:
        """The common case, in whole-list comparisons: the same files, none touched since."""
        return rels == self.paths and prints == self.prints and prints.newest() < self.stamp

    def trusts(self, row: int, print_: tuple[int, int, int, int]) -> bool:
        return self.prints[row] == print_ and not is_racy(print_, self.stamp)


def _read_known(root: Path) -> _Known | None:
    found = read_json_header(cache_path(root, PRINTS_FILE), PRINTS_KEY)
    if found is None:
        return None
    header, raw = found
    try:
        stamp = header["stamp"]
        return _Known(raw, stamp) if type(stamp) is int else None
    except (KeyError, TypeError, ValueError):
        return None


def _blob_of(path: str) -> str:
    try:
        with open(path, "rb") as source:
            return blob_id(source.read())
    except OSError:
        return ""
