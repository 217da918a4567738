"""What to read of an export and how: its header, the columns wanted, the types the CSV
reader can give them. Light on purpose (the standard library and pyarrow's core only), so
that the command can plan and start reading before the engine and numpy are imported
(svcstd.measure.ahead)."""

from __future__ import annotations

import csv
import itertools
from pathlib import Path

import pyarrow as pa

from svcstd.errors import UsageError
from svcstd.measure.sources import GENERIC_COLUMNS, REQUIRED, Source

# Read by the CSV reader as timestamps (ISO 8601 exports): parsed on its threads, straight
# from the bytes. 'promised' stays text: a bare date there means the end of that day.
TYPED_TIMES = ("opened", "first_response", "resolved")
LABELS = ("standard", "target", "customer_team")  # few distinct values: read as dictionaries
SNIFF_ROWS = 200


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


def is_parquet(path: Path) -> bool:
    """Whether the file starts as a Parquet file does."""
    with path.open("rb") as f:
        return f.read(4) == b"PAR1"


def header(path: Path) -> list[str]:
    """The export's column names; a file that cannot be read is a usage error."""
    try:
        if is_parquet(path):
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


def wanted(path: Path, header: list[str], source: Source) -> list[str]:
    """The export's columns to read; a required one that is missing is a usage error."""
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
