"""Classifying single changed values: quantities, owners, people, text."""

from __future__ import annotations

import pytest

from svcstd.diff.compare import classify, field_name, presence_class
from svcstd.model import Calendar
from svcstd.workdays import HolidaySet

OFFICE = Calendar("office", ["mon", "tue", "wed", "thu", "fri"], "08:00-17:00", HolidaySet(), None)


@pytest.mark.parametrize(
    ("path", "before", "after", "expected"),
    [
        (("targets", "t1", "resolve"), "8h", "4h", "tightened"),
        (("targets", "t1", "resolve"), "4h", "8h", "loosened"),
        (("targets", "t1", "resolve"), "8h", "480m", None),  # the same quantity
        (
            ("targets", "t1", "acknowledge"),
            "1 business day",
            "9 business hours",
            None,
        ),  # 9h office day
        (("targets", "t1", "resolve"), "4h", "4 business hours", "loosened"),
        (("targets", "t1", "deadline"), "monthly on day 25", "monthly on day 20", "tightened"),
        (("targets", "t1", "deadline"), "monthly on day 25", "weekly on friday", "changed"),
        (("communication", "c1", "cadence"), "monthly", "quarterly", "loosened"),
        (("escalation", 2, "to"), "it-manager", "general-manager", "owner changed"),
        (("steps", "create", "role"), "it-agent", "it-manager", "owner changed"),
        (("provider",), "it", "finance", "owner changed"),
        (("holders", "a@x.example", "name"), "Ani", "Ani Lestari", "people changed"),
        (("targets", "t1", "request"), "PMS down", "PMS unavailable", "editorial"),
        (("status",), "active", "retired", "changed"),
        (("targets", "t1", "resolve"), "4h", "soon", "changed"),  # unparsable: still a change
    ],
)
def test_classify(
    path: tuple[str | int, ...], before: str, after: str, expected: str | None
) -> None:
    assert classify(path, before, after, OFFICE) == expected


def test_item_keys_are_not_field_names() -> None:
    # A target whose id happens to be 'owner' is still a target, not an owner field.
    assert field_name(("targets", "owner")) == "targets"
    assert presence_class(("targets", "owner"), "added") == "added"
    assert field_name(("raci", "create", "accountable")) == "accountable"
    assert classify(("raci", "create", "accountable"), "a", "b", OFFICE) == "owner changed"
    assert presence_class(("holders", "a@x.example"), "removed") == "people changed"


def test_an_owner_that_appears_or_goes_is_an_addition_or_a_removal() -> None:
    # Nobody was replaced: a role added to a RACI list is not a change of owner.
    assert presence_class(("raci", "create", "accountable"), "added") == "added"
    assert presence_class(("raci", "create", "responsible"), "removed") == "removed"
    assert presence_class(("deputy",), "added") == "added"
