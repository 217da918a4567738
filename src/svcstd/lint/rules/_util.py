"""Small helpers the rule families share."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

from svcstd.findings import JsonPath
from svcstd.model import Document

T = TypeVar("T")


def place(doc: Document, path: JsonPath = ("id",)) -> str:
    """``file:line`` of a value, as a message names another place."""
    return f"{doc.file}:{doc.where(path)[0]}"


def find_cycles(
    items: Iterable[T], next_of: Callable[[T], T | None], key: Callable[[T], str]
) -> list[list[T]]:
    """Every loop in a graph where each item points to at most one other, each loop once."""
    cycles: list[list[T]] = []
    done: set[str] = set()
    for start in sorted(items, key=key):
        trail: list[T] = []
        node: T | None = start
        while node is not None and key(node) not in done and node not in trail:
            trail.append(node)
            node = next_of(node)
        if node is not None and node in trail:
            loop = trail[trail.index(node) :]
            first = min(range(len(loop)), key=lambda i: key(loop[i]))
            cycles.append(loop[first:] + loop[:first])
        done.update(key(t) for t in trail)
    return cycles
