"""naming.short: the first sentence cut at a word boundary, exactly as textwrap.shorten cuts it."""

from __future__ import annotations

import random
import textwrap

import pytest

from svcstd.render.naming import short

PIECES = ["a", "bb", "ccc", "d" * 10, "x" * 40, " ", "  ", "\n", "\t", ".", ". ", "é", "-"]


def _reference(text: str, width: int) -> str:
    """The definition: textwrap.shorten over the whole first sentence."""
    return textwrap.shorten(text.split(". ")[0].rstrip("."), width, placeholder="…")


def test_short_cuts_exactly_as_textwrap_does_over_the_whole_text() -> None:
    # Short cuts a long text to twice the width before textwrap sees it: the same words must
    # come out, whatever the spacing, long words and sentence ends (seeded, so repeatable).
    rnd = random.Random(13)
    for _ in range(20_000):
        text = "".join(rnd.choice(PIECES) for _ in range(rnd.randint(0, 60)))
        width = rnd.choice([2, 3, 5, 10, 20, 30, 70, 80])
        assert short(text, width) == _reference(text, width), (text, width)


@pytest.mark.parametrize(
    ("text", "width", "expected"),
    [
        ("Check the order. Then call.", 70, "Check the order"),
        ("Check   the\norder", 70, "Check the order"),
        ("Check the work order and assign a technician", 20, "Check the work…"),
        ("x" * 50, 10, "…"),  # textwrap keeps no part of a word too long for the width
    ],
)
def test_short_examples(text: str, width: int, expected: str) -> None:
    assert short(text, width) == expected
