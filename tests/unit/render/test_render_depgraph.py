"""The dependency graph of the "who serves whom" page: layout, safety, and its forms by size."""

from __future__ import annotations

import re
import shutil
import xml.etree.ElementTree as ET
from itertools import pairwise
from pathlib import Path

import pytest
import yaml

from svcstd.render.dependencies import MAX_COLUMNS, MAX_NODES
from svcstd.render.depgraph import BOX_H, BOX_W, DUMMY, GraphEdge, GraphNode, dependency_svg, layout
from svcstd.render.load import load_organisation
from svcstd.render.view import Options, build_handbook
from tests.conftest import example_dir
from tests.unit.render.render_support import AS_OF, BASE

SVG = "{http://www.w3.org/2000/svg}"


def _nodes(*keys: str) -> list[GraphNode]:
    return [GraphNode(k, k.upper(), f"team-{k}") for k in keys]


def _boxes_overlap(xy: dict[str, tuple[float, float]]) -> list[tuple[str, str]]:
    boxes = {k: v for k, v in xy.items() if not k.startswith(DUMMY)}
    found = []
    for a, (ax, ay) in boxes.items():
        for b, (bx, by) in boxes.items():
            if a < b and abs(ax - bx) < BOX_W and abs(ay - by) < BOX_H:
                found.append((a, b))
    return found


def test_a_chain_reads_left_to_right_and_a_loop_points_back() -> None:
    edges = [GraphEdge("a", "b"), GraphEdge("b", "c"), GraphEdge("c", "b"), GraphEdge("a", "c")]
    lay = layout(_nodes("a", "b", "c"), edges)
    assert lay.rank == {"a": 0, "b": 1, "c": 2}
    assert lay.back == {("c", "b")}  # the hand-off back closes the loop
    # The loop is laid out forwards (b to c) and the arrow a -> c, skipping a column,
    # passes through a placeholder in column 1 instead of crossing b.
    assert lay.routes[("c", "b")] == ["b", "c"]
    [dummy] = lay.routes[("a", "c")][1:-1]
    assert dummy.startswith(DUMMY) and dummy in lay.columns[1]
    assert _boxes_overlap(lay.xy) == []
    dummy_y = lay.xy[dummy][1]
    assert abs(dummy_y - lay.xy["b"][1]) >= BOX_H  # beside b, not through it


def test_columns_are_sorted_to_untangle_crossings() -> None:
    # a feeds d, b feeds c: drawn in input order the two arrows would cross.
    nodes = _nodes("a", "b", "c", "d")
    lay = layout(nodes, [GraphEdge("a", "d"), GraphEdge("b", "c")])
    assert lay.columns[1] == ["d", "c"]
    assert lay.xy["d"][1] < lay.xy["c"][1]


def test_the_external_customer_is_the_last_column_of_its_chain() -> None:
    nodes = [*_nodes("a", "b"), GraphNode("external-customer", "Guest", outside=True)]
    edges = [GraphEdge("a", "b"), GraphEdge("b", "external-customer")]
    assert layout(nodes, edges).rank["external-customer"] == 2


def test_the_svg_is_valid_xml_with_title_description_and_inert_text() -> None:
    nodes = [
        GraphNode("a", "<script>alert(1)</script>\x1b[2J Kitchen \u202eevil", "team-a"),
        GraphNode("b", 'Service & "Co"', "team-b", note="promise: 30 minutes", promise=True),
        GraphNode("external-customer", "External customer", outside=True),
    ]
    edges = [GraphEdge("a", "b", "SOP <b>: x → y"), GraphEdge("b", "external-customer")]
    svg, width_mm = dependency_svg(nodes, edges, "Who hands work to whom", "3 teams & more")
    root = ET.fromstring(str(svg))  # NUL, ESC or a raw "<" would make this fail
    assert root.get("role") == "img" and root.get("aria-labelledby") == "dg-title dg-desc"
    assert root.find(f"{SVG}title").text == "Who hands work to whom"  # type: ignore[union-attr]
    assert root.find(f"{SVG}desc").text == "3 teams & more"  # type: ignore[union-attr]
    texts = "".join(root.itertext())
    assert "<script>alert(1)</script>" in texts  # shown as text, not markup
    assert "\x1b" not in texts and "\\x1b" in texts and "\\u202e" in texts
    assert root.find(f".//{SVG}script") is None
    hrefs = [a.get("href") for a in root.iter(f"{SVG}a")]
    assert hrefs == ["#team-a", "#team-b"]  # the customer box links nowhere
    assert "promise: 30 minutes" in texts
    assert 0 < width_mm <= 265


def _example_view(tmp_path: Path, edit: dict[str, str] | None = None) -> dict[str, object]:
    root = tmp_path / "standards"
    shutil.copytree(example_dir(), root)
    if edit:
        sop = root / "sops" / "sop-room-service-order.yaml"
        text = sop.read_text(encoding="utf-8")
        for old, new in edit.items():
            assert old in text
            text = text.replace(old, new)
        sop.write_text(text, encoding="utf-8")
    return build_handbook(load_organisation(root).org, Options("en", AS_OF)).dependencies


def test_the_example_draws_every_team_and_marks_the_guest_promises(tmp_path: Path) -> None:
    view = _example_view(tmp_path)
    assert view["form"] == "teams"
    svg = str(view["graph"]["svg"])  # type: ignore[index]
    promised = re.findall(r'<g class="dg-promise"><title>([^<]+)</title>', svg)
    assert sorted(promised) == ["Food and Beverage Service", "Kitchen"]
    pairs = {(h["source"].label, h["target"].label) for h in view["handoffs"]}  # type: ignore[attr-defined]
    assert ("Call Centre", "Food and Beverage Service") in pairs
    assert ("Kitchen", "Food and Beverage Service") in pairs  # the tray goes back to the waiter
    assert ("Food and Beverage Service", "Food and Beverage Service") not in pairs
    promises = {p["standard"].label: p for p in view["promises"]}  # type: ignore[attr-defined]
    guest = promises["In-room dining and food and beverage guest requests"]
    assert (guest["limit"], guest["slack"], guest["over"]) == ("30 minutes", "2 minutes", "")


def test_a_chain_over_its_promise_says_by_how_much(tmp_path: Path) -> None:
    view = _example_view(tmp_path, {"within: 18m": "within: 28m"})
    promises = {p["standard"].label: p for p in view["promises"]}  # type: ignore[attr-defined]
    guest = promises["In-room dining and food and beverage guest requests"]
    assert (guest["slack"], guest["over"]) == ("", "8 minutes")
    # One minute less and the chain exactly meets its promise: nothing to spare, nothing over.
    view = _example_view(tmp_path / "exact", {"within: 18m": "within: 20m"})
    promises = {p["standard"].label: p for p in view["promises"]}  # type: ignore[attr-defined]
    guest = promises["In-room dining and food and beverage guest requests"]
    assert (guest["slack"], guest["over"]) == ("", "")


# --- large organisations -----------------------------------------------------------------------


REVIEW = {"cadence": "yearly", "last": "2026-06-01"}


def _write(path: Path, data: dict[str, object]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")


def _team(root: Path, ident: str, name: str, parent: str) -> None:
    _write(root / "teams" / f"{ident}.yaml",
           {"kind": "team", "id": ident, "name": name, "parent": parent})  # fmt: skip


def _clerk(team: str) -> str:
    return f"{team}-clerk"


def _sop(root: Path, ident: str, steps: list[dict[str, object]], **extra: object) -> None:
    owner = steps[0]["role"]
    raci = [{"activity": steps[0]["id"], "responsible": [owner], "accountable": [owner]}]
    doc = {"kind": "sop", "id": ident, "title": f"Procedure {ident}", "owner": owner,
           "purpose": "Work.", "steps": steps, "raci": raci, "review": REVIEW}  # fmt: skip
    _write(root / "sops" / f"{ident}.yaml", {**doc, **extra})


def _step(ident: str, team: str, handoff: str | None) -> dict[str, object]:
    step: dict[str, object] = {"id": ident, "role": _clerk(team), "action": "Do.", "within": "5m"}
    if handoff:
        step["handoff"] = _clerk(handoff)
    return step


def _guest_standard(root: Path, provider: str, customer: str) -> None:
    target = {"id": "order", "request": "An order", "resolve": "30m",
              "external": {"promise": "Served in 30 minutes.", "resolve": "30m"}}  # fmt: skip
    _write(root / "services" / "guest-orders.yaml",
           {"kind": "standard", "id": "guest-orders", "title": "Guest orders",
            "provider": provider, "customers": [customer], "owner": _clerk(provider),
            "status": "active", "version": "1.0", "effective": "2026-01-01",
            "review": REVIEW, "targets": [target]})  # fmt: skip


def _org(
    tmp_path: Path, departments: int, teams_each: int, promise_chain: int = 0, star: bool = False
) -> Path:
    """A hotel group: a root, departments, teams under them; team i hands work to team i+1
    (with ``star``, the first team hands work to each of the others).

    With ``promise_chain`` = n, the first n teams' SOP ends in a promise to the guest.
    """
    root = tmp_path / "org"
    shutil.copytree(BASE, root, ignore=shutil.ignore_patterns("sops", "services"))
    teams = []
    for d in range(departments):
        _team(root, f"dept-{d:02d}", f"Department {d}", "management")
        for n in range(teams_each):
            teams.append(f"team-{d:02d}-{n:02d}")
            _team(root, teams[-1], f"Team {d}.{n}", f"dept-{d:02d}")
            _write(root / "roles" / f"{_clerk(teams[-1])}.yaml",
                   {"kind": "role", "id": _clerk(teams[-1]), "title": "Clerk",
                    "team": teams[-1], "vacant": True})  # fmt: skip
    for i, (team, nxt) in enumerate(pairwise(teams)):
        team = teams[0] if star else team
        if i >= promise_chain - 1:  # the first teams' hand-offs belong to the promise chain
            _sop(root, f"sop-{i:04d}", [_step("start", team, nxt), _step("finish", nxt, None)])
    if promise_chain:
        chain = teams[:promise_chain]
        steps = [_step(f"s{k}", t, chain[k + 1] if k + 1 < len(chain) else None)
                 for k, t in enumerate(chain)]  # fmt: skip
        steps[-1]["serves"] = "guest-orders/order"
        _sop(root, "sop-guest", steps, related_standards=["guest-orders"])
        _guest_standard(root, chain[-1], chain[0])
    return root


def _view(root: Path, lang: str = "en") -> dict[str, object]:
    loaded = load_organisation(root)
    assert loaded.skipped == 0  # every generated document passes the schema
    return build_handbook(loaded.org, Options(lang, AS_OF)).dependencies


def _drawn_boxes(view: dict[str, object]) -> int:
    return len(re.findall(r'class="dg-(?:box|outside)"', str(view["graph"]["svg"])))  # type: ignore[index]


def test_up_to_the_limit_every_team_is_drawn(tmp_path: Path) -> None:
    view = _view(_org(tmp_path / "at", 1, MAX_NODES, star=True))
    assert view["form"] == "teams" and _drawn_boxes(view) == MAX_NODES
    view = _view(_org(tmp_path / "over", 1, MAX_NODES + 1, star=True))
    assert view["form"] != "teams"


def test_a_large_organisation_draws_its_promise_chains(tmp_path: Path) -> None:
    view = _view(_org(tmp_path, 10, 30, promise_chain=4))  # 300 teams
    assert view["form"] == "promise_chains"
    assert _drawn_boxes(view) == 5  # the four teams of the chain and the external customer
    assert len(view["handoffs"]) == 299  # type: ignore[arg-type]  # the list keeps every one


def test_without_promises_a_large_organisation_draws_its_departments(tmp_path: Path) -> None:
    view = _view(_org(tmp_path, 5, 60))  # 300 teams in 5 departments
    assert view["form"] == "departments"
    assert _drawn_boxes(view) == 5  # one box per department, the hand-offs between them
    assert "Department 3" in str(view["graph"]["svg"])  # type: ignore[index]


def test_a_chain_longer_than_a_page_is_wide_is_not_drawn(tmp_path: Path) -> None:
    # Departments 0 -> 1 -> ... -> 6 would need 7 columns: boxes too small to read.
    view = _view(_org(tmp_path / "long", MAX_COLUMNS + 1, 2))
    assert view["form"] == "list" and view["graph"] is None
    view = _view(_org(tmp_path / "fits", MAX_COLUMNS, 2))
    assert view["form"] == "departments"


def test_too_many_departments_leave_the_list_alone(tmp_path: Path) -> None:
    view = _view(_org(tmp_path, MAX_NODES + 1, 1))
    assert view["form"] == "list" and view["graph"] is None
    assert len(view["handoffs"]) == MAX_NODES  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("en", "No SOP hands work from one team to another."),
        ("id", "Tidak ada SOP yang menyerahkan pekerjaan dari satu tim ke tim lain."),
    ],
)
def test_an_organisation_without_hand_offs_says_so(tmp_path: Path, lang: str, words: str) -> None:
    root = tmp_path / "org"
    shutil.copytree(BASE, root)
    sop = root / "sops" / "sop-pms-login.yaml"
    data = yaml.safe_load(sop.read_text(encoding="utf-8"))
    del data["steps"][0]["handoff"]
    sop.write_text(yaml.safe_dump(data), encoding="utf-8")
    view = _view(root, lang)
    assert view["form"] == "none" and view["handoffs"] == [] and view["graph"] is None
    assert view["note"] == words  # the reader's language, from the message catalog


def test_teams_in_a_loop_of_parents_are_still_listed(tmp_path: Path) -> None:
    # Lint reports the loop; the handbook still shows the hand-off between the two teams.
    root = tmp_path / "org"
    shutil.copytree(BASE, root)
    for team, parent in (("it", "front-office"), ("front-office", "it")):
        path = root / "teams" / f"{team}.yaml"
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        path.write_text(yaml.safe_dump({**data, "parent": parent}), encoding="utf-8")
    view = _view(root)
    [handoff] = view["handoffs"]  # type: ignore[misc]
    assert (handoff["source"].label, handoff["target"].label) == (
        "Front Office", "Information Technology",
    )  # fmt: skip
    assert view["form"] == "teams"
