"""Every document of a repository by id, with its terms and links, but not yet built.

Answering a question needs only the few documents around the match: the owning
role, its team, deputy and manager, the standards covering the topic and the
roles, teams and SOPs they name. :meth:`Catalogue.organisation` builds the model
from just those: building an answer costs the same on 80 documents as on 10,000
(reading the index and checking the files' fingerprints still grow with the
repository).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from functools import cached_property
from typing import Any, TypeVar

from svcstd import model as m
from svcstd.build import build_organisation
from svcstd.loader import SourceDocument
from svcstd.whois.index import Entry, Terms
from svcstd.whois.table import Table

T = TypeVar("T")

_TOPIC_KINDS = frozenset({"topic", "synonym", "role", "responsibility"})
_OWNER_LINK = {"team": "lead", "standard": "owner", "sop": "owner"}


def _pick(column: list[T], rows: list[int]) -> list[T]:
    return [column[i] for i in rows]


class Catalogue:
    """The repository as whois searches it: terms, documents by id, and how to build them."""

    def __init__(
        self,
        config: m.Config,
        table: Table,
        parsed: dict[str, list[dict[str, Any]]],
        read: Callable[[str, str], list[dict[str, Any]]],
    ) -> None:
        self.config, self.table = config, table
        # Documents by file, and how to get more: read(path, sha256).
        self._parsed, self._read = parsed, read
        self._links: dict[int, dict[str, Any]] = {}
        self.by_id = table.first_definitions()  # id → row in table.docs
        self.skipped = table.docs.usable.count(False) + table.files.failed.count(True)

    @cached_property
    def terms(self) -> Terms:
        """Every searchable term: teams, roles, standards, SOPs (model order), file order within."""
        t, ids = self.table.terms, self.table.docs.id
        refs = [ids[row] for row in t.doc]
        if len(self.by_id) == self.table.docs.usable.count(True):  # no id defined twice
            return Terms(t.term, t.norm, t.kind, refs, t.topic, t.language, t.stems)
        # Only the first definition of an id is searched, as only it is built.
        keep = [i for i, row in enumerate(t.doc) if self.by_id.get(ids[row]) == row]
        return Terms(
            _pick(t.term, keep),
            _pick(t.norm, keep),
            _pick(t.kind, keep),
            _pick(refs, keep),
            _pick(t.topic, keep),
            _pick(t.language, keep),
            [_pick(column, keep) for column in t.stems],
        )

    def kind(self, ident: str | None) -> str | None:
        row = self.by_id.get(ident or "")
        return None if row is None else self.table.docs.kind[row]

    def links(self, ident: str) -> dict[str, Any]:
        """The links of a document (decoded once, when an answer first needs them)."""
        row = self.by_id.get(ident)
        if row is None:
            return {}
        if row not in self._links:
            self._links[row] = json.loads(self.table.docs.links[row])
        return self._links[row]

    def owner_id(self, entry: Entry) -> str:
        """The id of the role that answers for an entry (or the entry itself if none)."""
        if entry.kind in _TOPIC_KINDS:
            role: str | None = entry.ref
        else:
            role = self.links(entry.ref).get(_OWNER_LINK[entry.kind])
        return role if role and self.kind(role) == "role" else f"{entry.kind}:{entry.ref}"

    # ------------------------------------------------------------ building the model

    def organisation(self, ids: Iterable[str] | None = None) -> m.Organisation:
        """The model of the given documents (linked among themselves), or of all of them."""
        docs = self.table.docs
        if ids is None:  # every usable document: the builder keeps the first of an id
            rows = [row for row, usable in enumerate(docs.usable) if usable]
        else:
            rows = sorted({self.by_id[i] for i in ids if i in self.by_id})
        org, _ = build_organisation(self.config, [self._source(row) for row in rows])
        return org

    def _source(self, row: int) -> SourceDocument:
        files, file = self.table.files, self.table.docs.file[row]
        path = files.path[file]
        if path not in self._parsed:
            self._parsed[path] = self._read(path, files.sha256[file])
        return SourceDocument(path, self._parsed[path][self.table.docs.position[row]])

    # ------------------------------------------------------------ what an answer needs

    def _linked(self, kind: str, link: str, value: str | None) -> list[str]:
        ids = self.table.docs.id
        return [ids[row] for row in self.table.reverse.find(kind, link, value or "")]

    def _link(self, ident: str, link: str) -> list[str]:
        value = self.links(ident).get(link)
        return [v for v in (value if isinstance(value, list) else [value]) if isinstance(v, str)]

    def needed(self, entries: Iterable[Entry]) -> set[str]:
        """The ids of every document the answers about these entries read (see answer.py)."""
        ids: set[str] = set()
        for entry in entries:
            ids |= self._seed(entry)
        for ident in list(ids):
            ids |= self._standards_of(ident)
        for ident in [i for i in ids if self.kind(i) == "standard"]:
            ids |= self._around_standard(ident)
        for ident in list(ids):
            ids |= self._around(ident)
        return ids

    def _seed(self, entry: Entry) -> set[str]:
        ids = {entry.ref}
        if entry.kind == "team":
            ids |= set(self._link(entry.ref, "lead"))
        elif entry.kind == "standard":  # the roles owning the topics it covers
            for term in self._link(entry.ref, "topics"):
                ids |= set(self._linked("role", "terms", term))
        elif entry.kind == "sop":
            owners = self._link(entry.ref, "owner")
            ids |= {*owners, *self._link(entry.ref, "related_standards")}
            ids |= {t for o in owners for t in self._link(o, "team")}
        return ids

    def _standards_of(self, ident: str) -> set[str]:
        if self.kind(ident) == "role":
            terms = self._link(ident, "terms")
            covering = {s for t in terms for s in self._linked("standard", "topics", t)}
            return covering | set(self._linked("standard", "owner", ident))
        if self.kind(ident) == "team":
            return set(self._linked("standard", "provider", ident))
        return set()

    def _around_standard(self, ident: str) -> set[str]:
        ids = {
            *self._link(ident, "provider"),
            *self._link(ident, "owner"),
            *self._link(ident, "escalation"),
            *self._link(ident, "related_sops"),
            *self._linked("sop", "related_standards", ident),
            *self._linked("feedback", "standard", ident),
            *self._linked("action", "standard", ident),
        }
        for channel in self._link(ident, "channels"):
            ids |= set(self._linked("team", "channels", channel))
        return ids

    def _around(self, ident: str) -> set[str]:
        links = {"role": ("team", "deputy", "reports_to"), "team": ("lead",)}
        return {
            v for link in links.get(self.kind(ident) or "", ()) for v in self._link(ident, link)
        }
