"""Schema findings and their hints: one per mistake, always a hint, never a misleading one."""

from __future__ import annotations

from pathlib import Path

import pytest

from svcstd.findings import Finding
from svcstd.loader import load_file
from svcstd.references import build_index, iter_unknown_references
from svcstd.schema import validate_document
from tests.conftest import example_dir
from tests.plain_text import plain_field

STANDARD = example_dir() / "services" / "admin-invoicing.yaml"


def findings(tmp_path: Path, *edits: tuple[str, str], source: bool = True) -> list[Finding]:
    """Schema findings for the example standard with text edits applied to its source."""
    # The cases were written against the plain English title line.
    text = plain_field(STANDARD.read_text(encoding="utf-8"), "title")
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new, 1)
    path = tmp_path / "standard.yaml"
    path.write_text(text, encoding="utf-8")
    doc = load_file(path, str(path)).documents[0]
    return validate_document(doc, text if source else None)


# One edit per kind of schema error svcstd explains (validator keyword -> edit).
EDITS = {
    "type": ('version: "1.1"', "version: [1, 1]"),
    "pattern": ("acknowledge: 1 business hour", "acknowledge: soon"),
    "format": ("effective: 2026-01-05", 'effective: "2026-02-30"'),
    "enum": ("status: active", "status: actve"),
    "oneOf": ("customers: [sales, front-office]", "customers: everyone"),
    "anyOf": ("    acknowledge: 1 business hour\n    resolve: 4 business hours\n", ""),
    "minItems": ("customers: [sales, front-office]", "customers: []"),
    "minLength": ("title: Invoices for groups", "title: ''\nx_title: Invoices for groups"),
    "uniqueItems": ("customers: [sales, front-office]", "customers: [sales, sales]"),
    "maxLength": ("id: admin-invoicing", "id: " + "a" * 65),
    "additionalProperties": ("status: active", "status: active\nreview_cadence: yearly"),
    "required": ("owner: adm-manager\n", ""),
}


@pytest.mark.parametrize("keyword", sorted(EDITS))
def test_every_schema_finding_has_a_hint(tmp_path: Path, keyword: str) -> None:
    found = [f for f in findings(tmp_path, EDITS[keyword]) if f.rule == "schema/invalid"]
    assert found, keyword
    assert all(f.hint and f.hint.strip() for f in found), [(f.message, f.hint) for f in found]


@pytest.mark.parametrize(
    ("written", "quoted"),
    [("2.50", "'2.50'"), ("1.10", "'1.10'"), ("2", "'2'"), ("2.0", "'2.0'"), ("[2.50]", None)],
)
def test_quote_hint_keeps_the_number_as_written(tmp_path: Path, written: str, quoted: str) -> None:
    (finding,) = findings(tmp_path, ('version: "1.1"', f"version: {written}  # the new one"))
    if quoted is None:  # a list is not a number to quote
        assert "quotes" not in (finding.hint or "")
    else:
        assert finding.hint == f"put the value in quotes: {quoted}"


def test_quote_hint_reads_the_file_when_no_source_is_given(tmp_path: Path) -> None:
    (finding,) = findings(tmp_path, ('version: "1.1"', "version: 2.50"), source=False)
    assert finding.hint == "put the value in quotes: '2.50'"


def test_a_boolean_in_a_text_field_is_quoted_as_written(tmp_path: Path) -> None:
    (finding,) = findings(
        tmp_path,
        ("title: Invoices for groups, events", "title: True"),
        ("and corporate accounts\n", "\n"),
    )
    assert finding.hint == "put the value in quotes: 'True'"  # as written, not 'true'


def test_an_id_being_defined_gets_its_corrected_form(tmp_path: Path) -> None:
    (finding,) = findings(tmp_path, ("id: admin-invoicing", "id: Admin Invoicing"))
    assert finding.hint == "write it as 'admin-invoicing'"


def test_one_finding_for_a_value_that_breaks_two_keywords(tmp_path: Path) -> None:
    found = findings(tmp_path, ("id: admin-invoicing", "id: " + "A" * 70))
    assert len(found) == 1 and found[0].path == ("id",)


def test_an_invalid_reference_is_reported_once_with_no_made_up_id(tmp_path: Path) -> None:
    edit = ("owner: adm-manager", "owner: 'boss, big: 50%'")
    (schema,) = findings(tmp_path, edit)
    assert "define" not in (schema.hint or "") and "existing id" in (schema.hint or "")
    doc = load_file(tmp_path / "standard.yaml", "standard.yaml").documents[0]
    assert list(iter_unknown_references([doc], build_index([doc], []))) != []  # other refs
    assert not [
        f for f in iter_unknown_references([doc], build_index([doc], [])) if f.path == ("owner",)
    ]


def test_a_well_formed_unknown_reference_is_still_reported(tmp_path: Path) -> None:
    findings(tmp_path, ("owner: adm-manager", "owner: adm-manajer"))
    doc = load_file(tmp_path / "standard.yaml", "standard.yaml").documents[0]
    owner = [
        f for f in iter_unknown_references([doc], build_index([doc], [])) if f.path == ("owner",)
    ]
    assert len(owner) == 1 and "define a role with id 'adm-manajer'" in (owner[0].hint or "")
