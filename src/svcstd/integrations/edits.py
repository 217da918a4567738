"""Applying a plan as minimal YAML edits that keep comments, key order and layout.

ruamel.yaml's round-trip mode is used because it re-emits untouched lines as
they were written (comments, quoting, folded text); PyYAML would rewrite the
whole file. The list indentation of each file is detected, so a file written
with ``- item`` flush under its key stays that way.
"""

from __future__ import annotations

import io
import re
from collections import defaultdict
from datetime import date
from pathlib import Path
from typing import Any

from svcstd.errors import UsageError
from svcstd.integrations.plan import Change

_ITEM = re.compile(r"^( *)- ", re.MULTILINE)
_KEY = re.compile(r"^( *)[^\s#-][^:]*:\s*(#.*)?$")


def sequence_offset(text: str) -> int:
    """How far a block list's dashes sit to the right of their parent key (0 or more)."""
    lines = text.splitlines()
    for i, line in enumerate(lines):
        item = _ITEM.match(line)
        if not item or i == 0:
            continue
        parent = _KEY.match(lines[i - 1])
        if parent:
            return max(0, len(item.group(1)) - len(parent.group(1)))
    return 2


def round_trip_yaml(text: str) -> Any:
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap a long line the author wrote on one line
    offset = sequence_offset(text)
    yaml.indent(mapping=2, sequence=offset + 2, offset=offset)
    return yaml


def apply(root: Path, changes: list[Change]) -> list[str]:
    """Apply every applicable change, one file at a time; returns the files written."""
    by_file: dict[str, list[Change]] = defaultdict(list)
    for change in changes:
        if change.applies:
            by_file[change.file].append(change)
    from svcstd.writer import write_files

    # Every file is edited in memory first, then all are written or none.
    edited = [(root / rel, _edited(root / rel, c).encode("utf-8")) for rel, c in by_file.items()]
    write_files(sorted(edited))
    return sorted(by_file)


def _edit_file(path: Path, changes: list[Change]) -> None:
    """Apply changes to one file and write it."""
    from svcstd.writer import write_text

    write_text(path, _edited(path, changes))


def _edited(path: Path, changes: list[Change]) -> str:
    text = path.read_text(encoding="utf-8")
    yaml = round_trip_yaml(text)
    data = yaml.load(text)
    for change in changes:
        EDITS[change.action](data, change)
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


def _holders(data: Any, change: Change) -> Any:
    holders = data.get("holders")
    if holders is None:
        raise UsageError(f"{change.file} has no 'holders' list", "add 'holders: []' and run again")
    return holders


def _index(holders: Any, email: str) -> int:
    for i, holder in enumerate(holders):
        if str(holder.get("email", "")).casefold() == email.casefold():
            return i
    raise UsageError(f"{email} is no longer a holder", "run the import again without --write")


def _add_holder(data: Any, change: Change) -> None:
    from ruamel.yaml.comments import CommentedMap

    value = dict(change.value)
    if "until" in value:
        # A date object is written as a plain 2027-05-31, as authors write it; a str
        # that looks like a date would be quoted.
        value["until"] = date.fromisoformat(value["until"])
    if "holders" not in data:
        data.insert(_position(data, "vacant"), "holders", [])
    data["holders"].append(CommentedMap(value))
    if data.get("vacant") is True:
        del data["vacant"]


def _remove_holder(data: Any, change: Change) -> None:
    holders = _holders(data, change)
    del holders[_index(holders, change.value["email"])]
    if not holders:
        # The schema's way to say "nobody, on purpose": vacant instead of an empty list.
        data.insert(_position(data, "holders"), "vacant", True)
        del data["holders"]


def _end_holder(data: Any, change: Change) -> None:
    holders = _holders(data, change)
    holders[_index(holders, change.value["email"])]["until"] = date.fromisoformat(
        change.value["until"]
    )


def _position(data: Any, key: str) -> int:
    """Where ``key`` sits in the mapping, or the end when it is absent."""
    keys = list(data)
    return keys.index(key) if key in keys else len(keys)


EDITS = {
    "add-holder": _add_holder,
    "remove-holder": _remove_holder,
    "end-holder": _end_holder,
}
