"""The hand-off graph: every SOP step as a hop, and which steps take the work over from it.

Inside an SOP the work passes from a step to the next step done by the role it is
handed to (``handoff``), or, without a hand-off, to the next step when the same role
carries on. A hand-off to a role with no later step in the SOP starts a linked SOP
(one that shares a standard with it, or lists the handing team or role as a SIPOC
supplier) whose first step that role does. A step's ``serves: STANDARD/TARGET`` ties it to
a target; a target with an external promise ends a chain with a budget.
"""

from __future__ import annotations

from collections.abc import Iterator

from msgspec import Struct, field

from svcstd.durations import Duration
from svcstd.model import Calendar, Organisation, Sop, Standard, Step, Target, Team
from svcstd.relative import shortest_window, words
from svcstd.terms import terms_of


class Hop(Struct, eq=False):
    """One SOP step seen as a link in a chain, with the target it serves and its calendar."""

    sop: Sop
    step: Step
    standard: Standard | None
    target: Target | None
    calendar: Calendar | None

    @property
    def key(self) -> str:
        return f"{self.sop.id}/{self.step.id}"

    @property
    def team(self) -> Team | None:
        return self.step.role.team if self.step.role else None

    @property
    def promise(self) -> Duration | None:
        """The time promised to an external customer for the target this hop delivers.

        A promise fixed per request ('by 10:00 on the next business day') counts as the
        shortest time it can leave (svcstd.relative.shortest_window); a promised date
        leaves a time known only per request, so it ends no chain.
        """
        external = self.target.external if self.target else None
        if external is None or external.resolve is not None or external.by is None:
            return external.resolve if external else None
        window = shortest_window(external.by, self.calendar)
        return None if window is None else Duration(window, False, words(external.by))


class Chain(Struct):
    """One path through the graph from an SOP's first step; ``loop`` when it came back."""

    hops: list[Hop]
    loop: list[Hop] | None = None


class ChainGraph(Struct):
    """Every hop by key, and the hops that take the work over from each."""

    hops: dict[str, Hop] = field(default_factory=dict)
    after: dict[str, list[Hop]] = field(default_factory=dict)
    entries: list[Hop] = field(default_factory=list)

    def chains(self) -> Iterator[Chain]:
        """Every path from an entry, stopping at a hop already on the path (a loop)."""
        for entry in self.entries:
            yield from self._walk([entry])

    def _walk(self, trail: list[Hop]) -> Iterator[Chain]:
        nexts = self.after.get(trail[-1].key, [])
        if not nexts:
            yield Chain(trail)
        for hop in nexts:
            if hop in trail:
                yield Chain(trail, trail[trail.index(hop) :])
            else:
                yield from self._walk([*trail, hop])


def served_target(org: Organisation, step: Step) -> tuple[Standard | None, Target | None]:
    """The standard and target named by a step's ``serves``; None where either is unknown."""
    if not step.serves:
        return None, None
    std_id, _, target_id = step.serves.partition("/")
    std = org.standards.get(std_id)
    target = next((t for t in std.targets if t.id == target_id), None) if std else None
    return std, target


def _hop(org: Organisation, sop: Sop, step: Step) -> Hop:
    std, target = served_target(org, step)
    if std is not None:
        calendar = terms_of(org, std, target).calendar
    else:
        team = step.role.team if step.role else None
        calendar = org.config.calendar(team.service_hours if team else None)
    return Hop(sop, step, std, target, calendar)


def build_graph(org: Organisation) -> ChainGraph:
    """The hand-off graph of every SOP in the organisation."""
    graph = ChainGraph()
    for sop in org.sops.values():
        for step in sop.steps:
            hop = _hop(org, sop, step)
            graph.hops.setdefault(hop.key, hop)
        if sop.steps:
            graph.entries.append(graph.hops[f"{sop.id}/{sop.steps[0].id}"])
    links = _Links(org)
    for sop in org.sops.values():
        for step in sop.steps:
            nexts = _next_steps(sop, step, links)
            graph.after[f"{sop.id}/{step.id}"] = [graph.hops[f"{s.id}/{t.id}"] for s, t in nexts]
    return graph


def _next_steps(sop: Sop, step: Step, links: _Links) -> list[tuple[Sop, Step]]:
    later = sop.steps[step.index + 1 :]
    if step.handoff_id is None:
        # Without a hand-off the work stays with the role: it goes on only if that
        # role does the very next step.
        return [(sop, later[0])] if later and later[0].role_id == step.role_id else []
    same = next((s for s in later if s.role_id == step.handoff_id), None)
    if same is not None:
        return [(sop, same)]
    # Across SOPs only a hand-off that starts the other SOP is followed: a hand-off to
    # a role in the middle of one (a query back to purchasing) is not its trigger.
    started = links.started_by.get(step.handoff_id, [])
    return [(o, o.steps[0]) for o in started if o is not sop and links.linked(sop, o)]


class _Links:
    """Which SOPs are linked (a shared standard, or a SIPOC supplier), indexed once.

    Indexed so that a hand-off looks only at the SOPs its role starts: the graph of an
    organisation with thousands of SOPs is built in one pass.
    """

    def __init__(self, org: Organisation) -> None:
        self.standards: dict[str, set[str]] = {
            sop.id: set(sop.related_standard_ids) for sop in org.sops.values()
        }
        for std in org.standards.values():
            for sop_id in std.related_sop_ids:
                self.standards.setdefault(sop_id, set()).add(std.id)
        self.started_by: dict[str, list[Sop]] = {}
        for sop in org.sops.values():
            if sop.steps:
                self.started_by.setdefault(sop.steps[0].role_id, []).append(sop)
        self.own: dict[str, set[str]] = {}
        for sop in org.sops.values():
            own = {sop.id, *(s.role_id for s in sop.steps)}
            self.own[sop.id] = own | {s.role.team_id for s in sop.steps if s.role is not None}

    def linked(self, sop: Sop, other: Sop) -> bool:
        """True when ``other`` shares a standard with ``sop`` or names it a supplier."""
        if self.standards.get(sop.id, set()) & self.standards.get(other.id, set()):
            return True
        return bool(self.own[sop.id] & set(other.sipoc.get("suppliers", [])))
