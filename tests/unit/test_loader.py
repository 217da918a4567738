"""The loader: YAML text to plain data with positions, or located findings, never an exception."""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
import tracemalloc
from pathlib import Path
from typing import Any

import pytest

import svcstd
from svcstd.findings import Finding
from svcstd.loader import (
    MAX_ALIAS_CHARS,
    MAX_ALIAS_VALUES,
    MAX_DEPTH,
    LoadResult,
    SourceDocument,
    iter_yaml_files,
    load_file,
    load_text,
)

FILE = "standards/incident.yaml"


def _data(text: str) -> dict[str, Any]:
    result = load_text(text, FILE)
    assert result.findings == []
    assert len(result.documents) == 1
    return result.documents[0].data


def _only_finding(result: LoadResult) -> Finding:
    assert result.documents == []
    assert len(result.findings) == 1
    finding = result.findings[0]
    assert finding.file == FILE
    assert finding.message
    return finding


def _problem(text: str) -> Finding:
    return _only_finding(load_text(text, FILE))


# --- scalars: YAML 1.2 core, so YAML 1.1's surprises stay text -------------------------


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("no", "no"),
        ("yes", "yes"),
        ("on", "on"),
        ("off", "off"),
        ("y", "y"),
        ("08", "08"),
        ("012", "012"),
        ("1:30", "1:30"),
        ("2026-01-31", "2026-01-31"),
        ("2026-01-31 10:00:00", "2026-01-31 10:00:00"),
        ("0x1F", "0x1F"),
        (".inf", ".inf"),
        ("1.0", 1.0),
        ("'1.0'", "1.0"),
        ('"1.0"', "1.0"),
        ("12", 12),
        ("-3", -3),
        ("true", True),
        ("False", False),
        ("~", None),
        ("null", None),
        ("", None),
        ("'no'", "no"),
    ],
)
def test_scalars_follow_the_yaml_1_2_core_schema(written: str, expected: object) -> None:
    value = _data(f"value: {written}\n")["value"]
    assert value == expected
    assert type(value) is type(expected)


def test_keys_are_kept_as_written() -> None:
    assert _data("no: 1\n08: 2\n1.0: 3\n") == {"no": 1, "08": 2, "1.0": 3}


@pytest.mark.parametrize(
    ("written", "shown"),
    [
        ("!!str 08", "!!str"),
        ("!!str yes", "!!str"),
        ("!!float 1", "!!float"),
        ("!!int '12'", "!!int"),
        ("!!int abc", "!!int"),
        ("!!bool true", "!!bool"),
        ("!!null ~", "!!null"),
        ("!!timestamp 2026-01-31", "!!timestamp"),
        ("!!binary aGVsbG8=", "!!binary"),
        ("! text", "!"),
        ("! [a, b]", "!"),
        ("! {a: b}", "!"),
        ("!!seq [a]", "!!seq"),
        ("!!map {a: b}", "!!map"),
        ("!local text", "!local"),
        ("!<tag:example.com,2026:x> text", "tag:example.com,2026:x"),
    ],
)
def test_every_explicit_tag_is_a_finding(written: str, shown: str) -> None:
    # docs/format.md: any tag is a finding, the core ones included; none is read as text.
    finding = _problem(f"id: x\nvalue: {written}\n")
    assert (finding.rule, finding.line, finding.column) == ("yaml/tag", 2, 8)
    assert repr(shown) in finding.message


@pytest.mark.parametrize("key", ["!!str id", "! id", "!!binary aWQ="])
def test_a_tagged_key_is_a_finding(key: str) -> None:
    finding = _problem(f"{key}: x\n")
    assert (finding.rule, finding.line, finding.column) == ("yaml/tag", 1, 1)


def test_untagged_values_keep_the_core_schema() -> None:
    data = _data("a: 08\nb: '12'\nc: 1.5\nd: true\ne: ~\nf: \"x\"\ng: [1, b]\nh: {i: j}\n")
    assert data == {
        "a": "08",
        "b": "12",
        "c": 1.5,
        "d": True,
        "e": None,
        "f": "x",
        "g": [1, "b"],
        "h": {"i": "j"},
    }


# --- duplicate keys ---------------------------------------------------------------------


def test_duplicate_key_is_reported_at_the_second_key_naming_the_first_line() -> None:
    result = load_text("id: a\nname: x\nowner: sre\nid: b\n", FILE)
    assert [(f.rule, f.line, f.column) for f in result.findings] == [("yaml/duplicate-key", 4, 1)]
    assert "'id'" in result.findings[0].message
    assert "line 1" in result.findings[0].message
    # The document still loads, keeping the first value, so later rules can run.
    assert [document.data for document in result.documents] == [
        {"id": "a", "name": "x", "owner": "sre"}
    ]


def test_nested_duplicate_key_is_reported_at_its_own_position() -> None:
    result = load_text("id: a\ntargets:\n  - priority: P1\n    priority: P2\n", FILE)
    assert [(f.rule, f.line, f.column) for f in result.findings] == [("yaml/duplicate-key", 4, 5)]
    assert "line 3" in result.findings[0].message


def test_quoted_and_plain_spelling_of_a_key_are_duplicates() -> None:
    result = load_text("1: a\n'1': b\n", FILE)
    assert [(f.rule, f.line) for f in result.findings] == [("yaml/duplicate-key", 2)]


# --- tags that construct objects are refused, never executed ----------------------------


def test_python_object_apply_is_refused_and_never_runs(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    path = tmp_path / "evil.yaml"
    path.write_text(
        f'id: x\npayload: !!python/object/apply:os.system ["touch {marker}"]\n',
        encoding="utf-8",
    )
    result = load_file(path, FILE)
    finding = _only_finding(result)
    assert (finding.rule, finding.line, finding.column) == ("yaml/tag", 2, 10)
    assert "python/object/apply:os.system" in finding.message
    assert not marker.exists()


def test_python_object_apply_at_the_top_level_never_runs(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    path = tmp_path / "evil.yaml"
    path.write_text(f'!!python/object/apply:os.system ["touch {marker}"]\n', encoding="utf-8")
    finding = _only_finding(load_file(path, FILE))
    assert finding.rule.startswith("yaml/")
    assert not marker.exists()


@pytest.mark.parametrize(
    ("text", "tag"),
    [
        ("fn: !!python/name:os.system\n", "python/name:os.system"),
        ("fn: !!python/object/new:os.system [ls]\n", "python/object/new:os.system"),
        ("fn: !!python/object:os.Popen {args: ls}\n", "python/object:os.Popen"),
        ("fn: !custom 1\n", "!custom"),
        ("fn: !custom {a: 1}\n", "!custom"),
        ("fn: !custom [a, b]\n", "!custom"),
        ("fn: !!set {a, b}\n", "!!set"),
        ("fn: !!omap [a: 1]\n", "!!omap"),
        ("fn: !<tag:example.com,2026:thing> x\n", "tag:example.com,2026:thing"),
    ],
)
def test_tags_on_values_are_refused(text: str, tag: str) -> None:
    finding = _problem(text)
    assert (finding.rule, finding.line, finding.column) == ("yaml/tag", 1, 5)
    assert tag in finding.message


def test_tag_on_a_key_is_refused() -> None:
    finding = _problem("id: x\n!custom key: value\n")
    assert (finding.rule, finding.line, finding.column) == ("yaml/tag", 2, 1)


def test_tag_on_the_top_level_mapping_is_refused() -> None:
    finding = _problem("--- !custom\nid: x\n")
    assert (finding.rule, finding.line) == ("yaml/tag", 1)


def test_tag_deep_inside_a_sequence_is_refused() -> None:
    finding = _problem("targets:\n  - a\n  - !!python/name:os.system\n")
    assert (finding.rule, finding.line, finding.column) == ("yaml/tag", 3, 5)


# --- aliases ---------------------------------------------------------------------------


def test_plain_anchor_and_alias_load() -> None:
    data = _data("base: &base {team: sre}\ncopy: *base\n")
    assert data == {"base": {"team": "sre"}, "copy": {"team": "sre"}}


def _billion_laughs(levels: int = 9, width: int = 9) -> str:
    names = [chr(ord("a") + i) for i in range(levels)]
    lines = [f"{names[0]}: &{names[0]} [{', '.join(['lol'] * width)}]"]
    for prev, name in itertools.pairwise(names):
        lines.append(f"{name}: &{name} [{', '.join([f'*{prev}'] * width)}]")
    return "\n".join(lines) + "\n"


def test_billion_laughs_is_rejected_within_bounded_memory() -> None:
    text = _billion_laughs()  # 9 ** 9 = 387,420,489 strings once expanded
    tracemalloc.start()
    try:
        result = load_text(text, FILE)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    finding = _only_finding(result)
    assert finding.rule == "yaml/alias-bomb"
    assert finding.line >= 1
    assert peak < 200 * 1024 * 1024


def _aliased_text(size: int, copies: int) -> str:
    """One anchored text of `size` characters, then `copies` keys aliasing it."""
    lines = ["id: x", f"big: &big {'a' * size}"]
    lines += [f"copy{i}: *big" for i in range(copies)]
    return "\n".join(lines) + "\n"


def test_aliases_of_a_big_text_are_an_alias_bomb_at_the_key_using_them() -> None:
    # 5,000 aliases of a 100 KB text: a 136 KB file that expands to 500 MB of text.
    text = _aliased_text(100_000, 5_000)
    tracemalloc.start()
    try:
        result = load_text(text, FILE)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    finding = _only_finding(result)
    assert finding.rule == "yaml/alias-bomb"
    # Ten aliases repeat exactly MAX_ALIAS_CHARS; the eleventh ('copy10: *big') is reported.
    assert (finding.line, finding.column) == (3 + MAX_ALIAS_CHARS // 100_000, len("copy10: ") + 1)
    assert f"{MAX_ALIAS_CHARS:,} characters" in finding.message
    assert peak < 20 * 1024 * 1024


def test_an_alias_bomb_in_a_list_points_at_the_alias_that_crosses_the_bound() -> None:
    # Every item of the list is the same node: only the order of the aliases tells them apart.
    lines = ["id: x", "list:", f"  - &big {'a' * (MAX_ALIAS_CHARS // 4)}"] + ["  - *big"] * 6
    finding = _problem("\n".join(lines) + "\n")
    assert (finding.rule, finding.line, finding.column) == ("yaml/alias-bomb", 3 + 5, 5)


def test_aliases_inside_an_anchored_value_are_counted_where_they_are_written() -> None:
    # The alias inside 'pair' is the first written; the third, the second '*pair', crosses
    # the bound (3 x a third of MAX_ALIAS_CHARS, plus 'small').
    text = (
        f"id: x\nbig: &big {'a' * (MAX_ALIAS_CHARS // 3)}\n"
        "pair: &pair [*big, small]\n"
        "copies: [*pair, *pair]\n"
        "more: *big\n"
    )
    finding = _problem(text)
    assert (finding.rule, finding.line, finding.column) == ("yaml/alias-bomb", 4, 17)


@pytest.mark.parametrize(("copies", "bomb"), [(10, False), (11, True)])
def test_alias_text_bound_boundary(copies: int, bomb: bool) -> None:
    # Exactly MAX_ALIAS_CHARS repeated through aliases is allowed; more is not.
    result = load_text(_aliased_text(MAX_ALIAS_CHARS // 10, copies), FILE)
    assert [f.rule for f in result.findings] == (["yaml/alias-bomb"] if bomb else [])


@pytest.mark.parametrize(
    ("copies", "bomb"), [(MAX_ALIAS_VALUES // 2, False), (MAX_ALIAS_VALUES // 2 + 1, True)]
)
def test_alias_value_bound_boundary(copies: int, bomb: bool) -> None:
    # Each alias of a one-item list repeats two values: the list and its item.
    text = "id: x\nbase: &b [1]\nlist:\n" + "  - *b\n" * copies
    result = load_text(text, FILE)
    assert [f.rule for f in result.findings] == (["yaml/alias-bomb"] if bomb else [])


def test_a_large_file_without_aliases_is_not_an_alias_bomb() -> None:
    # 200,000 list entries, 16 MB: far more values and text than the alias bounds.
    entry = "  - " + "x" * 76 + "\n"
    text = "id: big\nitems:\n" + entry * 200_000
    assert len(text) >= 16_000_000
    data = _data(text)
    assert len(data["items"]) == 200_000


def test_keys_inside_an_aliased_mapping_count_as_text() -> None:
    key = "k" * 1_000
    base = "base: &b {" + ", ".join(f"{key}{i}: v" for i in range(100)) + "}\n"
    copies = "".join(f"c{i}: *b\n" for i in range(MAX_ALIAS_CHARS // (100 * 1_000) + 1))
    finding = _problem("id: x\n" + base + copies)
    assert finding.rule == "yaml/alias-bomb"


@pytest.mark.parametrize("text", ["a: &a [*a]\n", "a: &a {b: *a}\n", "a: &a [x, [y, *a]]\n"])
def test_recursive_alias_is_reported(text: str) -> None:
    finding = _problem(text)
    assert (finding.rule, finding.line, finding.column) == ("yaml/alias-loop", 1, 4)


def test_undefined_alias_is_a_syntax_finding() -> None:
    finding = _problem("id: x\nowner: *nobody\n")
    assert (finding.rule, finding.line) == ("yaml/syntax", 2)


# --- encodings and line ends -----------------------------------------------------------


def test_invalid_utf8_is_reported_at_its_line_and_character(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    # "name: café " is 11 characters but 12 bytes: the column counts characters.
    path.write_bytes("id: x\nname: café ".encode() + b"\xff\nowner: sre\n")
    finding = _only_finding(load_file(path, FILE))
    assert (finding.rule, finding.line, finding.column) == ("yaml/encoding", 2, 12)
    assert "0xff" in finding.message


def test_latin1_file_is_an_encoding_finding(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes("id: x\nowner: sre\nname: Zürich\n".encode("latin-1"))
    finding = _only_finding(load_file(path, FILE))
    assert (finding.rule, finding.line, finding.column) == ("yaml/encoding", 3, 8)


def test_utf8_bom_and_crlf_load_with_correct_positions(tmp_path: Path) -> None:
    path = tmp_path / "windows.yaml"
    path.write_bytes(b"\xef\xbb\xbfid: x\r\nowner:\r\n  team: sre\r\n")
    result = load_file(path, FILE)
    assert result.findings == []
    document = result.documents[0]
    assert document.data == {"id": "x", "owner": {"team": "sre"}}
    assert document.where(("id",)) == (1, 5)
    assert document.where(("owner", "team")) == (3, 9)
    assert document.where(("owner", "team"), key=True) == (3, 3)


def test_crlf_syntax_error_has_the_right_line(tmp_path: Path) -> None:
    path = tmp_path / "windows.yaml"
    path.write_bytes(b"id: x\r\nname: y\r\n  bad: z\r\n")
    finding = _only_finding(load_file(path, FILE))
    assert (finding.rule, finding.line, finding.column) == ("yaml/syntax", 3, 6)


def test_missing_file_is_a_finding(tmp_path: Path) -> None:
    finding = _only_finding(load_file(tmp_path / "missing.yaml", FILE))
    assert (finding.rule, finding.line, finding.column) == ("yaml/unreadable", 1, 1)


# --- the shape of a file ----------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["", "   \n\n", "\ufeff", "# only a comment\n# and another\n", "---\n", "--- ~\n", "null\n"],
)
def test_empty_files_are_reported(text: str) -> None:
    finding = _problem(text)
    assert (finding.rule, finding.line, finding.column) == ("yaml/empty", 1, 1)


@pytest.mark.parametrize(
    ("text", "line"), [("- a\n- b\n", 1), ("# c\nplain text\n", 2), ("[a, b]\n", 1), ("3\n", 1)]
)
def test_top_level_that_is_not_a_mapping_is_reported(text: str, line: int) -> None:
    finding = _problem(text)
    assert (finding.rule, finding.line, finding.column) == ("yaml/not-mapping", line, 1)


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("id: a\n---\nid: b\n", 2),
        ("---\nid: a\n---\nid: b\n---\nid: c\n", 3),
        ("id: a\n--- {id: b}\n", 2),
        ("id: a\n---\n", 2),  # a trailing '---' starts an empty second document
        ("id: a\n...\n---\nid: b\n", 3),
    ],
)
def test_second_document_is_reported_at_its_start(text: str, line: int) -> None:
    finding = _problem(text)
    assert (finding.rule, finding.line, finding.column) == ("yaml/multiple-documents", line, 1)


def test_document_end_marker_alone_is_one_document() -> None:
    assert _data("id: a\n...\n") == {"id": "a"}


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [
        ("id: a\nname: b\n  owner: c\n", 3, 8),  # a mapping inside a plain value
        ('id: a\nname: "x" y\n', 2, 11),  # text after a closing quote
        ("id: a\nowner:\n\tteam: sre\n", 3, 1),  # tab indentation
        ("id: a\nlist: [a, b\nowner: sre\n", 3, 6),  # unclosed '[': found at the next key
    ],
)
def test_syntax_error_has_the_position_of_the_problem(text: str, line: int, column: int) -> None:
    finding = _problem(text)
    assert (finding.rule, finding.line, finding.column) == ("yaml/syntax", line, column)
    assert finding.message.startswith("YAML syntax error: ")
    assert finding.hint


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [
        ("id: a\nname: b\x07c\n", 2, 8),
        ("id: a\x01\n", 1, 6),
        # characters before it take several bytes in UTF-8: the position counts characters
        ("id: é\nname: Zürich ü\x01\n", 2, 15),
        ("name: ééééééééééééééééééééééééé\nb: 1\nc: x\x1b\n", 3, 5),
    ],
)
def test_control_character_is_a_syntax_finding_at_its_position(
    text: str, line: int, column: int
) -> None:
    finding = _problem(text)
    assert (finding.rule, finding.line, finding.column) == ("yaml/syntax", line, column)


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [("? [a, b]\n: 1\n", 1, 3), ("id: x\n? {a: 1}\n: 2\n", 2, 3), ("{[a]: 1}\n", 1, 2)],
)
def test_complex_key_is_reported(text: str, line: int, column: int) -> None:
    finding = _problem(text)
    assert (finding.rule, finding.line, finding.column) == ("yaml/complex-key", line, column)


def test_nesting_beyond_the_bound_is_reported_where_it_goes_too_deep() -> None:
    depth = MAX_DEPTH + 10
    finding = _problem("id: x\nnested: " + "[" * depth + "]" * depth + "\n")
    assert finding.rule == "yaml/too-deep"
    # The top-level mapping is the first level, so the 500th '[' is one too many.
    assert (finding.line, finding.column) == (2, len("nested: ") + MAX_DEPTH)


@pytest.mark.parametrize("inner", ["[]", "{}", "x"])
def test_the_nesting_bound_is_exact_over_many_lines(inner: str) -> None:
    # Block nesting one level a line: the depth is counted while composing. The top-level
    # mapping is the first level; MAX_DEPTH - 1 sequences fill the bound, so one more
    # collection inside (even an empty one) is too deep, while a plain value is not.
    lines = ["a:"] + [" " * (2 * i) + "-" for i in range(1, MAX_DEPTH)]
    text = "\n".join(lines) + " " + inner + "\n"
    result = load_text(text, "f.yaml")
    if inner == "x":
        assert not result.findings
    else:
        [finding] = result.findings
        assert (finding.rule, finding.line) == ("yaml/too-deep", MAX_DEPTH)


def test_moderate_nesting_loads() -> None:
    data = _data("nested: " + "[" * 50 + "]" * 50 + "\n")
    for _ in range(49):
        data = data["nested"] if isinstance(data, dict) else data[0]
    assert data == [[]]


def test_very_deep_nesting_does_not_crash_the_interpreter() -> None:
    # In a child process: without the depth check libyaml's composer overflows the C stack
    # (a segmentation fault), which would take the whole test run down with it.
    code = (
        "from svcstd.loader import load_text\n"
        "for text in ['a: ' + '[' * 200000, 'a:\\n' + '- ' * 100000 + 'x\\n',"
        " 'a: ' + '{b: ' * 100000]:\n"
        "    print(*[(f.rule, f.line) for f in load_text(text, 'f').findings])\n"
    )
    env = {**os.environ, "PYTHONPATH": str(Path(svcstd.__file__).resolve().parents[1])}
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "('yaml/too-deep', 1)",
        "('yaml/too-deep', 2)",
        "('yaml/too-deep', 1)",
    ]


# --- positions --------------------------------------------------------------------------

STANDARD = """\
kind: standard
id: incident-response
targets:
  - priority: P1
    acknowledge: 15m
  - priority: P2
    acknowledge: "1h"
owner:
  team: sre
"""


@pytest.fixture
def standard() -> SourceDocument:
    result = load_text(STANDARD, FILE)
    assert result.findings == []
    return result.documents[0]


def test_document_keeps_the_display_name(standard: SourceDocument) -> None:
    assert standard.file == FILE
    assert standard.data["targets"][1] == {"priority": "P2", "acknowledge": "1h"}


@pytest.mark.parametrize(
    ("path", "value_at", "key_at"),
    [
        (("kind",), (1, 7), (1, 1)),
        (("targets", 0, "acknowledge"), (5, 18), (5, 5)),
        (("targets", 1, "acknowledge"), (7, 18), (7, 5)),
        (("targets", 1, "priority"), (6, 15), (6, 5)),
        (("targets",), (4, 3), (3, 1)),
        (("owner", "team"), (9, 9), (9, 3)),
    ],
)
def test_where_gives_one_based_positions(
    standard: SourceDocument,
    path: tuple[str | int, ...],
    value_at: tuple[int, int],
    key_at: tuple[int, int],
) -> None:
    assert standard.where(path) == value_at
    assert standard.where(path, key=True) == key_at


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        (("owner", "email"), (9, 3)),  # the value of owner
        (("targets", 0, "resolve"), (4, 5)),  # the first target
        (("targets", 7, "resolve"), (4, 3)),  # the targets list
        (("missing", "deeper"), (1, 1)),  # the document
    ],
)
def test_where_falls_back_to_the_nearest_parent(
    standard: SourceDocument, path: tuple[str | int, ...], expected: tuple[int, int]
) -> None:
    assert standard.where(path) == expected


def test_where_of_a_missing_key_falls_back_to_the_parent_key(standard: SourceDocument) -> None:
    assert standard.where(("owner", "email"), key=True) == (8, 1)


# --- finding files ------------------------------------------------------------------------


def test_iter_yaml_files_skips_hidden_folders_and_sorts(tmp_path: Path) -> None:
    for rel in [
        "b.yml",
        "a.yaml",
        "notes.txt",
        "README.md",
        "team/z.yaml",
        "team/sub/c.yml",
        ".git/config.yaml",
        ".svcstd-cache/a.yaml",
        "team/.hidden/x.yaml",
        ".hidden.yaml",
        "data.json",
        "a.yaml.bak",
    ]:
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("id: x\n", encoding="utf-8")
    (tmp_path / "folder.yaml").mkdir()
    found = [path.relative_to(tmp_path).as_posix() for path in iter_yaml_files(tmp_path)]
    assert found == ["a.yaml", "b.yml", "team/sub/c.yml", "team/z.yaml"]


def test_iter_yaml_files_of_a_file_is_that_file(tmp_path: Path) -> None:
    path = tmp_path / "one.yaml"
    path.write_text("id: x\n", encoding="utf-8")
    assert list(iter_yaml_files(path)) == [path]


def test_iter_yaml_files_inside_a_hidden_root_still_finds_files(tmp_path: Path) -> None:
    root = tmp_path / ".config" / "standards"
    root.mkdir(parents=True)
    (root / "a.yaml").write_text("id: x\n", encoding="utf-8")
    assert list(iter_yaml_files(root)) == [root / "a.yaml"]


# --- file size --------------------------------------------------------------------------


def test_a_file_over_the_size_bound_is_refused_before_it_is_read(tmp_path: Path) -> None:
    from svcstd.loader import MAX_FILE_BYTES

    path = tmp_path / "huge.yaml"
    with path.open("wb") as out:  # sparse: no 64 MB written to disk, none read back
        out.truncate(MAX_FILE_BYTES + 1)
    tracemalloc.start()
    try:
        result = load_file(path, "huge.yaml")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert [(f.rule, f.line, f.column) for f in result.findings] == [("yaml/too-large", 1, 1)]
    assert "64 MB" in result.findings[0].message
    assert peak < 1024 * 1024


def test_a_file_at_the_size_bound_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import svcstd.loader

    text = "id: x\nnote: " + "a" * 100 + "\n"
    monkeypatch.setattr(svcstd.loader, "MAX_FILE_BYTES", len(text))
    path = tmp_path / "edge.yaml"
    path.write_text(text, encoding="utf-8")
    assert load_file(path, "edge.yaml").findings == []
    path.write_text(text + "\n", encoding="utf-8")
    assert [f.rule for f in load_file(path, "edge.yaml").findings] == ["yaml/too-large"]
    assert [f.rule for f in load_text(text + "\n", "edge.yaml").findings] == ["yaml/too-large"]


# --- nesting: the guard acts before libyaml's own limit ---------------------------------


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 1_001, 1_500])
def test_flow_nesting_in_one_line_is_too_deep_at_the_bracket_past_the_bound(depth: int) -> None:
    # libyaml's scanner reads a whole line ahead and has a limit of its own (1,000 in
    # 0.2.5): whatever it is, svcstd's finding comes first and says the same thing.
    finding = _problem("id: x\nnested: " + "[" * depth + "]" * depth + "\n")
    assert (finding.rule, finding.line, finding.column) == (
        "yaml/too-deep",
        2,
        len("nested: ") + MAX_DEPTH,
    )


@pytest.mark.parametrize(
    "text",
    [
        'note: "' + "[" * 2_000 + '"\n',  # brackets inside quoted text are text
        "note: '" + "{" * 2_000 + "'\n",
        "note: x # " + "[" * 2_000 + "\n",  # and inside a comment
        "nested: " + "[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1) + "\n",  # just inside
    ],
)
def test_many_brackets_that_are_not_deep_nesting_load(text: str) -> None:
    assert load_text(text, FILE).findings == []
