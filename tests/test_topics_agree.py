"""Lint and whois agree on what one topic is (issue 12, items 12-14), through the real CLI."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from svcstd.cli import app

AS_OF = "2026-11-23"
CLASH = "ownership/topic-multiple-owners"


def _role(ident: str, title: str, team: str, topic: str) -> str:
    return f"""kind: role
id: {ident}
title: {title}
team: {team}
reports_to: adm-manager
responsibilities:
  - Look after the equipment in the yard.
topics:
  - name: {json.dumps(topic)}
holders:
  - name: Test Holder
    email: {ident}@nusantarajaya.example
    employment: permanent
"""


def add_roles(example: Path, first: str, second: str) -> None:
    """Two new roles, in different teams, owning the topics as written."""
    roles = example / "roles" / "yard"
    roles.mkdir()
    (roles / "yard-one.yaml").write_text(
        _role("yard-one", "Yard Coordinator", "administration", first)
    )
    (roles / "yard-two.yaml").write_text(
        _role("yard-two", "Loading Dock Lead", "engineering", second)
    )


def lint_rules(example: Path) -> list[str]:
    result = CliRunner().invoke(app, ["lint", str(example), "--as-of", AS_OF, "-f", "json"])
    assert result.exit_code in (0, 1), result.output
    return [f["rule"] for f in json.loads(result.stdout)["findings"]]


def whois_json(example: Path, query: str) -> dict[str, Any]:
    result = CliRunner().invoke(app, ["whois", "--path", str(example), "--json", query])
    assert result.exit_code in (0, 1), result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return data


SPELLINGS = ["Forklift.", "Fork Lift", "Fork-Lift", "forklift", "forklifts"]


@pytest.mark.parametrize("second", SPELLINGS)
def test_lint_and_whois_both_see_one_topic_with_two_owners(example: Path, second: str) -> None:
    add_roles(example, "forklift", second)
    assert lint_rules(example) == [CLASH]
    for query in ("forklift", second, "who handles forklifts"):
        data = whois_json(example, query)
        assert data["status"] == "candidates", query
        assert {c["owner"]["id"] for c in data["candidates"]} == {"yard-one", "yard-two"}


@pytest.mark.parametrize("second", ["fork", "lift truck", "forklift battery"])
def test_near_misses_are_different_topics_for_both(example: Path, second: str) -> None:
    add_roles(example, "forklift", second)
    assert CLASH not in lint_rules(example)
    data = whois_json(example, "forklift")
    assert data["status"] == "answer"
    assert data["answer"]["owner"]["id"] == "yard-one"


def test_a_standard_naming_another_spelling_covers_the_topic(example: Path) -> None:
    add_roles(example, "Forklift.", "pallet jack")
    service = example / "services" / "admin-purchase-orders.yaml"
    text = service.read_text()
    old = "topics: [purchase order,"
    assert old in text
    service.write_text(text.replace(old, "topics: [Fork-Lifts, purchase order,"))
    assert lint_rules(example) == []
    data = whois_json(example, "forklift")
    assert data["status"] == "answer"
    assert "admin-purchase-orders" in [s["id"] for s in data["answer"]["standards"]]


@pytest.mark.parametrize(
    "query", ["who handles payslips", "payslips", "who handles payslip", "pay slips", "gajinya"]
)
def test_plurals_and_inflections_find_the_payroll_owner(example: Path, query: str) -> None:
    data = whois_json(example, query)
    assert data["status"] == "answer", data["suggestions"]
    assert data["answer"]["owner"]["id"] == "hr-payroll-officer"


def test_candidates_come_with_questions_that_answer(example: Path) -> None:
    add_roles(example, "forklift", "Fork Lift")
    data = whois_json(example, "forklift")
    assert data["status"] == "candidates"
    suggestions = data["suggestions"]
    assert len(suggestions) == 2 and "forklift" not in suggestions
    # The teams differ, so each question names a team, and asking it answers.
    assert suggestions == [
        "forklift Administration and Purchasing",
        "forklift Engineering and Maintenance",
    ]
    for question, owner in zip(suggestions, ["yard-one", "yard-two"], strict=True):
        answer = whois_json(example, question)
        assert answer["status"] == "answer"
        assert answer["answer"]["owner"]["id"] == owner


def test_a_question_naming_the_role_picks_that_owner(example: Path) -> None:
    add_roles(example, "forklift", "Fork Lift")
    data = whois_json(example, "forklift loading dock")
    assert data["status"] == "answer"
    assert data["answer"]["owner"]["id"] == "yard-two"
    assert whois_json(example, "forklift lead")["answer"]["owner"]["id"] == "yard-two"
