"""Markdown in text fields as plain data (paragraphs, lists, emphasis, links, code) for Typst.

The PDF template never sees Markdown source: splicing author text into Typst markup would let
it call Typst functions. Instead each text is parsed here, with the same safe parser as the HTML
handbook (no raw HTML, web and mail links only), into nested lists and dicts that the template
draws with its own functions. A node is a string (plain text) or a dict whose ``k`` names it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from svcstd.render.text import parser

if TYPE_CHECKING:
    from markdown_it.tree import SyntaxTreeNode

Node = str | dict[str, Any]

# A text without any of these reads the same as inline Markdown and as plain text: no need to
# parse it (nor to import the parser, when no text of a handbook needs it). An ampersand counts
# only where it could start a character reference: "F&B" and "P&L" are plain text.
_MARKUP = re.compile(r"[*_`\[\]\\<>!#\n|~]|&#?[0-9A-Za-z]+;")
# As a block, a list item or a code block at the start makes Markdown of a text too. Two
# patterns, not one: with both in one, the anchored alternatives were tried at every character
# (2.5 times slower).
_BLOCK_START = re.compile(r"\s*(?:[-+]|\d+[.)])(?:\s|$)| {4}")


def may_be_markdown(text: str) -> bool:
    """Whether parsing ``text`` as block Markdown could give anything but the text itself."""
    return _MARKUP.search(text) is not None or _BLOCK_START.match(text) is not None


def may_be_inline_markdown(text: str) -> bool:
    """Whether parsing ``text`` as inline Markdown could give anything but the text itself."""
    return _MARKUP.search(text) is not None


def block_tree(text: str) -> list[Node]:
    """A block Markdown field (mission, summary, purpose) as a list of block nodes."""
    from markdown_it.tree import SyntaxTreeNode

    return _children(SyntaxTreeNode(parser().parse(text)))


def inline_tree(text: str) -> list[Node]:
    """A short Markdown field (a table cell, a step) as a list of inline nodes."""
    from markdown_it.tree import SyntaxTreeNode

    return _children(SyntaxTreeNode(parser().parseInline(text)))


def _children(node: SyntaxTreeNode) -> list[Node]:
    out: list[Node] = []
    for child in node.children:
        converted = _convert(child)
        # Adjacent plain strings are merged: fewer, larger runs for the template to place.
        for item in converted:
            if isinstance(item, str) and out and isinstance(out[-1], str):
                out[-1] += item
            else:
                out.append(item)
    return out


def _convert(node: SyntaxTreeNode) -> list[Node]:
    convert = _CONVERTERS.get(node.type)
    if convert is None:  # anything the safe parser lets through that we do not draw: its text
        return _children(node) if node.children else [node.content]
    return convert(node)


def _wrap(kind: str) -> Callable[[SyntaxTreeNode], list[Node]]:
    return lambda n: [{"k": kind, "c": _children(n)}]


def _list(kind: str) -> Callable[[SyntaxTreeNode], list[Node]]:
    def convert(n: SyntaxTreeNode) -> list[Node]:
        start = n.attrs.get("start", 1) if kind == "ol" else 1
        return [{"k": kind, "start": start, "items": [_children(item) for item in n.children]}]

    return convert


def _link(n: SyntaxTreeNode) -> list[Node]:
    # The parser has already refused every scheme but http, https and mailto.
    return [{"k": "link", "href": str(n.attrs.get("href", "")), "c": _children(n)}]


def _image(n: SyntaxTreeNode) -> list[Node]:
    # An image would be a request for its URL; the handbook shows its alt text instead.
    return _children(n)


_CONVERTERS: dict[str, Callable[[SyntaxTreeNode], list[Node]]] = {
    "inline": _children,
    "text": lambda n: [n.content],
    "softbreak": lambda n: [" "],
    "hardbreak": lambda n: [{"k": "br"}],
    "em": _wrap("em"),
    "strong": _wrap("strong"),
    "s": _wrap("strike"),
    "code_inline": lambda n: [{"k": "code", "v": n.content}],
    "link": _link,
    "image": _image,
    "paragraph": _wrap("p"),
    "heading": _wrap("h"),
    "blockquote": _wrap("quote"),
    "bullet_list": _list("ul"),
    "ordered_list": _list("ol"),
    "code_block": lambda n: [{"k": "pre", "v": n.content.rstrip("\n")}],
    "fence": lambda n: [{"k": "pre", "v": n.content.rstrip("\n")}],
    "hr": lambda n: [{"k": "hr"}],
    "html_block": lambda n: [{"k": "p", "c": [n.content]}],
    "html_inline": lambda n: [n.content],
}
