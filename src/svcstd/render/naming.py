"""Names, anchors and order shared by the whole view: how the handbook refers to things.

Everything is sorted here (teams in org-chart order, roles lead first, the rest by
title) so that the same data always renders the same bytes, whatever order the
files were read in.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from datetime import date
from typing import Any, TypeVar

from msgspec import Struct

from svcstd import model as m
from svcstd.durations import DateOutOfRange, add_cadence
from svcstd.i18n import translator, wording
from svcstd.text import Shown, resolve


class Link(Struct, frozen=True):
    """A reference to a section of the handbook."""

    anchor: str
    label: str
    detail: str = ""


class Namer:
    """Localised names and anchors of the organisation's documents."""

    def __init__(self, org: m.Organisation, lang: str) -> None:
        self.org, self.lang, self.tr = org, lang, translator(lang)
        self._ = self.tr.gettext
        # Texts shown in another language than the page's, by the language shown; keyed
        # by the text object so that a title shown in ten links counts once.
        self.fallbacks: dict[int, str] = {}
        # Each text resolved and each team or role link made once (_once): a team's name is
        # shown in hundreds of places.
        self._shown: dict[int, tuple[object, Shown]] = {}
        self._links: dict[int, tuple[object, Link]] = {}

    def text(self, value: object) -> Shown:
        """An author's text in the page's language (svcstd.text.resolve), counted when it
        falls back to another language."""
        return _once(self._shown, value, lambda: self._resolved(value))

    def _resolved(self, value: object) -> Shown:
        shown = Shown(resolve(value, self.lang, self.org.config.language))
        if shown.fallback:
            self.fallbacks[id(value)] = shown.lang
        return shown

    def texts(self, values: list[str]) -> list[Shown]:
        return [self.text(v) for v in values]

    def fallback_counts(self) -> dict[str, int]:
        """How many texts fell back, per language shown instead."""
        counts: dict[str, int] = {}
        for lang in self.fallbacks.values():
            counts[lang] = counts.get(lang, 0) + 1
        return dict(sorted(counts.items()))

    def team(self, team: m.Team | None) -> Link | None:
        if team is None:
            return None
        return _once(self._links, team, lambda: Link(f"team-{team.id}", self.text(team.name)))

    def role(self, role: m.Role | None) -> Link | None:
        if role is None:
            return None

        def make() -> Link:
            team = self.team(role.team)
            return Link(f"role-{role.id}", self.text(role.title), team.label if team else "")

        return _once(self._links, role, make)

    def role_id(self, ident: str) -> Link:
        return self.role(self.org.roles.get(ident)) or Link("", ident)

    def team_id(self, ident: str) -> Link:
        return self.team(self.org.teams.get(ident)) or Link("", ident)

    def standard(self, std: m.Standard) -> Link:
        return Link(f"standard-{std.id}", self.text(std.title))

    def sop(self, sop: m.Sop) -> Link:
        return Link(f"sop-{sop.id}", self.text(sop.title))

    def calendar(self, name: str | None) -> str:
        cal = self.org.config.calendar(name)
        if cal is None:
            return name or ""
        return wording.hours(cal.days, cal.hours, self.lang)


def team_order(org: m.Organisation) -> list[m.Team]:
    """Teams in org-chart order: each root, then its sub-teams by name, depth first."""
    roots = [t for t in org.teams.values() if t.parent is None]
    ordered: list[m.Team] = []
    stack = sorted(roots, key=team_key, reverse=True)
    while stack:
        team = stack.pop()
        ordered.append(team)
        stack.extend(sorted(team.children, key=team_key, reverse=True))
    return ordered


T = TypeVar("T")


def _once(table: dict[int, tuple[object, T]], item: object, make: Callable[[], T]) -> T:
    """``make()`` for ``item``, made once and kept in ``table`` (texts and links are immutable).

    The entry keeps the item alive, so its id cannot come to stand for another object.
    """
    known = table.get(id(item))
    if known is None or known[0] is not item:
        known = table[id(item)] = (item, make())
    return known[1]


def team_key(team: m.Team) -> tuple[str, str]:
    return (team.name.casefold(), team.id)


def short(text: str, width: int) -> str:
    """The first sentence of a text, cut to about ``width`` characters at a word boundary."""
    words = " ".join(text.split(". ")[0].rstrip(".").split())
    if len(words) <= width:
        return words  # what textwrap.shorten gives a text that fits
    # Only the first ``width`` characters can be kept, and a text still longer than ``width``
    # is cut the same way, so textwrap need not split the rest of a long paragraph.
    return textwrap.shorten(words[: 2 * width + 1], width, placeholder="…")


def depth(team: m.Team) -> int:
    depth, seen, node = 0, {team.id}, team.parent
    while node is not None and node.id not in seen:  # a parent cycle is lint's to report
        depth, node = depth + 1, node.parent
        seen.add(node.id if node else "")
    return depth


def role_order(team: m.Team) -> list[m.Role]:
    return sorted(team.roles, key=lambda r: (r is not team.lead, r.title.casefold(), r.id))


def by_title(docs: list[Any]) -> list[Any]:
    return sorted(docs, key=lambda d: (d.title.casefold(), d.id))


def next_review(review: m.Review | None) -> date | None:
    """The day the next review falls due: the last review plus the cadence."""
    if review is None:
        return None
    try:
        last = date.fromisoformat(review.last)
    except ValueError:
        return None
    try:
        return add_cadence(last, review.cadence)
    except DateOutOfRange:  # lint reports it; the handbook shows no next review
        return None
