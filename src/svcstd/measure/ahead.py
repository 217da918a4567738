"""Reading a CSV export whole on pyarrow's threads, and starting that before the rest of
measure is imported.

``pyarrow.csv.read_csv`` converts blocks on every core; the streaming reader converts one
block at a time. An export up to WHOLE_BYTES is therefore read whole, then judged a block
at a time. The command starts that read (``ReadAhead.start``) as soon as it knows the
source, before numpy and the engine are imported: pyarrow releases the interpreter lock,
so start-up and the read overlap. Light on purpose, like svcstd.measure.layout.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from types import TracebackType

import pyarrow as pa
from msgspec import Struct, field
from pyarrow import csv as pacsv

from svcstd.measure.layout import header, is_parquet, typed_columns, wanted
from svcstd.measure.sources import Source

# Larger CSV exports are streamed a block at a time (svcstd.measure.read): memory stays at
# a block instead of the whole table (about 60 MB per million rows of a typical export).
WHOLE_BYTES = 512 << 20
BLOCK_BYTES = 16 << 20  # about 110,000 rows of a typical export per block and batch


class CsvRead(Struct):
    """An export read whole, and the text of the lines left out (a field too many or few)."""

    table: pa.Table
    bad_rows: list[str] = field(default_factory=list)


def convert_options(columns: list[str], types: dict[str, pa.DataType]) -> pacsv.ConvertOptions:
    """Every wanted column as text unless typed; an empty cell is null, nothing else is."""
    return pacsv.ConvertOptions(
        include_columns=columns,
        column_types={**dict.fromkeys(columns, pa.string()), **types},
        # "NA" or "null" may be a ticket id, so only "" is null.
        strings_can_be_null=True,
        null_values=[""],
    )


def parse_options(bad_rows: list[str]) -> pacsv.ParseOptions:
    """Lines without the header's number of fields are skipped and kept in ``bad_rows``."""

    def skip(row: pacsv.InvalidRow) -> str:
        bad_rows.append(row.text)
        return "skip"

    return pacsv.ParseOptions(invalid_row_handler=skip, newlines_in_values=True)


def read_whole(
    path: Path, columns: list[str], types: dict[str, pa.DataType], block_bytes: int
) -> CsvRead:
    """The wanted columns of a CSV export as one table (chunks of ``block_bytes`` of CSV)."""
    bad_rows: list[str] = []
    table = pacsv.read_csv(
        path,
        read_options=pacsv.ReadOptions(block_size=block_bytes, encoding="utf8"),
        parse_options=parse_options(bad_rows),
        convert_options=convert_options(columns, types),
    )
    return CsvRead(table, bad_rows)


def read_whole_file(path: Path) -> bool:
    """Whether a CSV export is small enough to be read whole."""
    return path.stat().st_size <= WHOLE_BYTES


class ReadAhead:
    """One export being read whole on a thread; ``take`` hands the table over once."""

    def __init__(self, key: tuple[object, ...], read: Callable[[], CsvRead]) -> None:
        self._key = key
        self._result: CsvRead | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(
            target=self._run, args=(read,), name="svcstd-measure-read-ahead", daemon=True
        )
        self._thread.start()

    @classmethod
    def start(
        cls, exports: Sequence[Path], source: Source, block_bytes: int = BLOCK_BYTES
    ) -> ReadAhead | None:
        """Start reading the first export as the typed read will ask for it; None when it
        is not a CSV file to read whole or cannot be planned (the read proper then reports
        why, at its turn)."""
        if not exports:
            return None
        path = exports[0]
        try:
            if is_parquet(path) or not read_whole_file(path):
                return None
            names = header(path)
            columns = wanted(path, names, source)
            types = typed_columns(path, names, source)
        except Exception:  # only a head start: the read proper says what is wrong, at its turn
            return None
        key = (path, columns, types, block_bytes)
        return cls(key, lambda: read_whole(path, columns, types, block_bytes))

    def _run(self, read: Callable[[], CsvRead]) -> None:
        try:
            self._result = read()
        except BaseException as exc:  # handed to the thread that takes the table
            self._error = exc

    def take(
        self, path: Path, columns: list[str], types: dict[str, pa.DataType], block_bytes: int
    ) -> CsvRead | None:
        """The export read whole, if this read is of it with these columns and types (once);
        an error of the read is raised here, as the read itself would have raised it."""
        if self._key != (path, columns, types, block_bytes):
            return None
        self._key = ()
        self._thread.join()
        result, error = self._result, self._error
        self._result = self._error = None
        if error is not None:
            raise error
        return result

    def close(self) -> None:
        """Wait for the read to end and drop what it read (nothing is left running)."""
        self._thread.join()
        self._result = self._error = None

    def __enter__(self) -> ReadAhead:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()
