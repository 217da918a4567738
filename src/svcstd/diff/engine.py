"""The semantic differ: what changed in the meaning of the standards between two organisations.

Documents are matched by id and list items by their natural key (see ``ITEM_KEYS``),
so moving a file, reordering a list or its keys, reformatting or re-quoting
change nothing. Each leaf that differs is classified by the field it is in
(``FIELD_CLASSES``): durations and deadlines are compared as quantities.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any

from msgspec import Struct

from svcstd.diff import compare
from svcstd.diff.compare import ITEM_KEYS
from svcstd.diff.feedback import (
    ACTION_END_FIELDS,
    SCORE_CLASSES,
    History,
    action_changes,
    feedback_changes,
    history_of,
)
from svcstd.diff.feedback import contribution as feedback_contribution
from svcstd.feedback.matrix import min_responses
from svcstd.model import (
    Action,
    Calendar,
    Document,
    FeedbackResults,
    Organisation,
    Role,
    Sop,
    Standard,
)
from svcstd.text import is_language_map, is_text_path, localised, translations
from svcstd.topics import topic_keys

if TYPE_CHECKING:
    from svcstd.diff.chains import ChainEffect

# The words for one item of each list, as shown to people.
ITEM_WORDS = {
    "targets": "target",
    "commitments": "commitment",
    "communication": "communication",
    "steps": "step",
    "channels": "channel",
    "holders": "holder",
    "topics": "topic",
    "raci": "RACI row",
    "escalation": "escalation level",
}
KIND_ORDER = ("standard", "sop", "role", "team", "waiver", "feedback", "action")
CLASSES = (
    "added",
    "removed",
    "tightened",
    "loosened",
    "owner changed",
    "people changed",
    "editorial",
    "changed",
    *SCORE_CLASSES,  # feedback and actions are reported as such (diff/feedback.py)
)

Segment = str | int
SEPARATOR = " \u203a "  # a single right-pointing angle quote between the parts of a path


class Change(Struct, frozen=True):
    """One change in meaning: where, before → after, its class and whom it affects."""

    kind: str
    id: str
    path: tuple[Segment, ...]  # machine path; list items by their key, escalation levels by number
    field: str  # the same path in words
    before: Any
    after: Any
    change: str  # one of CLASSES
    impact: tuple[str, ...]  # affected internal-customer team ids; ("all",) for every team
    # For a text changed in some languages only: the languages left as they were, whose
    # translation may now be stale.
    stale: tuple[str, ...] = ()
    chains: tuple[ChainEffect, ...] = ()  # chains to external promises it moves (diff/chains.py)

    def as_dict(self) -> dict[str, Any]:
        """The JSON shape of a change (documented in docs/diff.md)."""
        return {
            "kind": self.kind,
            "id": self.id,
            "path": list(self.path),
            "field": self.field,
            "before": self.before,
            "after": self.after,
            "change": self.change,
            "impact": list(self.impact),
            # Only where a chain moved: most changes touch no chain.
            **({"chains": [c.as_dict() for c in self.chains]} if self.chains else {}),
            **({"stale_translations": list(self.stale)} if self.stale else {}),
        }


class _Context(Struct):
    """What the leaf comparison needs: the calendar business time is counted on, and the
    document's kind and the configuration's language (for its texts)."""

    calendar: Calendar | None
    kind: str = ""
    language: str = "en"


def diff_organisations(
    before: Organisation | None,
    after: Organisation | None,
    reliance: list[Reliance] | None = None,
    histories: tuple[History, History] | None = None,
) -> list[Change]:
    """Every change in meaning from before to after, documents in a stable order.

    ``reliance`` (one per side) says who relies on what, and ``histories`` (before, after)
    every standard's feedback periods; by default both are worked out from the two
    organisations, which then must be whole. A caller comparing only the documents that
    changed passes those of the whole sides instead.
    """
    old, new = _by_key(before), _by_key(after)
    if reliance is None:
        sides = [org for org in (before, after) if org is not None]
        reliance = [reliance_of(map(contribution, org.documents())) for org in sides]
    if histories is None:
        histories = (_history(before), _history(after))
    ctx = _Sides(after or before, histories)
    changes: list[Change] = []
    for key in sorted(old.keys() | new.keys(), key=lambda k: (KIND_ORDER.index(k[0]), k[1])):
        special = _SEMANTIC.get(key[0], _document_changes)
        raw = list(special(old.get(key), new.get(key), ctx))
        impact = _impact(key[1], reliance) if raw else ()  # only changed documents need it
        for path, words, b, a, cls, *stale in raw:
            topic = _topic_of(path, old.get(key), new.get(key))
            # A topic's change reaches whoever its standards serve, not the role's other customers.
            reach = _topic_impact(topic, reliance) if topic else impact
            changes.append(
                Change(key[0], key[1], path, words, b, a, cls, reach, stale[0] if stale else ())
            )
    return changes


def stale_translation_notes(changes: list[Change]) -> list[str]:
    """One note per text changed in some languages and not in others."""
    return [
        f"{c.kind} {c.id}: {c.field} changed; the {', '.join(c.stale)} translation may be stale"
        for c in changes
        if c.stale
    ]


def _by_key(org: Organisation | None) -> dict[tuple[str, str], Document]:
    return {(d.kind, d.id): d for d in org.documents()} if org else {}


def _history(org: Organisation | None) -> History:
    return history_of(map(contribution, org.documents())) if org else {}


class _Sides(Struct, frozen=True):
    """What a document's comparison may need beyond the document: the organisation (for its
    calendars and settings) and each side's feedback history."""

    org: Organisation | None
    histories: tuple[History, History]


# (path, words, before, after, class), and for a text the languages left stale.
Raw = (
    tuple[tuple[Segment, ...], str, Any, Any, str]
    | tuple[tuple[Segment, ...], str, Any, Any, str, tuple[str, ...]]
)


def _document_changes(
    old: Document | None, new: Document | None, sides: _Sides, leave_out: tuple[str, ...] = ()
) -> Iterator[Raw]:
    if old is None or new is None:
        cls = "added" if old is None else "removed"
        yield (), "the whole document", _title(old), _title(new), cls
        return
    language = sides.org.config.language if sides.org else "en"
    ctx = _Context(_calendar(new, sides.org), new.kind, language)
    yield from _walk(_strip(old.data, leave_out), _strip(new.data, leave_out), (), [], ctx)


def _feedback_changes(old: Document | None, new: Document | None, sides: _Sides) -> Iterator[Raw]:
    minimum = min_responses(sides.org) if sides.org else 5
    yield from feedback_changes(old, new, sides.histories, minimum)


def _action_changes(old: Document | None, new: Document | None, sides: _Sides) -> Iterator[Raw]:
    special = list(action_changes(old, new))
    yield from special
    if old is None:  # an added action is all in its "opened" (or "closed") line
        return
    # Once closed, its status, day and outcome are in the "closed" line; the rest as usual.
    yield from _document_changes(old, new, sides, ACTION_END_FIELDS if special else ())


# Kinds compared by their meaning rather than field by field.
_SEMANTIC: dict[str, Callable[[Document | None, Document | None, _Sides], Iterator[Raw]]] = {
    "feedback": _feedback_changes,
    "action": _action_changes,
}


def _strip(data: dict[str, Any], leave_out: tuple[str, ...] = ()) -> dict[str, Any]:
    return {k: v for k, v in data.items() if k not in ("kind", "id", *leave_out)}


def _title(doc: Document | None) -> str | None:
    if doc is None:
        return None
    # A title in several languages is named by the one the model shows by default.
    named = getattr(doc, "title", None) or getattr(doc, "name", None)
    return str(named or doc.data.get("title") or doc.data.get("name") or doc.id)


def _calendar(doc: Document, org: Organisation | None) -> Calendar | None:
    if org is None:
        return None
    name = doc.data.get("hours") if isinstance(doc, Standard) else None
    return org.config.calendar(name if isinstance(name, str) else None)


def _walk(
    b: Any, a: Any, path: tuple[Segment, ...], words: list[str], ctx: _Context
) -> Iterator[Raw]:
    if (is_language_map(b) or is_language_map(a)) and is_text_path(ctx.kind, path):
        yield from _walk_text(b, a, path, words, ctx)
    elif isinstance(b, dict) and isinstance(a, dict):
        yield from _walk_mapping(b, a, path, words, ctx)
    elif isinstance(b, list) and isinstance(a, list) and _is_item_list(path, b + a):
        yield from _walk_items(b, a, path, words, ctx)
    elif (
        isinstance(b, list)
        and isinstance(a, list)
        and not any(isinstance(x, list) or _is_mapping(x) for x in b + a)
    ):
        yield from _walk_set(b, a, path, words)
    elif b != a:
        cls = compare.classify(path, b, a, ctx.calendar)
        if cls is not None:
            yield path, _words(words), b, a, cls


def _is_mapping(value: Any) -> bool:
    """A mapping that is not a text in several languages (which compares as one value)."""
    return isinstance(value, dict) and not is_language_map(value)


def _walk_text(
    b: Any, a: Any, path: tuple[Segment, ...], words: list[str], ctx: _Context
) -> Iterator[Raw]:
    """A text compared language by language: a plain string is in the configuration's
    language, so writing it as a map with a new translation changes only that language."""
    before, after = translations(b, ctx.language), translations(a, ctx.language)
    changed = [c for c in before.keys() & after.keys() if before[c] != after[c]]
    kept = tuple(sorted(c for c in before.keys() & after.keys() if before[c] == after[c]))
    for code in [*after, *(c for c in before if c not in after)]:
        old, new = before.get(code), after.get(code)
        if old == new:
            continue
        sub, sub_words = (*path, code), _words([*words, code])
        if old is None or new is None:
            presence = compare.presence_class(path, "added" if old is None else "removed")
            yield sub, sub_words, old, new, presence
        elif (cls := compare.classify(path, old, new, ctx.calendar)) is not None:
            yield sub, sub_words, old, new, cls, kept if changed else ()


def _walk_mapping(
    b: dict[str, Any], a: dict[str, Any], path: tuple[Segment, ...], words: list[str], ctx: _Context
) -> Iterator[Raw]:
    for key in [*a, *(k for k in b if k not in a)]:
        sub, sub_words = (*path, key), [*words, key.replace("_", " ")]
        if key not in b or key not in a:
            cls = compare.presence_class(sub, "added" if key not in b else "removed")
            yield sub, _words(sub_words), b.get(key), a.get(key), cls
        else:
            yield from _walk(b[key], a[key], sub, sub_words, ctx)


def _is_item_list(path: tuple[Segment, ...], items: list[Any]) -> bool:
    return (
        bool(path)
        and path[-1] in ITEM_KEYS
        and bool(items)
        and all(isinstance(x, dict) for x in items)
    )


def _walk_items(
    b: list[Any], a: list[Any], path: tuple[Segment, ...], words: list[str], ctx: _Context
) -> Iterator[Raw]:
    name = str(path[-1])
    key_of = _item_key(ITEM_KEYS[name], ctx.language)
    old, new = (
        {key_of(i, x): x for i, x in enumerate(b)},
        {key_of(i, x): x for i, x in enumerate(a)},
    )
    for key in [*new, *(k for k in old if k not in new)]:
        sub = (*path, key)
        sub_words = [*words[:-1], f"{ITEM_WORDS.get(name, name)} {key}"]
        if key in old and key in new:
            # A key written in several languages is compared too: its translations may change.
            field = ITEM_KEYS[name]
            keep = field is not None and any(is_language_map(x[key].get(field)) for x in (old, new))
            before, after = (x[key] if keep else _without(x[key], name) for x in (old, new))
            yield from _walk(before, after, sub, sub_words, ctx)
        else:
            cls = compare.presence_class(sub, "added" if key not in old else "removed")
            before, after = (_without(x, name) if x else None for x in (old.get(key), new.get(key)))
            yield sub, _words(sub_words), before, after, cls


def _item_key(field_name: str | None, language: str) -> Callable[[int, dict[str, Any]], Segment]:
    if field_name is None:
        return lambda i, _item: i + 1  # by position, counted from 1 as people do
    # A key written in several languages (a topic's name) is its text in the configuration's
    # language, so adding a translation does not turn the item into another one.
    return lambda i, item: localised(item.get(field_name), None, language) or f"#{i + 1}"


def _without(item: dict[str, Any], list_name: str) -> dict[str, Any]:
    key = ITEM_KEYS[list_name]
    return {k: v for k, v in item.items() if k != key}


def _walk_set(
    b: list[Any], a: list[Any], path: tuple[Segment, ...], words: list[str]
) -> Iterator[Raw]:
    removed = [x for x in b if x not in a]
    added = [x for x in a if x not in b]
    if compare.field_name(path) in compare.OWNER_FIELDS:
        # One role put in another's place is a change of owner; the rest come and go.
        for gone, came in zip(removed, added, strict=False):
            yield path, _words(words), gone, came, "owner changed"
        paired = min(len(removed), len(added))
        removed, added = removed[paired:], added[paired:]
    for value, kind in [*((x, "added") for x in added), *((x, "removed") for x in removed)]:
        cls = compare.presence_class(path, kind)
        before, after = (None, value) if kind == "added" else (value, None)
        yield path, _words(words), before, after, cls


def _words(words: list[str]) -> str:
    return SEPARATOR.join(words) if words else "the whole document"


# ---------------------------------------------------------------- impact

# Who relies on an id: the customers of each standard relying on it (None: every team).
Reliance = dict[str, list[list[str] | None]]
# What one document adds to a side's reliance: plain JSON, so that it can be cached.
Contribution = dict[str, Any]


def _impact(ident: str, reliance: list[Reliance]) -> tuple[str, ...]:
    return _customers([ident], reliance)


def _customers(keys: Iterable[str], reliance: list[Reliance]) -> tuple[str, ...]:
    teams: set[str] = set()
    for relying in reliance:
        for key in keys:
            for customers in relying.get(key, ()):
                if customers is None:
                    return ("all",)
                teams.update(customers)
    return tuple(sorted(teams))


def topic_key(key: str) -> str:
    """The reliance key of a topic key: ids hold no spaces, so it is no document's id."""
    return f"topic {key}"


def _topic_of(path: tuple[Segment, ...], *docs: Document | None) -> list[str]:
    """The names and synonyms, on either side, of the role topics a change is in (else [])."""
    if not path or path[0] != "topics":
        return []
    terms: list[str] = []
    for doc in docs:
        if isinstance(doc, Role):
            # ("topics",) is the whole list, ("topics", name, …) one topic.
            topics = [t for t in doc.topics if len(path) == 1 or t.name == path[1]]
            terms += [term for topic in topics for term in topic.terms()]
    return terms


def _topic_impact(terms: list[str], reliance: list[Reliance]) -> tuple[str, ...]:
    """The customers of the standards covering a topic: a topic no standard covers has none."""
    keys = {topic_key(k) for term in terms for k in topic_keys(term)}
    return _customers(sorted(keys), reliance)


def contribution(doc: Document) -> Contribution:
    """The part of a document that says who relies on what."""
    base: Contribution = {"kind": doc.kind, "id": doc.id}
    if isinstance(doc, Standard):
        base.update(customers=doc.customer_ids, provider=doc.provider_id, refs=_references(doc))
        topics = sorted({k for name in doc.topic_names for k in topic_keys(name)})
        base.update(status=doc.status, topics=topics)
        # Where chains can end and how SOPs hand work on: diff/chains.py decides from these
        # whether a change can move a chain before it loads both sides whole.
        promised = [t for t in doc.targets if t.external and t.external.resolve]
        base.update(promises=[f"{doc.id}/{t.id}" for t in promised])
    elif isinstance(doc, Sop):
        base.update(related=list(doc.related_standard_ids))
        base.update(serves=sorted({s.serves for s in doc.steps if s.serves}),
                    starts=doc.steps[0].role_id if doc.steps else None,
                    handoffs=sorted({s.handoff_id for s in doc.steps if s.handoff_id}))  # fmt: skip
    elif isinstance(doc, Role):
        base.update(team=doc.team_id)
    elif isinstance(doc, FeedbackResults):
        base.update(feedback_contribution(doc))
    elif isinstance(doc, Action):
        base.update(standard=doc.standard_id)
    return base


def reliance_of(contributions: Iterable[Contribution]) -> Reliance:
    """For every id, the customers of the standards that rely on it.

    Built once per side from each document's contribution, so that a diff of a large
    organisation stays linear. The first document with an id counts, as in the model.
    """
    first: dict[tuple[str, str], Contribution] = {}
    for c in contributions:
        first.setdefault((c["kind"], c["id"]), c)
    by_kind: dict[str, list[Contribution]] = {}
    for c in first.values():
        by_kind.setdefault(c["kind"], []).append(c)
    standards = {c["id"]: c for c in by_kind.get("standard", [])}
    relying: Reliance = {}
    for std in standards.values():
        for ident in std["refs"]:
            relying.setdefault(ident, []).append(std["customers"])
        if std.get("status") != "retired":
            for key in std["topics"]:  # the same topic rule as lint and whois
                relying.setdefault(topic_key(key), []).append(std["customers"])
    for sop in by_kind.get("sop", []):  # an SOP carrying out a standard reaches its customers
        for std_id in sop["related"]:
            if std_id in standards:
                relying.setdefault(sop["id"], []).append(standards[std_id]["customers"])
    for kind in ("feedback", "action"):  # what customers said reaches those customers
        for doc in by_kind.get(kind, []):
            if doc.get("standard") in standards:
                relying.setdefault(doc["id"], []).append(standards[doc["standard"]]["customers"])
    by_team: dict[str, list[list[str] | None]] = {}
    for std in standards.values():
        by_team.setdefault(std["provider"], []).append(std["customers"])
    for role in by_kind.get("role", []):
        # The provider's people serve its customers: a change of holder in HR reaches payroll's.
        relying.setdefault(role["id"], []).extend(by_team.get(role["team"], ()))
    return relying


def _references(std: Standard) -> list[str]:
    """Ids of the standard itself, its teams, roles and SOPs."""
    refs = {
        std.id,
        std.provider_id,
        std.owner_id,
        *std.related_sop_ids,
        *(lv.to_id for lv in std.escalation),
    }
    if std.feedback and std.feedback.owner_id:
        refs.add(std.feedback.owner_id)
    return sorted(refs)
