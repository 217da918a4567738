"""The two sides of a comparison: a git revision or a folder, loaded into an Organisation.

Both kinds of side go through the same pipeline as ``svcstd lint`` (loader →
schema → build), so a revision is read exactly as the working tree would be.
Documents that do not pass the schema are left out and counted, not guessed at.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from msgspec import Struct, field

from svcstd.errors import ConfigError
from svcstd.findings import Finding
from svcstd.loader import SourceDocument, load_text
from svcstd.model import Organisation
from svcstd.pipeline import build_loaded
from svcstd.repository import CONFIG_NAME, Repository, display_path, find_root, load_repository

if TYPE_CHECKING:
    from git import Repo


class Side(Struct):
    """One side of a comparison: what it is called, and the organisation it holds."""

    label: str
    org: Organisation | None  # None: nothing there yet (before the first edition)
    skipped: int = 0  # documents left out because they do not pass the schema
    notes: list[str] = field(default_factory=list)
    prefix: str = ""  # what each document's file name starts with before its path in the folder
    unreadable: dict[str, str] = field(default_factory=dict)  # path -> why it cannot be read

    def rel(self, file: str) -> str:
        """A document's file as a path inside the standards folder."""
        return file.removeprefix(self.prefix)


def folder_side(path: Path, label: str | None = None, reader: str | None = None) -> Side:
    """The standards in a folder on disk (texts in the reader's language, when given)."""
    root = find_root(path)
    repo = load_repository(root)
    prefix = display_path(root)
    prefix = "" if prefix == "." else prefix.rstrip("/") + "/"
    loaded = build_loaded(repo, reader)
    side = Side(label or str(path), loaded.org, loaded.invalid, prefix=prefix)
    for finding in repo.findings:
        side.unreadable.setdefault(side.rel(finding.file), _why(finding))
    return side


def _why(finding: Finding) -> str:
    return f"{finding.file}:{finding.line}: cannot be read ({finding.message})"


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
    documents, unreadable = [], {}
    for rel, text in sorted(texts.items()):
        result = load_text(text, f"{name}:{rel}")
        documents.extend(result.documents)
        if result.findings:
            unreadable[rel] = _why(result.findings[0])
    loaded = build_loaded(Repository(Path(name), config, documents))
    return Side(name, loaded.org, loaded.invalid, prefix=f"{name}:", unreadable=unreadable)


def _load_one(text: str, file: str) -> SourceDocument:
    result = load_text(text, file)
    if result.findings:
        first = result.findings[0]
        raise ConfigError(f"{first.file}:{first.line}: {first.message}", first.hint)
    return result.documents[0]


def empty_side(label: str) -> Side:
    """Nothing: the side before the first edition."""
    return Side(label, None)
