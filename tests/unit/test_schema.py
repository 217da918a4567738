"""Schema validation: the compiled fast path and the detailed validator must agree."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from svcstd.loader import iter_yaml_files, load_file
from svcstd.schema import fast_validator, validator
from tests.conftest import CASES, example_dir


def _documents() -> list[tuple[str, dict[str, Any]]]:
    docs = []
    for root in (example_dir(), CASES):
        for path in iter_yaml_files(root):
            for doc in load_file(path, str(path)).documents:
                kind = "config" if path.name == "svcstd.yaml" else doc.data.get("kind")
                if kind in ("team", "role", "standard", "sop", "waiver", "config"):
                    docs.append((str(kind), doc.data))
    return docs


# Each mutation turns a valid standard into an invalid one in a different way.
MUTATIONS = {
    "bad-duration": lambda d: d["targets"][0].update(acknowledge="4 hourz"),
    "impossible-date": lambda d: d.update(effective="2026-02-30"),
    "unknown-field": lambda d: d.update(titel="x"),
    "missing-field": lambda d: d.pop("owner"),
    "wrong-type": lambda d: d.update(version=1.0),
    "bad-enum": lambda d: d.update(status="actve"),
    "bad-id": lambda d: d.update(id="IT_Support"),
    "no-target-measure": lambda d: d["targets"].append({"id": "vague", "request": "Anything"}),
    "bad-customers": lambda d: d.update(customers="everyone"),
    "bad-deadline": lambda d: d["targets"].append(
        {"id": "x", "request": "y", "deadline": "monthly on day 32"}
    ),
}


def test_fast_and_detailed_agree_on_real_documents() -> None:
    docs = _documents()
    assert len(docs) > 80
    for kind, data in docs:
        detailed = not list(validator(kind).iter_errors(data))
        assert fast_validator(kind).is_valid(data) == detailed, (kind, data.get("id"))


@pytest.mark.parametrize("name", sorted(MUTATIONS))
def test_fast_path_rejects_what_the_detailed_validator_rejects(name: str) -> None:
    source = load_file(example_dir() / "services" / "it-pms-support.yaml", "x").documents[0].data
    data = copy.deepcopy(source)
    MUTATIONS[name](data)
    assert list(validator("standard").iter_errors(data)), "the mutation should be invalid"
    assert not fast_validator("standard").is_valid(data)


def test_schemas_make_no_outside_references(tmp_path: Path) -> None:
    import json

    from svcstd.resources import data_dir

    for path in data_dir("schemas").glob("*.schema.json"):
        refs = [
            r
            for r in _refs(json.loads(path.read_text()))
            if not r.startswith(("#", "common.schema.json#"))
        ]
        assert refs == [], path.name


def _refs(node: Any) -> list[str]:
    if isinstance(node, dict):
        own = [node["$ref"]] if isinstance(node.get("$ref"), str) else []
        return own + [r for v in node.values() for r in _refs(v)]
    if isinstance(node, list):
        return [r for v in node for r in _refs(v)]
    return []
