"""Batches judged on several threads (svcstd.measure.workers), the export read whole ahead of
the judging (svcstd.measure.ahead) or streamed when large: the same report every way."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.csv as pacsv
import pytest

from svcstd.errors import UsageError
from svcstd.measure import ahead as ahead_module
from svcstd.measure import read
from svcstd.measure.ahead import ReadAhead
from svcstd.measure.read import _line_numbers
from svcstd.measure.run import Request, measure
from svcstd.measure.sources import GENERIC
from svcstd.measure.workers import share
from svcstd.pipeline import load_organisation

STOP = date(2026, 6, 30)
HEADER = "ticket,standard,target,opened,first_response,resolved,customer_team,paused\n"


def _row(n: int, team: str, resolved: str = "2026-03-02T10:00") -> str:
    return (
        f"T-{n},it-pms-support,pms-outage,2026-03-02T09:00,2026-03-02T09:{n % 50:02d},"
        f"{resolved},{team},\n"
    )


@pytest.fixture
def export(tmp_path: Path) -> Path:
    """Some thousands of rows over three customer teams, some open, two malformed lines."""
    teams = ("front-office", "housekeeping", "finance")
    lines = [_row(n, teams[n % 3], "" if n % 97 == 0 else f"2026-03-02T1{n % 10}:00")
             for n in range(6000)]  # fmt: skip
    lines[1234] = "T-1234,it-pms-support,pms-outage,2026-03-02T09:00\n"  # fields missing
    lines[4321] = lines[4321].rstrip("\n") + ",extra\n"  # a field too many
    path = tmp_path / "export.csv"
    path.write_text(HEADER + "".join(lines), encoding="utf-8")
    return path


def test_every_item_is_worked_once_on_several_threads() -> None:
    names: set[str] = set()

    def work(seen: list[int], item: int) -> None:
        names.add(threading.current_thread().name)
        time.sleep(0.001)  # let the other threads take items meanwhile
        seen.append(item)

    states = share(iter(range(200)), list, work, threads=3)
    assert len(states) == 3
    assert sorted(n for seen in states for n in seen) == list(range(200))
    assert len(names) == 3  # each thread took some


def test_an_error_on_any_thread_is_raised_and_stops_the_others() -> None:
    taken: list[int] = []
    before = threading.active_count()

    def items() -> Iterator[int]:
        for n in range(10_000):
            taken.append(n)
            yield n

    def work(state: None, item: int) -> None:
        if item == 20:
            raise UsageError("export.csv: not a readable CSV file")
        time.sleep(0.001)

    with pytest.raises(UsageError, match="not a readable CSV"):
        share(items(), lambda: None, work, threads=2)
    assert threading.active_count() == before  # nothing left running
    assert len(taken) < 100  # the others stopped soon after


def test_an_error_while_reading_is_raised() -> None:
    def items() -> Iterator[int]:
        yield 1
        raise UsageError("export.csv: not a readable CSV file")

    with pytest.raises(UsageError):
        share(items(), list, lambda seen, n: seen.append(n), threads=2)


def test_the_figures_are_those_of_one_thread(example: Path, export: Path) -> None:
    org = load_organisation(example)
    one = measure(org, Request([export], stop=STOP, block_bytes=8 << 10, threads=1))
    three = measure(org, Request([export], stop=STOP, block_bytes=8 << 10, threads=3))
    assert three == one
    [resolve] = [r for r in one["targets"] if r["metric"] == "resolve"]
    assert set(resolve["teams"]) == {"front-office", "housekeeping", "finance"}
    assert resolve["open"] > 0
    [malformed] = [f for f in one["findings"] if f["code"] == "malformed-row"]
    assert malformed["rows"] == [1236, 4323]  # the header is line 1


def test_the_read_started_ahead_is_the_one_measured(
    example: Path, export: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    org = load_organisation(example)
    plain = measure(org, Request([export], stop=STOP))
    with ReadAhead.start([export], GENERIC) as ahead:
        assert ahead is not None
        monkeypatch.setattr(read, "read_whole", lambda *a: pytest.fail("read again"))
        started = measure(org, Request([export], stop=STOP, ahead=ahead))
        # Handed over once: a second read of the export reads the file itself.
        assert ahead.take(export, [], {}, ahead_module.BLOCK_BYTES) is None
    assert started == plain


def test_a_bad_value_found_by_the_read_ahead_is_located(example: Path, tmp_path: Path) -> None:
    """The read ahead is typed; a value it cannot take makes measure read the export again
    as text, where the value is a located finding."""
    lines = [_row(n, "finance") for n in range(1000)]
    lines[700] = lines[700].replace("2026-03-02T10:00", "2026-03-02T10:0O")
    path = tmp_path / "late-bad.csv"
    path.write_text(HEADER + "".join(lines), encoding="utf-8")
    with ReadAhead.start([path], GENERIC) as ahead:
        report = measure(load_organisation(example), Request([path], ahead=ahead))
    [bad] = [f for f in report["findings"] if f["code"] == "bad-timestamp"]
    assert (bad["column"], bad["rows"]) == ("resolved", [702])


def test_a_large_export_is_streamed_with_the_same_figures(
    example: Path, export: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    org = load_organisation(example)
    whole = measure(org, Request([export], stop=STOP, block_bytes=8 << 10))
    reads: list[Any] = []
    monkeypatch.setattr(ahead_module, "WHOLE_BYTES", 1000)  # every export is "large"
    monkeypatch.setattr(ahead_module, "read_whole", lambda *a: reads.append(a))
    monkeypatch.setattr(read, "read_whole", lambda *a: reads.append(a))
    assert ReadAhead.start([export], GENERIC) is None  # nothing read ahead either
    streamed = measure(org, Request([export], stop=STOP, block_bytes=8 << 10))
    assert reads == []
    assert streamed == whole


def test_nothing_is_read_ahead_that_measure_reads_otherwise(tmp_path: Path) -> None:
    parquet = tmp_path / "export.parquet"
    import pyarrow.parquet as pq

    pq.write_table(pa.table({"ticket": ["T-1"]}), parquet)
    no_columns = tmp_path / "other.csv"
    pacsv.write_csv(pa.table({"id": ["T-1"]}), no_columns)
    for path in (parquet, no_columns, tmp_path / "missing.csv"):
        assert ReadAhead.start([path], GENERIC) is None  # measure itself says what is wrong
    assert ReadAhead.start([], GENERIC) is None


def test_skipped_lines_are_found_whatever_order_they_come_in(tmp_path: Path) -> None:
    path = tmp_path / "lines.csv"
    path.write_text("a,b\nx\n1,2\ny\nx\n3,4\n", encoding="utf-8")
    assert _line_numbers(path, ["y", "x", "x"]).tolist() == [2, 4, 5]


def test_the_command_reads_ahead_and_leaves_no_thread_running(
    example: Path, export: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import json

    from svcstd.commands.measure import run

    started: list[Path] = []
    real_start = ReadAhead.start.__func__  # type: ignore[attr-defined]

    def start(cls: type[ReadAhead], exports: list[Path], *args: Any) -> ReadAhead | None:
        started.extend(exports[:1])
        return real_start(cls, exports, *args)  # type: ignore[no-any-return]

    monkeypatch.setattr(ReadAhead, "start", classmethod(start))
    before = threading.active_count()
    out = tmp_path / "report.json"
    code = run([export], None, [], (None, STOP, None), "json", out, False, None, example)
    assert code == 0 and started == [export]
    assert threading.active_count() == before
    org = load_organisation(example)
    assert json.loads(out.read_text()) == measure(org, Request([export], stop=STOP))
