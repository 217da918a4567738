"""Cache files under ``<root>/.svcstd-cache/``: JSON, written atomically, verified on every read.

Each file starts with a header line naming its format, the svcstd version, the key
it was written for and the SHA-256 of the rest. A missing, truncated, damaged,
foreign or stale file is therefore never believed: the reader gets ``None`` and
the caller computes the value again. JSON only, so a planted file can at worst
be ignored, never run. A folder we may not write to just means no cache.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from functools import cache
from pathlib import Path
from typing import Any

from svcstd import __version__
from svcstd.resources import data_dir

CACHE_DIR = ".svcstd-cache"
FORMAT = 3


@cache
def code_salt() -> str:
    """What every cached result depends on besides its inputs: svcstd's code and schemas.

    The code by size and modification time, so that editing svcstd itself (in a
    checkout) invalidates every cache; the schemas by content.
    """
    digest = hashlib.sha256(f"{FORMAT}:{__version__}".encode())
    schemas = data_dir("schemas")
    for name in sorted(os.listdir(schemas)):
        with open(schemas / name, "rb") as schema:
            digest.update(name.encode() + schema.read())
    for file in sorted(Path(__file__).resolve().parent.rglob("*.py")):
        info = file.stat()
        digest.update(f"{file}:{info.st_size}:{info.st_mtime_ns}".encode())
    return digest.hexdigest()


def blob_id(raw: bytes) -> str:
    """The id git gives this content, so cached files can be matched with ``git ls-tree``."""
    return hashlib.sha1(b"blob %d\0" % len(raw) + raw, usedforsecurity=False).hexdigest()


def cache_path(root: Path, name: str) -> Path:
    return root / CACHE_DIR / name


def make_cache_dir(folder: Path) -> None:
    """Create the cache folder with a .gitignore of its own, so that it is never committed."""
    folder.mkdir(parents=True, exist_ok=True)
    top = next((p for p in (folder, *folder.parents) if p.name == CACHE_DIR), folder)
    ignore = top / ".gitignore"
    if not ignore.exists():
        ignore.write_text("# svcstd's cache: rebuilt whenever needed, never committed\n*\n")


def _header(body: bytes, key: str) -> bytes:
    fields = {"format": FORMAT, "svcstd": __version__, "key": key}
    return json.dumps({**fields, "sha256": hashlib.sha256(body).hexdigest()}).encode()


def read_json(path: Path, key: str) -> Any:
    """The value stored at path for this key, or None when there is none to believe."""
    try:
        with open(path, "rb") as stored:
            header, _, body = stored.read().partition(b"\n")
        if header != _header(body, key):
            return None
        return json.loads(body)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return None


def write_json(path: Path, key: str, value: Any) -> None:
    """Store a JSON value for this key atomically (temporary file, then rename)."""
    body = json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()
    with contextlib.suppress(OSError):
        make_cache_dir(path.parent)
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(_header(body, key) + b"\n" + body)
            os.chmod(tmp, 0o644)  # mkstemp makes it private; others using the checkout read it
            os.replace(tmp, path)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
