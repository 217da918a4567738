"""Writing reports to files: atomically, so a reader never sees half a report."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from svcstd.errors import UsageError


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to a temporary file beside ``path``, then rename it into place."""
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise UsageError(
            f"cannot write {path}: the folder {folder} does not exist",
            "create the folder first, or choose another --output",
        )
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as out:
            out.write(text)
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise UsageError(
            f"cannot write {path}: {exc.strerror}", "choose another --output"
        ) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
