"""Normalisation and ranking: exact, whole words, typos, fragments; topics before the rest."""

from __future__ import annotations

import pytest

from svcstd.topics import stems
from svcstd.whois.index import Entry, Terms
from svcstd.whois.rank import best_per_owner, close_to_best, nearest_topics, rank
from svcstd.whois.text import normalise, query_words


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("PMS  Access", "pms access"),
        ("  Slip\tGAJI ", "slip gaji"),
        ("Café crème", "cafe creme"),
        ("Wi-Fi", "wi fi"),
        ("check-in/out!", "check in out"),
    ],
)
def test_normalise_ignores_case_accents_punctuation_and_spacing(raw: str, expected: str) -> None:
    assert normalise(raw) == expected


def test_query_words_drop_filler_but_never_everything() -> None:
    assert query_words("who owns the payroll") == ["owns", "payroll"]
    assert query_words("the") == ["the"]


def entry(term: str, kind: str = "topic", ref: str = "r", topic: str | None = None) -> Entry:
    norm, named = normalise(term), topic or (term if kind == "topic" else None)
    return Entry(term, norm, kind, ref, named, None, stems(norm))


ENTRIES = Terms.of(
    [
        entry("Calculate overtime and payroll every month", "responsibility", "hr-clerk"),
        entry("payroll", ref="hr-payroll"),
        entry("overtime pay", "synonym", "hr-payroll", topic="overtime"),
        entry("PMS access", ref="it-support"),
        entry("purchase order", ref="purchasing"),
        entry("Payroll Officer", "role", "hr-payroll"),
    ]
)


def test_exact_beats_whole_word_and_topics_beat_responsibilities() -> None:
    found = rank("payroll", ENTRIES, every=True)
    assert [(m.entry.term, m.how) for m in found][:3] == [
        ("payroll", "exact"),
        ("Payroll Officer", "word"),
        ("Calculate overtime and payroll every month", "word"),
    ]


def test_a_topic_outranks_a_responsibility_in_the_same_tier() -> None:
    found = rank("overtime", ENTRIES)
    assert [m.entry.kind for m in found] == ["synonym", "responsibility"]


@pytest.mark.parametrize(
    ("typo", "term"),
    [
        ("payrol", "payroll"),
        ("pms acess", "PMS access"),
        ("purchse order", "purchase order"),
        ("order purchase", "purchase order"),
    ],
)
def test_typos_are_found(typo: str, term: str) -> None:
    assert rank(typo, ENTRIES)[0].entry.term == term


def test_fragments_match_last_and_short_terms_inside_the_query_do_not() -> None:
    best = rank("purch", ENTRIES)[0]
    assert (best.entry.term, best.how) == ("purchase order", "partial")
    assert rank("teleporter", Terms.of([entry("PO")])) == []


def test_the_first_tier_with_matches_decides_unless_every_tier_is_asked() -> None:
    assert {m.how for m in rank("payroll", ENTRIES)} == {"exact"}
    assert {m.how for m in rank("payroll", ENTRIES, every=True)} == {"exact", "word"}


def test_close_candidates_of_different_owners_tie() -> None:
    two = [entry("guest folio", ref="desk"), entry("guest complaint", ref="relations")]
    found = best_per_owner(rank("guest", Terms.of(two)), lambda e: e.ref)
    assert len(close_to_best(found)) == 2
    same = best_per_owner(rank("guest", Terms.of(two[:1] * 2)), lambda e: e.ref)
    assert len(close_to_best(same)) == 1


def test_nearest_topics_suggests_distinct_topics() -> None:
    assert nearest_topics("payrolll slip", ENTRIES, limit=2)[0] == "payroll"
    found = nearest_topics("pms payroll purchase", ENTRIES)
    assert sorted(found) == ["PMS access", "payroll", "purchase order"]
    assert nearest_topics("zzqx", ENTRIES) == []


@pytest.mark.parametrize(
    "query",
    ["payroll", "overtime payroll", "the payroll of overtime", "pay", "officer payroll", "x"],
)
def test_the_whole_word_shortcut_finds_what_splitting_every_term_finds(query: str) -> None:
    # The tier skips terms by two substring tests before splitting them; compare with
    # the plain definition on every term the exact tier left.
    q = normalise(query)
    wanted, everything = set(query_words(q)), set(q.split())
    expected = [
        e.term
        for e in ENTRIES.entries()
        if e.norm != q and (wanted <= set(e.norm.split()) or set(e.norm.split()) <= everything)
    ]
    found = rank(query, ENTRIES, every=True)
    assert sorted(m.entry.term for m in found if m.how == "word") == sorted(expected)


def test_terms_give_back_the_entries_they_were_made_of() -> None:
    assert Terms.of(ENTRIES.entries()) == ENTRIES
    assert ENTRIES.entry(2) == entry("overtime pay", "synonym", "hr-payroll", topic="overtime")
    assert len(Terms.of([])) == 0
