"""The rules: section of svcstd.yaml: severities, disabled rules, per-path overrides, options."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from svcstd.cli import app
from svcstd.errors import ConfigError
from svcstd.findings import Severity
from svcstd.lint.engine import lint_path
from tests import lint_fixtures as fx

AS_OF = date.fromisoformat(fx.AS_OF_TEXT)


@pytest.fixture
def lab(example: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(example)
    fx.write(example, fx.CLEAN)
    fx.write(example, fx.MUTATIONS["people/no-holder"])
    fx.write(example, fx.MUTATIONS["targets/vague-language"])
    return example


def configure(root: Path, rules: dict[str, object]) -> None:
    path = root / "svcstd.yaml"
    config = yaml.safe_load(path.read_text(encoding="utf-8"))
    config["rules"] = rules
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")


def found(root: Path) -> dict[str, str]:
    return {f.rule: str(f.severity) for f in lint_path(root, AS_OF).findings}


def test_defaults(lab: Path) -> None:
    assert found(lab) == {"people/no-holder": "warning", "targets/vague-language": "warning"}


def test_severity_and_disable(lab: Path) -> None:
    configure(
        lab, {"severity": {"people/no-holder": "error"}, "disable": ["targets/vague-language"]}
    )
    assert found(lab) == {"people/no-holder": "error"}


def test_overrides_apply_only_to_matching_paths(lab: Path) -> None:
    configure(
        lab,
        {
            "overrides": [
                {"paths": ["roles/qa/*"], "disable": ["people/no-holder"]},
                {"paths": ["services/*"], "severity": {"targets/vague-language": "info"}},
                {"paths": ["sops/*"], "disable": ["targets/vague-language"]},
            ]
        },
    )
    assert found(lab) == {"targets/vague-language": "info"}


def test_vague_words_are_configurable_per_language(lab: Path) -> None:
    configure(lab, {"options": {"targets/vague-language": {"words": {"en": ["whenever"]}}}})
    assert "targets/vague-language" not in found(lab)
    configure(lab, {"options": {"targets/vague-language": {"extra_words": {"id": ["nanti"]}}}})
    fx.write(
        lab,
        {
            "services/qa-std-later.yaml": fx.std(
                "qa-std-later", ("request: A sample to test", "request: Diuji nanti")
            )
        },
    )
    report = lint_path(lab, AS_OF)
    assert sorted(f.file for f in report.findings if f.rule == "targets/vague-language") == [
        "services/qa-std-later.yaml",
        "services/qa-std-vague.yaml",
    ]


def test_max_roles_option(lab: Path) -> None:
    fx.write(lab, fx.MUTATIONS["people/too-many-roles"])
    assert "people/too-many-roles" in found(lab)
    configure(lab, {"options": {"people/too-many-roles": {"max_roles": 4}}})
    assert "people/too-many-roles" not in found(lab)


@pytest.mark.parametrize(
    ("rules", "message"),
    [
        ({"disable": ["people/no-holdr"]}, "rules.disable: unknown rule 'people/no-holdr'"),
        ({"severity": {"nope/rule": "error"}}, "rules.severity: unknown rule 'nope/rule'"),
        ({"overrides": [{"paths": ["x"], "disable": ["bad/id"]}]}, "unknown rule 'bad/id'"),
        ({"options": {"people/too-many-roles": {"max": 2}}}, "unknown option 'max'"),
        ({"options": {"people/too-many-roles": {"max_roles": "two"}}}, "expected int"),
    ],
)
def test_misconfiguration_is_a_config_error(
    lab: Path, rules: dict[str, object], message: str
) -> None:
    configure(lab, rules)
    with pytest.raises(ConfigError, match=message.replace("(", r"\(").replace(".", r"\.")):
        lint_path(lab, AS_OF)


def test_misconfiguration_exits_2_with_a_hint(lab: Path) -> None:
    configure(lab, {"disable": ["people/no-holdr"]})
    result = CliRunner().invoke(app, ["lint"])
    assert result.exit_code == 2
    assert "did you mean 'people/no-holder'?" in result.output
    configure(lab, {"severity": {"people/no-holder": "fatal"}})
    result = CliRunner().invoke(app, ["lint"])
    assert result.exit_code == 2 and "svcstd.yaml" in result.output


def test_exceptions_for_a_disabled_rule_are_not_unused(lab: Path) -> None:
    fx.write(lab, fx.MUTATIONS["lint/unused-suppression"])  # suppresses people/email
    fx.write(lab, fx.MUTATIONS["lifecycle/waiver-unused"])  # waives targets/vague-language
    assert set(found(lab)) >= {"lint/unused-suppression", "lifecycle/waiver-unused"}
    configure(lab, {"disable": ["people/email", "targets/vague-language"]})
    assert found(lab) == {"people/no-holder": "warning"}


def test_the_configuration_example_in_the_docs_is_valid() -> None:
    from svcstd.lint.config import parse_lint_config

    docs = (Path(__file__).resolve().parents[1] / "docs" / "lint.md").read_text(encoding="utf-8")
    blocks = [b for b in re.findall(r"```yaml\n(.*?)```", docs, re.S) if b.startswith("rules:")]
    assert len(blocks) == 1
    config = parse_lint_config(yaml.safe_load(blocks[0])["rules"])
    assert config.option("people/too-many-roles", "max_roles") == 2
    assert config.severity_for("lifecycle/review-overdue", "sops/x.yaml", Severity.WARNING) == (
        Severity.ERROR
    )


@pytest.mark.parametrize(
    "words", ["secepat-cepatnya", "dengan cepat", "tepat waktu", "immediately", "Secepat cepatnya"]
)
def test_the_issue_vague_words_are_flagged_by_default(example: Path, words: str) -> None:
    fx.write(example, fx.CLEAN)
    fx.write(
        example,
        {
            "services/qa-std-hurry.yaml": fx.std(
                "qa-std-hurry", ("request: A sample to test", f"request: Sampel diuji {words}")
            )
        },
    )
    findings = [f for f in lint_path(example, AS_OF).findings if f.rule == "targets/vague-language"]
    assert [(f.file.endswith("qa-std-hurry.yaml"), f.message) for f in findings] == [
        (True, f"{words!r} is vague: it does not say how long")
    ]
