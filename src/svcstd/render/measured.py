"""The handbook's measured figures as plain data: per standard, each measured promise's
attainment in its last months with a small bar chart, and where the figures come from.

Like render/feedback.py, everything is plain dicts, strings and numbers so that the HTML,
Markdown and Typst templates print the same figures. The chart is an inline SVG with its
colours as attributes (no stylesheet needed), so the PDF embeds the same drawing the HTML
shows; its text alternative lists every month's figure.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from markupsafe import Markup, escape

from svcstd import model as m
from svcstd.i18n import N_, translator, wording

if TYPE_CHECKING:  # the figures module is loaded only when a handbook has figures to show
    from svcstd.measure.figures import Figures, Origin, Tally, TargetFigures

BAR, GAP, HEIGHT = 12, 3, 34  # px: a sparkline, small enough to sit in a table cell
MET_COLOUR, UNDER_COLOUR, EMPTY_COLOUR = "#1f7a8c", "#b45309", "#9aa5b1"
KINDS = ("acknowledge", "resolve", "deadline", "by")
# What was promised, as a whole phrase per kind: "Acknowledge within 15 minutes".
PROMISES = {
    "acknowledge": N_("Acknowledge {within}"),
    "resolve": N_("Resolve {within}"),
    "deadline": N_("Deadline: {deadline}"),
}


def percent(tally: Tally, lang: str, digits: int = 1) -> str:
    """'95.8%' in English, '95,8%' in Indonesian; '—' when nothing was judged.

    From the counts, rounded as every other report rounds (svcstd.measure.figures.share).
    """
    from svcstd.measure.figures import percent_text

    return percent_text(tally.met, tally.judged, lang, digits, empty="\N{EM DASH}")


def _floor(months: tuple[Tally, ...], objective: float | None) -> float:
    """The chart's bottom: 50% or lower, in tens, so that bars near 100% still differ."""
    seen = [t.attainment for t in months if t.attainment is not None]
    if objective is not None:
        seen.append(objective)
    low = min(seen, default=100.0)
    return float(min(50, int((low - 5) // 10 * 10)))


def chart(figures: TargetFigures, months: tuple[Tally, ...], lang: str) -> Markup:
    """One bar per month, height by attainment; the objective as a dashed line.

    A bar under the objective is amber; a month with no judged request is a short grey
    stub. The SVG's title is the text alternative: every month's figure in words.
    """
    if not months:
        return Markup("")
    bottom = _floor(months, figures.objective)
    width = len(months) * (BAR + GAP) - GAP

    def y(value: float) -> float:
        return round(HEIGHT - (HEIGHT - 2) * (value - bottom) / (100 - bottom), 1)

    _ = translator(lang).gettext
    alt = "; ".join(f"{p.label}: {_figure(p, lang)}" for p in months)
    goal = ""
    if figures.objective is not None:
        goal = "; " + _("Objective {objective}").format(objective=f"{figures.objective:g}%")
    title = _("Share of requests that met the promise, per month")
    parts = [
        f'<svg class="measured-chart" xmlns="http://www.w3.org/2000/svg" role="img" '
        f'width="{width}" height="{HEIGHT}" viewBox="0 0 {width} {HEIGHT}">'
        f"<title>{escape(title)}: {escape(alt)}{escape(goal)}</title>"
    ]
    for i, p in enumerate(months):
        x = i * (BAR + GAP)
        if p.attainment is None:
            parts.append(f'<rect x="{x}" y="{HEIGHT - 2}" width="{BAR}" height="2" '
                         f'fill="{EMPTY_COLOUR}"/>')  # fmt: skip
            continue
        top = min(y(max(p.attainment, bottom)), HEIGHT - 2)
        colour = UNDER_COLOUR if _below(p, figures.objective) else MET_COLOUR
        parts.append(f'<rect x="{x}" y="{top}" width="{BAR}" height="{HEIGHT - top}" '
                     f'fill="{colour}"/>')  # fmt: skip
    if figures.objective is not None:
        at = y(figures.objective)
        parts.append(f'<line x1="0" x2="{width}" y1="{at}" y2="{at}" stroke="#16324f" '
                     'stroke-width="1" stroke-dasharray="3 2"/>')  # fmt: skip
    parts.append("</svg>")
    return Markup("".join(parts))


def _below(tally: Tally, objective: float | None) -> bool:
    return objective is not None and tally.attainment is not None and tally.attainment < objective


def _figure(tally: Tally, lang: str) -> str:
    """'95.8% (182 of 190)' in the language; '—' when nothing was judged."""
    if tally.attainment is None:
        return "\N{EM DASH}"
    counts = translator(lang).gettext("{met} of {judged}")
    counts = counts.format(met=tally.met, judged=tally.judged)
    return f"{percent(tally, lang)} ({counts})"


class MeasuredView:
    """Builds the measured-figures part of each standard in the handbook view model."""

    def __init__(
        self, figures: Figures | None, lang: str, text: Callable[[object], str] = str
    ) -> None:
        """``text`` shows an author's text in the page's language (the Namer's resolver)."""
        self.figures, self.lang, self.text = figures, lang, text
        self._ = translator(lang).gettext

    def standard(self, std: m.Standard) -> dict[str, Any] | None:
        """The standard's measured promises and where they come from, or None when unmeasured."""
        if self.figures is None:
            return None
        found = self.figures.of_standard(std.id)
        if not found:
            return None
        targets = {tg.id: tg for tg in std.targets}
        rows = sorted(found, key=lambda f: (_position(std, f.target), KINDS.index(f.metric)
                                            if f.metric in KINDS else len(KINDS)))  # fmt: skip
        origins = list(dict.fromkeys(f.origin for f in rows))
        shown = [self.row(f, targets.get(f.target)) for f in rows]
        if len(origins) > 1:  # figures from several exports: each row says which
            for row, f in zip(shown, rows, strict=True):
                row["promise"] += f" \N{MIDDLE DOT} {', '.join(f.origin.exports)}"
        return {"origins": [self.origin(o) for o in origins], "rows": shown}

    def origin(self, o: Origin) -> dict[str, Any]:
        """Which period and which export the figures come from, as one sentence."""
        span = [wording.long_date(d, self.lang) if d else "\N{HORIZONTAL ELLIPSIS}"
                for d in (o.start, o.stop)]  # fmt: skip
        text = self._(
            "Requests opened from {start} to {stop}, measured from {exports} (source "
            "{source}). Attainment is the share of judged requests that met the promise."
        ).format(start=span[0], stop=span[1], exports=", ".join(o.exports), source=o.source)
        return {"results": o.results, "exports": list(o.exports), "source": o.source,
                "start": o.start, "stop": o.stop, "text": text}  # fmt: skip

    def row(self, f: TargetFigures, target: m.Target | None) -> dict[str, Any]:
        """One measured promise: what was promised, its months, latest and whole-period figures."""
        months = f.recent()
        latest = months[-1] if months else f.total
        return {
            "target": f.target,
            "request": self.text(target.request) if target else f.target,
            "priority": (target.priority or "") if target else "",
            "metric": f.metric,
            "promise": self._promise(f, target),
            "objective": "" if f.objective is None else f"{f.objective:g}%",
            "chart": chart(f, months, self.lang),
            "months": [self._tally(p, f.objective) for p in months],
            # The months as text, oldest first: the chart's words where no image can go.
            "spark": " · ".join(_short(p, self.lang) for p in months),
            "latest": self._tally(latest, f.objective),
            "total": self._tally(f.total, f.objective),
            "under": f.under,
        }

    def _promise(self, f: TargetFigures, target: m.Target | None) -> str:
        """'Acknowledge within 15 minutes' in the language, from the model when it still has
        the target, else as the results file wrote it."""
        if f.metric == "deadline":
            words = wording.deadline(target.deadline if target else f.promise, self.lang)
            return self._(PROMISES["deadline"]).format(deadline=words or f.promise)
        if f.metric == "by":  # a date-relative target: its rule in words, 'By the promised date'
            words = wording.relative(target.by if target else None, self.lang) or f.promise
            return words[:1].upper() + words[1:]
        limit = getattr(target, f.metric, None) if target is not None else None
        within = wording.within(limit or f.promise, self.lang)
        return self._(PROMISES.get(f.metric, PROMISES["resolve"])).format(within=within)

    def _tally(self, tally: Tally, objective: float | None) -> dict[str, Any]:
        return {
            "period": tally.label,
            "text": _figure(tally, self.lang),
            "attainment": tally.attainment,
            "met": tally.met,
            "judged": tally.judged,
            "under": _below(tally, objective),
        }


def _short(tally: Tally, lang: str) -> str:
    """A month's attainment without decimals ('96%'), or '—'."""
    return percent(tally, lang, digits=0)


def _position(std: m.Standard, target: str) -> int:
    ids = [tg.id for tg in std.targets]
    return ids.index(target) if target in ids else len(ids)
