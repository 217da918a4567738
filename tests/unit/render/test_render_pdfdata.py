"""The PDF's data: the view model as JSON, with a tree for every text that may be Markdown."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from svcstd.render.load import load_organisation
from svcstd.render.mdtree import block_tree, inline_tree, may_be_inline_markdown, may_be_markdown
from svcstd.render.pdf import data_text, handbook_data
from svcstd.render.view import Options, build_handbook
from tests.conftest import example_dir
from tests.unit.render.render_support import base_repo, edit_yaml

LABELS_AND_CHARTS = {"t", "search", "charts", "chart", "svg"}


def _texts(value: Any) -> set[str]:
    """Every string of the data outside labels and charts: the reference for data["md"]."""
    if isinstance(value, str):
        return {value}
    if isinstance(value, dict):
        return {s for k, v in value.items() if k not in LABELS_AND_CHARTS for s in _texts(v)}
    if isinstance(value, list):
        return {s for v in value for s in _texts(v)}
    return set()


def _every_string(value: Any) -> set[str]:
    if isinstance(value, str):
        return {value}
    if isinstance(value, dict):
        return {s for v in value.values() for s in _every_string(v)}
    if isinstance(value, list):
        return {s for v in value for s in _every_string(v)}
    return set()


def _data(root: Path, lang: str, team: str | None = None) -> dict[str, Any]:
    org = load_organisation(root).org
    return handbook_data(build_handbook(org, Options(lang, date(2026, 11, 23), team=team)))


def _markdown_repo(root: Path) -> Path:
    """The base repository with Markdown in a block field, an inline field and a label."""
    base_repo(root)
    edit_yaml(root / "teams" / "it.yaml", mission=MISSION)
    edit_yaml(root / "services" / "it-pms-support.yaml", summary="1. Log in\n2. Check")
    role = root / "roles" / "it-agent.yaml"
    edit_yaml(role, responsibilities=["Reset `PMS` passwords", "Answer F&B calls", "1. Triage"])
    return root


MISSION = "Keep the **PMS** up.\n\n- tickets\n- logins"


def test_block_fields_have_block_trees_and_every_text_an_inline_tree(tmp_path: Path) -> None:
    data = _data(_markdown_repo(tmp_path / "repo"), "en")
    md = data.pop("md")
    texts = _texts(data)
    blocks = {t["mission"] for t in data["teams"]} | {s["summary"] for s in data["standards"]}
    blocks |= {p["purpose"] for p in data["sops"]}
    assert list(md["block"]) == sorted(
        s for s in blocks if isinstance(s, str) and may_be_markdown(s)
    )
    assert list(md["inline"]) == sorted(s for s in texts if may_be_inline_markdown(s))
    assert md["block"][MISSION] == block_tree(MISSION)
    assert [node["k"] for node in md["block"][MISSION]] == ["p", "ul"]
    assert md["block"]["1. Log in\n2. Check"][0]["k"] == "ol"
    assert md["inline"]["Reset `PMS` passwords"] == inline_tree("Reset `PMS` passwords")
    assert MISSION in md["inline"]  # a template may draw a block field inline too
    # Plain in both forms, so not parsed: an ampersand outside a character reference, and a
    # list-like text outside the block fields (drawn inline, where it is the text itself).
    assert "Answer F&B calls" in texts and "1. Triage" in texts
    assert not {"Answer F&B calls", "1. Triage"} & (set(md["block"]) | set(md["inline"]))


def test_a_handbook_without_markdown_does_not_load_the_parser() -> None:
    # The example's texts hold none: its list-like RACI labels are drawn inline, and its "F&B"
    # is no character reference. The parser module is left unimported (a fifth of the imports).
    code = (
        "import sys; from tests.unit.render.test_render_pdfdata import _data;"
        "from tests.conftest import example_dir; data = _data(example_dir(), 'en');"
        "assert data['md'] == {'block': {}, 'inline': {}}, data['md'];"
        "print(sorted(m for m in sys.modules if m.startswith('markdown_it')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=Path(__file__).resolve().parents[3], check=True)  # fmt: skip
    assert out.stdout.strip() == "[]", out.stdout + out.stderr


def test_labels_and_charts_are_not_parsed_as_markdown() -> None:
    data = _data(example_dir(), "en")
    md = set(data["md"]["block"]) | set(data["md"]["inline"])
    elsewhere = _texts({k: v for k, v in data.items() if k != "md"})
    skipped = _every_string([data["t"], data["charts"], [t["chart"] for t in data["teams"]]])
    looks_like_markdown = {s for s in skipped if may_be_inline_markdown(s)}  # the SVG drawings do
    assert looks_like_markdown
    assert not (looks_like_markdown - elsewhere) & md


def test_the_data_is_plain_json() -> None:
    data = _data(example_dir(), "en")
    assert json.loads(json.dumps(data, ensure_ascii=False)) == data


def test_the_json_text_typst_reads_holds_every_text_as_it_was() -> None:
    # Quotes, backslashes, control and format characters, line and paragraph separators,
    # accents and a character outside the BMP: Typst's JSON reader must get them back exactly.
    awkward = [
        '"#read("/etc/passwd")"',
        "a\\b\\",
        "tab\there\nline\r",
        "\x00\x1f\x7f",
        "\u2028\u2029\u200b",
        "Józef Ñúñez",
        "\U0001f600",
        "",
        " lead and trail ",
    ]
    data = {"texts": awkward, "nested": {"deeper": [{"k": s} for s in awkward]}, "n": [0, -1.5]}
    text = data_text(data)
    assert json.loads(text) == data
    # Compact, and UTF-8 as it is: the same text json.dumps writes with these settings.
    assert text == json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    # The view's texts are mostly str subclasses (svcstd.text.Shown): written as their words.
    example = _data(example_dir(), "id")
    assert data_text(example) == json.dumps(example, ensure_ascii=False, separators=(",", ":"))
    with pytest.raises(TypeError, match="cannot hold a object"):
        data_text({"not data": object()})


def test_a_text_not_taken_for_markdown_reads_as_itself() -> None:
    # The definition may_be_markdown and may_be_inline_markdown stand for: what they let
    # through unparsed, Markdown would have shown as the same plain text. Seeded short texts of
    # the characters that matter, each at the start and inside: lists, code indents, emphasis,
    # links, breaks, character references ("&amp;", "&#35;") and ampersands that are not.
    import random

    rnd = random.Random(29)
    pieces = [
        *"ab1 .)-+*_`[]\\<>&!#|~;\t",
        "\n",
        "    ",
        "2.",
        "10)",
        "- ",
        "+ ",
        "amp",
        "#35",
        "x2F",
    ]
    passed = inline = 0
    for _ in range(6000):
        text = "".join(rnd.choice(pieces) for _ in range(rnd.randint(1, 8))).strip() or "x"
        if not may_be_inline_markdown(text):
            inline += 1
            assert inline_tree(text) == [text], text
        if not may_be_markdown(text):
            passed += 1
            assert block_tree(text) == [{"k": "p", "c": [text]}], text
    assert passed > 200 and inline > passed
    # The ampersand rule at its edges: a reference is Markdown, an ampersand alone is not.
    assert may_be_inline_markdown("&amp;") and may_be_inline_markdown("&#35;")
    assert inline_tree("&amp;") == ["&"] and inline_tree("&#35;") == ["#"]
    assert not may_be_inline_markdown("F&B and P&L, R&D") and may_be_inline_markdown("P&L;")
    assert may_be_markdown("1) a list") and not may_be_inline_markdown("1) a list")


def _reference(value: Any, texts: set[str], skipped: bool = False) -> Any:
    """The JSON data and gathered strings, one value at a time: what _jsonable must give."""
    from msgspec import Struct
    from msgspec.structs import asdict

    if isinstance(value, str):
        if not skipped:
            texts.add(value)
        return value
    if isinstance(value, Struct):
        value = asdict(value)
    if isinstance(value, dict):
        return {k if isinstance(k, str) else json.dumps(k):
                _reference(v, texts, skipped or k in LABELS_AND_CHARTS)
                for k, v in value.items()}  # fmt: skip
    if isinstance(value, list | tuple):
        return [_reference(v, texts, skipped) for v in value]
    return value.isoformat() if isinstance(value, date) else value


def test_containers_of_scalars_and_of_more_give_the_same_data_and_texts() -> None:
    from msgspec import Struct

    from svcstd.render.pdf import _jsonable
    from svcstd.text import Localised, Shown

    class Nothing(Struct):
        pass

    class One(Struct):
        only: str

    class Two(Struct):
        label: str
        anchor: Any

    shown = Shown(Localised("*shown*", "id", True))  # a str subclass, as the view model has
    cases = [
        {"a": "*a*", "t": "*label*", "n": 1, "f": 2.5, "b": True, "z": None},  # one is skipped
        {"svg": "<svg>", "list": ["*x*", 3, shown], "when": date(2026, 1, 2)},
        {1: "*int key*", None: "*none key*", "nested": {2: ["*deep*"]}},
        [One("*one*"), Two("*two*", ("*tuple*", 1)), Nothing(), ("*t1*", "*t2*")],
        {"chart": [{"label": "*in a chart*", "inner": Two("*skipped*", None)}], "k": [[], {}]},
        Two("*top*", {"search": ["*index*"], "x": "*kept*"}),
    ]
    for value in cases:
        texts: set[str] = set()
        expected_texts: set[str] = set()
        data = _jsonable(value, texts)
        assert data == _reference(value, expected_texts)
        assert json.dumps(data) == json.dumps(_reference(value, set()))  # same key order too
        assert texts == expected_texts and "*label*" not in texts and "*skipped*" not in texts
