"""The pipeline every command starts from: load → validate → index → build the typed model.

Lint adds its rules on top; diff, render, publish and digest read the model.
``whois`` alone takes a lighter path (no schema validation) for start-up speed.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from msgspec import Struct

from svcstd.build import build_config, build_organisation
from svcstd.errors import ConfigError
from svcstd.findings import Finding
from svcstd.loader import SourceDocument
from svcstd.model import Organisation
from svcstd.references import IdIndex, build_index, iter_duplicate_ids, iter_unknown_references
from svcstd.repository import Repository, find_root, load_repository
from svcstd.schema import iter_schema_findings, validate_document


class Loaded(Struct):
    """The repository as read, its id index, the typed model and the pipeline's findings."""

    repo: Repository
    index: IdIndex
    org: Organisation
    findings: list[Finding]
    invalid: int  # documents left out of the model because they failed the schema


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector while the standards become a model, its checks or its
    handbook (worker processes inherit the pause).

    A repository becomes many objects that all live until the command ends (documents, model,
    findings, view); the collector would walk them again and again to free nothing: a fifth of
    a large lint, and 20 ms of a PDF render's 0.35 s of Python (seven collections, each over
    the newest 50,000 objects: walking them is mostly waiting for memory). Reference counting
    still frees everything else.

    When the pause ends, the objects made during it go straight to the oldest generation
    (``gc.freeze`` then ``gc.unfreeze`` moves them there, without a collection), where a full
    collection, when one comes, still frees any cycle among them. Otherwise the first
    allocation after the pause would start a collection over all of them at once: 13 ms at
    the end of a PDF render, just before the process exits.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.unfreeze()
        if was_enabled:
            gc.enable()


def check_config(config: SourceDocument) -> None:
    """Raise ConfigError (exit 2) when svcstd.yaml does not match its schema."""
    errors = list(iter_schema_findings(config, "config"))
    if errors:
        lines = [f"{f.file}:{f.line}:{f.column}: {f.message}" for f in errors]
        raise ConfigError(
            "the configuration is invalid:\n  " + "\n  ".join(lines),
            "fix svcstd.yaml and run again",
        )


def build_loaded(repo: Repository, reader: str | None = None, references: bool = True) -> Loaded:
    """Validate every document, index ids, check references and build the model (its texts
    in the reader's language when one is given); see assemble for ``references``."""
    check_config(repo.config)
    findings = list(repo.findings)
    valid: list[SourceDocument] = []
    for doc in repo.documents:
        problems = validate_document(doc)
        findings.extend(problems)
        if not problems:
            valid.append(doc)
    return assemble(repo, valid, findings, reader, references)


def assemble(
    repo: Repository,
    valid: list[SourceDocument],
    findings: list[Finding],
    reader: str | None = None,
    references: bool = True,
) -> Loaded:
    """Index ids, check references and build the model from already validated documents.

    With ``references`` false the duplicate-id and unknown-reference findings are left out:
    the model is built the same without them, and a caller that shows no findings (render,
    measure) need not pay for them.
    """
    config = build_config(repo.config)
    index = build_index(repo.documents, list(config.calendars))
    org, build_findings = build_organisation(config, valid, reader)
    checked = reference_findings(repo.documents, index) if references else []
    invalid = len(repo.documents) - len(valid)
    return Loaded(repo, index, org, [*findings, *checked, *build_findings], invalid)


def reference_findings(documents: list[SourceDocument], index: IdIndex) -> list[Finding]:
    """Ids defined twice, and references that name no id of the kind they need."""
    return [*iter_duplicate_ids(index), *iter_unknown_references(documents, index)]


def load(path: Path, reader: str | None = None, references: bool = True) -> Loaded:
    """The pipeline for the standards repository holding ``path``; with ``reader``, the
    model's texts read in that language (svcstd.text); see assemble for ``references``."""
    return build_loaded(load_repository(find_root(path)), reader, references)


def load_organisation(path: Path, reader: str | None = None) -> Organisation:
    """The typed organisation of the repository holding ``path``, without lint findings."""
    return load(path, reader, references=False).org
