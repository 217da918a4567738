"""The provider x customer-team score matrix: which internal relationships are strained.

Each cell pools the latest feedback period of every standard the provider team
offers the customer team. A cell with fewer than ``min_responses`` answers shows
no mean ("too few"), so one answer never becomes a headline and no respondent
can be singled out.
"""

from __future__ import annotations

from typing import Any

from msgspec import Struct

from svcstd.model import FeedbackResults, Organisation, Scores, pooled

DEFAULT_MIN_RESPONSES = 5


def min_responses(org: Organisation) -> int:
    """feedback.min_responses from svcstd.yaml (default 5)."""
    return int(
        org.config.source.data.get("feedback", {}).get("min_responses", DEFAULT_MIN_RESPONSES)
    )


def shown_mean(scores: Scores, minimum: int) -> float | None:
    """The small-numbers rule for every output: the mean, or None under ``minimum`` answers."""
    return scores.mean if scores.responses >= minimum else None


class Cell(Struct, frozen=True):
    """One provider's scores from one customer team."""

    provider: str
    customer: str
    scores: Scores
    periods: tuple[str, ...]

    def shown(self, minimum: int) -> float | None:
        """The mean, or None when too few answered to show one."""
        return shown_mean(self.scores, minimum)


def latest(org: Organisation) -> list[FeedbackResults]:
    """The newest feedback period of every standard that has one."""
    newest: dict[str, FeedbackResults] = {}
    for results in org.feedback.values():
        current = newest.get(results.standard_id)
        if current is None or (results.end, results.start) > (current.end, current.start):
            newest[results.standard_id] = results
    return [newest[k] for k in sorted(newest)]


def build_matrix(org: Organisation) -> list[Cell]:
    """Every provider x customer pair that has answers, sorted by provider then customer."""
    pairs: dict[tuple[str, str], list[tuple[Scores, str]]] = {}
    for results in latest(org):
        std = org.standards.get(results.standard_id)
        if std is None:
            continue
        for scores in results.results:
            key = (std.provider_id, scores.customer_id)
            pairs.setdefault(key, []).append((scores, f"{results.standard_id} {results.period}"))
    return [
        Cell(p, c, pooled(s for s, _ in found), tuple(sorted(n for _, n in found)))
        for (p, c), found in sorted(pairs.items())
    ]


def to_json(cells: list[Cell], minimum: int) -> dict[str, Any]:
    return {
        "min_responses": minimum,
        "cells": [
            {
                "provider": c.provider,
                "customer": c.customer,
                "responses": c.scores.responses,
                "mean": round(m, 2) if (m := c.shown(minimum)) is not None else None,
                "too_few": c.scores.responses < minimum,
                "periods": list(c.periods),
            }
            for c in cells
        ],
    }


def to_text(cells: list[Cell], minimum: int) -> str:
    """A plain table: providers down, customers across; '·' where nobody answered."""
    if not cells:
        return "no feedback results yet: import some with 'svcstd feedback import'\n"
    providers = sorted({c.provider for c in cells})
    customers = sorted({c.customer for c in cells})
    grid = {(c.provider, c.customer): c for c in cells}
    width = max(len(p) for p in providers)
    cols = [max(len(c), 7) for c in customers]
    lines = [
        " " * width + "  " + "  ".join(c.rjust(w) for c, w in zip(customers, cols, strict=True))
    ]
    for p in providers:
        row = [
            _cell(grid.get((p, c)), minimum).rjust(w) for c, w in zip(customers, cols, strict=True)
        ]
        lines.append(p.ljust(width) + "  " + "  ".join(row))
    lines += [
        "",
        f"Mean score 1-5 of each provider's latest period; 'too few' under {minimum} answers; "
        "'·' no answers.",
    ]
    return "\n".join(lines) + "\n"


def _cell(cell: Cell | None, minimum: int) -> str:
    if cell is None:
        return "·"
    mean = cell.shown(minimum)
    return f"{mean:.1f} ({cell.scores.responses})" if mean is not None else "too few"
