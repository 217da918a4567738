"""The two sides of a comparison: a git revision or a folder, loaded into an Organisation.

Both kinds of side go through the same pipeline as ``svcstd lint`` (loader →
schema → build), so a revision is read exactly as the working tree would be.
Documents that do not pass the schema are left out and counted, not guessed at.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from svcstd.errors import ConfigError
from svcstd.loader import SourceDocument, load_text
from svcstd.model import Organisation
from svcstd.pipeline import build_loaded
from svcstd.repository import CONFIG_NAME, Repository, find_root, load_repository

if TYPE_CHECKING:
    from git import Repo


@dataclass
class Side:
    """One side of a comparison: what it is called, and the organisation it holds."""

    label: str
    org: Organisation | None  # None: nothing there yet (before the first edition)
    skipped: int = 0  # documents left out because they do not pass the schema
    notes: list[str] = field(default_factory=list)


def folder_side(path: Path, label: str | None = None) -> Side:
    """The standards in a folder on disk."""
    loaded = build_loaded(load_repository(find_root(path)))
    return Side(label or str(path), loaded.org, loaded.invalid)


def revision_side(repo: Repo, rev: str, folder: PurePosixPath, label: str | None = None) -> Side:
    """The standards folder as it was at a git revision, read without a checkout."""
    from svcstd import git

    commit = git.resolve(repo, rev)
    texts = git.read_tree(commit, folder)
    name = label or f"{rev} ({commit.hexsha[:10]})"
    if CONFIG_NAME not in texts:
        raise ConfigError(
            f"no {folder / CONFIG_NAME} at {name}",
            "give a revision at which the standards folder existed",
        )
    config = _load_one(texts.pop(CONFIG_NAME), f"{name}:{CONFIG_NAME}")
    documents = [
        doc
        for rel, text in sorted(texts.items())
        for doc in load_text(text, f"{name}:{rel}").documents
    ]
    loaded = build_loaded(Repository(Path(name), config, documents))
    return Side(name, loaded.org, loaded.invalid)


def _load_one(text: str, file: str) -> SourceDocument:
    result = load_text(text, file)
    if result.findings:
        first = result.findings[0]
        raise ConfigError(f"{first.file}:{first.line}: {first.message}", first.hint)
    return result.documents[0]


def empty_side(label: str) -> Side:
    """Nothing: the side before the first edition."""
    return Side(label, None)
