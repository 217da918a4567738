"""Reading exports (CSV or Parquet) in batches of generic columns.

A CSV export up to svcstd.measure.ahead.WHOLE_BYTES is read whole on pyarrow's threads and
handed over a block at a time; a larger one is streamed a block at a time, and Parquet a
row group's worth at a time, so that memory stays bounded however large the export.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from svcstd.errors import UsageError
from svcstd.measure.ahead import (
    BLOCK_BYTES,
    ReadAhead,
    convert_options,
    parse_options,
    read_whole,
    read_whole_file,
)
from svcstd.measure.arrow import indices, mask
from svcstd.measure.engine import Batch, FindingGroup, Pauses
from svcstd.measure.layout import header, is_parquet, typed_columns, wanted
from svcstd.measure.sources import GENERIC_COLUMNS, HISTORY_COLUMNS, Source
from svcstd.measure.timestamps import OK, Localiser, parse_column

PARQUET_ROWS = 200_000
_OPEN_END = np.iinfo(np.int64).max // 4  # a pause still running: the engine clips it


class TypedReadFailed(Exception):
    """The typed read met a value it cannot take; the export is to be read again as text,
    where every bad value becomes a located finding."""


def read_export(
    path: Path,
    source: Source,
    history: History | None,
    findings: list[FindingGroup],
    block_bytes: int = BLOCK_BYTES,
    typed: bool = False,
    ahead: ReadAhead | None = None,
) -> Iterator[Batch]:
    """The export's rows in batches of generic columns; malformed CSV lines become findings.

    ``typed``: let the CSV reader parse the timestamp columns and encode the labels itself
    when the first rows show one kind of timestamp per column (``typed_columns``); a value
    it cannot take raises TypedReadFailed. ``ahead``: the read the command started early,
    used when it is of this export with these columns and types.
    """
    names = header(path)
    columns = wanted(path, names, source)
    parquet = is_parquet(path)
    types = typed_columns(path, names, source) if typed and not parquet else {}
    tables = (
        _parquet(path, columns)
        if parquet
        else _csv(path, columns, findings, block_bytes, types, ahead)
    )
    row = 2  # row 1 is the header, as a spreadsheet shows it
    for table in tables:
        batch = Batch(str(path), row, _generic(table, source, set(types)), source.formats)
        if history is not None:
            batch.pauses = history.pauses_of(batch.columns["ticket"])
        row += table.num_rows
        yield batch


def _csv(
    path: Path,
    columns: list[str],
    findings: list[FindingGroup],
    block_bytes: int,
    types: dict[str, pa.DataType] | None = None,
    ahead: ReadAhead | None = None,
) -> Iterator[pa.Table]:
    types = types or {}
    bad_rows: list[str] = []
    try:
        if read_whole_file(path):
            read = ahead.take(path, columns, types, block_bytes) if ahead else None
            read = read or read_whole(path, columns, types, block_bytes)
            bad_rows = read.bad_rows
            batches = read.table.to_batches()
            del read  # each block is freed once judged
            batches.reverse()
            while batches:
                yield pa.Table.from_batches([batches.pop()])
        else:
            yield from _stream(path, columns, block_bytes, types, bad_rows)
    except pa.ArrowInvalid as exc:
        if types:
            raise TypedReadFailed(str(exc)) from None
        raise UsageError(
            f"{path}: not a readable CSV file ({exc})", "check the export's encoding and quoting"
        ) from None
    if bad_rows:
        findings.append(
            FindingGroup(
                str(path),
                "malformed-row",
                "*",
                _line_numbers(path, bad_rows),
                "the line does not have the header's number of fields",
                "check quoting in the export; the line was left out",
            )
        )


def _stream(
    path: Path,
    columns: list[str],
    block_bytes: int,
    types: dict[str, pa.DataType],
    bad_rows: list[str],
) -> Iterator[pa.Table]:
    """A large export a block at a time (converted on one thread, memory of one block)."""
    from pyarrow import csv as pacsv

    # open_csv converts the first block already: a bad value there fails the opening.
    reader = pacsv.open_csv(
        path,
        read_options=pacsv.ReadOptions(block_size=block_bytes, encoding="utf8"),
        parse_options=parse_options(bad_rows),
        convert_options=convert_options(columns, types),
    )
    for batch in reader:
        yield pa.Table.from_batches([batch])


def _line_numbers(path: Path, texts: list[str]) -> np.ndarray:
    """Where skipped lines are in the file, in order (pyarrow's reader knows only with one
    thread, and its threads may hand the lines over in any order). The same text skipped
    twice is found at its first and second place."""
    data = path.read_bytes()
    numbers: list[int] = []
    after: dict[str, int] = {}
    for text in texts:
        at = data.find(text.encode("utf-8"), after.get(text, 0))
        if at < 0:
            numbers.append(-1)
            continue
        numbers.append(data.count(b"\n", 0, at) + 1)
        after[text] = at + 1
    return np.sort(np.array(numbers, np.int64))


def shift_rows(groups: list[FindingGroup], file: str, skipped: np.ndarray) -> None:
    """Renumber rows counted without the skipped lines to the file's own row numbers."""
    for line in np.sort(skipped[skipped > 0]):
        for group in groups:
            if group.file == file and group.code != "malformed-row":
                group.rows = np.where(group.rows >= line, group.rows + 1, group.rows)


def _parquet(path: Path, columns: list[str]) -> Iterator[pa.Table]:
    import pyarrow.parquet as pq

    for batch in pq.ParquetFile(path).iter_batches(batch_size=PARQUET_ROWS, columns=columns):
        yield pa.Table.from_batches([batch])


def _generic(table: pa.Table, source: Source, typed: set[str]) -> dict[str, pa.Array]:
    columns: dict[str, pa.Array] = {}
    for name in GENERIC_COLUMNS:
        own = source.column(name)
        if own in typed:  # as the CSV reader typed it (typed_columns)
            columns[name] = table.column(own).combine_chunks()
        elif own in table.column_names:
            columns[name] = _string(table.column(own))
    if source.rules:
        columns["standard"], columns["target"] = _apply_rules(table, source)
    return columns


def _string(column: pa.ChunkedArray) -> pa.Array:
    combined = column.combine_chunks() if isinstance(column, pa.ChunkedArray) else column
    if pa.types.is_timestamp(combined.type) and combined.type.tz is not None:
        # An absolute moment: spell it with its offset so that it is not read as local time.
        return pc.strftime(combined, format="%Y-%m-%dT%H:%M:%S%z")
    return combined.cast(pa.string())


def _apply_rules(table: pa.Table, source: Source) -> tuple[pa.Array, pa.Array]:
    """The first rule a row matches gives its standard and target; no match leaves them empty."""
    n = table.num_rows
    standard = np.full(n, "", object)
    target = np.full(n, "", object)
    done = np.zeros(n, np.bool_)
    for rule in source.rules:
        match = ~done
        for column, values in rule.when.items():
            cells = pc.utf8_trim_whitespace(_string(table.column(column)))
            match &= pc.is_in(cells, value_set=pa.array(values)).to_numpy(zero_copy_only=False)
        standard[match], target[match] = rule.standard, rule.target
        done |= match
    return pa.array(standard, pa.string()), pa.array(target, pa.string())


class History:
    """Pauses from a status-history export: time spent in a 'waiting' status stops the clock."""

    def __init__(self, tickets: pa.Array, start: np.ndarray, end: np.ndarray) -> None:
        order = np.lexsort((start, tickets.to_numpy(zero_copy_only=False)))
        self.tickets = tickets.take(indices(order))
        self.start, self.end = start[order], end[order]
        self.unique = pc.unique(self.tickets)
        codes = pc.index_in(self.tickets, value_set=self.unique).to_numpy(zero_copy_only=False)
        self.low = np.searchsorted(codes, np.arange(len(self.unique)), side="left")
        self.high = np.searchsorted(codes, np.arange(len(self.unique)), side="right")

    def pauses_of(self, tickets: pa.Array) -> Pauses:
        """The pauses of a batch's rows, by row."""
        code = (
            pc.index_in(tickets, value_set=self.unique).fill_null(-1).to_numpy(zero_copy_only=False)
        )
        rows = np.flatnonzero(code >= 0)
        counts = (self.high - self.low)[code[rows]]
        owner = np.repeat(rows, counts)
        first = np.repeat(
            self.low[code[rows]] - np.concatenate(([0], np.cumsum(counts)[:-1])), counts
        )
        at = first + np.arange(counts.sum())
        return Pauses(owner.astype(np.int64), self.start[at], self.end[at])


def read_history(
    path: Path, source: Source, zone: Localiser, findings: list[FindingGroup]
) -> History:
    """Read a status-history export into pause intervals."""
    if not source.pause_statuses:
        raise UsageError(
            f"source {source.name!r} names no pause statuses",
            f"add measure.sources.{source.name}.history.pause_statuses to svcstd.yaml",
        )
    names = {c: source.history.get(c, c) for c in HISTORY_COLUMNS}
    found = header(path)
    missing = [n for n in names.values() if n not in found]
    if missing:
        raise UsageError(
            f"{path}: missing column(s) {', '.join(map(repr, missing))}",
            f"map them under measure.sources.{source.name}.history.columns",
        )
    tables = list(
        _parquet(path, list(names.values()))
        if is_parquet(path)
        else _csv(path, list(names.values()), findings, BLOCK_BYTES)
    )
    table = (
        pa.concat_tables(tables)
        if tables
        else pa.table({n: pa.array([], pa.string()) for n in names.values()})
    )
    tickets = _string(table.column(names["ticket"]))
    at = parse_column(_string(table.column(names["at"])), zone, source.formats)
    bad = np.flatnonzero(at.state != OK)
    if bad.size:
        findings.append(
            FindingGroup(
                str(path),
                "bad-timestamp",
                names["at"],
                bad + 2,
                f"{names['at']} is not a timestamp",
                "the row was left out of the pauses",
            )
        )
    keep = at.state == OK
    tickets, seconds = tickets.filter(mask(keep)), at.seconds[keep]
    status = pc.utf8_trim_whitespace(_string(table.column(names["status"]))).filter(mask(keep))
    order = np.lexsort((seconds, tickets.to_numpy(zero_copy_only=False)))
    tickets, seconds, status = (
        tickets.take(indices(order)),
        seconds[order],
        status.take(indices(order)),
    )
    paused = pc.is_in(status, value_set=pa.array(list(source.pause_statuses))).to_numpy(
        zero_copy_only=False
    )
    same_next = np.zeros(len(seconds), np.bool_)
    if len(seconds) > 1:
        same_next[:-1] = pc.equal(tickets[:-1], tickets[1:]).to_numpy(zero_copy_only=False)
    ends = np.where(same_next, np.roll(seconds, -1), _OPEN_END)
    return History(tickets.filter(mask(paused)), seconds[paused], ends[paused])
