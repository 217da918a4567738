"""svcstd diff follows a changed target or SOP step down its chains to the external promise,
on the example organisation in a real temporary git repository with two commits."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from svcstd.diff.chains import may_move_chains
from svcstd.diff.engine import Change
from tests.conftest import example_dir
from tests.test_diff_gitrepo import GitRepo

KITCHEN = "services/kitchen-service-orders.yaml"
FNB = "services/fnb-guest-service-requests.yaml"
SOP = "sops/sop-room-service-order.yaml"
GUEST = "fnb-guest-service-requests/room-delivery"
OWN = "kitchen-service-orders/room-service"  # the kitchen's target carries the promise too


@pytest.fixture
def repo(tmp_path: Path) -> GitRepo:
    """The example organisation in a fresh git repository, one commit."""
    root = tmp_path / "standards"
    shutil.copytree(example_dir(), root)
    repo = GitRepo(root)
    repo.git("init", "-q", "-b", "main")
    repo.git("config", "user.name", "Quality Lead")
    repo.git("config", "user.email", "quality@example.invalid")
    repo.git("config", "commit.gpgsign", "false")
    repo.commit("base")
    return repo


def _second_commit(repo: GitRepo, *edits: tuple[str, str, str]) -> dict[str, Any]:
    for rel, old, new in edits:
        repo.edit(rel, old, new)
    repo.commit("second")
    code, data = repo.diff_json("HEAD~1", "HEAD")
    assert code == 1
    return data


def _change(data: dict[str, Any], ident: str, path: list[str]) -> dict[str, Any]:
    [found] = [c for c in data["changes"] if c["id"] == ident and c["path"] == path]
    return found


def _chain(change: dict[str, Any], promise: str) -> dict[str, Any]:
    [found] = [c for c in change.get("chains", []) if c["promise"] == promise]
    return found


def test_loosening_the_kitchen_target_reaches_the_guest_promise(repo: GitRepo) -> None:
    data = _second_commit(repo, (KITCHEN, "resolve: 18m", "resolve: 28m"))
    change = _change(data, "kitchen-service-orders", ["targets", "room-service", "resolve"])
    assert change["change"] == "loosened"
    guest = _chain(change, GUEST)
    assert (guest["before"], guest["after"], guest["allowed_after"]) == (28, 38, 30)
    assert guest["kept"] is False and guest["unit"] == "minutes"
    assert guest["hops"] == [
        "sop-room-service-order/take-order 1m",
        "sop-room-service-order/enter-order 2m",
        "sop-room-service-order/prepare-food 18m",
        "delay 10m",  # what the looser target allows the kitchen to take
        "sop-room-service-order/collect-from-pass 2m",
        "sop-room-service-order/deliver 5m",
    ]
    assert guest["teams"] == ["fnb-service"]  # the waiters down the chain
    own = _chain(change, OWN)
    assert (own["before"], own["after"], own["kept"]) == (21, 31, False)
    code, out, _ = repo.run("diff", "HEAD~1", "HEAD")
    assert code == 1
    assert f"chain to {GUEST}: 28m → 38m against 30m, now 8m over: " in out


def test_raising_the_sop_step_reports_the_same_chain(repo: GitRepo) -> None:
    data = _second_commit(repo, (SOP, "within: 18m", "within: 28m"))
    change = _change(data, "sop-room-service-order", ["steps", "prepare-food", "within"])
    guest = _chain(change, GUEST)
    assert (guest["before"], guest["after"], guest["allowed_after"], guest["kept"]) == (
        28, 38, 30, False,
    )  # fmt: skip
    assert "sop-room-service-order/prepare-food 28m" in guest["hops"]
    assert "fnb-service" in change["impact"]
    _, out, _ = repo.run("diff", "HEAD~1", "HEAD", "--format", "markdown")
    assert f"  - chain to {GUEST}: 28m → 38m against 30m, now 8m over: " in out


@pytest.mark.parametrize(
    ("within", "after", "kept", "words"),
    [
        ("20m", 30, True, "28m → 30m against 30m, 0m to spare"),  # exactly the promise: kept
        ("21m", 31, False, "28m → 31m against 30m, now 1m over"),  # one minute more: broken
        ("15m", 25, True, "28m → 25m against 30m, 5m to spare"),  # tightened
    ],
)
def test_the_chain_at_its_promise_and_one_minute_over(
    repo: GitRepo, within: str, after: int, kept: bool, words: str
) -> None:
    data = _second_commit(repo, (SOP, "within: 18m", f"within: {within}"))
    change = _change(data, "sop-room-service-order", ["steps", "prepare-food", "within"])
    guest = _chain(change, GUEST)
    assert (guest["after"], guest["kept"]) == (after, kept)
    _, out, _ = repo.run("diff", "HEAD~1", "HEAD")
    assert f"chain to {GUEST}: {words}: " in out


def test_a_tighter_guest_promise_is_a_moved_chain_too(repo: GitRepo) -> None:
    data = _second_commit(repo, (FNB, "      resolve: 30m", "      resolve: 27m"))
    change = _change(
        data, "fnb-guest-service-requests", ["targets", "room-delivery", "external", "resolve"]
    )
    guest = _chain(change, GUEST)
    assert (guest["before"], guest["after"]) == (28, 28)
    assert (guest["allowed_before"], guest["allowed_after"], guest["kept"]) == (30, 27, False)


def test_changes_off_every_chain_carry_none(repo: GitRepo) -> None:
    data = _second_commit(
        repo,
        ("services/hr-payroll.yaml", 'version: "1.2"', 'version: "1.3"'),
        ("services/it-helpdesk-support.yaml", "resolve: 1h", "resolve: 2h"),  # no chain to a guest
    )
    assert {c["change"] for c in data["changes"]} == {"editorial", "loosened"}
    assert all("chains" not in c for c in data["changes"])
    # A step's wording is no quantity: the chain does not move.
    repo.edit(SOP, "      Take the order,", "      Take the whole order,")
    repo.commit("words")
    _, data = repo.diff_json("HEAD~1", "HEAD")
    assert data["changes"] and all("chains" not in c for c in data["changes"])


def test_publish_writes_the_moved_chain_into_the_changelog(repo: GitRepo) -> None:
    code, _, err = repo.run("publish", "--as-of", "2026-03-02")
    assert code == 0, err
    repo.edit(KITCHEN, "resolve: 18m", "resolve: 28m")
    repo.commit("looser kitchen")
    code, _, err = repo.run("publish", "--as-of", "2026-04-01")
    assert code == 0, err
    changelog = repo.path("CHANGELOG.md").read_text(encoding="utf-8")
    assert f"  - chain to {GUEST}: 28m → 38m against 30m, now 8m over: " in changelog


def _target_change(ident: str, target: str) -> Change:
    return Change("standard", ident, ("targets", target, "resolve"), "", "1h", "2h",
                  "loosened", ())  # fmt: skip


def test_a_target_no_step_serves_needs_no_graph() -> None:
    summaries = [
        {"kind": "sop", "id": "s", "serves": ["kitchen/orders"], "starts": "cook",
         "handoffs": []},
        {"kind": "standard", "id": "kitchen", "promises": ["kitchen/orders"]},
    ]  # fmt: skip
    assert may_move_chains([_target_change("kitchen", "orders")], summaries)
    assert not may_move_chains([_target_change("kitchen", "other")], summaries)
    assert not may_move_chains([_target_change("payroll", "orders")], summaries)


def test_an_sop_matters_only_if_its_hand_offs_lead_to_a_promise() -> None:
    def sop_change(ident: str) -> Change:
        return Change("sop", ident, ("steps", "a", "within"), "", "1h", "2h", "loosened", ())

    summaries = [
        {"kind": "sop", "id": "upstream", "serves": [], "starts": "clerk", "handoffs": ["cook"]},
        {"kind": "sop", "id": "promise", "serves": ["k/o"], "starts": "cook", "handoffs": []},
        {"kind": "sop", "id": "aside", "serves": [], "starts": "hr", "handoffs": ["clerk"]},
        {"kind": "sop", "id": "alone", "serves": [], "starts": "it", "handoffs": ["nobody"]},
        {"kind": "standard", "id": "k", "promises": ["k/o"]},
    ]  # fmt: skip
    # "aside" hands to the clerk, who starts "upstream", which hands to the cook's SOP.
    for ident in ("promise", "upstream", "aside"):
        assert may_move_chains([sop_change(ident)], summaries), ident
    assert not may_move_chains([sop_change("alone")], summaries)
    no_promise = [{**s, "promises": []} if s["kind"] == "standard" else s for s in summaries]
    assert not may_move_chains([sop_change("promise")], no_promise)
