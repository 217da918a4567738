"""Text from the data, made safe for the people who read svcstd's output.

Two dangers come with author-written text, and each has one function here that every
human-facing writer uses:

* **Control and bidi-override characters.** An ESC starts a terminal escape sequence
  (clear the screen, set the window title, a hidden OSC 8 link), NUL makes an HTML or
  SVG file invalid XML, CR overwrites a terminal line, and U+202E (RIGHT-TO-LEFT
  OVERRIDE) makes text read differently from what it contains. :func:`visible` turns
  each into a visible escape (``\\x1b``, ``\\u202e``); the terminal reporters, the HTML
  and Markdown handbook, the digest and its e-mail all pass text through it, and the
  lint rule ``text/control-character`` reports where such a character stands. JSON
  output keeps the character and escapes it as JSON does.
* **Markdown that acts.** Raw HTML, images fetched from elsewhere and ``javascript:``
  links, inline or as reference definitions. :func:`markdown_text` applies the HTML
  handbook's policy to Markdown output: raw HTML is shown as text, an image becomes a
  plain link, and only http(s) and mailto links survive.

No heavy imports: the CLI's start-up time and the whois path read this module.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from typing import Any

# C0 controls except TAB and LF, DEL, C1 controls, and the bidi embeddings, overrides
# and isolates (U+202A-U+202E, U+2066-U+2069). The bidi marks U+200E/U+200F and the
# Arabic letter mark stay: they only nudge neutral characters in right-to-left text.
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

# Short names for the characters unicodedata leaves unnamed (every control character).
_CONTROL_NAMES = {
    0x00: "NUL",
    0x07: "BEL",
    0x08: "BACKSPACE",
    0x0B: "VERTICAL TAB",
    0x0C: "FORM FEED",
    0x0D: "CARRIAGE RETURN",
    0x1B: "ESC",
    0x7F: "DEL",
    0x9B: "CSI",
}

SAFE_SCHEMES = ("http:", "https:", "mailto:")


def visible(text: str) -> str:
    """text with every control and bidi-override character shown as an escape.

    ESC becomes the four characters ``\\x1b`` and U+202E the six characters ``\\u202e``,
    so the reader sees that something is there and the terminal or page cannot act
    on it. Tabs and line breaks stay.
    """
    if not UNSAFE.search(text):  # the common case costs one scan
        return text
    return UNSAFE.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group(0))
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def find_unsafe(text: str) -> Iterator[tuple[int, str]]:
    """(offset, character) of each control or bidi-override character in text."""
    for match in UNSAFE.finditer(text):
        yield match.start(), match.group(0)


def code_point(char: str) -> str:
    """'U+001B (ESC)', 'U+202E (RIGHT-TO-LEFT OVERRIDE)': how a finding names a character."""
    code = ord(char)
    name = _CONTROL_NAMES.get(code) or unicodedata.name(char, "CONTROL CHARACTER")
    return f"U+{code:04X} ({name})"


def visible_data(data: Any) -> Any:
    """A copy of JSON-like data with :func:`visible` applied to every key and string.

    For data embedded in a page (the handbook's search index): JSON would carry the
    raw character to the browser, which would then show it.
    """
    if isinstance(data, str):
        return visible(data)
    if isinstance(data, dict):
        return {visible_data(k): visible_data(v) for k, v in data.items()}
    if isinstance(data, list | tuple):
        return [visible_data(v) for v in data]
    return data


# --- Markdown ---------------------------------------------------------------------------

# '&' only where it would start an entity (&#106; spells 'j' of 'javascript:').
_ENTITY = re.compile(r"&(?=#?\w+;)")
# ']' '(' starting an inline link or image destination that is not http(s) or mailto.
_UNSAFE_INLINE_LINK = re.compile(r"\]\((?!\s*<?\s*(?:https?:|mailto:))", re.IGNORECASE)
# A reference definition: '[label]:' and a destination (on the same or the next line)
# at the start of a block, which may sit inside list items or block quotes. The label
# may itself span lines.
_REFERENCE = re.compile(
    r"^(?P<lead>[ \t]*(?:(?:[-*+]|\d{1,9}[.)]|>|&gt;)[ \t]*)*)"
    r"\[(?P<label>(?:[^\]\\]|\\.)+)\]:[ \t]*\n?[ \t]*(?:(?:>|&gt;)[ \t]*)*(?:<|&lt;)?"
    r"(?P<dest>[^\s>&]*)",
    re.MULTILINE,
)
_TABLE_PIPE = re.compile(r"([|])")


def is_safe_link(url: str) -> bool:
    """Only web and mail links survive; javascript:, data:, file: and relative paths do not."""
    return url.strip().lower().startswith(SAFE_SCHEMES)


def markdown_text(text: object) -> str:
    """A text field for Markdown output, with the HTML handbook's policy applied.

    Raw HTML is shown as text (``<`` and ``>`` become entities), an image ``![alt](url)``
    becomes text followed by a plain link so that no reader fetches it, an inline link
    or a reference definition whose target is not http(s) or mailto is broken into
    plain text, and control characters are made visible. Markdown emphasis and safe
    links stay.
    """
    if text is None:
        return ""
    out = visible(str(text))
    out = _ENTITY.sub("&amp;", out).replace("<", "&lt;").replace(">", "&gt;")
    # Character references are never syntax, whatever backslashes stand before them:
    # '&#33;[alt](url)' is a '!' and a link, ']&#40;' starts no link destination.
    out = out.replace("![", "&#33;[")
    out = _UNSAFE_INLINE_LINK.sub("]&#40;", out)
    return _REFERENCE.sub(_reference, out)


def _reference(match: re.Match[str]) -> str:
    if is_safe_link(match["dest"]):
        return match.group(0)
    lead = match["lead"]
    return lead + "&#91;" + match.group(0)[len(lead) + 1 :]  # a '[' that starts no definition


def markdown_cell(text: object) -> str:
    """Like :func:`markdown_text`, on one line and with table pipes escaped."""
    flat = " ".join(markdown_text(text).split())
    return _TABLE_PIPE.sub(r"\\\1", flat)
