"""The shared "text" of the schemas: a plain string or a language map, in every text field."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from svcstd.findings import Finding
from svcstd.loader import load_file
from svcstd.schema import schema_text, validate_document
from svcstd.text import text_paths
from tests.conftest import example_dir
from tests.plain_text import plain_field

STANDARD = example_dir() / "services" / "admin-invoicing.yaml"


def findings(tmp_path: Path, old: str, new: str) -> list[Finding]:
    # The cases were written against the plain English title line.
    text = plain_field(STANDARD.read_text(encoding="utf-8"), "title")
    assert old in text, old
    path = tmp_path / "standard.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return validate_document(load_file(path, str(path)).documents[0], None)


@pytest.mark.parametrize(
    "title",
    [
        "{en: Invoices for groups, id: Tagihan rombongan}",
        "{id: Tagihan rombongan}",  # one language is enough
        "{en: Invoices, pt-BR: Faturas, jv: Tagihan}",  # any language code
        "Invoices for groups",
    ],
)
def test_a_text_is_a_string_or_a_language_map(tmp_path: Path, title: str) -> None:
    found = findings(tmp_path, "title: Invoices for groups, events", f"title: {title}\n#")
    assert found == [], [f.message for f in found]


@pytest.mark.parametrize(
    ("title", "message", "hint"),
    [
        (
            "{english: Invoices}",
            "unknown field 'english'",
            "the keys of a language map are language codes",
        ),
        ("{EN: Invoices}", "unknown field 'EN'", "did you mean 'en'"),
        ("{}", "must not be empty", "add at least one item"),
        ("{en: ''}", "must not be empty", "write a value"),
        ("{en: [Invoices]}", "expected text, got a list", "write text here"),
        ("True", "expected text, got the boolean true", "put the value in quotes: 'True'"),
    ],
)
def test_a_wrong_language_map_is_explained_at_its_key(
    tmp_path: Path, title: str, message: str, hint: str
) -> None:
    (finding,) = findings(tmp_path, "title: Invoices for groups, events", f"title: {title}\n#")
    assert message in finding.message and finding.message.startswith("title")
    assert finding.hint and hint in finding.hint, finding.hint
    assert finding.line == 3


def test_every_text_field_of_every_kind_refers_to_the_shared_text() -> None:
    # The human-readable fields of each kind, as the format documents them: each must
    # accept a language map, which only the shared definition does.
    expected = {
        "team": {("name",), ("mission",), ("channels", "[]", "note")},
        "role": {("title",), ("responsibilities", "[]"), ("topics", "[]", "name")},
        "standard": {
            ("title",),
            ("summary",),
            ("targets", "[]", "request"),
            ("targets", "[]", "external", "promise"),
            ("commitments", "[]", "text"),
            ("communication", "[]", "what"),
            ("communication", "[]", "audience"),
            ("escalation", "[]", "how"),
            ("feedback", "method"),
        },
        "sop": {
            ("title",),
            ("purpose",),
            ("scope",),
            ("trigger",),
            ("sipoc", "inputs", "[]"),
            ("steps", "[]", "action"),
            ("raci", "[]", "activity"),
        },
        "action": {("said",), ("will_do",), ("outcome",)},
        "waiver": {("reason",)},
        "config": {("organisation",), ("calendars", "*", "description")},
    }
    for kind, paths in expected.items():
        assert paths <= set(text_paths(kind)), (kind, paths - set(text_paths(kind)))
    # and no identifier, e-mail or duration became a text by mistake
    for kind in expected:
        for path in text_paths(kind):
            assert path[-1] not in {"id", "email", "acknowledge", "resolve", "within", "team"}


def test_the_text_definition_offers_editors_the_languages() -> None:
    text = json.loads(schema_text("common"))["$defs"]["text"]
    string, mapping = text["oneOf"]
    assert string["type"] == "string" and mapping["type"] == "object"
    assert set(mapping["properties"]) == {"en", "id"}  # completion offers both keys
    assert mapping["minProperties"] == 1 and mapping["additionalProperties"] is False
    assert all(d["description"] for d in (text, string, mapping, *mapping["properties"].values()))


@pytest.mark.parametrize("kind", ["team", "role", "standard", "sop"])
def test_the_legacy_translation_fields_are_marked_deprecated(kind: str) -> None:
    properties = json.loads(schema_text(kind))["properties"]
    legacy = properties.get("title_id") or properties["name_id"]
    assert legacy["deprecated"] is True and "language map" in legacy["description"]
