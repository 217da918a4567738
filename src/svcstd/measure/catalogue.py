"""What there is to measure: every target of every standard, with its metrics and calendar."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from svcstd.suggest import did_you_mean

if TYPE_CHECKING:  # the model is built only when measure's cache does not hold the catalogue
    from svcstd.model import Organisation, Standard, Target

ACKNOWLEDGE, RESOLVE, DEADLINE = "acknowledge", "resolve", "deadline"
# The export column that ends the clock of each metric.
END_COLUMN = {ACKNOWLEDGE: "first_response", RESOLVE: "resolved", DEADLINE: "resolved"}


@dataclass(frozen=True)
class Metric:
    """One measured promise: a target's acknowledge time, resolve time or deadline."""

    index: int
    standard: str
    target: str
    kind: str  # acknowledge | resolve | deadline
    limit: str  # the promise as written: '15m', '4 business hours', 'monthly on day 25'
    seconds: float  # the limit in seconds (0 for a deadline: late by more than 0 s)
    business: bool  # counted on the calendar rather than the clock
    calendar: str
    objective: float | None
    provider: str
    pausable: bool = False  # the target declares when its clock stops (svcstd.terms)

    @property
    def end_column(self) -> str:
        return END_COLUMN[self.kind]

    @property
    def uses_calendar(self) -> bool:
        return self.business or self.kind == DEADLINE


@dataclass(frozen=True)
class Catalogue:
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
