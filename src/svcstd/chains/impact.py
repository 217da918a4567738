"""What a late or missed target reaches downstream: hops, teams, standards and promises.

The same graph and arithmetic as the chains/* lint rules: a delay is inserted into
every chain just after the step that serves the late target, and each external
promise further on is judged again; the slack left is what remains of it.
"""

from __future__ import annotations

from typing import Any

from msgspec import Struct, field

from svcstd.chains.budget import judge, leg_of
from svcstd.chains.clock import describe
from svcstd.chains.graph import ChainGraph, Hop
from svcstd.chains.verdicts import legs_with_delay, promised_chains


class Reached(Struct):
    """A downstream hop, how many hand-offs from the late step, and the least slack after it."""

    hop: Hop
    distance: int
    slack: float | None = None  # None: no external promise lies after this hop
    unit: str = "minutes"
    slack_before: float | None = None  # the same promise's slack without the delay
    feeds_promise: bool = False  # an external promise lies after this hop


class PromiseReached(Struct):
    """An external promise the delay reaches: its budget, the chain before and after."""

    hop: Hop
    budget: str
    before: float
    after: float | None  # None when the late target is missed outright
    allowed: float
    unit: str

    @property
    def slack(self) -> float | None:
        return None if self.after is None else self.allowed - self.after

    @property
    def kept(self) -> bool:
        return self.after is not None and self.after <= self.allowed


class Impact(Struct):
    """Everything one late (or missed) target reaches, hop by hop."""

    origin: str
    late: float | None  # wall-clock minutes; None means the target is missed outright
    starts: list[Hop]
    reached: dict[str, Reached] = field(default_factory=dict)
    promises: dict[str, PromiseReached] = field(default_factory=dict)
    edges: list[tuple[str, str]] = field(default_factory=list)  # hand-offs between reached hops

    @property
    def broken(self) -> list[PromiseReached]:
        return [p for p in self.promises.values() if not p.kept]

    def ordered(self) -> list[Reached]:
        return sorted(self.reached.values(), key=lambda r: (r.distance, r.hop.key))

    def teams(self) -> list[str]:
        return _unique(r.hop.team.id for r in self.ordered() if r.hop.team)

    def standards(self) -> list[str]:
        return _unique(r.hop.standard.id for r in self.ordered() if r.hop.standard)


def _unique(items: Any) -> list[str]:
    return list(dict.fromkeys(items))


def starts_of(graph: ChainGraph, standard_id: str, target_id: str | None) -> list[Hop]:
    """The steps that deliver the standard (or one target of it)."""
    return [
        h
        for h in graph.hops.values()
        if h.standard is not None
        and h.standard.id == standard_id
        and (target_id is None or (h.target is not None and h.target.id == target_id))
    ]


def impact(graph: ChainGraph, origin: str, starts: list[Hop], late: float | None) -> Impact:
    """Follow every chain through a start hop; judge each promise after it with the delay."""
    result = Impact(origin, late, starts)
    for chain in graph.chains():
        at = next((i for i, h in enumerate(chain.hops) if h in starts), None)
        if at is not None:
            for j, hop in enumerate(chain.hops[at:]):
                _reach(result, hop, j)
            for a, b in zip(chain.hops[at:], chain.hops[at + 1 :], strict=False):
                if (a.key, b.key) not in result.edges:
                    result.edges.append((a.key, b.key))
    for hops, end in promised_chains(graph):
        at = next((i for i, h in enumerate(hops) if h in starts), None)
        if at is not None:
            _promise(result, hops, end, at)
    return result


def _reach(result: Impact, hop: Hop, distance: int) -> Reached:
    seen = result.reached.get(hop.key)
    if seen is None or distance < seen.distance:
        old = seen
        seen = result.reached[hop.key] = Reached(hop, distance)
        if old is not None:
            seen.slack, seen.unit, seen.slack_before = old.slack, old.unit, old.slack_before
            seen.feeds_promise = old.feeds_promise
    return seen


def _promise(result: Impact, hops: list[Hop], end: Hop, at: int) -> None:
    before = judge([leg_of(h) for h in hops], end)
    after = None if result.late is None else judge(legs_with_delay(hops, at, result.late), end)
    found = PromiseReached(
        end,
        str(before.promise),
        before.total,
        after.total if after else None,
        after.allowed if after else before.allowed,
        after.unit if after else before.unit,
    )
    old = result.promises.get(end.key)
    if old is None or _worse(found, old):
        result.promises[end.key] = found
    slack = found.slack
    for j, hop in enumerate(hops[at:]):
        reached = _reach(result, hop, j)
        reached.feeds_promise = True
        if slack is not None and (reached.slack is None or slack < reached.slack):
            reached.slack, reached.unit = slack, found.unit
            reached.slack_before = found.allowed - found.before


def _worse(new: PromiseReached, old: PromiseReached) -> bool:
    if new.slack is None or old.slack is None:
        return new.before > old.before
    return new.slack < old.slack


def amount(minutes: float, unit: str) -> str:
    """Minutes in the chain's unit, signed when negative: 2m, -8m, 3h business."""
    sign = "-" if minutes < 0 else ""
    suffix = "" if unit == "minutes" else " business"
    return f"{sign}{describe(abs(minutes))}{suffix}"


def dependents(graph: ChainGraph, standard_id: str) -> list[PromiseReached]:
    """Other standards' external promises downstream of this standard's steps, as things are.

    What the handbook lists as "what depends on this": a promise is listed with the
    slack its chain leaves today (judged with no delay).
    """
    starts = starts_of(graph, standard_id, None)
    if not starts:
        return []
    found = impact(graph, standard_id, starts, 0.0).promises.values()
    return [p for p in found if p.hop.standard is not None and p.hop.standard.id != standard_id]
