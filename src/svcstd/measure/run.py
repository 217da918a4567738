"""The measure pipeline from files to a report: the one function the command calls."""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence
from datetime import date, timedelta
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from msgspec import Struct

from svcstd.measure.ahead import BLOCK_BYTES, ReadAhead
from svcstd.measure.calendar import CalendarSpec
from svcstd.measure.engine import FindingGroup, Measurer, Period
from svcstd.measure.holidaycache import CachedHolidays, HolidayCache
from svcstd.measure.model import MeasureModel
from svcstd.measure.read import (
    History,
    TypedReadFailed,
    read_export,
    read_history,
    shift_rows,
)
from svcstd.measure.report import finding_dict
from svcstd.measure.results import summarise
from svcstd.measure.sources import find_source
from svcstd.measure.timestamps import Localiser
from svcstd.measure.workers import share, threads_available
from svcstd.measure.zones import DAY

if TYPE_CHECKING:
    from svcstd.model import Organisation

DEFAULT_MIN_REQUESTS = 20


class Request(Struct, frozen=True):
    """What to measure: the exports, how to read them and which period."""

    exports: Sequence[Path]
    source: str | None = None
    history: Sequence[Path] = ()
    start: date | None = None
    stop: date | None = None  # inclusive: the last day of the period
    as_of: date | None = None  # open requests are judged at the end of this day
    min_requests: int | None = None
    block_bytes: int = BLOCK_BYTES
    cache_root: Path | None = None  # the standards folder: library holidays kept in its cache
    ahead: ReadAhead | None = None  # the first export's read, started by the command
    threads: int | None = None  # judging threads; None: svcstd.measure.workers decides


def measure(org: Organisation | MeasureModel, request: Request) -> dict[str, Any]:
    """Measure the exports against the organisation's targets; the report as data."""
    model = org if isinstance(org, MeasureModel) else MeasureModel.of(org)
    settings = model.settings
    source = find_source(request.source, settings)
    zone = Localiser(model.timezone)
    period = Period(
        _midnight(zone, request.start),
        _midnight(zone, request.stop + timedelta(days=1) if request.stop else None),
        _midnight(zone, request.as_of + timedelta(days=1) if request.as_of else None),
    )
    catalogue = model.catalogue
    # Library holidays are resolved for the years each calendar is laid out over: those of
    # the export's timestamps and the period (svcstd.measure.calendar.CalendarSpec).
    holidays = HolidayCache(request.cache_root)
    calendars = {
        name: CalendarSpec.of(cal, source=CachedHolidays(cal.holidays, holidays))
        for name, cal in model.calendars.items()
    }
    history_findings: list[Any] = []
    history = _history(request, source, zone, history_findings)
    judge = partial(_judge, request, source, history, catalogue, calendars, model, period)
    try:
        measurer, read_findings = judge(typed=True)
    except TypedReadFailed:  # a value the typed read cannot take: read as text, and locate it
        measurer, read_findings = judge(typed=False)
    read_findings = [*history_findings, *read_findings]
    outcomes = measurer.finish()
    holidays.save()
    records = summarise(catalogue, outcomes, measurer.excluded, measurer.teams)
    minimum = request.min_requests
    if minimum is None:
        minimum = int(settings.get("min_requests", DEFAULT_MIN_REQUESTS))
    as_of = measurer.as_of()
    return {
        "exports": [str(p) for p in request.exports],
        "source": source.name,
        "period": {
            "from": request.start.isoformat() if request.start else None,
            "to": request.stop.isoformat() if request.stop else None,
            "as_of": _local_text(zone, as_of),
            "timezone": model.timezone,
        },
        "rows": measurer.rows,
        "outside_period": measurer.outside_period,
        "min_requests": minimum,
        "targets": records,
        "under_objective": [
            {k: r[k] for k in ("standard", "target", "metric", "attainment", "objective")}
            for r in records
            if r["under_objective"] and r["met"] + r["breached"] + r["open_breached"] >= minimum
        ],
        "findings": [finding_dict(g) for g in merge_findings([*read_findings, *measurer.findings])],
    }


def _judge(
    request: Request,
    source: Any,
    history: History | None,
    catalogue: Any,
    calendars: dict[str, CalendarSpec],
    model: MeasureModel,
    period: Period,
    typed: bool,
) -> tuple[Measurer, list[Any]]:
    """Read every export and judge its rows; the measurer and the findings of reading.

    Batches are judged on a few threads, each with its own measurer (svcstd.measure.workers);
    the measurers are merged once every batch is judged.
    """
    read_findings: list[Any] = []
    batches: Iterator[Any] = itertools.chain.from_iterable(
        read_export(path, source, history, read_findings, request.block_bytes, typed, request.ahead)
        for path in request.exports
    )
    threads = request.threads or threads_available()
    first, *others = share(
        batches,
        partial(Measurer, catalogue, calendars, model.timezone, period),
        Measurer.add,
        threads,
    )
    for other in others:
        first.absorb(other)
    for group in read_findings:
        if group.code == "malformed-row":
            shift_rows(first.findings, group.file, group.rows)
    return first, read_findings


def merge_findings(groups: list[FindingGroup]) -> list[FindingGroup]:
    """One group per file, problem and column, its rows in order (batches split them)."""
    merged: dict[tuple[str, str, str, str], list[FindingGroup]] = {}
    for g in groups:
        merged.setdefault((g.file, g.code, g.column, g.message), []).append(g)
    out = []
    for parts in merged.values():
        rows = np.sort(np.concatenate([p.rows for p in parts]))
        first = parts[0]
        out.append(
            FindingGroup(
                first.file,
                first.code,
                first.column,
                rows,
                first.message,
                first.hint,
                first.severity,
            )
        )
    return sorted(out, key=lambda g: (g.file, g.severity != "warning", g.code, g.column, g.message))


def _history(request: Request, source: Any, zone: Localiser, findings: list[Any]) -> History | None:
    if not request.history:
        return None
    parts = [read_history(p, source, zone, findings) for p in request.history]
    if len(parts) == 1:
        return parts[0]
    import pyarrow as pa

    return History(
        pa.concat_arrays([h.tickets for h in parts]),
        np.concatenate([h.start for h in parts]),
        np.concatenate([h.end for h in parts]),
    )


def _midnight(zone: Localiser, day: date | None) -> int | None:
    """The first moment of a local day, in UTC seconds."""
    if day is None:
        return None
    local = np.array([int(np.datetime64(day, "D").astype(np.int64)) * DAY], np.int64)
    return int(zone.to_utc(local)[0])


def _local_text(zone: Localiser, moment: int | None) -> str | None:
    """An ISO timestamp with the zone's offset, e.g. 2026-07-01T00:00:00+07:00."""
    if moment is None:
        return None
    from datetime import UTC, datetime

    from svcstd.measure.zones import zone as zone_info

    return datetime.fromtimestamp(moment, UTC).astimezone(zone_info(zone.zone)).isoformat()
