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
:mod:`svcstd.files`) is the one the index recorded, as git's index does, except when it
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
import os
from pathlib import Path
from typing import Any

from svcstd.cachefile import CACHE_DIR, check_cache_folder, decode, drafting, read_cached

INDEX_FILE = "whois-index.json"
DOCS_DIR = "whois-docs"


def content_hash(raw: bytes) -> str:
    """The SHA-256 of a file's bytes, in hex."""
    return hashlib.sha256(raw).hexdigest()


def index_path(root: Path) -> Path:
    return root / CACHE_DIR / INDEX_FILE


def docs_path(root: Path, sha256: str) -> Path:
    return root / CACHE_DIR / DOCS_DIR / f"{sha256}.json"


def read_blob_header(path: Path, key: str) -> tuple[dict[str, Any], Any]:
    """The header and the JSON value stored at path; ValueError if they cannot be believed.

    Extra header fields (the index's stamp) are returned as they are; the expected
    ones must all match.
    """
    try:
        decoded = decode(read_cached(path), key)
    except OSError as exc:
        raise ValueError(f"{path.name}: unreadable") from exc
    if decoded is None:
        raise ValueError(f"{path.name}: stale or damaged")
    return decoded


def read_blob(path: Path, key: str) -> Any:
    """The JSON value stored at path for this key; ValueError if it cannot be believed."""
    return read_blob_header(path, key)[1]


def write_blob(path: Path, key: str, value: Any) -> None:
    """Store a JSON value atomically; a folder we may not write to just means no cache."""
    with drafting(path) as draft:
        if draft is not None:
            draft.commit(key, value)


def prune_docs(root: Path, keep: set[str]) -> None:
    """Delete stored documents no source file has any more."""
    folder = root / CACHE_DIR / DOCS_DIR
    with contextlib.suppress(OSError):
        check_cache_folder(folder)
        for item in os.scandir(folder):
            if item.name.endswith(".json") and item.name[:-5] not in keep:
                os.unlink(item.path)
