"""svcstd's records are msgspec Structs; these are the behaviours the conversion from
dataclasses had to keep by hand (svcstd.records and the few restructured classes)."""

from __future__ import annotations

import ast
import json
from datetime import date
from pathlib import Path

import pytest

from svcstd.durations import Duration, parse_duration
from svcstd.findings import Finding, Severity
from svcstd.measure.calendar import CalendarSpec
from svcstd.workdays import HolidaySet

SRC = Path(__file__).resolve().parents[2] / "src" / "svcstd"


def _finding(**changes: object) -> Finding:
    fields: dict[str, object] = {
        "file": "services/a.yaml", "line": 3, "column": 5, "rule": "targets/vague",
        "severity": Severity.WARNING, "message": "m", "hint": "h", "path": ("targets", 0),
    }  # fmt: skip
    return Finding(**{**fields, **changes})  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "other",
    [{"severity": Severity.ERROR}, {"hint": None}, {"path": ()}, {"hint": "x", "path": ("id",)}],
)
def test_a_finding_is_compared_without_severity_hint_or_path(other: dict[str, object]) -> None:
    a, b = _finding(), _finding(**other)
    assert a == b and hash(a) == hash(b) and len({a, b}) == 1
    assert not (a < b or b < a) and a <= b and a >= b


@pytest.mark.parametrize(
    "other",
    [
        {"file": "services/b.yaml"},
        {"line": 4},
        {"column": 6},
        {"rule": "targets/z"},
        {"message": "n"},
    ],
)
def test_a_finding_differs_by_file_line_column_rule_and_message(other: dict[str, object]) -> None:
    a, b = _finding(), _finding(**other)
    assert a != b and len({a, b}) == 2
    assert a < b and b > a and a <= b and b >= a and not a > b


def test_findings_sort_by_place_then_rule_then_message_never_by_severity() -> None:
    found = [
        _finding(line=9, severity=Severity.INFO),
        _finding(line=3, column=9, severity=Severity.ERROR),
        _finding(line=3, rule="a/rule", message="z", severity=Severity.INFO),
        _finding(line=3, rule="a/rule", message="b", severity=Severity.ERROR),
    ]
    assert sorted(found) == [found[3], found[2], found[1], found[0]]


def test_a_finding_compares_with_findings_only() -> None:
    assert _finding() != ("services/a.yaml", 3, 5, "targets/vague", "m")
    with pytest.raises(TypeError):
        _ = _finding() < ("services/a.yaml", 3, 5, "targets/vague", "m")  # type: ignore[operator]


def test_durations_compare_by_elapsed_time_with_every_operator() -> None:
    hour, sixty, day = parse_duration("1h"), parse_duration("60m"), parse_duration("1d")
    assert hour == sixty and hash(hour) == hash(sixty) and hour.text != sixty.text
    assert hour < day and hour <= sixty and day > hour and day >= day and not hour > sixty
    # Business time is spread over the 40-hour week: 8 business hours are 33.6 elapsed hours.
    business = parse_duration("8 business hours")
    assert parse_duration("33h") < business < parse_duration("34h")
    assert sorted([day, business, hour]) == [hour, day, business]
    assert Duration(60, False, "x") != 60


def _spec(**changes: object) -> CalendarSpec:
    fields: dict[str, object] = {"weekdays": frozenset({0, 1}), "hours": (480, 1020)}
    return CalendarSpec(**{**fields, **changes})  # type: ignore[arg-type]


def test_calendar_specs_are_equal_whatever_their_holiday_source() -> None:
    assert _spec(source=HolidaySet()) == _spec() == _spec(source=HolidaySet.of(["2026-01-01"]))
    assert _spec() != _spec(holidays=frozenset({date(2026, 1, 1)}))
    assert _spec() != _spec(half_days={date(2026, 1, 2): (480, 720)})
    assert _spec() != _spec(library=True)


def test_the_measure_model_keeps_date_relative_rules_through_its_json(example: Path) -> None:
    from svcstd.measure.model import MeasureModel
    from svcstd.pipeline import load_organisation

    model = MeasureModel.of(load_organisation(example))
    data = json.loads(json.dumps(model.to_json()))
    assert any(m["by"] is not None for m in data["metrics"])  # a nested Struct became a dict
    assert MeasureModel.from_json(data).catalogue.metrics == model.catalogue.metrics


def test_no_module_of_svcstd_uses_dataclasses() -> None:
    # Python 3.11 compiles every method of every dataclass when the class is made: tens of
    # milliseconds of each command's start (docs/development.md). Records are Structs.
    users = []
    for path in sorted(SRC.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            module = node.module if isinstance(node, ast.ImportFrom) else None
            if "dataclasses" in names or module == "dataclasses":
                users.append(str(path.relative_to(SRC)))
    assert users == []
