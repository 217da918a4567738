"""``svcstd impact STANDARD[/TARGET]``: what a late or missed target reaches downstream."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from svcstd.commands._common import PathOption
from svcstd.errors import EXIT_FINDINGS, EXIT_OK, UsageError

if TYPE_CHECKING:
    from svcstd.model import Organisation

ORDER = 45


def command(
    target: Annotated[
        str,
        typer.Argument(
            metavar="STANDARD[/TARGET]",
            help="The late standard, or one target of it: kitchen-service-orders/room-service.",
        ),
    ],
    late: Annotated[
        str | None,
        typer.Option("--late", metavar="DURATION", help="How late it is, e.g. 10m, 2h, 1d."),
    ] = None,
    missed: Annotated[
        bool, typer.Option("--missed", help="The target is not delivered at all.")
    ] = False,
    format: Annotated[
        str, typer.Option("--format", "-f", help="Output format: text, json, mermaid or dot.")
    ] = "text",
    path: PathOption = Path("."),
) -> None:
    """List every downstream step, team, standard and external promise a delay reaches.

    Follows the same hand-off chains as the chains/* lint rules (see: svcstd docs
    chains), hop by hop, with the slack left at each. Exit codes: 0 every external
    promise still kept, 1 a promise is broken or missed, 2 usage or configuration error.
    """
    raise typer.Exit(run(target, late, missed, format, path))


def run(origin: str, late: str | None, missed: bool, fmt: str, path: Path) -> int:
    """Print the impact report; return the exit code."""
    from svcstd.chains.formats import FORMATS
    from svcstd.chains.graph import build_graph
    from svcstd.chains.impact import impact, starts_of
    from svcstd.edition.workspace import open_workspace

    if fmt not in FORMATS:
        raise UsageError(f"unknown format {fmt!r}", "use one of: " + ", ".join(FORMATS))
    minutes = _late_minutes(late, missed)
    org = open_workspace(path).org
    standard_id, _, target_id = origin.partition("/")
    _check_origin(org, standard_id, target_id or None)
    graph = build_graph(org)
    starts = starts_of(graph, standard_id, target_id or None)
    if not starts:
        raise UsageError(
            f"no SOP step serves {origin}, so no chain leads on from it",
            "mark the step that delivers it with 'serves: STANDARD/TARGET' (svcstd docs chains)",
        )
    report = impact(graph, origin, starts, minutes)
    typer.echo(FORMATS[fmt](report), nl=False)
    return EXIT_FINDINGS if report.broken else EXIT_OK


def _late_minutes(late: str | None, missed: bool) -> float | None:
    from svcstd.durations import DURATION_EXAMPLES, parse_duration

    if missed == (late is not None):
        raise UsageError("give exactly one of --late DURATION or --missed", "e.g. --late 10m")
    if late is None:
        return None
    try:
        return parse_duration(late).elapsed_minutes()
    except ValueError as exc:
        raise UsageError(str(exc), f"durations look like: {DURATION_EXAMPLES}") from None


def _check_origin(org: Organisation, standard_id: str, target_id: str | None) -> None:
    from svcstd.suggest import did_you_mean

    std = org.standards.get(standard_id)
    if std is None:
        raise UsageError(
            f"no standard {standard_id!r}", did_you_mean(standard_id, list(org.standards))
        )
    ids = [t.id for t in std.targets]
    if target_id is not None and target_id not in ids:
        raise UsageError(
            f"standard {standard_id} has no target {target_id!r}", "its targets: " + ", ".join(ids)
        )
