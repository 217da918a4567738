"""Calendar rules: a calendar that observes holidays has them for the year being judged."""

from __future__ import annotations

from collections.abc import Iterator

from svcstd.findings import Finding, Severity
from svcstd.lint.context import LintContext
from svcstd.lint.registry import RULES, rule

NO_HOLIDAYS = "calendars/no-holidays-for-year"


@rule(
    NO_HOLIDAYS,
    Severity.WARNING,
    "A calendar with holidays has none in the year being judged.",
    """
    Business time, deadlines moved to the working day before and the
    obligations calendar all skip a calendar's holidays. A calendar that lists
    holidays (as dates, or as a country from the holidays package) but has none
    in the year of --as-of (default today) most likely misses that year's
    decree: every public holiday would count as a working day. Add the year's
    dates, or take them from the package with 'holidays: {country: ID}'; when
    'years' limits the package to some years, add the new year there. A
    calendar without a holidays field (e.g. a 24/7 operation) is not judged.""",
)
def no_holidays_for_year(ctx: LintContext) -> Iterator[Finding]:
    config = ctx.org.config
    year = ctx.as_of.year
    for name, cal in config.calendars.items():
        if not cal.holidays.declared or cal.holidays.in_year(year):
            continue
        path = ("calendars", name, "holidays")
        line, column = config.source.where(path)
        yield Finding(
            config.source.file,
            line,
            column,
            NO_HOLIDAYS,
            RULES[NO_HOLIDAYS].severity,
            f"calendars.{name}.holidays: no holiday in {year}; every day of {year} "
            "counts as a working day",
            f"add the {year} dates, or take them from the holidays package with "
            "'holidays: {country: ID}' (and add the year to 'years' if it is set)",
            path,
        )
