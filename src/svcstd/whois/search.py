"""One whois question: rank, then answer, list the close candidates, or suggest topics."""

from __future__ import annotations

from msgspec import Struct, field

from svcstd import model as m
from svcstd.text import translations
from svcstd.topics import stems
from svcstd.whois.answer import Json, Subject, answer_json, match_json, subject_of
from svcstd.whois.catalogue import Catalogue
from svcstd.whois.rank import Match, best_per_owner, close_to_best, nearest_topics, rank
from svcstd.whois.text import normalise, query_words

MAX_CANDIDATES = 5
MAX_REFINEMENTS = 3


def candidate_json(org: m.Organisation, match: Match) -> Json:
    """A ranked match with the owner it leads to, for lists of candidates."""
    s = subject_of(org, match.entry)
    return {
        **match_json(match),
        "owner": {"id": s.role.id, "title": s.role.title, "title_id": s.role.title_id}
        if s.role
        else None,
        "team": {"id": s.team.id, "name": s.team.name, "name_id": s.team.name_id}
        if s.team
        else None,
    }


def _result(query: str, status: str, **parts: object) -> Json:
    base: Json = {
        "query": query,
        "status": status,
        "match": None,
        "answer": None,
        "candidates": [],
        "suggestions": [],
    }
    return {**base, **parts}


class _Outcome(Struct):
    """What a question comes to before it is put into words: the answer, or a tie."""

    matches: list[Match]
    best: Match | None = None  # the answer, when there is one
    tie: list[Match] = field(default_factory=list)  # else the owners that tie
    org: m.Organisation | None = None  # built for the tie
    subjects: list[Subject] = field(default_factory=list)


def _decide(catalogue: Catalogue, query: str) -> _Outcome:
    matches = rank(query, catalogue.terms)
    if not matches:
        return _Outcome(matches)
    close = close_to_best(best_per_owner(matches, catalogue.owner_id))[:MAX_CANDIDATES]
    if len(close) < 2:
        return _Outcome(matches, matches[0])
    org = catalogue.organisation(catalogue.needed(m.entry for m in close))
    subjects = [subject_of(org, c.entry) for c in close]
    named = _named_in(query, close, subjects)
    if named is not None:
        return _Outcome(matches, named)
    return _Outcome(matches, None, close, org, subjects)


def whois(catalogue: Catalogue, query: str, show_all: bool = False) -> Json:
    """The result for a query: status 'answer', 'candidates', 'all' or 'no-match'.

    When several owners match equally, the question's other words may name one of
    them (its role or team: "forklift warehouse"): that one is the answer. Otherwise
    the candidates come with refined questions that do answer.
    """
    terms = catalogue.terms
    if show_all:
        every = rank(query, terms, every=True)
        if every:
            return _result(query, "all", candidates=_candidates(catalogue, every))
    outcome = _decide(catalogue, query)
    if not outcome.matches:
        return _result(query, "no-match", suggestions=nearest_topics(query, terms))
    if outcome.best is None and outcome.org is not None:
        return _result(
            query,
            "candidates",
            candidates=[candidate_json(outcome.org, x) for x in outcome.tie],
            suggestions=_refinements(catalogue, query, outcome.tie, outcome.subjects),
        )
    best = outcome.best or outcome.matches[0]
    org = catalogue.organisation(catalogue.needed([best.entry]))
    return _result(query, "answer", match=match_json(best), answer=answer_json(org, best))


def _labels(subject: Subject) -> list[str]:
    """What a candidate's owner is called: its role's and team's names and ids."""
    role, team = subject.role, subject.team
    names = [*translations(role.title, "").values(), role.id] if role else []
    names += [*translations(team.name, "").values(), team.id] if team else []
    return [n for n in names if n]


def _word_stems(text: str) -> set[str]:
    return {w for form in stems(normalise(text)) for w in form.split()}


def _named_in(query: str, close: list[Match], subjects: list[Subject]) -> Match | None:
    """The one candidate whose role or team the question's other words name, if exactly one."""
    asked = _word_stems(" ".join(query_words(normalise(query))))
    counts = []
    for match, subject in zip(close, subjects, strict=True):
        extra = asked - _word_stems(match.entry.term)
        counts.append(len(extra & set().union(*map(_word_stems, _labels(subject)))))
    top = max(counts)
    return close[counts.index(top)] if top and counts.count(top) == 1 else None


def _refinements(
    catalogue: Catalogue, query: str, close: list[Match], subjects: list[Subject]
) -> list[str]:
    """For some candidates, the question with its team or role added, if whois answers it so.

    The team's name when the candidates' teams differ, else the role's title. Each
    question is asked once to check it (a suggestion that would not answer is worse
    than none), for the first MAX_REFINEMENTS candidates only: each costs a search.
    """
    found = []
    teams = [s.team.id if s.team else None for s in subjects]
    for match, subject in list(zip(close, subjects, strict=True))[:MAX_REFINEMENTS]:
        label = _refining_label(subject, teams)
        if label is None:
            continue
        question = f"{query.strip()} {label}"
        answer = _decide(catalogue, question).best
        owner = catalogue.owner_id
        if answer is not None and owner(answer.entry) == owner(match.entry):
            found.append(question)
    return found


def _refining_label(subject: Subject, teams: list[str | None]) -> str | None:
    if subject.team is not None and teams.count(subject.team.id) == 1:
        return subject.team.name
    return subject.role.title if subject.role else None


def _candidates(catalogue: Catalogue, matches: list[Match]) -> list[Json]:
    org = catalogue.organisation(catalogue.needed(m.entry for m in matches))
    return [candidate_json(org, x) for x in matches]
