"""Diff wording (issue 12, item 15): additions read as additions; a topic's change reaches
the customers of the standard that covers it. Two real folders, through the real CLI."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from svcstd.cli import app

SOP = "sops/sop-purchase-order.yaml"
KOT = """  - name:
      en: kitchen order
      id: pesanan dapur
    synonyms:
      en: [food order, kitchen order ticket, KOT]
      id: [pesanan makanan, order dapur]
"""


def edit(root: Path, rel: str, old: str, new: str) -> None:
    text = (root / rel).read_text(encoding="utf-8")
    assert old in text, old
    (root / rel).write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def sides(example: Path) -> tuple[Path, Path]:
    after = example.parent / "after"
    shutil.copytree(example, after)
    return example, after


def diff(before: Path, after: Path, fmt: str = "json") -> Any:
    result = CliRunner().invoke(
        app, ["diff", str(before), str(after), "-C", str(before), "-f", fmt]
    )
    assert result.exit_code == 1, result.output
    return json.loads(result.stdout) if fmt == "json" else result.stdout


def test_a_role_added_to_a_raci_list_reads_as_an_addition(sides: tuple[Path, Path]) -> None:
    before, after = sides
    edit(
        after,
        SOP,
        "responsible: [sales-event-manager]",
        "responsible: [sales-event-manager, sales-executive]",
    )
    (change,) = diff(before, after)["changes"]
    assert (change["change"], change["before"], change["after"]) == (
        "added",
        None,
        "sales-executive",
    )
    text = diff(before, after, "text")
    assert "added          RACI row raise-requisition \u203a responsible: sales-executive" in text
    assert "owner changed" not in text


def test_a_role_put_in_anothers_place_is_still_a_change_of_owner(sides: tuple[Path, Path]) -> None:
    before, after = sides
    edit(after, SOP, "accountable: [sales-director]", "accountable: [sales-manager]")
    (change,) = diff(before, after)["changes"]
    assert change["change"] == "owner changed"
    assert (change["before"], change["after"]) == ("sales-director", "sales-manager")
    assert "accountable: sales-director → sales-manager" in diff(before, after, "text")


def test_a_removed_holder_says_so(sides: tuple[Path, Path]) -> None:
    before, after = sides
    rel = "roles/hr/hr-manager.yaml"
    text = (after / rel).read_text(encoding="utf-8")
    holders = text[text.index("holders:\n") :]
    (after / rel).write_text(text.replace(holders, "vacant: true\n"), encoding="utf-8")
    out = diff(before, after, "text")
    assert "people changed holders: removed name: Kartika Sari Utami" in out


def test_moving_a_topic_reaches_the_customers_of_its_standard(sides: tuple[Path, Path]) -> None:
    before, after = sides
    # 'kitchen order' is covered by kitchen-service-orders (customers: fnb-service); the
    # purchasing officer's own standards serve every team.
    edit(after, "roles/kitchen/kit-sous-chef.yaml", KOT, "  - name: kitchen hygiene\n")
    edit(after, "roles/administration/adm-purchasing-officer.yaml", "holders:", KOT + "holders:")
    changes = diff(before, after)["changes"]
    moved = {
        (c["id"], c["change"]): c["impact"]
        for c in changes
        if c["path"][:2] == ["topics", "kitchen order"]
    }
    assert moved == {
        ("adm-purchasing-officer", "added"): ["fnb-service"],
        ("kit-sous-chef", "removed"): ["fnb-service"],
    }
    text = diff(before, after, "text")
    assert "role adm-purchasing-officer  (affects: fnb-service)" in text


def test_a_topic_no_standard_covers_affects_no_customer(sides: tuple[Path, Path]) -> None:
    before, after = sides
    edit(
        after,
        "roles/administration/adm-purchasing-officer.yaml",
        "holders:",
        "  - name: forklift\nholders:",
    )
    (change,) = diff(before, after)["changes"]
    assert change["impact"] == []
    assert "topic forklift\n" in diff(before, after, "text")  # no dangling colon


LIAISON = "roles/administration/adm-kitchen-liaison.yaml"


def give_kitchen_orders_to_administration(*roots: Path) -> None:
    """On each side, 'kitchen order' belongs to a new administration role.

    Administration's own standards serve every team, the standard covering the
    topic serves fnb-service only: a change to the topic must reach fnb-service.
    """
    for root in roots:
        edit(root, "roles/kitchen/kit-sous-chef.yaml", KOT, "  - name: kitchen hygiene\n")
        text = (root / "roles/administration/adm-storekeeper.yaml").read_text(encoding="utf-8")
        role = text[: text.index("topics:")].replace("adm-storekeeper", "adm-kitchen-liaison")
        holders = text[text.index("holders:") :]
        (root / LIAISON).write_text(role + "topics:\n" + KOT + holders, encoding="utf-8")


def test_a_standard_spelling_the_topic_differently_still_covers_it(
    sides: tuple[Path, Path],
) -> None:
    before, after = sides
    give_kitchen_orders_to_administration(before, after)
    edit(
        after,
        "services/kitchen-service-orders.yaml",
        "topics: [kitchen order,",
        "topics: [Kitchen-Orders,",
    )
    edit(after, LIAISON, "id: [pesanan makanan", "id: [pesanan makanan baru")
    changes = [c for c in diff(before, after)["changes"] if c["kind"] == "role"]
    assert [(c["id"], c["change"], c["impact"]) for c in changes] == [
        ("adm-kitchen-liaison", "added", ["fnb-service"]),
        ("adm-kitchen-liaison", "removed", ["fnb-service"]),
    ]


def test_a_role_losing_every_topic_reaches_their_standards(sides: tuple[Path, Path]) -> None:
    before, after = sides
    give_kitchen_orders_to_administration(before, after)
    edit(after, LIAISON, "topics:\n" + KOT, "")
    (change,) = diff(before, after)["changes"]
    assert change["id"] == "adm-kitchen-liaison" and change["path"] == ["topics"]
    assert change["impact"] == ["fnb-service"]
