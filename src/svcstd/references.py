"""The id index of a repository and the check that every reference resolves.

Which fields refer to what is data (REFERENCES), not code: adding a reference
field to a schema means adding one line here.
"""

from __future__ import annotations

from collections.abc import Iterator
from collections.abc import Set as AbstractSet
from typing import Any

from msgspec import Struct, field

from svcstd.findings import Finding, JsonPath, Severity, format_path
from svcstd.loader import SourceDocument
from svcstd.schema import is_id
from svcstd.suggest import did_you_mean

# kind -> [(path pattern, kinds it may name)]. "*" walks every list item;
# "channel" and "calendar" are ids defined inside teams and the configuration.
REFERENCES: dict[str, list[tuple[str, tuple[str, ...]]]] = {
    "team": [
        ("parent", ("team",)),
        ("lead", ("role",)),
        ("service_hours", ("calendar",)),
        ("channels.*.hours", ("calendar",)),
    ],
    "role": [("team", ("team",)), ("reports_to", ("role",)), ("deputy", ("role",))],
    "standard": [
        ("provider", ("team",)),
        ("customers.*", ("team",)),
        ("owner", ("role",)),
        ("channels.*", ("channel",)),
        ("hours", ("calendar",)),
        ("escalation.*.to", ("role",)),
        ("targets.*.calendar", ("calendar",)),
        ("targets.*.escalation.*.to", ("role",)),
        ("feedback.owner", ("role",)),
        ("review.by", ("role",)),
        ("supersedes", ("standard",)),
        ("related_sops.*", ("sop",)),
    ],
    "sop": [
        ("owner", ("role",)),
        ("steps.*.role", ("role",)),
        ("steps.*.handoff", ("role",)),
        ("raci.*.responsible.*", ("role",)),
        ("raci.*.accountable.*", ("role",)),
        ("raci.*.consulted.*", ("role",)),
        ("raci.*.informed.*", ("role",)),
        ("sipoc.suppliers.*", ("team", "role")),
        ("sipoc.customers.*", ("team", "role")),
        ("related_standards.*", ("standard",)),
        ("review.by", ("role",)),
    ],
    "waiver": [
        ("document", ("team", "role", "standard", "sop")),
        ("approver", ("role",)),
    ],
    "feedback": [("standard", ("standard",)), ("results.*.customer", ("team",))],
    "action": [("standard", ("standard",)), ("answers", ("feedback",)), ("owner", ("role",))],
}


class IdIndex(Struct):
    """Every id defined in the repository, with its kind and where it was defined."""

    by_id: dict[str, list[tuple[str, SourceDocument, JsonPath]]] = field(default_factory=dict)
    calendars: set[str] = field(default_factory=set)

    def add(self, ident: str, kind: str, doc: SourceDocument, path: JsonPath) -> None:
        self.by_id.setdefault(ident, []).append((kind, doc, path))

    def kinds_of(self, ident: str) -> set[str]:
        kinds = {kind for kind, _, _ in self.by_id.get(ident, ())}
        return kinds | {"calendar"} if ident in self.calendars else kinds

    def defines(self, ident: str, kinds: AbstractSet[str]) -> bool:
        """True when ident is the id of something of one of these kinds."""
        if "calendar" in kinds and ident in self.calendars:
            return True
        return any(kind in kinds for kind, _, _ in self.by_id.get(ident, ()))

    def ids_of(self, kinds: tuple[str, ...]) -> list[str]:
        found = {i for i, defs in self.by_id.items() if any(k in kinds for k, _, _ in defs)}
        return sorted(found | self.calendars if "calendar" in kinds else found)


def build_index(documents: list[SourceDocument], calendars: list[str]) -> IdIndex:
    """Index document ids, channel ids and calendar names."""
    index = IdIndex()
    for doc in documents:
        kind, ident = doc.data.get("kind"), doc.data.get("id")
        if isinstance(kind, str) and isinstance(ident, str):
            index.add(ident, kind, doc, ("id",))
        if kind == "team":
            for path, value in walk(doc.data, "channels.*.id"):
                if isinstance(value, str):
                    index.add(value, "channel", doc, path)
    index.calendars.update(calendars)
    return index


def walk(data: Any, pattern: str, prefix: JsonPath = ()) -> list[tuple[JsonPath, Any]]:
    """(path, value) of every value matching a dotted pattern with '*' for list items."""
    if "." not in pattern and pattern != "*":  # most references are one plain field
        if isinstance(data, dict) and pattern in data:
            return [((*prefix, pattern), data[pattern])]
        return []
    level: list[tuple[JsonPath, Any]] = [(prefix, data)]
    for head in pattern.split("."):
        # Breadth first, one pattern step at a time: ten thousand documents, no recursion.
        found: list[tuple[JsonPath, Any]] = []
        for path, value in level:
            if head == "*":
                if isinstance(value, list):
                    found.extend(((*path, i), item) for i, item in enumerate(value))
            elif isinstance(value, dict) and head in value:
                found.append(((*path, head), value[head]))
        level = found
    return level


def iter_duplicate_ids(index: IdIndex) -> Iterator[Finding]:
    """One finding at each place an id is defined more than once."""
    for ident, places in sorted(index.by_id.items()):
        if len(places) < 2:
            continue
        for kind, doc, path in places:
            others = [f"{d.file}:{d.where(p)[0]}" for _, d, p in places if (d, p) != (doc, path)]
            line, col = doc.where(path)
            yield Finding(
                doc.file,
                line,
                col,
                "refs/duplicate-id",
                Severity.ERROR,
                f"the id {ident!r} ({kind}) is also defined at {', '.join(others)}",
                "ids must be unique across the repository; rename one of them",
                path,
            )


def iter_unknown_references(documents: list[SourceDocument], index: IdIndex) -> Iterator[Finding]:
    """A finding for every reference that names no id of an allowed kind."""
    for doc in documents:
        for pattern, kinds in REFERENCES.get(str(doc.data.get("kind")), ()):
            allowed = frozenset(kinds)
            for path, value in walk(doc.data, pattern):
                # A value not in the form of an id is the schema's finding (schema/invalid),
                # with a hint to fix its form; "define a role with id 'boss, big: 50%'"
                # would only mislead.
                if isinstance(value, str) and is_id(value) and not index.defines(value, allowed):
                    yield _unknown(doc, path, value, kinds, index)


def _unknown(
    doc: SourceDocument, path: JsonPath, value: str, kinds: tuple[str, ...], index: IdIndex
) -> Finding:
    what = " or ".join(kinds)
    wrong_kind = index.kinds_of(value)
    if wrong_kind:
        hint = f"{value!r} is a {' and '.join(sorted(wrong_kind))}, not a {what}"
    else:
        known = [i for i in index.ids_of(kinds) if is_id(i)]  # never suggest a malformed id
        hint = did_you_mean(value, known) or f"define a {what} with id {value!r}"
    line, col = doc.where(path)
    return Finding(
        doc.file,
        line,
        col,
        "refs/unknown-reference",
        Severity.ERROR,
        f"{format_path(path)}: unknown {what} {value!r}",
        hint,
        path,
    )
