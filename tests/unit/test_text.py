"""svcstd.text: the one resolver of bilingual texts, and the typed Text the model holds."""

from __future__ import annotations

import copy
import pickle
from pathlib import Path
from typing import Any

import pytest

from svcstd.text import (
    Localised,
    Shown,
    Text,
    every_language,
    is_language_map,
    is_text_path,
    iter_texts,
    localise_data,
    localise_tree,
    localised,
    resolve,
    translations,
    versions,
    with_legacy,
)

MAP = {"en": "Payroll", "id": "Penggajian"}


@pytest.mark.parametrize(
    ("value", "reader", "default", "expected"),
    [
        (MAP, "id", "en", Localised("Penggajian", "id", False)),  # the reader's language
        (MAP, "en", "id", Localised("Payroll", "en", False)),
        ({"en": "Payroll"}, "id", "en", Localised("Payroll", "en", True)),  # then the default
        ({"jv": "Bayaran", "en": "Payroll"}, "id", "en", Localised("Payroll", "en", True)),
        ({"jv": "Bayaran", "fr": "Paie"}, "id", "en", Localised("Bayaran", "jv", True)),  # first
        ("Payroll", "id", "en", Localised("Payroll", "en", True)),  # plain: the default language
        ("Penggajian", "id", "id", Localised("Penggajian", "id", False)),
        ("Payroll", None, "en", Localised("Payroll", "en", False)),  # no reader: the default
        (None, "id", "en", Localised("", "id", False)),
        ({"en": "", "id": "Penggajian"}, "en", "en", Localised("Penggajian", "id", True)),
    ],
)
def test_resolve_follows_the_documented_order(
    value: object, reader: str | None, default: str, expected: Localised
) -> None:
    assert resolve(value, reader, default) == expected


def test_a_text_is_its_default_language_and_carries_the_others() -> None:
    text = Text(MAP, "id")
    assert text == "Penggajian" and text.get("en") == "Payroll" and text.get("jv") is None
    assert resolve(text, "en", "id").text == "Payroll"
    # Built for a reader, its str is the reader's; resolving still knows the default.
    for_reader = Text({"id": "Penggajian"}, "id", reader="en")
    assert for_reader == "Penggajian"  # no English: the configuration's language
    assert Text(MAP, "id", reader="en") == "Payroll"
    assert resolve(Text(MAP, "id", reader="en"), None, "en") == Localised("Penggajian", "id")


def test_texts_survive_pickling_and_copying() -> None:
    text = Text(MAP, "en", reader="id")
    for copied in (pickle.loads(pickle.dumps(text)), copy.deepcopy(text)):
        assert type(copied) is Text and copied == "Penggajian"
        assert copied.translations == MAP and copied.reader == "id"
    shown = Shown(Localised("Payroll", "en", True))
    again = pickle.loads(pickle.dumps(shown))
    assert (again, again.lang, again.fallback) == ("Payroll", "en", True)


def test_language_maps_are_told_from_other_mappings() -> None:
    assert is_language_map(MAP) and is_language_map({"pt-BR": "Folha"})
    assert not is_language_map({"cadence": "yearly"})  # a field name, not a code
    assert not is_language_map({"en": ["payslip"]})  # synonyms: lists, not texts
    assert translations("Payroll", "id") == {"id": "Payroll"}
    assert every_language(Text(MAP, "en")) == "Payroll Penggajian"


def test_localise_data_makes_every_text_field_a_text_and_folds_in_title_id() -> None:
    data = {
        "kind": "role",
        "id": "hr-payroll-officer",
        "title": "Payroll Officer",
        "title_id": "Staf Penggajian",
        "team": "hr",
        "responsibilities": ["Pay salaries", {"en": "Answer questions", "id": "Menjawab"}],
        "topics": [{"name": MAP, "synonyms": {"en": ["salary"]}}],
    }
    out = localise_data(data, "role", "en", reader="id")
    assert out["title"] == "Staf Penggajian" and out["title"].get("en") == "Payroll Officer"
    assert [str(r) for r in out["responsibilities"]] == ["Pay salaries", "Menjawab"]
    assert out["topics"][0]["name"] == "Penggajian"
    assert type(out["team"]) is str and out["topics"][0]["synonyms"] == {"en": ["salary"]}
    assert data["responsibilities"][0] == "Pay salaries"  # the input is left as it was


def _texts_by_path(data: dict[str, Any], kind: str) -> dict[tuple[Any, ...], Any]:
    return dict(iter_texts(data, kind))


def _every_example_document() -> list[tuple[str, dict[str, Any]]]:
    from svcstd.repository import load_repository

    repo = load_repository(Path(__file__).resolve().parents[2] / "standards")
    return [("config", repo.config.data)] + [(d.data["kind"], d.data) for d in repo.documents]


@pytest.mark.parametrize("reader", [None, "id"])
def test_localise_data_turns_exactly_the_text_paths_into_texts(reader: str | None) -> None:
    # The definition: the value at each path iter_texts finds becomes make_text of it, and
    # nothing else changes. Checked on every document of the example, both languages, and
    # on a calendar description (reached through "*") beside an ordinary key.
    cases = _every_example_document()
    cases.append(("config", {"calendars": {"office": {"description": MAP, "days": ["mon"]}},
                             "organisation": "Hotel"}))  # fmt: skip
    for kind, data in cases:
        before = copy.deepcopy(data)
        out = localise_data(data, kind, "en", reader)
        texts = _texts_by_path(data, kind)
        assert texts or kind in ("waiver", "feedback"), kind
        for path, value in texts.items():
            node = out
            for step in path:
                node = node[step]
            assert isinstance(node, Text) and node.translations == translations(value, "en")
            assert str(node) == localised(value, reader, "en")
        assert data == before  # the input is left as it was
        assert _text_paths_in(out) == {p for p, v in texts.items() if v}
        assert _blanked(out, texts) == _blanked(data, texts)  # the rest is equal


def _blanked(data: Any, paths: dict[tuple[Any, ...], Any]) -> Any:
    """A deep copy of ``data`` with the values at ``paths`` replaced by None."""
    out = copy.deepcopy(data)
    for path in paths:
        node = out
        for step in path[:-1]:
            node = node[step]
        node[path[-1]] = None
    return out


def _text_paths_in(value: Any, at: tuple[Any, ...] = ()) -> set[tuple[Any, ...]]:
    """Where the Text instances stand in localised data; everything else equal to the input."""
    if isinstance(value, Text):
        return {at}
    if isinstance(value, dict):
        return set().union(*(_text_paths_in(v, (*at, k)) for k, v in value.items()))
    if isinstance(value, list):
        return set().union(*(_text_paths_in(v, (*at, i)) for i, v in enumerate(value)))
    return set()


@pytest.mark.parametrize(
    ("data", "language", "expected"),
    [
        ({"title": "Payroll", "title_id": "Gaji"}, "en", {"en": "Payroll", "id": "Gaji"}),
        # The old title was for every reader but Indonesian ones: English, not 'id'.
        ({"title": "Payroll", "title_id": "Gaji"}, "id", {"en": "Payroll", "id": "Gaji"}),
        ({"title": {"en": "P", "id": "G"}, "title_id": "X"}, "en", {"en": "P", "id": "G"}),
        ({"title": {"en": "P"}, "title_id": "X"}, "en", {"en": "P", "id": "X"}),
    ],
)
def test_the_legacy_field_folds_in_as_it_used_to_render(
    data: dict[str, object], language: str, expected: dict[str, str]
) -> None:
    assert with_legacy(data, "title_id", language) == expected


def test_versions_point_at_each_language() -> None:
    data = {"targets": [{"request": {"en": "Fix it", "id": "Perbaiki"}}], "summary": "Plain"}
    assert list(versions(data, ("targets", 0, "request"))) == [
        (("targets", 0, "request", "en"), "Fix it"),
        (("targets", 0, "request", "id"), "Perbaiki"),
    ]
    assert list(versions(data, ("summary",))) == [(("summary",), "Plain")]
    assert list(versions(data, ("targets", 3, "request"))) == []


def test_text_paths_match_list_items_by_key_or_position() -> None:
    assert is_text_path("standard", ("targets", "pms-outage", "request"))
    assert is_text_path("standard", ("escalation", 1, "how"))
    assert not is_text_path("standard", ("targets", "pms-outage", "resolve"))
    assert is_text_path("config", ("calendars", "office", "description"))


def test_localise_tree_resolves_texts_anywhere_in_an_answer() -> None:
    answer = {"title": Text(MAP, "en"), "list": [Text(MAP, "en"), "id-stays"], "n": 3}
    assert localise_tree(answer, "id", "en") == {
        "title": "Penggajian",
        "list": ["Penggajian", "id-stays"],
        "n": 3,
    }


def test_prose_in_several_languages_is_blanked_for_the_organisation_rules() -> None:
    from svcstd.lint.prose import PLACEHOLDER, project

    data = {"kind": "standard", "summary": {"en": "Fast", "id": "Cepat"}, "title": "T"}
    projected = project(data)
    # Each language blanked, the map kept: positions are recorded in the data's shape.
    assert projected["summary"] == {"en": PLACEHOLDER, "id": PLACEHOLDER}
    assert projected["title"] == PLACEHOLDER
    assert data["summary"] == {"en": "Fast", "id": "Cepat"}  # the document is left as it was
