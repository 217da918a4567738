"""``svcstd whois`` on the example organisation, through the real command line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from svcstd.cli import app


def whois(example: Path, *args: str) -> tuple[int, str]:
    """Run svcstd whois against the example copy; return (exit code, stdout)."""
    result = CliRunner().invoke(app, ["whois", "--path", str(example), *args])
    return result.exit_code, result.stdout


def whois_json(example: Path, *args: str) -> dict[str, Any]:
    code, out = whois(example, "--json", *args)
    assert code == 0, out
    data: dict[str, Any] = json.loads(out)
    return data


# The lookups: query → (owning role, its team).
OWNERS = {
    "payroll": ("hr-payroll-officer", "hr"),
    "gaji": ("hr-payroll-officer", "hr"),
    "PMS access": ("it-support-supervisor", "it"),
    "pms acess": ("it-support-supervisor", "it"),
    "purchase order": ("adm-purchasing-officer", "administration"),
    "purchse order": ("adm-purchasing-officer", "administration"),
    "vendor payment": ("fin-ap-officer", "finance"),
    "overdue invoice": ("fin-credit-collection-officer", "finance"),
    "debt collection": ("fin-credit-collection-officer", "finance"),
    "guest complaint": ("fo-guest-relations-manager", "front-office"),
    "overtime": ("hr-payroll-officer", "hr"),
    "lembur": ("hr-payroll-officer", "hr"),
    "  PAYROL  ": ("hr-payroll-officer", "hr"),
}


@pytest.mark.parametrize("query", list(OWNERS))
def test_lookup_names_the_owner_in_json(example: Path, query: str) -> None:
    role, team = OWNERS[query]
    data = whois_json(example, query)
    assert data["status"] == "answer"
    assert data["answer"]["owner"]["id"] == role
    assert data["answer"]["team"]["id"] == team
    assert data["answer"]["owner"]["holders"], "the example's owners all have holders"


@pytest.mark.parametrize("query", list(OWNERS))
def test_lookup_names_the_owner_in_text(example: Path, query: str) -> None:
    role, team = OWNERS[query]
    code, out = whois(example, query)
    assert code == 0
    assert "Owner: " in out and f"({role})" in out.split("Owner: ")[1].splitlines()[0]
    assert "Team: " in out and f"({team})" in out


def test_payroll_answer_has_channels_targets_escalation_and_sops(example: Path) -> None:
    a = whois_json(example, "gaji")["answer"]
    assert a["topic"]["name"] == "payroll"
    assert a["deputy"]["id"]
    assert all(c["hours"]["days"] for c in a["channels"]) and a["channels"]
    std = next(s for s in a["standards"] if s["id"] == "hr-payroll")
    assert any(t["deadline"] == "monthly on day 25" for t in std["targets"])
    assert any(t["acknowledge"] and t["resolve"] for t in std["targets"])
    assert [level["to"]["id"] for level in a["escalation"]] == [
        level["to"]["id"] for level in std["escalation"]
    ]
    assert a["escalation"] and a["escalation"][0]["after"]
    assert {"sop-monthly-payroll"} <= {s["id"] for s in a["sops"]}


@pytest.mark.parametrize("query", ["overtime", "lembur"])
def test_overtime_shows_the_divisions_submission_deadline(example: Path, query: str) -> None:
    commitments = whois_json(example, query)["answer"]["commitments"]
    assert any(
        c["standard"] == "hr-payroll" and c["deadline"] == "monthly on day 20" for c in commitments
    )
    _, out = whois(example, query)
    section = out.split("What you need to provide:")[1]
    assert "deadline monthly on day 20" in section


def test_no_match_exits_1_with_suggestions(example: Path) -> None:
    code, out = whois(example, "quantum teleporter")
    assert code == 1
    assert out.startswith('no owner found for "quantum teleporter"')
    assert "nearest topics: " in out
    data = json.loads(whois(example, "--json", "quantum teleporter")[1])
    assert data["status"] == "no-match" and len(data["suggestions"]) == 3
    assert data["answer"] is None


def test_close_candidates_give_a_ranked_list_and_a_hint(example: Path) -> None:
    code, out = whois(example, "guest")
    assert code == 0
    assert out.startswith('Several owners match "guest":')
    assert 'refine the question, e.g.:\n  svcstd whois "guest ' in out
    data = whois_json(example, "guest")
    owners = [c["owner"]["id"] for c in data["candidates"]]
    assert data["status"] == "candidates" and len(set(owners)) == len(owners) > 1
    # Each suggestion names the role (the first three share a team) and answers with it.
    assert data["suggestions"] == [f"guest {c['owner']['title']}" for c in data["candidates"][:3]]
    for question, owner in zip(data["suggestions"], owners, strict=False):
        assert whois_json(example, question)["answer"]["owner"]["id"] == owner


def test_all_lists_every_match_with_scores(example: Path) -> None:
    data = whois_json(example, "--all", "guest complaint")
    assert data["status"] == "all"
    scores = [(c["how"], c["score"]) for c in data["candidates"]]
    assert scores[0] == ("exact", 100.0)
    assert len(scores) > 3 and {"exact", "word"} <= {how for how, _ in scores}


def test_role_lookup_lists_what_the_payroll_role_owns(example: Path) -> None:
    data = whois_json(example, "--role", "hr-payroll-officer")
    topics = {t["name"] for t in data["owns"]["topics"]}
    assert {"payroll", "overtime"} <= topics
    assert "hr-payroll" in {s["id"] for s in data["provides"]["standards"]}
    assert "sop-monthly-payroll" in {s["id"] for s in data["owns"]["sops"]}
    code, out = whois(example, "--role", "hr-payroll-officer")
    assert code == 0 and "Topics owned:\n  - payroll\n  - overtime" in out


def test_team_lookup_lists_what_it_owns_provides_and_receives(example: Path) -> None:
    data = whois_json(example, "--team", "it")
    assert "PMS access" in {t["name"] for t in data["owns"]["topics"]}
    assert "it-pms-support" in {s["id"] for s in data["provides"]["standards"]}
    assert "hr-payroll" in {s["id"] for s in data["receives"]["standards"]}
    assert not {s["id"] for s in data["provides"]["standards"]} & {
        s["id"] for s in data["receives"]["standards"]
    }
    code, out = whois(example, "--team", "it")
    assert code == 0 and "PMS access → it-support-supervisor" in out


def test_unknown_role_or_team_is_a_usage_error_with_a_hint(example: Path) -> None:
    result = CliRunner().invoke(
        app, ["whois", "--path", str(example), "--role", "hr-payrol-oficer"]
    )
    assert result.exit_code == 2
    assert "unknown role 'hr-payrol-oficer'" in result.output
    assert "did you mean 'hr-payroll-officer'?" in result.output


def test_list_is_the_topic_directory_a_to_z(example: Path) -> None:
    topics = whois_json(example, "--list")["topics"]
    names = [t["name"].casefold() for t in topics]
    assert names == sorted(names) and "payroll" in names
    _, out = whois(example, "--list")
    assert out.startswith("Topic directory\n\nA\n")
    assert "  payroll → Payroll Officer (hr-payroll-officer, Human Resources)" in out


def test_indonesian_labels(example: Path) -> None:
    code, out = whois(example, "--lang", "id", "lembur")
    assert code == 0
    for label in (
        "PIC: ",
        "Pengganti saat berhalangan: ",
        "Tim: ",
        "Saluran:",
        "Jam layanan: ",
        "Target:",
        "Eskalasi:",
        "SOP terkait:",
        "Kewajiban Anda:",
        # Deadlines and durations in words, not as written in the YAML.
        "batas waktu setiap bulan tanggal 20",
        "ditanggapi dalam 4 jam kerja, diselesaikan dalam 1 hari kerja",
        "setelah 1 hari kerja → ",
        "(karyawan tetap)",
        "- tiket: ",
        "Sen\N{EN DASH}Jum 08:00\N{EN DASH}17:00",
    ):
        assert label in out
    english_words = (
        "Owner:",
        "monthly on day",
        "business",
        "permanent",
        "ticket:",
        "Mon\N{EN DASH}F",
    )
    for english in english_words:
        assert english not in out
    assert "PIC: Staf Penggajian (hr-payroll-officer)" in out, "title_id is used"
    assert '(cocok dengan "lembur": sinonim, id, persis)' in out


def test_a_role_title_or_team_name_answers_with_its_owner(example: Path) -> None:
    code, out = whois(example, "payroll officer")
    assert code == 0
    assert out.startswith("Payroll Officer  (role title, exact)\nOwner: Payroll Officer")
    team = whois_json(example, "Human Resources")
    assert team["match"]["kind"] == "team" and team["answer"]["owner"]["id"] == "hr-manager"


@pytest.mark.parametrize("args", [[], ["payroll", "--role", "hr-manager"], ["--lang", "fr", "x"]])
def test_bad_option_combinations_are_usage_errors(example: Path, args: list[str]) -> None:
    assert whois(example, *args)[0] == 2


def test_vacant_owner_says_so_and_points_to_escalation(example: Path) -> None:
    path = example / "roles" / "finance" / "fin-credit-collection-officer.yaml"
    text = path.read_text()
    path.write_text(text[: text.index("holders:")] + "vacant: true\n")
    a = whois_json(example, "debt collection")["answer"]
    assert a["vacant"] is True and a["owner"]["holders"] == []
    assert a["escalation"]
    code, out = whois(example, "debt collection")
    assert code == 0
    assert "vacant: nobody holds this role now; ask the deputy or follow the escalation path" in out
    assert "Escalation:" in out


def test_real_entry_point_exit_codes(example: Path) -> None:
    env = {**os.environ, "NO_COLOR": "1"}
    run = [sys.executable, "-m", "svcstd", "whois", "--path", str(example)]
    found = subprocess.run([*run, "payroll"], capture_output=True, text=True, env=env, check=False)
    missing = subprocess.run([*run, "zzzqqq"], capture_output=True, text=True, env=env, check=False)
    assert (found.returncode, missing.returncode) == (0, 1), found.stderr + missing.stderr
    assert "hr-payroll-officer" in found.stdout
    assert (example / ".svcstd-cache" / "whois-index.json").is_file()


def test_the_json_structure_is_the_documented_one(example: Path) -> None:
    # docs/whois.md promises these keys; removing or renaming one must raise "format".
    data = whois_json(example, "lembur")
    assert set(data) == {
        "format",
        "query",
        "status",
        "match",
        "answer",
        "candidates",
        "suggestions",
    }
    assert data["format"] == 1
    assert set(data["match"]) == {"kind", "term", "language", "ref", "topic", "how", "score"}
    a = data["answer"]
    assert set(a) == {
        "topic",
        "owner",
        "vacant",
        "deputy",
        "team",
        "channels",
        "standards",
        "commitments",
        "escalation",
        "sops",
    }
    assert set(a["owner"]) == {"id", "title", "title_id", "team", "vacant", "holders"}
    assert set(a["owner"]["holders"][0]) == {"name", "email", "employment", "until"}
    assert set(a["team"]) == {"id", "name", "name_id", "lead"}
    assert set(a["channels"][0]) == {"id", "type", "address", "note", "team", "hours"}
    assert set(a["channels"][0]["hours"]) == {"id", "days", "hours", "description"}
    std = a["standards"][0]
    assert set(std) == {
        "id",
        "title",
        "title_id",
        "status",
        "version",
        "provider",
        "owner",
        "hours",
        "targets",
        "commitments",
        "escalation",
        "related_sops",
        "feedback",
    }
    assert set(std["feedback"]) == {"min_responses", "last", "open_actions"}
    assert set(std["targets"][0]) == {
        "id",
        "request",
        "priority",
        "acknowledge",
        "resolve",
        "deadline",
    }
    assert set(a["commitments"][0]) == {"standard", "id", "text", "deadline", "within"}
    assert set(a["escalation"][0]) == {"after", "to", "how"}
    assert set(a["sops"][0]) == {"id", "title", "title_id", "owner"}
    candidate = whois_json(example, "guest")["candidates"][0]
    assert set(candidate) == {
        "kind",
        "term",
        "language",
        "ref",
        "topic",
        "how",
        "score",
        "owner",
        "team",
    }
