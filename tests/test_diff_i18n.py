"""svcstd diff on texts in several languages, in a real git repository."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.test_diff_gitrepo import GitRepo, make_repo

STD = "services/it-pms-support.yaml"
ROLE = "roles/it-manager.yaml"
TITLE = "title: PMS support for the front office"
BILINGUAL = "title: {en: PMS support for the front office, id: Dukungan PMS untuk kantor depan}"


@pytest.fixture
def repo(tmp_path: Path) -> GitRepo:
    return make_repo(tmp_path / "standards")


def changes(repo: GitRepo, *revisions: str) -> tuple[list[dict[str, Any]], list[str]]:
    _, data = repo.diff_json(*revisions)
    return data["changes"], data["notes"]


def test_a_text_changed_in_one_language_only_may_have_a_stale_translation(repo: GitRepo) -> None:
    repo.edit(STD, TITLE, BILINGUAL)
    first = repo.commit("Indonesian title")
    repo.edit(STD, "en: PMS support for the front office", "en: PMS support for reception")
    second = repo.commit("English title reworded")
    found, notes = changes(repo, first, second)
    assert found == [
        {
            "kind": "standard",
            "id": "it-pms-support",
            "path": ["title", "en"],
            "field": "title \u203a en",
            "before": "PMS support for the front office",
            "after": "PMS support for reception",
            "change": "editorial",
            "impact": ["front-office"],
            "stale_translations": ["id"],
        }
    ]
    assert notes == [
        "standard it-pms-support: title \u203a en changed; the id translation may be stale"
    ]
    code, out, _ = repo.run("diff", first, second)
    assert code == 1 and "(the id translation may be stale)" in out


def test_a_text_changed_in_every_language_is_not_stale(repo: GitRepo) -> None:
    repo.edit(STD, TITLE, BILINGUAL)
    first = repo.commit()
    both = "title: {en: PMS support for reception, id: Dukungan PMS resepsionis}"
    repo.edit(STD, BILINGUAL, both)
    found, notes = changes(repo, first)
    assert [(c["path"], c["change"]) for c in found] == [
        (["title", "en"], "editorial"),
        (["title", "id"], "editorial"),
    ]
    assert all("stale_translations" not in c for c in found)
    assert notes == ["the working tree has uncommitted changes; they are included"]


def test_adding_a_translation_changes_only_that_language(repo: GitRepo) -> None:
    # The plain title was in the configuration's language (en): it is unchanged.
    repo.edit(STD, TITLE, BILINGUAL)
    found, notes = changes(repo)
    assert [(c["path"], c["before"], c["after"], c["change"]) for c in found] == [
        (["title", "id"], None, "Dukungan PMS untuk kantor depan", "editorial")
    ]
    assert not any("stale" in n for n in notes)


def test_a_topic_keeps_its_identity_when_its_name_gains_a_translation(repo: GitRepo) -> None:
    repo.edit(ROLE, "  - name: PMS access", "  - name: {en: PMS access, id: akses PMS}")
    found, _ = changes(repo)
    assert [(c["path"], c["change"]) for c in found] == [
        (["topics", "PMS access", "name", "id"], "editorial")
    ]
    assert found[0]["impact"] == ["front-office"]  # the topic's standard's customers
