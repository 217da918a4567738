"""Markdown in text fields, made safe: no raw HTML, no images, only http/https/mailto links."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import TYPE_CHECKING, Any

from markupsafe import Markup, escape

from svcstd.safetext import SAFE_SCHEMES, is_safe_link

if TYPE_CHECKING:  # imported by parser(): a PDF whose texts hold no Markdown never needs it
    from markdown_it import MarkdownIt
    from markdown_it.renderer import RendererHTML
    from markdown_it.token import Token
    from markdown_it.utils import EnvType, OptionsDict

__all__ = ["SAFE_SCHEMES", "is_safe_link", "markdown_block", "markdown_inline", "parser"]


def _image_as_text(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    # An image would make the reader (browser or PDF engine) fetch its URL; keep only the alt text.
    token = tokens[idx]
    alt = self.renderInlineAsText(token.children or [], options, env)
    return str(escape(alt))


@cache
def parser() -> MarkdownIt:
    """The one Markdown parser: CommonMark with raw HTML off and a strict link filter."""
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.validateLink = is_safe_link  # type: ignore[method-assign]
    md.add_render_rule("image", _image_as_text)
    return md


def markdown_block(text: Any) -> Markup:
    """Render a text field as block Markdown (paragraphs, lists) into safe HTML."""
    if text is None or text == "":
        return Markup("")
    return Markup(parser().render(str(text)))


def markdown_inline(text: Any) -> Markup:
    """Render a short text field as inline Markdown (emphasis, links) into safe HTML."""
    if text is None or text == "":
        return Markup("")
    return Markup(parser().renderInline(str(text)))
