"""Ranking entries against a query: exact, then whole words, then fuzzy (typos), then partial."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from svcstd.whois.index import Entry
from svcstd.whois.text import normalise, query_words

# How a term matched, best first; the number is the tier (higher wins). rapidfuzz is
# imported only when a query needs the fuzzy tiers: exact questions skip its import.
HOW = {"exact": 3, "word": 2, "fuzzy": 1, "partial": 0}
FUZZY_CUTOFF = 82.0  # "payrol", "pms acess" and "purchse order" score 90+
PARTIAL_CUTOFF = 90.0
SUGGEST_CUTOFF = 40.0  # below this a "nearest topic" is noise ("zzqx" → "tax")
CLOSE = 5.0  # candidates this close in similarity, in the same tier and kind, are a tie


@dataclass(frozen=True)
class Match:
    """An entry that matched a query, how, and how closely (0 to 100)."""

    entry: Entry
    how: str
    score: float

    def key(self) -> tuple[int, int, float]:
        """Sort key: best first."""
        return (-HOW[self.how], self.entry.rank, -self.score)


Judge = Callable[[str, list[str], list[Entry]], list[Match]]


def _exact(q: str, words: list[str], entries: list[Entry]) -> list[Match]:
    return [Match(e, "exact", 100.0) for e in entries if e.norm == q]


def _whole_word(q: str, words: list[str], entries: list[Entry]) -> list[Match]:
    wanted, everything = set(words), set(q.split())
    out = []
    for e in entries:
        term = set(e.norm.split())
        # Either every query word is in the term, or the whole term is in the query.
        if wanted <= term or term <= everything:
            out.append(Match(e, "word", round(100.0 * len(wanted & term) / len(wanted | term), 1)))
    return out


def _scored(how: str, q: str, entries: list[Entry], scorer: Any, cutoff: float) -> dict[int, Match]:
    from rapidfuzz import process

    hits = process.extract(
        q, [e.norm for e in entries], scorer=scorer, limit=None, score_cutoff=cutoff
    )
    return {i: Match(entries[i], how, round(score, 1)) for _, score, i in hits}


def _fuzzy(q: str, words: list[str], entries: list[Entry]) -> list[Match]:
    from rapidfuzz import fuzz

    # Typos ("payrol") by edit distance; swapped words ("order purchase") by sorted tokens.
    best = _scored("fuzzy", q, entries, fuzz.ratio, FUZZY_CUTOFF)
    for i, match in _scored("fuzzy", q, entries, fuzz.token_sort_ratio, FUZZY_CUTOFF).items():
        if i not in best or best[i].score < match.score:
            best[i] = match
    return list(best.values())


def _starts_words(words: list[str], e: Entry) -> bool:
    term = e.norm.split()
    return all(len(w) >= 3 and any(t.startswith(w) for t in term) for w in words)


def _partial(q: str, words: list[str], entries: list[Entry]) -> list[Match]:
    from rapidfuzz import fuzz

    # A word begun ("reserv") or a fragment of a longer term ("acces" in "PMS access").
    prefixed = {
        id(e): Match(e, "partial", round(fuzz.partial_ratio(q, e.norm), 1))
        for e in entries
        if _starts_words(words, e)
    }
    # Only the query inside a longer term: a short term inside the query ("PO" in
    # "teleporter") is no evidence, and whole words of the query were tried already.
    longer = [e for e in entries if len(e.norm) >= len(q)]
    if len(q) >= 4:
        for match in _scored("partial", q, longer, fuzz.partial_ratio, PARTIAL_CUTOFF).values():
            prefixed.setdefault(id(match.entry), match)
    return list(prefixed.values())


_JUDGES: list[Judge] = [_exact, _whole_word, _fuzzy, _partial]


def rank(query: str, entries: list[Entry], every: bool = False) -> list[Match]:
    """The matches of the best tier that has any, best first; with every=True, all tiers.

    Stopping at the first tier with matches changes nothing about the answer (a lower
    tier never outranks a higher one) and spares the fuzzy matcher most of the time.
    """
    q = normalise(query)
    if not q:
        return []
    words = query_words(q)
    found: list[Match] = []
    remaining = entries
    for judge in _JUDGES:
        hits = judge(q, words, remaining)
        found.extend(hits)
        if hits and not every:
            break
        matched = {id(h.entry) for h in hits}
        remaining = [e for e in remaining if id(e) not in matched]
    return sorted(found, key=Match.key)


def best_per_owner(matches: list[Match], owner_of: Callable[[Entry], str]) -> list[Match]:
    """The best match for each owner, keeping the order: one owner, one candidate."""
    seen: set[str] = set()
    out = []
    for match in matches:
        owner = owner_of(match.entry)
        if owner not in seen:
            seen.add(owner)
            out.append(match)
    return out


def close_to_best(candidates: list[Match]) -> list[Match]:
    """The candidates that tie with the first: same tier and kind, similar score."""
    if not candidates:
        return []
    best = candidates[0]
    return [
        c
        for c in candidates
        if c.how == best.how and c.entry.rank == best.entry.rank and best.score - c.score <= CLOSE
    ]


def nearest_topics(query: str, entries: list[Entry], limit: int = 3) -> list[str]:
    """The topics whose name or synonyms look most like the query, for 'did you mean'."""
    from rapidfuzz import fuzz, process

    terms = [e for e in entries if e.topic is not None]
    q = normalise(query)
    if not q:
        return []
    # token_set_ratio: word order and extra words matter little ("wifi broken" → wifi).
    scored = process.extract(
        q,
        [e.norm for e in terms],
        scorer=fuzz.token_set_ratio,
        limit=None,
        score_cutoff=SUGGEST_CUTOFF,
    )
    return list(dict.fromkeys(str(terms[i].topic) for _, _, i in scored))[:limit]
