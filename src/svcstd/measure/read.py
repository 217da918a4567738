"""Reading exports (CSV or Parquet) in batches of generic columns, without loading them whole."""

from __future__ import annotations

import csv
import itertools
import queue
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from svcstd.errors import UsageError
from svcstd.measure.arrow import indices, mask
from svcstd.measure.engine import REQUIRED, Batch, FindingGroup, Pauses
from svcstd.measure.sources import GENERIC_COLUMNS, HISTORY_COLUMNS, Source
from svcstd.measure.timestamps import OK, Localiser, parse_column

BLOCK_BYTES = 16 << 20  # about 150,000 rows of a typical export per batch
PREFETCH = 2  # batches read and prepared ahead of the one being judged
T = TypeVar("T")
PARQUET_ROWS = 200_000
_OPEN_END = np.iinfo(np.int64).max // 4  # a pause still running: the engine clips it


# Read by the CSV reader as timestamps (ISO 8601 exports): parsed on its threads, straight
# from the bytes. 'promised' stays text: a bare date there means the end of that day.
TYPED_TIMES = ("opened", "first_response", "resolved")
LABELS = ("standard", "target", "customer_team")  # few distinct values: read as dictionaries
SNIFF_ROWS = 200


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
) -> Iterator[Batch]:
    """The export's rows in batches of generic columns; malformed CSV lines become findings.

    ``typed``: let the CSV reader parse the timestamp columns and encode the labels itself
    when the first rows show one kind of timestamp per column (``typed_columns``); a value
    it cannot take raises TypedReadFailed.
    """
    header = _header(path)
    wanted = _wanted(path, header, source)
    parquet = _is_parquet(path)
    types = typed_columns(path, header, source) if typed and not parquet else {}
    tables = _parquet(path, wanted) if parquet else _csv(path, wanted, findings, block_bytes, types)
    row = 2  # row 1 is the header, as a spreadsheet shows it
    for table in tables:
        batch = Batch(str(path), row, _generic(table, source, set(types)), source.formats)
        if history is not None:
            batch.pauses = history.pauses_of(batch.columns["ticket"])
        row += table.num_rows
        yield batch


def prefetched(items: Iterator[T], prepare: Callable[[T], T], depth: int = PREFETCH) -> Iterator[T]:
    """``prepare(item)`` for each item, worked out on a thread up to ``depth`` items ahead.

    Reading a CSV block and parsing its timestamps run in pyarrow's and numpy's C code,
    which release the interpreter lock: on a second core they overlap the judging of
    the previous batch instead of waiting for it. The items come in their order, so the
    results are those of a plain loop; an error on the thread is raised here, at the
    item it stopped at.
    """
    ready: queue.Queue[tuple[bool, object]] = queue.Queue(maxsize=depth)
    stop = threading.Event()

    def hand_over(done: bool, item: object) -> bool:
        while not stop.is_set():
            try:
                ready.put((done, item), timeout=0.05)
                return True
            except queue.Full:
                continue
        return False

    def work() -> None:
        try:
            for item in items:
                if not hand_over(False, prepare(item)):
                    return
            hand_over(True, None)
        except BaseException as exc:  # handed to the caller's thread, raised there
            hand_over(True, exc)

    worker = threading.Thread(target=work, name="svcstd-measure-read", daemon=True)
    worker.start()
    try:
        while True:
            done, item = ready.get()
            if done:
                if isinstance(item, BaseException):
                    raise item
                return
            yield item  # type: ignore[misc]
    finally:
        stop.set()
        worker.join()


def typed_columns(path: Path, header: list[str], source: Source) -> dict[str, pa.DataType]:
    """The types the CSV reader can give some columns, judged from the first rows.

    A timestamp column is typed when its sampled values are all ISO 8601 with an offset
    (an absolute moment) or all without one (local time); a mix, padding or another format
    stays text. Exports with strptime formats stay text. Labels are read as dictionaries.
    """
    if source.formats:
        return {}
    with path.open(newline="", encoding="utf-8-sig", errors="replace") as f:
        rows = list(itertools.islice(csv.reader(f), 1, SNIFF_ROWS + 1))
    types: dict[str, pa.DataType] = {}
    for generic in TYPED_TIMES:
        name = source.column(generic)
        if name not in header:
            continue
        at = header.index(name)
        seen = [r[at] for r in rows if len(r) == len(header) and r[at]]
        if not seen or any(v != v.strip() or len(v) < 10 for v in seen):
            continue
        offsets = {_has_offset_text(v) for v in seen}
        if len(offsets) == 1:
            types[name] = pa.timestamp("ms", "UTC") if offsets.pop() else pa.timestamp("ms")
    if not source.rules:
        for generic in LABELS:
            if source.column(generic) in header:
                types[source.column(generic)] = pa.dictionary(pa.int32(), pa.string())
    return types


def _has_offset_text(value: str) -> bool:
    """As svcstd.measure.timestamps._has_offset, for one value."""
    return len(value) > 10 and (value[-1] in "Zz" or value[-6] in "+-" or value[-5] in "+-")


def _is_parquet(path: Path) -> bool:
    with path.open("rb") as f:
        return f.read(4) == b"PAR1"


def _header(path: Path) -> list[str]:
    try:
        if _is_parquet(path):
            import pyarrow.parquet as pq

            return list(pq.read_schema(path).names)
        with path.open(newline="", encoding="utf-8-sig") as f:
            return next(csv.reader(f), [])
    except FileNotFoundError:
        raise UsageError(
            f"{path}: no such file", "give the path of a CSV or Parquet export"
        ) from None
    except (OSError, UnicodeDecodeError, pa.ArrowException) as exc:
        raise UsageError(
            f"{path}: cannot be read ({exc})", "export the tickets as UTF-8 CSV or Parquet"
        ) from None


def _wanted(path: Path, header: list[str], source: Source) -> list[str]:
    mapped = {source.column(c) for c in ("standard", "target")} if not source.rules else set()
    needed = [source.column(c) for c in REQUIRED if c not in ("standard", "target")] + sorted(
        mapped
    )
    needed += [c for rule in source.rules for c in rule.when]
    missing = sorted({c for c in needed if c not in header})
    if missing:
        raise UsageError(
            f"{path}: missing column(s) {', '.join(repr(c) for c in missing)}"
            f" (the file has: {', '.join(header[:12])}{'...' if len(header) > 12 else ''})",
            "export those columns, or map them in svcstd.yaml under "
            f"measure.sources.{source.name}.columns"
            if source.name != "generic"
            else "see docs/measure.md for the generic columns, or use --source",
        )
    optional = [source.column(c) for c in GENERIC_COLUMNS if source.column(c) in header]
    return sorted({*needed, *optional})


def _csv(
    path: Path,
    columns: list[str],
    findings: list[FindingGroup],
    block_bytes: int,
    types: dict[str, pa.DataType] | None = None,
) -> Iterator[pa.Table]:
    from pyarrow import csv as pacsv

    bad_rows: list[str] = []

    def skip(row: pacsv.InvalidRow) -> str:
        bad_rows.append(row.text)
        return "skip"

    # open_csv converts the first block already: a bad value there fails the opening.
    try:
        reader = pacsv.open_csv(
            path,
            read_options=pacsv.ReadOptions(block_size=block_bytes, encoding="utf8"),
            parse_options=pacsv.ParseOptions(invalid_row_handler=skip, newlines_in_values=True),
            convert_options=pacsv.ConvertOptions(
                include_columns=columns,
                column_types={**dict.fromkeys(columns, pa.string()), **(types or {})},
                # An empty cell is null; "NA" or "null" may be a ticket id, so only "" is.
                strings_can_be_null=True,
                null_values=[""],
            ),
        )
        for batch in reader:
            yield pa.Table.from_batches([batch])
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


def _line_numbers(path: Path, texts: list[str]) -> np.ndarray:
    """Where skipped lines are in the file (pyarrow's reader knows only with one thread)."""
    data = path.read_bytes()
    numbers, start = [], 0
    for text in texts:
        at = data.find(text.encode("utf-8"), start)
        if at < 0:
            numbers.append(-1)
            continue
        numbers.append(data.count(b"\n", 0, at) + 1)
        start = at + 1
    return np.array(numbers, np.int64)


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
    header = _header(path)
    missing = [n for n in names.values() if n not in header]
    if missing:
        raise UsageError(
            f"{path}: missing column(s) {', '.join(map(repr, missing))}",
            f"map them under measure.sources.{source.name}.history.columns",
        )
    tables = list(
        _parquet(path, list(names.values()))
        if _is_parquet(path)
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
