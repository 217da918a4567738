"""Ranking entries against a query: exact, then whole words, then fuzzy (typos), then partial."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from msgspec import Struct

from svcstd.topics import stem_words, stems
from svcstd.whois.index import Entry, Terms
from svcstd.whois.scan import Column
from svcstd.whois.text import normalise, query_words

# How a term matched, best first; the number is the tier (higher wins). rapidfuzz is
# imported only when a query needs the fuzzy tiers: exact questions skip its import.
HOW = {"exact": 3, "word": 2, "fuzzy": 1, "partial": 0}
FUZZY_CUTOFF = 82.0  # "payrol", "pms acess" and "purchse order" score 90+
PARTIAL_CUTOFF = 90.0
SUGGEST_CUTOFF = 40.0  # below this a "nearest topic" is noise ("zzqx" → "tax")
CLOSE = 5.0  # candidates this close in similarity, in the same tier and kind, are a tie


class Match(Struct, frozen=True):
    """An entry that matched a query, how, and how closely (0 to 100)."""

    entry: Entry
    how: str
    score: float

    def key(self) -> tuple[int, int, float]:
        """Sort key: best first."""
        return (-HOW[self.how], self.entry.rank, -self.score)


class Query(Struct, frozen=True):
    """A question as the judges read it: normalised, and stemmed in every language."""

    norm: str
    words: list[str]  # the words that carry meaning (see query_words)
    wanted: tuple[str, ...]  # those words stemmed, per language of STEMMERS
    everything: tuple[str, ...]  # every word stemmed, per language of STEMMERS

    @classmethod
    def of(cls, norm: str) -> Query:
        """The query for a normalised question."""
        words = query_words(norm)
        return cls(norm, words, stem_words(words), stems(norm))


# A judge's matches, by index in the Terms, in the order it found them.
Hits = dict[int, Match]
Judge = Callable[[Query, Terms, Sequence[int]], Hits]


def _exact(q: Query, terms: Terms, within: Sequence[int]) -> Hits:
    """The same text, or the same topic ("Fork Lift" and "forklifts", see svcstd.topics)."""
    found: set[int] = set()
    for compact, whole in zip(terms.compact_columns, q.everything, strict=True):
        # The same normal form has the same stems: one lookup per language covers both.
        found |= compact.equal(whole.replace(" ", ""))
    return {i: Match(terms.entry(i), "exact", 100.0) for i in _only(found, within, terms)}


def _only(rows: set[int], within: Sequence[int], terms: Terms) -> list[int]:
    """The rows that are within, in order."""
    if not (isinstance(within, range) and len(within) == len(terms)):
        rows = rows.intersection(within)
    return sorted(rows)


def _whole_word(q: Query, terms: Terms, within: Sequence[int]) -> Hits:
    """Every word of the question in the term, or the whole term in the question, once stemmed.

    Each language is tried on its own, question and term stemmed alike, and the
    better score kept: "payslips" finds "payslip", "gajinya" finds "gaji".
    """
    hits: Hits = {}
    languages = zip(
        terms.stems, terms.stem_columns, terms.compact_columns, q.wanted, q.everything, strict=True
    )
    for forms, column, compact, wanted, everything in languages:
        scores = _word_scores(wanted.split(), everything.split(), forms, column, compact)
        for i, score in scores.items():
            if i not in hits or hits[i].score < score:
                hits[i] = Match(terms.entry(i), "word", score)
    return {i: hits[i] for i in _only(set(hits), within, terms)}


MAX_JOINED = 4  # "pay slip" is one word in "payslip"; longer runs of words are not one term


def joined_runs(words: list[str]) -> dict[str, frozenset[str]]:
    """Each run of up to MAX_JOINED consecutive words written as one, with the words in it."""
    return {
        "".join(words[i:j]): frozenset(words[i:j])
        for i in range(len(words))
        for j in range(i + 1, min(i + MAX_JOINED, len(words)) + 1)
    }


def _word_scores(
    words: list[str],
    ordered: list[str],
    forms: list[str],
    column: Column,
    compact: Column,
) -> dict[int, float]:
    if not words:
        return {}
    wanted, everything, runs = set(words), set(ordered), joined_runs(ordered)
    # Only terms that may match are split: a term holding every query word contains
    # the first, a term made of query words starts with one of them, and a term
    # written as one word of the question ("pay slip" for "payslips") is one of its
    # runs once its spaces are gone.
    maybe = column.containing(words[0]) | column.starting(everything)
    joined = {row: run for key, run in runs.items() for row in compact.equal(key)}
    scores = {}
    for i in sorted(maybe | joined.keys()):
        term = set(forms[i].split())
        # Either every query word is in the term, or the whole term is in the question
        # ("pay slip" in "who handles payslips", "payslip" in "pay slips").
        if wanted <= term or term <= everything:
            scores[i] = round(100.0 * len(wanted & term) / len(wanted | term), 1)
        elif i in joined:
            run = joined[i]
            scores[i] = round(100.0 * len(wanted & run) / len(wanted | run), 1)
    return scores


def _scored(
    how: str, q: str, terms: Terms, within: Sequence[int], scorer: Any, cutoff: float
) -> Hits:
    from rapidfuzz import process

    choices = [terms.norm[i] for i in within]
    hits = process.extract(q, choices, scorer=scorer, limit=None, score_cutoff=cutoff)
    return {within[j]: Match(terms.entry(within[j]), how, round(score, 1)) for _, score, j in hits}


def _fuzzy(query: Query, terms: Terms, within: Sequence[int]) -> Hits:
    from rapidfuzz import fuzz

    q = query.norm
    # Typos ("payrol") by edit distance; swapped words ("order purchase") by sorted tokens.
    best = _scored("fuzzy", q, terms, within, fuzz.ratio, FUZZY_CUTOFF)
    swapped = _scored("fuzzy", q, terms, within, fuzz.token_sort_ratio, FUZZY_CUTOFF)
    for i, match in swapped.items():
        if i not in best or best[i].score < match.score:
            best[i] = match
    return best


def _starts_words(words: list[str], norm: str) -> bool:
    term = norm.split()
    return all(len(w) >= 3 and any(t.startswith(w) for t in term) for w in words)


def _partial(query: Query, terms: Terms, within: Sequence[int]) -> Hits:
    from rapidfuzz import fuzz

    q, words, norm = query.norm, query.words, terms.norm
    # A word begun ("reserv") or a fragment of a longer term ("acces" in "PMS access").
    hits = {
        i: Match(terms.entry(i), "partial", round(fuzz.partial_ratio(q, norm[i]), 1))
        for i in within
        if _starts_words(words, norm[i])
    }
    # Only the query inside a longer term: a short term inside the query ("PO" in
    # "teleporter") is no evidence, and whole words of the query were tried already.
    if len(q) >= 4:
        longer = [i for i in within if len(norm[i]) >= len(q)]
        for i, match in _scored(
            "partial", q, terms, longer, fuzz.partial_ratio, PARTIAL_CUTOFF
        ).items():
            hits.setdefault(i, match)
    return hits


_JUDGES: list[Judge] = [_exact, _whole_word, _fuzzy, _partial]


def rank(query: str, terms: Terms, every: bool = False) -> list[Match]:
    """The matches of the best tier that has any, best first; with every=True, all tiers.

    Stopping at the first tier with matches changes nothing about the answer (a lower
    tier never outranks a higher one) and spares the fuzzy matcher most of the time.
    """
    q = normalise(query)
    if not q:
        return []
    asked = Query.of(q)
    found: list[Match] = []
    within: Sequence[int] = range(len(terms))
    for judge in _JUDGES:
        hits = judge(asked, terms, within)
        found.extend(hits.values())
        if hits and not every:
            break
        if hits:
            within = [i for i in within if i not in hits]
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


def nearest_topics(query: str, terms: Terms, limit: int = 3) -> list[str]:
    """The topics whose name or synonyms look most like the query, for 'did you mean'."""
    from rapidfuzz import fuzz, process

    q = normalise(query)
    if not q:
        return []
    named = [i for i, topic in enumerate(terms.topic) if topic is not None]
    # token_set_ratio: word order and extra words matter little ("wifi broken" → wifi).
    scored = process.extract(
        q,
        [terms.norm[i] for i in named],
        scorer=fuzz.token_set_ratio,
        limit=None,
        score_cutoff=SUGGEST_CUTOFF,
    )
    return list(dict.fromkeys(str(terms.topic[named[j]]) for _, _, j in scored))[:limit]
