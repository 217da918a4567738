"""The two sides of a comparison: a git revision or a folder, loaded into an Organisation.

Both kinds of side go through the same pipeline as ``svcstd lint`` (loader →
schema → build), so a revision is read exactly as the working tree would be.
Documents that do not pass the schema are left out and counted, not guessed at.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from svcstd.build import build_config, build_organisation
from svcstd.errors import ConfigError
from svcstd.loader import SourceDocument, load_text
from svcstd.model import Organisation
from svcstd.repository import CONFIG_NAME, find_root, load_repository
from svcstd.schema import iter_schema_findings, validate_document

if TYPE_CHECKING:
    from git import Repo


@dataclass
class Side:
    """One side of a comparison: what it is called, and the organisation it holds."""

    label: str
    org: Organisation | None  # None: nothing there yet (before the first edition)
    skipped: int = 0  # documents left out because they do not pass the schema
    notes: list[str] = field(default_factory=list)


def organisation_from(
    config: SourceDocument, documents: list[SourceDocument]
) -> tuple[Organisation, int]:
    """The organisation built from schema-valid documents, and how many were left out."""
    problems = list(iter_schema_findings(config, "config"))
    if problems:
        first = problems[0]
        raise ConfigError(f"{first.file}:{first.line}: {first.message}", first.hint)
    valid = [doc for doc in documents if not validate_document(doc)]
    org, _ = build_organisation(build_config(config), valid)
    return org, len(documents) - len(valid)


def load_organisation(path: Path) -> Organisation:
    """The organisation in the standards folder holding path (no lint findings)."""
    org = folder_side(path).org
    assert org is not None  # a folder always holds an organisation
    return org


def folder_side(path: Path, label: str | None = None) -> Side:
    """The standards in a folder on disk."""
    root = find_root(path)
    repo = load_repository(root)
    org, skipped = organisation_from(repo.config, repo.documents)
    return Side(label or str(path), org, skipped)


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
    org, skipped = organisation_from(config, documents)
    return Side(name, org, skipped)


def _load_one(text: str, file: str) -> SourceDocument:
    result = load_text(text, file)
    if result.findings:
        first = result.findings[0]
        raise ConfigError(f"{first.file}:{first.line}: {first.message}", first.hint)
    return result.documents[0]


def empty_side(label: str) -> Side:
    """Nothing: the side before the first edition."""
    return Side(label, None)
