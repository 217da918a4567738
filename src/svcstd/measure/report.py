"""The measure report as data, and its formats: text, JSON, CSV and Markdown (a registry)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from svcstd.measure.figures import percent_text, share

if TYPE_CHECKING:  # the engine (numpy) is not needed to check --format
    from svcstd.measure.engine import FindingGroup

SHOWN_ROWS = 5  # located rows listed per finding in text and Markdown; JSON lists all


def finding_dict(group: FindingGroup) -> dict[str, Any]:
    """A finding group as JSON-ready data."""
    return {
        "code": group.code,
        "severity": group.severity,
        "file": group.file,
        "column": group.column,
        "count": len(group.rows),
        "rows": group.rows.tolist(),
        "message": group.message,
        "hint": group.hint,
    }


def _minutes(value: float | None) -> str:
    if value is None:
        return "-"
    sign, value = ("-" if value < 0 else ""), abs(value)
    if value >= 24 * 60:
        return f"{sign}{value / (24 * 60):.1f}d"
    if value >= 60:
        return f"{sign}{value / 60:.1f}h"
    return f"{sign}{value:.0f}m"


def _judged(record: dict[str, Any]) -> int:
    return int(record["met"] + record["breached"] + record["open_breached"])


def _percent(record: dict[str, Any]) -> str:
    """A target's attainment as every report shows it (svcstd.measure.figures.share)."""
    return percent_text(record["met"], _judged(record))


def _objective(value: float | None) -> str:
    return "-" if value is None else f"{value:g}%"


# How each kind of promise reads after the target's id: "acknowledge within 15m".
_WHAT = {
    "acknowledge": "acknowledge within {}",
    "resolve": "resolve within {}",
    "deadline": "deadline {}",
    "by": "{}",  # the rule's own words: 'by the promised date'
}
LATENESS = ("deadline", "by")  # promises measured as how late the work was
LATENESS_NOTE = (
    "Median and p90 of a deadline or date-relative (by) target are how late the work was;"
    " a negative figure is how early."
)


def _what(record: dict[str, Any]) -> str:
    return _WHAT.get(record["metric"], "{}").format(record["promise"])


def _worst(record: dict[str, Any]) -> str:
    label = "late" if record["metric"] in LATENESS else "took"
    return ", ".join(f"{w['ticket']} ({_case(w, label)})" for w in record["worst"])


def _case(worst: dict[str, Any], label: str) -> str:
    if worst["open"]:
        return f"open, {_minutes(worst['minutes'])} so far"
    return f"{label} {_minutes(worst['minutes'])}"


def render_text(report: dict[str, Any]) -> str:
    """The report for a terminal."""
    out = [_heading(report), ""]
    if not report["targets"]:
        return "\n".join([*out, "No requests in the period.", "", *_findings_text(report)]) + "\n"
    header = (
        "target",
        "requests",
        "met",
        "breached",
        "open",
        "excl.",
        "attain.",
        "objective",
        "median",
        "p90",
    )
    rows = [header]
    for r in report["targets"]:
        flag = " !" if r["under_objective"] else ""
        rows.append(
            (
                f"{r['standard']}/{r['target']} {_what(r)}",
                str(r["requests"]),
                str(r["met"]),
                str(r["breached"]),
                f"{r['open']} ({r['open_breached']} late)" if r["open"] else "0",
                str(r["excluded"]),
                _percent(r) + flag,
                _objective(r["objective"]),
                _minutes(r["median_minutes"]),
                _minutes(r["p90_minutes"]),
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    for row in rows:
        out.append(
            "  ".join(
                c.ljust(w) if i == 0 else c.rjust(w)
                for i, (c, w) in enumerate(zip(row, widths, strict=True))
            ).rstrip()
        )
    if any(r["metric"] in LATENESS for r in report["targets"]):
        out += [LATENESS_NOTE]
    worst = [r for r in report["targets"] if r["worst"]]
    if worst:
        out += ["", "Worst cases:"]
        out += [f"  {r['standard']}/{r['target']} {r['metric']}: {_worst(r)}" for r in worst]
    out += ["", *_findings_text(report)]
    out += _verdict(report)
    return "\n".join(out).rstrip() + "\n"


def _heading(report: dict[str, Any]) -> str:
    p = report["period"]
    span = f"{p['from'] or 'the first request'} to {p['to'] or 'the last request'}"
    return (
        f"Measured {report['rows']} rows from {', '.join(report['exports'])}"
        f" (source {report['source']}): requests opened from {span};"
        f" open requests judged as of {p['as_of'] or '-'}."
    )


def _findings_text(report: dict[str, Any]) -> list[str]:
    groups = report["findings"]
    if not groups:
        return ["No data findings."]
    total = sum(g["count"] for g in groups)
    out = [f"Data findings ({total} rows; rows with a warning are excluded from the figures):"]
    for g in groups:
        rows = ", ".join(str(r) for r in g["rows"][:SHOWN_ROWS])
        more = f" and {g['count'] - SHOWN_ROWS} more" if g["count"] > SHOWN_ROWS else ""
        out.append(
            f"  {g['severity']}: {g['file']}: column {g['column']}: {g['message']} [{g['code']}]"
            f" - {g['count']} row(s): {rows}{more}"
        )
        if g["hint"]:
            out.append(f"    hint: {g['hint']}")
    return out


def _verdict(report: dict[str, Any]) -> list[str]:
    under = report["under_objective"]
    if not under:
        return []
    out = ["", f"Under objective (at least {report['min_requests']} judged requests):"]
    records = {(r["standard"], r["target"], r["metric"]): r for r in report["targets"]}
    out += [
        f"  {u['standard']}/{u['target']} {u['metric']}: "
        f"{_percent(records[u['standard'], u['target'], u['metric']])}"
        f" < {_objective(u['objective'])}"
        for u in under
    ]
    return out


def render_json(report: dict[str, Any]) -> str:
    """The whole report, every located row included, on one line.

    Compact on purpose: Python's JSON encoder runs in C only without indentation, and
    a report lists every row of every finding (``python -m json.tool`` lays it out).
    """
    return json.dumps(report, ensure_ascii=False, separators=(",", ":")) + "\n"


CSV_FIELDS = (
    "standard",
    "target",
    "metric",
    "promise",
    "calendar",
    "objective",
    "requests",
    "met",
    "breached",
    "open",
    "open_breached",
    "excluded",
    "attainment",
    "median_minutes",
    "p90_minutes",
    "under_objective",
)


def render_csv(report: dict[str, Any]) -> str:
    """One line per target and metric, for a spreadsheet."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, CSV_FIELDS, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for record in report["targets"]:
        # The figure the other reports show, to one decimal (JSON keeps two, unrounded twice).
        shown = share(record["met"], _judged(record))
        writer.writerow({**record, "attainment": "" if shown is None else str(shown)})
    return buffer.getvalue()


def render_markdown(report: dict[str, Any]) -> str:
    """A Markdown table, for a wiki page or a pull request comment."""
    out = [
        _heading(report),
        "",
        "| target | requests | met | breached | open | attainment | objective | median | p90 |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in report["targets"]:
        mark = " **under**" if r["under_objective"] else ""
        out.append(
            f"| `{r['standard']}/{r['target']}` {_what(r)} | {r['requests']} | {r['met']} | "
            f"{r['breached']} | {r['open']} | {_percent(r)}{mark} | "
            f"{_objective(r['objective'])} | {_minutes(r['median_minutes'])} | "
            f"{_minutes(r['p90_minutes'])} |"
        )
    out += ["", *_findings_text(report)]
    return "\n".join(out) + "\n"


FORMATS: dict[str, Callable[[dict[str, Any]], str]] = {
    "text": render_text,
    "json": render_json,
    "csv": render_csv,
    "md": render_markdown,
}
