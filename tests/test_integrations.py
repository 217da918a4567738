"""svcstd import/export: HR export plans and --write, Backstage entities, CODEOWNERS."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.hr_export import AS_OF, write_hr_export

FIXTURES = Path(__file__).parent / "fixtures" / "backstage"


def svcstd(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "svcstd", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )


def git(*args: str, cwd: Path) -> str:
    return subprocess.run(
        ["git", *args], cwd=cwd, capture_output=True, text=True, check=True
    ).stdout


@pytest.fixture
def repo(tmp_path: Path, example: Path) -> Path:
    """The example organisation in a real git repository, committed."""
    top = tmp_path / "repo"
    top.mkdir()
    shutil.move(str(example), top / "standards")
    git("init", "-q", cwd=top)
    git("add", "-A", cwd=top)
    git("-c", "user.name=T", "-c", "user.email=t@example.org", "commit", "-qm", "init", cwd=top)
    return top


@pytest.fixture
def hr_csv(repo: Path) -> Path:
    from svcstd.pipeline import load

    path = repo / "hr.csv"
    write_hr_export(load(repo / "standards").org, path)
    return path


def plan_json(repo: Path, *args: str) -> dict[str, Any]:
    run = svcstd("import", *args, "--format", "json", "-C", "standards", cwd=repo)
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)


# ---- import people ------------------------------------------------------------------------


def test_people_plan_lists_exactly_the_planted_differences(repo: Path, hr_csv: Path) -> None:
    plan = plan_json(repo, "people", str(hr_csv), "--as-of", AS_OF)
    assert plan["read"] == 500
    lines = {(c["action"], c["document"], c["subject"]) for c in plan["changes"]}
    applicable = {line for line in lines if line[0] != "review"}
    assert applicable == {
        ("add-holder", "hr-training-manager", "maya.sari@nusantarajaya.example"),
        ("add-holder", "it-helpdesk-agent", "bayu.pratama@nusantarajaya.example"),
        ("add-holder", "it-support-supervisor", "siti.rahmawati@nusantarajaya.example"),
        ("remove-holder", "it-helpdesk-agent", "galih.permana@nusantarajaya.example"),
        ("remove-holder", "it-helpdesk-agent", "siti.rahmawati@nusantarajaya.example"),
        ("remove-holder", "adm-storekeeper", "wahyu.nugraha@nusantarajaya.example"),
    }
    reviews = {c["subject"]: c["detail"] for c in plan["changes"] if c["action"] == "review"}
    # The graphic designer's contractor is not on the payroll; HR's reporting line differs.
    assert "holds 'mkt-graphic-designer' but is not in the HR export" in " ".join(reviews.values())
    manager = [d for d in reviews.values() if "reports_to" in d]
    assert manager == [
        "HR says Rahmat Hidayat reports to Budi Santoso (sales-director); "
        "sales-executive reports_to sales-manager"
    ]
    roleless = sorted(s for s in reviews if " / " in s)
    assert roleless == sorted(
        f"{title} / {dept}"
        for title, dept in [
            ("Bellboy", "Front Office"),
            ("Cook", "Kitchen"),
            ("Gardener", "Engineering"),
            ("Laundry Attendant", "Housekeeping"),
            ("Driver", "Front Office"),
            ("Steward", "Kitchen"),
        ]
    )
    counted = sum(int(reviews[s].split()[0]) for s in roleless)
    # Everyone else: the export minus the 65 payroll holders and the 3 starters.
    assert counted == 500 - 65 - 3
    assert len(plan["changes"]) == len(applicable) + 8


def test_people_plan_details_say_why(repo: Path, hr_csv: Path) -> None:
    run = svcstd("import", "people", str(hr_csv), "--as-of", AS_OF, "-C", "standards", cwd=repo)
    assert run.returncode == 0, run.stderr
    assert (
        "Wahyu Nugraha left on 2026-11-20: remove as a holder; the role becomes vacant"
        in run.stdout
    )
    assert "Siti Rahmawati moved to 'it-support-supervisor'" in run.stdout
    assert "6 change(s) to apply with --write; 8 to review by hand" in run.stdout
    # A dry run writes nothing.
    assert git("status", "--porcelain", "--", "standards", cwd=repo) == ""


def test_people_before_a_start_date_is_not_a_holder_yet(repo: Path, hr_csv: Path) -> None:
    plan = plan_json(repo, "people", str(hr_csv), "--as-of", AS_OF)
    assert "nanda.putri@nusantarajaya.example" not in json.dumps(plan)
    later = plan_json(repo, "people", str(hr_csv), "--as-of", "2027-01-04")
    added = [c for c in later["changes"] if c["action"] == "add-holder"]
    assert ("sales-executive", "nanda.putri@nusantarajaya.example") in {
        (c["document"], c["subject"]) for c in added
    }


def test_write_touches_only_the_lines_that_change_and_lints_clean(repo: Path, hr_csv: Path) -> None:
    run = svcstd(
        "import", "people", str(hr_csv), "--as-of", AS_OF, "--write", "-C", "standards", cwd=repo
    )
    assert run.returncode == 0, run.stderr
    changed = git("diff", "--name-only", cwd=repo).split()
    assert changed == [
        "standards/roles/administration/adm-storekeeper.yaml",
        "standards/roles/hr/hr-training-manager.yaml",
        "standards/roles/it/it-helpdesk-agent.yaml",
        "standards/roles/it/it-support-supervisor.yaml",
    ]
    diff = git("diff", "-U0", cwd=repo)
    edits = [
        line
        for line in diff.splitlines()
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]
    assert sorted(edits) == sorted(
        [
            "-holders:",
            "-  - name: Wahyu Nugraha",
            "-    email: wahyu.nugraha@nusantarajaya.example",
            "-    employment: permanent",
            "+vacant: true",
            "-vacant: true",
            "+holders:",
            "+  - name: Maya Sari",
            "+    email: maya.sari@nusantarajaya.example",
            "+    employment: permanent",
            "-  - name: Galih Permana",
            "-    email: galih.permana@nusantarajaya.example",
            "-    employment: permanent",
            "-  - name: Siti Rahmawati",
            "-    email: siti.rahmawati@nusantarajaya.example",
            "-    employment: permanent",
            "+  - name: Bayu Pratama",
            "+    email: bayu.pratama@nusantarajaya.example",
            "+    employment: temporary",
            "+    until: 2027-05-31",
            "+  - name: Siti Rahmawati",
            "+    email: siti.rahmawati@nusantarajaya.example",
            "+    employment: permanent",
        ]
    )
    lint = svcstd("lint", "standards", "--as-of", AS_OF, "--no-cache", cwd=repo)
    assert lint.returncode == 0, lint.stdout + lint.stderr
    again = plan_json(repo, "people", str(hr_csv), "--as-of", AS_OF)
    assert [c for c in again["changes"] if c["action"] != "review"] == []


def test_every_example_file_round_trips_byte_for_byte(example: Path) -> None:
    """The editor's YAML settings re-emit untouched files exactly as written."""
    import io

    from svcstd.integrations.edits import round_trip_yaml

    for path in sorted(example.rglob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        yaml_rt = round_trip_yaml(text)
        out = io.StringIO()
        yaml_rt.dump(yaml_rt.load(text), out)
        assert out.getvalue() == text, path


def test_flush_list_layout_is_kept(tmp_path: Path) -> None:
    """A file written with '- item' flush under its key keeps that layout when edited."""
    from svcstd.integrations.edits import _edit_file
    from svcstd.integrations.plan import Change

    role = tmp_path / "r.yaml"
    role.write_text(
        "kind: role  # keep me\nid: r\nholders:\n- name: A\n  email: a@x.example\n"
        "  employment: permanent\n",
        encoding="utf-8",
    )
    value = {"name": "B", "email": "b@x.example", "employment": "contractor", "until": "2027-01-31"}
    _edit_file(role, [Change("add-holder", "r", "r.yaml", "b@x.example", "", value)])
    assert role.read_text(encoding="utf-8") == (
        "kind: role  # keep me\nid: r\nholders:\n- name: A\n  email: a@x.example\n"
        "  employment: permanent\n- name: B\n  email: b@x.example\n  employment: contractor\n"
        "  until: 2027-01-31\n"
    )


def test_a_mapped_source_reads_another_hr_system(repo: Path) -> None:
    config = repo / "standards" / "svcstd.yaml"
    config.write_text(
        config.read_text(encoding="utf-8")
        + """integrations:
  people:
    sources:
      talenta:
        columns: {employee_id: NIK, name: Nama, email: Email, job_title: Jabatan,
                  department: Departemen, manager_id: NIK Atasan, employment: Status,
                  start: Tgl Masuk, end: Tgl Keluar}
        date_format: "%d/%m/%Y"
        employment: {PKWTT: permanent, PKWT: temporary, Alih daya: contractor}
        teams: {HRD: hr}
        roles:
          - {job_title: Staf Pelatihan, role: hr-training-manager}
""",
        encoding="utf-8",
    )
    export = repo / "talenta.csv"
    export.write_text(
        "NIK,Nama,Email,Jabatan,Departemen,NIK Atasan,Status,Tgl Masuk,Tgl Keluar\n"
        "9001,Maya Sari,maya.sari@nusantarajaya.example,Staf Pelatihan,HRD,,PKWT,"
        "01/11/2026,31/10/2027\n"
        "9002,Rudi,rudi@nusantarajaya.example,Kasir,Keuangan,,Magang,01/11/2026,\n"
        "9003,Tono,tono@nusantarajaya.example,Kasir,Keuangan,,PKWTT,32/13/2026,\n",
        encoding="utf-8",
    )
    plan = plan_json(repo, "people", str(export), "--source", "talenta", "--as-of", AS_OF)
    by_subject = {c["subject"]: c for c in plan["changes"]}
    added = by_subject["maya.sari@nusantarajaya.example"]
    assert added["action"] == "add-holder"
    assert added["value"] == {
        "name": "Maya Sari",
        "email": "maya.sari@nusantarajaya.example",
        "employment": "temporary",
        "until": "2027-10-31",
    }
    # Unreadable rows are review lines naming the row, never dropped or a traceback.
    assert "row 3: employment type 'Magang'" in by_subject["row 3"]["detail"]
    assert "row 4: '32/13/2026' is not a date in the form %d/%m/%Y" in by_subject["row 4"]["detail"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["people", "missing.csv"], "missing.csv does not exist"),
        (["people", "bad.csv"], "the export has no column 'email'"),
        (["people", "bad.csv", "--source", "nope"], "unknown people source 'nope'"),
        (["payroll", "bad.csv"], "unknown import kind 'payroll'"),
        (["people", "bad.csv", "--as-of", "soon"], "--as-of 'soon' is not a date"),
    ],
)
def test_import_usage_errors_are_clear(repo: Path, args: list[str], message: str) -> None:
    (repo / "bad.csv").write_text("employee_id,name,job_title,department\n1,A,B,C\n")
    run = svcstd("import", *args, "-C", "standards", cwd=repo)
    assert run.returncode == 2
    assert message in run.stderr
    assert "Traceback" not in run.stderr


# ---- Backstage ----------------------------------------------------------------------------


def backstage_validator() -> Any:
    """A validator for any entity, built from Backstage's own published schemas."""
    from jsonschema import Draft7Validator
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT7

    schemas = {p.name: json.loads(p.read_text()) for p in FIXTURES.glob("*.schema.json")}
    registry = Registry().with_resources(
        (schema["$id"], Resource.from_contents(schema, default_specification=DRAFT7))
        for schema in schemas.values()
    )
    return {
        kind: Draft7Validator(schemas[f"{kind}.v1alpha1.schema.json"], registry=registry)
        for kind in ("Group", "User", "Component")
    }


def export_backstage(repo: Path) -> list[dict[str, Any]]:
    run = svcstd("export", "backstage", "--out", "catalog", "-C", "standards", cwd=repo)
    assert run.returncode == 0, run.stderr
    return [
        e for e in yaml.safe_load_all((repo / "catalog" / "catalog-info.yaml").read_text()) if e
    ]


def test_backstage_export_validates_against_backstage_schemas(repo: Path) -> None:
    from svcstd.integrations.backstage import NAME_RE, TAG_RE

    entities = export_backstage(repo)
    validators = backstage_validator()
    kinds = [e["kind"] for e in entities]
    assert kinds.count("Group") == 14 and kinds.count("Component") == 15
    assert kinds.count("User") == 66  # one per person holding a role
    for entity in entities:
        errors = [e.message for e in validators[entity["kind"]].iter_errors(entity)]
        assert errors == [], (entity["metadata"]["name"], errors)
        # What Backstage checks in code rather than in the schema.
        assert len(entity["metadata"]["name"]) <= 63 and NAME_RE.match(entity["metadata"]["name"])
        assert all(TAG_RE.match(t) for t in entity["metadata"].get("tags", []))
    it = next(e for e in entities if e["kind"] == "Group" and e["metadata"]["name"] == "it")
    assert it["spec"]["parent"] == "general-management"
    assert "rangga.aditya" in it["spec"]["members"]
    pms = next(e for e in entities if e["metadata"]["name"] == "it-pms-support")
    assert pms["spec"]["owner"] == "group:it" and pms["spec"]["lifecycle"] == "production"


def test_a_broken_entity_fails_the_schema_check() -> None:
    """The validator really checks: a Group without its required children list fails."""
    bad = {
        "apiVersion": "backstage.io/v1alpha1",
        "kind": "Group",
        "metadata": {"name": "x"},
        "spec": {"type": "team"},
    }
    assert list(backstage_validator()["Group"].iter_errors(bad))


def test_backstage_round_trips_with_no_change(repo: Path) -> None:
    export_backstage(repo)
    plan = plan_json(repo, "backstage", "catalog")
    assert plan["read"] == 14 + 66
    assert plan["changes"] == []


def test_backstage_import_proposes_what_differs(repo: Path) -> None:
    entities = export_backstage(repo)
    users = [e for e in entities if e["kind"] == "User"]
    newcomer = json.loads(json.dumps(users[0]))
    newcomer["metadata"]["name"] = "new.person"
    newcomer["spec"]["profile"] = {"displayName": "New Person", "email": "new.person@x.example"}
    gone = users[1]["spec"]["profile"]["email"]
    kept = [e for e in entities if e is not users[1]] + [newcomer]
    (repo / "catalog" / "catalog-info.yaml").write_text(yaml.safe_dump_all(kept))
    plan = plan_json(repo, "backstage", "catalog")
    actions = {(c["action"], c["subject"]) for c in plan["changes"]}
    role = newcomer["metadata"]["annotations"]["svcstd/roles"].split(",")[0]
    assert ("add-holder", "new.person@x.example") in actions
    assert ("review", gone) in actions
    assert any(c["document"] == role for c in plan["changes"] if c["action"] == "add-holder")


# ---- CODEOWNERS ---------------------------------------------------------------------------


def test_codeowners_export_passes_the_syntax_check(repo: Path) -> None:
    from svcstd.integrations.codeowners import check

    config = repo / "standards" / "svcstd.yaml"
    config.write_text(
        config.read_text(encoding="utf-8")
        + "integrations:\n  codeowners:\n    default: ['@nusantara/quality']\n"
        "    teams:\n      it: '@nusantara/it'\n      hr: ['@nusantara/hr', '@dewi-hr']\n",
        encoding="utf-8",
    )
    run = svcstd("export", "codeowners", "--out", ".github/CODEOWNERS", "-C", "standards", cwd=repo)
    assert run.returncode == 2 and "does not exist" in run.stderr  # .github/ is not there yet
    (repo / ".github").mkdir()
    run = svcstd("export", "codeowners", "--out", ".github/CODEOWNERS", "-C", "standards", cwd=repo)
    assert run.returncode == 0, run.stderr
    text = (repo / ".github" / "CODEOWNERS").read_text()
    assert list(check(text)) == []
    lines = dict(line.split(" ", 1) for line in text.splitlines() if line.startswith("/"))
    # Paths are relative to the git repository root, not to the standards folder.
    assert lines["/standards/svcstd.yaml"] == "@nusantara/quality"
    assert lines["/standards/services/it-pms-support.yaml"] == "@nusantara/it"
    assert lines["/standards/roles/hr/hr-payroll-officer.yaml"] == "@nusantara/hr @dewi-hr"
    # A team with no GitHub owner configured falls back to its lead's holders.
    assert lines["/standards/teams/kitchen.yaml"].endswith("@nusantarajaya.example")
    # Survey results belong to the provider; an action to its owner's team.
    assert lines["/standards/feedback/it-pms-support/2026-11.yaml"] == "@nusantara/it"
    assert lines["/standards/actions/act-pms-outage-updates.yaml"] == "@nusantara/it"
    assert len(lines) == len(list((repo / "standards").rglob("*.yaml")))


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ("/a.yaml @good-user", None),
        ("/a.yaml @org/team-slug dev@example.org", None),
        ("/a\\ b.yaml @x  # a trailing comment", None),
        ("/a.yaml @-bad", "'@-bad' is not a GitHub user"),
        ("/a.yaml @bad--user", "'@bad--user' is not a GitHub user"),
        ("/a.yaml nobody", "'nobody' is not a GitHub user"),
        ("!/a.yaml @x", "negation with '!' is not supported"),
        ("/a[bc].yaml @x", "character ranges"),
    ],
)
def test_codeowners_syntax_check(line: str, problem: str | None) -> None:
    from svcstd.integrations.codeowners import check

    found = [message for _, message in check(line + "\n")]
    assert found == [] if problem is None else any(problem in m for m in found), found


def test_codeowners_mapping_is_checked_by_the_config_schema(repo: Path) -> None:
    config = repo / "standards" / "svcstd.yaml"
    config.write_text(
        config.read_text(encoding="utf-8")
        + "integrations:\n  codeowners:\n    teams:\n      it: 'not an owner'\n",
        encoding="utf-8",
    )
    run = svcstd("export", "codeowners", "-C", "standards", cwd=repo)
    assert run.returncode == 2
    assert "svcstd.yaml" in run.stderr and "Traceback" not in run.stderr


def test_a_mapping_that_names_no_team_or_role_is_refused(repo: Path, hr_csv: Path) -> None:
    config = repo / "standards" / "svcstd.yaml"
    base = config.read_text(encoding="utf-8")
    config.write_text(
        base + "integrations:\n  people:\n    sources:\n      x:\n        roles:\n"
        "          - {job_title: Cook, role: kitchen-cook}\n",
        encoding="utf-8",
    )
    run = svcstd("import", "people", str(hr_csv), "--source", "x", "-C", "standards", cwd=repo)
    assert run.returncode == 2
    assert "integrations.people.sources.x.roles[0] names 'kitchen-cook', which is no role" in (
        run.stderr
    )
    config.write_text(
        base + "integrations:\n  codeowners:\n    teams:\n      kitchn: '@hotel/kitchen'\n",
        encoding="utf-8",
    )
    run = svcstd("export", "codeowners", "-C", "standards", cwd=repo)
    assert run.returncode == 1
    assert "integrations.codeowners.teams names 'kitchn', which is no team" in run.stderr
