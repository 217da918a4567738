"""Tests that edit the example's YAML as text were written when titles were plain lines.

The example now writes titles and names as language maps (docs/format.md, "Bilingual
fields"); these tests first put the field back on one plain line, in English, so that
their edits (a hostile character, a broken quote) land on the line they expect.
"""

from __future__ import annotations

import re

import yaml


def plain_field(text: str, field: str) -> str:
    """The document's text with a top-level text field written as one plain English line."""
    value = yaml.safe_load(text)[field]
    english = value["en"] if isinstance(value, dict) else value
    block = re.compile(rf"^{field}:.*\n(?:[ \t]+.*\n)*", re.M)
    return block.sub(lambda _: f"{field}: {english}\n", text, count=1)
