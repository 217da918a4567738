"""What there is to measure: every target of every standard, with its metrics and calendar."""

from __future__ import annotations

from typing import TYPE_CHECKING

from msgspec import Struct

from svcstd.suggest import did_you_mean

if TYPE_CHECKING:  # the model is built only when measure's cache does not hold the catalogue
    from svcstd.model import Organisation, Standard, Target

ACKNOWLEDGE, RESOLVE, DEADLINE, BY = "acknowledge", "resolve", "deadline", "by"
KINDS = (ACKNOWLEDGE, RESOLVE, DEADLINE, BY)
# The export column that ends the clock of each metric.
END_COLUMN = {
    ACKNOWLEDGE: "first_response",
    RESOLVE: "resolved",
    DEADLINE: "resolved",
    BY: "resolved",
}
# Promises judged by how late the work was against a moment due (limit 0), not by time taken.
DUE_KINDS = (DEADLINE, BY)


class Rule(Struct, frozen=True):
    """A date-relative target's ``by`` (svcstd.model.RelativeDue), as measure keeps it: the
    day counted from, the days after it, whether only working days count, the time, the
    cut-off. svcstd.relative does the arithmetic for measure as for the handbook and lint."""

    relative_to: str  # opened | promised
    day_offset: int = 0
    business_days: bool = False
    at: str | None = None
    cutoff: str | None = None

    @property
    def from_promised(self) -> bool:
        """Counted from the date promised on each request (the export's ``promised``)."""
        return self.relative_to == "promised"


class Metric(Struct, frozen=True):
    """One measured promise: a target's acknowledge time, resolve time or deadline."""

    index: int
    standard: str
    target: str
    kind: str  # acknowledge | resolve | deadline | by
    # The promise as written: '15m', '4 business hours', 'monthly on day 25'; for a
    # date-relative target its words: 'by 17:00 the same business day (...)'.
    limit: str
    seconds: float  # the limit in seconds (0 for a deadline: late by more than 0 s)
    business: bool  # counted on the calendar rather than the clock
    calendar: str
    objective: float | None
    provider: str
    pausable: bool = False  # the target declares when its clock stops (svcstd.terms)
    by: Rule | None = None  # a date-relative target's rule (kind 'by')

    @property
    def end_column(self) -> str:
        return END_COLUMN[self.kind]

    @property
    def uses_calendar(self) -> bool:
        return self.business or self.kind == DEADLINE or bool(self.by and self.by.business_days)

    def counts_from(self, column: str) -> bool:
        """Whether the moment this metric is due depends on the export's ``column``."""
        if column == "opened":
            return True
        return column == "promised" and self.by is not None and self.by.from_promised


class Catalogue(Struct, frozen=True):
    """Metrics by 'standard/target', and the calendar each standard counts on."""

    metrics: list[Metric]
    by_key: dict[str, list[Metric]]
    standards: dict[str, set[str]]

    def unknown(self, key: str) -> tuple[str, str, str | None]:
        """Why a 'standard/target' key is unknown: (column, message, hint)."""
        standard, _, target = key.partition("/")
        if not standard:
            return "standard", "no standard given", "fill in the standard's id"
        if standard not in self.standards:
            hint = did_you_mean(standard, self.standards) or "see `svcstd whois` or the handbook"
            return "standard", f"unknown standard {standard!r}", hint
        targets = self.standards[standard]
        if not target:
            return (
                "target",
                f"no target given for {standard!r}",
                f"one of: {', '.join(sorted(targets))}",
            )
        hint = did_you_mean(target, targets) or f"one of: {', '.join(sorted(targets))}"
        return "target", f"standard {standard!r} has no target {target!r}", hint


def calendar_name(org: Organisation, std: Standard, target: Target | None = None) -> str:
    """The calendar a target's business time is counted on (svcstd.terms, docs/format.md)."""
    from svcstd.terms import terms_of

    return terms_of(org, std, target).calendar_name


def build_catalogue(org: Organisation) -> Catalogue:
    """Every measurable metric of every standard in the organisation."""
    from svcstd.terms import terms_of  # imports the model: only when the catalogue is built

    metrics: list[Metric] = []
    by_key: dict[str, list[Metric]] = {}
    for std in org.standards.values():
        for t in std.targets:
            terms = terms_of(org, std, t)
            cal, pausable = terms.calendar_name, terms.pausable
            found = by_key.setdefault(f"{std.id}/{t.id}", [])
            for kind, limit in ((ACKNOWLEDGE, t.acknowledge), (RESOLVE, t.resolve)):
                if limit is not None:
                    found.append(
                        Metric(
                            len(metrics) + len(found),
                            std.id,
                            t.id,
                            kind,
                            limit.text,
                            limit.minutes * 60,
                            limit.business,
                            cal,
                            t.objective,
                            std.provider_id,
                            pausable,
                        )
                    )
            if t.by is not None:
                found.append(_by_metric(len(metrics) + len(found), std, t, cal, pausable))
            if t.deadline is not None:
                found.append(
                    Metric(
                        len(metrics) + len(found),
                        std.id,
                        t.id,
                        DEADLINE,
                        t.deadline.text,
                        0.0,
                        False,
                        cal,
                        t.objective,
                        std.provider_id,
                        pausable,
                    )
                )
            metrics.extend(found)
    standards = {s.id: {t.id for t in s.targets} for s in org.standards.values()}
    return Catalogue(metrics, by_key, standards)


def _by_metric(index: int, std: Standard, t: Target, calendar: str, pausable: bool) -> Metric:
    """A date-relative target's metric: due at the moment its rule gives for each request."""
    from svcstd.relative import words

    assert t.by is not None
    rule = Rule(t.by.relative_to, t.by.day_offset, t.by.business_days, t.by.at, t.by.cutoff)
    return Metric(
        index,
        std.id,
        t.id,
        BY,
        words(t.by),
        0.0,
        False,
        calendar,
        t.objective,
        std.provider_id,
        pausable,
        rule,
    )
