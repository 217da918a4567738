"""Running the ``svcstd feedback`` subcommands over the loaded repository."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from svcstd.errors import UsageError
from svcstd.feedback import importer, matrix
from svcstd.feedback.importer import Counts
from svcstd.pipeline import Loaded, load

HEADER = (
    "# Counted by 'svcstd feedback import' from {origin}.\n"
    "# Import the export again rather than editing the counts here.\n"
)


def _loaded(path: Path) -> Loaded:
    loaded = load(path)
    if loaded.invalid:
        raise UsageError(
            f"{loaded.invalid} document(s) fail the schema",
            "run 'svcstd lint' and fix them first",
        )
    return loaded


def run_import(files: list[Path], source: str | None, dry_run: bool, path: Path) -> bool:
    """Count every export, write one file per standard and period; True when no row was lost."""
    loaded = _loaded(path)
    settings = loaded.org.config.source.data.get("feedback", {})
    fmt = importer.source_settings(loaded.org, source)
    writes: dict[Path, str] = {}
    clean = True
    for file in files:
        if not file.is_file():
            raise UsageError(f"{file} does not exist", "give the path of the exported CSV file")
        result = importer.read_export(loaded.org, file, fmt, bool(settings.get("keep_comments")))
        for problem in result.problems:
            print(f"{file}:{problem.row}: {problem.column}: {problem.message}", file=sys.stderr)
        clean = clean and not result.problems
        counted = result.rows - len(result.problems)
        print(f"{file}: {counted} of {result.rows} answers counted", file=sys.stderr)
        for tally in result.tallies.values():
            target = loaded.repo.root / "feedback" / tally.standard / f"{tally.period.slug}.yaml"
            writes[target] = _text(importer.document(tally, file.name), file.name)
    for target in sorted(writes):
        print(f"{'would write' if dry_run else 'wrote'} {target.relative_to(loaded.repo.root)}")
    if not dry_run:
        _write_all(writes)
    return clean


def _write_all(writes: dict[Path, str]) -> None:
    """Every period file of the run, or none of them."""
    from svcstd.writer import ensure_folder, write_files

    for folder in sorted({target.parent for target in writes}):
        ensure_folder(folder, "check that the standards folder is writable")
    write_files([(target, text.encode("utf-8")) for target, text in sorted(writes.items())])


def _text(data: dict[str, object], origin: str) -> str:
    """The file as an author would write it: lists indented under their key, counts on one
    line, dates unquoted."""
    import yaml

    class Dumper(yaml.SafeDumper):
        def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
            super().increase_indent(flow, False)

    Dumper.add_representer(
        Counts, lambda d, v: d.represent_sequence("tag:yaml.org,2002:seq", v, flow_style=True)
    )
    body = yaml.dump(data, Dumper=Dumper, sort_keys=False, allow_unicode=True, width=100)
    return HEADER.format(origin=origin.replace("\n", " ")) + str(body)


def run_matrix(fmt: str, path: Path) -> str:
    """The matrix as text or JSON."""
    if fmt not in ("text", "json"):
        raise UsageError(f"unknown format {fmt!r}", "use text or json")
    org = _loaded(path).org
    cells = matrix.build_matrix(org)
    minimum = matrix.min_responses(org)
    if fmt == "json":
        return json.dumps(matrix.to_json(cells, minimum), indent=2) + "\n"
    return matrix.to_text(cells, minimum)
