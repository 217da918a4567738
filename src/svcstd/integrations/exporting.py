"""The export targets behind ``svcstd export``: a registry of name → writer."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from msgspec import Struct

from svcstd.errors import UsageError
from svcstd.pipeline import Loaded, load


class Export(Struct, frozen=True):
    """What an exporter produced: the text, the file name inside a folder, and any problems."""

    text: str
    file_name: str | None  # None: --out names the file itself
    problems: list[str]


def _backstage(loaded: Loaded) -> Export:
    from svcstd.integrations.backstage import dump_entities, export_entities

    return Export(dump_entities(export_entities(loaded.org)), "catalog-info.yaml", [])


def _codeowners(loaded: Loaded) -> Export:
    from svcstd.integrations import codeowners

    settings = loaded.org.config.source.data.get("integrations", {}).get("codeowners", {})
    lines = codeowners.build_lines(loaded.org, loaded.repo.root, settings)
    text = codeowners.render(lines, "the svcstd standards")
    problems = [f"CODEOWNERS:{n}: {message}" for n, message in codeowners.check(text)]
    unknown = [
        f"svcstd.yaml: integrations.codeowners.teams names {team!r}, which is no team"
        for team in settings.get("teams", {})
        if team not in loaded.org.teams
    ]
    gaps = [f"{line.pattern}: no owner for {line.document}" for line in lines if not line.owners]
    return Export(text, None, problems + unknown + gaps)


EXPORTERS: dict[str, Callable[[Loaded], Export]] = {
    "backstage": _backstage,
    "codeowners": _codeowners,
}


def run_export(target: str, path: Path, out: Path | None) -> bool:
    """Export, print or write the result, report problems on stderr; True when there were none."""
    loaded = load(path)
    if loaded.invalid:
        print(
            f"svcstd: warning: {loaded.invalid} document(s) fail the schema and are left out; "
            "run 'svcstd lint'",
            file=sys.stderr,
        )
    result = EXPORTERS[target](loaded)
    if out is None:
        sys.stdout.write(result.text)
    else:
        destination = _destination(out, result.file_name)
        from svcstd.writer import write_text

        write_text(destination, result.text, "choose another --out")
        print(f"wrote {destination}", file=sys.stderr)
    for problem in result.problems:
        print(f"svcstd: {problem}", file=sys.stderr)
    return not any("no owner" not in p for p in result.problems)


def _destination(out: Path, file_name: str | None) -> Path:
    if file_name is None:
        if out.is_dir():
            raise UsageError(
                f"{out} is a folder", "give --out the file to write, e.g. .github/CODEOWNERS"
            )
        return out
    from svcstd.writer import ensure_folder

    ensure_folder(out, "give --out a folder; it receives " + file_name)
    return out / file_name
