"""Parsing inline suppression comments."""

from __future__ import annotations

from svcstd.lint.suppressions import is_valid, parse_suppressions, problems


def parse(*lines: str) -> list[tuple[int, int, list[str], str]]:
    return [
        (s.line, s.target, s.rules, s.reason) for s in parse_suppressions("f.yaml", list(lines))
    ]


def test_on_the_offending_line() -> None:
    assert parse("a: 1", "title: x  # svcstd: disable=people/no-holder -- hiring") == [
        (2, 2, ["people/no-holder"], "hiring")
    ]


def test_alone_on_a_line_it_applies_to_the_next() -> None:
    assert parse("# svcstd: disable=a/b,c/d -- both", "x: 1") == [(1, 2, ["a/b", "c/d"], "both")]


def test_inside_a_quoted_value_it_is_text() -> None:
    assert parse("title: 'see # svcstd: disable=a/b -- no'") == []


def test_malformed_suppressions_are_findings() -> None:
    (no_reason,) = parse_suppressions("f.yaml", ["x: 1  # svcstd: disable=people/no-holder"])
    assert not is_valid(no_reason)
    assert [f.message for f in problems(no_reason)] == ["suppression gives no reason"]
    (unknown,) = parse_suppressions("f.yaml", ["x: 1  # svcstd: disable=people/nobody -- x"])
    (finding,) = problems(unknown)
    assert finding.rule == "lint/bad-suppression" and (finding.line, finding.column) == (1, 7)


def test_apostrophes_in_plain_values_do_not_hide_a_comment() -> None:
    assert parse("title: Chef's table  # svcstd: disable=a/b -- ok") == [(1, 1, ["a/b"], "ok")]
    assert parse('  - "quoted # svcstd: disable=a/b -- no"') == []
