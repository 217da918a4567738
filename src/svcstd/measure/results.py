"""Aggregating judged rows into per-target figures: counts, attainment, percentiles, worst cases.

Everything here is computed from sorted or counted arrays, so the figures are the same
whatever order the rows came in or however they were split into batches.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa
from msgspec import Struct

from svcstd.measure.arrow import indices
from svcstd.measure.catalogue import Catalogue, Metric
from svcstd.measure.engine import BREACHED, MET, OPEN, OPEN_BREACHED, Outcomes

WORST = 5


class Columns(Struct, frozen=True):
    """All outcomes as single arrays."""

    metric: npt.NDArray[np.int32]
    status: npt.NDArray[np.int8]
    value: npt.NDArray[np.float64]
    month: npt.NDArray[np.int32]
    team: npt.NDArray[np.int32]
    ticket: npt.NDArray[np.int64]
    names: pa.Array  # the ticket ids; ``ticket`` holds rows of it

    @classmethod
    def of(cls, outcomes: Outcomes) -> Columns:
        """The outcomes joined, column by column. Each column's parts are let go once joined,
        so that memory holds one copy of the outcomes rather than two (the outcomes are
        left empty)."""

        def join(parts: list[Any], dtype: Any) -> Any:
            joined = np.concatenate(parts) if parts else np.zeros(0, dtype)
            parts.clear()
            return joined

        return cls(
            join(outcomes.metric, np.int32),
            join(outcomes.status, np.int8),
            join(outcomes.value, np.float64),
            join(outcomes.month, np.int32),
            join(outcomes.team, np.int32),
            join(outcomes.ticket, np.int64),
            # One array: taking rows from a chunked one joins its chunks on every call.
            pa.chunked_array(outcomes.names, pa.string()).combine_chunks(),
        )


class _Tickets(Struct, frozen=True):
    """The ticket id of each outcome: ``rows[outcome]`` is its row in ``names``."""

    names: pa.Array
    rows: npt.NDArray[np.int64]

    def of(self, outcomes: npt.NDArray[np.int64]) -> list[Any]:
        """The ticket ids of some outcomes."""
        return list(self.names.take(indices(self.rows[outcomes])).to_pylist())


def summarise(
    catalogue: Catalogue, outcomes: Outcomes, excluded: npt.NDArray[np.int64], teams: dict[str, int]
) -> list[dict[str, Any]]:
    """One record per measured metric that has requests (or excluded rows) in the period.

    The outcomes are used up: their arrays are joined and let go (Columns.of)."""
    cols = Columns.of(outcomes)
    metrics = len(catalogue.metrics)
    team_names = {index: name for name, index in teams.items()}
    # The per-month and per-team counts are worked out on a second core meanwhile (NumPy
    # releases the interpreter lock); the pool waits for its thread however this ends.
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="svcstd-measure") as pool:
        tables = pool.submit(
            lambda: (
                _tables(cols, cols.month, metrics, _month_name),
                _tables(cols, cols.team, metrics, lambda i: team_names.get(i, "")),
            )
        )
        records = _records(catalogue, cols, excluded)
        months, by_team = tables.result()
    for index, record in records:
        record["months"], record["teams"] = months[index], by_team[index]
    return [record for _, record in records]


def _records(
    catalogue: Catalogue, cols: Columns, excluded: npt.NDArray[np.int64]
) -> list[tuple[int, dict[str, Any]]]:
    """Each measured metric's record (all but its month and team tables), by metric index."""
    metrics = len(catalogue.metrics)
    # Small integers sort by radix: grouping two million outcomes by metric is one pass.
    order = np.argsort(cols.metric.astype(np.int16), kind="stable")
    bounds = np.concatenate(([0], np.cumsum(np.bincount(cols.metric, minlength=metrics))))
    # Each metric's outcomes side by side: a slice of these instead of a gather per metric.
    # (The ticket rows are looked up for the few worst cases only.)
    status, value = cols.status[order], cols.value[order]
    tickets = _Tickets(cols.names, cols.ticket)
    records = []
    for metric in catalogue.metrics:
        rows = slice(bounds[metric.index], bounds[metric.index + 1])
        if rows.stop > rows.start or excluded[metric.index]:
            record = _record(
                metric, status[rows], value[rows], tickets, order[rows],
                int(excluded[metric.index]),
            )  # fmt: skip
            records.append((metric.index, record))
    return records


def _tables(
    cols: Columns, keys: npt.NDArray[np.int32], metrics: int, name: Any
) -> list[dict[str, Any]]:
    """Counts per metric and key (month or team), all from one bincount."""
    found, inverse = _distinct(keys)
    cells = (cols.metric.astype(np.int64) * len(found) + inverse) * 4 + cols.status
    table = np.bincount(cells, minlength=metrics * len(found) * 4).reshape(metrics, len(found), 4)
    labels = [name(int(k)) if k >= 0 else None for k in found]
    out = []
    for per_metric in table:
        used = np.flatnonzero(per_metric.sum(axis=1))
        rows: dict[str, Any] = {}
        for i in used.tolist():
            label = labels[i]
            if label is not None:  # no customer team given
                rows[label] = _tally(per_metric[i])
        out.append(dict(sorted(rows.items())))
    return out


def _distinct(
    keys: npt.NDArray[np.int32],
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """The distinct keys in order and each key's position among them, like ``np.unique(keys,
    return_inverse=True)`` but by counting: keys are months or team numbers, a small range,
    and sorting two million of them cost a third of a second."""
    if keys.size == 0:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    low = int(keys.min())
    shifted = keys.astype(np.int64) - low
    present = np.bincount(shifted) > 0
    position = np.cumsum(present) - 1
    return np.flatnonzero(present) + low, position[shifted]


def _counts(status: npt.NDArray[np.int8]) -> dict[str, Any]:
    return _tally(np.bincount(status, minlength=4))


def _tally(n: npt.NDArray[np.int64]) -> dict[str, Any]:
    judged = int(n[MET] + n[BREACHED] + n[OPEN_BREACHED])
    return {
        "requests": int(n.sum()),
        "met": int(n[MET]),
        "breached": int(n[BREACHED]),
        "open": int(n[OPEN] + n[OPEN_BREACHED]),
        "open_breached": int(n[OPEN_BREACHED]),
        "attainment": round(100 * int(n[MET]) / judged, 2) if judged else None,
    }


def _record(
    metric: Metric,
    status: npt.NDArray[np.int8],
    value: npt.NDArray[np.float64],
    tickets: _Tickets,
    outcomes: npt.NDArray[np.int64],
    excluded: int,
) -> dict[str, Any]:
    """The figures of one metric from its outcomes (``outcomes``: which ones, for the ticket
    ids of the worst cases)."""
    closed = value[(status == MET) | (status == BREACHED)]
    record: dict[str, Any] = {
        "standard": metric.standard,
        "target": metric.target,
        "metric": metric.kind,
        "promise": metric.limit,
        "calendar": metric.calendar if metric.uses_calendar else None,
        "provider": metric.provider,
        "objective": metric.objective,
        **_counts(status),
        "excluded": excluded,
        "median_minutes": _quantile(closed, 0.5),
        "p90_minutes": _quantile(closed, 0.9),
        "worst": _worst(value, status, tickets, outcomes),
    }
    record["under_objective"] = (
        metric.objective is not None
        and record["attainment"] is not None
        and record["attainment"] < metric.objective
    )
    return record


def _quantile(values: npt.NDArray[np.float64], q: float) -> float | None:
    if values.size == 0:
        return None
    # The value of an actual request (nearest rank), not an interpolation between two.
    rank = max(int(np.ceil(q * values.size)) - 1, 0)
    return round(float(np.partition(values, rank)[rank]) / 60, 2)


def _worst(
    value: npt.NDArray[np.float64],
    status: npt.NDArray[np.int8],
    tickets: _Tickets,
    outcomes: npt.NDArray[np.int64],
) -> list[dict[str, Any]]:
    late = np.flatnonzero((status == BREACHED) | (status == OPEN_BREACHED))
    if late.size == 0:
        return []
    k = min(WORST, late.size)
    threshold = np.partition(value[late], late.size - k)[late.size - k]
    chosen = late[value[late] >= threshold]
    names = tickets.of(outcomes[chosen])
    cases = sorted(zip((-value[chosen]).tolist(), names, status[chosen].tolist(), strict=True))
    return [
        {"ticket": t, "minutes": round(-v / 60, 2), "open": s == OPEN_BREACHED}
        for v, t, s in cases[:WORST]
    ]


def _month_name(month: int) -> str:
    return str(np.datetime64(int(month), "M"))
