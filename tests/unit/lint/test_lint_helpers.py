"""The small pieces the rules are built from."""

from __future__ import annotations

from datetime import date

from svcstd.durations import parse_cadence
from svcstd.lint.rules._util import find_cycles
from svcstd.lint.rules.lifecycle import next_review
from svcstd.lint.rules.targets import VAGUE_WORDS, _vague_pattern


def test_next_review_counts_calendar_months_and_clamps_the_day() -> None:
    assert next_review(date(2026, 8, 31), parse_cadence("every 6 months")) == date(2027, 2, 28)
    assert next_review(date(2026, 1, 15), parse_cadence("yearly")) == date(2027, 1, 15)
    assert next_review(date(2026, 1, 1), parse_cadence("every 2 weeks")) == date(2026, 1, 15)


def test_find_cycles_reports_each_loop_once_from_its_smallest_member() -> None:
    edges = {"c": "a", "a": "b", "b": "c", "d": "a", "e": "e", "f": None}
    loops = find_cycles(edges, lambda n: edges[n], lambda n: n)
    assert loops == [["a", "b", "c"], ["e"]]


def test_vague_words_match_whole_words_in_any_case() -> None:
    pattern = _vague_pattern(tuple(w for ws in VAGUE_WORDS.values() for w in ws))
    assert pattern.search("Reply ASAP please")
    assert pattern.search("dikerjakan secepat  mungkin")
    assert pattern.search("as soon as\npossible")
    assert not pattern.search("the asapan report")  # not a word on its own
    assert not pattern.search("Acknowledge within 15 minutes")
