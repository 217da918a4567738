"""The view model: stable order whatever the input order, localised names, one team's share."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from svcstd.durations import parse_cadence
from svcstd.model import Review
from svcstd.render.load import load_organisation
from svcstd.render.naming import next_review
from svcstd.render.view import Options, build_handbook
from tests.unit.render.render_support import base_repo, edit_yaml

AS_OF = date(2026, 11, 1)


def test_the_same_data_in_another_order_gives_the_same_view(tmp_path: Path) -> None:
    org = load_organisation(base_repo(tmp_path / "repo")).org
    first = build_handbook(org, Options("en", AS_OF))
    for group in ("teams", "roles", "standards", "sops"):
        setattr(org, group, dict(reversed(list(getattr(org, group).items()))))
    for team in org.teams.values():
        team.roles.reverse()
        team.children.reverse()
    assert build_handbook(org, Options("en", AS_OF)) == first


def test_teams_follow_the_org_chart_and_leads_come_first(tmp_path: Path) -> None:
    hb = build_handbook(load_organisation(base_repo(tmp_path / "repo")).org, Options("en", AS_OF))
    assert [t["id"] for t in hb.teams] == ["management", "front-office", "it"]
    it = hb.teams[2]
    assert [r["id"] for r in it["roles"]] == ["it-manager", "it-agent"]
    assert [s.anchor for s in it["provides"]] == ["standard-it-pms-support"]
    assert [s.anchor for s in hb.teams[1]["receives"]] == ["standard-it-pms-support"]


def test_indonesian_names_and_labels(tmp_path: Path) -> None:
    root = base_repo(tmp_path / "repo")
    edit_yaml(root / "teams" / "it.yaml", name_id="Teknologi Informasi")
    hb = build_handbook(load_organisation(root).org, Options("id", AS_OF))
    assert hb.t["contents"] == "Daftar Isi"
    assert hb.teams[2]["link"].label == "Teknologi Informasi"
    assert hb.date_text == "1 November 2026"
    assert hb.standards[0]["targets"][0]["acknowledge"] == "15 menit"


def test_one_team_handbook_holds_its_share(tmp_path: Path) -> None:
    org = load_organisation(base_repo(tmp_path / "repo")).org
    hb = build_handbook(org, Options("en", AS_OF, team="front-office"))
    assert [t["id"] for t in hb.teams] == ["front-office"]
    assert [s["id"] for s in hb.standards] == ["it-pms-support"]
    hb = build_handbook(org, Options("en", AS_OF, team="management"))
    assert hb.standards == [] and hb.sops == []


def test_search_index_finds_topics_with_their_owner(tmp_path: Path) -> None:
    hb = build_handbook(load_organisation(base_repo(tmp_path / "repo")).org, Options("en", AS_OF))
    topic = next(item for item in hb.search if item["t"] == "PMS access")
    assert topic["h"] == "role-it-manager" and "akses PMS" in topic["s"]
    assert "IT Manager" in topic["d"]


def test_next_review_adds_the_cadence() -> None:
    half_year = Review(parse_cadence("every 6 months"), "2026-08-31", None)
    assert next_review(half_year) == date(2027, 2, 28)  # no 31 February: the month's last day
    assert next_review(Review(parse_cadence("yearly"), "2026-06-01", None)) == date(2027, 6, 1)
    assert next_review(Review(parse_cadence("weekly"), "2026-06-01", None)) == date(2026, 6, 8)
    assert next_review(None) is None
