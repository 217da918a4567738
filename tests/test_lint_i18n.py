"""Translations in lint: the legacy title_id form and its --fix, missing translations, coverage."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from svcstd.cli import app
from svcstd.lint.engine import LintReport, lint_path
from svcstd.text import iter_texts
from tests.conftest import build_case
from tests.test_lint_rules import AS_OF

LEGACY_ROLE = """\
kind: role
id: it-agent
# The title people see on the org chart.
title: Helpdesk Agent   # as in the job description
title_id: Staf Helpdesk  # as HR writes it
team: it
reports_to: it-manager
responsibilities:
  - Answer tickets.
holders:
  - name: Citra Dewi
    email: citra.dewi@case.example
    employment: contractor
    until: 2027-06-30
"""


@pytest.fixture
def base(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The small case repository (languages [en, id]) in a real git repository; the
    current folder, so that findings name files relative to it."""
    root = build_case("_base", tmp_path / "standards")
    monkeypatch.chdir(root)
    for args in (
        ["init", "-q"],
        ["config", "user.name", "Quality Lead"],
        ["config", "user.email", "quality@case.example"],
        ["add", "-A"],
        ["commit", "-qm", "start"],
    ):
        subprocess.run(["git", *args], cwd=root, check=True, capture_output=True)
    return root


def run(root: Path, *args: str) -> tuple[int, str, str]:
    cwd = Path.cwd()
    os.chdir(root)
    try:
        result = CliRunner().invoke(app, list(args))
    finally:
        os.chdir(cwd)
    return result.exit_code, result.stdout, result.stderr


def enable(root: Path, extra: str = "") -> None:
    config = root / "svcstd.yaml"
    rules = "rules:\n  enable: [i18n/missing-translation]\n" + extra
    config.write_text(config.read_text(encoding="utf-8") + rules, encoding="utf-8")


def findings(root: Path, rule: str) -> list[Any]:
    return [f for f in lint_path(root, AS_OF, use_cache=False).findings if f.rule == rule]


# ------------------------------------------------------------------ legacy title_id and --fix


def test_the_legacy_field_is_reported_at_its_key_with_the_new_form(base: Path) -> None:
    (base / "roles/it-agent.yaml").write_text(LEGACY_ROLE, encoding="utf-8")
    (finding,) = findings(base, "i18n/legacy-translation-field")
    assert (finding.file, finding.line, finding.column) == ("roles/it-agent.yaml", 5, 1)
    assert finding.severity.name == "WARNING"
    assert (
        finding.hint
        == "title: {en: Helpdesk Agent, id: Staf Helpdesk} (svcstd lint --fix rewrites it)"
    )


def test_the_legacy_field_still_renders_in_indonesian(base: Path) -> None:
    from svcstd.pipeline import load

    (base / "roles/it-agent.yaml").write_text(LEGACY_ROLE, encoding="utf-8")
    title = load(base).org.roles["it-agent"].title
    assert str(title) == "Helpdesk Agent" and title.get("id") == "Staf Helpdesk"


def test_fix_rewrites_the_legacy_field_keeping_everything_else(base: Path) -> None:
    path = base / "roles/it-agent.yaml"
    path.write_text(LEGACY_ROLE, encoding="utf-8")
    subprocess.run(["git", "commit", "-qam", "legacy"], cwd=base, check=True)
    code, out, err = run(base, "lint", "--fix")
    assert "fixed roles/it-agent.yaml (i18n/legacy-translation-field)" in err
    assert code == 0 and "clean" in out
    diff = subprocess.run(
        ["git", "diff", "-U0", "--no-color"], cwd=base, check=True, capture_output=True, text=True
    ).stdout
    changed = [line for line in diff.splitlines() if line[:1] in "+-" and line[:3] not in "+++---"]
    assert changed == [
        "-title: Helpdesk Agent   # as in the job description",
        "-title_id: Staf Helpdesk  # as HR writes it",
        "+title: {en: Helpdesk Agent, id: Staf Helpdesk} # as in the job description",
    ]
    assert "# The title people see on the org chart." in path.read_text(encoding="utf-8")
    assert findings(base, "i18n/legacy-translation-field") == []
    # A second run has nothing left to do.
    code, _, err = run(base, "lint", "--fix")
    assert code == 0 and "fixed" not in err


def test_fix_keeps_a_long_or_folded_title_readable(base: Path) -> None:
    path = base / "services/it-pms-support.yaml"
    text = path.read_text(encoding="utf-8")
    long_title = (
        "title: >-\n  PMS support for the front office, the reservations team and night audit\n"
    )
    text = text.replace(
        "title: PMS support for the front office\n",
        long_title + "title_id: Dukungan PMS untuk kantor depan, reservasi dan audit malam\n",
    )
    path.write_text(text, encoding="utf-8")
    run(base, "lint", "--fix")
    fixed = path.read_text(encoding="utf-8")
    assert "title:\n  en: >-\n" in fixed  # block form, the folded text kept folded
    assert "  id: Dukungan PMS untuk kantor depan, reservasi dan audit malam\n" in fixed
    assert "title_id" not in fixed
    title = lint_path(base, AS_OF, use_cache=False)
    assert [f for f in title.findings if f.severity.name == "ERROR"] == []


def test_fix_leaves_a_broken_file_for_lint_to_explain(base: Path) -> None:
    path = base / "roles/it-agent.yaml"
    broken = LEGACY_ROLE.replace("team: it\n", "team: [it\n")
    path.write_text(broken, encoding="utf-8")
    code, _, err = run(base, "lint", "--fix")
    assert code == 1 and "fixed" not in err
    assert path.read_text(encoding="utf-8") == broken


def test_a_configuration_in_indonesian_keeps_the_title_for_the_other_readers(base: Path) -> None:
    config = base / "svcstd.yaml"
    config.write_text(config.read_text().replace("language: en", "language: id"))
    (base / "roles/it-agent.yaml").write_text(LEGACY_ROLE, encoding="utf-8")
    run(base, "lint", "--fix")
    text = (base / "roles/it-agent.yaml").read_text(encoding="utf-8")
    # title was what non-Indonesian readers saw: English, not the configuration's language.
    assert "title: {en: Helpdesk Agent, id: Staf Helpdesk}" in text


# ------------------------------------------------------------------ missing translations


def test_missing_translations_are_off_by_default(base: Path) -> None:
    assert findings(base, "i18n/missing-translation") == []


def test_one_finding_per_document_lists_the_fields_missing_a_language(base: Path) -> None:
    enable(base)
    path = base / "services/it-pms-support.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace(
            "title: PMS support for the front office",
            "title: {en: PMS support for the front office, id: Dukungan PMS untuk kantor depan}",
        ).replace(
            "    request: PMS down for the front desk",
            "    request:\n      id: PMS mati di meja depan",
        ),
        encoding="utf-8",
    )
    found = {f.file: f for f in findings(base, "i18n/missing-translation")}
    # Every document with a plain text lacks 'id'; the team 'management' has only a name.
    assert set(found) == {
        "roles/fo-manager.yaml",
        "roles/general-manager.yaml",
        "roles/it-agent.yaml",
        "roles/it-manager.yaml",
        "services/it-pms-support.yaml",
        "sops/sop-pms-login.yaml",
        "teams/front-office.yaml",
        "teams/it.yaml",
        "teams/management.yaml",
    }
    std = found["services/it-pms-support.yaml"]
    assert std.message == (
        "2 text(s) lack a translation: targets[0].request (en), feedback.method (id)"
    )
    lines = path.read_text(encoding="utf-8").splitlines()
    assert std.line == lines.index("    request:") + 1 and std.column == 5  # at the key
    assert "(en, id missing)" in (std.hint or "")


def test_a_fully_translated_document_has_no_finding_and_severity_is_configurable(
    base: Path,
) -> None:
    enable(base, "  severity:\n    i18n/missing-translation: error\n")
    (base / "teams/management.yaml").write_text(
        "kind: team\nid: management\nname: {en: Management, id: Manajemen}\n", encoding="utf-8"
    )
    found = {f.file: f for f in findings(base, "i18n/missing-translation")}
    assert "teams/management.yaml" not in found
    assert {f.severity.name for f in found.values()} == {"ERROR"}


def test_the_legacy_title_counts_as_the_indonesian_title(base: Path) -> None:
    enable(base)
    (base / "roles/it-agent.yaml").write_text(LEGACY_ROLE, encoding="utf-8")
    found = {f.file: f for f in findings(base, "i18n/missing-translation")}
    assert found["roles/it-agent.yaml"].message == (
        "1 text(s) lack a translation: responsibilities[0] (id)"
    )


def test_one_language_configured_means_nothing_is_missing(base: Path) -> None:
    enable(base)
    config = base / "svcstd.yaml"
    config.write_text(config.read_text().replace("languages: [en, id]", "languages: [en]"))
    assert findings(base, "i18n/missing-translation") == []


# ------------------------------------------------------------------ coverage in the summary


def _coverage(root: Path, use_cache: bool = False) -> dict[str, Any]:
    report: LintReport = lint_path(root, AS_OF, use_cache=use_cache)
    return report.summary().get("coverage", {})


def _text_fields(root: Path) -> int:
    from svcstd.pipeline import load

    kinds = ("team", "role", "standard", "sop", "action")
    docs = [d for d in load(root).org.documents() if d.kind in kinds]
    return sum(1 for d in docs for _ in iter_texts(d.data, d.kind))


def test_json_summary_gives_the_coverage_per_language(base: Path) -> None:
    total = _text_fields(base)
    assert total > 10
    before = _coverage(base)
    assert before == {
        "en": {"translated": total, "total": total, "percent": 100.0},
        "id": {"translated": 0, "total": total, "percent": 0.0},
    }
    path = base / "teams/it.yaml"
    path.write_text(
        path.read_text().replace(
            "name: Information Technology",
            "name: {en: Information Technology, id: Teknologi Informasi}",
        )
    )
    code, out, _ = run(base, "lint", "--format", "json")
    summary = json.loads(out)["summary"]
    assert code == 0
    assert summary["coverage"]["id"] == {
        "translated": 1,
        "total": total,
        "percent": round(100 / total, 1),
    }
    assert summary["coverage"]["en"]["translated"] == total
    # The cache keeps the same numbers, cold and warm.
    assert _coverage(base, use_cache=True) == _coverage(base, use_cache=True) == _coverage(base)


def test_no_coverage_with_one_language(base: Path) -> None:
    config = base / "svcstd.yaml"
    config.write_text(config.read_text().replace("languages: [en, id]", "languages: [en]"))
    assert _coverage(base) == {}


# ------------------------------------------------------------------ prose rules read every language


def test_a_vague_word_in_the_indonesian_text_is_found_there(base: Path) -> None:
    path = base / "services/it-pms-support.yaml"
    path.write_text(
        path.read_text().replace(
            "    request: PMS down for the front desk",
            "    request:\n      en: PMS down for the front desk\n"
            "      id: PMS mati, tangani segera",
        )
    )
    (finding,) = findings(base, "targets/vague-language")
    assert finding.path == ("targets", 0, "request", "id")
    lines = path.read_text().splitlines()
    assert finding.line == lines.index("      id: PMS mati, tangani segera") + 1
