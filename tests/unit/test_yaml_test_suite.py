"""The YAML conformance corpus (tests/fixtures/yaml-test-suite) through the loader.

Whatever a user writes, loading ends in exactly one document or in findings that name
the file and a position: never an exception. libyaml implements YAML 1.1, so some valid
YAML 1.2 is rejected and a few invalid inputs are accepted; those cases are listed below
by name, and every list is checked to be exact so that none of them can change silently.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from svcstd.loader import LoadResult, load_file, load_text

try:
    from yaml import CSafeLoader as SafeLoader
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml import SafeLoader  # type: ignore[assignment]

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "yaml-test-suite"
CASES = {path.parent.relative_to(CORPUS).as_posix(): path for path in CORPUS.rglob("in.yaml")}
CASE_IDS = sorted(CASES)
INVALID_IDS = [case for case in CASE_IDS if (CASES[case].parent / "error").exists()]

# Invalid YAML that libyaml parses without complaint (it is more lenient than the 1.2
# spec about indentation of continuation lines, tabs and comments glued to a token).
# svcstd's own checks (loader._SyntaxChecks) report each of them as yaml/syntax.
LIBYAML_ACCEPTS_INVALID = {
    "9C9N": "flow sequence continuation lines not indented",
    "9JBA": "comment glued to ']'",
    "CVW2": "comment glued to ','",
    "DK95/01": "tab indenting the continuation line of a double-quoted scalar",
    "G5U8": "plain '-' inside a flow sequence",
    "MUS6/00": "comment glued to a %YAML directive",
    "QB6E": "continuation lines of a double-quoted scalar not indented",
    "S98Z": "block scalar whose leading blank lines are more indented than its content",
    "SU5Z": "comment with no space after a closing double quote",
    "X4QW": "comment with no space after a block scalar indicator",
    "Y79Y/003": "tab before a flow sequence entry",
    "YJV2": "plain '-' inside a flow sequence",
    # Several documents in one file, which svcstd refuses for a rule of its own.
    "9HCY": "directive without a document-end marker before it",
    "EB22": "directive without a document-end marker before it",
    "MUS6/01": "directive repeated without a document-end marker",
    "RHX7": "directive without a document-end marker before it",
}

# The invalid cases that end in a finding other than yaml/syntax when read alone.
INVALID_CAUGHT_BY_SVCSTD_RULES = {
    "9HCY": "yaml/multiple-documents",  # directive without a document-end marker before it
    "EB22": "yaml/multiple-documents",
    "MUS6/01": "yaml/multiple-documents",
    "RHX7": "yaml/multiple-documents",
    "9JBA": "yaml/not-mapping",  # a list at the top; the glued comment is reported in a value
    "CVW2": "yaml/not-mapping",
    "G5U8": "yaml/not-mapping",
    "YJV2": "yaml/not-mapping",
    "Y79Y/003": "yaml/not-mapping",
    "MUS6/00": "yaml/empty",  # no document after the directive
}

# Cases whose only error is a '---' or '...' marker at the start of a line (or an anchor
# on the '---' line): indented as the value of a key they become valid YAML text, so
# they are checked alone and as a whole document, not as a value.
INVALID_ONLY_AT_THE_TOP = {
    "5TRB": "'---' inside a double-quoted scalar",
    "9MQT/01": "'...' inside a double-quoted scalar",
    "CXX2": "anchor on the '---' line before a block mapping",
    "N782": "'---' and '...' inside a flow sequence",
    "RXY3": "'...' inside a single-quoted scalar",
}

# Valid YAML 1.2 whose expected data (in.json) is one mapping, rejected by libyaml with a
# syntax error: anchors and aliases containing ':' or other indicators (2SXE, W5VH), a
# re-defined anchor (3GZX), a flow-mapping ':' on the line after its key (4MUZ, 5MUD,
# K3WX, VJP3/01), ':' starting a plain scalar in flow context (58MP), tabs that YAML 1.2
# allows as separation or content (96NN, DK95, Q5MG, Y79Y/001) and block indentation
# indicators in compact nested sequences (A2M4).
LIBYAML_REJECTS_VALID = {
    "2SXE",
    "3GZX",
    "4MUZ/00",
    "4MUZ/01",
    "4MUZ/02",
    "58MP",
    "5MUD",
    "96NN/00",
    "96NN/01",
    "A2M4",
    "DK95/00",
    "DK95/03",
    "DK95/04",
    "K3WX",
    "Q5MG",
    "VJP3/01",
    "W5VH",
    "Y79Y/001",
}

# Valid mappings with a tag (!!set, !!str, !!binary, !local, !foo, a URI tag): svcstd reads
# only plain data, and every tag is a finding (docs/format.md).
REJECTED_FOR_TAGS = {
    "2XXW",
    "565N",
    "57H4",
    "6JWB",
    "74H7",
    "7FWL",
    "BU8L",
    "CUP7",
    "EHF6",
    "HMQ5",
    "L94M",
    "M5C3",
    "UGM3",
    "WZ62",
    "Z67P",
}

# Valid mappings that libyaml reads to different data than YAML 1.2 specifies.
LIBYAML_MISREADS = {
    "652Z": "'?foo' as a flow key is read as the '?' explicit-key indicator",
    "L24T/01": "a final line of spaces in a literal block scalar is cut short",
    "Y2GN": "an anchor name containing ':' ends at the ':'",
}


def _load(case: str) -> tuple[str, LoadResult]:
    display = f"corpus/{case}.yaml"
    return display, load_file(CASES[case], display)


def _single_mapping(case: str) -> dict[str, Any] | None:
    """The expected data when in.json holds exactly one JSON object, else None."""
    expected = CASES[case].parent / "in.json"
    if not expected.exists():
        return None
    try:
        data = json.loads(expected.read_text(encoding="utf-8"))
    except json.JSONDecodeError:  # one JSON value per document: a multi-document case
        return None
    return data if isinstance(data, dict) else None


VALID_MAPPING_IDS = [
    case for case in CASE_IDS if case not in INVALID_IDS and _single_mapping(case) is not None
]


def test_corpus_is_complete() -> None:
    assert len(CASE_IDS) == 402
    assert len(INVALID_IDS) == 94
    assert len(VALID_MAPPING_IDS) == 118
    assert "2G84/00" in CASES  # numbered sub-folders are cases too


def test_known_lists_name_real_cases() -> None:
    invalid = set(INVALID_IDS)
    assert set(LIBYAML_ACCEPTS_INVALID) <= invalid
    assert set(INVALID_ONLY_AT_THE_TOP) <= invalid
    assert set(INVALID_CAUGHT_BY_SVCSTD_RULES) <= invalid
    valid_mappings = set(VALID_MAPPING_IDS)
    assert LIBYAML_REJECTS_VALID | REJECTED_FOR_TAGS | set(LIBYAML_MISREADS) <= valid_mappings


@pytest.mark.parametrize("case", CASE_IDS)
def test_loads_to_one_document_or_located_findings(case: str) -> None:
    display, result = _load(case)
    assert len(result.documents) <= 1
    assert result.documents or result.findings, "neither a document nor a finding"
    if result.documents:
        assert result.documents[0].file == display
        assert isinstance(result.documents[0].data, dict)
    for finding in result.findings:
        assert finding.file == display
        assert finding.line >= 1
        assert finding.column >= 1
        assert finding.message.strip()
        assert finding.rule.startswith("yaml/")


def test_libyaml_leniency_is_exactly_the_known_set() -> None:
    # libyaml itself, without svcstd's checks: the list above must say what it accepts.
    accepted = set()
    for case in INVALID_IDS:
        try:
            list(yaml.compose_all(CASES[case].read_text(encoding="utf-8"), Loader=SafeLoader))
        except yaml.YAMLError:
            continue
        accepted.add(case)
    assert accepted == set(LIBYAML_ACCEPTS_INVALID)


@pytest.mark.parametrize("case", INVALID_IDS)
def test_invalid_yaml_is_reported(case: str) -> None:
    _, result = _load(case)
    assert result.documents == []
    rules = [finding.rule for finding in result.findings]
    assert rules == [INVALID_CAUGHT_BY_SVCSTD_RULES.get(case, "yaml/syntax")]


# A real standard that lints clean, into which each invalid case is placed.
STANDARD = Path(__file__).resolve().parents[2] / "standards" / "services" / "admin-invoicing.yaml"


def _as_value_below(case: str) -> str:
    body = re.sub(r"\A---(?: |\n|$)", "", case)
    return STANDARD.read_text(encoding="utf-8") + "notes:\n" + _indented(body)


def _as_value_inline(case: str) -> str:
    first, _, rest = re.sub(r"\A---(?: |\n|$)", "", case).partition("\n")
    return STANDARD.read_text(encoding="utf-8") + f"notes: {first}\n" + _indented(rest)


def _as_document(case: str) -> str:
    return case.rstrip("\n") + "\n" + STANDARD.read_text(encoding="utf-8")


def _indented(text: str) -> str:
    return "".join("  " + line if line.strip("\r\n") else line for line in text.splitlines(True))


EMBEDDINGS = {"value-below": _as_value_below, "value-inline": _as_value_inline}


def test_the_standard_used_for_embedding_loads_clean() -> None:
    result = load_text(STANDARD.read_text(encoding="utf-8"), "standard.yaml")
    assert result.findings == []
    assert result.documents[0].data["kind"] == "standard"


@pytest.mark.parametrize("case", INVALID_IDS)
def test_invalid_case_placed_inside_a_real_standard_is_a_finding(case: str) -> None:
    text = CASES[case].read_text(encoding="utf-8")
    placed = {"document": _as_document}
    if case not in INVALID_ONLY_AT_THE_TOP:
        placed.update(EMBEDDINGS)
    for how, embed in placed.items():
        result = load_text(embed(text), "standard.yaml")
        assert result.documents == [], how
        assert result.findings, how
        assert all(finding.rule.startswith("yaml/") for finding in result.findings), how


@pytest.mark.parametrize("case", sorted(INVALID_ONLY_AT_THE_TOP))
def test_marker_cases_are_valid_once_indented(case: str) -> None:
    # Keeps INVALID_ONLY_AT_THE_TOP honest: indented, these really are valid YAML.
    text = CASES[case].read_text(encoding="utf-8")
    embed = _as_value_below if case == "CXX2" else _as_value_inline
    assert load_text(embed(text), "standard.yaml").findings == []


@pytest.mark.parametrize("case", VALID_MAPPING_IDS)
def test_valid_mapping_matches_expected_json(case: str) -> None:
    _, result = _load(case)
    rules = [finding.rule for finding in result.findings]
    if case in LIBYAML_REJECTS_VALID:
        assert rules == ["yaml/syntax"]
    elif case in REJECTED_FOR_TAGS:
        assert rules == ["yaml/tag"]
    elif case in LIBYAML_MISREADS:
        assert rules == []
        assert result.documents[0].data != _single_mapping(case)
    else:
        assert rules == []
        assert result.documents[0].data == _single_mapping(case)
