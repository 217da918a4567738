"""The small pieces the rules are built from."""

from __future__ import annotations

from datetime import date

import pytest

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


BUILT_IN = sorted({(lang, w) for lang, ws in VAGUE_WORDS.items() for w in ws})


@pytest.mark.parametrize(("lang", "word"), BUILT_IN)
def test_every_built_in_vague_word_is_found_in_a_sentence(lang: str, word: str) -> None:
    pattern = _vague_pattern(tuple(w for ws in VAGUE_WORDS.values() for w in ws))
    found = pattern.search(f"Requests are handled {word.upper()}, as agreed.")
    assert found is not None and found.group(0).lower() == word
    # Hyphens and spaces between its words are the same; glued into a word it is not one.
    respaced = word.replace("-", " ") if "-" in word else word.replace(" ", "-")
    assert pattern.search(f"handled {respaced}.")
    assert not _vague_pattern((word,)).search(f"handled x{word}x.")


@pytest.mark.parametrize(
    "text",
    ["Escalate to the immediate supervisor", "Ask on instant messaging", "Datang langsung"],
)
def test_words_with_a_precise_sense_are_not_vague(text: str) -> None:
    pattern = _vague_pattern(tuple(w for ws in VAGUE_WORDS.values() for w in ws))
    assert not pattern.search(text)


def test_an_empty_word_matches_nothing() -> None:
    assert not _vague_pattern(("", " - ")).search("anything at all")
