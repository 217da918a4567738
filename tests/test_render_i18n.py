"""Bilingual texts in the handbook, whois and the printed outputs: the reader's language first,
then the configuration's, with fallbacks marked (lang="…") and counted."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from svcstd.cli import app
from svcstd.pipeline import load_organisation
from svcstd.render.view import Options, build_handbook
from tests.chromium import Page
from tests.unit.render.render_support import AS_OF, base_repo, render

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

STD = "services/it-pms-support.yaml"
TITLE_EN, TITLE_ID = "PMS support for the front office", "Dukungan PMS untuk kantor depan"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """The base repository (language en, languages [en, id]): the standard's title and the
    topic in both languages, everything else in English only."""
    root = base_repo(tmp_path / "standards")
    _edit(root / STD, f"title: {TITLE_EN}", f"title: {{en: {TITLE_EN}, id: {TITLE_ID}}}")
    _edit(
        root / "roles/it-manager.yaml",
        "  - name: PMS access",
        "  - name: {en: PMS access, id: akses sistem hotel}",
    )
    return root


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _handbook(root: Path, lang: str):  # type: ignore[no-untyped-def]
    return build_handbook(load_organisation(root), Options(lang, AS_OF))


def test_the_indonesian_handbook_shows_the_translation_and_counts_the_fallbacks(
    repo: Path,
) -> None:
    hb = _handbook(repo, "id")
    (std,) = hb.standards
    assert std["link"].label == TITLE_ID and not std["link"].label.fallback
    assert std["summary"] is None or std["summary"].lang == "en"
    request = std["targets"][0]["request"]
    assert (request, request.lang, request.fallback) == ("PMS down for the front desk", "en", True)
    before = hb.fallbacks["en"]
    assert set(hb.fallbacks) == {"en"} and before > 0
    # One more translated text shown in the handbook: exactly one fallback fewer.
    _edit(
        repo / STD,
        "    request: PMS down for the front desk",
        "    request: {en: PMS down for the front desk, id: PMS mati di meja depan}",
    )
    assert _handbook(repo, "id").fallbacks["en"] == before - 1
    # The English handbook has every text in English: nothing falls back.
    assert _handbook(repo, "en").fallbacks == {}


def test_a_standards_topics_are_shown_as_the_roles_topic_in_the_readers_language(
    repo: Path,
) -> None:
    # The standard names its topic in the configuration's language ("PMS access"); the role's
    # topic of that name carries the Indonesian, so an Indonesian reader sees that.
    (english,) = _handbook(repo, "en").standards
    (indonesian,) = _handbook(repo, "id").standards
    assert "PMS access" in english["topics"]
    assert "akses sistem hotel" in indonesian["topics"]
    assert "PMS access" not in indonesian["topics"]


def test_render_summary_names_the_fallbacks(repo: Path, tmp_path: Path) -> None:
    notes: list[str] = []
    from svcstd.render.handbook import RenderRequest, render_handbook

    request = RenderRequest(repo, ["md"], tmp_path / "out", as_of=AS_OF, lang="id")
    render_handbook(request, notes=notes)
    count = _handbook(repo, "id").fallbacks["en"]
    # The note is in the handbook's language, like the rest of the run (docs/translating.md).
    assert notes == [
        f"{count} teks belum memiliki terjemahan 'id' dan ditampilkan dalam bahasa lain "
        f"({count} dalam en); aturan i18n/missing-translation mencantumkannya"
    ]


def test_markdown_and_pdf_data_carry_the_resolved_texts(repo: Path, tmp_path: Path) -> None:
    from svcstd.render.pdf import handbook_data

    (md,) = render(repo, tmp_path / "out", ["md"], lang="id")
    text = md.read_text(encoding="utf-8")
    assert TITLE_ID in text and TITLE_EN not in text and "lang=" not in text
    data = handbook_data(_handbook(repo, "id"))
    assert data["fallbacks"] == {"en": _handbook(repo, "id").fallbacks["en"]}
    assert data["standards"][0]["link"]["label"] == TITLE_ID


def test_the_search_index_finds_a_topic_in_both_languages(repo: Path) -> None:
    hb = _handbook(repo, "id")
    topics = [item for item in hb.search if item["h"] == "role-it-manager" and "PMS" in item["s"]]
    assert any(i["t"] == "akses sistem hotel" for i in topics)
    assert any("PMS access" in i["s"] and "akses sistem hotel" in i["s"] for i in topics)


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")
def test_chromium_sees_the_language_of_each_fallback(repo: Path, tmp_path: Path) -> None:
    (html,) = render(repo, tmp_path / "out", ["html"], lang="id")
    with Page(tmp_path / "profile") as page:
        page.open(html.as_uri())
        seen = page.js(
            """(() => {
              const std = document.getElementById('standard-it-pms-support');
              const title = std.querySelector('.item-title');
              const request = std.querySelector('table.targets td');
              const marked = request.querySelector('[lang]');
              return {
                page: document.documentElement.lang,
                title: [title.textContent, title.lang],
                request: marked ? [marked.textContent, marked.lang] : null,
                team: document.querySelector('#team-it .item-title').lang,
              };
            })()"""
        )
    assert seen == {
        "page": "id",
        "title": [TITLE_ID, ""],  # translated: the page's language, no attribute
        "request": ["PMS down for the front desk", "en"],
        "team": "en",  # the team's name has no Indonesian version
    }


# ------------------------------------------------------------------ whois and the printed outputs


def _whois(root: Path, *args: str) -> tuple[int, str]:
    cwd = Path.cwd()
    os.chdir(root)
    try:
        result = CliRunner().invoke(app, ["whois", "--no-cache", *args])
    finally:
        os.chdir(cwd)
    return result.exit_code, result.stdout


def test_whois_finds_a_topic_by_its_name_in_either_language(repo: Path) -> None:
    for question in ("akses sistem hotel", "PMS access"):
        code, out = _whois(repo, "--json", "--lang", "id", question)
        answer = json.loads(out)
        assert code == 0 and answer["answer"]["topic"]["name"] == "akses sistem hotel", question
        code, out = _whois(repo, "--json", question)
        assert json.loads(out)["answer"]["topic"]["name"] == "PMS access", question


def test_whois_answers_author_text_in_the_readers_language(repo: Path) -> None:
    _, out = _whois(repo, "--lang", "id", "PMS access")
    assert TITLE_ID in out and TITLE_EN not in out
    _, out = _whois(repo, "PMS access")
    assert TITLE_EN in out and TITLE_ID not in out


def test_a_model_built_for_a_reader_prints_in_their_language(repo: Path) -> None:
    from svcstd.edition.workspace import open_workspace

    org = open_workspace(repo, reader="id").org
    assert org.standards["it-pms-support"].title == TITLE_ID
    # No Indonesian: the configuration's language, never an empty text.
    assert org.teams["it"].name == "Information Technology"
    assert open_workspace(repo).org.standards["it-pms-support"].title == TITLE_EN


def test_imports_match_names_in_every_language(repo: Path) -> None:
    from svcstd.feedback.importer import _names
    from svcstd.integrations.people import Matcher, Source

    _edit(
        repo / "teams/it.yaml",
        "name: Information Technology",
        "name: {en: Information Technology, id: Teknologi Informasi}",
    )
    org = load_organisation(repo)
    names = _names(org)
    assert names["customer_team"]["teknologi informasi"] == "it"
    assert names["customer_team"]["information technology"] == "it"
    assert names["standard"][TITLE_ID.casefold()] == "it-pms-support"
    matcher = Matcher(org, Source.from_config({}))
    assert matcher.team("Teknologi Informasi") == matcher.team("information technology") == "it"
