"""Measured figures in words, for the digest: how a provider kept a promise.

"Information Technology acknowledged 182 of 190 requests “PMS unavailable…” within 15
minutes: 95.8%, objective 95%". The figures come from svcstd.measure.figures; the words of
the promise from the model when it still has the target, in the reader's language.
"""

from __future__ import annotations

from pathlib import Path

from svcstd.i18n import N_, translator, wording
from svcstd.measure.figures import Figures, Tally, TargetFigures, figures_for, percent_text
from svcstd.model import Organisation, Standard
from svcstd.text import localised

# One whole sentence per kind of promise, so that a translation can order it freely.
SENTENCES = {
    "acknowledge": N_(
        "{provider} acknowledged {met} of {judged} requests “{request}” {promise}: {percent}"
    ),
    "resolve": N_(
        "{provider} resolved {met} of {judged} requests “{request}” {promise}: {percent}"
    ),
    "deadline": N_(
        "{provider} delivered {met} of {judged} requests “{request}” {promise}: {percent}"
    ),
}
SENTENCES["by"] = SENTENCES["deadline"]  # a date-relative target is delivered by a day too
REQUEST_CHARS = 60  # a target's request is a sentence; the digest quotes its start


def load_for(org: Organisation, given: list[Path], root: Path) -> Figures | None:
    """The figures of --measured, else of measure.results in svcstd.yaml, else None."""
    return figures_for(given, org.config.source.data.get("measure") or {}, root)


def percent(tally: Tally, lang: str) -> str:
    """'95.8%' ('95,8%' in Indonesian), or 'not judged'."""
    return percent_text(tally.met, tally.judged, lang, empty=translator(lang).gettext("not judged"))


def kept_line(std: Standard, figures: TargetFigures, team: Tally | None, lang: str) -> str:
    """One promise's figures as a sentence, with the team's own share when it has one."""
    _ = translator(lang).gettext
    target = next((t for t in std.targets if t.id == figures.target), None)
    provider = localised(std.provider.name, lang, lang) if std.provider else std.provider_id
    request = _short(localised(target.request, lang, lang) if target else figures.target)
    if figures.metric == "deadline":
        written = wording.deadline(target.deadline if target else None, lang)
        promise = _("by the deadline ({deadline})").format(deadline=written or figures.promise)
    elif figures.metric == "by":  # a date-relative target: 'by the promised date'
        promise = wording.relative(target.by if target else None, lang) or figures.promise
    else:
        limit = getattr(target, figures.metric, None) if target else None
        promise = wording.within(limit or figures.promise, lang)
    total = figures.total
    sentence = _(SENTENCES.get(figures.metric, SENTENCES["resolve"]))
    shown = percent(total, lang)
    line = sentence.format(provider=provider, met=total.met, judged=total.judged,
                           request=request, promise=promise, percent=shown)  # fmt: skip
    if figures.objective is not None:
        objective = f"{figures.objective:g}%"
        goal = _("objective {objective} (under it)") if figures.under else None
        line += ", " + (goal or _("objective {objective}")).format(objective=objective)
    if team is not None:
        share = _("your team's requests: {met} of {judged}, {percent}")
        line += "; " + share.format(met=team.met, judged=team.judged, percent=percent(team, lang))
    return line


def _short(text: str) -> str:
    flat = " ".join(text.split())
    if len(flat) > REQUEST_CHARS:
        flat = flat[: REQUEST_CHARS - 1].rsplit(" ", 1)[0] + "\N{HORIZONTAL ELLIPSIS}"
    return flat
