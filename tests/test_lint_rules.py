"""Every model rule, on the example organisation: one failing and one passing case each.

The clean laboratory (tests/lint_fixtures.py) is added to a copy of the example; each
mutation then adds documents that break exactly one rule, and the findings must be
exactly the ``# expect:`` markers, at the right file and line.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from svcstd.lint.engine import lint_path
from svcstd.lint.registry import RULES
from tests import lint_fixtures as fx

AS_OF = date.fromisoformat(fx.AS_OF_TEXT)
# The real root team is reported too when a second root appears.
ALSO_EXPECTED = {
    "organisation/single-root": ("teams/general-management.yaml", "id: general-management")
}


def _lint(root: Path) -> set[tuple[str, int, str]]:
    return {(f.file, f.line, f.rule) for f in lint_path(root, AS_OF).findings}


@pytest.fixture
def lab(example: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The example organisation plus the clean laboratory, as the current folder."""
    monkeypatch.chdir(example)
    fx.write(example, fx.CLEAN)
    return example


@pytest.fixture
def baseline(example: Path, monkeypatch: pytest.MonkeyPatch) -> set[tuple[str, int, str]]:
    """Whatever the unmodified example reports (nothing, once it is complete)."""
    monkeypatch.chdir(example)
    return _lint(example)


def _also(root: Path, rule: str) -> set[tuple[str, int, str]]:
    if rule not in ALSO_EXPECTED:
        return set()
    rel, text = ALSO_EXPECTED[rule]
    lines = (root / rel).read_text(encoding="utf-8").splitlines()
    return {(rel, lines.index(text) + 1, rule)}


def test_the_clean_laboratory_adds_no_finding(
    lab: Path, baseline: set[tuple[str, int, str]]
) -> None:
    assert _lint(lab) == baseline


@pytest.mark.parametrize("rule", sorted(fx.MUTATIONS))
def test_each_rule_reports_its_violation_at_the_right_line(
    rule: str, lab: Path, baseline: set[tuple[str, int, str]]
) -> None:
    files = fx.MUTATIONS[rule]
    fx.write(lab, files)
    want = fx.expected(files) | _also(lab, rule)
    assert {r for _, _, r in want} == {rule}
    assert _lint(lab) == baseline | want


def test_all_violations_at_once_give_exactly_those_findings(
    lab: Path, baseline: set[tuple[str, int, str]]
) -> None:
    files = {rel: text for mutation in fx.MUTATIONS.values() for rel, text in mutation.items()}
    fx.write(lab, files)
    want = fx.expected(files) | _also(lab, "organisation/single-root")
    assert _lint(lab) == baseline | want


def test_every_rule_has_a_mutation() -> None:
    # Pipeline rules (yaml/*, schema/*, refs/*) have their own corpus in tests/cases.
    # History rules read git and are tested in real repositories (tests/test_attest.py);
    # other rules that are off by default need their own configuration and are tested
    # with it (i18n/missing-translation: tests/test_lint_i18n.py).
    model_rules = {
        r.id
        for r in RULES.values()
        if r.family not in ("yaml", "schema", "refs") and r.scope != "history" and r.default_on
    }
    assert model_rules <= set(fx.MUTATIONS)


def test_suppressed_and_waived_findings_are_counted_not_reported(
    lab: Path, baseline: set[tuple[str, int, str]]
) -> None:
    fx.write(lab, fx.EXCEPTIONS)
    report = lint_path(lab, AS_OF)
    assert {(f.file, f.line, f.rule) for f in report.findings} == baseline
    assert [(f.file, f.rule, reason) for f, reason in report.suppressed] == [
        ("roles/qa/qa-hiring.yaml", "people/no-holder", "recruiting now")
    ]
    assert [(f.file, w.id) for f, w in report.waived] == [
        ("roles/qa/qa-waived.yaml", "qa-waiver-ok")
    ]
    assert report.summary()["suppressed"] == 1
    assert report.summary()["waived"] == 1


def test_a_waiver_stops_applying_the_day_after_it_expires(lab: Path) -> None:
    fx.write(lab, fx.EXCEPTIONS)
    report = lint_path(lab, date(2026, 11, 24))
    got = {(f.file, f.rule) for f in report.findings}
    assert ("roles/qa/qa-waived.yaml", "people/no-holder") in got
    assert ("waivers/qa-waiver-ok.yaml", "lifecycle/waiver-expired") in got
    assert report.waived == []


def test_the_example_organisation_lints_clean(
    example: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(example)
    assert [f"{f.file}:{f.line} {f.rule}" for f in lint_path(example, AS_OF).findings] == []
