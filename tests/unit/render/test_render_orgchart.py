"""The org chart layout: no overlaps, every team drawn once, usable from 3 to 300 teams."""

from __future__ import annotations

import re

from svcstd.render.orgchart import MAX_SLOTS, ROWS_PER_PART, ChartNode, org_chart, slots

RECT = re.compile(
    r'<rect class="[^"]*" x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)'
)


def _node(ident: str, *children: ChartNode) -> ChartNode:
    return ChartNode(f"team-{ident}", f"Team {ident}", "Lead · Holder", list(children))


def _boxes(svg: str) -> list[tuple[float, float, float, float]]:
    return [tuple(float(v) for v in m.groups()) for m in RECT.finditer(svg)]  # type: ignore[misc]


def _overlap(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    ax, ay, aw, ah = a
    bx, by, bw, bh = b
    return ax < bx + bw and bx < ax + aw and ay < by + bh and by < ay + ah


def hotel() -> ChartNode:
    """The example hotel's shape: a root with nine departments, three with one sub-team."""
    leaves = [_node(f"d{i}") for i in range(6)]
    parents = [_node(f"p{i}", _node(f"c{i}")) for i in range(3)]
    return _node("gm", *leaves, *parents)


def test_a_hotel_sized_tree_is_one_chart_without_overlaps() -> None:
    root = hotel()
    assert slots(root, top=True) <= 5  # six leaves stacked in two columns + three small subtrees
    [svg] = org_chart([root], "chart")
    boxes = _boxes(svg)
    assert len(boxes) == 13
    assert not any(_overlap(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1 :])
    for ident in ["gm", *(f"d{i}" for i in range(6)), *(f"c{i}" for i in range(3))]:
        assert svg.count(f'href="#team-{ident}"') == 1


def test_three_hundred_teams_become_an_outline_in_parts() -> None:
    divisions = [
        _node(f"div{d}", *(_node(f"div{d}-u{u}", *(_node(f"div{d}-u{u}-s{s}") for s in range(5)))
                           for u in range(6)))
        for d in range(8)
    ]  # fmt: skip
    root = _node("hq", *divisions)
    assert slots(root, top=True) > MAX_SLOTS
    parts = org_chart([root], "chart")
    svg = "".join(parts)
    assert svg.count('href="#team-') == 1 + 8 + 8 * 6 + 8 * 6 * 5 == 297
    assert len(parts) == -(-297 // ROWS_PER_PART)
    assert all(part.count("<rect") <= ROWS_PER_PART for part in parts)


def test_text_is_escaped() -> None:
    [svg] = org_chart([ChartNode("x", "<script>alert(1)</script>", "A & B", [])], "<chart>")
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert "A &amp; B" in svg and 'aria-label="&lt;chart&gt;"' in svg
