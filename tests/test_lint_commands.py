"""``svcstd rules``, ``svcstd lint --explain`` and ``svcstd schema``."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml
from typer.testing import CliRunner

from svcstd.cli import app
from svcstd.lint.registry import RULES
from tests.conftest import example_dir


def invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.output


def test_rules_lists_every_rule_with_its_severity() -> None:
    code, out = invoke("rules")
    assert code == 0
    for rule in RULES.values():
        assert any(line.split()[:2] == [rule.id, str(rule.severity)] for line in out.splitlines())


def test_rules_json() -> None:
    code, out = invoke("rules", "--format", "json")
    rules = {r["id"]: r for r in json.loads(out)}
    assert code == 0 and set(rules) == set(RULES)
    assert rules["people/too-many-roles"]["options"] == {"max_roles": 3}


@pytest.mark.parametrize(
    "args",
    [
        ["rules", "coverage/handoff-without-standard"],
        ["lint", "--explain", "coverage/handoff-without-standard"],
    ],
)
def test_explain_one_rule(args: list[str]) -> None:
    code, out = invoke(*args)
    assert code == 0
    assert out.startswith("coverage/handoff-without-standard (warning)\n")
    assert "falls through the cracks" in " ".join(out.split())


def test_explain_mentions_strict_and_options() -> None:
    assert "error with --strict" in invoke("rules", "lifecycle/review-overdue")[1]
    assert "option max_roles" in invoke("rules", "people/too-many-roles")[1]


def test_unknown_rule_is_a_usage_error_with_a_suggestion() -> None:
    code, out = invoke("lint", "--explain", "ownership/topic-unowed")
    assert code == 2 and "did you mean 'ownership/topic-unowned'?" in out


def test_every_rule_has_a_summary_and_a_paragraph() -> None:
    for rule in RULES.values():
        assert rule.summary.endswith(".") and len(rule.explanation) > 60, rule.id
        assert "/" in rule.id and rule.id == rule.id.lower()


def test_schema_writes_schemas_and_vscode_mapping(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".vscode").mkdir()
    (tmp_path / ".vscode" / "settings.json").write_text('{"editor.tabSize": 2}')
    code, out = invoke("schema", "--out", "schemas")
    assert code == 0 and "schemas/" in out
    names = sorted(p.name for p in (tmp_path / "schemas").iterdir())
    assert "team.schema.json" in names and "common.schema.json" in names
    settings = json.loads((tmp_path / ".vscode" / "settings.json").read_text())
    assert settings["editor.tabSize"] == 2
    assert settings["yaml.schemas"]["./schemas/team.schema.json"] == [
        "**/teams/**/*.yaml",
        "**/teams/**/*.yml",
    ]
    assert "**/svcstd.yaml" in settings["yaml.schemas"]["./schemas/config.schema.json"]


def test_written_schemas_validate_the_example(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # What an editor does: resolve the relative $refs beside each schema file and validate.
    from referencing import Registry, Resource

    monkeypatch.chdir(tmp_path)
    assert invoke("schema", "--out", "s", "--no-vscode")[0] == 0
    assert not (tmp_path / ".vscode").exists()
    common = Resource.from_contents(json.loads((tmp_path / "s" / "common.schema.json").read_text()))
    registry = Registry().with_resource("common.schema.json", common)
    team = json.loads((tmp_path / "s" / "team.schema.json").read_text())
    data = yaml.safe_load((example_dir() / "teams" / "it.yaml").read_text())
    jsonschema.Draft202012Validator(team, registry=registry).validate(data)


def test_schema_refuses_settings_it_cannot_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".vscode").mkdir()
    (tmp_path / ".vscode" / "settings.json").write_text("{ // a comment\n}")
    code, out = invoke("schema")
    assert code == 2 and "not plain JSON" in out
    assert (tmp_path / ".vscode" / "settings.json").read_text() == "{ // a comment\n}"
