"""``svcstd lint``: run the lint pipeline and report with the chosen reporters."""

from __future__ import annotations

import io
import os
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from svcstd.commands._common import parse_date, use_color
from svcstd.errors import EXIT_FINDINGS, EXIT_OK, UsageError

if TYPE_CHECKING:
    from svcstd.lint.engine import LintReport
    from svcstd.lint.reporters import Reporter

ORDER = 20
FAIL_LEVELS = ("error", "warning", "info")


def command(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            help="The standards folder (the one holding svcstd.yaml) or a folder or file "
            "inside it; give several to lint several repositories in one report. "
            "Default: the current folder, or ./standards."
        ),
    ] = None,
    base: Annotated[
        Path | None,
        typer.Option(
            "--base",
            metavar="DIR",
            help="Name files in every report relative to DIR. Default: the top of the git "
            "repository holding the standards (the standards folder outside git), "
            "whatever the current folder.",
        ),
    ] = None,
    format: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            help="Output format: text, json, github, sarif or junit. Default: github "
            "when GITHUB_ACTIONS=true, else text.",
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="Write the report to FILE (atomically) instead of the terminal.",
        ),
    ] = None,
    report: Annotated[
        list[str] | None,
        typer.Option(
            "--report",
            metavar="FORMAT:FILE",
            help="Also write a report in FORMAT to FILE; repeat for several, e.g. "
            "--report sarif:lint.sarif --report junit:lint.xml.",
        ),
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            metavar="DATE",
            help="Judge review dates and waiver expiry as "
            "of this day (YYYY-MM-DD). Default: today.",
        ),
    ] = None,
    strict: Annotated[
        bool, typer.Option("--strict", help="Treat overdue reviews as errors.")
    ] = False,
    fail_level: Annotated[
        str,
        typer.Option(
            "--fail-level",
            metavar="LEVEL",
            help="Exit 1 when a finding is at least this severe: error, warning or info.",
        ),
    ] = "error",
    explain: Annotated[
        str | None,
        typer.Option("--explain", metavar="RULE", help="Explain one rule and exit."),
    ] = None,
    no_cache: Annotated[
        bool,
        typer.Option(
            "--no-cache",
            help="Check every file from scratch and neither read nor write .svcstd-cache "
            "(the findings are the same either way).",
        ),
    ] = False,
    fix: Annotated[
        bool,
        typer.Option(
            "--fix",
            help="First apply the automatic fixes to the files (title_id/name_id become "
            "language maps), keeping comments and layout; then lint.",
        ),
    ] = False,
    lang: Annotated[
        str,
        typer.Option(
            "--lang",
            metavar="en|id",
            help="Language of the text report's own words (summary, severities); the "
            "machine formats and the rules' messages stay English.",
        ),
    ] = "en",
) -> None:
    """Check the standards against the schemas and the cross-document rules.

    Exit codes: 0 no findings at or above --fail-level, 1 findings, 2 usage or
    configuration error.
    """
    if explain is not None:
        from svcstd.commands.rules import explain_rule

        raise typer.Exit(explain_rule(explain))
    outputs = [(format or _default_format(), output), *(_parse_report(r) for r in report or [])]
    if fix:
        run_fixes(paths or [Path(".")])
    raise typer.Exit(
        run_lint(
            paths or [Path(".")],
            outputs,
            parse_date(as_of, path=(paths or [Path(".")])[0]),
            strict,
            _parse_level(fail_level),
            use_cache=not no_cache,
            base=base,
            lang=lang,
        )
    )


def run_fixes(paths: list[Path]) -> None:
    """Apply the automatic fixes in the repositories holding the paths; say what changed."""
    from svcstd.lint.fix import apply_fixes
    from svcstd.repository import find_root, load_config

    for root in dict.fromkeys(find_root(p) for p in paths):
        language = str(load_config(root).data.get("language", "en"))
        for fixed in apply_fixes(root, language):
            typer.echo(f"svcstd: fixed {fixed.file} ({fixed.rule})", err=True)


def _default_format() -> str:
    return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"


def _parse_report(text: str) -> tuple[str, Path]:
    fmt, sep, file = text.partition(":")
    if not sep or not file:
        raise UsageError(f"--report {text!r} is not FORMAT:FILE", "e.g. --report sarif:lint.sarif")
    return fmt, Path(file)


def _parse_level(text: str) -> int:
    from svcstd.findings import Severity

    if text not in FAIL_LEVELS:
        raise UsageError(
            f"--fail-level {text!r} is not a level", f"use one of: {', '.join(FAIL_LEVELS)}"
        )
    return int(Severity.parse(text))


def run_lint(
    paths: list[Path],
    outputs: list[tuple[str, Path | None]],
    as_of: date,
    strict: bool = False,
    fail_level: int = 3,
    use_cache: bool = True,
    base: Path | None = None,
    lang: str = "en",
) -> int:
    """Lint the repositories holding the paths, write every report; return the exit code."""
    from msgspec.structs import replace

    from svcstd.findings import Severity
    from svcstd.i18n import check_language
    from svcstd.lint.gather import lint_paths
    from svcstd.lint.reporters import REPORTERS
    from svcstd.suggest import did_you_mean
    from svcstd.writer import write_files

    check_language(lang)
    for fmt, _ in outputs:
        if fmt not in REPORTERS:
            hint = did_you_mean(fmt, REPORTERS) or f"use one of: {', '.join(REPORTERS)}"
            raise UsageError(f"unknown format {fmt!r}", hint)
    if base is not None and not base.is_dir():
        raise UsageError(
            f"--base {base} is not a folder", "give the folder reports are relative to"
        )
    report = replace(
        lint_paths(paths, as_of, strict, use_cache, base),
        fail_level=Severity(fail_level),
        lang=lang,
    )
    files = []
    for fmt, file in outputs:
        if file is None or str(file) == "-":
            _to_stdout(REPORTERS[fmt], report)
        else:
            buffer = io.StringIO()
            REPORTERS[fmt](report, buffer, False)
            files.append((file, buffer.getvalue().encode("utf-8")))
    # All report files together: one that cannot be written leaves none of the others.
    write_files(files, "choose another --output / --report path")
    return EXIT_FINDINGS if report.fails(report.fail_level) else EXIT_OK


def _to_stdout(reporter: Reporter, report: LintReport) -> None:
    """Write a report to stdout; a reader that stops early (``| head``) is not an error."""
    try:
        reporter(report, sys.stdout, use_color())
        sys.stdout.flush()
    except BrokenPipeError:
        # Point stdout at /dev/null so that the interpreter's final flush does not fail too.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
