"""What a change does downstream: the chains to external promises it moves.

The same hand-off graph and arithmetic as the ``chains/*`` lint rules and ``svcstd
impact`` (svcstd.chains), applied to each change on its own:

* A target's ``resolve`` made longer or shorter is what ``svcstd impact --late``
  asks: the provider may now deliver that much later (or must deliver sooner). The
  difference is inserted as a delay after each step that serves the target, in every
  chain of the earlier side through it; loosening the kitchen's target from 18 to 28
  minutes moves the guest's chain from 28 to 38 minutes against its 30, even before
  the SOP step is rewritten. (A target's ``resolve`` may count from the customer's
  first request, so it is not taken as the step's own time.)
* Any other change to an SOP's steps or a standard's targets (a step's ``within``,
  a hand-off, ``serves``, an external promise) is judged on both sides as lint judges
  them: each chain through a touched step, before and after.

A chain whose time or promise moved is reported with the change, and the teams down
the chain from the changed step join the teams the change affects.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from msgspec import Struct
from msgspec.structs import replace

from svcstd.chains.budget import Verdict, judge, leg_of
from svcstd.chains.clock import is_round_the_clock, worst_case_minutes
from svcstd.chains.graph import ChainGraph, Hop, build_graph
from svcstd.chains.impact import amount
from svcstd.chains.verdicts import legs_with_delay, promised_chains
from svcstd.diff.engine import Change, Contribution, Segment
from svcstd.durations import Duration, parse_duration
from svcstd.model import Calendar, Organisation

# Classes of change that can move a chain: not wording, not people.
MOVING = frozenset({"added", "removed", "tightened", "loosened", "changed", "owner changed"})
# The field of a document that chains are made of: an SOP's steps, a standard's targets.
CHAIN_FIELD = {"sop": "steps", "standard": "targets"}


class ChainEffect(Struct, frozen=True):
    """A chain to an external promise whose time, or whose promise, a change moved."""

    promise: str  # STANDARD/TARGET the chain ends in
    hops: tuple[str, ...]  # each hop with the time it counts, on the newer side that has it
    before: float | None  # the chain's time before; None: there was no such chain
    after: float | None  # the chain's time after; None: the chain is gone
    allowed_before: float | None
    allowed_after: float | None
    unit: str  # "minutes", or "business minutes on CALENDAR"
    teams: tuple[str, ...]  # the teams down the chain from the changed step

    @property
    def kept(self) -> bool | None:
        """Whether the chain meets its promise after the change; None when it is gone."""
        if self.after is None or self.allowed_after is None:
            return None
        return self.after <= self.allowed_after

    def as_dict(self) -> dict[str, Any]:
        """The JSON shape (docs/diff.md)."""
        return {
            "promise": self.promise,
            "before": self.before,
            "after": self.after,
            "allowed_before": self.allowed_before,
            "allowed_after": self.allowed_after,
            "unit": self.unit,
            "kept": self.kept,
            "hops": list(self.hops),
            "teams": list(self.teams),
        }

    def words(self) -> str:
        """Like "chain to X: 28m → 38m against 30m, now 8m over: hop 1m -> hop 28m -> ..."."""
        return f"chain to {self.promise}: {self._times()}: {' -> '.join(self.hops)}"

    def _times(self) -> str:
        if self.after is None or self.allowed_after is None:
            return "no longer reaches its promise"
        show = self._show
        moved = f"{show(self.before)} → " if self.before is not None else "new chain, "
        limit = show(self.allowed_after)
        if self.allowed_before is not None and self.allowed_before != self.allowed_after:
            limit = f"{show(self.allowed_before)} → {limit}"
        slack = self.allowed_after - self.after
        was_kept = self.before is not None and self.before <= (self.allowed_before or 0)
        if slack < 0:
            state = f"{'now ' if was_kept else ''}{show(-slack)} over"
        else:
            state = f"{'now fits, ' if self.before is not None and not was_kept else ''}"
            state += f"{show(slack)} to spare"
        return f"{moved}{show(self.after)} against {limit}, {state}"

    def _show(self, minutes: float | None) -> str:
        return "?" if minutes is None else amount(minutes, self.unit)


def may_move_chains(changes: Iterable[Change], contributions: Iterable[Contribution]) -> bool:
    """Whether any change could move a chain, judged from the cached document summaries.

    A target matters only if an SOP step serves it, an SOP only if its hand-offs can lead
    to a step serving an external promise. When neither holds, both sides need not be
    loaded whole: a diff of ten targets among 10,000 documents stays fast.
    """
    found = list(contributions)
    served = {s for c in found for s in c.get("serves", ())}
    feeding = _feeding(found)
    for change in changes:
        if not _in_chain_field(change):
            continue
        if change.kind == "sop" and change.id in feeding:
            return True
        if change.kind == "standard" and any(_serves(s, change) for s in served):
            return True
    return False


def _feeding(found: list[Contribution]) -> set[str]:
    """SOPs whose hand-offs may lead to a step serving an external promise (a superset).

    A hand-off leads to every SOP whose first step the receiving role does; the graph
    adds conditions (svcstd.chains.graph), so this may name SOPs no chain really joins.
    """
    promised = {t for c in found for t in c.get("promises", ())}
    sops = [c for c in found if c["kind"] == "sop"]
    starting: dict[str, set[str]] = {}
    for c in sops:
        starting.setdefault(c.get("starts") or "", set()).add(c["id"])
    leads: dict[str, set[str]] = {}
    for c in sops:
        to = leads.setdefault(c["id"], set())
        to.update(s for role in c.get("handoffs", ()) for s in starting.get(role, ()))
    feeding = {c["id"] for c in sops if promised.intersection(c.get("serves", ()))}
    grown = feeding
    while grown:  # add the SOPs leading into one already found, until none is new
        grown = {s for s, to in leads.items() if s not in feeding and to & feeding}
        feeding |= grown
    return feeding


def _in_chain_field(change: Change) -> bool:
    field = CHAIN_FIELD.get(change.kind)
    return field is not None and change.change in MOVING and change.path[:1] in ((), (field,))


def _serves(served: str, change: Change) -> bool:
    std, _, target = served.partition("/")
    item = change.path[1] if len(change.path) > 1 else None
    return std == change.id and (item is None or item == target)


def with_chain_effects(
    changes: list[Change], before: Organisation | None, after: Organisation | None
) -> list[Change]:
    """The changes, each with the chains it moves and their teams added to its impact."""
    if not any(_in_chain_field(c) for c in changes):
        return changes
    sides = (_Side(before), _Side(after))
    return [_with_effects(c, sides) if _in_chain_field(c) else c for c in changes]


class _Side:
    """One side's hand-off graph and its chains to external promises, each judged once."""

    def __init__(self, org: Organisation | None) -> None:
        self.graph = build_graph(org) if org is not None else ChainGraph()
        found = promised_chains(self.graph)
        self.chains = {tuple(h.key for h in hops): hops for hops, _ in found}
        self._verdicts: dict[tuple[str, ...], Verdict] = {}

    def touched(self, change: Change) -> set[str]:
        """The keys of the hops a change to an SOP's steps or a standard's targets touches."""
        item = change.path[1] if len(change.path) > 1 else None
        if change.kind == "sop":
            return {k for k, h in self.graph.hops.items()
                    if h.sop.id == change.id and item in (None, h.step.id)}  # fmt: skip
        return {k for k, h in self.graph.hops.items() if _delivers(h, change.id, item)}

    def verdict(self, key: tuple[str, ...]) -> Verdict | None:
        """The chain judged as lint judges it; None when this side has no such chain."""
        hops = self.chains.get(key)
        if hops is None:
            return None
        if key not in self._verdicts:
            self._verdicts[key] = judge([leg_of(h) for h in hops], hops[-1])
        return self._verdicts[key]


def _delivers(hop: Hop, standard: str, target: Segment | None) -> bool:
    if hop.standard is None or hop.standard.id != standard:
        return False
    return target is None or (hop.target is not None and hop.target.id == target)


def _with_effects(change: Change, sides: tuple[_Side, _Side]) -> Change:
    delay = _allowance(change, sides[0])
    effects = _late_effects(change, sides[0], delay) if delay else _moved(change, sides)
    if not effects:
        return change
    impact = change.impact
    if impact != ("all",):
        impact = tuple(sorted({*impact, *(t for e in effects for t in e.teams)}))
    return replace(change, chains=tuple(effects), impact=impact)


def _allowance(change: Change, side: _Side) -> float | None:
    """Wall-clock minutes a target's new ``resolve`` gives (or takes) beyond the old one."""
    if change.kind != "standard" or len(change.path) != 3 or change.path[2] != "resolve":
        return None
    if change.change not in ("tightened", "loosened"):
        return None
    hop = next((side.graph.hops[k] for k in sorted(side.touched(change))), None)
    old, new = parse_duration(str(change.before)), parse_duration(str(change.after))
    calendar = hop.calendar if hop is not None else None
    return _worst(new, calendar) - _worst(old, calendar)


def _worst(duration: Duration, calendar: Calendar | None) -> float:
    if not duration.business or calendar is None or is_round_the_clock(calendar):
        return duration.minutes if calendar is not None else duration.elapsed_minutes()
    return worst_case_minutes(duration, calendar)


def _late_effects(change: Change, side: _Side, delay: float) -> list[ChainEffect]:
    """Each chain through the target's steps, with the difference as a delay after them."""
    touched = side.touched(change)
    effects = []
    for key, hops in sorted(side.chains.items()):
        at = next((i for i, h in enumerate(hops) if h.key in touched), None)
        if at is None:
            continue
        was = side.verdict(key)
        legs = legs_with_delay(hops, at, delay)
        now = judge(legs, hops[-1])
        assert was is not None
        effects.append(_effect(hops, at, was, now, tuple(leg.label for leg in legs)))
    return effects


def _moved(change: Change, sides: tuple[_Side, _Side]) -> list[ChainEffect]:
    """Each chain through a touched step whose time or promise differs between the sides."""
    touched = [side.touched(change) for side in sides]
    through = {key for side, keys in zip(sides, touched, strict=True)
               for key in side.chains if keys.intersection(key)}  # fmt: skip
    effects = []
    for key in sorted(through):
        was, now = sides[0].verdict(key), sides[1].verdict(key)
        newest = now or was
        if newest is None or (was and now and (was.total, was.allowed) == (now.total, now.allowed)):
            continue  # as long as before, against the same promise
        side = 1 if now is not None else 0
        hops = sides[side].chains[key]
        at = min(i for i, h in enumerate(hops) if h.key in touched[side])
        effects.append(_effect(hops, at, was, now, tuple(leg.label for leg in newest.legs)))
    return effects


def _effect(
    hops: list[Hop], at: int, was: Verdict | None, now: Verdict | None, labels: tuple[str, ...]
) -> ChainEffect:
    """The effect on one chain; ``at`` is the changed step, whose followers are affected."""
    teams = [h.team.id for h in hops[at + 1 :] if h.team is not None]
    newest = now or was
    return ChainEffect(
        promise=hops[-1].step.serves or hops[-1].key,
        hops=labels,
        before=was.total if was else None,
        after=now.total if now else None,
        allowed_before=was.allowed if was else None,
        allowed_after=now.allowed if now else None,
        unit=newest.unit if newest else "minutes",
        teams=tuple(dict.fromkeys(teams)),
    )
