"""Reporters turn a LintReport into text for a person or a machine; chosen by --format."""

from __future__ import annotations

import json
from collections.abc import Callable
from itertools import groupby
from typing import TextIO

from svcstd.findings import Severity
from svcstd.lint.engine import LintReport

_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


def report_json(report: LintReport, out: TextIO, color: bool) -> None:
    """The documented JSON structure: findings plus a summary of documents and findings."""
    body = {"findings": [f.to_dict() for f in report.findings], "summary": report.summary()}
    out.write(json.dumps(body, indent=2, ensure_ascii=False) + "\n")


def report_text(report: LintReport, out: TextIO, color: bool) -> None:
    """Findings grouped by file, each with its position, rule and hint, then a summary line."""
    from rich.console import Console
    from rich.markup import escape

    console = Console(file=out, no_color=not color, highlight=False, soft_wrap=True,
                      force_terminal=color, emoji=False)  # fmt: skip
    for file, group in groupby(report.findings, key=lambda f: f.file):
        console.print(f"[bold]{escape(file)}[/]")
        for f in group:
            style = _STYLE[f.severity]
            console.print(f"  {f.line}:{f.column}  [{style}]{f.severity}[/]  {escape(f.message)}"
                          f"  [dim]({f.rule})[/]")  # fmt: skip
            if f.hint:
                console.print(f"      [dim]hint:[/] {escape(f.hint)}")
    console.print(_summary_line(report))


def _summary_line(report: LintReport) -> str:
    docs = sum(report.documents.values())
    counts = [f"{report.count(s)} {s}{'s' if report.count(s) != 1 else ''}"
              for s in sorted(Severity, reverse=True)]  # fmt: skip
    verdict = "clean" if not report.findings else ", ".join(counts)
    return f"{docs} documents checked: {verdict}"


Reporter = Callable[[LintReport, TextIO, bool], None]
REPORTERS: dict[str, Reporter] = {"text": report_text, "json": report_json}
