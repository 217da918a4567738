"""Timestamp columns to UTC epoch seconds, whole arrays at a time.

ISO 8601 with an offset is an absolute moment; without one it is local time in the
configuration's zone. Exports with another spelling (``05/Mar/26 9:15 AM``) give their
strptime formats. Every value ends as a moment, empty, or unparsable (a data finding).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc
from msgspec import Struct

from svcstd.measure.zones import OffsetTable, offset_table, year_of

EMPTY, OK, BAD = 0, 1, 2
_ISO_FORMATS = ("%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M")


class Parsed(Struct, frozen=True):
    """A parsed column: seconds (valid where state is OK) and a state per row."""

    seconds: npt.NDArray[np.int64]
    state: npt.NDArray[np.int8]
    text: pa.Array  # the values as written


class Localiser(Struct, frozen=True):
    """Reads local wall-clock seconds in one zone as UTC."""

    zone: str

    def table(self, local: npt.NDArray[np.int64]) -> OffsetTable:
        if local.size == 0:
            return offset_table(self.zone, 2000, 2000)
        return offset_table(self.zone, year_of(int(local.min())), year_of(int(local.max())))

    def to_utc(self, local: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
        """UTC seconds of local seconds."""
        return self.table(local).to_utc(local)


def parse_column(values: pa.Array, zone: Localiser, formats: Sequence[str] | None = None) -> Parsed:
    """Parse a string column; ``formats`` are strptime formats (None: ISO 8601).

    A column the CSV reader already read as timestamps (svcstd.measure.read) is taken as
    is: with a time zone, an absolute moment; without one, local time in ``zone``.
    """
    if pa.types.is_timestamp(values.type):
        return _typed(values, zone)
    values = values.cast(pa.string())
    if pc.any(pc.equal(values, "")).as_py():  # the CSV reader already made them null
        values = pc.if_else(pc.equal(values, ""), pa.scalar(None, pa.string()), values)
    present = pc.is_valid(values).to_numpy(zero_copy_only=False)
    if formats:
        aware, local = _by_formats(values, formats)
    else:
        aware, local = _iso(values)
    seconds = np.zeros(len(values), np.int64)
    got_aware = pc.is_valid(aware).to_numpy(zero_copy_only=False)
    got_local = pc.is_valid(local).to_numpy(zero_copy_only=False) & ~got_aware
    seconds[got_aware] = _seconds(aware)[got_aware]
    if got_local.any():
        seconds[got_local] = zone.to_utc(_seconds(local)[got_local])
    state = np.where(got_aware | got_local, OK, np.where(present, BAD, EMPTY)).astype(np.int8)
    return Parsed(seconds, state, values)


def _typed(values: pa.Array, zone: Localiser) -> Parsed:
    seconds = _seconds(values)
    if values.null_count == 0:  # the common case for 'opened': no masks to apply
        if values.type.tz is None:
            seconds = zone.to_utc(seconds)
        return Parsed(seconds, np.full(len(values), OK, np.int8), values)
    present = pc.is_valid(values).to_numpy(zero_copy_only=False)
    if values.type.tz is None and present.any():
        seconds[present] = zone.to_utc(seconds[present])
    return Parsed(seconds, np.where(present, OK, EMPTY).astype(np.int8), values)


def date_only(values: pa.Array) -> npt.NDArray[np.bool_]:
    """Which values are a bare date (a promised day rather than a moment)."""
    length = pc.utf8_length(pc.utf8_trim_whitespace(values.cast(pa.string())))
    return np.asarray(pc.equal(length, 10).fill_null(False).to_numpy(zero_copy_only=False))


def _seconds(stamps: pa.Array) -> npt.NDArray[np.int64]:
    ms = stamps.cast(pa.timestamp("ms", stamps.type.tz)).cast(pa.int64()).fill_null(0)
    return np.asarray(ms.to_numpy(zero_copy_only=False), np.int64) // 1000


def _iso(values: pa.Array) -> tuple[pa.Array, pa.Array]:
    """Absolute and local timestamps (null where the value is of the other kind or bad)."""
    nulls_aware = pa.nulls(len(values), pa.timestamp("ms", "UTC"))
    nulls_local = pa.nulls(len(values), pa.timestamp("ms"))
    # The common case, one kind throughout, is one fast cast of the kind the first value
    # looks like. A cast that fails is slow, so only then are the values sorted by kind.
    first = values.drop_null()[:1]
    if len(first) == 0:
        return nulls_aware, nulls_local
    aware_first = bool(_has_offset(first)[0].as_py())
    target = pa.timestamp("ms", "UTC") if aware_first else pa.timestamp("ms")
    try:
        cast = values.cast(target)
        return (cast, nulls_local) if aware_first else (nulls_aware, cast)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        pass
    has_offset = _has_offset(values)
    empty = pa.scalar(None, pa.string())
    aware = _cast_or_strptime(pc.if_else(has_offset, values, empty), True)
    local = _cast_or_strptime(pc.if_else(has_offset, empty, values), False)
    return aware, local


def _has_offset(values: pa.Array) -> pa.Array:
    """Whether each value ends in an offset (Z, +07:00, -0500), without a regular expression.

    Looks at the sixth and fifth characters from the end; a bare date ('2026-03-02') also
    has a '-' there, so values of date length are never taken for an offset.
    """
    signs = pa.array(["+", "-"])
    sixth = pc.is_in(pc.utf8_slice_codeunits(values, -6, -5), value_set=signs)
    fifth = pc.is_in(pc.utf8_slice_codeunits(values, -5, -4), value_set=signs)
    zulu = pc.or_(pc.ends_with(values, "Z"), pc.ends_with(values, "z"))
    longer = pc.greater(pc.utf8_length(values), 10)
    return pc.and_(longer, pc.or_(zulu, pc.or_(sixth, fifth))).fill_null(False)


def _cast_or_strptime(values: pa.Array, aware: bool) -> pa.Array:
    target = pa.timestamp("ms", "UTC") if aware else pa.timestamp("ms")
    try:
        return values.cast(target)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        pass
    # Some values are bad (or padded): parse format by format, bad ones become null.
    plain = pc.replace_substring_regex(pc.utf8_trim_whitespace(values), r"\.\d+", "")
    formats = [f + "%z" for f in _ISO_FORMATS] if aware else [*_ISO_FORMATS, "%Y-%m-%d"]
    return _coalesce(plain, formats).cast(target)


def _coalesce(values: pa.Array, formats: Sequence[str]) -> pa.Array:
    parsed = [_strptime(values, f) for f in formats]
    tz = "UTC" if any("%z" in f for f in formats) else None
    return pc.coalesce(*(p.cast(pa.timestamp("s", tz)) for p in parsed))


def _strptime(values: pa.Array, fmt: str) -> pa.Array:
    """Arrow's strptime, with values that name no real day (30 February) made null.

    Arrow rolls an impossible day over into the next month (2026-02-30 becomes 2 March) where
    Python's strptime refuses it; such a value must be a bad-timestamp finding, not a moment.
    """
    parsed = pc.strptime(values, format=fmt, unit="s", error_is_null=True)
    pattern = _date_fields_pattern(fmt)
    if pattern is None:
        return parsed
    fields = pc.extract_regex(values, pattern)  # null where the value does not match
    matched = pc.is_valid(fields).to_numpy(zero_copy_only=False)
    real = np.ones(len(values), np.bool_)
    if matched.any():
        real[matched] = _real_days(fields.filter(pc.is_valid(fields)))
    return pc.if_else(pa.array(real), parsed, pa.nulls(len(values), parsed.type))


# The date directives of a strptime format as named groups; any other directive matches a run
# of characters. Only the part of the format up to its last date directive is needed.
_DATE_DIRECTIVES = {
    "Y": r"(?P<Y>\d{4})",
    "y": r"(?P<y>\d{2})",
    "m": r"(?P<m>\d{1,2})",
    "d": r"(?P<d>\d{1,2})",
    "b": r"(?P<b>[A-Za-z]+)",
    "B": r"(?P<b>[A-Za-z]+)",
}
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


@cache  # one pattern per format, asked again for every batch
def _date_fields_pattern(fmt: str) -> str | None:
    """A regular expression reading the year, month and day fields of ``fmt``.

    None when the format lacks one of them: then there is nothing to check the day against.
    """
    parts, have = [r"^\s*"], set()
    pieces = re.split(r"(%.)", fmt)
    last = max((i for i, p in enumerate(pieces) if p[1:] in _DATE_DIRECTIVES and p[:1] == "%"),
               default=-1)  # fmt: skip
    for piece in pieces[: last + 1]:
        if piece.startswith("%") and len(piece) == 2:
            directive = piece[1]
            if directive in _DATE_DIRECTIVES and directive.lower() not in have:
                have.add(directive.lower())
                parts.append(_DATE_DIRECTIVES[directive])
            else:
                parts.append("%" if directive == "%" else r"\S*?")
        else:
            parts.append(re.escape(piece))
    return "".join(parts) if {"y", "m", "d"} <= have or {"y", "b", "d"} <= have else None


def _real_days(fields: pa.StructArray) -> npt.NDArray[np.bool_]:
    """Whether each (year, month, day) read from the text is a day of the calendar."""
    names = {fields.type.field(i).name for i in range(fields.type.num_fields)}

    def number(name: str) -> npt.NDArray[np.int64]:
        return np.asarray(pc.cast(pc.struct_field(fields, name), pa.int64()).to_numpy(), np.int64)

    if "Y" in names:
        year = number("Y")
    else:  # as strptime reads %y: 69-99 are the 1900s
        short = number("y")
        year = short + np.where(short < 69, 2000, 1900)
    if "m" in names:
        month = number("m")
    else:
        abbreviation = pc.utf8_lower(pc.utf8_slice_codeunits(pc.struct_field(fields, "b"), 0, 3))
        month = np.asarray(pc.index_in(abbreviation, pa.array(_MONTHS)).fill_null(-1)) + 1
    day = number("d")
    leap = (year % 4 == 0) & ((year % 100 != 0) | (year % 400 == 0))
    length = np.array([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])[np.clip(month, 1, 12) - 1]
    length = length + ((month == 2) & leap)
    return np.asarray((month >= 1) & (month <= 12) & (day >= 1) & (day <= length), np.bool_)


def _by_formats(values: pa.Array, formats: Sequence[str]) -> tuple[pa.Array, pa.Array]:
    aware_formats = [f for f in formats if "%z" in f]
    local_formats = [f for f in formats if "%z" not in f]
    aware = (
        _coalesce(values, aware_formats)
        if aware_formats
        else pa.nulls(len(values), pa.timestamp("s", "UTC"))
    )
    local = (
        _coalesce(values, local_formats)
        if local_formats
        else pa.nulls(len(values), pa.timestamp("s"))
    )
    return aware, local
