"""The "who serves whom" page's dependency graph: teams joined by the hand-offs of their SOPs.

Built from the chains' hand-off graph (svcstd.chains.graph), the same one lint and
``svcstd impact`` follow: an arrow goes from a team to the team it hands work to in
an SOP, and each team delivering a promise to an external customer is marked and
joined to the external customer. Every hand-off is also listed in words (the text
alternative, and what the Markdown handbook shows).

A graph with more than ``MAX_NODES`` boxes or ``MAX_COLUMNS`` columns is unreadable
on a page, so the drawing takes the first of these forms that fits: every team; only
the chains that end in an external promise; departments (each team under its
top-level unit); departments on those chains only. If none fits, only the list is
shown.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from itertools import pairwise
from typing import Any

from msgspec import Struct

from svcstd import model as m
from svcstd.chains.graph import ChainGraph, Hop
from svcstd.chains.verdicts import promised_chains, verdicts
from svcstd.i18n import N_, wording
from svcstd.render.depgraph import GraphEdge, GraphNode, dependency_svg, layout
from svcstd.render.naming import Link, Namer, team_order

MAX_NODES = 24  # beyond this many boxes the drawing no longer reads at page width
MAX_COLUMNS = 6  # nor beyond this many columns (a box is then 0.7 of its size on a desktop)
OUTSIDE = "external-customer"

Pair = tuple[Hop, Hop]
Grouping = Callable[[m.Team], m.Team]


class Form(Struct, frozen=True):
    """One way to draw the graph: which hand-offs, how teams are grouped into boxes, and
    the sentence that says so above it (translated when shown)."""

    name: str
    chains_only: bool
    grouped: bool
    note: str


FORMS = (
    Form("teams", chains_only=False, grouped=False, note=N_(
        "Each arrow is work that one team hands to another in an SOP; a dashed arrow points "
        "back to a team earlier in the chain. Teams with an orange border deliver a promise "
        "made to an external customer.")),
    Form("promise_chains", chains_only=True, grouped=False, note=N_(
        "Too many teams to draw them all: the graph shows only the chains that end in a "
        "promise to an external customer. The list has every hand-off.")),
    Form("departments", chains_only=False, grouped=True, note=N_(
        "Too many teams to draw them all: each box is a department with the teams under it. "
        "The list has every hand-off.")),
    Form("promise_departments", chains_only=True, grouped=True, note=N_(
        "Too many teams to draw them all: each box is a department with the teams under it, "
        "on the chains that end in a promise to an external customer. The list has every "
        "hand-off.")),
)  # fmt: skip
NOTES = {
    "list": N_(
        "Too many teams hand work to each other to draw them readably; the list has every hand-off."
    ),
    "none": N_("No SOP hands work from one team to another."),
}


def department(team: m.Team) -> m.Team:
    """The team's top-level unit: the ancestor just below the root (the root stays itself)."""
    line = [team]
    while line[-1].parent is not None and line[-1].parent not in line:
        line.append(line[-1].parent)
    return line[-2] if len(line) > 1 else line[0]


def _cross(pairs: Iterable[Pair], group: Grouping) -> list[tuple[m.Team, m.Team, Pair]]:
    """The hand-offs between two different boxes, with the boxes they join."""
    found = []
    for a, b in pairs:
        team_a, team_b = a.team, b.team
        if team_a is not team_b and team_a is not None and team_b is not None:
            source, target = group(team_a), group(team_b)
            if source is not target:
                found.append((source, target, (a, b)))
    return found


def _same(team: m.Team) -> m.Team:
    return team


class DependencyView:
    """Builds the dependency section of the handbook's view model."""

    def __init__(
        self,
        org: m.Organisation,
        graph: ChainGraph,
        namer: Namer,
        slack_words: Callable[[float, str], str],
        std_link: Callable[[m.Standard], Link],
    ) -> None:
        self.org, self.graph, self.n, self._ = org, graph, namer, namer._
        self.slack_words, self.std_link = slack_words, std_link
        self.order = {t.id: i for i, t in enumerate(team_order(org))}

    def pairs(self, chains_only: bool, team: str | None) -> list[Pair]:
        """Every hand-off (or those on a chain to an external promise), one team's if given."""
        if chains_only:
            found: dict[tuple[str, str], Pair] = {}
            for hops, _end in promised_chains(self.graph):
                for a, b in pairwise(hops):
                    found.setdefault((a.key, b.key), (a, b))
            pairs = list(found.values())
        else:
            after = self.graph.after.items()
            pairs = [(self.graph.hops[k], b) for k, nexts in after for b in nexts]
        if team is not None:
            pairs = [p for p in pairs if team in {h.team.id for h in p if h.team is not None}]
        return pairs

    def promise_hops(self, team: str | None) -> list[Hop]:
        """The steps that deliver a target with an external promise, in team order."""
        hops = [h for h in self.graph.hops.values() if h.promise is not None and h.team is not None]
        if team is not None:
            hops = [h for h in hops if h.team is not None and h.team.id == team]
        return sorted(hops, key=lambda h: (self._rank(h.team), h.key))

    def _rank(self, team: m.Team | None) -> int:
        return self.order.get(team.id, len(self.order)) if team else len(self.order)

    def build(self, team: str | None = None) -> dict[str, Any]:
        """The section's data: the drawing (or None), its form, the hand-offs and promises."""
        pairs = self.pairs(False, team)
        promises = self.promise_hops(team)
        handoffs = self.handoff_items(_cross(pairs, _same))
        form = "none" if not handoffs and not promises else "list"
        view: dict[str, Any] = {
            "graph": None,
            "form": form,
            "note": self._(NOTES[form]),
            "handoffs": handoffs,
            "promises": self.promise_items(promises),
        }
        if form == "none":
            return view
        for shape in FORMS:
            group = department if shape.grouped else _same
            cross = _cross(self.pairs(shape.chains_only, team), group)
            nodes = self.nodes(cross, promises, group)
            if not 0 < len(nodes) <= MAX_NODES:  # a form that leaves nothing to draw is no help
                continue
            edges = self.edges(nodes, cross)
            if len(layout(nodes, edges).columns) <= MAX_COLUMNS:
                view["form"], view["note"] = shape.name, self._(shape.note)
                view["graph"] = self.drawing(nodes, edges, len(cross), len(promises))
                break
        return view

    # --- the drawing ---------------------------------------------------------------------
    def nodes(
        self, cross: list[tuple[m.Team, m.Team, Pair]], marked: list[Hop], group: Grouping
    ) -> list[GraphNode]:
        """The boxes: every team (or group) with a hand-off or a promise, then the customer."""
        teams = {t.id: t for s, d, _ in cross for t in (s, d)}
        limits: dict[str, list[str]] = {}
        for hop in marked:
            assert hop.team is not None
            box = teams.setdefault(group(hop.team).id, group(hop.team))
            limits.setdefault(box.id, []).append(wording.duration(hop.promise, self.n.lang))
        nodes = []
        for team in sorted(teams.values(), key=self._rank):
            link = self.n.team(team)
            assert link is not None
            promised = list(dict.fromkeys(limits.get(team.id, [])))
            note = (
                self._("promise: {limits}").format(limits=", ".join(promised)) if promised else ""
            )
            nodes.append(GraphNode(team.id, link.label, link.anchor, note, bool(promised)))
        if marked:
            nodes.append(GraphNode(OUTSIDE, self._("External customer"), outside=True))
        return nodes

    def edges(
        self, nodes: list[GraphNode], cross: list[tuple[m.Team, m.Team, Pair]]
    ) -> list[GraphEdge]:
        """An arrow per pair of boxes, titled with its steps; one to the external customer."""
        joined: dict[tuple[str, str], list[str]] = {}
        for source, target, pair in cross:
            joined.setdefault((source.id, target.id), []).append(self.via_text(pair))
        edges = [GraphEdge(s, d, "; ".join(dict.fromkeys(v))) for (s, d), v in joined.items()]
        promised = {n.key: n.note for n in nodes if n.promise}
        return edges + [GraphEdge(key, OUTSIDE, note) for key, note in promised.items()]

    def drawing(
        self, nodes: list[GraphNode], edges: list[GraphEdge], handoffs: int, promises: int
    ) -> dict[str, Any]:
        """The SVG, with its description for screen readers, and its printed width."""
        teams = sum(1 for n in nodes if not n.outside)
        description = self._(
            "Teams: {teams}; hand-offs between teams: {handoffs}; promises to external "
            "customers: {promises}. The list after the graph says the same in words."
        ).format(teams=teams, handoffs=handoffs, promises=promises)
        svg, width = dependency_svg(nodes, edges, self._("Who hands work to whom"), description)
        return {"svg": svg, "width": width}

    def via_text(self, pair: Pair) -> str:
        a, b = pair
        sop = self.n.sop(a.sop).label
        if a.sop is b.sop:
            return f"{sop}: {a.step.id} → {b.step.id}"
        return f"{sop}: {a.step.id} → {self.n.sop(b.sop).label}: {b.step.id}"

    # --- the list in words ---------------------------------------------------------------
    def handoff_items(self, cross: list[tuple[m.Team, m.Team, Pair]]) -> list[dict[str, Any]]:
        """One item per pair of teams: who hands work to whom, through which SOP steps."""
        joined: dict[tuple[str, str], dict[str, Any]] = {}
        for source, target, (a, b) in cross:
            item = joined.setdefault(
                (source.id, target.id),
                {"source": self.n.team(source), "target": self.n.team(target), "via": []},
            )
            via = {
                "sop": self.n.sop(a.sop),
                "steps": f"{a.step.id} → {b.step.id}"
                if a.sop is b.sop
                else f"{a.step.id} → {self.n.sop(b.sop).label}: {b.step.id}",
                "standard": self.std_link(a.standard) if a.standard else None,
            }
            if via not in item["via"]:
                item["via"].append(via)
        # A team in a loop of parents is in no org-chart order: it goes last, not astray.
        rank, last = self.order.get, len(self.order)
        ranked = sorted(joined.items(), key=lambda kv: (rank(kv[0][0], last), rank(kv[0][1], last)))
        return [item for _, item in ranked]

    def promise_items(self, hops: list[Hop]) -> list[dict[str, Any]]:
        """Each step that delivers an external promise: the team, the promise and its slack."""
        slack: dict[str, tuple[float, str]] = {}
        for verdict in verdicts(self.graph) if hops else ():  # no promise: no chain to judge
            key = verdict.promise_hop.key
            if key not in slack or verdict.slack < slack[key][0]:
                slack[key] = (verdict.slack, verdict.unit)
        items = []
        for hop in hops:
            assert hop.standard is not None and hop.target is not None
            ext = hop.target.external
            left = slack.get(hop.key)
            items.append(
                {
                    "team": self.n.team(hop.team),
                    "standard": self.std_link(hop.standard),
                    "promise": self.n.text(ext.promise if ext else hop.target.request),
                    "limit": wording.duration(hop.promise, self.n.lang),
                    "slack": self.slack_words(*left) if left else "",
                    "over": self.slack_words(-left[0], left[1]) if left else "",
                }
            )
        return items
