"""The import kinds behind ``svcstd import``: a registry of name → plan builder."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from svcstd.errors import UsageError
from svcstd.integrations.plan import Plan
from svcstd.pipeline import Loaded, load

FORMATS = ("text", "json")


def _people(loaded: Loaded, file: Path, source: str | None, as_of: date) -> Plan:
    from svcstd.integrations import people

    settings = people.source_settings(loaded.org, source)
    return people.build_plan(loaded.org, loaded.repo.root, file, settings, as_of)


def _backstage(loaded: Loaded, file: Path, source: str | None, as_of: date) -> Plan:
    from svcstd.integrations.backstage import import_plan

    return import_plan(loaded.org, loaded.repo.root, file)


IMPORTERS: dict[str, Callable[[Loaded, Path, str | None, date], Plan]] = {
    "people": _people,
    "backstage": _backstage,
}


def run_import(
    kind: str, file: Path, path: Path, source: str | None, as_of: str | None, fmt: str, write: bool
) -> str:
    """Build the plan, apply it when asked, and return what to print."""
    if kind not in IMPORTERS:
        raise UsageError(f"unknown import kind {kind!r}", f"use one of: {', '.join(IMPORTERS)}")
    if fmt not in FORMATS:
        raise UsageError(f"unknown format {fmt!r}", f"use one of: {', '.join(FORMATS)}")
    if not file.exists():
        raise UsageError(f"{file} does not exist", "give the path of the exported file")
    loaded = load(path)
    if loaded.invalid:
        raise UsageError(
            f"{loaded.invalid} document(s) fail the schema",
            "run 'svcstd lint' and fix them first, so the plan compares with complete data",
        )
    plan = IMPORTERS[kind](loaded, file, source, _as_of(loaded, as_of))
    text = plan.to_json() if fmt == "json" else plan.to_text()
    if write:
        from svcstd.integrations.edits import apply

        written = apply(loaded.repo.root, plan.sorted())
        text += (
            f"wrote {len(written)} file(s): {', '.join(written) or 'none'}\n"
            if fmt == "text"
            else ""
        )
    return text


def _as_of(loaded: Loaded, text: str | None) -> date:
    if text is not None:
        try:
            return date.fromisoformat(text)
        except ValueError:
            raise UsageError(f"--as-of {text!r} is not a date", "write it as YYYY-MM-DD") from None
    from svcstd.clock import today

    # "Today" is the configuration's, so the same export reads the same in Jakarta and in CI.
    return today(loaded.org.config.timezone)
