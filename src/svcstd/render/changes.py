"""The "what changed" chapter: the semantic diff from ``svcstd diff``, shaped for the handbook."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from svcstd.i18n import translator
from svcstd.i18n.terms import CHANGE, KIND, term
from svcstd.model import Organisation
from svcstd.render.naming import Link

ANCHOR_PREFIX = {"team": "team-", "role": "role-", "standard": "standard-", "sop": "sop-"}


def changes_since(root: Path, since: str) -> Any:
    """The diff from ``since`` (a revision or a folder) to the folder as it is now."""
    from svcstd.diff.select import run_diff

    return run_diff(since, None, root)


def changes_view(result: Any, org: Organisation, lang: str, team: str | None) -> dict[str, Any]:
    """Changes grouped per document, each with a link when the document still exists."""
    from svcstd.diff.report import by_document, change_line, document_impact

    groups = []
    for (kind, ident), changes in by_document(result.changes):
        impact = document_impact(changes)  # a topic's changes reach other teams than the rest
        if team is not None and not _concerns(team, ident, impact):
            continue
        doc = org.get(ident)
        title = getattr(doc, "title", None) or getattr(doc, "name", None) or ident
        anchor = (
            ANCHOR_PREFIX.get(kind, "") + ident if doc is not None and kind in ANCHOR_PREFIX else ""
        )
        groups.append({
            "link": Link(anchor, str(title)), "kind": term(KIND, kind, lang),
            "impact": _impact(impact, org, lang),
            "items": [{"class": term(CHANGE, c.change, lang), "text": change_line(c)}
                      for c in changes],
        })  # fmt: skip
    return {"since": result.before, "groups": groups, "notes": list(result.notes)}


def _concerns(team: str, ident: str, impact: tuple[str, ...]) -> bool:
    return ident == team or team in impact or "all" in impact


def _impact(impact: tuple[str, ...], org: Organisation, lang: str) -> str:
    if impact == ("all",):
        return translator(lang).gettext("all teams")
    return ", ".join(org.teams[t].name if t in org.teams else t for t in impact)
