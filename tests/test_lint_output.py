"""The lint reporters and command line: text, JSON, GitHub, SARIF, JUnit, files, exit codes."""

from __future__ import annotations

import json
import os
import pty
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from typer.testing import CliRunner

from svcstd.cli import app
from tests import lint_fixtures as fx

SARIF_SCHEMA = Path(__file__).parent / "fixtures" / "sarif" / "sarif-schema-2.1.0.json"
GITHUB_LINE = re.compile(
    r"^::(error|warning|notice) file=[^,:]+,line=\d+,col=\d+,title=[a-z0-9]+/[a-z0-9-]+::[^\r\n]+$"
)
ANSI = re.compile(r"\x1b\[")


@pytest.fixture
def broken(example: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The example with one error, one warning, a suppressed and a waived finding."""
    monkeypatch.chdir(example)
    fx.write(example, fx.CLEAN)
    fx.write(example, fx.MUTATIONS["people/deputy-is-self"])
    fx.write(example, fx.MUTATIONS["people/no-holder"])
    fx.write(example, fx.EXCEPTIONS)
    return example


def lint(*args: str, env: dict[str, str] | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["lint", "--as-of", fx.AS_OF_TEXT, *args], env=env)
    return result.exit_code, result.output


def test_text_shows_the_source_line_with_a_caret_under_the_column(broken: Path) -> None:
    code, out = lint()
    assert code == 1
    assert "roles/qa/qa-self.yaml\n  6:9  error  role 'qa-self' names itself as its deputy" in out
    lines = out.splitlines()
    i = lines.index("      6 | deputy: qa-self  # expect: people/deputy-is-self")
    assert lines[i + 1] == "        |         ^"
    assert "(1 suppressed, 1 waived)" in out
    assert "roles/qa/qa-hiring.yaml:2  people/no-holder  -- recruiting now" in out
    assert not ANSI.search(out)


def _run_on_tty(args: list[str], env: dict[str, str]) -> str:
    main, child = pty.openpty()
    proc = subprocess.run(
        [sys.executable, "-m", "svcstd", *args],
        stdout=child,
        stderr=subprocess.DEVNULL,
        env=env,
        check=False,
    )
    os.close(child)
    chunks = []
    while True:
        try:
            chunk = os.read(main, 65536)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(main)
    assert proc.returncode == 1
    return b"".join(chunks).decode()


def test_colour_only_on_a_terminal_and_never_with_no_color(broken: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "GITHUB_ACTIONS")}
    env["PYTHONPATH"] = os.pathsep.join(p for p in sys.path if p)
    args = ["lint", "--as-of", fx.AS_OF_TEXT, str(broken)]
    assert ANSI.search(_run_on_tty(args, env))
    assert not ANSI.search(_run_on_tty(args, {**env, "NO_COLOR": "1"}))


def test_json_keeps_the_documented_structure(broken: Path) -> None:
    code, out = lint("--format", "json")
    body = json.loads(out)
    assert code == 1
    first = body["findings"][0]
    assert set(first) == {"file", "line", "column", "rule", "severity", "message", "hint", "path"}
    assert body["summary"]["findings"] == {"error": 1, "warning": 1, "info": 0}
    assert body["summary"]["suppressed"] == 1 and body["summary"]["waived"] == 1
    assert body["waived"][0]["waiver"] == "qa-waiver-ok"
    deputy = next(f for f in body["findings"] if f["rule"] == "people/deputy-is-self")
    assert (deputy["file"], deputy["line"], deputy["path"]) == (
        "roles/qa/qa-self.yaml",
        6,
        "deputy",
    )


def test_github_annotations_match_the_workflow_command_syntax(broken: Path) -> None:
    code, out = lint(env={"GITHUB_ACTIONS": "true"})  # chosen automatically on GitHub
    annotations = [line for line in out.splitlines() if line.startswith("::")]
    assert code == 1 and len(annotations) == 2
    assert all(GITHUB_LINE.match(line) for line in annotations)
    assert (
        "::error file=roles/qa/qa-self.yaml,line=6,col=9,title=people/deputy-is-self::"
        "role 'qa-self' names itself as its deputy%0Ahint: " in out
    )


def test_github_escapes_newlines_commas_and_colons() -> None:
    from svcstd.lint.reporters import _gh_data, _gh_property

    assert _gh_data("50%\nnext") == "50%25%0Anext"
    assert _gh_property("a,b:c") == "a%2Cb%3Ac"


def test_sarif_validates_against_the_official_schema(broken: Path) -> None:
    import jsonschema

    code, out = lint("--format", "sarif")
    log = json.loads(out)
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(schema).validate(log)
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert code == 1 and log["version"] == "2.1.0"
    deputy = next(r for r in run["results"] if r["ruleId"] == "people/deputy-is-self")
    meta = rules[deputy["ruleIndex"]]
    assert meta["id"] == "people/deputy-is-self"
    assert meta["fullDescription"]["text"].startswith("The deputy stands in")
    region = deputy["locations"][0]["physicalLocation"]["region"]
    assert (region["startLine"], region["startColumn"]) == (6, 9)
    kinds = sorted(s["kind"] for r in run["results"] for s in r.get("suppressions", []))
    assert kinds == ["external", "inSource"]


def test_junit_has_one_test_case_per_document(broken: Path) -> None:
    code, out = lint("--format", "junit")
    suites = ET.fromstring(out)
    cases = suites.findall("./testsuite/testcase")
    failed = [c for c in cases if c.find("failure") is not None]
    assert code == 1 and suites.tag == "testsuites"
    assert len(cases) == len(list(broken.rglob("*.yaml"))) - 1  # every document, not svcstd.yaml
    # The warning (people/no-holder) is below the default --fail-level: listed, not failed.
    assert [c.get("name") for c in failed] == ["roles/qa/qa-self.yaml"]
    assert suites.find("testsuite").get("failures") == "1"  # type: ignore[union-attr]


def test_output_and_extra_reports_are_written_to_files(broken: Path) -> None:
    code, out = lint(
        "--format",
        "sarif",
        "--output",
        "lint.sarif",
        "--report",
        "junit:lint.xml",
        "--report",
        "json:lint.json",
    )
    assert code == 1 and out == ""
    assert json.loads((broken / "lint.sarif").read_text())["version"] == "2.1.0"
    assert ET.parse(broken / "lint.xml").getroot().tag == "testsuites"
    assert len(json.loads((broken / "lint.json").read_text())["findings"]) == 2
    assert not list(broken.glob(".lint.*"))  # no temporary files left behind


def test_output_to_a_missing_folder_is_a_usage_error(broken: Path) -> None:
    code, out = lint("--output", "no/such/folder/lint.txt")
    assert code == 2 and "does not exist" in out


def test_fail_level_decides_the_exit_code(example: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(example)
    fx.write(example, fx.CLEAN)
    fx.write(example, fx.MUTATIONS["people/no-holder"])  # a warning only
    assert lint()[0] == 0
    assert lint("--fail-level", "warning")[0] == 1
    assert lint("--fail-level", "info")[0] == 1
    code, out = lint("--fail-level", "fatal")
    assert code == 2 and "error, warning, info" in out


def test_strict_makes_overdue_reviews_errors(
    example: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(example)
    fx.write(example, fx.CLEAN)
    fx.write(example, fx.MUTATIONS["lifecycle/review-overdue"])
    assert lint()[0] == 0
    code, out = lint("--strict", "--format", "json")
    overdue = [f for f in json.loads(out)["findings"] if f["rule"] == "lifecycle/review-overdue"]
    assert code == 1 and [f["severity"] for f in overdue] == ["error"]


def test_unknown_format_is_a_usage_error_with_a_suggestion(broken: Path) -> None:
    code, out = lint("--format", "sarf")
    assert code == 2 and "did you mean 'sarif'?" in out
    code, out = lint("--report", "junit")
    assert code == 2 and "FORMAT:FILE" in out
