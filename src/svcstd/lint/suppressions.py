"""Inline suppressions: ``# svcstd: disable=rule-a,rule-b -- reason`` on the offending line.

A suppression applies to findings on its own line; if the comment stands alone on
a line, it applies to the next line instead (for values too long to share a line).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from collections.abc import Set as AbstractSet

from msgspec import Struct, field

from svcstd.findings import Finding
from svcstd.lint.registry import load_rules

_COMMENT = re.compile(r"#\s*svcstd:\s*disable=(?P<rules>[^\s#]*)(?:\s+--\s*(?P<reason>.*?))?\s*$")


class Suppression(Struct):
    """One suppression comment: where it is, what it names, why, and what it matched."""

    file: str
    line: int  # the line of the comment
    target: int  # the line whose findings it suppresses
    column: int
    rules: list[str]
    reason: str
    used: set[str] = field(default_factory=set)


def parse_suppressions(file: str, lines: list[str]) -> Iterator[Suppression]:
    """Every suppression comment in a file's lines."""
    for number, text in enumerate(lines, start=1):
        m = _COMMENT.search(text)
        if m is None or _inside_quotes(text, m.start()):
            continue
        alone = not text[: m.start()].strip()
        rules = [r for r in m["rules"].split(",") if r]
        yield Suppression(
            file,
            number,
            number + 1 if alone else number,
            m.start() + 1,
            rules,
            (m["reason"] or "").strip(),
        )


# The start of a line's value: after any list dashes and an unquoted "key:".
_VALUE_START = re.compile(r"^\s*(?:- +)*(?:[^'\"#:]+:(?: +|$))?")


def _inside_quotes(text: str, pos: int) -> bool:
    """True when ``pos`` falls inside a quoted value, where '#' is text, not a comment."""
    start = _VALUE_START.match(text)
    value = text[start.end() if start else 0 : pos]
    quote = value[:1]
    return quote in ("'", '"') and value.count(quote) % 2 == 1


def problems(s: Suppression) -> Iterator[Finding]:
    """Findings for a malformed suppression: no rule, unknown rules, or no reason."""
    from svcstd.suggest import did_you_mean

    rules = load_rules()
    if not s.rules:
        yield _finding(
            s,
            "lint/bad-suppression",
            "suppression names no rule",
            "write the rule id after 'disable=', e.g. disable=people/no-holder",
        )
    for rule_id in s.rules:
        if rule_id not in rules:
            hint = did_you_mean(rule_id, rules) or "run 'svcstd rules' for the rule ids"
            yield _finding(
                s, "lint/bad-suppression", f"suppression names unknown rule {rule_id!r}", hint
            )
    if not s.reason:
        yield _finding(
            s,
            "lint/bad-suppression",
            "suppression gives no reason",
            "add the reason after two hyphens: '-- why this is acceptable'",
        )


def unused(s: Suppression, disabled: AbstractSet[str] = frozenset()) -> Iterator[Finding]:
    """A finding for each valid rule a suppression names that matched nothing.

    Rules switched off everywhere (``disabled``) never ran, so they cannot have matched.
    """
    rules = load_rules()
    for rule_id in s.rules:
        if rule_id in rules and s.reason and rule_id not in s.used and rule_id not in disabled:
            yield _finding(
                s,
                "lint/unused-suppression",
                f"nothing to suppress: no {rule_id} finding on line {s.target}",
                "remove the suppression",
            )


def _finding(s: Suppression, rule_id: str, message: str, hint: str) -> Finding:
    severity = load_rules()[rule_id].severity
    return Finding(s.file, s.line, s.column, rule_id, severity, message, hint)


def is_valid(s: Suppression) -> bool:
    # The registry is filled on first use: asking it directly from here could see it empty.
    rules = load_rules()
    return bool(s.reason) and bool(s.rules) and all(r in rules for r in s.rules)
