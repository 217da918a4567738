"""Comparing two sides by content id: only the files that differ are read and compared.

A snapshot is a side as {path: git blob id}: ``git ls-tree`` for a revision, or the
files' hashes for a folder. Files with the same id on both sides hold the same
documents, so they cannot change the meaning; only the others are parsed,
validated and handed to the differ. What a change *affects* (the customers of the
standards relying on it) needs every document of both sides, but only a small
part of each: that part is cached per blob id under ``.svcstd-cache/``, so a
second comparison on a large repository reads almost nothing.

The result is the same as loading both sides whole (a test compares the two).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from msgspec import Struct, field

from svcstd.build import build_config, build_organisation
from svcstd.cachefile import blob_id, cache_path, code_salt, read_json, write_json
from svcstd.diff.chains import may_move_chains, with_chain_effects
from svcstd.diff.engine import (
    Contribution,
    contribution,
    diff_organisations,
    reliance_of,
    stale_translation_notes,
)
from svcstd.diff.feedback import history_of
from svcstd.diff.report import DiffResult
from svcstd.errors import ConfigError
from svcstd.files import yaml_paths
from svcstd.loader import LoadResult, SourceDocument, load_bytes
from svcstd.model import Config, Organisation
from svcstd.repository import CONFIG_NAME
from svcstd.schema import validate_document

if TYPE_CHECKING:
    from git import Repo

SUMMARY_FILE = "diff-blobs.json"


class Snapshot(Struct):
    """One side: its label, every file's blob id, and how to read a file."""

    label: str
    blobs: dict[str, str]  # path inside the standards folder -> blob id
    read: Callable[[str], bytes]
    notes: list[str] = field(default_factory=list)

    def config(self) -> Config:
        if CONFIG_NAME not in self.blobs:
            raise ConfigError(
                f"no {CONFIG_NAME} at {self.label}",
                "give a revision at which the standards folder existed",
            )
        result = load_bytes(self.read(CONFIG_NAME), f"{self.label}:{CONFIG_NAME}")
        if result.findings:
            first = result.findings[0]
            raise ConfigError(f"{first.file}:{first.line}: {first.message}", first.hint)
        return build_config(result.documents[0])


def revision_snapshot(repo: Repo, rev: str, folder: PurePosixPath, label: str) -> Snapshot:
    """The standards folder at a revision, from one ``git ls-tree``."""
    from svcstd import git

    commit = git.resolve(repo, rev)
    blobs = git.tree_blobs(repo, commit, folder)
    return Snapshot(label, blobs, lambda rel: git.read_blob(repo, blobs[rel]))


def folder_snapshot(root: Path, label: str) -> Snapshot:
    """The standards in a folder on disk, each file hashed as git would."""

    def read(rel: str) -> bytes:
        with open(os.path.join(root, rel), "rb") as source:
            return source.read()

    rels = yaml_paths(root)
    return Snapshot(label, {rel: blob_id(read(rel)) for rel in rels}, read)


def compare_snapshots(before: Snapshot, after: Snapshot, cache_root: Path | None) -> DiffResult:
    """The semantic diff of two snapshots, reading only the files that differ."""
    changed = sorted(
        rel
        for rel in before.blobs.keys() | after.blobs.keys()
        if rel != CONFIG_NAME and before.blobs.get(rel) != after.blobs.get(rel)
    )
    sides = [_Side(s, s.config()) for s in (before, after)]
    notes = [*before.notes, *after.notes]
    unreadable = {rel: why for side in sides for rel, why in side.unreadable(changed)}
    for _rel, why in sorted(unreadable.items()):
        notes.append(f"{why}; its documents are left out on both sides, so nothing in it "
                     "is reported as added, changed or removed")  # fmt: skip
    changed = [rel for rel in changed if rel not in unreadable]
    summaries = _Summaries(cache_root)
    reliance, histories, every = [], [], []
    for side in sides:
        found, skipped = summaries.of(side)
        contributions = list(found)
        every.extend(contributions)
        reliance.append(reliance_of(contributions))
        histories.append(history_of(contributions))
        if skipped:
            notes.append(
                f"{side.snapshot.label}: {skipped} document(s) fail the schema and were left "
                "out; run svcstd lint"
            )
    summaries.save()
    old, new = (side.organisation(changed) for side in sides)
    changes = diff_organisations(old, new, reliance, (histories[0], histories[1]))
    if may_move_chains(changes, every):  # chains need both sides whole: read the rest too
        whole = [side.organisation(side.all_files()) for side in sides]
        changes = with_chain_effects(changes, whole[0], whole[1])
    notes.extend(stale_translation_notes(changes))
    return DiffResult(before.label, after.label, changes, notes)


class _Side:
    def __init__(self, snapshot: Snapshot, config: Config) -> None:
        self.snapshot, self.config = snapshot, config
        self._changed: dict[str, LoadResult] = {}  # the files that differ, read once

    def _load(self, rel: str) -> LoadResult:
        found = self._changed.get(rel)
        if found is None:
            found = load_bytes(self.snapshot.read(rel), f"{self.snapshot.label}:{rel}")
        return found

    def unreadable(self, rels: list[str]) -> Iterator[tuple[str, str]]:
        """(path, why) for each of these files present on this side that does not load cleanly.

        Such a file's documents cannot be compared: left out, it would look removed.
        """
        for rel in rels:
            if rel not in self.snapshot.blobs:
                continue
            self._changed[rel] = self._load(rel)
            findings = self._changed[rel].findings
            if findings:
                first = findings[0]
                yield rel, f"{first.file}:{first.line}: cannot be read ({first.message})"

    def valid_documents(self, rel: str) -> tuple[list[SourceDocument], int]:
        """The documents of one file that pass the schema, and how many do not."""
        docs = self._load(rel).documents
        valid = [d for d in docs if not validate_document(d)]
        return valid, len(docs) - len(valid)

    def all_files(self) -> list[str]:
        """Every document file of this side (not the configuration)."""
        return sorted(rel for rel in self.snapshot.blobs if rel != CONFIG_NAME)

    def organisation(self, rels: list[str]) -> Organisation:
        """The model of just these files (what the differ compares)."""
        present = [rel for rel in rels if rel in self.snapshot.blobs]
        valid = [d for rel in present for d in self.valid_documents(rel)[0]]
        return build_organisation(self.config, valid)[0]


class _Summaries:
    """Per blob id: its documents' contributions to reliance, and how many fail the schema."""

    def __init__(self, root: Path | None) -> None:
        self.path = cache_path(root, SUMMARY_FILE) if root else None
        self.salt = code_salt()
        stored = read_json(self.path, self.salt) if self.path else None
        self.known: dict[str, Any] = stored if isinstance(stored, dict) else {}
        self.used: set[str] = set()
        self.dirty = False

    def of(self, side: _Side) -> tuple[Iterator[Contribution], int]:
        contributions: list[Contribution] = []
        skipped = 0
        for rel, blob in sorted(side.snapshot.blobs.items(), key=lambda kv: kv[0].split("/")):
            if rel == CONFIG_NAME:
                continue
            summary = self.known.get(blob)
            if summary is None or not _well_formed(summary):
                summary = self._summarise(side, rel)
                self.known[blob], self.dirty = summary, True
            self.used.add(blob)
            contributions.extend(summary["docs"])
            skipped += summary["skipped"]
        return iter(contributions), skipped

    def _summarise(self, side: _Side, rel: str) -> dict[str, Any]:
        valid, skipped = side.valid_documents(rel)
        org, _ = build_organisation(side.config, valid)
        return {"docs": [contribution(d) for d in org.documents()], "skipped": skipped}

    def save(self) -> None:
        if self.path and (self.dirty or self.used != self.known.keys()):
            write_json(self.path, self.salt, {b: self.known[b] for b in sorted(self.used)})


def _well_formed(summary: Any) -> bool:
    return (
        isinstance(summary, dict)
        and isinstance(summary.get("docs"), list)
        and isinstance(summary.get("skipped"), int)
        and all(isinstance(d, dict) and "kind" in d and "id" in d for d in summary["docs"])
        # A summary from before standards recorded their topics is made again.
        and all("topics" in d for d in summary["docs"] if d["kind"] == "standard")
        # ... and from before feedback periods recorded their counts (the score history).
        and all("counts" in d for d in summary["docs"] if d["kind"] == "feedback")
        # ... and from before chains: the targets SOP steps serve, the external promises.
        and all("handoffs" in d for d in summary["docs"] if d["kind"] == "sop")
        and all("promises" in d for d in summary["docs"] if d["kind"] == "standard")
    )
