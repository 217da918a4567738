"""One whois question: rank, then answer, list the close candidates, or suggest topics."""

from __future__ import annotations

from svcstd import model as m
from svcstd.whois.answer import Json, answer_json, match_json, subject_of
from svcstd.whois.catalogue import Catalogue
from svcstd.whois.rank import Match, best_per_owner, close_to_best, nearest_topics, rank

MAX_CANDIDATES = 5


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


def whois(catalogue: Catalogue, query: str, show_all: bool = False) -> Json:
    """The result for a query: status 'answer', 'candidates', 'all' or 'no-match'."""
    terms = catalogue.terms
    matches = rank(query, terms, every=show_all)
    if not matches:
        return _result(query, "no-match", suggestions=nearest_topics(query, terms))
    if show_all:
        return _result(query, "all", candidates=_candidates(catalogue, matches))
    close = close_to_best(best_per_owner(matches, catalogue.owner_id))
    if len(close) > 1:
        return _result(
            query, "candidates", candidates=_candidates(catalogue, close[:MAX_CANDIDATES])
        )
    best = matches[0]
    org = catalogue.organisation(catalogue.needed([best.entry]))
    return _result(query, "answer", match=match_json(best), answer=answer_json(org, best))


def _candidates(catalogue: Catalogue, matches: list[Match]) -> list[Json]:
    org = catalogue.organisation(catalogue.needed(m.entry for m in matches))
    return [candidate_json(org, x) for x in matches]
