"""Every document of a repository by id, with its terms and links, but not yet built.

Answering a question needs only the few documents around the match: the owning
role, its team, deputy and manager, the standards covering the topic and the
roles, teams and SOPs they name. :meth:`Catalogue.organisation` builds the model
from just those: building an answer costs the same on 80 documents as on 10,000
(reading the index and hashing the files still grow with the repository).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from svcstd import model as m
from svcstd.build import build_organisation
from svcstd.loader import SourceDocument
from svcstd.whois.index import Entry
from svcstd.whois.records import KINDS, DocInfo, Record

_TOPIC_KINDS = frozenset({"topic", "synonym", "role", "responsibility"})
_OWNER_LINK = {"team": "lead", "standard": "owner", "sop": "owner"}
# The links followed backwards ("which standards cover this term?"); only these are indexed.
_REVERSED = {
    "role": ("terms",),
    "standard": ("topics", "owner", "provider"),
    "sop": ("related_standards",),
    "team": ("channels",),
}


@dataclass(frozen=True, eq=False)
class Located:
    """A usable document and the file it is in."""

    rel: str
    info: DocInfo

    @property
    def links(self) -> dict[str, Any]:
        return self.info.links


class Catalogue:
    """The repository as whois searches it: entries, documents by id, and how to build them."""

    def __init__(
        self,
        config: m.Config,
        records: dict[str, Record],
        parsed: dict[str, list[dict[str, Any]]],
        read: Callable[[str, Record], list[dict[str, Any]]],
    ) -> None:
        self.config, self.records = config, records
        self._parsed, self._read = parsed, read  # documents by file, and how to get more
        self.located = [Located(rel, d) for rel, r in records.items() for d in r.docs if d.usable]
        self.by_id: dict[str, Located] = {}
        for loc in self.located:  # the first definition of an id wins, as in the builder
            self.by_id.setdefault(loc.info.id, loc)
        unusable = sum(1 for r in records.values() for d in r.docs if not d.usable)
        self.skipped = unusable + sum(1 for r in records.values() if r.failed)

    @cached_property
    def entries(self) -> list[Entry]:
        """Every searchable term: teams, roles, standards, SOPs (model order), file order within."""
        first = [loc for loc in self.located if self.by_id[loc.info.id] is loc]
        first.sort(key=lambda loc: KINDS.index(loc.info.kind))
        return [e for loc in first for e in loc.info.entries]

    def kind(self, ident: str | None) -> str | None:
        loc = self.by_id.get(ident or "")
        return loc.info.kind if loc else None

    def owner_id(self, entry: Entry) -> str:
        """The id of the role that answers for an entry (or the entry itself if none)."""
        if entry.kind in _TOPIC_KINDS:
            role: str | None = entry.ref
        else:
            role = self.by_id[entry.ref].links.get(_OWNER_LINK[entry.kind])
        return role if role and self.kind(role) == "role" else f"{entry.kind}:{entry.ref}"

    # ------------------------------------------------------------ building the model

    def organisation(self, ids: Iterable[str] | None = None) -> m.Organisation:
        """The model of the given documents (linked among themselves), or of all of them."""
        wanted = self.located if ids is None else [self.by_id[i] for i in ids if i in self.by_id]
        order = {loc: n for n, loc in enumerate(self.located)}
        sources = [self._source(loc) for loc in sorted(set(wanted), key=order.__getitem__)]
        org, _ = build_organisation(self.config, sources)
        return org

    def _source(self, loc: Located) -> SourceDocument:
        if loc.rel not in self._parsed:
            self._parsed[loc.rel] = self._read(loc.rel, self.records[loc.rel])
        return SourceDocument(loc.rel, self._parsed[loc.rel][loc.info.position])

    # ------------------------------------------------------------ what an answer needs

    @cached_property
    def _by_link(self) -> dict[tuple[str, str, str], list[str]]:
        """(kind, link, value) → ids of live documents of that kind whose link holds the value."""
        index: dict[tuple[str, str, str], list[str]] = defaultdict(list)
        for ident, loc in self.by_id.items():
            kind = loc.info.kind
            if loc.links.get("status") == "retired":
                continue
            for link in _REVERSED.get(kind, ()):
                value = loc.links.get(link)
                for item in value if isinstance(value, list) else [value]:
                    if isinstance(item, str):
                        index[(kind, link, item)].append(ident)
        return index

    def _linked(self, kind: str, link: str, value: str | None) -> list[str]:
        return self._by_link.get((kind, link, value or ""), [])

    def _link(self, ident: str, link: str) -> list[str]:
        loc = self.by_id.get(ident)
        value = loc.links.get(link) if loc else None
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
        }
        for channel in self._link(ident, "channels"):
            ids |= set(self._linked("team", "channels", channel))
        return ids

    def _around(self, ident: str) -> set[str]:
        links = {"role": ("team", "deputy", "reports_to"), "team": ("lead",)}
        return {
            v for link in links.get(self.kind(ident) or "", ()) for v in self._link(ident, link)
        }
