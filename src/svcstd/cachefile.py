"""Cache files under ``<root>/.svcstd-cache/``: JSON, written atomically, verified on every read.

Each file starts with a header line naming its format, the svcstd version, the key
it was written for and the SHA-256 of the rest. A missing, truncated, damaged,
foreign or stale file is therefore never believed: the reader gets ``None`` and
the caller computes the value again. JSON only, so a planted file can at worst
be ignored, never run. A folder we may not write to just means no cache.

The cache folder must be a real folder: a ``.svcstd-cache`` that is a symbolic
link (it can be committed as one, and ``.gitignore``'s ``.svcstd-cache/`` does not
match a link) or a file is refused, with one note on stderr, and the run is
uncached: svcstd never reads, writes or deletes through it.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import stat
import sys
import tempfile
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

from svcstd import __version__
from svcstd.resources import data_dir
from svcstd.writer import new_file_mode

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
    digest.update(_holidays_stamp().encode())
    return digest.hexdigest()


def _holidays_stamp() -> str:
    """The installed holidays package, by file and time: calendars read their holidays from it.

    Found without importing the package, so that commands which never need it stay fast;
    installing another version rewrites the file, which changes the stamp.
    """
    from importlib.util import find_spec

    spec = find_spec("holidays")
    if spec is None or spec.origin is None:
        return "no holidays package"
    info = os.stat(spec.origin)
    return f"{spec.origin}:{info.st_size}:{info.st_mtime_ns}"


def blob_id(raw: bytes) -> str:
    """The id git gives this content, so cached files can be matched with ``git ls-tree``."""
    return hashlib.sha1(b"blob %d\0" % len(raw) + raw, usedforsecurity=False).hexdigest()


def cache_path(root: Path, name: str) -> Path:
    return root / CACHE_DIR / name


_noted: set[Path] = set()


def cache_problem(folder: Path) -> str | None:
    """Why the cache folder holding folder may not be used (None: it may).

    Every part from ``.svcstd-cache`` down must be a real folder or not exist yet.
    """
    parts = folder.parts
    if CACHE_DIR not in parts:
        return None
    top = Path(*parts[: parts.index(CACHE_DIR) + 1])
    for part in (top, *[Path(*parts[: n + 1]) for n in range(len(top.parts), len(parts))]):
        try:
            mode = os.lstat(part).st_mode
        except FileNotFoundError:
            return None
        except OSError as exc:
            return f"{part} cannot be read ({exc.strerror})"
        if stat.S_ISLNK(mode):
            return f"{part} is a symbolic link"
        if not stat.S_ISDIR(mode):
            return f"{part} is not a folder"
    return None


def check_cache_folder(folder: Path) -> None:
    """Raise OSError (which every caller takes as "no cache") when the cache folder is refused."""
    problem = cache_problem(folder)
    if problem is None:
        return
    top = folder
    while top.name != CACHE_DIR and top != top.parent:
        top = top.parent
    if top not in _noted:  # one note per run, however many cache files are involved
        _noted.add(top)
        print(f"svcstd: note: {problem}; svcstd does not use it, this run is uncached "
              f"(remove it: rm {top})", file=sys.stderr)  # fmt: skip
    raise OSError(problem)


def read_cached(path: Path) -> bytes:
    """A cache file's bytes; OSError when it is missing, a link, or its folder is refused."""
    check_cache_folder(path.parent)
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    with os.fdopen(fd, "rb") as stored:
        return stored.read()


def make_cache_dir(folder: Path) -> None:
    """Create the cache folder with a .gitignore of its own, so that it is never committed."""
    check_cache_folder(folder)
    folder.mkdir(parents=True, exist_ok=True)
    check_cache_folder(folder)  # created by someone else meanwhile
    top = next((p for p in (folder, *folder.parents) if p.name == CACHE_DIR), folder)
    ignore = top / ".gitignore"
    if not ignore.exists():
        ignore.write_text("# svcstd's cache: rebuilt whenever needed, never committed\n*\n")


def _expected(body: bytes, key: str) -> dict[str, Any]:
    fields = {"format": FORMAT, "svcstd": __version__, "key": key}
    return {**fields, "sha256": hashlib.sha256(body).hexdigest()}


def encode(key: str, value: Any, **extra: Any) -> bytes:
    """A cache file's bytes: the header line (plus any extra fields), then the JSON value."""
    return encode_bytes(
        key, json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode(), **extra
    )


def encode_bytes(key: str, body: bytes, **extra: Any) -> bytes:
    """A cache file's bytes for a body that is not JSON (the header line is)."""
    return json.dumps({**_expected(body, key), **extra}).encode() + b"\n" + body


def decode(raw: bytes, key: str) -> tuple[dict[str, Any], Any] | None:
    """The header and value of a cache file written for this key, or None if not believable."""
    checked = _checked(raw, key)
    if checked is None:
        return None
    try:
        return checked[0], json.loads(checked[1])
    except (UnicodeDecodeError, json.JSONDecodeError):
        return None


def decode_bytes(raw: bytes, key: str) -> bytes | None:
    """The body of a cache file written by :func:`encode_bytes` for this key, or None."""
    checked = _checked(raw, key)
    return checked[1] if checked else None


def _checked(raw: bytes, key: str) -> tuple[dict[str, Any], bytes] | None:
    header, _, body = raw.partition(b"\n")
    try:
        found = json.loads(header)
    except (UnicodeDecodeError, json.JSONDecodeError):
        return None
    expected = _expected(body, key)
    if not isinstance(found, dict) or any(found.get(k) != v for k, v in expected.items()):
        return None
    return found, body


def read_json_header(path: Path, key: str) -> tuple[dict[str, Any], Any] | None:
    """The header and value stored at path for this key, or None when not believable."""
    try:
        return decode(read_cached(path), key)
    except OSError:
        return None


def read_json(path: Path, key: str) -> Any:
    """The value stored at path for this key, or None when there is none to believe."""
    decoded = read_json_header(path, key)
    return decoded[1] if decoded else None


def write_json(path: Path, key: str, value: Any) -> None:
    """Store a JSON value for this key atomically (temporary file, then rename)."""
    data = encode(key, value)
    with contextlib.suppress(OSError):
        make_cache_dir(path.parent)
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(data)
            os.chmod(tmp, new_file_mode())  # mkstemp makes it private; others use the checkout
            os.replace(tmp, path)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)


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

    @classmethod
    def start(cls, path: Path) -> Draft | None:
        """A Draft for path, or None when its folder cannot be written (no cache, no error)."""
        try:
            return cls(path)
        except OSError:
            return None

    def commit(self, key: str, value: Any, **extra: Any) -> None:
        """Write the value and move the file into place; a failed write just means no cache."""
        self.commit_bytes(encode(key, value, **extra))

    def commit_bytes(self, data: bytes) -> None:
        """Write already encoded bytes and move the file into place."""
        with contextlib.suppress(OSError):
            with self._out:
                self._out.write(data)
            # mkstemp makes it private; others using the checkout read it.
            os.chmod(self._tmp, new_file_mode())
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
