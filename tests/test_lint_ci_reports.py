"""What CI systems read from lint: paths from the repository top, SARIF fingerprints,
JUnit that the Jenkins xunit schema accepts, and every path given on the command line."""

from __future__ import annotations

import json
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from typer.testing import CliRunner

from svcstd.cli import app
from tests import lint_fixtures as fx

FIXTURES = Path(__file__).parent / "fixtures"
SARIF_SCHEMA = FIXTURES / "sarif" / "sarif-schema-2.1.0.json"
JUNIT_XSD = FIXTURES / "junit" / "junit-10.xsd"
FORMATS = ("text", "json", "github", "sarif", "junit")
BROKEN = "roles/qa/qa-self.yaml"


@pytest.fixture
def repo(example: Path) -> Path:
    """A git repository whose standards sit in standards/, with one error and one warning."""
    fx.write(example, fx.CLEAN)
    fx.write(example, fx.MUTATIONS["people/deputy-is-self"])
    fx.write(example, fx.MUTATIONS["people/no-holder"])
    top = example.parent
    subprocess.run(["git", "init", "-q", str(top)], check=True)
    return top


def lint(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["lint", "--as-of", fx.AS_OF_TEXT, *args])
    return result.exit_code, result.output


def reported_files(fmt: str, out: str) -> set[str]:
    """The file names one report gives, read the way its consumer reads them."""
    if fmt == "json":
        return {f["file"] for f in json.loads(out)["findings"]}
    if fmt == "sarif":
        results = json.loads(out)["runs"][0]["results"]
        return {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results}
    if fmt == "junit":
        cases = ET.fromstring(out).iter("testcase")
        return {c.get("name", "") for c in cases if len(c)}
    if fmt == "github":
        return {
            line.split("file=")[1].split(",")[0] for line in out.splitlines() if "file=" in line
        }
    return {line for line in out.splitlines() if line.endswith(".yaml")}


@pytest.mark.parametrize("where", [".", "standards", "standards/roles/qa"])
@pytest.mark.parametrize("fmt", FORMATS)
def test_paths_are_relative_to_the_git_top_from_any_folder(
    repo: Path, where: str, fmt: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(repo / where)
    code, out = lint("--format", fmt, str(repo / "standards"))
    assert code == 1
    assert reported_files(fmt, out) == {
        "standards/roles/qa/qa-nobody.yaml",
        "standards/" + BROKEN,
    }


def test_base_names_files_relative_to_the_folder_given(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(repo / "standards" / "roles")
    code, out = lint("--format", "json", "--base", str(repo / "standards" / "roles"))
    assert code == 1
    assert {f["file"] for f in json.loads(out)["findings"]} == {
        "qa/qa-nobody.yaml",
        "qa/qa-self.yaml",
    }
    code, out = lint("--base", "no-such-folder")
    assert code == 2 and "--base no-such-folder is not a folder" in out


def test_outside_git_paths_are_relative_to_the_standards_folder(
    example: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fx.write(example, fx.MUTATIONS["people/deputy-is-self"])
    monkeypatch.chdir(tmp_path)
    code, out = lint("--format", "github", "standards/roles")
    assert code == 1 and f"file={BROKEN}," in out


def sarif(*args: str) -> dict:  # type: ignore[type-arg]
    import jsonschema

    code, out = lint("--format", "sarif", *args)
    log = json.loads(out)
    jsonschema.Draft4Validator(json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))).validate(log)
    assert code == 1
    return log  # type: ignore[no-any-return]


def test_sarif_names_its_base_and_describes_each_rule(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(repo / "standards" / "roles" / "qa")
    run = sarif()["runs"][0]
    assert run["originalUriBaseIds"] == {"%SRCROOT%": {"uri": repo.resolve().as_uri() + "/"}}
    location = run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location["uriBaseId"] == "%SRCROOT%" and not location["uri"].startswith("file:")
    rules = {r["id"]: r for r in run["tool"]["driver"]["rules"]}
    for rule in rules.values():
        assert f"svcstd lint --explain {rule['id']}" in rule["help"]["markdown"]
        assert rule["properties"]["precision"] == "very-high"
        assert rule["properties"]["tags"][0] == rule["id"].split("/")[0]
    assert rules["yaml/tag"]["properties"]["security-severity"] == "6.0"
    assert "security" in rules["yaml/tag"]["properties"]["tags"]
    assert "security-severity" not in rules["people/deputy-is-self"]["properties"]


def fingerprints(log: dict) -> dict[str, tuple[int, str]]:  # type: ignore[type-arg]
    """Each result's fingerprint with its line and rule."""
    return {
        r["partialFingerprints"]["svcstdFinding/v1"]: (
            r["locations"][0]["physicalLocation"]["region"]["startLine"],
            r["ruleId"],
        )
        for r in log["runs"][0]["results"]
    }


def test_sarif_fingerprints_survive_a_line_inserted_above_the_finding(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(repo)
    before = fingerprints(sarif("--no-cache"))
    path = repo / "standards" / BROKEN
    path.write_text(
        "# Quality assurance lab\n" + path.read_text(encoding="utf-8"), encoding="utf-8"
    )
    after = fingerprints(sarif("--no-cache"))
    assert before.keys() == after.keys() and len(before) == 2
    moved = [fp for fp in before if before[fp][1] == "people/deputy-is-self"]
    assert after[moved[0]][0] == before[moved[0]][0] + 1  # the same alert, one line lower


def test_sarif_fingerprints_tell_apart_findings_of_one_rule_in_one_file(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(repo)
    path = repo / "standards" / BROKEN
    path.write_text(path.read_text(encoding="utf-8") + "deputy: qa-self\n", encoding="utf-8")
    log = sarif("--no-cache")
    prints = [r["partialFingerprints"]["svcstdFinding/v1"] for r in log["runs"][0]["results"]]
    assert len(prints) == len(set(prints)) >= 3


def junit_errors(text: str) -> list[str]:
    import xmlschema

    schema = xmlschema.XMLSchema10(str(JUNIT_XSD))
    return [str(e.reason) for e in schema.iter_errors(text)]


def test_junit_is_valid_for_jenkins_xunit_and_fails_only_at_the_fail_level(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(repo)
    code, out = lint("--format", "junit")
    assert code == 1 and junit_errors(out) == []
    suites = ET.fromstring(out)
    suite = suites.find("testsuite")
    assert suite is not None and suites.get("time") == suite.get("time") == "0"
    assert all(c.get("time") == "0" for c in suite.iter("testcase"))
    failed = {c.get("name"): c for c in suite.iter("testcase") if c.find("failure") is not None}
    assert list(failed) == ["standards/" + BROKEN] and suites.get("failures") == "1"
    nobody = next(c for c in suite.iter("testcase") if c.get("name", "").endswith("qa-nobody.yaml"))
    assert "people/no-holder" in (nobody.findtext("system-out") or "")
    props = {p.get("name"): p.get("value") for p in suite.iter("property")}
    assert props["fail-level"] == "error" and props["warnings"] == "1"

    code, out = lint("--format", "junit", "--fail-level", "warning")
    assert code == 1 and junit_errors(out) == []
    assert ET.fromstring(out).get("failures") == "2"


def test_junit_warnings_alone_are_a_green_test_report(
    example: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(example)
    result = CliRunner().invoke(app, ["lint", "--format", "junit", "--as-of", "2030-01-01"])
    suites = ET.fromstring(result.output)
    assert result.exit_code == 0 and junit_errors(result.output) == []
    assert suites.get("failures") == "0" and len(list(suites.iter("system-out"))) > 0


def test_the_xsd_rejects_what_jenkins_rejects() -> None:
    """The schema test has teeth: the old report's 'skipped' on <testsuites> fails it."""
    suite = '<testsuite name="a" tests="0" failures="0" errors="0"/>'
    bad = f'<testsuites skipped="0">{suite}</testsuites>'
    assert junit_errors(bad) != []


def test_every_path_given_is_linted(
    example: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    other = tmp_path / "other"
    shutil.copytree(example, other)
    fx.write(other, fx.MUTATIONS["people/deputy-is-self"])
    monkeypatch.chdir(tmp_path)
    code, out = lint("--format", "json", "standards", "other")
    assert code == 1
    assert {f["file"] for f in json.loads(out)["findings"]} == {f"other/{BROKEN}"}
    # The same repository named twice is linted once.
    once = json.loads(lint("--format", "json", "other")[1])["findings"]
    code, out = lint("--format", "json", "other", "other/roles")
    assert code == 1 and json.loads(out)["findings"] == once


def test_a_missing_path_among_several_is_a_usage_error(
    example: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    code, out = lint("standards", str(tmp_path / "nonexistent"))
    assert code == 2 and "nonexistent does not exist" in out


def gitlab_cases(text: str) -> list[dict[str, str]]:
    """Test cases as GitLab's JUnit parser (lib/gitlab/ci/parsers/test/junit.rb) reads them.

    It takes one top-level <testsuites>, needs at least one <testsuite> level above each
    <testcase>, gives a case the status of its first <failure>, <error> or <skipped>
    child (success otherwise), shows that element's text as the details, and reads
    ``time`` as a number.
    """
    root = ET.fromstring(text)
    assert root.tag == "testsuites"
    cases = []
    for suite in root.iter("testsuite"):
        for case in suite.findall("testcase"):
            status, details = "success", ""
            for tag, name in (("failure", "failed"), ("error", "error"), ("skipped", "skipped")):
                element = case.find(tag)
                if element is not None:
                    status, details = name, element.text or ""
                    break
            float(case.get("time", ""))  # execution_time
            cases.append(
                {
                    "suite": suite.get("name", ""),
                    "name": case.get("name", ""),
                    "status": status,
                    "classname": case.get("classname", ""),
                    "details": details,
                }
            )
    return cases


def test_junit_reads_as_gitlab_reads_it(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(repo / "standards")
    code, out = lint("--format", "junit")
    cases = gitlab_cases(out)
    failed = [c for c in cases if c["status"] != "success"]
    assert code == 1 and len(cases) > 80 and all(c["suite"] == "svcstd lint" for c in cases)
    assert [c["name"] for c in failed] == ["standards/" + BROKEN]
    assert "people/deputy-is-self" in failed[0]["details"]
    assert failed[0]["classname"] == "svcstd.standards.roles.qa"
    # Warnings only: GitLab shows no failed test, as the pipeline is green (exit 0).
    (repo / "standards" / BROKEN).unlink()
    code, out = lint("--format", "junit", "--as-of", "2030-01-01")
    assert code == 0 and all(c["status"] == "success" for c in gitlab_cases(out))
