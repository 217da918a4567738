"""Judging every row of an export against its target, a batch at a time, with array arithmetic.

Rows of every target are judged together, one kind of promise (acknowledge, resolve,
deadline) at a time, in a few vectorised passes per calendar. Rows with a data problem
become located findings and are counted as excluded, never dropped silently. Open
requests are judged at the end, once the moment they are judged at (``as of``) is
known, so results do not depend on batch boundaries.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import ClassVar

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc
from msgspec import Struct, field

from svcstd.measure.arrow import indices, mask
from svcstd.measure.calendar import CalendarSpec, WorkCalendar, deadline_moments
from svcstd.measure.catalogue import (
    ACKNOWLEDGE,
    BY,
    DEADLINE,
    END_COLUMN,
    RESOLVE,
    Catalogue,
    Metric,
)
from svcstd.measure.timestamps import BAD, EMPTY, OK, Localiser, Parsed, date_only, parse_column
from svcstd.measure.zones import DAY, offset_table, year_of

Ints = npt.NDArray[np.int64]
_EPOCH = date(1970, 1, 1)  # day 0 of numpy's day numbers
Floats = npt.NDArray[np.float64]
MET, BREACHED, OPEN, OPEN_BREACHED = 0, 1, 2, 3
TIME_COLUMNS = ("opened", "first_response", "resolved", "promised")


class Batch(Struct):
    """Rows of one export in the generic columns (strings), with where they came from."""

    file: str
    first_row: int  # row number of the batch's first row as a spreadsheet shows it
    columns: dict[str, pa.Array]
    formats: tuple[str, ...] | None = None  # strptime formats; None for ISO 8601
    pauses: Pauses | None = None  # pauses found elsewhere (a status history)
    prepared: Prepared | None = None  # set by ``prepare``, on the reading thread

    def __len__(self) -> int:
        return len(self.columns["ticket"])


class Encoded(Struct, frozen=True):
    """A text column as distinct trimmed values and each row's index among them."""

    codes: Ints
    values: list[str]

    @classmethod
    def of(cls, column: pa.Array) -> Encoded:
        """Trimmed values, a missing one as ''; a dictionary column (the CSV reader's
        labels) is trimmed in its dictionary, not row by row."""
        if not pa.types.is_dictionary(column.type):
            column = pc.utf8_trim_whitespace(column.cast(pa.string())).fill_null("")
            column = column.dictionary_encode()
        values = pc.utf8_trim_whitespace(column.dictionary.cast(pa.string())).to_pylist()
        codes = column.indices.fill_null(len(values)).to_numpy(zero_copy_only=False)
        return cls(codes.astype(np.int64), [*values, ""])

    def joined(self, other: Encoded, separator: str = "/") -> Encoded:
        """'value/other' per row, found once per distinct pair of values."""
        width = len(other.values)
        pair = self.codes * width + other.codes
        keys: dict[str, int] = {}
        remap = np.zeros(len(self.values) * width, np.int64)
        for p in _present(pair):
            key = f"{self.values[p // width]}{separator}{other.values[p % width]}"
            remap[p] = keys.setdefault(key, len(keys))
        return Encoded(remap[pair], list(keys))


class Prepared(Struct, frozen=True):
    """What can be worked out of a batch alone, before the measurer sees it: the parsed
    timestamps, the parsed ``paused`` column (and the rows where it is malformed), the
    'standard/target' keys and the customer teams. ``prepare`` does it on the thread that
    reads the export, so that parsing overlaps judging (svcstd.measure.read.prefetched)."""

    times: dict[str, Parsed]
    paused: tuple[Pauses, npt.NDArray[np.bool_]] | None
    keys: Encoded
    teams: Encoded | None


def prepare(batch: Batch, zone: str) -> Batch:
    """Parse and encode what needs nothing but the batch itself (see Prepared)."""
    localiser = Localiser(zone)
    times = {}
    for column in TIME_COLUMNS:
        values = batch.columns.get(column)
        if values is None:
            values = pa.nulls(len(batch), pa.string())
        times[column] = parse_column(values, localiser, batch.formats)
    text = batch.columns.get("paused")
    paused = None if text is None else _parse_pauses(text, localiser, batch.formats)
    keys = Encoded.of(batch.columns["standard"]).joined(Encoded.of(batch.columns["target"]))
    team = batch.columns.get("customer_team")
    teams = None if team is None else Encoded.of(team)
    batch.prepared = Prepared(times, paused, keys, teams)
    return batch


class Pauses(Struct):
    """Intervals during which the clock stops: owning row, start, end (UTC seconds)."""

    row: Ints
    start: Ints
    end: Ints

    @classmethod
    def empty(cls) -> Pauses:
        return cls(np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, np.int64))

    def of(self, rows: Ints) -> Pauses:
        """The pauses of some rows (sorted), renumbered by position in ``rows``."""
        if self.row.size == 0:
            return self
        at = np.searchsorted(rows, self.row)
        keep = at < len(rows)
        keep[keep] = rows[at[keep]] == self.row[keep]
        return Pauses(at[keep], self.start[keep], self.end[keep])


class FindingGroup(Struct):
    """One data problem found on many rows of one file and column."""

    file: str
    code: str
    column: str
    rows: Ints
    message: str
    hint: str | None = None
    severity: str = "warning"


class Period(Struct):
    """Which requests count (opened in [start, stop)) and when open ones are judged."""

    start: int | None = None
    stop: int | None = None
    as_of: int | None = None


class Outcomes(Struct):
    """Judged (row, metric) pairs, column by column."""

    metric: list[npt.NDArray[np.int32]] = field(default_factory=list)
    status: list[npt.NDArray[np.int8]] = field(default_factory=list)
    value: list[Floats] = field(default_factory=list)  # seconds (late by, for deadlines)
    month: list[npt.NDArray[np.int32]] = field(default_factory=list)
    team: list[npt.NDArray[np.int32]] = field(default_factory=list)
    ticket: list[Ints] = field(default_factory=list)  # rows in ``names``, over all batches
    names: list[pa.Array] = field(default_factory=list)  # each batch's ticket column

    def add(
        self, metric: Ints, status: Ints, value: Floats, month: Ints, team: Ints, ticket: Ints
    ) -> None:
        self.metric.append(metric.astype(np.int32))
        self.status.append(status.astype(np.int8))
        self.value.append(value.astype(np.float64))
        self.month.append(month.astype(np.int32))
        self.team.append(team.astype(np.int32))
        self.ticket.append(ticket)


class _Open(Struct):
    """Open requests of one metric, judged once ``as of`` is known."""

    metric: Ints  # index of each row's metric in the catalogue
    opened: Ints
    due: Ints | None
    pauses: Pauses
    month: Ints
    team: Ints
    ticket: Ints


class Measurer:
    """Accumulates judged rows and findings over any number of batches."""

    def __init__(
        self, catalogue: Catalogue, calendars: dict[str, CalendarSpec], zone: str, period: Period
    ) -> None:
        self.catalogue, self.calendars, self.period = catalogue, calendars, period
        self.zone = Localiser(zone)
        self.outcomes = Outcomes()
        self.findings: list[FindingGroup] = []
        self.excluded = np.zeros(len(catalogue.metrics), np.int64)
        self.outside_period = 0
        self.rows = 0
        self.latest: int | None = None
        self.teams: dict[str, int] = {}
        self._open: list[_Open] = []
        self._first_ticket = 0
        self._deadlines: dict[tuple[int, date, date], Ints] = {}
        # Each metric's limit, clock and calendar as arrays, looked up per row.
        self._limit = np.array([m.seconds for m in catalogue.metrics] or [0.0])
        self._business = np.array([m.business for m in catalogue.metrics] or [False])
        self._calendar_names = sorted(calendars)
        self._calendar_of = np.array(
            [self._calendar_names.index(m.calendar) for m in catalogue.metrics] or [0]
        )
        self._laid_out: dict[str, WorkCalendar] = {}  # per batch: each calendar laid out once
        self._span: Ints = np.zeros(0, np.int64)

    # -- one batch -------------------------------------------------------------------------

    def add(self, batch: Batch) -> None:
        """Judge one batch of rows."""
        self._first_ticket = sum(len(names) for names in self.outcomes.names)
        self.outcomes.names.append(batch.columns["ticket"].cast(pa.string()))
        self.rows += len(batch)
        prepared = batch.prepared or prepare(batch, self.zone.zone).prepared
        assert prepared is not None
        times = prepared.times
        opened = times["opened"]
        in_period = self._in_period(opened)
        self.outside_period += int(np.count_nonzero((opened.state == OK) & ~in_period))
        bad = self._timestamp_findings(batch, times, in_period)
        pauses, bad_pause = self._pauses(batch, prepared.paused, in_period)
        bad |= bad_pause
        bad |= self._missing(batch, "ticket", in_period)
        bad |= self._before_opened(batch, times, in_period)
        codes, metrics_of = self._targets(batch, prepared.keys, in_period)
        self._undeclared_pauses(batch, pauses, codes, metrics_of, in_period)
        team = self._teams(batch, prepared.teams)
        month = self._months(opened.seconds)
        self._start_span(times, in_period & ~bad)
        known = np.array([m is not None for m in metrics_of] or [False])[codes] & in_period
        candidate = known & ~bad
        usable = candidate & ~self._outside_calendar(batch, times, metrics_of, codes, candidate)
        dropped = codes[known & ~usable]
        lookups = {
            kind: np.array([_index_of(m, kind) for m in metrics_of] or [-1], np.int64)
            for kind in (ACKNOWLEDGE, RESOLVE, DEADLINE, BY)
        }
        for lookup in lookups.values():
            hit = lookup[dropped]
            self.excluded += np.bincount(hit[hit >= 0], minlength=len(self.excluded))
        self._still_open(batch, times, np.flatnonzero(usable))
        for kind, lookup in lookups.items():
            metric = np.where(usable, lookup[codes], -1)
            if kind == BY:
                self._without_promised(batch, metric, times)
            rows = np.flatnonzero(metric >= 0)
            if rows.size:
                self._judge(kind, metric[rows], rows, times, pauses.of(rows), month, team)
        self._note_latest(times, in_period & ~bad)

    def _in_period(self, opened: Parsed) -> npt.NDArray[np.bool_]:
        keep = opened.state == OK
        if self.period.start is not None:
            keep &= opened.seconds >= self.period.start
        if self.period.stop is not None:
            keep &= opened.seconds < self.period.stop
        return np.asarray(keep, np.bool_)

    def _report(
        self,
        batch: Batch,
        code: str,
        column: str,
        rows: Ints,
        message: str,
        hint: str | None = None,
        severity: str = "warning",
    ) -> None:
        if len(rows):
            located = rows.astype(np.int64) + batch.first_row
            self.findings.append(
                FindingGroup(batch.file, code, column, located, message, hint, severity)
            )

    def _timestamp_findings(
        self, batch: Batch, times: dict[str, Parsed], in_period: npt.NDArray[np.bool_]
    ) -> npt.NDArray[np.bool_]:
        opened = times["opened"]
        bad = opened.state != OK
        self._report(
            batch,
            "missing-value",
            "opened",
            np.flatnonzero(opened.state == EMPTY),
            "no opening time",
            "every request needs the moment it was opened",
        )
        consider = in_period | bad
        hint = _format_hint(batch)
        for column, parsed in times.items():
            wrong = (parsed.state == BAD) & consider
            if column in batch.columns:
                self._report(
                    batch,
                    "bad-timestamp",
                    column,
                    np.flatnonzero(wrong),
                    f"{column} is not a timestamp",
                    hint,
                )
            bad |= wrong
        return np.asarray(bad, np.bool_)

    def _missing(
        self, batch: Batch, column: str, in_period: npt.NDArray[np.bool_]
    ) -> npt.NDArray[np.bool_]:
        values = pc.utf8_trim_whitespace(batch.columns[column].cast(pa.string()))
        empty = pc.fill_null(pc.equal(values, ""), True).to_numpy(zero_copy_only=False) & in_period
        self._report(
            batch,
            "missing-value",
            column,
            np.flatnonzero(empty),
            f"no {column}",
            f"fill in the {column} column",
        )
        return np.asarray(empty, np.bool_)

    def _before_opened(
        self, batch: Batch, times: dict[str, Parsed], in_period: npt.NDArray[np.bool_]
    ) -> npt.NDArray[np.bool_]:
        opened = times["opened"]
        bad = np.zeros(len(batch), np.bool_)
        for column in ("first_response", "resolved"):
            end = times[column]
            early = in_period & (end.state == OK) & (end.seconds < opened.seconds)
            self._report(
                batch,
                "before-opened",
                column,
                np.flatnonzero(early),
                f"{column} is earlier than opened",
                "check the export's time zone and the order of the two columns",
            )
            bad |= early
        return np.asarray(bad, np.bool_)

    def _pauses(
        self,
        batch: Batch,
        paused: tuple[Pauses, npt.NDArray[np.bool_]] | None,
        in_period: npt.NDArray[np.bool_],
    ) -> tuple[Pauses, npt.NDArray[np.bool_]]:
        bad = np.zeros(len(batch), np.bool_)
        found = [batch.pauses] if batch.pauses is not None else []
        if paused is not None:
            parsed, wrong = paused
            wrong = wrong & in_period
            self._report(
                batch,
                "bad-pause",
                "paused",
                np.flatnonzero(wrong),
                "paused is not a list of start/end intervals",
                "write ISO intervals separated by ';', e.g. 2026-03-02T12:00/2026-03-02T13:00",
            )
            bad |= wrong
            found.append(parsed)
        if not found:
            return Pauses.empty(), bad
        rows = np.concatenate([p.row for p in found])
        order = np.argsort(rows, kind="stable")
        start = np.concatenate([p.start for p in found])[order]
        end = np.concatenate([p.end for p in found])[order]
        return Pauses(rows[order], start, end), bad

    def _targets(
        self, batch: Batch, keys: Encoded, in_period: npt.NDArray[np.bool_]
    ) -> tuple[Ints, list[list[Metric] | None]]:
        codes = keys.codes
        metrics_of: list[list[Metric] | None] = []
        for code, key in enumerate(keys.values):
            metrics_of.append(self.catalogue.by_key.get(key))
            if metrics_of[-1] is None:
                column, message, hint = self.catalogue.unknown(key)
                self._report(
                    batch,
                    f"unknown-{column}",
                    column,
                    np.flatnonzero((codes == code) & in_period),
                    message,
                    hint,
                )
        return codes, metrics_of

    def _undeclared_pauses(
        self,
        batch: Batch,
        pauses: Pauses,
        codes: Ints,
        metrics_of: list[list[Metric] | None],
        in_period: npt.NDArray[np.bool_],
    ) -> None:
        """Report rows the export pauses although their target declares no pause.

        The standard says when its clock may stop (``pauses``, svcstd.terms); a pause
        the standard does not allow flatters the provider, so it is reported (the
        figures still subtract it, as the desk did).
        """
        undeclared = np.array([_undeclared(m) for m in metrics_of] or [False])
        # The rows with a pause, as an array (not a list of Python numbers: thousands of them).
        rows = np.flatnonzero(np.bincount(pauses.row)) if pauses.row.size else pauses.row
        rows = rows[undeclared[codes[rows]] & in_period[rows]]
        self._report(
            batch,
            "undeclared-pause",
            "paused",
            rows,
            "the export stops the clock, but the target declares no pause",
            "declare when the clock stops under the target's 'pauses' (svcstd docs format), "
            "or stop pausing these requests in the service desk",
            severity="info",
        )

    def _teams(self, batch: Batch, teams: Encoded | None) -> Ints:
        if teams is None:
            return np.full(len(batch), -1, np.int64)
        lookup = np.array(
            [self.teams.setdefault(t, len(self.teams)) if t else -1 for t in teams.values] or [-1],
            np.int64,
        )
        return np.asarray(lookup[teams.codes], np.int64)

    def _months(self, opened: Ints) -> Ints:
        if opened.size == 0:
            return np.zeros(0, np.int64)
        days = self.zone.table(opened).to_local(opened) // DAY
        # Each day's month, found once per day of the batch's span rather than per row.
        first = int(days.min())
        span = np.arange(first, int(days.max()) + 1).astype("datetime64[D]")
        return np.asarray(span.astype("datetime64[M]").astype(np.int64)[days - first], np.int64)

    def _outside_calendar(
        self,
        batch: Batch,
        times: dict[str, Parsed],
        metrics_of: list[list[Metric] | None],
        codes: Ints,
        rows: npt.NDArray[np.bool_],
    ) -> npt.NDArray[np.bool_]:
        """Rows with a timestamp in a year their calendar lists no holidays for."""
        outside = np.zeros(len(codes), np.bool_)
        for name, spec in self.calendars.items():
            years = spec.known_years
            if years is None:
                continue
            low, high = (self._local_midnight(date(y, 1, 1)) for y in (years[0], years[1] + 1))
            for column in ("opened", "first_response", "resolved", "promised"):
                checked = np.array([_counts_on(m, name, column) for m in metrics_of] or [False])
                parsed = times[column]
                out = rows & checked[codes] & (parsed.state == OK)
                out &= (parsed.seconds < low) | (parsed.seconds >= high)
                self._report(
                    batch,
                    "outside-calendar",
                    column,
                    np.flatnonzero(out),
                    f"{column} is outside the years calendar {name!r} lists holidays"
                    f" for ({years[0]}-{years[1]})",
                    "add that year's holidays to the calendar in svcstd.yaml,"
                    " or leave the row out of the period",
                )
                outside |= out
        return outside

    def _local_midnight(self, day: date) -> int:
        local = np.array([int(np.datetime64(day, "D").astype(np.int64)) * DAY], np.int64)
        return int(self.zone.to_utc(local)[0])

    def _still_open(self, batch: Batch, times: dict[str, Parsed], rows: Ints) -> None:
        open_rows = rows[times["resolved"].state[rows] == EMPTY]
        self._report(
            batch,
            "still-open",
            "resolved",
            open_rows,
            "not resolved yet (counted as open)",
            None,
            "info",
        )

    def _note_latest(self, times: dict[str, Parsed], usable: npt.NDArray[np.bool_]) -> None:
        for column in ("opened", "first_response", "resolved"):
            parsed = times[column]
            seen = parsed.seconds[usable & (parsed.state == OK)]
            if seen.size:
                top = int(seen.max())
                self.latest = top if self.latest is None else max(self.latest, top)

    # -- judging ---------------------------------------------------------------------------

    def _judge(
        self,
        kind: str,
        metric: Ints,
        rows: Ints,
        times: dict[str, Parsed],
        pauses: Pauses,
        month: Ints,
        team: Ints,
    ) -> None:
        """Judge the rows of every target for one kind of promise at once."""
        opened = times["opened"].seconds[rows]
        end = times[END_COLUMN[kind]]
        closed = end.state[rows] == OK
        due = self.DUE[kind](self, metric, rows, times) if kind in self.DUE else None
        ticket = rows + self._first_ticket
        done = np.flatnonzero(closed)
        if done.size:
            value = self._value(
                metric[done],
                opened[done],
                end.seconds[rows][done],
                pauses.of(done),
                None if due is None else due[done],
            )
            status = np.where(value <= self._limit[metric[done]], MET, BREACHED)
            rows_done = rows[done]
            self.outcomes.add(
                metric[done], status, value, month[rows_done], team[rows_done], ticket[done]
            )
        waiting = np.flatnonzero(~closed)
        if waiting.size:
            self._open.append(
                _Open(
                    metric[waiting],
                    opened[waiting],
                    None if due is None else due[waiting],
                    pauses.of(waiting),
                    month[rows[waiting]],
                    team[rows[waiting]],
                    ticket[waiting],
                )
            )

    def _due(self, metric: Ints, rows: Ints, times: dict[str, Parsed]) -> Ints:
        """When each occurrence was due: the promised day, else the next deadline after opening."""
        opened = times["opened"].seconds[rows]
        promised = times["promised"]
        first, last = self._dates(opened)
        table = offset_table(self.zone.zone, first.year - 1, last.year + 1)
        due = np.zeros(len(rows), np.int64)
        for index in _present(metric):
            one = self.catalogue.metrics[index]
            spec = self.calendars[one.calendar]
            mine = metric == index
            key = (index, first, last)
            if key not in self._deadlines:
                self._deadlines[key] = deadline_moments(
                    one.limit, spec, table, first, last + timedelta(days=45)
                )
            moments = self._deadlines[key]
            if moments.size == 0:  # a calendar without a single working day
                moments = opened[:1]
            at = np.searchsorted(moments, opened[mine], side="left")
            due[mine] = moments[np.minimum(at, len(moments) - 1)]
        given = promised.state[rows] == OK
        if given.any():
            at = promised.seconds[rows]
            # A promised day without a time is kept until the end of that day.
            local_end = table.to_local(at) + DAY
            at = np.where(date_only(promised.text.take(indices(rows))), table.to_utc(local_end), at)
            due = np.where(given, at, due)
        return due

    def _relative_due(self, metric: Ints, rows: Ints, times: dict[str, Parsed]) -> Ints:
        """When each request of a date-relative target was due, by svcstd.relative's rule.

        The day counted from is the local day of ``opened`` (the next one after the
        cut-off) or of ``promised``; the due day is found once per distinct day with the
        same code the handbook and lint use, on the target's calendar, then ``at`` (or the
        end of the day) is added in local time.
        """
        from svcstd.relative import clock_minutes, due_day

        due = np.zeros(len(rows), np.int64)
        for index in _present(metric):
            one = self.catalogue.metrics[index]
            rule = one.by
            assert rule is not None
            mine = metric == index
            column = "promised" if rule.from_promised else "opened"
            start = times[column].seconds[rows[mine]]
            table = offset_table(self.zone.zone, year_of(int(start.min())) - 1,
                                 year_of(int(start.max())) + 2)  # fmt: skip
            local = table.to_local(start)
            day = local // DAY
            if rule.cutoff is not None and not rule.from_promised:
                # As svcstd.relative.due_moment: the minute of opening, seconds ignored.
                day += (local % DAY) // 60 > clock_minutes(rule.cutoff)
            working = self.calendars[one.calendar].is_working
            first = int(day.min())
            days = np.zeros(int(day.max()) - first + 1, np.int64)
            for n in _present(day - first):
                start_day = _EPOCH + timedelta(days=first + n)
                days[n] = (due_day(rule, start_day, None, working=working) - _EPOCH).days
            due_local = days[day - first] * DAY + clock_minutes(rule.at) * 60
            due[mine] = table.to_utc(due_local)
        return due

    def _without_promised(self, batch: Batch, metric: Ints, times: dict[str, Parsed]) -> None:
        """Leave out, as a located finding, rows of a target counted from the promised date
        that have none; they are excluded from that target only (``metric`` set to -1)."""
        needs = np.array([bool(m.by and m.by.from_promised) for m in self.catalogue.metrics]
                         or [False])  # fmt: skip
        lacking = (metric >= 0) & needs[np.maximum(metric, 0)]
        lacking &= times["promised"].state == EMPTY
        rows = np.flatnonzero(lacking)
        self._report(
            batch,
            "missing-value",
            "promised",
            rows,
            "no promised date for a target counted from it",
            "fill in the promised column with the day promised to the customer, e.g. 2026-03-05",
        )
        self.excluded += np.bincount(metric[rows], minlength=len(self.excluded))
        metric[rows] = -1

    # How the moment due is found per kind of promise judged by lateness.
    DUE: ClassVar[dict[str, Callable[[Measurer, Ints, Ints, dict[str, Parsed]], Ints]]] = {
        DEADLINE: _due,
        BY: _relative_due,
    }

    def _dates(self, moments: Ints) -> tuple[date, date]:
        local = self.zone.table(moments).to_local(moments)
        first = date(1970, 1, 1) + timedelta(days=int(local.min() // DAY))
        last = date(1970, 1, 1) + timedelta(days=int(local.max() // DAY))
        return first, last

    def _value(
        self, metric: Ints, opened: Ints, end: Ints, pauses: Pauses, due: Ints | None
    ) -> Floats:
        """The measured time of each request: seconds taken, or seconds late for a deadline."""
        if due is not None:
            return (end - due).astype(np.float64)
        p_open, p_end = opened[pauses.row], end[pauses.row]
        p_start, p_stop = np.maximum(pauses.start, p_open), np.minimum(pauses.end, p_end)
        p_stop = np.maximum(p_stop, p_start)
        taken = end - opened
        paused = p_stop - p_start
        calendar = np.where(self._business[metric], self._calendar_of[metric], -1)
        # Business time: one pass per calendar over all rows that count on it.
        for index in _present(calendar[calendar >= 0]):
            mine = calendar == index
            cal = self._calendar(self._calendar_names[index], opened, end)
            taken[mine] = cal.between(opened[mine], end[mine])
            theirs = mine[pauses.row]
            paused[theirs] = cal.between(p_start[theirs], p_stop[theirs])
        taken = taken - np.bincount(pauses.row, paused.astype(np.float64), minlength=len(opened))
        return np.asarray(np.maximum(taken, 0), np.float64)

    def _start_span(self, times: dict[str, Parsed], usable: npt.NDArray[np.bool_]) -> None:
        """The batch's first and last moments: each calendar is laid out once over them."""
        seen = [p.seconds[usable & (p.state == OK)] for p in times.values()]
        moments = np.concatenate(seen)
        self._span = np.array([moments.min(), moments.max()]) if moments.size else moments
        self._laid_out = {}

    def _calendar(self, name: str, start: Ints, end: Ints) -> WorkCalendar:
        """The calendar laid out over moments from ``start`` to ``end`` (at least)."""
        span = np.array([min(start.min(), end.min()), max(start.max(), end.max())], np.int64)
        if self._span.size and span[0] >= self._span[0] and span[1] <= self._span[1]:
            if name not in self._laid_out:
                self._laid_out[name] = self._lay_out(name, self._span)
            return self._laid_out[name]
        return self._lay_out(name, span)

    def _lay_out(self, name: str, moments: Ints) -> WorkCalendar:
        first, last = self._dates(moments)
        table = offset_table(
            self.zone.zone, year_of(int(moments.min())) - 1, year_of(int(moments.max())) + 1
        )
        return WorkCalendar.build(self.calendars[name], table, first, last)

    # -- the end ---------------------------------------------------------------------------

    def absorb(self, other: Measurer) -> None:
        """Take over what another measurer judged (batches judged on another thread).

        Its rows of ticket names follow this one's, and its customer teams are renumbered
        into this one's; nothing else depends on which measurer judged a row.
        """
        offset = sum(len(names) for names in self.outcomes.names)
        remap = np.full(len(other.teams) + 1, -1, np.int64)  # the last entry: no team (-1)
        for name, index in other.teams.items():
            remap[index] = self.teams.setdefault(name, len(self.teams))
        mine, theirs = self.outcomes, other.outcomes
        mine.names += theirs.names
        mine.ticket += [t + offset for t in theirs.ticket]
        mine.team += [remap[t].astype(np.int32) for t in theirs.team]
        mine.metric += theirs.metric
        mine.status += theirs.status
        mine.value += theirs.value
        mine.month += theirs.month
        for waiting in other._open:
            waiting.ticket, waiting.team = waiting.ticket + offset, remap[waiting.team]
        self._open += other._open
        self.findings += other.findings
        self.excluded += other.excluded
        self.outside_period += other.outside_period
        self.rows += other.rows
        if other.latest is not None:
            self.latest = other.latest if self.latest is None else max(self.latest, other.latest)

    def as_of(self) -> int | None:
        """When open requests are judged: --as-of, the period's end, else the latest timestamp."""
        if self.period.as_of is not None:
            return self.period.as_of
        if self.period.stop is not None:
            return self.period.stop
        return self.latest

    def finish(self) -> Outcomes:
        """Judge the open requests and return every outcome."""
        as_of = self.as_of()
        for waiting in self._open:
            if as_of is None:
                break
            end = np.maximum(np.full(len(waiting.opened), as_of, np.int64), waiting.opened)
            value = self._value(waiting.metric, waiting.opened, end, waiting.pauses, waiting.due)
            status = np.where(value <= self._limit[waiting.metric], OPEN, OPEN_BREACHED)
            self.outcomes.add(
                waiting.metric, status, value, waiting.month, waiting.team, waiting.ticket
            )
        self._open = []
        return self.outcomes


def _undeclared(metrics: list[Metric] | None) -> bool:
    """True for a known target with metrics whose standard declares no pause for it."""
    return bool(metrics) and not metrics[0].pausable  # type: ignore[index]


def _present(values: Ints) -> list[int]:
    """The distinct small non-negative integers in an array, in order.

    ``np.unique`` would do, but it imports ``numpy.ma`` to ask whether the array is masked,
    a twentieth of a second of a small run's start-up (see svcstd.measure.arrow).
    """
    if values.size == 0:
        return []
    return [int(i) for i in np.flatnonzero(np.bincount(values))]


def _counts_on(metrics: list[Metric] | None, calendar: str, column: str) -> bool:
    """Whether a target's rows need this column on this calendar (opened, or a metric's end)."""
    used = [m for m in metrics or () if m.uses_calendar and m.calendar == calendar]
    return any(m.end_column == column or m.counts_from(column) for m in used)


def _index_of(metrics: list[Metric] | None, kind: str) -> int:
    """The catalogue index of a target's metric of one kind, or -1."""
    return next((m.index for m in metrics or () if m.kind == kind), -1)


def _format_hint(batch: Batch) -> str:
    if batch.formats:
        return "the source expects " + " or ".join(batch.formats)
    return (
        "write ISO 8601, e.g. 2026-03-02T09:15:00+07:00"
        " (without an offset: the configuration's time zone)"
    )


def _parse_pauses(
    column: pa.Array, zone: Localiser, formats: tuple[str, ...] | None
) -> tuple[Pauses, npt.NDArray[np.bool_]]:
    """'start/end;start/end' per row → pauses, and which rows had a malformed one."""
    # Most requests never wait: only the rows with a value are split and parsed.
    given = np.flatnonzero(pc.is_valid(column).to_numpy(zero_copy_only=False))
    text = pc.utf8_trim_whitespace(column.take(indices(given)).cast(pa.string()))
    parts = pc.split_pattern(text, ";")
    owner = pc.list_parent_indices(parts).to_numpy(zero_copy_only=False).astype(np.int64)
    owner = given[owner]
    items = pc.utf8_trim_whitespace(pc.list_flatten(parts))
    keep = pc.not_equal(items, "").to_numpy(zero_copy_only=False)
    owner, items = owner[keep], items.filter(mask(keep))
    # 'start/end' split at the first '/' (a split is a third of the time of a regex); an
    # interval without one is malformed.
    halves = pc.split_pattern(items, "/", max_splits=1)
    two = pc.equal(pc.list_value_length(halves), 2).to_numpy(zero_copy_only=False)
    ends = pc.list_flatten(halves.filter(mask(two)))
    start = parse_column(ends.take(indices(np.arange(0, len(ends), 2))), zone, formats)
    end = parse_column(ends.take(indices(np.arange(1, len(ends), 2))), zone, formats)
    good = np.zeros(len(items), np.bool_)
    good[two] = (start.state == OK) & (end.state == OK) & (end.seconds >= start.seconds)
    wrong = np.zeros(len(column), np.bool_)
    wrong[owner[~good]] = True
    kept = good[two]
    return Pauses(owner[good], start.seconds[kept], end.seconds[kept]), wrong
