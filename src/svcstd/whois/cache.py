"""The persisted whois cache, under ``<root>/.svcstd-cache/`` (gitignored, skipped by the loader).

Two kinds of file, both written atomically and both verified on every read:

* ``whois-index.json``: per source file, keyed by its path, the SHA-256 of the
  content it was built from and what whois needs to search it (terms, links);
* ``whois-docs/<sha256>.json``: the parsed documents of the source file with that
  content hash, read only when an answer needs them.

Every source file is hashed on every run; only entries whose hash still matches
are reused. Each cache file starts with a header line holding its format, the
svcstd version and the SHA-256 of the rest: a missing, truncated, damaged or
foreign file is ignored (and rewritten), never believed.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from svcstd import __version__

CACHE_DIR = ".svcstd-cache"
INDEX_FILE = "whois-index.json"
DOCS_DIR = "whois-docs"
FORMAT = 2


def content_hash(raw: bytes) -> str:
    """The SHA-256 of a file's bytes, in hex."""
    return hashlib.sha256(raw).hexdigest()


def index_path(root: Path) -> Path:
    return root / CACHE_DIR / INDEX_FILE


def docs_path(root: Path, sha256: str) -> Path:
    return root / CACHE_DIR / DOCS_DIR / f"{sha256}.json"


def _header(body: bytes, key: str) -> dict[str, Any]:
    return {"format": FORMAT, "svcstd": __version__, "key": key, "sha256": content_hash(body)}


def read_blob(path: Path, key: str) -> Any:
    """The JSON value stored at path for this key; ValueError if it cannot be believed."""
    try:
        header, _, body = path.read_bytes().partition(b"\n")
        if json.loads(header) != _header(body, key):
            raise ValueError(f"{path.name}: stale or damaged")
        return json.loads(body)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValueError(f"{path.name}: unreadable") from exc


def write_blob(path: Path, key: str, value: Any) -> None:
    """Store a JSON value atomically; a folder we may not write to just means no cache."""
    body = json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()
    data = json.dumps(_header(body, key)).encode() + b"\n" + body
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(data)
            os.chmod(tmp, 0o644)  # mkstemp makes it private; others using the checkout read it
            os.replace(tmp, path)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)


def prune_docs(root: Path, keep: set[str]) -> None:
    """Delete stored documents no source file has any more."""
    folder = root / CACHE_DIR / DOCS_DIR
    with contextlib.suppress(OSError):
        for item in os.scandir(folder):
            if item.name.endswith(".json") and item.name[:-5] not in keep:
                os.unlink(item.path)
