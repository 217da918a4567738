"""Build the typed :class:`~svcstd.model.Organisation` from schema-valid documents, then link it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, TypeVar

from svcstd import model as m
from svcstd.durations import (
    Cadence,
    Deadline,
    Duration,
    parse_cadence,
    parse_deadline,
    parse_duration,
)
from svcstd.findings import Finding, JsonPath, Severity, format_path
from svcstd.loader import SourceDocument
from svcstd.text import Text, localise_data
from svcstd.workdays import DEFAULT_CATEGORIES, HolidaySet, HolidaySource

T = TypeVar("T")


class _Quantities:
    """Parses durations, deadlines and cadences, turning failures into findings."""

    def __init__(self, doc: SourceDocument, findings: list[Finding], hours_per_day: float) -> None:
        self.doc, self.findings, self.hours_per_day = doc, findings, hours_per_day

    def _parse(self, parse: Callable[[str], T], data: dict[str, Any], path: JsonPath) -> T | None:
        value = data.get(str(path[-1]))
        if value is None:
            return None
        try:
            return parse(value)
        except ValueError as exc:
            line, col = self.doc.where(path)
            self.findings.append(
                Finding(
                    self.doc.file,
                    line,
                    col,
                    "schema/invalid",
                    Severity.ERROR,
                    f"{format_path(path)}: {exc}",
                    None,
                    path,
                )
            )
            return None

    def duration(self, data: dict[str, Any], path: JsonPath) -> Duration | None:
        return self._parse(lambda t: parse_duration(t, self.hours_per_day), data, path)

    def deadline(self, data: dict[str, Any], path: JsonPath) -> Deadline | None:
        return self._parse(parse_deadline, data, path)

    def cadence(self, data: dict[str, Any], path: JsonPath) -> Cadence | None:
        return self._parse(parse_cadence, data, path)


def build_config(doc: SourceDocument) -> m.Config:
    """The typed configuration from a schema-valid svcstd.yaml."""
    d = localise_data(doc.data, "config", str(doc.data.get("language", "en")))
    calendars = {
        name: m.Calendar(name, c["days"], c["hours"], _holidays(doc, name, c), c.get("description"))
        for name, c in d["calendars"].items()
    }
    return m.Config(
        organisation=d["organisation"],
        language=d.get("language", "en"),
        languages=d.get("languages", [d.get("language", "en")]),
        timezone=d.get("timezone", "UTC"),
        calendars=calendars,
        default_calendar=d["default_calendar"],
        publication=d.get("publication", {}),
        rules=d.get("rules", {}),
        source=doc,
    )


def _holidays(doc: SourceDocument, name: str, cal: dict[str, Any]) -> HolidaySet:
    """A calendar's holidays: a plain list of dates, or a country's from the holidays package."""
    written = cal.get("holidays")
    if written is None:
        return HolidaySet()
    if isinstance(written, list):
        return HolidaySet.of([str(v) for v in written])
    line, _ = doc.where(("calendars", name, "holidays", "country"))
    years = written.get("years")
    source = HolidaySource(
        country=written["country"],
        subdivision=written.get("subdivision"),
        years=tuple(years) if years is not None else None,
        categories=tuple(written.get("categories", DEFAULT_CATEGORIES)),
        where=f"{doc.file}:{line}: calendars.{name}.holidays",
    )
    return HolidaySet(
        _dates(written.get("extra", [])), _dates(written.get("remove", [])), source, True
    )


def _dates(values: list[Any]) -> frozenset[date]:
    # YAML reads an unquoted 2026-01-01 as a date; a quoted one stays a string.
    return frozenset(v if isinstance(v, date) else date.fromisoformat(str(v)) for v in values)


def _indonesian(title: Any) -> str | None:
    """The Indonesian title of a document, kept for consumers of the old ``title_id``."""
    return title.get("id") if isinstance(title, Text) else None


def _team(doc: SourceDocument, d: dict[str, Any], q: _Quantities) -> m.Team:
    team = m.Team(
        d["id"],
        "team",
        doc,
        name=d["name"],
        name_id=_indonesian(d["name"]),
        parent_id=d.get("parent"),
        lead_id=d.get("lead"),
        mission=d.get("mission"),
        service_hours=d.get("service_hours"),
    )
    team.channels = [
        m.Channel(c["id"], c["type"], c["address"], c.get("hours"), c.get("note"), team, i)
        for i, c in enumerate(d.get("channels", []))
    ]
    return team


def _role(doc: SourceDocument, d: dict[str, Any], q: _Quantities) -> m.Role:
    role = m.Role(
        d["id"],
        "role",
        doc,
        title=d["title"],
        title_id=_indonesian(d["title"]),
        team_id=d["team"],
        reports_to_id=d.get("reports_to"),
        deputy_id=d.get("deputy"),
        responsibilities=d.get("responsibilities", []),
        vacant=d.get("vacant", False),
    )
    role.holders = [
        m.Holder(h["name"], h["email"], h["employment"], h.get("until"), i)
        for i, h in enumerate(d.get("holders", []))
    ]
    role.topics = [
        m.Topic(t["name"], t.get("synonyms", {}), t.get("description"), role, i)
        for i, t in enumerate(d.get("topics", []))
    ]
    return role


def _review(d: dict[str, Any], q: _Quantities) -> m.Review | None:
    if "review" not in d:
        return None
    cadence = q.cadence(d["review"], ("review", "cadence"))
    if cadence is None:
        return None
    return m.Review(cadence, d["review"]["last"], d["review"].get("by"))


def _target(t: dict[str, Any], i: int, q: _Quantities) -> m.Target:
    base: JsonPath = ("targets", i)
    external = None
    if "external" in t:
        e, ep = t["external"], (*base, "external")
        external = m.External(
            e["promise"],
            q.duration(e, (*ep, "acknowledge")),
            q.duration(e, (*ep, "resolve")),
            q.deadline(e, (*ep, "deadline")),
        )
    return m.Target(
        t["id"],
        t["request"],
        t.get("priority"),
        q.duration(t, (*base, "acknowledge")),
        q.duration(t, (*base, "resolve")),
        q.deadline(t, (*base, "deadline")),
        external,
        i,
        _percent(t.get("objective")),
    )


def _percent(value: Any) -> float | None:
    """'95%' or 95 → 95.0 (the schema has checked the form)."""
    return None if value is None else float(str(value).rstrip("%"))


def _standard(doc: SourceDocument, d: dict[str, Any], q: _Quantities) -> m.Standard:
    customers = d["customers"]
    std = m.Standard(
        d["id"],
        "standard",
        doc,
        title=d["title"],
        title_id=_indonesian(d["title"]),
        summary=d.get("summary"),
        provider_id=d["provider"],
        customer_ids=None if customers == "all" else list(customers),
        owner_id=d["owner"],
        topic_names=d.get("topics", []),
        channel_ids=d.get("channels", []),
        hours=d.get("hours"),
        status=d["status"],
        version=d["version"],
        effective=d["effective"],
        supersedes_id=d.get("supersedes"),
        related_sop_ids=d.get("related_sops", []),
        review=_review(d, q),
    )
    std.targets = [_target(t, i, q) for i, t in enumerate(d.get("targets", []))]
    std.commitments = [
        m.Commitment(
            c["id"],
            c["text"],
            q.deadline(c, ("commitments", i, "deadline")),
            q.duration(c, ("commitments", i, "within")),
            i,
        )
        for i, c in enumerate(d.get("commitments", []))
    ]
    std.communication = [
        m.Communication(
            c["id"], c["what"], parse_cadence(c["cadence"]), c.get("channel"), c.get("audience"), i
        )
        for i, c in enumerate(d.get("communication", []))
    ]
    std.escalation = [
        m.EscalationLevel(after, e["to"], e.get("how"), i)
        for i, e in enumerate(d.get("escalation", []))
        if (after := q.duration(e, ("escalation", i, "after"))) is not None
    ]
    if "feedback" in d:
        f = d["feedback"]
        std.feedback = m.Feedback(f["method"], parse_cadence(f["cadence"]), f.get("owner"))
    return std


def _sop(doc: SourceDocument, d: dict[str, Any], q: _Quantities) -> m.Sop:
    sop = m.Sop(
        d["id"],
        "sop",
        doc,
        title=d["title"],
        title_id=_indonesian(d["title"]),
        owner_id=d["owner"],
        status=d.get("status", "active"),
        version=d.get("version"),
        effective=d.get("effective"),
        purpose=d["purpose"],
        scope=d.get("scope"),
        trigger=d.get("trigger"),
        sipoc=d.get("sipoc", {}),
        related_standard_ids=d.get("related_standards", []),
        review=_review(d, q),
    )
    sop.steps = [
        m.Step(
            s["id"],
            s["role"],
            s["action"],
            q.duration(s, ("steps", i, "within")),
            s.get("handoff"),
            i,
            serves=s.get("serves"),
        )
        for i, s in enumerate(d["steps"])
    ]
    sop.raci = [
        m.RaciRow(
            r["activity"],
            r["responsible"],
            r["accountable"],
            r.get("consulted", []),
            r.get("informed", []),
            i,
        )
        for i, r in enumerate(d["raci"])
    ]
    return sop


def _waiver(doc: SourceDocument, d: dict[str, Any], q: _Quantities) -> m.Waiver:
    return m.Waiver(
        d["id"],
        "waiver",
        doc,
        rule=d["rule"],
        document_id=d["document"],
        reason=d["reason"],
        expires=d["expires"],
        approver_id=d["approver"],
    )


def _feedback(doc: SourceDocument, d: dict[str, Any], q: _Quantities) -> m.FeedbackResults:
    scores = [m.Scores(r["customer"], tuple(r["scores"]), i) for i, r in enumerate(d["results"])]
    return m.FeedbackResults(
        d["id"],
        "feedback",
        doc,
        standard_id=d["standard"],
        period=d["period"],
        start=d["start"],
        end=d["end"],
        collected=d.get("collected"),
        origin=d.get("source"),
        results=scores,
        comments=[(c["customer"], c["text"]) for c in d.get("comments", [])],
    )


def _action(doc: SourceDocument, d: dict[str, Any], q: _Quantities) -> m.Action:
    return m.Action(
        d["id"],
        "action",
        doc,
        standard_id=d["standard"],
        answers_id=d.get("answers"),
        said=d["said"],
        will_do=d["will_do"],
        owner_id=d["owner"],
        due=d["due"],
        status=d["status"],
        closed=d.get("closed"),
        outcome=d.get("outcome"),
    )


_BUILDERS: dict[
    str, tuple[Callable[[SourceDocument, dict[str, Any], _Quantities], m.Document], str]
] = {
    "team": (_team, "teams"),
    "role": (_role, "roles"),
    "standard": (_standard, "standards"),
    "sop": (_sop, "sops"),
    "waiver": (_waiver, "waivers"),
    "feedback": (_feedback, "feedback"),
    "action": (_action, "actions"),
}


def build_organisation(
    config: m.Config, documents: list[SourceDocument], reader: str | None = None
) -> tuple[m.Organisation, list[Finding]]:
    """Typed documents from schema-valid sources (first definition of an id wins), linked.

    With ``reader`` every text reads, as a ``str``, in that language (falling back as
    svcstd.text.resolve does): how digest, due and the other printed outputs speak it.
    """
    org = m.Organisation(config=config)
    findings: list[Finding] = []
    default = config.calendar(None)
    hours_per_day = default.hours_per_day if default else 8.0
    for doc in documents:
        kind = doc.data["kind"]
        builder, group = _BUILDERS[kind]
        # Texts become Text: the configuration's language, with every translation.
        data = localise_data(doc.data, kind, config.language, reader)
        item = builder(doc, data, _Quantities(doc, findings, hours_per_day))
        getattr(org, group).setdefault(item.id, item)
    link(org)
    return org, findings


def link(org: m.Organisation) -> None:
    """Replace ids with the objects they name, and fill the reverse links."""
    for team in org.teams.values():
        team.parent = org.teams.get(team.parent_id or "")
        team.lead = org.roles.get(team.lead_id or "")
        for channel in team.channels:
            org.channels.setdefault(channel.id, channel)
    for team in org.teams.values():
        if team.parent:
            team.parent.children.append(team)
    for role in org.roles.values():
        role.team = org.teams.get(role.team_id)
        role.reports_to = org.roles.get(role.reports_to_id or "")
        role.deputy = org.roles.get(role.deputy_id or "")
        if role.team:
            role.team.roles.append(role)
    for std in org.standards.values():
        _link_standard(org, std)
    for results in org.feedback.values():
        results.standard = org.standards.get(results.standard_id)
    for action in org.actions.values():
        action.standard = org.standards.get(action.standard_id)
        action.owner = org.roles.get(action.owner_id)
    for sop in org.sops.values():
        sop.owner = org.roles.get(sop.owner_id)
        for step in sop.steps:
            step.role = org.roles.get(step.role_id)
            step.handoff = org.roles.get(step.handoff_id or "")


def _link_standard(org: m.Organisation, std: m.Standard) -> None:
    std.provider = org.teams.get(std.provider_id)
    std.owner = org.roles.get(std.owner_id)
    std.channels = [org.channels[c] for c in std.channel_ids if c in org.channels]
    std.related_sops = [org.sops[s] for s in std.related_sop_ids if s in org.sops]
    for level in std.escalation:
        level.to = org.roles.get(level.to_id)
    if std.feedback:
        std.feedback.owner = org.roles.get(std.feedback.owner_id or "")
