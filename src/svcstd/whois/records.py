"""What whois keeps about one source file: its searchable terms and links, per document.

A record is built once per file content (and cached in columns, :mod:`.table`):
each document is built on its own into the model, which both checks that the
builder can read it (whois skips schema-invalid documents instead of linting)
and gives its terms (:mod:`.index`) and the ids it links to.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from msgspec import Struct, field

from svcstd import model as m
from svcstd.build import build_organisation
from svcstd.kinds import KINDS
from svcstd.loader import SourceDocument
from svcstd.topics import topic_keys
from svcstd.whois.index import Entry, document_entries


class DocInfo(Struct):
    """One document of a file: where it is, whether it is usable, its terms and links."""

    id: str
    kind: str
    position: int  # its index among the file's documents
    usable: bool
    entries: list[Entry] = field(default_factory=list)
    links: dict[str, Any] = field(default_factory=dict)


class Record(Struct):
    """One source file as whois knows it."""

    sha256: str
    failed: bool  # the file did not load at all (a lint finding)
    docs: list[DocInfo] = field(default_factory=list)


def _team_links(t: m.Team) -> dict[str, Any]:
    return {"lead": t.lead_id, "channels": [c.id for c in t.channels]}


def _role_links(r: m.Role) -> dict[str, Any]:
    # Topic keys, not the words: a standard naming "Fork-Lift" covers the topic "forklifts".
    terms = sorted(
        {key for topic in r.topics for term in topic.terms() for key in topic_keys(term)}
    )
    return {"team": r.team_id, "deputy": r.deputy_id, "reports_to": r.reports_to_id, "terms": terms}


def _standard_links(s: m.Standard) -> dict[str, Any]:
    return {
        "status": s.status,
        "provider": s.provider_id,
        "owner": s.owner_id,
        "topics": sorted({key for name in s.topic_names for key in topic_keys(name)}),
        "escalation": [level.to_id for level in s.escalation],
        "channels": list(s.channel_ids),
        "related_sops": list(s.related_sop_ids),
    }


def _sop_links(s: m.Sop) -> dict[str, Any]:
    return {"owner": s.owner_id, "related_standards": list(s.related_standard_ids)}


_LINKS: dict[str, Callable[[Any], dict[str, Any]]] = {
    "team": _team_links,
    "role": _role_links,
    "standard": _standard_links,
    "sop": _sop_links,
    "waiver": lambda w: {},
    "feedback": lambda f: {"standard": f.standard_id},
    "action": lambda a: {"standard": a.standard_id, "owner": a.owner_id},
}

# The links answers follow backwards ("which standards cover this term?"), per kind:
# only these are indexed by value (:class:`.table.Reverse`).
REVERSED_LINKS = {
    "role": ("terms",),
    "standard": ("topics", "owner", "provider"),
    "sop": ("related_standards",),
    "team": ("channels",),
    # An answer shows the covering standard's last score and open actions.
    "feedback": ("standard",),
    "action": ("standard",),
}


def describe(config: m.Config, source: SourceDocument, position: int) -> DocInfo | None:
    """The DocInfo of one loaded document; None for data that is not a known kind."""
    kind, ident = source.data.get("kind"), source.data.get("id")
    if kind not in KINDS:
        return None
    try:
        org, _ = build_organisation(config, [source])
        (doc,) = org.documents()
        live = getattr(doc, "status", "active") != "retired"
        entries = document_entries(doc) if live else []
        return DocInfo(doc.id, doc.kind, position, True, entries, _LINKS[doc.kind](doc))
    except Exception:  # schema-invalid data the builder cannot read; lint reports it
        return DocInfo(str(ident), str(kind), position, False)
