"""The correctness oracle: the array engine against a minute-by-minute reference, every ticket.

Random tickets (seeded) over calendars with holidays, half-days, a night shift 22:00-06:00,
round-the-clock hours and a six-day week, with pauses across nights and weekends, in a zone
without daylight saving and in two zones with it, around both changes of the year. The
reference knows nothing of intervals or searchsorted: it asks zoneinfo for the local time
of every minute and checks the calendar's rule for it.
"""

from __future__ import annotations

import random
import zlib
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np
import pyarrow as pa
import pytest

from svcstd.measure.calendar import CalendarSpec
from svcstd.measure.catalogue import Catalogue, Metric
from svcstd.measure.engine import Batch, Measurer, Period

CALENDARS = {
    "office": CalendarSpec(
        frozenset(range(5)),
        (8 * 60, 17 * 60),
        frozenset({date(2026, 3, 20), date(2026, 4, 3), date(2026, 10, 28), date(2026, 11, 11)}),
        {date(2026, 3, 19): (8 * 60, 12 * 60), date(2026, 10, 30): (8 * 60, 12 * 60)},
    ),
    "night": CalendarSpec(
        frozenset(range(5)),
        (22 * 60, 30 * 60),  # 22:00-06:00 the next morning
        frozenset({date(2026, 3, 27), date(2026, 10, 23), date(2026, 10, 30)}),
    ),
    "always": CalendarSpec(frozenset(range(7)), (0, 24 * 60), frozenset({date(2026, 3, 29)})),
    "six-days": CalendarSpec(
        frozenset(range(6)),
        (7 * 60, 16 * 60),
        frozenset({date(2026, 11, 2)}),
        {date(2026, 3, 28): (7 * 60, 11 * 60)},
    ),
}
ZONES = ("Asia/Jakarta", "Europe/Berlin", "America/New_York")
SEASONS = {"spring": date(2026, 3, 1), "autumn": date(2026, 10, 10)}
DAYS = 40
TICKETS = 120


def reference_flags(spec: CalendarSpec, tz: ZoneInfo, start: int, minutes: int) -> list[bool]:
    """Whether each minute from ``start`` (UTC seconds) is working, by the local clock."""
    flags = []
    for i in range(minutes):
        local = datetime.fromtimestamp(start + 60 * i, tz)
        flags.append(_working(spec, local.date(), local.hour * 60 + local.minute))
    return flags


def _working(spec: CalendarSpec, day: date, minute: int) -> bool:
    begin, end = spec.half_days.get(day, spec.hours)
    if spec.is_working(day) and begin <= minute < min(end, 24 * 60):
        return True
    before = day - timedelta(days=1)
    _, b_end = spec.half_days.get(before, spec.hours)
    return spec.is_working(before) and b_end > 24 * 60 and minute < b_end - 24 * 60


def reference_minutes(
    flags: list[bool], base: int, opened: int, end: int, pauses: list[tuple[int, int]]
) -> int:
    """Working minutes from opened to end, less the working minutes of every pause."""
    counted = [False] * len(flags)
    first, last = (opened - base) // 60, (end - base) // 60
    for i in range(first, last):
        counted[i] = flags[i]
    for p_start, p_end in pauses:
        for i in range((p_start - base) // 60, (p_end - base) // 60):
            counted[i] = False
    return sum(counted)


def _spell(moment: int, tz: ZoneInfo, rng: random.Random) -> str:
    """A timestamp as an export writes it: local without offset when unambiguous, else with one."""
    local = datetime.fromtimestamp(moment, tz)
    naive = local.replace(tzinfo=None, fold=0)  # as an export writes it: no fold
    if rng.random() < 0.5 and int(naive.replace(tzinfo=tz).timestamp()) == moment:
        return naive.isoformat(sep=rng.choice("T "))
    return local.isoformat()


def generate(seed: int, tz: ZoneInfo, first: date) -> list[dict[str, object]]:
    """Random tickets: opened any minute, open for up to nine days, up to three pauses."""
    rng = random.Random(seed)
    base = int(datetime(first.year, first.month, first.day, tzinfo=UTC).timestamp())
    span = (DAYS - 12) * 1440
    tickets = []
    for n in range(TICKETS):
        opened = base + 60 * rng.randrange(span)
        end = opened + 60 * rng.choice([rng.randrange(600), rng.randrange(9 * 1440)])
        pauses: list[tuple[int, int]] = []
        cursor = opened - 60 * rng.randrange(120)  # a pause may start before opening
        for _ in range(rng.choice([0, 0, 1, 2, 3])):
            p_start = cursor + 60 * rng.randrange(2 * 1440)
            p_end = p_start + 60 * rng.randrange(3 * 1440)  # over nights and weekends
            pauses.append((p_start, p_end))
            cursor = p_end + 60
        tickets.append({"ticket": f"T-{n}", "opened": opened, "end": end, "pauses": pauses})
    for t in tickets:
        t["spelled"] = {
            "opened": _spell(int(t["opened"]), tz, rng),  # type: ignore[arg-type]
            "resolved": _spell(int(t["end"]), tz, rng),  # type: ignore[arg-type]
            "paused": ";".join(
                f"{_spell(a, tz, rng)}/{_spell(b, tz, rng)}"
                for a, b in t["pauses"]  # type: ignore[attr-defined]
            ),
        }
    return tickets


def engine_minutes(tickets: list[dict[str, object]], calendar: str, zone: str) -> dict[str, float]:
    metric = Metric(0, "s", "t", "resolve", "1000 business hours", 1e9, True, calendar, None, "p")
    catalogue = Catalogue([metric], {"s/t": [metric]}, {"s": {"t"}})
    measurer = Measurer(catalogue, CALENDARS, zone, Period())
    spelled = [t["spelled"] for t in tickets]
    measurer.add(
        Batch(
            "oracle.csv",
            2,
            {
                "ticket": pa.array([t["ticket"] for t in tickets]),
                "standard": pa.array(["s"] * len(tickets)),
                "target": pa.array(["t"] * len(tickets)),
                "opened": pa.array([s["opened"] for s in spelled]),  # type: ignore[index]
                "first_response": pa.array([None] * len(tickets), pa.string()),
                "resolved": pa.array([s["resolved"] for s in spelled]),  # type: ignore[index]
                "paused": pa.array([s["paused"] or None for s in spelled]),  # type: ignore[index]
            },
        )
    )
    outcomes = measurer.finish()
    # Random pauses fall on targets that declare none: that is reported (info), nothing else.
    assert not [f for f in measurer.findings if f.code != "undeclared-pause"]
    names = pa.chunked_array(outcomes.names).take(np.concatenate(outcomes.ticket)).to_pylist()
    values = np.concatenate(outcomes.value)
    return dict(zip(names, (values / 60).tolist(), strict=True))


@pytest.mark.parametrize("season", sorted(SEASONS))
@pytest.mark.parametrize("zone", ZONES)
@pytest.mark.parametrize("calendar", sorted(CALENDARS))
def test_engine_matches_minute_by_minute_reference(calendar: str, zone: str, season: str) -> None:
    tz = ZoneInfo(zone)
    first = SEASONS[season]
    tickets = generate(zlib.crc32(f"{calendar}{zone}{season}".encode()), tz, first)
    base = int(datetime(first.year, first.month, first.day, tzinfo=UTC).timestamp()) - 86_400
    flags = reference_flags(CALENDARS[calendar], tz, base, (DAYS + 2) * 1440)
    got = engine_minutes(tickets, calendar, zone)
    wrong = []
    for t in tickets:
        expected = reference_minutes(flags, base, t["opened"], t["end"], t["pauses"])  # type: ignore[arg-type]
        if got[t["ticket"]] != expected:  # type: ignore[index]
            wrong.append((t["ticket"], t["spelled"], expected, got[t["ticket"]]))  # type: ignore[index]
    assert not wrong, wrong[:3]
    # The sample exercises what it claims to: pauses, and time outside working hours.
    assert sum(bool(t["pauses"]) for t in tickets) > TICKETS // 3
    assert any(got[t["ticket"]] * 60 < t["end"] - t["opened"] for t in tickets)  # type: ignore[operator,index]


def _at(prefix: list[int], base: int, moment: int) -> int:
    return prefix[(moment - base) // 60]


def test_sample_export_figures_are_confirmed_ticket_by_ticket(
    example: Path, tmp_path: Path
) -> None:
    """The shipped sample's attainment per target, recomputed by the per-minute reference."""
    import csv
    import functools
    import importlib.util
    from itertools import accumulate

    from svcstd.measure.catalogue import build_catalogue, calendar_name
    from svcstd.measure.run import Request, measure
    from svcstd.pipeline import load_organisation
    from svcstd.relative import due_moment

    bench = Path(__file__).resolve().parents[1] / "bench" / "measure_generate.py"
    if not bench.exists():
        pytest.skip("bench/ ships only with the repository")
    spec = importlib.util.spec_from_file_location("measure_generate", bench)
    assert spec and spec.loader
    gen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen)
    gen.write_all(tmp_path, 2000, 21, "generic")
    org = load_organisation(example)
    report = measure(org, Request([tmp_path / "generic.csv"], stop=date(2026, 6, 30)))

    tz = ZoneInfo(org.config.timezone)
    base = int(datetime(2025, 12, 31, tzinfo=tz).timestamp())
    as_of = int(datetime(2026, 7, 1, tzinfo=tz).timestamp())
    minutes = (as_of - base) // 60 + 40 * 1440
    prefix = {
        name: [
            0,
            *accumulate(
                reference_flags(CalendarSpec.of(cal, range(2025, 2028)), tz, base, minutes)
            ),
        ]
        for name, cal in org.config.calendars.items()
        if name != "hotel-24x7"
    }
    metrics = {(m.standard, m.target, m.kind): m for m in build_catalogue(org).metrics}

    def moment(text: str) -> int:
        return int(datetime.fromisoformat(text).replace(tzinfo=tz).timestamp())

    def relative_due(row: dict[str, str], tz: ZoneInfo) -> int:
        """svcstd.relative's due moment of one row, on Python datetimes."""
        std = org.standards[row["standard"]]
        target = next(t for t in std.targets if t.id == row["target"])
        assert target.by is not None
        calendar = org.config.calendars[calendar_name(org, std, target)]
        if target.by.relative_to == "promised":
            start = datetime.fromisoformat(row["promised"]).replace(tzinfo=tz)
        else:
            start = datetime.fromisoformat(row["opened"]).replace(tzinfo=tz)
        return int(due_moment(target.by, start, calendar).timestamp())

    expected: dict[tuple[str, str, str], list[int]] = {}
    with (tmp_path / "generic.csv").open() as f:
        for row in csv.DictReader(f):
            opened = moment(row["opened"])
            pauses = [
                tuple(moment(p) for p in iv.split("/")) for iv in row["paused"].split(";") if iv
            ]
            for kind, column in (("acknowledge", "first_response"), ("resolve", "resolved")):
                metric = metrics.get((row["standard"], row["target"], kind))
                if metric is None or opened >= as_of:
                    continue
                end = moment(row[column]) if row[column] else as_of
                if metric.business:
                    cal = prefix[calendar_name(org, org.standards[metric.standard])]
                    at = functools.partial(_at, cal, base)
                    taken = (
                        at(end)
                        - at(opened)
                        - sum(max(at(min(b, end)) - at(max(a, opened)), 0) for a, b in pauses)
                    )
                else:
                    taken = (end - opened) // 60 - sum(
                        max(min(b, end) - max(a, opened), 0) // 60 for a, b in pauses
                    )
                late = taken * 60 > metric.seconds
                counts = expected.setdefault((metric.standard, metric.target, kind), [0, 0, 0])
                counts[0 if not late and row[column] else 1 if row[column] else 2] += late or bool(
                    row[column]
                )
            by = metrics.get((row["standard"], row["target"], "by"))
            if by is not None and opened < as_of:
                counts = expected.setdefault((by.standard, by.target, "by"), [0, 0, 0])
                due = relative_due(row, tz)
                if row["resolved"]:
                    counts[0 if moment(row["resolved"]) <= due else 1] += 1
                elif as_of > due:
                    counts[2] += 1

    got = {
        (r["standard"], r["target"], r["metric"]): [r["met"], r["breached"], r["open_breached"]]
        for r in report["targets"]
        if r["metric"] != "deadline"
    }
    assert got == expected
    assert sum(c[1] for c in expected.values()) > 100 and sum(c[2] for c in expected.values()) > 10
    # The sample has date-relative targets of both kinds, met and missed.
    relative = [c for k, c in expected.items() if k[2] == "by"]
    assert len(relative) == 2 and min(c[0] for c in relative) >= 5
    assert sum(c[1] + c[2] for c in relative) >= 3


# --- date-relative targets ('by') ---------------------------------------------------------------

RULES = [  # (relative_to, day_offset, business_days, at, cutoff)
    ("opened", 0, True, "17:00", "15:00"),
    ("opened", 1, True, "10:00", None),
    ("opened", 2, False, None, None),
    ("opened", 0, False, None, "12:30"),
    ("promised", 0, False, None, None),
    ("promised", 1, True, "09:00", None),
    ("promised", 3, True, None, None),
]


def _reference_calendar(name: str) -> object:
    """The model's calendar for a spec: what svcstd.relative counts working days on."""
    from svcstd.model import Calendar
    from svcstd.workdays import WEEK, HolidaySet

    spec = CALENDARS[name]
    days = [WEEK[d] for d in sorted(spec.weekdays)]
    return Calendar(name, days, "00:00-23:59", HolidaySet(extra=spec.holidays), None)


def engine_due(
    rows: list[dict[str, str]], calendar: str, zone: str, rule: tuple[object, ...]
) -> tuple[dict[str, int], list[object]]:
    """Each ticket's due moment (UTC seconds) as the engine finds it, and its findings."""
    from svcstd.measure.catalogue import Rule

    by = Rule(*rule)  # type: ignore[arg-type]
    metric = Metric(0, "s", "t", "by", "by", 0.0, False, calendar, None, "p", False, by)
    catalogue = Catalogue([metric], {"s/t": [metric]}, {"s": {"t"}})
    measurer = Measurer(catalogue, CALENDARS, zone, Period())
    columns = {
        c: pa.array([r[c] or None for r in rows], pa.string())
        for c in ("ticket", "opened", "resolved", "promised")
    }
    columns["standard"] = pa.array(["s"] * len(rows))
    columns["target"] = pa.array(["t"] * len(rows))
    columns["first_response"] = pa.nulls(len(rows), pa.string())
    measurer.add(Batch("by.csv", 2, columns))
    outcomes = measurer.finish()
    names = pa.chunked_array(outcomes.names).take(np.concatenate(outcomes.ticket)).to_pylist()
    late = np.concatenate(outcomes.value)
    resolved = {r["ticket"]: int(datetime.fromisoformat(r["resolved"]).timestamp()) for r in rows}
    due = {n: resolved[n] - int(v) for n, v in zip(names, late.tolist(), strict=True)}
    return due, measurer.findings


@pytest.mark.parametrize("season", sorted(SEASONS))
@pytest.mark.parametrize("zone", ZONES)
@pytest.mark.parametrize("calendar", sorted(CALENDARS))
def test_date_relative_due_matches_the_standards_arithmetic(
    calendar: str, zone: str, season: str
) -> None:
    """Every rule form, on every calendar and zone, ticket by ticket against svcstd.relative's
    due_moment on Python datetimes (the arithmetic the handbook and lint use)."""
    from svcstd.relative import due_moment

    tz = ZoneInfo(zone)
    first = SEASONS[season]
    rng = random.Random(zlib.crc32(f"by{calendar}{zone}{season}".encode()))
    reference = _reference_calendar(calendar)
    base = datetime(first.year, first.month, first.day, tzinfo=tz)
    checked = 0
    for rule in RULES:
        rows, expected = [], {}
        for n in range(60):
            opened = _real(base + timedelta(minutes=rng.randrange((DAYS - 12) * 1440)), tz)
            # Near the cut-off more often: a minute either side of it, and on it.
            if rule[4] and n % 4 == 0:
                hh, mm = (int(x) for x in str(rule[4]).split(":"))
                near = opened.replace(hour=hh, minute=mm, second=rng.choice([0, 30]))
                opened = _real(near + timedelta(minutes=rng.choice([-1, 0, 0, 1])), tz)
            promised_day = opened.date() + timedelta(days=rng.randrange(0, 10))
            with_time = rng.random() < 0.3  # a promised moment: its day is what counts
            promised = datetime.combine(promised_day, datetime.min.time(), tz)
            if with_time:
                promised = _real(promised.replace(hour=rng.randrange(24)), tz)
            start = opened if rule[0] == "opened" else promised
            due = due_moment(_Rule(*rule), start, reference)  # type: ignore[arg-type]
            resolved = due + timedelta(seconds=rng.choice([-3600, -1, 0, 1, 86_400]))
            ticket = f"T-{n}"
            rows.append(
                {
                    "ticket": ticket,
                    "opened": opened.isoformat(),
                    "resolved": max(resolved, opened).isoformat(),
                    "promised": promised.isoformat() if with_time else promised_day.isoformat(),
                }
            )
            if resolved >= opened:
                expected[ticket] = int(due.timestamp())
        got, findings = engine_due(rows, calendar, zone, rule)
        assert not findings
        wrong = {t: (e, got.get(t)) for t, e in expected.items() if got.get(t) != e}
        assert not wrong, (rule, list(wrong.items())[:3])
        checked += len(expected)
    assert checked > 300


def _real(moment: datetime, tz: ZoneInfo) -> datetime:
    """A local time that exists: one in a daylight-saving gap moves to the instant it names."""
    return moment.astimezone(UTC).astimezone(tz)


@dataclass(frozen=True)
class _Rule:
    relative_to: str
    day_offset: int
    business_days: bool
    at: str | None
    cutoff: str | None
