"""The persisted whois cache, under ``<root>/.svcstd-cache/`` (gitignored, skipped by the loader).

Two kinds of file, both written atomically and both verified on every read:

* ``whois-index.json``: every source file's path, stat fingerprint and SHA-256,
  and what whois needs to search its documents (terms, links), in columns
  (:mod:`.table`);
* ``whois-docs/<sha256>.json``: the parsed documents of the source file with that
  content hash, read only when an answer needs them.

Each cache file starts with a header line holding its format, the svcstd version
and the SHA-256 of the rest: a missing, truncated, damaged or foreign file is
ignored (and rewritten), never believed.

A source file is not read when its fingerprint (size, mtime, ctime, inode; see
:mod:`.scan`) is the one the index recorded, as git's index does, except when it
is *racily clean*: its mtime or ctime is not older than the index's ``stamp``.
The stamp is the creation time of the index file, taken from the file system
before the first source file was read for it. File times have a coarse
granularity, so a file written again in the same tick as it was read keeps its
fingerprint; only a file last touched before the stamp can be trusted by its
fingerprint alone. A racily clean file is read and hashed like a changed one.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from svcstd import __version__
from svcstd.cachefile import CACHE_DIR, make_cache_dir

INDEX_FILE = "whois-index.json"
DOCS_DIR = "whois-docs"
FORMAT = 3


def content_hash(raw: bytes) -> str:
    """The SHA-256 of a file's bytes, in hex."""
    return hashlib.sha256(raw).hexdigest()


def index_path(root: Path) -> Path:
    return root / CACHE_DIR / INDEX_FILE


def docs_path(root: Path, sha256: str) -> Path:
    return root / CACHE_DIR / DOCS_DIR / f"{sha256}.json"


def _header(body: bytes, key: str) -> dict[str, Any]:
    return {"format": FORMAT, "svcstd": __version__, "key": key, "sha256": content_hash(body)}


def read_blob_header(path: Path, key: str) -> tuple[dict[str, Any], Any]:
    """The header and the JSON value stored at path; ValueError if they cannot be believed.

    Extra header fields (the index's stamp) are returned as they are; the expected
    ones must all match.
    """
    try:
        header, _, body = path.read_bytes().partition(b"\n")
        found = json.loads(header)
        expected = _header(body, key)
        if not isinstance(found, dict) or any(found.get(k) != v for k, v in expected.items()):
            raise ValueError(f"{path.name}: stale or damaged")
        return found, json.loads(body)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValueError(f"{path.name}: unreadable") from exc


def read_blob(path: Path, key: str) -> Any:
    """The JSON value stored at path for this key; ValueError if it cannot be believed."""
    return read_blob_header(path, key)[1]


class Draft:
    """A cache file being prepared in a temporary file beside its final place.

    It is created before the data it will hold is gathered, so its creation time
    (``stamp``, from the file system's own clock) comes before every read made for it.
    """

    def __init__(self, path: Path) -> None:
        make_cache_dir(path.parent)
        fd, self._tmp = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
        self._out = os.fdopen(fd, "wb")
        self._committed = False
        self.path = path
        self.stamp = os.fstat(fd).st_mtime_ns

    def commit(self, key: str, value: Any, **extra: Any) -> None:
        """Write the value and move the file into place; a failed write just means no cache."""
        body = json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()
        header = json.dumps({**_header(body, key), **extra}).encode()
        with contextlib.suppress(OSError):
            with self._out:
                self._out.write(header + b"\n" + body)
            # mkstemp makes it private; others using the checkout read it.
            os.chmod(self._tmp, 0o644)
            os.replace(self._tmp, self.path)
            self._committed = True

    def discard(self) -> None:
        """Remove the temporary file unless it was committed."""
        self._out.close()
        if not self._committed:
            with contextlib.suppress(OSError):
                os.unlink(self._tmp)


@contextlib.contextmanager
def drafting(path: Path) -> Iterator[Draft | None]:
    """A Draft for path, or None when its folder cannot be written (whois answers anyway)."""
    try:
        draft = Draft(path)
    except OSError:
        yield None
        return
    try:
        yield draft
    finally:
        draft.discard()


def write_blob(path: Path, key: str, value: Any) -> None:
    """Store a JSON value atomically; a folder we may not write to just means no cache."""
    with drafting(path) as draft:
        if draft is not None:
            draft.commit(key, value)


def prune_docs(root: Path, keep: set[str]) -> None:
    """Delete stored documents no source file has any more."""
    folder = root / CACHE_DIR / DOCS_DIR
    with contextlib.suppress(OSError):
        for item in os.scandir(folder):
            if item.name.endswith(".json") and item.name[:-5] not in keep:
                os.unlink(item.path)
