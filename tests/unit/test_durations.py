"""Durations, recurring deadlines and cadences: parsed into quantities that compare."""

from __future__ import annotations

from datetime import date

import pytest

from svcstd.durations import (
    CADENCE_EXAMPLES,
    DEADLINE_EXAMPLES,
    DURATION_EXAMPLES,
    FIRST_DATE,
    LAST_DATE,
    MAX_CADENCE_COUNT,
    DateOutOfRange,
    Duration,
    add_cadence,
    check_date_range,
    parse_cadence,
    parse_deadline,
    parse_duration,
)

# --- durations --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "minutes", "business"),
    [
        ("30m", 30, False),
        ("4h", 240, False),
        ("1.5h", 90, False),
        ("0.5h", 30, False),
        ("2d", 2 * 24 * 60, False),
        ("1w", 7 * 24 * 60, False),
        ("45 minutes", 45, False),
        ("1 hour", 60, False),
        ("4 hrs", 240, False),
        ("3 days", 3 * 24 * 60, False),
        ("2 weeks", 14 * 24 * 60, False),
        ("4 business hours", 240, True),
        ("1 business hour", 60, True),
        ("2 business days", 2 * 8 * 60, True),  # a business day is 8 working hours
        ("1.5 business days", 12 * 60, True),
    ],
)
def test_parse_duration(text: str, minutes: float, business: bool) -> None:
    duration = parse_duration(text)
    assert (duration.minutes, duration.business) == (minutes, business)
    assert str(duration) == text


@pytest.mark.parametrize(
    ("text", "minutes", "business"),
    [
        ("4H", 240, False),
        (" 30m ", 30, False),
        ("1.5 H", 90, False),
        ("2 Days", 2 * 24 * 60, False),
        ("4 Business Hours", 240, True),
        ("4  business   hours", 240, True),
        ("\t2 BUSINESS DAYS\n", 960, True),
    ],
)
def test_parse_duration_ignores_case_and_spacing(text: str, minutes: float, business: bool) -> None:
    duration = parse_duration(text)
    assert (duration.minutes, duration.business) == (minutes, business)
    assert duration.text == text  # kept as written, for messages


def test_business_days_follow_the_calendar_hours_per_day() -> None:
    assert parse_duration("2 business days", hours_per_day=7.5).minutes == 2 * 7.5 * 60
    assert parse_duration("4 business hours", hours_per_day=7.5).minutes == 240


@pytest.mark.parametrize(
    "text",
    [
        "4 hourz",
        "",
        "   ",
        "four hours",
        "2 business weeks",
        "10 business minutes",
        "30",
        "h",
        "-4h",
        "4.h",
        "1,5h",
        "4 h ours",
        "4 businesshours",
        "business 4h",
        "None",
    ],
)
def test_bad_durations_raise_naming_the_examples(text: str) -> None:
    with pytest.raises(ValueError, match="examples") as raised:
        parse_duration(text)
    assert DURATION_EXAMPLES in str(raised.value)
    assert repr(text) in str(raised.value)


def test_a_number_from_yaml_is_not_a_duration() -> None:
    with pytest.raises(ValueError, match="30m, 4h"):
        parse_duration(30)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("longer", "shorter"),
    [("8h", "240m"), ("2d", "1d"), ("1w", "6d"), ("1.5h", "89m"), ("25h", "1d"), ("1d", "23h")],
)
def test_durations_order_as_quantities(longer: str, shorter: str) -> None:
    assert parse_duration(longer) > parse_duration(shorter)
    assert parse_duration(shorter) < parse_duration(longer)
    assert parse_duration(longer) != parse_duration(shorter)
    assert not parse_duration(longer) <= parse_duration(shorter)


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("480m", "8h"),
        ("90m", "1.5h"),
        ("1d", "24h"),
        ("1w", "7d"),
        ("60 minutes", "1 hour"),
        ("1 business day", "8 business hours"),
    ],
)
def test_equal_quantities_written_differently_are_equal(one: str, other: str) -> None:
    assert parse_duration(one) == parse_duration(other)
    assert parse_duration(one) <= parse_duration(other) <= parse_duration(one)
    assert len({parse_duration(one), parse_duration(other)}) == 1


def test_sorting_and_max_use_quantities() -> None:
    written = ["2d", "30m", "8h", "1w", "240m", "1.5h"]
    ordered = sorted(parse_duration(text) for text in written)
    assert [str(duration) for duration in ordered] == ["30m", "1.5h", "240m", "8h", "2d", "1w"]
    assert str(max(parse_duration(text) for text in written)) == "1w"


def test_business_time_is_spread_over_the_working_week() -> None:
    # 40 working hours a week: one business hour is 168 / 40 = 4.2 elapsed hours.
    four_business_hours = parse_duration("4 business hours")
    assert four_business_hours.elapsed_minutes() == pytest.approx(240 * 4.2)
    assert parse_duration("30m").elapsed_minutes() == 30
    assert four_business_hours.elapsed_minutes(working_hours_per_week=168) == 240


def test_business_and_elapsed_durations_compare_through_elapsed_minutes() -> None:
    assert parse_duration("4 business hours") > parse_duration("8h")
    assert parse_duration("4 business hours") < parse_duration("1d")
    assert parse_duration("2 business days") > parse_duration("2d")
    assert parse_duration("5 business days") == parse_duration("1w")
    assert parse_duration("4 business hours") != parse_duration("4h")


def test_durations_do_not_compare_with_other_types() -> None:
    duration = parse_duration("1h")
    assert duration != "1h"
    assert duration != 60
    with pytest.raises(TypeError):
        _ = duration < 60  # type: ignore[operator]


def test_duration_is_a_plain_value() -> None:
    assert parse_duration("8h") == Duration(480, False, "8h")
    assert parse_duration("4 business hours").business is True


# --- recurring deadlines ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("daily at 17:00", "daily"),
        ("daily", "daily"),
        ("weekly on friday", "weekly"),
        ("weekly on monday at 09:30", "weekly"),
        ("monthly on day 25", "monthly"),
        ("monthly on day 1 at 08:00", "monthly"),
        ("monthly on the last day", "monthly"),
        ("monthly on working day 3", "monthly"),
        ("monthly on the last working day", "monthly"),
        ("monthly on the last working day at 12:00", "monthly"),
        ("Monthly  on   Day 25", "monthly"),
        ("  WEEKLY ON FRIDAY AT 17:00 ", "weekly"),
    ],
)
def test_parse_deadline_forms(text: str, period: str) -> None:
    deadline = parse_deadline(text)
    assert deadline.period == period
    assert deadline.text == text


def test_deadline_case_and_spacing_do_not_change_its_position() -> None:
    written = parse_deadline("  Monthly  on   Day 25 AT 17:00")
    assert written.position == parse_deadline("monthly on day 25 at 17:00").position


@pytest.mark.parametrize(
    ("earlier", "later"),
    [
        ("monthly on day 20", "monthly on day 25"),
        ("monthly on day 25 at 09:00", "monthly on day 25"),  # no time: the end of the day
        ("monthly on day 25 at 09:00", "monthly on day 25 at 17:00"),
        ("monthly on day 24", "monthly on day 25 at 00:30"),
        ("monthly on day 2", "monthly on working day 3"),
        ("monthly on working day 3", "monthly on day 5"),
        ("monthly on working day 1", "monthly on working day 2"),
        ("monthly on day 25", "monthly on the last working day"),
        ("monthly on the last working day", "monthly on the last day"),
        ("weekly on monday", "weekly on friday"),
        ("weekly on friday at 17:00", "weekly on friday"),
        ("weekly on friday", "weekly on saturday at 00:01"),
        ("daily at 09:00", "daily at 17:00"),
        ("daily at 17:00", "daily"),
        ("daily at 23:59", "daily at 24:00"),
    ],
)
def test_is_earlier_than(earlier: str, later: str) -> None:
    assert parse_deadline(earlier).is_earlier_than(parse_deadline(later))
    assert not parse_deadline(later).is_earlier_than(parse_deadline(earlier))


def test_the_same_deadline_is_not_earlier_than_itself() -> None:
    day_25 = parse_deadline("monthly on day 25")
    assert not day_25.is_earlier_than(parse_deadline("Monthly on day 25"))
    assert not parse_deadline("daily").is_earlier_than(parse_deadline("daily at 24:00"))


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("weekly on monday", "monthly on day 25"),
        ("daily at 09:00", "weekly on friday"),
        ("daily at 09:00", "monthly on the last day"),
    ],
)
def test_deadlines_of_different_periods_are_not_comparable(one: str, other: str) -> None:
    assert not parse_deadline(one).is_earlier_than(parse_deadline(other))
    assert not parse_deadline(other).is_earlier_than(parse_deadline(one))


@pytest.mark.parametrize(
    "text",
    [
        "",
        "monthly on the 25th",
        "fortnightly",
        "weekly on funday",
        "every friday",
        "daily at 9:00",
        "monthly on day",
        "monthly day 25",
        "25",
    ],
)
def test_unreadable_deadlines_raise_naming_the_examples(text: str) -> None:
    with pytest.raises(ValueError) as raised:
        parse_deadline(text)
    assert DEADLINE_EXAMPLES in str(raised.value)


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("weekly", "which day"),
        ("weekly on day 5", "which day"),
        ("monthly", "which day"),
        ("daily on friday", "daily deadline takes only a time"),
        ("daily on day 3", "daily deadline takes only a time"),
        ("daily on the last day", "daily deadline takes only a time"),
        ("monthly on day 0", "1 to 31"),
        ("monthly on day 32", "1 to 31"),
        ("monthly on working day 0", "1 to 23"),
        ("monthly on working day 24", "1 to 23"),
        ("daily at 25:00", "time of day"),
        ("daily at 24:30", "time of day"),
        ("weekly on friday at 17:60", "time of day"),
    ],
)
def test_impossible_deadlines_raise_saying_why(text: str, says: str) -> None:
    with pytest.raises(ValueError, match=says):
        parse_deadline(text)


# --- cadences ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "count", "unit", "months"),
    [
        ("daily", 1, "day", None),
        ("weekly", 1, "week", None),
        ("monthly", 1, "month", 1),
        ("quarterly", 1, "quarter", 3),
        ("yearly", 1, "year", 12),
        ("annually", 1, "year", 12),
        ("every 6 months", 6, "month", 6),
        ("every month", 1, "month", 1),
        ("every 2 weeks", 2, "week", None),
        ("every 3 days", 3, "day", None),
        ("every 2 quarters", 2, "quarter", 6),
        ("every 2 years", 2, "year", 24),
        ("every 1 year", 1, "year", 12),
        ("Every  6   Months", 6, "month", 6),
        (" QUARTERLY ", 1, "quarter", 3),
    ],
)
def test_parse_cadence(text: str, count: int, unit: str, months: int | None) -> None:
    cadence = parse_cadence(text)
    assert (cadence.count, cadence.unit, cadence.months) == (count, unit, months)
    assert cadence.text == text


def test_cadence_approximate_days_order_cadences() -> None:
    written = ("weekly", "every 2 weeks", "monthly", "quarterly", "every 6 months", "yearly")
    days = [parse_cadence(text).approx_days for text in written]
    assert days == sorted(days)
    assert parse_cadence("yearly").approx_days == pytest.approx(365.25)
    assert parse_cadence("every 4 quarters").approx_days == parse_cadence("yearly").approx_days


@pytest.mark.parametrize(
    "text",
    [
        "",
        "biweekly",
        "every six months",
        "6 months",
        "every 6 fortnights",
        "every -1 months",
        "every",
        "monthly on day 25",
        "every 1.5 months",
    ],
)
def test_bad_cadences_raise_naming_the_examples(text: str) -> None:
    with pytest.raises(ValueError) as raised:
        parse_cadence(text)
    assert CADENCE_EXAMPLES in str(raised.value)


def test_a_zero_cadence_raises() -> None:
    with pytest.raises(ValueError, match="1 to 999"):
        parse_cadence("every 0 months")


@pytest.mark.parametrize("unit", ["days", "weeks", "months", "quarters", "years"])
def test_cadence_count_is_bounded(unit: str) -> None:
    assert parse_cadence(f"every {MAX_CADENCE_COUNT} {unit}").count == MAX_CADENCE_COUNT
    for count in (MAX_CADENCE_COUNT + 1, 99999999999):
        with pytest.raises(ValueError, match="1 to 999"):
            parse_cadence(f"every {count} {unit}")


@pytest.mark.parametrize("unit", ["days", "weeks", "months", "quarters", "years"])
def test_the_largest_cadence_after_the_last_date_is_still_a_date(unit: str) -> None:
    # The bounds are chosen so that no accepted value can overflow a computation.
    later = add_cadence(LAST_DATE, parse_cadence(f"every {MAX_CADENCE_COUNT} {unit}"))
    assert LAST_DATE < later < date.max


@pytest.mark.parametrize(
    ("start", "cadence", "expected"),
    [
        (date(2026, 1, 31), "monthly", date(2026, 2, 28)),
        (date(2024, 1, 31), "monthly", date(2024, 2, 29)),
        (date(2026, 11, 30), "quarterly", date(2027, 2, 28)),
        (date(2026, 12, 31), "yearly", date(2027, 12, 31)),
        (date(2026, 12, 31), "every 2 weeks", date(2027, 1, 14)),
        (date(9999, 11, 30), "monthly", date(9999, 12, 30)),
    ],
)
def test_add_cadence(start: date, cadence: str, expected: date) -> None:
    assert add_cadence(start, parse_cadence(cadence)) == expected


@pytest.mark.parametrize(
    ("start", "cadence"),
    [
        (date(9999, 12, 31), "yearly"),
        (date(9999, 12, 31), "monthly"),
        (date(9999, 12, 31), "daily"),
        (date(9999, 12, 1), "every 5 weeks"),
        (date(2026, 1, 1), "every 999 years"),  # fine: the guard below is for larger input
    ],
)
def test_add_cadence_past_year_9999_raises_a_value_error_naming_both(
    start: date, cadence: str
) -> None:
    parsed = parse_cadence(cadence)
    if start.year < 9999:
        assert add_cadence(start, parsed).year == 3025
        return
    with pytest.raises(DateOutOfRange) as raised:
        add_cadence(start, parsed)
    assert isinstance(raised.value, ValueError)
    assert start.isoformat() in str(raised.value)
    assert cadence in str(raised.value)


def test_an_unbounded_cadence_built_by_hand_still_gives_date_out_of_range() -> None:
    from svcstd.durations import Cadence

    for unit in ("day", "month"):
        with pytest.raises(DateOutOfRange):
            add_cadence(date(2026, 1, 1), Cadence(99999999999, unit, "huge"))


@pytest.mark.parametrize(
    ("day", "ok"),
    [
        (FIRST_DATE, True),
        (LAST_DATE, True),
        (date(1899, 12, 31), False),
        (date(3000, 1, 1), False),
        (date(9999, 12, 31), False),
    ],
)
def test_check_date_range(day: date, ok: bool) -> None:
    if ok:
        assert check_date_range(day, "--as-of") == day
    else:
        with pytest.raises(ValueError, match=r"--as-of .* outside"):
            check_date_range(day, "--as-of")
