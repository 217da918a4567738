"""The dependency graph ("who hands work to whom") as inline SVG, laid out here.

A layered drawing from left to right, as a chain reads (after Sugiyama): each team
sits one column to the right of the furthest team that hands it work. A hand-off
that closes a loop (the kitchen handing the tray back to the waiter) is laid out as
if it went forward and drawn dashed, pointing back. An arrow that skips columns
passes through a placeholder in each column between, so it never crosses a box.
The order inside a column follows the neighbours' average position for a few
sweeps, which untangles most crossings of a small graph.
No browser, Graphviz or JavaScript is involved; every text passes through
:func:`svcstd.safetext.visible` and is escaped, so the SVG is inert and valid XML.
"""

from __future__ import annotations

import textwrap
from itertools import pairwise

from markupsafe import Markup, escape
from msgspec import Struct, field

from svcstd.render.orgchart import PRINT_W_MM
from svcstd.safetext import visible

BOX_W, BOX_H, COL_GAP, ROW_GAP, DUMMY_H = 150, 56, 64, 20, 10
DUMMY = "~"  # placeholder keys start with it; no team id does (ids are lower-case words)
PAIR_SHIFT = 6  # a pair of hand-offs both ways is drawn apart by this much
# In print the graph shares its landscape page with a heading and a paragraph.
PRINT_GRAPH_H_MM = 120
SWEEPS = 4  # barycentre passes; more change nothing on graphs small enough to draw

_STYLE = (
    ".dg-box{fill:#fff;stroke:#1f7a8c;stroke-width:1.4}"
    ".dg-promise .dg-box{stroke:#b45309;stroke-width:2.4}"
    ".dg-outside{fill:#fff7ed;stroke:#b45309;stroke-width:2;stroke-dasharray:5 3}"
    ".dg-edge{fill:none;stroke:#6b8299;stroke-width:1.4}"
    ".dg-back{stroke-dasharray:4 3}"
    ".dg-to-outside{stroke:#b45309;stroke-width:1.8}"
    ".dg-head{fill:#6b8299}.dg-head-outside{fill:#b45309}"
    ".dg-name{font-family:'DejaVu Sans',Arial,sans-serif;font-size:11.5px;font-weight:bold;"
    "fill:#16324f;text-anchor:middle}"
    ".dg-note{font-family:'DejaVu Sans',Arial,sans-serif;font-size:9.5px;fill:#7c3d0a;"
    "text-anchor:middle}"
    "a:hover .dg-box{fill:#e3f1f4}"
)


class GraphNode(Struct):
    """One box: a team (or a group of teams, or the external customer)."""

    key: str
    label: str
    anchor: str = ""  # the handbook section the box links to; "" for none
    note: str = ""  # a short second line, e.g. the external promise it delivers
    promise: bool = False  # it delivers a promise made to an external customer
    outside: bool = False  # the external customer, not a team


class GraphEdge(Struct):
    """Work handed from one box to another; ``title`` says through what, for a tooltip."""

    source: str
    target: str
    title: str = ""
    label: str = ""  # drawn beside the arrow (the promised time, on edges to the customer)


class _Layout(Struct):
    """Where each team's box goes: its rank (column), the columns in order, its corner."""

    rank: dict[str, int] = field(default_factory=dict)
    columns: list[list[str]] = field(default_factory=list)
    xy: dict[str, tuple[float, float]] = field(default_factory=dict)  # a box's top-left corner
    back: set[tuple[str, str]] = field(default_factory=set)
    # Each edge from its left end to its right end: the keys of the boxes and of the
    # placeholders that carry it across the columns in between, so it passes no box.
    routes: dict[tuple[str, str], list[str]] = field(default_factory=dict)


def _back_edges(keys: list[str], edges: list[GraphEdge]) -> set[tuple[str, str]]:
    """Edges that close a cycle, found by a depth-first search in the given order."""
    after: dict[str, list[str]] = {k: [] for k in keys}
    for e in edges:
        after[e.source].append(e.target)
    state: dict[str, int] = {}  # 1 on the current path, 2 done
    back: set[tuple[str, str]] = set()
    for start in keys:
        if start in state:
            continue
        stack = [(start, iter(after[start]))]
        state[start] = 1
        while stack:
            node, nexts = stack[-1]
            nxt = next(nexts, None)
            if nxt is None:
                state[node] = 2
                stack.pop()
            elif state.get(nxt) == 1:
                back.add((node, nxt))
            elif nxt not in state:
                state[nxt] = 1
                stack.append((nxt, iter(after[nxt])))
    return back


def _ranks(keys: list[str], edges: list[tuple[str, str]]) -> dict[str, int]:
    """Longest path from a source over acyclic edges: a chain reads left to right."""
    incoming: dict[str, int] = {k: 0 for k in keys}
    out: dict[str, list[str]] = {k: [] for k in keys}
    for a, b in edges:
        incoming[b] += 1
        out[a].append(b)
    rank = {k: 0 for k in keys}
    ready = [k for k in keys if incoming[k] == 0]
    while ready:
        node = ready.pop(0)
        for b in out[node]:
            rank[b] = max(rank[b], rank[node] + 1)
            incoming[b] -= 1
            if incoming[b] == 0:
                ready.append(b)
    return rank


def _order(layout: _Layout) -> None:
    """Sort each column by its neighbours' mean position, sweeping right then left."""
    links: dict[str, list[str]] = {k: [] for col in layout.columns for k in col}
    for route in layout.routes.values():
        for a, b in pairwise(route):
            links[a].append(b)
            links[b].append(a)
    for sweep in range(SWEEPS):
        columns = layout.columns if sweep % 2 == 0 else list(reversed(layout.columns))
        for column in columns[1:]:
            place = {k: i for col in layout.columns for i, k in enumerate(col)}

            def centre(key: str, place: dict[str, int] = place) -> float:
                near = [place[n] for n in links[key]]
                return sum(near) / len(near) if near else float(place[key])

            column.sort(key=centre)  # stable: ties keep the previous order


def _height(key: str) -> float:
    return DUMMY_H if key.startswith(DUMMY) else BOX_H


def layout(nodes: list[GraphNode], edges: list[GraphEdge]) -> _Layout:
    """Columns by rank, order inside each column, and every box's top-left corner."""
    keys = [n.key for n in nodes]
    result = _Layout(back=_back_edges(keys, edges))
    # A hand-off back is laid out as if it went forward, then drawn pointing back.
    spans = [(e.target, e.source) if (e.source, e.target) in result.back else (e.source, e.target)
             for e in edges]  # fmt: skip
    result.rank = _ranks(keys, spans)
    result.columns = [[] for _ in range(max(result.rank.values(), default=-1) + 1)]
    for key in keys:
        result.columns[result.rank[key]].append(key)
    for i, (edge, (left, right)) in enumerate(zip(edges, spans, strict=True)):
        between = [f"{DUMMY}{i}.{r}" for r in range(result.rank[left] + 1, result.rank[right])]
        for r, dummy in enumerate(between, result.rank[left] + 1):
            result.columns[r].append(dummy)
        result.routes[(edge.source, edge.target)] = [left, *between, right]
    _order(result)
    heights = [sum(_height(k) + ROW_GAP for k in col) - ROW_GAP for col in result.columns]
    tallest = max(heights, default=0)
    for x, (column, height) in enumerate(zip(result.columns, heights, strict=True)):
        y = (tallest - height) / 2
        for key in column:
            result.xy[key] = (x * (BOX_W + COL_GAP), y)
            y += _height(key) + ROW_GAP
    return result


def _text(value: str) -> str:
    return str(escape(visible(value)))


def _box(node: GraphNode, x: float, y: float) -> str:
    # DejaVu Sans averages about 7 units a character in bold at this size.
    lines = textwrap.wrap(node.label, 20)[:2] or [""]
    if len(lines) == 2 and len(" ".join(lines)) < len(node.label):
        lines[1] = textwrap.shorten(lines[1] + " …", 20, placeholder="…")
    first = y + (BOX_H / 2 + 4 if len(lines) == 1 else BOX_H / 2 - 3) - (6 if node.note else 0)
    texts = [
        f'<text class="dg-name" x="{x + BOX_W / 2:g}" y="{first + i * 14:g}">{_text(t)}</text>'
        for i, t in enumerate(lines)
    ]
    if node.note:
        note = textwrap.shorten(node.note, 28, placeholder="…")
        at = f'x="{x + BOX_W / 2:g}" y="{y + BOX_H - 8:g}"'
        texts.append(f'<text class="dg-note" {at}>{_text(note)}</text>')
    rect_class = "dg-outside" if node.outside else "dg-box"
    group = ' class="dg-promise"' if node.promise else ""
    body = (
        f'<g{group}><title>{_text(node.label)}</title><rect class="{rect_class}" x="{x:g}" '
        f'y="{y:g}" width="{BOX_W}" height="{BOX_H}" rx="6"/>{"".join(texts)}</g>'
    )
    return f'<a href="#{_text(node.anchor)}">{body}</a>' if node.anchor else body


def _path(lay: _Layout, route: list[str], shift: float) -> tuple[str, tuple[float, float]]:
    """A smooth path from the right side of the left box to the left side of the right one,
    straight across each placeholder; and the middle of its last stretch (for a label)."""
    points: list[tuple[float, float]] = []
    for i, key in enumerate(route):
        x, y = lay.xy[key]
        mid = y + _height(key) / 2 + (shift if i in (0, len(route) - 1) else 0)
        if i > 0:
            points.append((x, mid))
        if i < len(route) - 1:
            points.append((x + BOX_W, mid))
    parts = [f"M{points[0][0]:g},{points[0][1]:g}"]
    for (x1, y1), (x2, y2) in zip(points[0::2], points[1::2], strict=True):
        bend = (x2 - x1) / 2
        parts.append(f"C{x1 + bend:g},{y1:g} {x2 - bend:g},{y2:g} {x2:g},{y2:g}")
        if (x2, y2) != points[-1]:
            parts.append(f"H{x2 + BOX_W:g}")
    (x1, y1), (x2, y2) = points[-2], points[-1]
    return " ".join(parts), ((x1 + x2) / 2, (y1 + y2) / 2 - 5)


def _edge(edge: GraphEdge, lay: _Layout, outside: bool, shift: float) -> str:
    route = lay.routes[(edge.source, edge.target)]
    back = route[0] == edge.target  # drawn left to right, pointing back to the left
    path, label_at = _path(lay, route, shift)
    css = "dg-edge" + (" dg-to-outside" if outside else "") + (" dg-back" if back else "")
    head = "dg-head-outside" if outside else "dg-head"
    if back:
        x, y = lay.xy[route[0]]
        tip, y = x + BOX_W, y + BOX_H / 2 + shift
        points = f"{tip + 7:g},{y - 4:g} {tip + 7:g},{y + 4:g} {tip:g},{y:g}"
        path = path.replace(f"M{tip:g},", f"M{tip + 7:g},", 1)
    else:
        x, y = lay.xy[route[-1]]
        y += BOX_H / 2 + shift
        points = f"{x - 7:g},{y - 4:g} {x - 7:g},{y + 4:g} {x:g},{y:g}"
    title = f"<title>{_text(edge.title)}</title>" if edge.title else ""
    label = (
        f'<text class="dg-note" x="{label_at[0]:g}" y="{label_at[1]:g}">{_text(edge.label)}</text>'
        if edge.label
        else ""
    )
    return (
        f'<g>{title}<path class="{css}" d="{path}"/>'
        f'<polygon class="{head}" points="{points}"/>{label}</g>'
    )


def dependency_svg(
    nodes: list[GraphNode], edges: list[GraphEdge], title: str, description: str
) -> tuple[Markup, float]:
    """The graph as one SVG with a title and a description for screen readers, and the
    width in mm it is drawn for in print."""
    lay = layout(nodes, edges)
    outside = {n.key for n in nodes if n.outside}
    both = {(e.source, e.target) for e in edges}
    drawn = []
    for edge in edges:
        shift = 0.0
        if (edge.target, edge.source) in both:
            shift = PAIR_SHIFT if (edge.source, edge.target) in lay.back else -PAIR_SHIFT
        drawn.append(_edge(edge, lay, edge.target in outside, shift))
    boxes = [_box(n, *lay.xy[n.key]) for n in nodes]
    width = len(lay.columns) * (BOX_W + COL_GAP) - COL_GAP + 2
    height = max((y + _height(k) for k, (_, y) in lay.xy.items()), default=0) + 2
    # Sized in mm so that print fills the page without distorting; screens cap it at 100%
    # and phones show it at its natural size (one unit a pixel), scrolling sideways.
    width_mm = min(PRINT_W_MM, PRINT_GRAPH_H_MM * width / height)
    svg = Markup(
        '<svg class="orgchart dependency-graph" xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="-1 -1 {width:g} {height:g}" '
        f'style="width:{width_mm:.1f}mm;--natural-width:{width:g}px" role="img" '
        'aria-labelledby="dg-title dg-desc">'
        f'<title id="dg-title">{_text(title)}</title><desc id="dg-desc">{_text(description)}</desc>'
        f"<style>{_STYLE}</style>{''.join(drawn)}{''.join(boxes)}</svg>"
    )
    return svg, round(width_mm, 1)
