"""Batches read and prepared on a thread ahead of the judging (svcstd.measure.read.prefetched):
the same items in the same order, errors raised where the loop is, nothing left running."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest

from svcstd.errors import UsageError
from svcstd.measure.read import prefetched


def test_items_come_prepared_and_in_order() -> None:
    seen_on: set[str] = set()

    def prepare(n: int) -> int:
        seen_on.add(threading.current_thread().name)
        return n * 10

    assert list(prefetched(iter(range(50)), prepare, depth=2)) == [n * 10 for n in range(50)]
    assert seen_on == {"svcstd-measure-read"}  # the work was done on the reading thread


def test_an_error_while_reading_is_raised_to_the_loop_after_the_items_before_it() -> None:
    def items() -> Iterator[int]:
        yield 1
        yield 2
        raise UsageError("export.csv: not a readable CSV file", "check the encoding")

    got = []
    with pytest.raises(UsageError, match="not a readable CSV"):
        for n in prefetched(items(), lambda n: n):
            got.append(n)
    assert got == [1, 2]


def test_leaving_the_loop_early_stops_the_reading_thread() -> None:
    before = threading.active_count()
    produced = []

    def items() -> Iterator[int]:
        for n in range(1000):
            produced.append(n)
            yield n

    for n in prefetched(items(), lambda n: n, depth=2):
        if n == 3:
            break
    assert threading.active_count() == before
    assert len(produced) < 10  # read ahead by the depth, not to the end
