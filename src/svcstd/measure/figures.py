"""Measured figures for the other commands: results files of ``svcstd measure --format json``
read back, checked, and summarised per target and month.

The handbook, the digest and ``svcstd due`` all read figures through this module, so they
agree on what a period is (a calendar month of the report's per-month table), which export
the figures come from, and when a target is under its objective. Nothing here needs numpy
or pyarrow: a results file is small JSON.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from msgspec import Struct

from svcstd.errors import UsageError

PERIODS_SHOWN = 6  # months of history shown per target in the handbook
_MONTH = re.compile(r"^[0-9]{4}-(0[1-9]|1[0-2])$")
RESULTS_HINT = "give the JSON that `svcstd measure --format json --out FILE` writes"


class Origin(Struct, frozen=True):
    """Where a results file's figures come from: exports, source, period, judging moment."""

    results: str  # the results file's name
    exports: tuple[str, ...]  # the exports' file names
    source: str
    start: str | None
    stop: str | None
    as_of: str | None
    min_requests: int
    months: tuple[str, ...] = ()  # every month of the period, '2026-01' …, oldest first

    @property
    def span(self) -> str:
        """'2026-01-01 to 2026-06-30' ('…' for an open end)."""
        return f"{self.start or '…'} to {self.stop or '…'}"


class Tally(Struct, frozen=True):
    """Judged requests and how many met the promise, in one month or for one team."""

    label: str  # '2026-05', or the customer team's id
    requests: int
    met: int
    judged: int
    attainment: float | None  # percent, None when nothing was judged


class TargetFigures(Struct, frozen=True):
    """One measured promise of one target over a results file's period."""

    standard: str
    target: str
    metric: str  # acknowledge | resolve | deadline
    promise: str  # '15m', '4 business hours', 'monthly on day 25'
    objective: float | None
    total: Tally
    months: tuple[Tally, ...]  # oldest first
    teams: tuple[Tally, ...]  # by customer team id
    origin: Origin

    @property
    def under(self) -> bool:
        """Under its objective over the whole period."""
        return _under(self.total, self.objective)

    def recent(self, count: int = PERIODS_SHOWN) -> tuple[Tally, ...]:
        """The period's last ``count`` months, oldest first; a month without requests for
        this target is an empty tally, so that a gap shows as a gap."""
        mine = {t.label: t for t in self.months}
        return tuple(mine.get(m, Tally(m, 0, 0, 0, None)) for m in self.origin.months[-count:])

    def under_twice(self) -> tuple[Tally, Tally] | None:
        """The period's last two months when both are under the objective and each has the
        results file's minimum of judged requests (at least one); else None."""
        last_two = self.recent(2)
        if len(last_two) < 2:
            return None
        enough = min(t.judged for t in last_two) >= max(self.origin.min_requests, 1)
        if enough and all(_under(t, self.objective) for t in last_two):
            return last_two[0], last_two[1]
        return None


class Figures(Struct, frozen=True):
    """Every measured promise from one or more results files; a later file's figures for the
    same promise replace an earlier one's."""

    targets: tuple[TargetFigures, ...] = ()

    def of_standard(self, standard: str) -> list[TargetFigures]:
        """The standard's measured promises, in the results file's order."""
        return [f for f in self.targets if f.standard == standard]

    def for_team(self, team: str, standards: set[str]) -> list[tuple[TargetFigures, Tally]]:
        """A customer team's own figures for the standards serving it."""
        found = []
        for figures in self.targets:
            tally = next((t for t in figures.teams if t.label == team), None)
            if figures.standard in standards and tally is not None and tally.judged:
                found.append((figures, tally))
        return found

    @property
    def origins(self) -> list[Origin]:
        """Each results file once, in the order given."""
        return list(dict.fromkeys(f.origin for f in self.targets))


def _under(tally: Tally, objective: float | None) -> bool:
    return objective is not None and tally.attainment is not None and tally.attainment < objective


def month_range(first: str, last: str) -> tuple[str, ...]:
    """Every month from '2026-11' to '2027-02', both included."""
    y1, m1 = (int(x) for x in first[:7].split("-"))
    y2, m2 = (int(x) for x in last[:7].split("-"))
    return tuple(f"{i // 12}-{i % 12 + 1:02d}" for i in range(y1 * 12 + m1 - 1, y2 * 12 + m2))


def results_paths(given: Sequence[Path], settings: dict[str, Any], root: Path) -> list[Path]:
    """The results files to read: those given on the command line, else ``measure.results``
    from svcstd.yaml (a path or a list of paths, relative to the standards folder)."""
    if given:
        return list(given)
    configured = settings.get("results") or []
    if isinstance(configured, str):
        configured = [configured]
    return [root / str(p) for p in configured]


def figures_for(given: Sequence[Path], settings: dict[str, Any], root: Path) -> Figures | None:
    """The figures of --measured, else of ``measure.results``; None when neither is set."""
    paths = results_paths(given, settings, root)
    return load_figures(paths) if paths else None


def load_figures(paths: Sequence[Path]) -> Figures:
    """Read and check results files; a file that is missing or not a report is a usage error."""
    found: dict[tuple[str, str, str], TargetFigures] = {}
    for path in paths:
        for figures in _read(path):
            found[(figures.standard, figures.target, figures.metric)] = figures
    return Figures(tuple(found.values()))


def _read(path: Path) -> list[TargetFigures]:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UsageError(f"{path}: no such results file", RESULTS_HINT) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"{path}: cannot read the results file: {exc}", RESULTS_HINT) from None
    try:
        report = json.loads(text)
    except json.JSONDecodeError as exc:
        raise UsageError(
            f"{path}:{exc.lineno}:{exc.colno}: not JSON: {exc.msg}", RESULTS_HINT
        ) from None
    return _Reader(path).report(report)


class _Reader:
    """Checks a report's shape as it reads it: every problem names the file and the field."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def fail(self, where: str, what: str) -> UsageError:
        return UsageError(f"{self.path}: {where}: {what}", RESULTS_HINT)

    def get(self, data: Any, key: str, kind: type | tuple[type, ...], where: str) -> Any:
        if not isinstance(data, dict) or key not in data:
            raise self.fail(where or "the file", f"no {key!r} field")
        value = data[key]
        # bool is an int in Python; a count of True is not a count.
        if not isinstance(value, kind) or (isinstance(value, bool) and bool not in _kinds(kind)):
            raise self.fail(f"{where}.{key}".lstrip("."), f"not {_kind_name(kind)}")
        return value

    def report(self, data: Any) -> list[TargetFigures]:
        period = self.get(data, "period", dict, "")
        exports = self.get(data, "exports", list, "")
        records = self.get(data, "targets", list, "")
        start = self.get(period, "from", (str, type(None)), "period")
        stop = self.get(period, "to", (str, type(None)), "period")
        origin = Origin(
            self.path.name,
            tuple(Path(str(e)).name for e in exports),
            str(self.get(data, "source", str, "")),
            start,
            stop,
            self.get(period, "as_of", (str, type(None)), "period"),
            int(self.get(data, "min_requests", int, "")),
            self.months(records, start, stop),
        )
        return [self.target(r, f"targets[{i}]", origin) for i, r in enumerate(records)]

    def months(self, records: list[Any], start: str | None, stop: str | None) -> tuple[str, ...]:
        """The period's months: --from to --to, widened to every month that has figures."""
        seen = {str(m) for r in records if isinstance(r, dict)
                for m in (r.get("months") or {}) if _MONTH.match(str(m))}  # fmt: skip
        ends = sorted(seen | {d[:7] for d in (start, stop) if d and _MONTH.match(d[:7])})
        return month_range(ends[0], ends[-1]) if ends else ()

    def target(self, r: Any, where: str, origin: Origin) -> TargetFigures:
        names = [self.get(r, key, str, where) for key in ("standard", "target", "metric")]
        promise = self.get(r, "promise", str, where)
        objective = self.get(r, "objective", (int, float, type(None)), where)
        return TargetFigures(
            names[0],
            names[1],
            names[2],
            promise,
            None if objective is None else float(objective),
            self.tally("period", r, where),
            tuple(self.tallies(r, "months", where)),
            tuple(self.tallies(r, "teams", where)),
            origin,
        )

    def tallies(self, r: Any, key: str, where: str) -> list[Tally]:
        table = self.get(r, key, dict, where)
        return [self.tally(label, row, f"{where}.{key}.{label}") for label, row in table.items()]

    def tally(self, label: str, row: Any, where: str) -> Tally:
        met = self.get(row, "met", int, where)
        judged = met + self.get(row, "breached", int, where)
        judged += self.get(row, "open_breached", int, where)
        attainment = self.get(row, "attainment", (int, float, type(None)), where)
        return Tally(
            label,
            self.get(row, "requests", int, where),
            met,
            judged,
            None if attainment is None else float(attainment),
        )


def _kinds(kind: type | tuple[type, ...]) -> tuple[type, ...]:
    return kind if isinstance(kind, tuple) else (kind,)


def _kind_name(kind: type | tuple[type, ...]) -> str:
    names = {
        dict: "an object",
        list: "a list",
        str: "text",
        int: "a whole number",
        float: "a number",
        type(None): "null",
    }
    return " or ".join(names.get(k, k.__name__) for k in _kinds(kind))


def share(met: int, judged: int, digits: int = 1) -> Decimal | None:
    """``met`` of ``judged`` in percent, rounded half up to ``digits`` decimals; None for 0.

    Every figure shown to people (measure's text, Markdown and CSV reports, the handbook,
    the digest and due) goes through here, so one ratio never reads 82.3% in one place and
    82.4% in another. It rounds the exact fraction in integers: rounding a stored 82.35
    (itself already rounded, and a binary float just under 82.35) would give 82.3 for
    14 of 17 (82.3529...%).
    """
    if judged <= 0:
        return None
    scale = 100 * 10**digits
    units = (2 * scale * met + judged) // (2 * judged)  # half up, exactly
    return Decimal(units).scaleb(-digits)


def percent_text(met: int, judged: int, lang: str = "en", digits: int = 1, empty: str = "-") -> str:
    """'82.4%' ('82,4%' in Indonesian) for ``met`` of ``judged``; ``empty`` when none judged."""
    value = share(met, judged, digits)
    if value is None:
        return empty
    from svcstd.i18n import wording  # the standard library only: cheap for every command

    return wording.number(float(value), lang, digits) + "%"


def attainment_text(tally: Tally) -> str:
    """'95.8% (182 of 190)'; '-' when nothing was judged."""
    if not tally.judged:
        return "-"
    return f"{percent_text(tally.met, tally.judged)} ({tally.met} of {tally.judged})"


def objective_text(objective: float | None) -> str:
    """'95%' or '-'."""
    return "-" if objective is None else f"{objective:g}%"
