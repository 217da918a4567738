"""Text rules: what authors write in any field must be plain, visible text."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from svcstd.findings import Finding, JsonPath, Severity
from svcstd.kinds import KINDS
from svcstd.lint.context import LintContext
from svcstd.lint.registry import rule
from svcstd.safetext import code_point, find_unsafe


@rule(
    "text/control-character",
    Severity.ERROR,
    "A text field holds a control or bidi-override character.",
    """
    Control characters (ESC, NUL, CR, DEL and the other C0 and C1 codes) and the bidi
    embedding, override and isolate characters (U+202A to U+202E, U+2066 to U+2069)
    are invisible in an editor but act where the text is shown: ESC sequences clear a
    terminal, retitle its window or hide a link, NUL makes the handbook invalid XML,
    and U+202E (RIGHT-TO-LEFT OVERRIDE) makes a name or a rule read differently from
    what it says. They usually arrive by copying from another tool or through a
    double-quoted escape such as "\\e". svcstd shows them as visible escapes (\\x1b,
    \\u202e) wherever it prints text; this rule says where they stand so they can be
    removed. Tabs and line breaks are fine.""",
    scope="document",
    kinds=KINDS,
)
def control_character(ctx: LintContext) -> Iterator[Finding]:
    for doc in ctx.org.documents():
        for path, text, is_key in _texts(doc.data, ()):
            found = list(find_unsafe(text))
            if not found:
                continue
            offset, char = found[0]
            more = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
            where = "key" if is_key else "value"
            yield ctx.finding(
                "text/control-character",
                doc,
                path,
                f"the {where} {_shown(path)} holds {code_point(char)} at character "
                f"{offset + 1}{more}",
                "delete the character; if it came from a double-quoted escape such as "
                "'\\e' or '\\u202e', remove the escape",
                key=is_key,
            )


def _texts(value: Any, path: JsonPath) -> Iterator[tuple[JsonPath, str, bool]]:
    """Every string in a document, with its path and whether it is a key."""
    if isinstance(value, str):
        yield path, value, False
    elif isinstance(value, dict):
        for key, item in value.items():
            yield (*path, key), str(key), True
            yield from _texts(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _texts(item, (*path, index))


def _shown(path: JsonPath) -> str:
    text = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path).lstrip(".")
    return repr(text) if text else "at the top"
