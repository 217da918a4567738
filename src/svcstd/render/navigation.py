"""The handbook's ways in: topic directory, org and role charts, service map, search index."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from svcstd import model as m
from svcstd.i18n.terms import KIND, term
from svcstd.render.naming import Link, Namer, role_order, team_key, team_order
from svcstd.render.orgchart import ChartNode, org_chart
from svcstd.text import every_language
from svcstd.whois.answer import topic_channels

if TYPE_CHECKING:
    from svcstd.render.view import Handbook

ROLE_CHART_MM = 60  # a team's role chart shares its page with the team's details
MATRIX_MAX_COLUMNS = 16  # beyond a page's width of columns the service map becomes a list
# Words left out of a name's initials: "Food and Beverage Service" is FBS, not FABS.
_MINOR_WORDS = frozenset(["and", "of", "the", "for", "&", "dan", "untuk", "serta"])


class Navigation:
    """Builds the cross-cutting parts of the view from the organisation."""

    def __init__(self, org: m.Organisation, namer: Namer, std_link: Callable[[m.Standard], Link]):
        self.org, self.n, self._, self.lang = org, namer, namer._, namer.lang
        self.std_link = std_link

    def topics(self, roles: list[m.Role]) -> list[tuple[str, list[dict[str, Any]]]]:
        entries: list[dict[str, Any]] = []
        for role in roles:
            for topic in role.topics:
                base = {
                    "owner": self.n.role(role),
                    "team": self.n.team(role.team),
                    # The channels whois names for the topic: its standard's, not the team's first.
                    "channels": [c.address for c in topic_channels(self.org, topic)],
                }
                entries.append(
                    {
                        **base,
                        "name": self.n.text(topic.name),
                        "see": None,
                        "also": topic.synonyms.get(self.lang, []),
                    }
                )
                entries.extend(
                    {**base, "name": word, "see": self.n.text(topic.name), "also": []}
                    for word in topic.synonyms.get(self.lang, [])
                )
        entries.sort(key=lambda e: (e["name"].casefold(), e["owner"].anchor))
        groups: dict[str, list[dict[str, Any]]] = {}
        for entry in entries:
            letter = entry["name"][:1].upper()
            groups.setdefault(letter if letter.isalpha() else "#", []).append(entry)
        return sorted(groups.items())

    def chart_node(self, team: m.Team) -> ChartNode:
        lead = team.lead
        detail = ""
        if lead:
            holder = lead.holders[0].name if lead.holders else self._("vacant")
            detail = f"{self.n.text(lead.title)} · {holder}"
        children = sorted(team.children, key=team_key)
        return ChartNode(
            f"team-{team.id}",
            self.n.text(team.name),
            detail,
            [self.chart_node(c) for c in children],
        )

    def role_chart(self, team: m.Team) -> list[Markup]:
        """The team's roles drawn by reporting line; nothing for a team of one role."""
        roles = role_order(team)
        if len(roles) < 2:
            return []
        inside = {r.id for r in roles}

        def node(role: m.Role, seen: frozenset[str]) -> ChartNode:
            holders = ", ".join(h.name for h in role.holders) or self._("vacant")
            kids = [r for r in roles if r.reports_to_id == role.id and r.id not in seen]
            title = self.n.text(role.title)
            return ChartNode(f"role-{role.id}", title, holders,
                             [node(k, seen | {k.id}) for k in kids])  # fmt: skip

        roots = [r for r in roles if r.reports_to_id not in inside or r.reports_to_id == r.id]
        label = self._("Roles: {team}").format(team=self.n.text(team.name))
        return org_chart([node(r, frozenset({r.id})) for r in roots], label, ROLE_CHART_MM)

    def charts(self) -> list[Markup]:
        roots = sorted((t for t in self.org.teams.values() if t.parent is None), key=team_key)
        return org_chart([self.chart_node(r) for r in roots], self._("Organisation chart"))

    def matrix(self, standards: list[m.Standard]) -> dict[str, Any]:
        order = team_order(self.org)
        cells: dict[tuple[str, str], list[Link]] = {}
        for s in standards:
            for customer in s.customers(self.org):
                cells.setdefault((s.provider_id, customer.id), []).append(self.std_link(s))
        providers = [t for t in order if any(p == t.id for p, _ in cells)]
        customers = [t for t in order if any(c == t.id for _, c in cells)]
        rows = [
            {"team": self.n.team(p), "cells": [cells.get((p.id, c.id), []) for c in customers]}
            for p in providers
        ]
        # Beyond a page's width of columns the map becomes a list: provider, standard, customers.
        compact = len(customers) > MATRIX_MAX_COLUMNS
        links = [self.n.team(c) for c in customers]
        short = abbreviations([link.label for link in links if link is not None])
        return {"customers": links, "short": short, "rows": rows, "compact": compact}

    def search(self, hb: Handbook, roles: list[m.Role]) -> list[dict[str, str]]:
        items: list[dict[str, str]] = []
        for role in roles:
            link = self.n.role(role)
            assert link is not None
            for topic in role.topics:
                items.append(
                    {
                        "k": term(KIND, "topic", self.lang),
                        "t": self.n.text(topic.name),
                        "d": f"{link.label} — {link.detail}",
                        "h": link.anchor,
                        "s": " ".join(topic.terms()),
                    }
                )
            holders = " ".join(h.name for h in role.holders)
            items.append(
                {
                    "k": term(KIND, "role", self.lang),
                    "t": link.label,
                    "d": link.detail,
                    "h": link.anchor,
                    "s": f"{every_language(role.title)} {holders} {role.id}",
                }
            )
        for team in hb.teams:
            items.append(
                {
                    "k": term(KIND, "team", self.lang),
                    "t": team["link"].label,
                    "d": team["mission"] or "",
                    "h": team["link"].anchor,
                    "s": team["id"],
                }
            )
        for std in hb.standards:
            items.append(
                {
                    "k": term(KIND, "standard", self.lang),
                    "t": std["link"].label,
                    "d": std["provider"].label,
                    "h": std["link"].anchor,
                    "s": f"{std['id']} {' '.join(std['topics'])}",
                }
            )
        for sop in hb.sops:
            items.append(
                {
                    "k": term(KIND, "sop", self.lang),
                    "t": sop["link"].label,
                    "d": sop["owner"].label,
                    "h": sop["link"].anchor,
                    "s": sop["id"],
                }
            )
        return items


def abbreviations(names: list[str]) -> list[str]:
    """Short, distinct column headings for names: initials ("Human Resources" → HR), a short
    single word as it is, a long one cut ("Housekeeping" → Hous.); a clash gets a number."""
    result: list[str] = []
    for name in names:
        words = [w for w in name.replace("-", " ").split() if w.casefold() not in _MINOR_WORDS]
        if len(words) > 1:
            short = "".join(w[0] for w in words if w[0].isalnum())[:4].upper()
        else:
            word = words[0] if words else name
            short = word if len(word) <= 7 else f"{word[:4]}."
        candidate, n = short, 1
        while candidate in result:
            n += 1
            candidate = f"{short}{n}"
        result.append(candidate)
    return result
