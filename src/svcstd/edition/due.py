"""``svcstd due``: documents due or overdue for review, grouped by owner, and the next edition."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from msgspec import Struct, field

from svcstd.edition.schedule import add_cadence, next_edition_due
from svcstd.feedback.summary import is_overdue, survey_due
from svcstd.i18n import N_, translator
from svcstd.i18n.terms import CHANNEL, KIND, term
from svcstd.model import Organisation, Role, Sop, Standard

if TYPE_CHECKING:
    from svcstd.measure.figures import Figures

DUE_WITHIN = timedelta(days=30)  # "due" means: the review falls within the next 30 days


class DueDocument(Struct, frozen=True):
    """A document whose review is due soon or overdue."""

    kind: str
    id: str
    title: str
    file: str
    last_review: str
    next_review: date
    overdue: bool


class DueSurvey(Struct, frozen=True):
    """A standard whose customers are due (or overdue) to be asked again."""

    standard: str
    title: str
    last_answers: date
    due: date
    overdue: bool


class DueAction(Struct, frozen=True):
    """An open "you said, we did" action due soon or overdue."""

    id: str
    standard: str
    will_do: str
    due: date
    overdue: bool


class DueMeasure(Struct, frozen=True):
    """A measured promise under its objective in the last two months: its standard needs a
    review (of the promise, or of how the work is done)."""

    standard: str
    target: str
    metric: str
    promise: str
    objective: float
    months: tuple[tuple[str, float, int, int], ...]  # (month, attainment, met, judged)
    results: str  # the results file the figures come from
    since: date  # the first day of the first of the two months


class OwnerGroup(Struct):
    """What one role must do: reviews, surveys, actions; with how to reach its people."""

    role_id: str
    title: str
    contacts: list[str]
    documents: list[DueDocument] = field(default_factory=list)
    surveys: list[DueSurvey] = field(default_factory=list)
    actions: list[DueAction] = field(default_factory=list)
    measured: list[DueMeasure] = field(default_factory=list)
    role: Role | None = None  # for the contacts in another language than the JSON's English

    def dates(self) -> list[date]:
        """Every date in the group: the earliest orders the groups."""
        return [
            *(d.next_review for d in self.documents),
            *(s.due for s in self.surveys),
            *(a.due for a in self.actions),
            *(m.since for m in self.measured),
        ]


class DueReport(Struct):
    """What is due as of a date, and when the next edition is due."""

    as_of: date
    groups: list[OwnerGroup]
    last_edition: str | None
    next_edition: date | None  # None: no edition yet, one is due now

    @property
    def overdue(self) -> int:
        """How many reviews, surveys and actions are overdue."""
        return sum(
            sum(d.overdue for d in g.documents)
            + sum(s.overdue for s in g.surveys)
            + sum(a.overdue for a in g.actions)
            for g in self.groups
        )

    def as_dict(self) -> dict[str, Any]:
        """The JSON shape (docs/editions.md)."""
        return {
            "as_of": self.as_of.isoformat(),
            "last_edition": self.last_edition,
            "next_edition": self.next_edition.isoformat() if self.next_edition else None,
            "edition_due": self.edition_due,
            "owners": [_group_dict(g) for g in self.groups],
        }

    @property
    def edition_due(self) -> bool:
        return self.next_edition is None or self.next_edition <= self.as_of


def _group_dict(group: OwnerGroup) -> dict[str, Any]:
    docs = [
        {
            "kind": d.kind,
            "id": d.id,
            "title": d.title,
            "file": d.file,
            "last_review": d.last_review,
            "next_review": d.next_review.isoformat(),
            "status": "overdue" if d.overdue else "due",
        }
        for d in group.documents
    ]
    return {
        "role": group.role_id,
        "title": group.title,
        "contacts": group.contacts,
        "documents": docs,
        "attest": attest_command(group) if group.documents else None,
        "surveys": [
            {
                "standard": s.standard,
                "title": s.title,
                "last_answers": s.last_answers.isoformat(),
                "due": s.due.isoformat(),
                "status": _status(s.overdue),
            }
            for s in group.surveys
        ],
        "actions": [
            {
                "id": a.id,
                "standard": a.standard,
                "will_do": a.will_do,
                "due": a.due.isoformat(),
                "status": _status(a.overdue),
            }
            for a in group.actions
        ],
        "measured": [
            {
                "standard": m.standard,
                "target": m.target,
                "metric": m.metric,
                "promise": m.promise,
                "objective": m.objective,
                "months": [
                    {"month": month, "attainment": a, "met": met, "judged": judged}
                    for month, a, met, judged in m.months
                ],
                "results": m.results,
                "status": "review",
            }
            for m in group.measured
        ],
    }


def _status(overdue: bool) -> str:
    return "overdue" if overdue else "due"


def contacts(role: Role | None, lang: str = "en") -> list[str]:
    """How to reach a role: its holders' names and emails, or its team's channels when vacant."""
    if role is None:
        return []
    people = [f"{h.name} <{h.email}>" for h in role.holders]
    if people:
        return people
    _ = translator(lang).gettext
    team_channels = role.team.channels if role.team else []
    return [
        _("vacant; {channel}").format(channel=f"{term(CHANNEL, c.type, lang)}: {c.address}")
        for c in team_channels
    ] or [_("vacant")]


def _due_documents(
    org: Organisation, as_of: date
) -> Iterator[tuple[Role | None, str, DueDocument]]:
    documents: list[Standard | Sop] = [*org.standards.values(), *org.sops.values()]
    for doc in documents:
        if doc.review is None or doc.status == "retired":
            continue
        next_review = add_cadence(date.fromisoformat(doc.review.last), doc.review.cadence)
        if next_review > as_of + DUE_WITHIN:
            continue
        reviewer_id = doc.review.by_id or doc.owner_id
        item = DueDocument(
            doc.kind, doc.id, doc.title, doc.file, doc.review.last, next_review, next_review < as_of
        )
        yield org.roles.get(reviewer_id), reviewer_id, item


def _due_surveys(org: Organisation, as_of: date) -> Iterator[tuple[str, DueSurvey]]:
    """Surveys due within DUE_WITHIN or overdue, for the standard's feedback.owner (else its
    owner): the same schedule as lint's feedback/survey-overdue."""
    for std in org.standards.values():
        survey = survey_due(org, std)
        if survey is None or survey.due > as_of + DUE_WITHIN:
            continue
        owner = (std.feedback.owner_id if std.feedback else None) or std.owner_id
        yield owner, DueSurvey(std.id, std.title, survey.last, survey.due, survey.due < as_of)


def _due_actions(org: Organisation, as_of: date) -> Iterator[tuple[str, DueAction]]:
    """Open actions due within DUE_WITHIN or overdue, for the action's owner."""
    for action in org.actions.values():
        due = _day(action.due)
        if action.status != "open" or due is None or due > as_of + DUE_WITHIN:
            continue
        yield (
            action.owner_id,
            DueAction(
                action.id, action.standard_id, action.will_do, due, is_overdue(action, as_of)
            ),
        )


def _due_measures(org: Organisation, figures: Figures | None) -> Iterator[tuple[str, DueMeasure]]:
    """Promises under their objective two months running, for the standard's owner."""
    for f in figures.targets if figures else ():
        pair = f.under_twice()
        std = org.standards.get(f.standard)
        if pair is None or std is None or std.status == "retired" or f.objective is None:
            continue
        months = tuple((t.label, t.attainment or 0.0, t.met, t.judged) for t in pair)
        since = date.fromisoformat(pair[0].label + "-01")
        item = DueMeasure(f.standard, f.target, f.metric, f.promise, f.objective, months,
                          f.origin.results, since)  # fmt: skip
        yield std.owner_id, item


def _day(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except (TypeError, ValueError):  # lint reports a bad date; due lists what it can read
        return None


def due_report(
    org: Organisation,
    as_of: date,
    last_edition: tuple[str, date] | None,
    figures: Figures | None = None,
) -> DueReport:
    """Reviews, surveys and actions due within DUE_WITHIN or overdue, promises under their
    objective two months running (from ``figures``), by owner, and the next edition's date."""
    groups: dict[str, OwnerGroup] = {}

    def group_of(role_id: str) -> OwnerGroup:
        role = org.roles.get(role_id)
        title = role.title if role else role_id
        return groups.setdefault(role_id, OwnerGroup(role_id, title, contacts(role), role=role))

    for _, role_id, item in _due_documents(org, as_of):
        group_of(role_id).documents.append(item)
    for role_id, survey in _due_surveys(org, as_of):
        group_of(role_id).surveys.append(survey)
    for role_id, action in _due_actions(org, as_of):
        group_of(role_id).actions.append(action)
    for role_id, measure in _due_measures(org, figures):
        group_of(role_id).measured.append(measure)
    for group in groups.values():
        group.documents.sort(key=lambda d: (d.next_review, d.id))
        group.surveys.sort(key=lambda s: (s.due, s.standard))
        group.actions.sort(key=lambda a: (a.due, a.id))
        group.measured.sort(key=lambda m: (m.standard, m.target, m.metric))
    ordered = sorted(groups.values(), key=lambda g: (min(g.dates()), g.role_id))
    last_date = last_edition[1] if last_edition else None
    return DueReport(
        as_of,
        ordered,
        last_edition[0] if last_edition else None,
        next_edition_due(last_date, org.config),
    )


def attest_command(group: OwnerGroup) -> str:
    """The command a holder of the group's role runs to record its reviews (svcstd attest)."""
    return f"svcstd attest {' '.join(d.id for d in group.documents)} --as {group.role_id}"


METRIC = {"acknowledge": N_("acknowledge"), "resolve": N_("resolve"), "deadline": N_("deadline")}


def _measure_line(m: DueMeasure, lang: str) -> str:
    """'it-pms-support/pms-outage acknowledge within 15 minutes: under its objective two
    months running (81.8% in 2026-05, 78.6% in 2026-06; objective 95%; it-jira.json)'."""
    from svcstd.i18n import wording
    from svcstd.measure.figures import percent_text

    _ = translator(lang).gettext
    months = ", ".join(
        _("{percent} in {month}").format(percent=percent_text(met, judged, lang), month=month)
        for month, _a, met, judged in m.months
    )
    promise = (
        wording.deadline(m.promise, lang)
        if m.metric == "deadline"
        # A date-relative target: the rule's words as measure wrote them ('by the promised
        # date'), after the metric's own name.
        else m.promise.removeprefix("by ")
        if m.metric == "by"
        else wording.within(m.promise, lang)
    )
    line = _(
        "{standard}/{target} {metric} {promise}: under its objective two months running "
        "({months}; objective {objective}; {results})"
    )
    metric = _(METRIC[m.metric]) if m.metric in METRIC else m.metric
    return line.format(standard=m.standard, target=m.target, metric=metric, promise=promise,
                       months=months, objective=f"{m.objective:g}%", results=m.results)  # fmt: skip


def _edition_line(report: DueReport, lang: str) -> str:
    _ = translator(lang).gettext
    if report.last_edition is None:
        return _("No edition has been published yet: the first one is due now.")
    assert report.next_edition is not None
    state = _("due now") if report.edition_due else _("not due yet")
    line = _("Last edition: {edition}. Next edition due {date} ({state}).")
    return line.format(edition=report.last_edition, date=report.next_edition, state=state)


def render_text(report: DueReport, lang: str = "en") -> str:
    """The report for people, in ``lang``."""
    _ = translator(lang).gettext
    heading = _("Reviews, surveys and actions as of {date}:")
    lines = [heading.format(date=report.as_of)]
    if not report.groups:
        lines.append("  " + _("nothing is due in the next 30 days"))
    # The status column is as wide as its longest word in this language.
    overdue, due, review = _("OVERDUE"), _("due"), _("review")
    width = max(len(overdue), len(due), len(review), 8)
    for group in report.groups:
        reach = "; ".join(contacts(group.role, lang)) if group.role else ""
        reach = reach or "; ".join(group.contacts) or _("no contact")
        lines += ["", f"{group.title} ({group.role_id}) — {reach}"]
        for d in group.documents:
            status = overdue if d.overdue else due
            about = _("{kind} {id}: {title}  (last reviewed {date}; {file})").format(
                kind=term(KIND, d.kind, lang), id=d.id, title=d.title, date=d.last_review,
                file=d.file,
            )  # fmt: skip
            lines.append(f"  {status:<{width}} {d.next_review}  {about}")
        if group.documents:
            confirm = _("after the review, a holder confirms with: {command}")
            lines.append("  " + confirm.format(command=attest_command(group)))
        for sv in group.surveys:
            about = _("survey of {standard}: {title}  (last answers {date})").format(
                standard=sv.standard, title=sv.title, date=sv.last_answers
            )
            lines.append(f"  {overdue if sv.overdue else due:<{width}} {sv.due}  {about}")
        for a in group.actions:
            about = _("action {id} ({standard}): {action}").format(
                id=a.id, standard=a.standard, action=a.will_do
            )
            lines.append(f"  {overdue if a.overdue else due:<{width}} {a.due}  {about}")
        lines += [f"  {review:<{width}} {m.since:%Y-%m}     {_measure_line(m, lang)}"
                  for m in group.measured]  # fmt: skip
    lines += ["", _edition_line(report, lang)]
    return "\n".join(lines) + "\n"
