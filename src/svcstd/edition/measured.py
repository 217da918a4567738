"""Measured figures in words, for the digest and ``svcstd due``: how a provider kept a promise.

"Information Technology acknowledged 182 of 190 requests 'PMS unavailable…' within 15
minutes: 95.8%, objective 95%". The figures come from svcstd.measure.figures; the words of
the promise from the model when it still has the target.
"""

from __future__ import annotations

from pathlib import Path

from svcstd.measure.figures import Figures, Tally, TargetFigures, figures_for, objective_text
from svcstd.model import Organisation, Standard, Target
from svcstd.render import wording

VERBS = {"acknowledge": "acknowledged", "resolve": "resolved", "deadline": "delivered"}
REQUEST_CHARS = 60  # a target's request is a sentence; the digest quotes its start


def load_for(org: Organisation, given: list[Path], root: Path) -> Figures | None:
    """The figures of --measured, else of measure.results in svcstd.yaml, else None."""
    return figures_for(given, org.config.source.data.get("measure") or {}, root)


def promise_words(figures: TargetFigures, target: Target | None) -> str:
    """'within 15 minutes', 'by the deadline (monthly on day 25)'."""
    if figures.metric == "deadline":
        words = wording.deadline(target.deadline, "en") if target else ""
        return f"by the deadline ({words or figures.promise})"
    limit = getattr(target, figures.metric, None) if target else None
    return f"within {wording.duration(limit, 'en') or figures.promise}"


def percent(tally: Tally) -> str:
    """'95.8%', or 'not judged'."""
    return "not judged" if tally.attainment is None else f"{tally.attainment:.1f}%"


def kept_line(std: Standard, figures: TargetFigures, team: Tally | None = None) -> str:
    """One promise's figures as a sentence, with the team's own share when it has one."""
    target = next((t for t in std.targets if t.id == figures.target), None)
    provider = std.provider.name if std.provider else std.provider_id
    request = _quoted(target.request if target else figures.target)
    total = figures.total
    line = (
        f"{provider} {VERBS.get(figures.metric, figures.metric)} {total.met} of {total.judged} "
        f"{request} {promise_words(figures, target)}: {percent(total)}"
    )
    if figures.objective is not None:
        line += f", objective {objective_text(figures.objective)}"
        line += " (under it)" if figures.under else ""
    if team is not None:
        line += f"; your team's requests: {team.met} of {team.judged}, {percent(team)}"
    return line


def _quoted(text: str) -> str:
    flat = " ".join(text.split())
    if len(flat) > REQUEST_CHARS:
        flat = flat[: REQUEST_CHARS - 1].rsplit(" ", 1)[0] + "\N{HORIZONTAL ELLIPSIS}"
    return f"requests \N{LEFT DOUBLE QUOTATION MARK}{flat}\N{RIGHT DOUBLE QUOTATION MARK}"
