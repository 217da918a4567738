"""The one way svcstd writes a file a user reads: complete or not at all, never in a surprise place.

Every output (reports, schemas, editor settings, the handbook, digests, the
changelog) goes through :func:`write_files`:

* A regular file is replaced atomically: the new content goes to a temporary
  file in the same folder, then is renamed over the old one, so a reader (or a
  run killed midway) never sees half a file.
* A new file gets the permissions the umask gives (0644 under the usual 022);
  a file that already exists keeps its own mode.
* A device or a pipe (``/dev/null``, ``/dev/stdout`` when it is a pipe) is
  written through, never replaced.
* A symbolic link to a file, a folder, a socket or any other odd target is
  refused: svcstd never replaces what it did not create as a plain file.
* Several files written together are all staged first, in a hidden folder
  beside them, and moved into place only when every one is complete. A run
  killed while moving them leaves that folder marked complete; the next write
  to the same folder finishes the move, and a folder left unmarked (a run killed
  while staging) is removed, so no temporary file outlives the next run.

Whatever goes wrong becomes a :class:`~svcstd.errors.UsageError` naming the
path and the reason (exit 2), never a traceback.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path

from svcstd.errors import UsageError

STAGING_PREFIX = ".svcstd-staging-"
COMPLETE = ".complete"  # inside a staging folder: every file is staged, move them all
_MAP = ".names"  # inside a staging folder: staged name -> final name, one pair a line
DEFAULT_HINT = "choose another output path"


def current_umask() -> int:
    """The process umask (read without changing it where /proc allows)."""
    status_file = "/proc/self/status"
    with contextlib.suppress(OSError, ValueError), open(status_file, encoding="ascii") as status:
        for line in status:
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    mask = os.umask(0o022)  # the only portable way to read it is to set it and put it back
    os.umask(mask)
    return mask


def new_file_mode() -> int:
    """The mode a newly created file gets, as any other tool would create it."""
    return 0o666 & ~current_umask()


def new_folder_mode() -> int:
    """The mode a newly created folder gets, as ``mkdir`` would create it."""
    return 0o777 & ~current_umask()


def write_file(path: Path, data: bytes, hint: str = "choose another output path") -> None:
    """Write one output file (see the module docstring for what "write" means)."""
    write_files([(path, data)], hint)


def write_text(path: Path, text: str, hint: str = "choose another output path") -> None:
    """Write text as UTF-8 with LF line ends."""
    write_file(path, text.encode("utf-8"), hint)


def write_files(files: Sequence[tuple[Path, bytes]], hint: str = DEFAULT_HINT) -> None:
    """Write several files all or nothing: every one is staged before any replaces its target."""
    through: list[tuple[Path, bytes]] = []
    replaced: list[tuple[Path, bytes]] = []
    for path, data in files:
        (through if _is_device(_classify(path, hint)) else replaced).append((path, data))
    by_folder: dict[Path, list[tuple[Path, bytes]]] = {}
    for path, data in replaced:
        by_folder.setdefault(_folder_of(path), []).append((path, data))
    staged = [_stage(folder, group, hint) for folder, group in by_folder.items()]
    for staging in staged:
        try:
            _finish(staging)
        except OSError as exc:
            raise UsageError(f"cannot write into {staging.parent}: {_reason(exc)}", hint) from None
    for path, data in through:
        _write_through(path, data, hint)


def ensure_folder(folder: Path, hint: str = "choose another output folder") -> None:
    """Create an output folder (and its parents) or say clearly why it cannot be."""
    if folder.is_symlink() and not folder.is_dir():
        raise UsageError(f"cannot write into {folder}: it is a broken symbolic link", hint)
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"cannot write into {folder}: it exists and is not a folder", hint)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"cannot create the folder {folder}: {_reason(exc)}", hint) from None


def recover(folder: Path) -> None:
    """Finish or remove what a killed run left in folder (see the module docstring)."""
    with contextlib.suppress(OSError):
        for entry in os.scandir(folder):
            if entry.name.startswith(STAGING_PREFIX) and _made_by_us(entry):
                staging = Path(entry.path)
                if (staging / COMPLETE).exists():
                    _finish(staging)
                else:
                    shutil.rmtree(staging, ignore_errors=True)


def _made_by_us(entry: os.DirEntry[str]) -> bool:
    """A real folder of ours, private as mkdtemp makes it; anything else there is left alone.

    A folder of that name that came with a checkout (git gives folders the umask's
    mode) is then never taken for a staging folder and moved over other files.
    """
    if not entry.is_dir(follow_symlinks=False):
        return False
    info = entry.stat(follow_symlinks=False)
    return info.st_uid == os.getuid() and stat.S_IMODE(info.st_mode) == 0o700


def _folder_of(path: Path) -> Path:
    return path.parent if str(path.parent) else Path(".")


def _classify(path: Path, hint: str) -> os.stat_result | None:
    """The target's own stat (None when it does not exist yet), or the refusal."""
    folder = _folder_of(path)
    try:
        own = os.lstat(path)
    except FileNotFoundError:
        if not folder.is_dir():
            why = "is not a folder" if folder.exists() else "does not exist"
            raise UsageError(f"cannot write {path}: {folder} {why}", hint) from None
        return None
    except OSError as exc:
        raise UsageError(f"cannot write {path}: {_reason(exc)}", hint) from None
    if stat.S_ISREG(own.st_mode):
        return own
    if stat.S_ISDIR(own.st_mode):
        raise UsageError(f"cannot write {path}: it is a folder", hint)
    if stat.S_ISLNK(own.st_mode):
        try:
            target = os.stat(path)
        except OSError:
            raise UsageError(f"cannot write {path}: it is a broken symbolic link", hint) from None
        if _is_device(target):
            return target
        raise UsageError(
            f"cannot write {path}: it is a symbolic link; svcstd does not replace links",
            "give the path the link points to, or remove the link",
        )
    if _is_device(own):
        return own
    raise UsageError(f"cannot write {path}: it is not a regular file", hint)


def _is_device(info: os.stat_result | None) -> bool:
    """A character device or a pipe: written through, never replaced."""
    return info is not None and (stat.S_ISCHR(info.st_mode) or stat.S_ISFIFO(info.st_mode))


def _stage(folder: Path, files: list[tuple[Path, bytes]], hint: str) -> Path:
    """Write every file of one folder into a new staging folder there; mark it complete."""
    recover(folder)
    try:
        staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=folder))
    except OSError as exc:
        raise UsageError(f"cannot write into {folder}: {_reason(exc)}", hint) from None
    try:
        names = []
        for n, (path, data) in enumerate(files):
            _write_new(staging / str(n), data, _kept_mode(path))
            names.append(f"{n}\0{path.name}")
        _write_new(staging / _MAP, "\n".join(names).encode("utf-8"), 0o600)
        _write_new(staging / COMPLETE, b"", 0o600)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise UsageError(f"cannot write {files[0][0]}: {_reason(exc)}", hint) from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return staging


def _write_new(path: Path, data: bytes, mode: int | None) -> None:
    """Create path with data, flushed to disk; mode None means what the umask gives."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    with os.fdopen(fd, "wb") as out:
        if mode is not None:
            os.fchmod(out.fileno(), mode)
        out.write(data)
        out.flush()
        os.fsync(out.fileno())


def _kept_mode(path: Path) -> int | None:
    """An existing regular file's permissions (kept on replace), else None."""
    try:
        info = os.lstat(path)
    except OSError:
        return None
    return stat.S_IMODE(info.st_mode) if stat.S_ISREG(info.st_mode) else None


def _finish(staging: Path) -> None:
    """Move every staged file over its target, then remove the staging folder."""
    for name, final in _staged_names(staging):
        with contextlib.suppress(FileNotFoundError):  # moved already by a killed run
            os.replace(staging / name, staging.parent / final)
    shutil.rmtree(staging, ignore_errors=True)


def _staged_names(staging: Path) -> Iterator[tuple[str, str]]:
    text = (staging / _MAP).read_text(encoding="utf-8")
    for line in filter(None, text.split("\n")):
        name, _, final = line.partition("\0")
        if name.isdigit() and final and "/" not in final and final not in (".", ".."):
            yield name, final


def _write_through(path: Path, data: bytes, hint: str) -> None:
    try:
        with open(path, "wb") as out:
            out.write(data)
    except OSError as exc:
        raise UsageError(f"cannot write {path}: {_reason(exc)}", hint) from None


def _reason(exc: OSError) -> str:
    return exc.strerror.lower() if exc.strerror else str(exc)
