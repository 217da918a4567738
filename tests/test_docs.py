"""Docs that must move with the code: generated tables, examples, schema descriptions."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from svcstd import reference
from svcstd.loader import load_text
from svcstd.resources import data_dir
from svcstd.schema import iter_schema_findings, validate_document

ROOT = Path(__file__).resolve().parents[1]
FORMAT_MD = ROOT / "docs" / "format.md"


@pytest.mark.parametrize("rel", sorted(reference.GENERATORS))
def test_generated_sections_are_current(rel: str) -> None:
    name, generate = reference.GENERATORS[rel]
    text = (ROOT / rel).read_text(encoding="utf-8")
    assert reference.replace_section(text, name, generate()) == text, (
        f"{rel} is out of date: run 'python -m svcstd.reference .'"
    )


def _yaml_examples() -> list[str]:
    return re.findall(r"```yaml\n(.*?)```", FORMAT_MD.read_text(encoding="utf-8"), re.S)


@pytest.mark.parametrize("index", range(len(_yaml_examples())))
def test_format_examples_are_valid(index: int) -> None:
    text = _yaml_examples()[index]
    result = load_text(text, f"example-{index}.yaml")
    assert result.findings == [] and len(result.documents) == 1
    doc = result.documents[0]
    found = (
        list(iter_schema_findings(doc, "config"))
        if "kind" not in doc.data
        else validate_document(doc)
    )
    assert found == [], [f.message for f in found]


def _properties(node: Any, where: str) -> list[str]:
    """Paths of every property in a schema that has no description."""
    missing = []
    if isinstance(node, dict):
        for name, prop in node.get("properties", {}).items():
            if isinstance(prop, dict) and not prop.get("description"):
                missing.append(f"{where}.{name}")
        for key, value in node.items():
            missing += _properties(value, f"{where}.{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            missing += _properties(value, f"{where}[{i}]")
    return missing


def test_every_schema_property_has_a_description() -> None:
    schemas = sorted(data_dir("schemas").glob("*.schema.json"))
    assert len(schemas) == 9  # common, config and the seven document kinds
    missing = [m for path in schemas for m in _properties(json.loads(path.read_text()), path.name)]
    assert missing == []


def test_every_schema_rejects_unknown_properties() -> None:
    for path in data_dir("schemas").glob("*.schema.json"):
        schema = json.loads(path.read_text())
        if path.name != "common.schema.json":
            assert schema["additionalProperties"] is False, path.name
