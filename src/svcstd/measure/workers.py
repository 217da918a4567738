"""Items shared out among a few threads, each working with its own state.

Judging a batch is mostly NumPy and pyarrow work, which releases the interpreter lock:
two threads, each with its own measurer, judge two batches at once on two cores, and the
measurers are merged at the end (svcstd.measure.engine.Measurer.absorb). Whichever thread
takes which batch, the figures are the same: they do not depend on the order or the
grouping of the rows.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from typing import TypeVar

T = TypeVar("T")
S = TypeVar("S")
MAX_THREADS = 4  # past a few threads the judging waits on the interpreter lock instead
_END = object()


def threads_available() -> int:
    """How many threads to judge on: the CPUs this process may use, at most MAX_THREADS."""
    usable = os.sched_getaffinity(0) if hasattr(os, "sched_getaffinity") else None
    count = len(usable) if usable else (os.cpu_count() or 1)
    return max(1, min(MAX_THREADS, count))


def share(
    items: Iterator[T], make: Callable[[], S], work: Callable[[S, T], None], threads: int
) -> list[S]:
    """Every item worked on once, by one of ``threads`` workers with its own state from
    ``make``; the states, the calling thread's first.

    Items are taken one at a time under a lock, so ``items`` may be a generator (reading
    the next block of an export happens there). The first error, on any thread, stops the
    others after their current item and is raised here; no thread is left running.
    """
    lock = threading.Lock()
    stop = threading.Event()
    errors: list[BaseException] = []
    states = [make() for _ in range(max(1, threads))]

    def run(state: S) -> None:
        try:
            while not stop.is_set():
                with lock:
                    item = next(items, _END)
                if item is _END:
                    return
                work(state, item)  # type: ignore[arg-type]
        except BaseException as exc:  # raised on the calling thread, below
            errors.append(exc)
            stop.set()

    others = [
        threading.Thread(target=run, args=(state,), name=f"svcstd-measure-{n}", daemon=True)
        for n, state in enumerate(states[1:], 1)
    ]
    for thread in others:
        thread.start()
    try:
        run(states[0])
    finally:
        stop.set()  # the items are all taken, or an error stops the rest
        for thread in others:
            thread.join()
    if errors:
        raise errors[0]
    return states
