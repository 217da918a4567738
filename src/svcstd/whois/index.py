"""The searchable terms of an organisation: topics and synonyms first, then everything else."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import cached_property
from typing import NamedTuple

from msgspec import Struct

from svcstd import model as m
from svcstd.text import translations
from svcstd.topics import STEMMERS, normalise, stems
from svcstd.whois.scan import Column


class Entry(NamedTuple):
    """One searchable term and what it leads to."""

    term: str  # as written in the data
    norm: str  # normalised for matching
    kind: str  # one of KIND_RANK
    ref: str  # the id of the document it belongs to
    topic: str | None = None  # the topic's name, for topic and synonym entries
    language: str | None = None  # the synonym's language
    stems: tuple[str, ...] = ()  # norm stemmed in each language of STEMMERS, in its order

    @property
    def rank(self) -> int:
        """Lower ranks first: a topic beats a role title beats an SOP title."""
        return KIND_RANK[self.kind]


class Terms(Struct, frozen=True, dict=True):
    """Searchable terms in columns, one list per field of Entry, in search order.

    Ranking reads only the normal forms, and an Entry is made only for a match: a
    question about 20,000 terms matches a few hundred at most.
    """

    term: list[str]
    norm: list[str]
    kind: list[str]
    ref: list[str]
    topic: list[str | None]
    language: list[str | None]
    stems: list[list[str]]  # one column per language of STEMMERS, in its order

    @classmethod
    def of(cls, entries: Iterable[Entry]) -> Terms:
        """The columns of these entries, in their order."""
        rows = list(entries)
        if not rows:
            return cls([], [], [], [], [], [], [[] for _ in STEMMERS])
        term, norm, kind, ref, topic, language, stemmed = (
            list(column) for column in zip(*rows, strict=True)
        )
        by_language = [list(column) for column in zip(*stemmed, strict=True)]
        return cls(term, norm, kind, ref, topic, language, by_language)

    def __len__(self) -> int:
        return len(self.norm)

    # Made when a question first needs them, then kept for the refined questions whois
    # tries on the same terms: cached_property stores them in the instance dictionary
    # (dict=True above), beside the frozen fields.
    @cached_property
    def stem_columns(self) -> list[Column]:
        """The stems, one searchable string per language of STEMMERS."""
        return [Column.of(column) for column in self.stems]

    @cached_property
    def compact_columns(self) -> list[Column]:
        """The stems without spaces, one searchable string per language of STEMMERS."""
        return [column.compact() for column in self.stem_columns]

    def entry(self, i: int) -> Entry:
        """The i-th term as an Entry."""
        return Entry(
            self.term[i],
            self.norm[i],
            self.kind[i],
            self.ref[i],
            self.topic[i],
            self.language[i],
            tuple(column[i] for column in self.stems),
        )

    def entries(self) -> list[Entry]:
        """Every term as an Entry (for tests and tools; whois itself never needs them all)."""
        return [self.entry(i) for i in range(len(self))]


# The order in which kinds of terms are searched (the "topics first, then…").
KIND_RANK = {
    "topic": 0,
    "synonym": 0,
    "role": 1,
    "responsibility": 2,
    "team": 3,
    "standard": 4,
    "sop": 5,
}


def _entry(
    term: str, kind: str, ref: str, topic: str | None = None, language: str | None = None
) -> Entry:
    norm = normalise(term)
    return Entry(term, norm, kind, ref, topic, language, stems(norm))


def _languages(text: str) -> Iterator[tuple[str, str | None]]:
    """A text in each language it is written in: the configuration's language first (its
    language left unnamed, as before texts had translations), then each translation named."""
    yield str(text), None
    for code, words in translations(text, "").items():
        if words != str(text):
            yield words, code


def _topic_entries(role: m.Role) -> Iterator[Entry]:
    for topic in role.topics:
        # A topic is found by its name in every language: 'penggajian' as well as 'payroll'.
        for name, code in _languages(topic.name):
            yield _entry(name, "topic", role.id, str(topic.name), code)
        for language, words in topic.synonyms.items():
            for word in words:
                yield _entry(word, "synonym", role.id, str(topic.name), language)


def _role_entries(role: m.Role) -> Iterator[Entry]:
    for title, code in _languages(role.title):
        yield _entry(title, "role", role.id, language=code)
    for text in role.responsibilities:
        for words, code in _languages(text):
            yield _entry(words, "responsibility", role.id, language=code)


def _titled(doc: m.Team | m.Standard | m.Sop, kind: str) -> Iterator[Entry]:
    name = doc.name if isinstance(doc, m.Team) else doc.title
    for words, code in _languages(name):
        yield _entry(words, kind, doc.id, language=code)


def document_entries(doc: m.Document) -> list[Entry]:
    """The searchable terms one document contributes (waivers contribute none)."""
    if isinstance(doc, m.Role):
        found = [*_topic_entries(doc), *_role_entries(doc)]
    elif isinstance(doc, m.Team | m.Standard | m.Sop):
        found = list(_titled(doc, doc.kind))
    else:
        found = []
    return [e for e in found if e.norm]
