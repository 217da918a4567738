"""The lint cache: the same report with no cache, a cold, a warm or a damaged one, and after
edits of every sort; reuse only where the key says nothing the result reads has changed.

The repository is the example organisation plus every rule's violation from the rule
tests (tests/lint_fixtures.py), so each comparison covers every rule, suppressions and
waivers.
"""

from __future__ import annotations

import json
import os
import subprocess
import time
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from svcstd.cachefile import CACHE_DIR
from svcstd.lint import check
from svcstd.lint import tree as tree_module
from svcstd.lint.check import RULES
from svcstd.lint.config import parse_lint_config
from svcstd.lint.context import LintContext
from svcstd.lint.engine import LintReport, lint_path
from svcstd.lint.pack import PACK_FILE
from svcstd.lint.registry import load_rules
from svcstd.lint.state import FILES_FILE, REPORT_FILE, report_to_json
from svcstd.lint.tree import PRINTS_FILE
from svcstd.pipeline import load
from tests import lint_fixtures as fx

AS_OF = date.fromisoformat(fx.AS_OF_TEXT)


@pytest.fixture
def busy(example: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The example with every rule's violation, suppressions and waivers; the current folder."""
    monkeypatch.chdir(example)
    fx.write(example, fx.CLEAN)
    for files in fx.MUTATIONS.values():
        fx.write(example, files)
    fx.write(example, fx.EXCEPTIONS)
    return example


def _report(root: Path, use_cache: bool = True, as_of: date = AS_OF) -> dict[str, Any]:
    report: LintReport = lint_path(root, as_of, use_cache=use_cache)
    return report_to_json(report)


@pytest.fixture
def truth(busy: Path) -> dict[str, Any]:
    """The report computed from scratch, touching no cache."""
    report = _report(busy, use_cache=False)
    assert not (busy / CACHE_DIR).exists()
    return report


def _edit(root: Path, rel: str, old: str, new: str) -> None:
    """Replace text in a file; an edit that does not apply would make a test prove nothing."""
    path = root / rel
    text = path.read_text()
    assert old in text, f"{old!r} not in {rel}"
    path.write_text(text.replace(old, new, 1))


def _count_stages(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """Count organisation-stage and file-scan runs (the real ones still run)."""
    calls = {"organisation": 0, "files": 0}
    stage, scan = check.organisation_stage, check.scan_files

    def counted_stage(*args: Any) -> Any:
        calls["organisation"] += 1
        return stage(*args)

    def counted_scan(jobs: list[tuple[str, str]], settings: Any) -> Any:
        calls["files"] += len(jobs)
        return scan(jobs, settings)

    monkeypatch.setattr(check, "organisation_stage", counted_stage)
    monkeypatch.setattr(check, "scan_files", counted_scan)
    return calls


def test_the_busy_repository_exercises_every_rule(truth: dict[str, Any]) -> None:
    reported = {row[3] for row in truth["findings"]}
    # History rules read git, not the files: they are never cached (tests/test_attest.py).
    # Other rules off by default are cached like the rest, and tested with their own
    # configuration (i18n/missing-translation: tests/test_lint_i18n.py).
    model_rules = {
        r.id
        for r in load_rules().values()
        if r.check is not None and r.scope != "history" and r.default_on
    }
    assert model_rules - reported == set()
    assert truth["suppressed"] and truth["waived"]


def test_cold_then_warm_cache_gives_the_same_report(
    busy: Path, truth: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert _report(busy) == truth  # cold: fills the cache
    assert (busy / CACHE_DIR / FILES_FILE).is_file()
    calls = _count_stages(monkeypatch)
    assert _report(busy) == truth  # warm: the stored report
    assert calls == {"organisation": 0, "files": 0}


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda b: b[: len(b) // 2], id="truncated"),
        pytest.param(lambda b: b.replace(b'"findings"', b'"fyndings"', 1), id="edited"),
        pytest.param(lambda b: b"", id="empty"),
        pytest.param(lambda b: b"\x00\xff" * 100, id="garbage"),
        pytest.param(lambda b: b'{"format": 3}\n{"files": {}}', id="foreign-header"),
    ],
)
@pytest.mark.parametrize("name", [REPORT_FILE, FILES_FILE, PRINTS_FILE])
def test_a_damaged_cache_is_never_believed(
    busy: Path, truth: dict[str, Any], name: str, damage: Any
) -> None:
    _report(busy)
    path = busy / CACHE_DIR / name
    path.write_bytes(damage(path.read_bytes()))
    if name != REPORT_FILE:  # make the run go past the stored report to the other files
        (busy / CACHE_DIR / REPORT_FILE).unlink()
    assert _report(busy) == truth
    assert _report(busy) == truth  # and what was written in its place is sound


def test_a_prose_edit_reuses_the_organisation_stage(
    busy: Path, truth: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    _report(busy)
    _edit(busy, "roles/qa/qa-tester.yaml", "title: Qa-Tester", "title: Night Tester")
    calls = _count_stages(monkeypatch)
    cached = _report(busy)
    assert calls == {"organisation": 0, "files": 1}
    assert cached == _report(busy, use_cache=False)


def test_a_prose_edit_still_runs_the_document_rules(busy: Path, truth: dict[str, Any]) -> None:
    _report(busy)
    _edit(busy, "services/admin-invoicing.yaml", "summary: >-\n", "summary: >-\n  Promptly.\n")
    cached = _report(busy)
    assert cached == _report(busy, use_cache=False)
    new = [r for r in cached["findings"] if r not in truth["findings"]]
    lines = (busy / "services/admin-invoicing.yaml").read_text().splitlines()
    summary = lines.index("summary: >-") + 1  # a folded text starts at its key's line
    assert [(r[0], r[1], r[3]) for r in new] == [
        ("services/admin-invoicing.yaml", summary, "targets/vague-language")
    ]


def test_an_edit_that_moves_lines_relocates_findings(busy: Path, truth: dict[str, Any]) -> None:
    _report(busy)
    for path in sorted((busy / "roles/qa").glob("*.yaml")):
        path.write_text("# a comment that moves every line down\n" + path.read_text())
    cached = _report(busy)
    assert cached == _report(busy, use_cache=False)
    assert cached != truth


def test_a_structural_edit_runs_the_organisation_stage_again(
    busy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _report(busy)
    _edit(busy, "roles/qa/qa-tester.yaml", "team: qa-lab", "team: qa-labs")
    calls = _count_stages(monkeypatch)
    cached = _report(busy)
    # Everything is checked again, but only the edited file is parsed: the pack has the rest.
    assert calls == {"organisation": 1, "files": 1}
    assert cached == _report(busy, use_cache=False)
    assert any(r[3] == "refs/unknown-reference" and "qa-tester" in r[0] for r in cached["findings"])


@pytest.mark.parametrize("damage", [b"", b"garbage", None])
def test_a_damaged_pack_means_parsing_again(
    busy: Path, monkeypatch: pytest.MonkeyPatch, damage: bytes | None
) -> None:
    _report(busy)
    pack = busy / CACHE_DIR / PACK_FILE
    raw = pack.read_bytes()
    header = raw.partition(b"\n")[0]
    # None: a valid-looking header over a truncated body (its checksum no longer matches).
    pack.write_bytes(header + b"\n" + (raw[len(header) + 1 : -7] if damage is None else damage))
    _edit(busy, "roles/qa/qa-tester.yaml", "team: qa-lab", "team: qa-labs")
    calls = _count_stages(monkeypatch)
    cached = _report(busy)
    assert calls["organisation"] == 1 and calls["files"] > 100
    assert cached == _report(busy, use_cache=False)


def test_deleting_and_adding_files_and_another_day(busy: Path) -> None:
    _report(busy)
    (busy / "roles/qa/qa-analyst.yaml").unlink()
    fx.write(busy, {"roles/qa/qa-new.yaml": fx.CLEAN["roles/qa/qa-tester.yaml"]})
    assert _report(busy) == _report(busy, use_cache=False)
    later = date(2027, 6, 1)  # reviews fall due and waivers expire
    assert _report(busy, as_of=later) == _report(busy, use_cache=False, as_of=later)


def test_changing_the_configuration_starts_afresh(busy: Path) -> None:
    _report(busy)
    config = busy / "svcstd.yaml"
    config.write_text(config.read_text() + "\nrules:\n  disable: [people/no-holder]\n")
    cached = _report(busy)
    assert cached == _report(busy, use_cache=False)
    assert not any(r[3] == "people/no-holder" for r in cached["findings"])


def test_the_cache_is_plain_json_with_a_verified_header(busy: Path) -> None:
    _report(busy)
    for name in (REPORT_FILE, FILES_FILE):
        header, _, body = (busy / CACHE_DIR / name).read_bytes().partition(b"\n")
        assert set(json.loads(header)) == {"format", "svcstd", "key", "sha256"}
        assert isinstance(json.loads(body), dict)


def test_prose_fields_are_read_by_no_organisation_rule(busy: Path) -> None:
    """Organisation rules run on the projection; on the real data they must say the same."""
    loaded = load(busy)
    config = parse_lint_config(loaded.org.config.rules)
    context = LintContext(loaded.repo, loaded.index, loaded.org, AS_OF, config)
    real = {
        (f.file, f.line, f.rule, f.message)
        for r in RULES.values()
        if r.check and r.scope == "organisation"
        for f in r.check(context)
    }
    projected = lint_path(busy, AS_OF, use_cache=False)
    seen = {(f.file, f.line, f.rule, f.message) for f in projected.findings}
    seen |= {(f.file, f.line, f.rule, f.message) for f, _ in projected.suppressed}
    seen |= {(f.file, f.line, f.rule, f.message) for f, _ in projected.waived}
    assert real <= seen


def test_document_rules_say_the_same_on_one_document_as_on_all(busy: Path) -> None:
    loaded = load(busy)
    context = LintContext(
        loaded.repo, loaded.index, loaded.org, AS_OF, parse_lint_config(loaded.org.config.rules)
    )
    # The rules this configuration runs (rules off by default are not enabled here).
    document_rules = [r for r in RULES.values() if r.scope == "document" and r.default_on]
    assert document_rules
    together = {f for r in document_rules if r.check for f in r.check(context)}
    report = lint_path(busy, AS_OF, use_cache=False)
    alone = set(report.findings) | {f for f, _ in report.suppressed} | {f for f, _ in report.waived}
    assert together and together <= alone


def test_the_cache_folder_keeps_itself_out_of_git(busy: Path) -> None:
    subprocess.run(["git", "init", "-q", str(busy)], check=True)
    _report(busy)
    status = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=all"],
        cwd=busy,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert status and CACHE_DIR not in status


def test_an_edit_keeping_size_and_modification_time_is_still_seen(busy: Path) -> None:
    """The stat shortcut trusts a fingerprint, which includes ctime: no tool can set it back."""
    _report(busy)
    role = busy / "roles/qa/qa-tester.yaml"
    before = role.stat()
    text = role.read_text()
    edited = text.replace("team: qa-lab", "team: qa-xyz")  # same length, unknown team
    assert len(edited) == len(text)
    role.write_text(edited)
    os.utime(role, ns=(before.st_atime_ns, before.st_mtime_ns))
    cached = _report(busy)
    assert cached == _report(busy, use_cache=False)
    assert any(r[0] == "roles/qa/qa-tester.yaml" for r in cached["findings"])


def test_unchanged_files_are_not_read_again(busy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _report(busy)
    _report(busy)  # the first warm run may re-read files touched in the cold run's clock tick
    time.sleep(0.05)
    _edit(busy, "roles/qa/qa-tester.yaml", "title: Qa-Tester", "title: Qa-Testers")
    hashed: list[str] = []
    real = tree_module.blob_id
    monkeypatch.setattr(tree_module, "blob_id", lambda raw: hashed.append("x") or real(raw))
    calls = _count_stages(monkeypatch)
    assert _report(busy) != {}
    assert len(hashed) == 1 and calls == {"organisation": 0, "files": 1}
