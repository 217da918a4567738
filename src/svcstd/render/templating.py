"""The Jinja2 environment: built-in templates, an optional override folder, autoescaping.

Jinja2 is imported only when a format needs it (HTML, Markdown): the PDF reads its Typst
template files directly (:meth:`Templates.typst_sources`), so ``render --format pdf`` does not
pay for it.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from svcstd import safetext
from svcstd.errors import UsageError
from svcstd.render.text import is_safe_link, markdown_block, markdown_inline
from svcstd.resources import data_dir
from svcstd.text import LANGUAGE_CODE, Shown

if TYPE_CHECKING:
    from jinja2 import Environment


def builtin_templates() -> Path:
    """The folder of the templates that ship with svcstd."""
    return data_dir("templates") / "handbook"


class Templates:
    """The templates of one render: an override folder's first (by name), then the built-in ones.

    The Jinja2 environment is made on first use, with the reader's interface texts installed.
    """

    def __init__(self, overrides: Path | None, lang: str) -> None:
        self.overrides = check_overrides(overrides)
        self.lang = lang

    @cached_property
    def env(self) -> Environment:
        """The Jinja2 environment, its ``{{ _("…") }}`` texts in the reader's language."""
        from svcstd.i18n import translator

        env = environment(self.overrides)
        env.install_gettext_translations(translator(self.lang), newstyle=True)  # type: ignore[attr-defined]
        return env

    def typst_sources(self) -> tuple[dict[str, str], bool]:
        """Every Typst template file (name → text), and whether any comes from the override
        folder: the files Jinja2's loaders would list and give, read without Jinja2."""
        builtin = builtin_templates()
        folders = [builtin]
        if self.overrides is not None:
            folders.insert(0, self.overrides)
        names = sorted(
            {name for folder in folders for name in _files(folder) if name.endswith(".typ")}
        )
        sources: dict[str, str] = {}
        overridden = False
        for name in names:
            path = next(f / name for f in folders if (f / name).is_file())
            # Bytes decoded as Jinja2's FileSystemLoader does: line ends are kept as written.
            sources[name] = path.read_bytes().decode("utf-8")
            overridden |= not path.resolve().is_relative_to(builtin.resolve())
        return sources, overridden


def _files(folder: Path) -> list[str]:
    """The files under folder as '/'-separated relative names, without following linked
    folders (as Jinja2's FileSystemLoader lists them)."""
    found: list[str] = []
    for top, _, files in os.walk(folder):
        relative = Path(top).relative_to(folder)
        found.extend((relative / name).as_posix() for name in files)
    return found


def check_overrides(overrides: Path | None) -> Path | None:
    """The --templates folder, or a usage error when it is not a folder."""
    if overrides is not None and not overrides.is_dir():
        raise UsageError(
            f"--templates {overrides}: not a folder",
            "give a folder holding templates named like the built-in ones",
        )
    return overrides


def environment(overrides: Path | None = None) -> Environment:
    """Templates from ``overrides`` first (by name), then the built-in ones; all autoescaped."""
    from jinja2 import (
        ChoiceLoader,
        Environment,
        FileSystemLoader,
        StrictUndefined,
        select_autoescape,
    )

    from svcstd.render.compiled import compiled_templates

    loaders = [FileSystemLoader(str(builtin_templates()))]
    if check_overrides(overrides) is not None:
        loaders.insert(0, FileSystemLoader(str(overrides)))
    # HTML templates are autoescaped; the Markdown template escapes each value with mdtext/cell.
    autoescape = select_autoescape(enabled_extensions=("html", "htm", "xml", "svg"), default=False)
    env = Environment(
        loader=ChoiceLoader(loaders),
        bytecode_cache=compiled_templates(),
        autoescape=autoescape,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=_visible,
        # {{ _("…") }}, ngettext and {% trans %}; the catalog is installed per render.
        extensions=["jinja2.ext.i18n"],
    )
    env.policies["json.dumps_function"] = _dumps
    env.filters.update(
        md=_marked(markdown_block, "div"),
        mdi=_marked(markdown_inline, "span"),
        lang=lang_attribute,
        href=safe_href,
        mdtext=markdown_text,
        cell=markdown_cell,
        item=markdown_item,
        css=css_string,
    )
    return env


def safe_href(address: str) -> str | None:
    """A channel address as a link target when it is a web or mail address, else None."""
    if is_safe_link(address):
        return address
    if re.fullmatch(r"[^@\s<>\"']+@[^@\s<>\"']+\.[a-z]{2,}", address, re.IGNORECASE):
        return f"mailto:{address}"
    return None


def markdown_text(text: object) -> Markup:
    """A text field for the Markdown handbook, with the HTML handbook's policy applied."""
    return Markup(safetext.markdown_text(text))


def markdown_cell(text: object) -> Markup:
    """Like mdtext, on one line and with table pipes escaped."""
    return Markup(safetext.markdown_cell(text))


def _visible(value: object) -> object:
    # Every {{ value }} of every template passes here before it is escaped: control and
    # bidi-override characters become visible escapes in HTML, SVG and Markdown alike.
    if isinstance(value, Markup):
        return Markup(safetext.visible(value))  # Markup stays Markup
    if isinstance(value, str):
        return safetext.visible(value)
    return value


def lang_attribute(value: object) -> Markup:
    """' lang="xx"' for a text shown in another language than the page's, else nothing:
    ``<h2{{ title|lang }}>`` lets screen readers and hyphenation use the right language."""
    if isinstance(value, Shown) and value.fallback and LANGUAGE_CODE.match(value.lang):
        return Markup(f' lang="{value.lang}"')
    return Markup("")


def _marked(render: Callable[[Any], Markup], tag: str) -> Callable[[Any], Markup]:
    """A Markdown filter whose output, for a text in another language than the page's, is
    wrapped in an element carrying that language."""

    def marked(text: Any) -> Markup:
        html = render(text)
        attribute = lang_attribute(text)
        return Markup(f"<{tag}{attribute}>{html}</{tag}>") if attribute else html

    return marked


def _dumps(data: object, **options: Any) -> str:
    # The tojson filter (the search index in a <script>): strings are made visible
    # before encoding, since JSON would hand the raw character to the page.
    return json.dumps(safetext.visible_data(data), **options)


# What would turn the start of a list item into another block: an ordered or bullet list
# marker, a heading, a quote, or a thematic break (---, ***, ___).
_BLOCK_START = re.compile(r"^(?:\d{1,9}[.)]|[-+*>]|#{1,6})(?=\s|$)|^([-*_])(?:\s*\1){2,}\s*$")


def markdown_item(text: object) -> Markup:
    """Like cell, for text that starts a list item: a leading block marker is escaped, so
    "1. Submit" stays text instead of opening an empty bullet with a numbered list in it."""
    flat = str(markdown_cell(text))
    if _BLOCK_START.match(flat):
        digits = len(flat) - len(flat.lstrip("0123456789"))
        flat = f"{flat[:digits]}\\{flat[digits:]}" if digits else f"\\{flat}"
    return Markup(flat)


def css_string(text: object) -> Markup:
    """Text safe inside a double-quoted CSS string in a <style> element."""
    escaped = "".join(_CSS_ESCAPES.get(ch, ch) for ch in str(text))
    return Markup(escaped)


_CSS_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\a ", "<": "\\3c ", ">": "\\3e "}
