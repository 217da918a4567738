"""Ownership rules: every topic, in every language and spelling, has exactly one owner."""

from __future__ import annotations

from collections.abc import Iterator

from svcstd.findings import Finding, JsonPath, Severity
from svcstd.lint.context import LintContext
from svcstd.lint.registry import rule
from svcstd.lint.rules._util import place
from svcstd.model import Organisation, Topic
from svcstd.suggest import did_you_mean
from svcstd.topics import topic_keys

Term = tuple[str, Topic, JsonPath]  # (written term, its topic, path of the term in the role)


def topic_terms(topic: Topic) -> Iterator[Term]:
    """The topic's name and every synonym, with the path where each is written."""
    base: JsonPath = ("topics", topic.index)
    yield topic.name, topic, (*base, "name")
    for lang, words in topic.synonyms.items():
        for i, word in enumerate(words):
            yield word, topic, (*base, "synonyms", lang, i)


def term_owners(ctx: LintContext) -> dict[str, list[Term]]:
    """Topic key → every place a term with that key is written, in document order (once a run)."""
    owners: dict[str, list[Term]] = ctx.memo("term_owners", lambda: _term_owners(ctx.org))
    return owners


def _term_owners(org: Organisation) -> dict[str, list[Term]]:
    owners: dict[str, list[Term]] = {}
    for topic in org.topics():
        for term in topic_terms(topic):
            for key in topic_keys(term[0]):
                owners.setdefault(key, []).append(term)
    return owners


@rule(
    "ownership/topic-multiple-owners",
    Severity.ERROR,
    "A topic has more than one owner.",
    """
    People ask 'who owns payroll?' and must get one answer. Topic names and
    synonyms are compared in every language the way 'svcstd whois' compares them:
    case, accents, punctuation, hyphens and spacing do not matter, nor do plural
    and inflected forms ('Forklift.', 'Fork Lift', 'fork-lift' and 'forklifts' are
    one topic; so are 'gaji', 'gajinya' and 'penggajian'). A synonym in one role
    that is another role's topic counts as a second owner. The finding names both
    places; keep the term in one role only.""",
)
def topic_multiple_owners(ctx: LintContext) -> Iterator[Finding]:
    reported: set[tuple[int, int]] = set()
    for places in term_owners(ctx).values():
        first_word, first, _ = places[0]
        for word, topic, path in places[1:]:
            pair = (id(first), id(topic))
            if topic.owner is first.owner or pair in reported:
                continue
            reported.add(pair)
            yield ctx.finding(
                "ownership/topic-multiple-owners",
                topic.owner,
                path,
                f"{word!r} is also owned by {first.owner.id!r} (as {first_word!r} at "
                f"{place(first.owner, _term_path(first, first_word))})",
                "a topic has exactly one owner; remove the term from one of the roles",
            )


def _term_path(topic: Topic, word: str) -> JsonPath:
    return next(p for w, _, p in topic_terms(topic) if w == word)


@rule(
    "ownership/topic-unowned",
    Severity.ERROR,
    "A standard names a topic that no role owns.",
    """
    Every topic a service standard covers must be a topic (or a synonym of one)
    owned by some role, so that 'svcstd whois' can send people from the topic to
    the standard and the person responsible. Add the topic to the owning role, or
    correct its spelling in the standard.""",
)
def topic_unowned(ctx: LintContext) -> Iterator[Finding]:
    owners = term_owners(ctx)
    for std in ctx.org.standards.values():
        for i, name in enumerate(std.topic_names):
            if owners.keys().isdisjoint(topic_keys(name)):
                hint = (
                    did_you_mean(name, [w for ps in owners.values() for w, _, _ in ps])
                    or f"add {name!r} to the topics of the role that owns it"
                )
                yield ctx.finding(
                    "ownership/topic-unowned",
                    std,
                    ("topics", i),
                    f"topic {name!r} is not owned by any role",
                    hint,
                )
