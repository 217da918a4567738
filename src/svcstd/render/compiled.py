"""Jinja2's compiled templates, kept between runs: compiling the handbook's templates costs
about 0.25 s of CPU on every HTML or Markdown render, loading them a few milliseconds.

The cache is Jinja2's own FileSystemBytecodeCache in its default folder,
``<temp>/_jinja2-cache-<uid>``, which Jinja2 creates for the current user alone (mode 0700) and
refuses when another user owns it or may write to it: what it holds is code, so it must never
live in the standards repository (``.svcstd-cache`` could be committed by anyone). Each entry is
keyed by the template's file and checked against a hash of its source and the versions of
Jinja2 and Python, so an edited or overriding template is compiled again. A folder that cannot
be used, or an entry that cannot be read or written, only means compiling as before.
"""

from __future__ import annotations

import contextlib

from jinja2 import FileSystemBytecodeCache
from jinja2.bccache import Bucket


class CompiledTemplates(FileSystemBytecodeCache):
    """FileSystemBytecodeCache that treats any failure to read or write an entry as a miss."""

    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except (OSError, EOFError, ValueError, TypeError):  # unreadable or damaged: compile
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        with contextlib.suppress(OSError):  # a full or read-only disk: the next run compiles
            super().dump_bytecode(bucket)


def compiled_templates() -> CompiledTemplates | None:
    """The cache in Jinja2's per-user folder, or None when that folder is refused or unusable."""
    try:
        return CompiledTemplates()
    except (OSError, RuntimeError):  # RuntimeError: Jinja2 found the folder unsafe
        return None
