"""svcstd diff on real temporary git repositories: what counts as a change, and what does not."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.test_diff_gitrepo import GitRepo, make_repo

STD = "services/it-pms-support.yaml"
SOP = "sops/sop-pms-login.yaml"


@pytest.fixture
def repo(tmp_path: Path) -> GitRepo:
    """A fresh standards repository with one commit."""
    return make_repo(tmp_path / "standards")


def _changes(data: dict[str, object]) -> list[dict[str, object]]:
    changes = data["changes"]
    assert isinstance(changes, list)
    return changes


def test_a_shorter_target_is_tightened_with_both_values(repo: GitRepo) -> None:
    repo.edit(STD, "resolve: 2h", "resolve: 8h")
    repo.commit()
    repo.edit(STD, "resolve: 8h", "resolve: 4h")
    code, data = repo.diff_json()
    assert code == 1
    assert _changes(data) == [
        {
            "kind": "standard",
            "id": "it-pms-support",
            "path": ["targets", "pms-outage", "resolve"],
            "field": "target pms-outage \u203a resolve",
            "before": "8h",
            "after": "4h",
            "change": "tightened",
            "impact": ["front-office"],
        }
    ]


def test_business_hours_are_compared_through_the_calendar(repo: GitRepo) -> None:
    # 4 office hours (9 a day, 5 days a week) take longer than 4 clock hours: looser.
    repo.edit(STD, "resolve: 2h", "resolve: 4h")
    repo.commit()
    repo.edit(STD, "resolve: 4h", "resolve: 4 business hours")
    repo.edit(STD, "hours: always", "hours: office")
    _, data = repo.diff_json()
    resolve = [c for c in _changes(data) if c["path"] == ["targets", "pms-outage", "resolve"]]
    assert resolve[0]["change"] == "loosened"


def test_the_same_quantity_written_differently_is_no_change(repo: GitRepo) -> None:
    repo.edit(STD, "resolve: 2h", "resolve: 120m")
    assert repo.diff_json() == (
        0,
        {
            "from": "HEAD",
            "to": "working tree",
            "notes": ["the working tree has uncommitted changes; they are included"],
            "changes": [],
            "summary": {},
        },
    )


def test_a_step_given_to_another_role_is_an_owner_change(repo: GitRepo) -> None:
    repo.edit(SOP, "  - id: create\n    role: it-agent", "  - id: create\n    role: it-manager")
    _, data = repo.diff_json()
    [change] = _changes(data)
    assert change["path"] == ["steps", "create", "role"]
    assert (change["before"], change["after"], change["change"]) == (
        "it-agent",
        "it-manager",
        "owner changed",
    )
    assert change["impact"] == ["front-office"]  # the SOP serves the PMS standard's customers


def test_an_added_and_a_removed_standard(repo: GitRepo) -> None:
    text = repo.path(STD).read_text(encoding="utf-8")
    repo.path(STD).unlink()
    repo.write(
        "services/it-email-support.yaml", text.replace("id: it-pms-support", "id: it-email-support")
    )
    _, data = repo.diff_json()
    found = {(c["id"], c["change"], tuple(c["path"])) for c in _changes(data)}
    assert found == {("it-email-support", "added", ()), ("it-pms-support", "removed", ())}


def test_moving_reordering_and_reformatting_change_nothing(repo: GitRepo) -> None:
    # A renamed file in a new folder…
    (repo.path("standards-of-it")).mkdir()
    repo.path(STD).rename(repo.path("standards-of-it/pms.yml"))
    # …a reordered list (escalation is by position, so reorder the targets' neighbours instead)…
    data = repo.data(SOP)
    data["steps"].reverse()
    data["raci"] = list(reversed(data["raci"]))
    # …reordered keys, re-quoted and reformatted: JSON is YAML, every string now quoted.
    repo.write(SOP, json.dumps(dict(reversed(list(data.items()))), indent=1))
    role = repo.data("roles/it-agent.yaml")
    repo.write(
        "roles/it-agent.yaml", "\n".join(f"{k}: {json.dumps(v)}" for k, v in sorted(role.items()))
    )
    code, out, _ = repo.run("diff")
    assert code == 0, out
    assert "no change in meaning" in out


def test_reordered_targets_and_channels_change_nothing(repo: GitRepo) -> None:
    repo.edit(
        STD, "targets:\n", "targets:\n  - id: printer\n    request: Printer jam\n    resolve: 1d\n"
    )
    repo.commit()
    data = repo.data(STD)
    data["targets"].reverse()
    repo.write(STD, json.dumps(data))
    assert repo.diff_json()[0] == 0


def test_two_folders_compare_without_git(tmp_path: Path) -> None:
    a = make_repo(tmp_path / "a")
    b = make_repo(tmp_path / "b")
    b.edit(STD, "acknowledge: 15m", "acknowledge: 30m")
    code, out, _ = a.run("diff", str(a.root), str(b.root))
    assert code == 1
    assert "loosened" in out and "15m → 30m" in out


def test_a_shallow_clone_says_how_to_fetch_the_history(repo: GitRepo, tmp_path: Path) -> None:
    repo.git("tag", "-a", "edition-2026-02-01", "-m", "first")
    repo.edit(STD, "resolve: 2h", "resolve: 4h")
    repo.commit()
    clone = tmp_path / "clone"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", "--no-tags", f"file://{repo.root}", str(clone)],
        check=True,
    )
    shallow = GitRepo(clone)
    for args in (("diff", "HEAD~1"), ("diff",), ("diff", "edition-2026-02-01")):
        code, _, err = shallow.run(*args)
        assert code == 2, args
        assert "git fetch --unshallow --tags" in err, args
        assert "Traceback" not in err


def test_the_default_base_is_the_latest_edition(repo: GitRepo) -> None:
    repo.edit(STD, "resolve: 2h", "resolve: 4h")
    repo.commit()
    repo.git("tag", "-a", "edition-2026-02-02", "-m", "edition")
    repo.edit(STD, "acknowledge: 15m", "acknowledge: 10m")
    repo.commit()
    _, data = repo.diff_json()
    assert data["from"] == "edition-2026-02-02"
    assert [c["path"][-1] for c in _changes(data)] == ["acknowledge"]


def test_detached_head_works_and_a_bad_revision_is_a_clear_error(repo: GitRepo) -> None:
    first = repo.git("rev-parse", "HEAD").strip()
    repo.edit(STD, "resolve: 2h", "resolve: 4h")
    repo.commit()
    repo.git("checkout", "-q", first)
    assert repo.diff_json("HEAD", "main")[0] == 1
    code, _, err = repo.run("diff", "no-such-thing")
    assert code == 2 and "unknown revision 'no-such-thing'" in err


def test_no_repository_and_no_commits_are_clear_errors(tmp_path: Path) -> None:
    import shutil

    from tests.test_diff_gitrepo import CASES

    plain = GitRepo(tmp_path / "plain")
    shutil.copytree(CASES / "_base", plain.root)
    code, _, err = plain.run("diff")
    assert code == 2 and "not inside a git repository" in err
    plain.git("init", "-q")
    code, _, err = plain.run("diff")
    assert code == 2 and "no commits yet" in err


def test_markdown_names_the_document_and_escapes_text(repo: GitRepo) -> None:
    repo.edit(STD, "request: PMS down for the front desk", "request: PMS *down* <b>now</b>")
    code, out, _ = repo.run("diff", "--format", "markdown")
    assert code == 1
    assert "### standard `it-pms-support`" in out
    expected = (
        "- **editorial** — target pms-outage \u203a request: PMS down for the front desk"
        " → PMS \\*down\\* \\<b\\>now\\</b\\>"
    )
    assert expected in out


def test_the_documented_json_shape_is_the_real_one(repo: GitRepo) -> None:
    import re

    docs = Path(__file__).resolve().parents[1] / "docs" / "diff.md"
    example = json.loads(
        re.findall(r"```json\n(.*?)```", docs.read_text(encoding="utf-8"), re.S)[0]
    )
    repo.edit(STD, "resolve: 2h", "resolve: 1h")
    _, data = repo.diff_json()
    assert data.keys() == example.keys()
    assert _changes(data)[0].keys() == example["changes"][0].keys()


def test_a_new_holder_is_a_people_change_for_the_providers_customers(repo: GitRepo) -> None:
    repo.edit("roles/it-agent.yaml", "citra.dewi@case.example", "citra@case.example")
    _, data = repo.diff_json()
    assert {(c["id"], tuple(c["path"]), c["change"]) for c in _changes(data)} == {
        ("it-agent", ("holders", "citra@case.example"), "people changed"),
        ("it-agent", ("holders", "citra.dewi@case.example"), "people changed"),
    }
    assert {tuple(c["impact"]) for c in _changes(data)} == {("front-office",)}
