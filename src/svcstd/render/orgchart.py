"""The org chart as inline SVG, laid out here (no browser or Graphviz needed).

Small organisations get a top-down tree in which a team whose sub-teams have no
sub-teams of their own hangs them in a column below it, which keeps the chart narrow.
When that tree would still be too wide to read on a page, the chart becomes an
indented outline split into parts of ``ROWS_PER_PART`` rows: still usable at 300 teams.
"""

from __future__ import annotations

import textwrap

from markupsafe import Markup, escape
from msgspec import Struct, field

BOX_W, BOX_H, SLOT_W, LEVEL_GAP, HANG, HANG_GAP = 150, 72, 164, 40, 16, 12
PRINT_W_MM, PRINT_H_MM = 265, 150  # the most a chart may take on a landscape A4 page
LEAVES_PER_COLUMN = 3
MAX_SLOTS = 11  # beyond this many columns a page-wide tree gets unreadable
ROWS_PER_PART, ROW_H, INDENT, OUTLINE_W = 24, 30, 22, 620


_STYLE = (
    ".oc-box{fill:#fff;stroke:#1f7a8c;stroke-width:1.4}"
    ".oc-link{fill:none;stroke:#9fb3c8;stroke-width:1.4}"
    ".oc-name{font-family:'DejaVu Sans',Arial,sans-serif;font-size:11.5px;font-weight:bold;"
    "fill:#16324f;text-anchor:middle}"
    ".oc-detail{font-family:'DejaVu Sans',Arial,sans-serif;font-size:9.5px;fill:#5f6b7a;"
    "text-anchor:middle}"
    ".oc-row{font-family:'DejaVu Sans',Arial,sans-serif;font-size:11px;fill:#16324f}"
    ".oc-root{fill:#e3f1f4;stroke:#16324f;stroke-width:2}"
    "a:hover .oc-box{fill:#e3f1f4}"
)


class ChartNode(Struct):
    """One team as the chart shows it."""

    id: str  # the anchor the box links to, e.g. team-hr
    name: str
    detail: str  # the lead role and its holder, in one short line
    children: list[ChartNode] = field(default_factory=list)


class _Canvas(Struct):
    """The SVG drawn so far: boxes and lines, and the width and height they take."""

    boxes: list[str] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)
    width: float = 0
    height: float = 0

    def box(self, node: ChartNode, x: float, y: float, w: float = BOX_W) -> None:
        self.width, self.height = max(self.width, x + w), max(self.height, y + BOX_H)
        self.boxes.append(_box_svg(node, x, y, w))

    def line(self, *points: tuple[float, float]) -> None:
        path = " ".join(f"{x:g},{y:g}" for x, y in points)
        self.lines.append(f'<polyline class="oc-link" points="{path}"/>')


def _box_svg(node: ChartNode, x: float, y: float, w: float) -> str:
    # DejaVu Sans averages about 7 units a character in bold at this size, 5.6 in the detail.
    name_lines = textwrap.wrap(node.name, int(w / 7.2))[:2] or [""]
    top = y + (20 if len(name_lines) == 2 else 27)
    texts = [
        f'<text class="oc-name" x="{x + w / 2:g}" y="{top + i * 14:g}">{escape(t)}</text>'
        for i, t in enumerate(name_lines)
    ]
    for i, line in enumerate(node.detail.split(" · ", 1)[:2] if node.detail else []):
        texts.append(
            f'<text class="oc-detail" x="{x + w / 2:g}" y="{y + BOX_H - 20 + i * 12:g}">'
            f"{escape(textwrap.shorten(line, int(w / 5.8), placeholder='…'))}</text>"
        )
    css = "oc-box oc-root" if y == 0 else "oc-box"
    return (
        f'<a href="#{escape(node.id)}"><rect class="{css}" x="{x:g}" y="{y:g}" '
        f'width="{w:g}" height="{BOX_H}" rx="6"/>{"".join(texts)}</a>'
    )


def _hangs(node: ChartNode, top: bool = False) -> bool:
    # The top of a chart spreads three or more leaves into columns instead of one tall stack.
    leaves_only = bool(node.children) and all(not c.children for c in node.children)
    return leaves_only and not (top and len(node.children) > 2)


def _columns(node: ChartNode, top: bool = False) -> list[list[ChartNode]]:
    """Children grouped into columns: leaves stacked up to LEAVES_PER_COLUMN, subtrees alone."""
    leaves = [c for c in node.children if not c.children]
    others = [[c] for c in node.children if c.children]
    if len(leaves) <= (4 if top else 2):
        return [[c] for c in node.children]
    size = -(-len(leaves) // -(-len(leaves) // LEAVES_PER_COLUMN))  # balanced columns
    return [leaves[i : i + size] for i in range(0, len(leaves), size)] + others


def slots(node: ChartNode, top: bool = False) -> int:
    """How many columns the subtree takes in the tree layout."""
    if not node.children or _hangs(node, top):
        return 1
    return sum(slots(col[0]) if len(col) == 1 else 1 for col in _columns(node, top))


def _hang(kids: list[ChartNode], x: float, y: float, canvas: _Canvas) -> None:
    """Stack kids in a column below y, each joined to a spine running down from the parent."""
    for i, child in enumerate(kids):
        cy = y + i * (BOX_H + HANG_GAP)
        canvas.line(
            (x + HANG / 2, y - HANG_GAP), (x + HANG / 2, cy + BOX_H / 2), (x + HANG, cy + BOX_H / 2)
        )
        canvas.box(child, x + HANG, cy, BOX_W - HANG)


def _place(node: ChartNode, x: float, y: float, canvas: _Canvas) -> float:
    """Place a subtree with its left edge at x; return its width."""
    top = y == 0
    if not node.children or _hangs(node, top):
        canvas.box(node, x, y)
        _hang(node.children, x, y + BOX_H + HANG_GAP, canvas)
        return SLOT_W
    child_y, cx, joins = y + BOX_H + LEVEL_GAP, x, []
    for column in _columns(node, top):
        if len(column) == 1:
            _place(column[0], cx, child_y, canvas)
            joins.append(cx + BOX_W / 2)
            cx += SLOT_W * slots(column[0])
            continue
        _hang(column, cx, child_y, canvas)
        joins.append(cx + HANG / 2)
        cx += SLOT_W
    mid = (joins[0] + joins[-1]) / 2
    canvas.box(node, mid - BOX_W / 2, y)
    bar = y + BOX_H + LEVEL_GAP / 2
    canvas.line((mid, y + BOX_H), (mid, bar))
    canvas.line((joins[0], bar), (joins[-1], bar))
    for j in joins:
        canvas.line((j, bar), (j, child_y))
    return cx - x


def _svg(canvas: _Canvas, label: str, max_height_mm: float = PRINT_H_MM) -> Markup:
    w, h = canvas.width + 2, canvas.height + 2
    # Sized in mm so that print fills the page without distorting; screens cap it at 100%.
    # Phones show it at its natural size instead (one unit a pixel) and scroll it sideways.
    width_mm = min(PRINT_W_MM, max_height_mm * w / h)
    return Markup(
        f'<svg class="orgchart" xmlns="http://www.w3.org/2000/svg" viewBox="-1 -1 {w:g} {h:g}" '
        f'style="width:{width_mm:.1f}mm;--natural-width:{w:g}px" '
        f'role="img" aria-label="{escape(label)}">'
        f"<style>{_STYLE}</style>{''.join(canvas.lines)}{''.join(canvas.boxes)}</svg>"
    )


def _outline_rows(roots: list[ChartNode]) -> list[tuple[int, ChartNode]]:
    rows: list[tuple[int, ChartNode]] = []
    stack = [(0, r) for r in reversed(roots)]
    while stack:
        depth, node = stack.pop()
        rows.append((depth, node))
        stack.extend((depth + 1, c) for c in reversed(node.children))
    return rows


def _outline_part(rows: list[tuple[int, ChartNode]], label: str) -> Markup:
    canvas = _Canvas()
    for i, (depth, node) in enumerate(rows):
        x, y = depth * INDENT, i * ROW_H
        if depth:
            canvas.line((x - INDENT / 2, y - ROW_H / 2 + 4), (x - INDENT / 2, y + 12), (x, y + 12))
        text = f"{node.name} — {node.detail}" if node.detail else node.name
        canvas.boxes.append(
            f'<a href="#{escape(node.id)}"><rect class="oc-box" x="{x}" y="{y}" '
            f'width="{OUTLINE_W - x}" height="{ROW_H - 6}" rx="4"/><text class="oc-row" '
            f'x="{x + 8}" y="{y + 16}">{escape(textwrap.shorten(text, 80, placeholder="…"))}'
            "</text></a>"
        )
        canvas.width, canvas.height = OUTLINE_W, y + ROW_H
    return _svg(canvas, label)


def org_chart(
    roots: list[ChartNode], label: str, max_height_mm: float = PRINT_H_MM
) -> list[Markup]:
    """One SVG for a tree that fits a page, else several parts of an indented outline."""
    if len(roots) == 1 and slots(roots[0], top=True) <= MAX_SLOTS:
        canvas = _Canvas()
        _place(roots[0], 0, 0, canvas)
        return [_svg(canvas, label, max_height_mm)]
    rows = _outline_rows(roots)
    return [
        _outline_part(rows[i : i + ROWS_PER_PART], label)
        for i in range(0, len(rows), ROWS_PER_PART)
    ]
