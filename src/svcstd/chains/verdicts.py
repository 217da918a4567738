"""Every chain that ends in an external promise, judged once: what lint and impact share."""

from __future__ import annotations

from collections.abc import Iterator

from svcstd.chains.budget import Leg, Verdict, judge, leg_of
from svcstd.chains.graph import Chain, ChainGraph, Hop


def promised_chains(graph: ChainGraph) -> Iterator[tuple[list[Hop], Hop]]:
    """Each distinct run of hops from an entry to a hop serving an external promise."""
    seen: set[tuple[str, ...]] = set()
    for chain in graph.chains():
        for end, hop in enumerate(chain.hops):
            if hop.promise is None:
                continue
            hops = chain.hops[: end + 1]
            key = tuple(h.key for h in hops)
            if key not in seen:
                seen.add(key)
                yield hops, hop


def verdicts(graph: ChainGraph) -> list[Verdict]:
    """Every promised chain judged against its promise."""
    return [judge([leg_of(h) for h in hops], end) for hops, end in promised_chains(graph)]


def loops(graph: ChainGraph) -> list[list[Hop]]:
    """Each loop in the graph once, starting at its alphabetically first hop."""
    found: dict[frozenset[str], list[Hop]] = {}
    for chain in graph.chains():
        if chain.loop is None:
            continue
        keys = frozenset(h.key for h in chain.loop)
        if keys not in found:
            first = min(range(len(chain.loop)), key=lambda i: chain.loop[i].key)  # type: ignore[index]
            found[keys] = chain.loop[first:] + chain.loop[:first]
    return sorted(found.values(), key=lambda loop: loop[0].key)


def legs_with_delay(hops: list[Hop], after: int, minutes: float) -> list[Leg]:
    """The chain's legs with a wall-clock delay inserted after hop number ``after``."""
    from svcstd.chains.budget import delay_leg

    legs = [leg_of(h) for h in hops]
    return [*legs[: after + 1], delay_leg(minutes), *legs[after + 1 :]]


__all__ = ["Chain", "legs_with_delay", "loops", "promised_chains", "verdicts"]
