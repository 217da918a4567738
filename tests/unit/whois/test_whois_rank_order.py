"""The order of whois matches: tier first, then the kind of term, then similarity, best first.

Each test holds entries in the worse order, so that a sort that keeps the input order,
or sorts any key the wrong way round, fails.
"""

from __future__ import annotations

from svcstd.topics import stems
from svcstd.whois.index import Entry, Terms
from svcstd.whois.rank import Match, close_to_best, rank
from svcstd.whois.text import normalise


def entry(term: str, kind: str = "topic", ref: str = "r") -> Entry:
    norm = normalise(term)
    return Entry(term, norm, kind, ref, term if kind == "topic" else None, None, stems(norm))


def test_within_a_tier_and_kind_the_closer_match_comes_first() -> None:
    # Whole-word matches of "payroll": one word in four, one in two, an exact one apart.
    terms = Terms.of([entry("payroll of night shift staff"), entry("payroll office")])
    found = rank("payroll", terms)
    assert [(m.entry.term, m.how) for m in found] == [
        ("payroll office", "word"),
        ("payroll of night shift staff", "word"),
    ]
    assert found[0].score > found[1].score


def test_within_the_fuzzy_tier_the_smaller_typo_comes_first() -> None:
    # "payrol" would now stem to the same word as both; a typo the stemmer cannot undo.
    terms = Terms.of([entry("payrolls"), entry("payroll")])
    found = rank("pyroll", terms)
    assert [m.how for m in found] == ["fuzzy", "fuzzy"]
    assert [m.entry.term for m in found] == ["payroll", "payrolls"]


def test_a_better_tier_wins_over_a_higher_score_in_a_worse_one() -> None:
    terms = Terms.of([entry("payroll"), entry("payroll office")])
    found = rank("payroll office", terms, every=True)
    assert [(m.entry.term, m.how) for m in found] == [
        ("payroll office", "exact"),
        ("payroll", "word"),
    ]


def test_a_topic_comes_before_a_role_title_with_the_same_tier_and_score() -> None:
    terms = Terms.of([entry("Payroll clerk", "role"), entry("payroll clerk")])
    found = rank("payroll clerk", terms)
    assert [m.entry.kind for m in found] == ["topic", "role"]


def test_match_keys_sort_best_first() -> None:
    topic, role = entry("a"), entry("b", "role")
    ordered = [
        Match(topic, "exact", 100.0),
        Match(role, "exact", 100.0),
        Match(topic, "word", 90.0),
        Match(topic, "word", 50.0),
        Match(topic, "fuzzy", 99.0),
        Match(topic, "partial", 100.0),
    ]
    assert sorted(reversed(ordered), key=Match.key) == ordered


def test_close_to_best_keeps_scores_within_the_margin_only() -> None:
    topic = entry("a")
    best = Match(topic, "word", 80.0)
    inside, outside = Match(topic, "word", 75.0), Match(topic, "word", 74.9)
    other_tier = Match(topic, "fuzzy", 80.0)
    assert close_to_best([best, inside, outside, other_tier]) == [best, inside]
