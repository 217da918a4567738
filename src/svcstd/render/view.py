"""The view model: the organisation turned into what the templates show, localised and ordered."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from functools import cached_property
from typing import TYPE_CHECKING, Any

from markupsafe import Markup
from msgspec import Struct, field

from svcstd import model as m
from svcstd.contact import channel_by_reference, channel_text
from svcstd.i18n import N_, wording
from svcstd.i18n.terms import CHANNEL, EMPLOYMENT, STATUS, term
from svcstd.render.edition import Commit
from svcstd.render.feedback import FeedbackView
from svcstd.render.glossary import glossary
from svcstd.render.measured import MeasuredView
from svcstd.render.naming import (
    Link,
    Namer,
    by_title,
    depth,
    next_review,
    role_order,
    short,
    team_order,
)
from svcstd.render.navigation import Navigation
from svcstd.render.printlabels import print_labels
from svcstd.terms import terms_of
from svcstd.text import Localised, Shown

if TYPE_CHECKING:
    from svcstd.chains.graph import ChainGraph
    from svcstd.measure.figures import Figures
    from svcstd.render.dependencies import DependencyView


class Options(Struct):
    """What to render: the language, an optional single team, the edition label."""

    lang: str
    as_of: date
    commit: Commit | None = None
    edition: str | None = None
    team: str | None = None
    changes: Any = None  # a svcstd.diff DiffResult for the "what changed" chapter
    measured: Figures | None = None  # results of svcstd measure (render --measured)


class Handbook(Struct):
    """Everything a template needs, in display order."""

    lang: str
    t: dict[str, str]
    organisation: str
    title: str
    edition: str | None
    date_iso: str
    date_text: str
    commit: Commit | None
    scope: Link | None
    teams: list[dict[str, Any]]
    standards: list[dict[str, Any]]
    sops: list[dict[str, Any]]
    topics: list[tuple[str, list[dict[str, Any]]]]
    glossary: list[tuple[str, str]]
    charts: list[Markup]
    matrix: dict[str, Any]
    # The provider x customer score heat-map (render/feedback.py FeedbackView.matrix).
    feedback_matrix: dict[str, Any] = field(default_factory=dict)
    search: list[dict[str, str]] = field(default_factory=list)
    changes: dict[str, Any] | None = None
    # Texts shown in another language than the handbook's, per language shown (docs/format.md).
    fallbacks: dict[str, int] = field(default_factory=dict)
    # The "who serves whom" dependency graph and its list in words (render/dependencies.py).
    dependencies: dict[str, Any] = field(default_factory=dict)


SIPOC = {
    "suppliers": N_("Suppliers"),
    "inputs": N_("Inputs"),
    "process": N_("Process"),
    "outputs": N_("Outputs"),
    "customers": N_("Customers"),
}


class _Builder:
    """Builds each section of the view from the model."""

    def __init__(self, org: m.Organisation, options: Options) -> None:
        self.org, self.options, self.lang = org, options, options.lang
        self.n = Namer(org, options.lang)
        self.nav = Navigation(org, self.n, self.std_link)
        self._ = self.n._
        self.scores = FeedbackView(org, self.lang, options.as_of, self.n.role_id, self.n.team_id)
        self.measured = MeasuredView(options.measured, self.lang, self.n.text)
        self.numbers = {s.id: i for i, s in enumerate(by_title(list(org.standards.values())), 1)}
        self._topics: dict[str, m.Topic] | None = None

    def topic_name(self, name: str) -> Shown | str:
        """A standard's topic in the reader's language: the name of the role's topic it refers
        to (standards name topics in the configuration's language), else as written."""
        from svcstd.topics import topic_keys

        if self._topics is None:  # built on first use: a handbook without standards never needs it
            self._topics = {}
            for topic in self.org.topics():
                for key in topic_keys(topic.name):
                    self._topics.setdefault(key, topic)
        found = next((self._topics[k] for k in sorted(topic_keys(name)) if k in self._topics), None)
        return self.n.text(found.name) if found else name

    # --- teams and roles -------------------------------------------------------------------
    def channel(self, c: m.Channel) -> dict[str, Any]:
        return {
            "id": c.id,
            "type": c.type,
            "type_label": term(CHANNEL, c.type, self.lang),
            "address": c.address,
            "note": self.n.text(c.note) if c.note else None,
            "hours": self.n.calendar(c.hours) if c.hours else "",
        }

    def holder(self, h: m.Holder) -> dict[str, Any]:
        until = wording.long_date(h.until, self.lang) if h.until else ""
        return {
            "name": h.name,
            "email": h.email,
            "employment": term(EMPLOYMENT, h.employment, self.lang),
            "until": until,
        }

    def role(self, r: m.Role) -> dict[str, Any]:
        return {
            "link": self.n.role(r),
            "id": r.id,
            "holders": [self.holder(h) for h in r.holders],
            "vacant": r.vacant or not r.holders,
            "reports_to": self.n.role(r.reports_to),
            "deputy": self.n.role(r.deputy),
            "responsibilities": self.n.texts(r.responsibilities),
            "topics": [self.n.text(t.name) for t in r.topics],
        }

    def team(self, team: m.Team) -> dict[str, Any]:
        provides = by_title([s for s in self.org.standards.values() if s.provider is team])
        receives = by_title(
            [
                s
                for s in self.org.standards.values()
                if s.provider is not team and team in s.customers(self.org)
            ]
        )
        return {
            "link": self.n.team(team),
            "id": team.id,
            "parent": self.n.team(team.parent),
            "depth": depth(team),
            "lead": self.n.role(team.lead),
            "mission": self.n.text(team.mission) if team.mission else None,
            "service_hours": self.n.calendar(team.service_hours),
            "channels": [self.channel(c) for c in team.channels],
            "roles": [self.role(r) for r in role_order(team)],
            "chart": self.nav.role_chart(team),
            "provides": [self.std_link(s) for s in provides],
            "receives": [self.std_link(s) for s in receives],
            "commits": [
                {
                    "standard": self.std_link(s),
                    "entries": [
                        {"text": self.n.text(c.text), "when": self.commitment_when(c)}
                        for c in s.commitments
                    ],
                }
                for s in receives
                if s.commitments
            ],
        }

    def std_link(self, std: m.Standard) -> Link:
        link = self.n.standard(std)
        return Link(link.anchor, link.label, str(self.numbers[std.id]))

    def commitment_when(self, c: m.Commitment) -> str:
        return wording.deadline(c.deadline, self.lang) or wording.within(c.within, self.lang)

    # --- standards -------------------------------------------------------------------------
    def target(self, s: m.Standard, t: m.Target) -> dict[str, Any]:
        ext = t.external
        external = None
        if ext:
            limits = [
                wording.duration(ext.acknowledge, self.lang),
                wording.duration(ext.resolve, self.lang),
                wording.deadline(ext.deadline, self.lang),
                wording.relative(ext.by, self.lang),
            ]
            external = {
                "promise": self.n.text(ext.promise),
                "limits": ", ".join(x for x in limits if x),
            }
        terms = terms_of(self.org, s, t)
        by = wording.relative(t.by, self.lang)
        return {
            "request": self.n.text(t.request),
            "priority": t.priority or "",
            "acknowledge": wording.duration(t.acknowledge, self.lang),
            "resolve": wording.duration(t.resolve, self.lang),
            # A date-relative target is due at a moment, as a deadline is.
            "deadline": "; ".join(x for x in (wording.deadline(t.deadline, self.lang), by) if x),
            "by": by,
            "external": external,
            # What differs from the standard (svcstd.terms); the standard's own show once.
            "calendar": self.n.calendar(terms.calendar_name) if terms.own_calendar else "",
            "pauses": [self.pause(s, p) for p in terms.pauses] if terms.own_pauses else [],
            "escalation": self.ladder(terms.escalation) if terms.own_escalation else [],
        }

    def pause(self, s: m.Standard, p: m.Pause) -> dict[str, Any]:
        """When the clock stops, and the customer commitment it waits for (its words)."""
        owed = self.n.text(p.commitment.text) if p.commitment else (p.commitment_id or "")
        return {"while": self.n.text(p.while_), "commitment": owed, "statuses": p.statuses}

    def ladder(self, levels: list[m.EscalationLevel]) -> list[dict[str, Any]]:
        """An escalation ladder (a standard's or a target's own) as the templates show it."""
        return [
            {
                "after": wording.duration(e.after, self.lang),
                "to": self.n.role_id(e.to_id),
                "how": self.n.text(e.how) if e.how else None,
            }
            for e in levels
        ]

    def standard(self, s: m.Standard) -> dict[str, Any]:
        customers = None if s.customer_ids is None else [self.n.team_id(c) for c in s.customer_ids]
        return {
            "link": self.std_link(s),
            "id": s.id,
            "number": self.numbers[s.id],
            "summary": self.n.text(s.summary) if s.summary else None,
            "provider": self.n.team_id(s.provider_id),
            "customers": customers,
            "owner": self.n.role_id(s.owner_id),
            "status": term(STATUS, s.status, self.lang),
            "version": s.version,
            "effective": wording.long_date(s.effective, self.lang),
            **self.review(s.review),
            "topics": [self.topic_name(name) for name in s.topic_names],
            "channels": [self.channel(c) for c in s.channels],
            "hours": self.n.calendar(terms_of(self.org, s).calendar_name),
            "pauses": [self.pause(s, p) for p in s.pauses],
            "targets": [self.target(s, t) for t in s.targets],
            "commitments": [
                {"text": self.n.text(c.text), "when": self.commitment_when(c)}
                for c in s.commitments
            ],
            "communication": [self.communication(c) for c in s.communication],
            "escalation": self.ladder(s.escalation),
            "feedback": self.feedback(s.feedback),
            # Scores and "you said, we did" actions (render/feedback.py), None when neither.
            "feedback_results": self.scores.standard(s),
            # Attainment per promise from svcstd measure results (render/measured.py), or None.
            "measured": self.measured.standard(s),
            "related_sops": [self.n.sop(p) for p in by_title(s.related_sops)],
            "dependents": self.dependents(s),
        }

    def slack_words(self, minutes: float, unit: str) -> str:
        """Slack as the handbook words durations: '2 minutes', '1.5 business hours'; none: ''."""
        from svcstd.durations import parse_duration

        if minutes <= 0:
            return ""
        business = "" if unit == "minutes" else "business "
        text = f"{minutes:g} {business}minutes" if minutes < 120 and not business else ""
        text = text or f"{round(minutes / 60, 1):g} {business}hours"
        return wording.duration(parse_duration(text), self.lang)

    @cached_property
    def chain_graph(self) -> ChainGraph:
        """The hand-off graph, built once for every standard's "what depends on this"."""
        from svcstd.chains.graph import build_graph

        return build_graph(self.org)

    def dependents(self, s: m.Standard) -> list[dict[str, Any]]:
        """Downstream external promises that rely on this standard (docs/chains.md)."""
        from svcstd.chains.impact import dependents

        out = []
        for p in dependents(self.chain_graph, s.id):
            assert p.hop.standard is not None and p.hop.target is not None
            ext = p.hop.target.external
            out.append(
                {
                    "standard": self.std_link(p.hop.standard),
                    "promise": self.n.text(ext.promise if ext else p.hop.target.request),
                    # A promise fixed per request is said as written, not as its minutes.
                    "limit": wording.relative(ext.by, self.lang)
                    if ext and ext.resolve is None and ext.by
                    else wording.duration(p.hop.promise, self.lang),
                    "slack": self.slack_words(p.slack or 0.0, p.unit),
                }
            )
        return out

    def dependency_view(self) -> DependencyView:
        """The dependency graph's builder, on the same hand-off graph as "what depends on this"."""
        from svcstd.render.dependencies import DependencyView

        return DependencyView(self.org, self.chain_graph, self.n, self.slack_words, self.std_link)

    def review(self, review: m.Review | None) -> dict[str, str]:
        if review is None:
            return {"last_review": "", "next_review": "", "review_every": ""}
        return {
            "last_review": wording.long_date(review.last, self.lang),
            "next_review": wording.long_date(next_review(review), self.lang),
            "review_every": wording.cadence(review.cadence, self.lang),
        }

    def communication(self, c: m.Communication) -> dict[str, Any]:
        # A channel id is shown as the channel itself (kind and address); other words as written.
        via = channel_by_reference(self.org, c.channel)
        return {
            "what": self.n.text(c.what),
            "cadence": wording.cadence(c.cadence, self.lang),
            "channel": channel_text(via, self.lang) if via else self.n.text(c.channel),
            "via": self.channel(via) if via else None,
            "audience": self.n.text(c.audience),
        }

    def feedback(self, f: m.Feedback | None) -> dict[str, Any] | None:
        if f is None:
            return None
        return {
            "method": self.n.text(f.method),
            "cadence": wording.cadence(f.cadence, self.lang),
            "owner": self.n.role(f.owner),
        }

    # --- SOPs ------------------------------------------------------------------------------
    def sop(self, p: m.Sop) -> dict[str, Any]:
        found = [self.org.standards[i] for i in p.related_standard_ids if i in self.org.standards]
        related = [self.std_link(s) for s in by_title(found)]
        return {
            "link": self.n.sop(p),
            "id": p.id,
            "owner": self.n.role_id(p.owner_id),
            "status": term(STATUS, p.status, self.lang),
            "version": p.version or "",
            "effective": wording.long_date(p.effective, self.lang),
            **self.review(p.review),
            "purpose": self.n.text(p.purpose),
            "scope": self.n.text(p.scope) if p.scope else None,
            "trigger": self.n.text(p.trigger) if p.trigger else None,
            "sipoc": self.sipoc(p),
            "steps": [self.step(s) for s in p.steps],
            "raci": self.raci(p),
            "related_standards": related,
        }

    def sipoc(self, p: m.Sop) -> list[dict[str, Any]]:
        def column(key: str, items: Sequence[str], ordered: bool = False) -> dict[str, Any]:
            return {"label": self._(SIPOC[key]), "items": items, "ordered": ordered}

        def names(key: str) -> list[str]:
            return [self._party(x) for x in p.sipoc.get(key, [])]

        process = [self._short(s.action, 48) for s in p.steps]
        return [column("suppliers", names("suppliers")), column("inputs", names("inputs")),
                column("process", process, ordered=True), column("outputs", names("outputs")),
                column("customers", names("customers"))]  # fmt: skip

    def _party(self, text: str) -> str:
        # SIPOC entries may be team or role ids, or plain words.
        link = self.n.team(self.org.teams.get(text)) or self.n.role(self.org.roles.get(text))
        return link.label if link else self.n.text(text)

    def _short(self, text: str, width: int) -> Shown:
        # Cut in the page's language, keeping the language mark of what was cut.
        shown = self.n.text(text)
        return Shown(Localised(short(shown, width), shown.lang, shown.fallback))

    def step(self, s: m.Step) -> dict[str, Any]:
        return {
            "id": s.id,
            "number": s.index + 1,
            "role": self.n.role_id(s.role_id),
            "action": self.n.text(s.action),
            "within": wording.duration(s.within, self.lang),
            "handoff": self.n.role_id(s.handoff_id) if s.handoff_id else None,
        }

    def raci(self, p: m.Sop) -> dict[str, Any]:
        roles: list[str] = []
        for row in p.raci:
            for ident in (*row.responsible, *row.accountable, *row.consulted, *row.informed):
                if ident not in roles:
                    roles.append(ident)
        rows = [
            {
                "activity": self._activity(p, r.activity),
                "cells": [
                    "".join(
                        code
                        for code, ids in (
                            ("R", r.responsible),
                            ("A", r.accountable),
                            ("C", r.consulted),
                            ("I", r.informed),
                        )
                        if ident in ids
                    )
                    for ident in roles
                ],
            }
            for r in p.raci
        ]
        return {"roles": [self.n.role_id(i) for i in roles], "rows": rows}

    def _activity(self, p: m.Sop, activity: str) -> str:
        # An activity may name a step id; show that step's action then.
        step = next((s for s in p.steps if s.id == activity), None)
        if step is None:
            return self.n.text(activity)
        return f"{step.index + 1}. {self._short(step.action, 70)}"


def _scope(
    org: m.Organisation, team_id: str | None
) -> tuple[list[m.Team], list[m.Standard], list[m.Sop]]:
    """The teams, standards and SOPs in the handbook: everything, or one team's share."""
    teams = team_order(org)
    standards, sops = list(org.standards.values()), list(org.sops.values())
    if team_id is None:
        return teams, by_title(standards), by_title(sops)
    team = org.teams[team_id]
    standards = [s for s in standards if s.provider is team or team in s.customers(org)]
    ids = {s.id for s in standards}
    sops = [
        p for p in sops if (p.owner and p.owner.team is team) or ids & set(p.related_standard_ids)
    ]
    return [team], by_title(standards), by_title(sops)


def build_handbook(org: m.Organisation, options: Options) -> Handbook:
    """The whole view model of one handbook."""
    b = _Builder(org, options)
    teams, standards, sops = _scope(org, options.team)
    roles = [r for team in teams for r in role_order(team)]
    title = b._("Team Handbook") if options.team else b._("Service Standards Handbook")
    hb = Handbook(
        lang=options.lang,
        t=print_labels(b.n.tr),
        organisation=b.n.text(org.config.organisation),
        title=title,
        edition=options.edition,
        date_iso=options.as_of.isoformat(),
        date_text=wording.long_date(options.as_of, options.lang),
        commit=options.commit,
        scope=b.n.team(org.teams[options.team]) if options.team else None,
        teams=[b.team(t) for t in teams],
        standards=[b.standard(s) for s in standards],
        sops=[b.sop(p) for p in sops],
        topics=b.nav.topics(roles),
        glossary=glossary(options.lang),
        charts=b.nav.charts(),
        matrix=b.nav.matrix(standards),
    )
    hb.feedback_matrix = b.scores.matrix(options.team)
    hb.search = b.nav.search(hb, roles)
    hb.dependencies = b.dependency_view().build(options.team)
    hb.fallbacks = b.n.fallback_counts()
    if options.changes is not None:
        from svcstd.render.changes import changes_view

        hb.changes = changes_view(options.changes, org, options.lang, options.team)
    return hb
