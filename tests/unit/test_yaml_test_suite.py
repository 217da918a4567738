"""The YAML conformance corpus (tests/fixtures/yaml-test-suite) through the loader.

Whatever a user writes, loading ends in exactly one document or in findings that name
the file and a position: never an exception. libyaml implements YAML 1.1, so some valid
YAML 1.2 is rejected and a few invalid inputs are accepted; those cases are listed below
by name, and every list is checked to be exact so that none of them can change silently.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from svcstd.loader import LoadResult, load_file

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "yaml-test-suite"
CASES = {path.parent.relative_to(CORPUS).as_posix(): path for path in CORPUS.rglob("in.yaml")}
CASE_IDS = sorted(CASES)
INVALID_IDS = [case for case in CASE_IDS if (CASES[case].parent / "error").exists()]

# Invalid YAML that libyaml parses without complaint (it is more lenient than the 1.2
# spec about indentation of continuation lines, tabs and comments glued to a token) and
# that is a plain mapping, so svcstd has nothing to object to either.
LIBYAML_ACCEPTS_INVALID = {
    "9C9N": "flow sequence continuation lines not indented",
    "DK95/01": "tab indenting the continuation line of a double-quoted scalar",
    "QB6E": "continuation lines of a double-quoted scalar not indented",
    "S98Z": "block scalar whose leading blank lines are more indented than its content",
    "SU5Z": "comment with no space after a closing double quote",
    "X4QW": "comment with no space after a block scalar indicator",
}

# Invalid YAML that libyaml also accepts, but that svcstd rejects for a rule of its own
# (one document per file, a mapping at the top): a finding, though not a syntax one.
# Every other invalid case must end in yaml/syntax.
INVALID_CAUGHT_BY_SVCSTD_RULES = {
    "9HCY": "yaml/multiple-documents",  # directive without a document-end marker before it
    "EB22": "yaml/multiple-documents",
    "MUS6/01": "yaml/multiple-documents",
    "RHX7": "yaml/multiple-documents",
    "9JBA": "yaml/not-mapping",  # comment glued to ']'
    "CVW2": "yaml/not-mapping",  # comment glued to ','
    "G5U8": "yaml/not-mapping",  # plain '-' inside a flow sequence
    "YJV2": "yaml/not-mapping",
    "Y79Y/003": "yaml/not-mapping",  # tab before a flow sequence entry
    "MUS6/00": "yaml/empty",  # comment glued to a %YAML directive
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

# Valid mappings with a tag (!!set, !local, !foo, a URI tag): svcstd reads only plain data.
REJECTED_FOR_TAGS = {"2XXW", "7FWL", "CUP7", "M5C3", "UGM3", "Z67P"}

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
    accepted = {case for case in INVALID_IDS if not _load(case)[1].findings}
    assert accepted == set(LIBYAML_ACCEPTS_INVALID)


@pytest.mark.parametrize(
    "case",
    [
        pytest.param(
            case,
            marks=pytest.mark.xfail(
                strict=True, reason=f"libyaml accepts it: {LIBYAML_ACCEPTS_INVALID[case]}"
            ),
        )
        if case in LIBYAML_ACCEPTS_INVALID
        else case
        for case in INVALID_IDS
    ],
)
def test_invalid_yaml_is_reported(case: str) -> None:
    _, result = _load(case)
    assert result.documents == []
    rules = [finding.rule for finding in result.findings]
    assert rules == [INVALID_CAUGHT_BY_SVCSTD_RULES.get(case, "yaml/syntax")]


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
