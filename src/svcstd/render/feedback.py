"""The handbook's feedback figures as plain data: per standard the latest scores (with a small
inline SVG chart) and the "you said, we did" actions, and the provider x customer heat-map.

Everything here is plain dicts, strings and numbers so that every output format (the HTML
templates, the Typst PDF) renders the same figures; only ``chart`` is HTML-specific markup.
The small-numbers rule comes from svcstd.feedback: a score under feedback.min_responses has
no mean here either.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from markupsafe import Markup, escape

from svcstd import model as m
from svcstd.feedback.matrix import build_matrix, min_responses
from svcstd.feedback.summary import PeriodScore, action_dict, is_overdue, standard_feedback
from svcstd.i18n import translator, wording
from svcstd.i18n.terms import ACTION_STATUS, SCORE_BAND, term
from svcstd.render.naming import Link
from svcstd.render.navigation import abbreviations

# Heat-map bands: (lowest mean, band name). The colour only repeats what the number says.
# 3.5 is where lint's feedback/unanswered-low-score starts asking for an action.
BANDS = ((4.0, "good"), (3.5, "fair"), (2.5, "poor"), (1.0, "bad"))
CHART_BAR, CHART_GAP, CHART_HEIGHT = 34, 8, 56  # px; the chart is as small as a sparkline


def number(value: float, lang: str) -> str:
    """A mean with one decimal, in the language's form (3.8 / 3,8)."""
    return wording.number(value, lang)


def band(mean: float | None) -> str:
    """The heat-map band of a mean: good, fair, poor, bad; 'few' when no mean is shown."""
    if mean is None:
        return "few"
    # Judged on the mean as printed, so that a cell reading "4.0" is never coloured "fair".
    shown = round(mean, 1)
    return next((name for floor, name in BANDS if shown >= floor), BANDS[-1][1])


def score_view(s: PeriodScore, lang: str) -> dict[str, Any]:
    """One period's score: ``text`` is what to print ('3.8' or 'too few responses')."""
    return {
        "period": s.period,
        "start": s.start,
        "end": s.end,
        "responses": s.responses,
        "mean": round(s.mean, 2) if s.mean is not None else None,
        "too_few": s.too_few,
        "text": number(s.mean, lang)
        if s.mean is not None
        else translator(lang).gettext("too few responses"),
        "band": band(s.mean),
    }


def chart(periods: list[dict[str, Any]], lang: str) -> Markup:
    """A bar per period, height by mean on the 1-5 scale, the value written under it.

    A period with too few responses is an empty outlined bar marked with a dash: no height, so no
    mean can be read off it. Inline SVG: no script, no request, prints as it shows.
    """
    if not periods:
        return Markup("")
    step = CHART_BAR + CHART_GAP
    width, top, plot = step * len(periods) - CHART_GAP, 4, CHART_HEIGHT - 4
    label = "; ".join(f"{p['period']}: {p['text']} ({p['responses']})" for p in periods)
    title = translator(lang).gettext("Mean score per period, 1 (very poor) to 5 (very good)")
    parts = [
        f'<svg class="score-chart" xmlns="http://www.w3.org/2000/svg" role="img" '
        f'width="{width}" height="{CHART_HEIGHT + 28}" '
        f'viewBox="0 0 {width} {CHART_HEIGHT + 28}"><title>{escape(title)}: '
        f"{escape(label)}</title>"
    ]
    for i, p in enumerate(periods):
        x = i * step
        if p["mean"] is None:
            parts.append(
                f'<rect class="bar few" x="{x + 0.5}" y="{top + 0.5}" width="{CHART_BAR - 1}" '
                f'height="{plot - top - 1}"/>'
            )
        else:
            h = max(2.0, (plot - top) * (p["mean"] - 1) / 4)
            parts.append(
                f'<rect class="bar {p["band"]}" x="{x}" y="{plot - h:.1f}" '
                f'width="{CHART_BAR}" height="{h:.1f}"/>'
            )
        value = "\N{EN DASH}" if p["mean"] is None else escape(p["text"])
        parts.append(
            f'<text class="value" x="{x + CHART_BAR / 2}" y="{CHART_HEIGHT + 10}">{value}</text>'
            f'<text class="period" x="{x + CHART_BAR / 2}" y="{CHART_HEIGHT + 24}">'
            f"{escape(_short_period(p['period']))}</text>"
        )
    parts.append(f'<line class="axis" x1="0" x2="{width}" y1="{plot}" y2="{plot}"/></svg>')
    return Markup("".join(parts))


def _short_period(period: str) -> str:
    # "2026-11" -> "26-11": the year's century would not fit under a 34 px bar.
    return period[2:] if len(period) > 4 else period


class FeedbackView:
    """Builds the feedback parts of the handbook view model."""

    def __init__(
        self,
        org: m.Organisation,
        lang: str,
        as_of: date,
        role: Callable[[str], Link | None],
        team: Callable[[str], Link | None],
    ) -> None:
        self.org, self.lang, self.as_of = org, lang, as_of
        self._ = translator(lang).gettext
        self.role, self.team = role, team

    def standard(self, std: m.Standard) -> dict[str, Any] | None:
        """The standard's scores and actions, or None when it has neither."""
        found = standard_feedback(self.org, std.id, self.as_of)
        if found.empty:
            return None
        periods = [score_view(p, self.lang) for p in found.periods]
        return {
            "min_responses": found.minimum,
            "periods": periods,  # oldest first
            "latest": periods[-1] if periods else None,
            "chart": chart(periods, self.lang),
            "open_actions": [self.action(a) for a in found.open],
            "recent_actions": [self.action(a) for a in found.recent],
        }

    def action(self, a: m.Action) -> dict[str, Any]:
        """An action with dates in words, the owner as a link and the status in the language."""
        data = action_dict(a, self.as_of)
        return {
            **data,
            "owner": self.role(a.owner_id),
            "due_iso": a.due,
            "due": wording.long_date(a.due, self.lang),
            "closed": wording.long_date(a.closed, self.lang) if a.closed else "",
            "status_key": a.status,
            "status": term(ACTION_STATUS, a.status, self.lang),
            "outcome": a.outcome or "",
            "overdue": is_overdue(a, self.as_of),
        }

    def bands(self) -> list[dict[str, str]]:
        """The legend: each band with the range of printed means it covers (4.0-5.0...)."""
        tops = [5.0] + [floor - 0.1 for floor, _ in BANDS[:-1]]
        return [
            {
                "band": name,
                "label": term(SCORE_BAND, name, self.lang),
                "range": f"{number(floor, self.lang)}\N{EN DASH}{number(top, self.lang)}",
            }
            for (floor, name), top in zip(BANDS, tops, strict=True)
        ]

    def matrix(self, team_id: str | None) -> dict[str, Any]:
        """The provider x customer heat-map (one team's row and column in a team handbook)."""
        minimum = min_responses(self.org)
        cells = [
            c
            for c in build_matrix(self.org)
            if team_id is None or team_id in (c.provider, c.customer)
        ]
        providers = sorted({c.provider for c in cells})
        customers = sorted({c.customer for c in cells})
        grid = {(c.provider, c.customer): c for c in cells}

        def cell(p: str, c: str) -> dict[str, Any] | None:
            found = grid.get((p, c))
            if found is None:
                return None
            mean = found.shown(minimum)
            return {
                "provider": self.team(p),
                "customer": self.team(c),
                "responses": found.scores.responses,
                "mean": round(mean, 2) if mean is not None else None,
                "too_few": mean is None,
                "text": number(mean, self.lang) if mean is not None else self._("too few"),
                "band": band(mean),
                "periods": list(found.periods),
            }

        grid_cells = {p: [cell(p, c) for c in customers] for p in providers}
        rows = [{"team": self.team(p), "cells": grid_cells[p]} for p in providers]
        links = [self.team(c) for c in customers]
        return {
            "min_responses": minimum,
            "customers": links,
            # Columns carry short names with a legend, as in the service map.
            "short": abbreviations([link.label if link else "" for link in links]),
            "rows": rows,
            # The same cells as one list, for formats that print a list rather than a grid.
            "cells": [x for p in providers for x in grid_cells[p] if x is not None],
            "note": self._(
                "Each row is a providing team, each column a customer team: the mean score "
                "(1 to 5) of the provider's latest surveys among that team's staff, with the "
                "number of responses. Under {n} responses no mean is shown."
            ).format(n=minimum),
            "bands": self.bands(),
        }
