"""svcstd measure on hand-written exports: every data problem is a located finding, and the
arithmetic at the edges (exactly on the limit, one minute over, weekends, holidays, pay day)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from svcstd.measure.run import Request, measure
from svcstd.pipeline import load_organisation

HEADER = "ticket,standard,target,opened,first_response,resolved,customer_team,paused,promised\n"


def run(example: Path, tmp_path: Path, rows: str, **options: Any) -> dict[str, Any]:
    export = tmp_path / "export.csv"
    export.write_text(HEADER + rows, encoding="utf-8")
    return measure(load_organisation(example), Request([export], **options))


def target(report: dict[str, Any], key: str, metric: str) -> dict[str, Any]:
    standard, name = key.split("/")
    found = [
        r
        for r in report["targets"]
        if (r["standard"], r["target"], r["metric"]) == (standard, name, metric)
    ]
    assert len(found) == 1, report["targets"]
    return found[0]


def finding(report: dict[str, Any], code: str, column: str) -> dict[str, Any]:
    found = [f for f in report["findings"] if (f["code"], f["column"]) == (code, column)]
    assert len(found) == 1, report["findings"]
    return found[0]


GOOD = (
    "it-pms-support,pms-outage,2026-03-02T09:00:00,2026-03-02T09:10:00,2026-03-02T10:00:00,"
    "call-centre,,\n"
)


@pytest.mark.parametrize(
    ("row", "code", "column"),
    [
        (
            "it-pms-support,pms-outage,yesterday,2026-03-02T09:10,2026-03-02T10:00,,,",
            "bad-timestamp",
            "opened",
        ),
        (
            "it-pms-support,pms-outage,,2026-03-02T09:10,2026-03-02T10:00,,,",
            "missing-value",
            "opened",
        ),
        (
            "it-pms-support,pms-outage,2026-03-02T09:00,09:10,2026-03-02T10:00,,,",
            "bad-timestamp",
            "first_response",
        ),
        (
            "it-pms-support,pms-outage,2026-03-02T09:00,2026-03-02T08:59,2026-03-02T10:00,,,",
            "before-opened",
            "first_response",
        ),
        (
            "it-pms-support,pms-outage,2026-03-02T09:00,2026-03-02T09:10,2026-03-02T08:00,,,",
            "before-opened",
            "resolved",
        ),
        (
            "it-pms-suport,pms-outage,2026-03-02T09:00,2026-03-02T09:10,2026-03-02T10:00,,,",
            "unknown-standard",
            "standard",
        ),
        (
            "it-pms-support,pms-outgae,2026-03-02T09:00,2026-03-02T09:10,2026-03-02T10:00,,,",
            "unknown-target",
            "target",
        ),
        (
            "it-pms-support,pms-question,2028-03-02T09:00,2028-03-02T09:10,2028-03-02T10:00,,,",
            "outside-calendar",
            "opened",
        ),
        (
            "it-pms-support,pms-outage,2026-03-02T09:00,2026-03-02T09:10,2026-03-02T10:00,,2026-03-02T09:30,",
            "bad-pause",
            "paused",
        ),
        (
            "it-pms-support,pms-outage,2026-03-02T09:00,2026-03-02T09:10,2026-03-02T10:00,,2026-03-02T09:30/09:40,",
            "bad-pause",
            "paused",
        ),
    ],
)
def test_each_malformed_row_is_a_located_finding_and_is_excluded(
    example: Path, tmp_path: Path, row: str, code: str, column: str
) -> None:
    if code == "outside-calendar":
        _holidays_as_a_list(example)  # a library calendar knows every year
    # Row 2 is good, row 3 is the bad one (row 1 is the header, as a spreadsheet counts).
    report = run(example, tmp_path, "T-1," + GOOD + "T-2," + row + "\n")
    found = finding(report, code, column)
    assert found["rows"] == [3] and found["file"].endswith("export.csv")
    assert found["severity"] == "warning" and found["hint"]
    measured = [r for r in report["targets"] if r["requests"]]
    assert sum(r["requests"] for r in measured) == 2  # only T-1's acknowledge and resolve
    if code not in ("unknown-standard", "unknown-target", "bad-timestamp", "missing-value"):
        assert sum(r["excluded"] for r in report["targets"]) >= 1


def _holidays_as_a_list(example: Path) -> None:
    """The office calendar with its holidays as a list of 2026 and 2027 dates only."""
    config = example / "svcstd.yaml"
    text = config.read_text(encoding="utf-8")
    start = text.index("    holidays:\n      country: ID")
    end = text.index("  office-sat:")
    listed = "    holidays: [2026-01-01, 2026-08-17, 2027-01-01, 2027-08-17]\n"
    config.write_text(text[:start] + listed + text[end:], encoding="utf-8")


def test_suggestions_for_misspelt_standard_and_target(example: Path, tmp_path: Path) -> None:
    report = run(
        example,
        tmp_path,
        "T-1,it-pms-suport,pms-outage,2026-03-02T09:00,,,,,\n"
        "T-2,it-pms-support,pms-outgae,2026-03-02T09:00,,,,,\n",
    )
    assert (
        "did you mean 'it-pms-support'" in finding(report, "unknown-standard", "standard")["hint"]
    )
    assert "did you mean 'pms-outage'" in finding(report, "unknown-target", "target")["hint"]


def test_a_line_with_the_wrong_number_of_fields_is_located(example: Path, tmp_path: Path) -> None:
    report = run(example, tmp_path, "T-1," + GOOD + "T-2,it-pms-support,too,few\n" + "T-3," + GOOD)
    found = finding(report, "malformed-row", "*")
    assert found["rows"] == [3]
    assert target(report, "it-pms-support/pms-outage", "resolve")["requests"] == 2


def test_still_open_is_reported_and_judged_as_of_the_day_given(
    example: Path, tmp_path: Path
) -> None:
    rows = (
        "T-1,it-pms-support,pms-outage,2026-03-02T09:00,2026-03-02T09:05,,,,\n"  # open 15h at as-of
        # open for 1.5h at the as-of moment: not late yet
        "T-2,it-pms-support,pms-outage,2026-03-02T22:30,2026-03-02T22:35,,,,\n"
        "T-3,it-pms-support,pms-outage,2026-03-02T09:00,2026-03-02T09:05,2026-03-02T09:30,,,\n"
    )
    report = run(example, tmp_path, rows, as_of=__import__("datetime").date(2026, 3, 2))
    resolve = target(report, "it-pms-support/pms-outage", "resolve")
    assert (resolve["requests"], resolve["met"], resolve["open"], resolve["open_breached"]) == (
        3,
        1,
        2,
        1,
    )
    assert resolve["attainment"] == 50.0  # met / (met + breached + open and already late)
    assert finding(report, "still-open", "resolved")["rows"] == [2, 3]
    assert finding(report, "still-open", "resolved")["severity"] == "info"
    assert report["period"]["as_of"] == "2026-03-03T00:00:00+07:00"


@pytest.mark.parametrize(("resolved", "met"), [("11:00", True), ("11:01", False)])
def test_elapsed_limit_is_inclusive(
    example: Path, tmp_path: Path, resolved: str, met: bool
) -> None:
    report = run(
        example,
        tmp_path,
        f"T-1,it-pms-support,pms-outage,2026-03-02T09:00,2026-03-02T09:15,2026-03-02T{resolved},,,\n",
    )
    assert target(report, "it-pms-support/pms-outage", "resolve")["met"] == int(met)
    assert target(report, "it-pms-support/pms-outage", "acknowledge")["met"] == 1  # exactly 15m


@pytest.mark.parametrize(
    ("opened", "acknowledged", "met"),
    [
        # Friday 16:00 to Monday 11:00 on the office calendar (08:00-17:00): 1h + 3h.
        ("2026-03-06T16:00", "2026-03-09T11:00", True),
        ("2026-03-06T16:00", "2026-03-09T11:01", False),
        # Monday 17 August 2026 is Independence Day: Friday 16:00 to Tuesday 11:00 is 4h.
        ("2026-08-14T16:00", "2026-08-18T11:00", True),
        ("2026-08-14T16:00", "2026-08-17T17:00", True),  # nothing counts on the holiday
        ("2026-08-14T16:00", "2026-08-18T11:01", False),
    ],
)
def test_business_hours_skip_nights_weekends_and_holidays(
    example: Path, tmp_path: Path, opened: str, acknowledged: str, met: bool
) -> None:
    report = run(
        example,
        tmp_path,
        f"T-1,it-pms-support,pms-question,{opened},{acknowledged},{acknowledged},,,\n",
    )
    assert target(report, "it-pms-support/pms-question", "acknowledge")["met"] == int(met)


def test_pauses_stop_the_clock(example: Path, tmp_path: Path) -> None:
    # 2h10m elapsed, of which 20 minutes waiting for the customer: 1h50m, within 2h.
    row = (
        "T-1,it-pms-support,pms-outage,2026-03-02T09:00,2026-03-02T09:05,2026-03-02T11:10,,"
        "2026-03-02T10:00/2026-03-02T10:20,\n"
    )
    report = run(example, tmp_path, row)
    resolve = target(report, "it-pms-support/pms-outage", "resolve")
    assert resolve["met"] == 1 and resolve["median_minutes"] == 110


@pytest.mark.parametrize(
    ("opened", "resolved", "met", "late_minutes"),
    [
        # 25 March 2026 is a Wednesday: due at the end of that day.
        ("2026-03-01", "2026-03-25T23:59", True, -1),
        ("2026-03-01", "2026-03-26T00:01", False, 1),
        # 25 April 2026 is a Saturday: pay day moves to Friday the 24th.
        ("2026-04-01", "2026-04-24T23:59", True, -1),
        ("2026-04-01", "2026-04-25T00:00", True, 0.0),  # exactly at the deadline
        ("2026-04-01", "2026-04-25T00:01", False, 1),
    ],
)
def test_deadline_targets_are_judged_per_occurrence_with_the_holiday_shift(
    example: Path, tmp_path: Path, opened: str, resolved: str, met: bool, late_minutes: float
) -> None:
    report = run(example, tmp_path, f"P-1,hr-payroll,salary-payment,{opened},,{resolved},,,\n")
    record = target(report, "hr-payroll/salary-payment", "deadline")
    assert record["met"] == int(met) and record["breached"] == int(not met)
    assert record["median_minutes"] == late_minutes


def test_a_promised_day_replaces_the_recurring_deadline(example: Path, tmp_path: Path) -> None:
    rows = (
        "P-1,hr-payroll,salary-payment,2026-03-01,,2026-03-20T10:00,,,2026-03-19\n"
        "P-2,hr-payroll,salary-payment,2026-03-01,,2026-03-19T23:00,,,2026-03-19\n"
    )
    record = target(run(example, tmp_path, rows), "hr-payroll/salary-payment", "deadline")
    assert (record["met"], record["breached"]) == (1, 1)


def test_offsets_and_local_times_mean_the_same_moment(example: Path, tmp_path: Path) -> None:
    # 02:00Z is 09:00 in Jakarta: both rows take exactly 2h.
    rows = (
        "T-1,it-pms-support,pms-outage,2026-03-02T02:00:00Z,2026-03-02T09:10,2026-03-02T11:00,,,\n"
        "T-2,it-pms-support,pms-outage,2026-03-02 09:00,2026-03-02T02:10:00+00:00,"
        "2026-03-02T04:00:00Z,,,\n"
    )
    record = target(run(example, tmp_path, rows), "it-pms-support/pms-outage", "resolve")
    assert (record["met"], record["median_minutes"], record["p90_minutes"]) == (2, 120, 120)


def test_period_and_breakdowns(example: Path, tmp_path: Path) -> None:
    rows = (
        "T-1,it-pms-support,pms-outage,2026-02-28T23:00,2026-02-28T23:05,2026-03-01T00:00,front-office,,\n"
        "T-2,it-pms-support,pms-outage,2026-03-01T00:00,2026-03-01T00:05,2026-03-01T03:00,call-centre,,\n"
        "T-3,it-pms-support,pms-outage,2026-03-31T23:59,2026-04-01T00:05,2026-04-01T01:00,call-centre,,\n"
        "T-4,it-pms-support,pms-outage,2026-04-01T00:00,2026-04-01T00:05,2026-04-01T01:00,call-centre,,\n"
    )
    from datetime import date

    report = run(example, tmp_path, rows, start=date(2026, 3, 1), stop=date(2026, 3, 31))
    record = target(report, "it-pms-support/pms-outage", "resolve")
    assert record["requests"] == 2 and report["outside_period"] == 2
    assert record["worst"] == [{"ticket": "T-2", "minutes": 180.0, "open": False}]
    assert record["teams"]["call-centre"]["requests"] == 2
    assert list(record["months"]) == ["2026-03"]


def test_rows_after_a_malformed_line_keep_their_own_numbers(example: Path, tmp_path: Path) -> None:
    rows = (
        "T-1,"
        + GOOD
        + "T-2,it-pms-support,too,few\n"
        + "T-3,it-pms-suport"
        + GOOD[len("it-pms-support") :]
        + "T-4,broken\n"
        + "T-5,it-pms-suport"
        + GOOD[len("it-pms-support") :]
    )
    report = run(example, tmp_path, rows)
    assert finding(report, "malformed-row", "*")["rows"] == [3, 5]
    assert finding(report, "unknown-standard", "standard")["rows"] == [4, 6]


# --- date-relative targets ('by') -------------------------------------------------------------

ORDER = "admin-purchase-orders,order-confirmation"  # by 17:00 the same business day, cut-off 15:00
DELIVERY = "admin-purchase-orders,promised-delivery"  # by the promised date


@pytest.mark.parametrize(
    ("opened", "resolved", "met"),
    [
        ("2026-03-03T15:00:00", "2026-03-03T17:00:00", True),  # at the cut-off; due 17:00
        ("2026-03-03T15:00:59", "2026-03-03T17:00:01", False),  # same minute: still that day
        ("2026-03-03T15:01:00", "2026-03-04T17:00:00", True),  # after it: the next day
        ("2026-03-03T15:01:00", "2026-03-04T17:00:01", False),
        ("2026-03-06T16:00:00", "2026-03-09T17:00:00", True),  # Friday late: Monday
        ("2026-03-07T10:00:00", "2026-03-09T17:00:00", True),  # Saturday: the next working day
        ("2026-03-19T10:00:00", "2026-03-23T17:00:00", True),  # holidays 19-21 March, Sunday
        ("2026-03-18T16:00:00", "2026-03-23T17:00:00", True),  # late Wednesday: over them
        ("2026-03-18T16:00:00", "2026-03-23T17:00:01", False),
    ],
)
def test_a_date_relative_target_is_due_by_the_standards_own_rule(
    example: Path, tmp_path: Path, opened: str, resolved: str, met: bool
) -> None:
    report = run(example, tmp_path, f"B-1,{ORDER},{opened},,{resolved},,,\n")
    record = target(report, "admin-purchase-orders/order-confirmation", "by")
    assert (record["met"], record["breached"]) == (int(met), int(not met))
    assert record["calendar"] == "office"


@pytest.mark.parametrize(
    ("promised", "resolved", "met"),
    [
        ("2026-03-05", "2026-03-05T23:59:59", True),
        ("2026-03-05", "2026-03-06T00:00:00", True),  # the end of the day, exactly
        ("2026-03-05", "2026-03-06T00:00:01", False),
        ("2026-03-05T09:00", "2026-03-05T18:00:00", True),  # the day counts, not its hour
        ("2026-03-04T20:00:00-05:00", "2026-03-05T18:00:00", True),  # 5 March in Jakarta
        ("2026-03-07", "2026-03-08T10:00:00", False),  # a Saturday, counted as it is
    ],
)
def test_a_promised_date_target_is_judged_against_the_promised_column(
    example: Path, tmp_path: Path, promised: str, resolved: str, met: bool
) -> None:
    report = run(example, tmp_path, f"D-1,{DELIVERY},2026-03-01T09:00,,{resolved},,,{promised}\n")
    record = target(report, "admin-purchase-orders/promised-delivery", "by")
    assert (record["met"], record["breached"]) == (int(met), int(not met))


@pytest.mark.parametrize(
    ("promised", "code"),
    [("", "missing-value"), ("next week", "bad-timestamp"), ("5/3/2026", "bad-timestamp")],
)
def test_a_promised_date_target_without_a_readable_promised_date_is_located(
    example: Path, tmp_path: Path, promised: str, code: str
) -> None:
    rows = (
        f"D-1,{DELIVERY},2026-03-02T09:00,,2026-03-05T10:00,,,2026-03-05\n"
        f"D-2,{DELIVERY},2026-03-02T09:00,,2026-03-05T10:00,,,{promised}\n"
        f"D-3,{ORDER},2026-03-02T09:00,,2026-03-02T10:00,,,\n"  # counted from opened: no need
    )
    report = run(example, tmp_path, rows)
    found = finding(report, code, "promised")
    assert found["rows"] == [3] and found["severity"] == "warning" and found["hint"]
    record = target(report, "admin-purchase-orders/promised-delivery", "by")
    assert (record["requests"], record["met"], record["excluded"]) == (1, 1, 1)
    assert target(report, "admin-purchase-orders/order-confirmation", "by")["met"] == 1


def test_without_a_promised_column_every_such_row_is_located(example: Path, tmp_path: Path) -> None:
    export = tmp_path / "export.csv"
    export.write_text(
        "ticket,standard,target,opened,first_response,resolved\n"
        f"D-1,{DELIVERY},2026-03-02T09:00,,2026-03-05T10:00\n"
        f"D-2,{DELIVERY},2026-03-02T09:00,,\n",
        encoding="utf-8",
    )
    report = measure(load_organisation(example), Request([export]))
    assert finding(report, "missing-value", "promised")["rows"] == [2, 3]
    record = target(report, "admin-purchase-orders/promised-delivery", "by")
    assert (record["requests"], record["excluded"]) == (0, 2)


def test_an_open_date_relative_request_is_late_once_its_day_has_passed(
    example: Path, tmp_path: Path
) -> None:
    rows = (
        f"D-1,{DELIVERY},2026-03-02T09:00,,,,,2026-03-05\n"
        f"D-2,{DELIVERY},2026-03-02T09:00,,,,,2026-03-06\n"
    )
    report = run(example, tmp_path, rows, as_of=__import__("datetime").date(2026, 3, 5))
    record = target(report, "admin-purchase-orders/promised-delivery", "by")
    assert (record["open"], record["open_breached"]) == (2, 0)  # due at the end of the 5th
    report = run(example, tmp_path, rows, as_of=__import__("datetime").date(2026, 3, 6))
    record = target(report, "admin-purchase-orders/promised-delivery", "by")
    assert (record["open"], record["open_breached"], record["attainment"]) == (2, 1, 0.0)


@pytest.mark.parametrize(
    "value",
    [
        "2026-02-30T10:00:00+07:00",  # with an offset
        "2026-02-29 10:00",  # 2026 is no leap year
        "2026-04-31T08:00",  # April has 30 days
        "2100-02-29T08:00:00Z",  # nor is 2100
    ],
)
def test_a_day_that_does_not_exist_is_a_bad_timestamp_not_the_next_month(
    example: Path, tmp_path: Path, value: str
) -> None:
    # Arrow's strptime rolls 30 February over into March; the row must be located instead.
    rows = f"P-1,{GOOD}P-2,it-pms-support,pms-outage,{value},,,,,\n"
    report = run(example, tmp_path, rows)
    assert finding(report, "bad-timestamp", "opened")["rows"] == [3]
    assert target(report, "it-pms-support/pms-outage", "acknowledge")["requests"] == 1


def test_an_export_format_with_month_names_checks_the_day_too() -> None:
    import pyarrow as pa

    from svcstd.measure.timestamps import BAD, OK, Localiser, parse_column

    values = ["30/Feb/26 9:15 AM", "28/Feb/26 9:15 AM", "29/Feb/28 9:15 AM", "29/Feb/26 9:15 AM",
              "31/Dec/26 11:59 PM", "31/Nov/26 8:00 AM"]  # fmt: skip
    parsed = parse_column(pa.array(values), Localiser("Asia/Jakarta"), ("%d/%b/%y %I:%M %p",))
    assert parsed.state.tolist() == [BAD, OK, OK, BAD, OK, BAD]


def test_the_text_report_says_what_a_negative_lateness_means(example: Path, tmp_path: Path) -> None:
    from svcstd.measure.report import LATENESS_NOTE, render_text

    early = run(
        example, tmp_path, f"D-1,{DELIVERY},2026-03-01T09:00,,2026-03-04T10:00,,,2026-03-05\n"
    )
    assert target(early, "admin-purchase-orders/promised-delivery", "by")["median_minutes"] < 0
    assert LATENESS_NOTE in render_text(early)
    assert LATENESS_NOTE not in render_text(run(example, tmp_path, f"P-1,{GOOD}"))
