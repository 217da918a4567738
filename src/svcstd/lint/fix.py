"""``svcstd lint --fix``: automatic fixes of findings, as minimal edits to the files.

Each fix is registered by the id of the rule whose findings it removes. A fix reads
a file's text and returns the new text (or None when it changes nothing); the edits
keep comments, key order, quoting and layout (ruamel.yaml's round-trip mode, as
:mod:`svcstd.integrations.edits`). Every changed file is written together, all or
none, before linting starts.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

from msgspec import Struct

from svcstd.text import LEGACY_FIELDS, with_legacy

Fix = Callable[[str, str], str | None]  # (file text, configuration language) -> new text

# A language map at most this long stays on the title's line: {en: ..., id: ...}.
FLOW_WIDTH = 88


class Fixed(Struct, frozen=True):
    """One file a fix changed."""

    file: str
    rule: str


def fix_legacy_translations(text: str, language: str) -> str | None:
    """Rewrite 'title: X' + 'title_id: Y' (and name/name_id) into one language map."""
    if not any(f"{legacy}:" in text for legacy in LEGACY_FIELDS):
        return None  # the common case, decided without parsing
    from svcstd.integrations.edits import round_trip_yaml

    yaml = round_trip_yaml(text)
    data = yaml.load(text)
    if not hasattr(data, "keys"):
        return None
    changed = False
    for legacy, (field, _) in LEGACY_FIELDS.items():
        if legacy in data and field in data and isinstance(data[legacy], str):
            data[field] = _language_map(data, legacy, language)
            _drop(data, legacy)
            changed = True
    if not changed:
        return None
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


def _language_map(data: Any, legacy: str, language: str) -> Any:
    from ruamel.yaml.comments import CommentedMap

    # The values are the scalars as read, so a folded or quoted text keeps its style.
    merged = with_legacy(data, legacy, language)
    value = CommentedMap(merged)
    size = sum(len(str(k)) + len(str(v)) + 4 for k, v in merged.items())
    if size <= FLOW_WIDTH and not any("\n" in str(v) for v in merged.values()):
        value.fa.set_flow_style()
    return value


def _drop(data: Any, key: str) -> None:
    """Delete a key, keeping a comment that stood after its value on the next key's line."""
    comment = data.ca.items.pop(key, None)
    keys = list(data)
    at = keys.index(key)
    del data[key]
    if comment and at > 0 and comment[2] is not None:
        before = keys[at - 1]
        if before not in data.ca.items or data.ca.items[before][2] is None:
            data.ca.items.setdefault(before, [None, None, None, None])[2] = comment[2]


FIXES: dict[str, Fix] = {"i18n/legacy-translation-field": fix_legacy_translations}


def apply_fixes(root: Path, language: str) -> list[Fixed]:
    """Apply every registered fix to every YAML file below ``root``; the files changed."""
    from svcstd.files import yaml_paths
    from svcstd.writer import write_files

    edited: list[tuple[Path, bytes]] = []
    fixed: list[Fixed] = []
    for rel in yaml_paths(root):
        path = root / rel
        try:
            text = original = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue  # lint reports an unreadable file
        for rule_id, fix in FIXES.items():
            new = _safely(fix, text, rel, language)
            if new is not None and new != text:
                text = new
                fixed.append(Fixed(rel, rule_id))
        if text != original:
            edited.append((path, text.encode("utf-8")))
    write_files(edited, "make the files writable, or fix them by hand")
    return fixed


def _safely(fix: Fix, text: str, file: str, language: str) -> str | None:
    """The fixed text, for a file svcstd's own loader reads without a finding; a file it
    reports (broken or hostile YAML) is left for the author, as lint explains it."""
    from svcstd.loader import load_text

    loaded = load_text(text, file)
    if loaded.findings or len(loaded.documents) != 1:
        return None
    return fix(text, language)
