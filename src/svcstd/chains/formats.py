"""``svcstd impact`` output formats: one function per format, chosen from FORMATS."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from svcstd.chains.clock import describe
from svcstd.chains.impact import Impact, PromiseReached, Reached, amount


def _late(report: Impact) -> str:
    return "missed" if report.late is None else f"late by {describe(report.late)}"


def _slack(r: Reached) -> str:
    if r.slack is None and r.feeds_promise:
        return "the external promise after it is missed"
    if r.slack is None:
        return "no external promise after it" if r.distance else ""
    before = "" if r.slack_before is None else f"{amount(r.slack_before, r.unit)} -> "
    return f"slack {before}{amount(r.slack, r.unit)}"


def _promise_line(p: PromiseReached) -> str:
    std = p.hop.standard.id if p.hop.standard else "?"
    tgt = p.hop.target.id if p.hop.target else "?"
    text = p.hop.target.external.promise if p.hop.target and p.hop.target.external else ""
    if p.slack is None:
        state = "MISSED (the late target is never delivered)"
    else:
        verdict = "kept" if p.kept else "BROKEN"
        state = (
            f"{verdict}: chain {amount(p.before, p.unit)} -> {amount(p.after or 0, p.unit)} "
            f"against {p.budget}, slack {amount(p.slack, p.unit)}"
        )
    return f"  {std}/{tgt} ({text.strip()}) {state}"


def render_text(report: Impact) -> str:
    """Hop by hop, then the promises, teams and standards reached."""
    lines = [f"{report.origin} {_late(report)}", ""]
    for r in report.ordered():
        team = r.hop.team.id if r.hop.team else "?"
        role = r.hop.step.role_id
        serves = f" serves {r.hop.step.serves}" if r.hop.step.serves else ""
        extra = _slack(r)
        lines.append(
            f"hop {r.distance}  {r.hop.key}  {role} ({team}){serves}"
            + (f"  {extra}" if extra else "")
        )
    lines += ["", "External promises reached:"]
    lines += [_promise_line(p) for p in report.promises.values()] or ["  none"]
    lines += ["", "Teams: " + (", ".join(report.teams()) or "none")]
    lines += ["Standards: " + (", ".join(report.standards()) or "none"), ""]
    return "\n".join(lines)


def render_json(report: Impact) -> str:
    """The report as JSON (see docs/chains.md for the fields)."""
    data: dict[str, Any] = {
        "origin": report.origin,
        "late_minutes": report.late,
        "missed": report.late is None,
        "hops": [
            {
                "distance": r.distance,
                "sop": r.hop.sop.id,
                "step": r.hop.step.id,
                "role": r.hop.step.role_id,
                "team": r.hop.team.id if r.hop.team else None,
                "serves": r.hop.step.serves,
                "slack_before": r.slack_before,
                "slack_after": r.slack,
                "unit": r.unit,
                "feeds_promise": r.feeds_promise,
            }
            for r in report.ordered()
        ],
        "promises": [
            {
                "standard": p.hop.standard.id if p.hop.standard else None,
                "target": p.hop.target.id if p.hop.target else None,
                "at": p.hop.key,
                "promise": p.budget,
                "chain_before": p.before,
                "chain_after": p.after,
                "allowed": p.allowed,
                "slack": p.slack,
                "unit": p.unit,
                "kept": p.kept,
            }
            for p in report.promises.values()
        ],
        "teams": report.teams(),
        "standards": report.standards(),
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _edges(report: Impact) -> list[tuple[str, str]]:
    return report.edges


def _node_label(r: Reached) -> str:
    slack = _slack(r)
    return f"{r.hop.key}\\n{r.hop.step.role_id}" + (f"\\n{slack}" if slack else "")


def render_mermaid(report: Impact) -> str:
    """A Mermaid flowchart of the reached hops, left to right."""
    ids = {r.hop.key: f"n{i}" for i, r in enumerate(report.ordered())}
    lines = ["flowchart LR"]
    for r in report.ordered():
        label = _node_label(r).replace("\\n", "<br>").replace('"', "'")
        lines.append(f'  {ids[r.hop.key]}["{label}"]')
    lines += [f"  {ids[a]} --> {ids[b]}" for a, b in _edges(report)]
    return "\n".join(lines) + "\n"


def render_dot(report: Impact) -> str:
    """A Graphviz digraph of the reached hops."""
    lines = ["digraph impact {", "  rankdir=LR;", "  node [shape=box];"]
    for r in report.ordered():
        label = _node_label(r).replace('"', '\\"')
        lines.append(f'  "{r.hop.key}" [label="{label}"];')
    lines += [f'  "{a}" -> "{b}";' for a, b in _edges(report)]
    return "\n".join([*lines, "}"]) + "\n"


FORMATS: dict[str, Callable[[Impact], str]] = {
    "text": render_text,
    "json": render_json,
    "mermaid": render_mermaid,
    "dot": render_dot,
}
