"""Writing reports to files: atomically, so a reader never sees half a report."""

from __future__ import annotations

from pathlib import Path

from svcstd.writer import write_text


def write_atomic(path: Path, text: str) -> None:
    """Write a report (or another text output) through svcstd's one writer."""
    write_text(path, text, "choose another output path")
