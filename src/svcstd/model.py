"""The typed, cross-linked organisation that every consumer (rules, whois, renderers, differ) reads.

Built only from documents that passed schema validation, so field types can be
trusted here; references that do not resolve are left as ``None`` (the
reference check has already reported them).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from msgspec import Struct, field

from svcstd.durations import Cadence, Deadline, Duration
from svcstd.findings import JsonPath
from svcstd.loader import SourceDocument
from svcstd.text import translations
from svcstd.workdays import HolidaySet


class Calendar(Struct):
    """A business calendar from the configuration."""

    id: str
    days: list[str]
    hours: str
    holidays: HolidaySet  # ``day in holidays`` for a date or an ISO date string
    description: str | None

    @property
    def hours_per_day(self) -> float:
        start, end = self.hours.split("-")
        return (_minutes(end) - _minutes(start)) / 60

    @property
    def hours_per_week(self) -> float:
        return self.hours_per_day * len(self.days)


def _minutes(hhmm: str) -> int:
    h, m = hhmm.split(":")
    return int(h) * 60 + int(m)


class Config(Struct):
    """The repository configuration (svcstd.yaml)."""

    organisation: str
    language: str
    languages: list[str]
    timezone: str
    calendars: dict[str, Calendar]
    default_calendar: str
    publication: dict[str, Any]
    rules: dict[str, Any]
    source: SourceDocument

    def calendar(self, name: str | None) -> Calendar | None:
        return self.calendars.get(name or self.default_calendar)


class Document(Struct, eq=False):
    """What every document kind shares: its id, kind and source position."""

    id: str
    kind: str
    source: SourceDocument

    @property
    def file(self) -> str:
        return self.source.file

    def where(self, path: JsonPath = ("id",), key: bool = False) -> tuple[int, int]:
        return self.source.where(path, key)

    @property
    def data(self) -> dict[str, Any]:
        return self.source.data


class Channel(Struct, eq=False):
    """A way to reach a team (email, chat, desk...) and its hours; ``index``: its place."""

    id: str
    type: str
    address: str
    hours: str | None
    note: str | None
    team: Team
    index: int


class Team(Document, eq=False):
    """A team: its place in the organisation, its lead, mission, channels and roles."""

    name: str = ""
    name_id: str | None = None
    parent_id: str | None = None
    lead_id: str | None = None
    mission: str | None = None
    service_hours: str | None = None
    channels: list[Channel] = field(default_factory=list)
    parent: Team | None = None
    lead: Role | None = None
    children: list[Team] = field(default_factory=list)
    roles: list[Role] = field(default_factory=list)


class Holder(Struct, eq=False):
    """A person who holds a role, how they are employed and, for a temporary holder, until when."""

    name: str
    email: str
    employment: str
    until: str | None
    index: int


class Topic(Struct, eq=False):
    """A subject people ask about, owned by exactly one role."""

    name: str
    synonyms: dict[str, list[str]]
    description: str | None
    owner: Role
    index: int

    def terms(self) -> list[str]:
        """The name and every synonym, in every language."""
        names = dict.fromkeys([self.name, *translations(self.name, "").values()])
        return [*names, *(s for words in self.synonyms.values() for s in words)]


class Role(Document, eq=False):
    """A role in a team: what it is responsible for, the topics it owns and who holds it."""

    title: str = ""
    title_id: str | None = None
    team_id: str = ""
    reports_to_id: str | None = None
    deputy_id: str | None = None
    responsibilities: list[str] = field(default_factory=list)
    topics: list[Topic] = field(default_factory=list)
    holders: list[Holder] = field(default_factory=list)
    vacant: bool = False
    team: Team | None = None
    reports_to: Role | None = None
    deputy: Role | None = None


class RelativeDue(Struct, frozen=True):
    """A time fixed per request: a day counted from the opening or the promised date, a time.

    ``{relative_to: opened, day_offset: 1, business_days: true, at: "10:00"}`` is "by
    10:00 on the next business day"; svcstd.relative does the arithmetic.
    """

    relative_to: str  # opened | promised
    day_offset: int = 0
    business_days: bool = False
    at: str | None = None  # HH:MM; None is the end of that day
    cutoff: str | None = None  # HH:MM; requests opened later count from the next day


class Pause(Struct, eq=False):
    """A condition under which a target's clock stops: the provider waits for the customer."""

    while_: str
    commitment_id: str | None
    statuses: list[str]
    path: JsonPath  # where it is written: ("pauses", 0) or ("targets", 2, "pauses", 0)
    commitment: Commitment | None = None


class External(Struct, eq=False):
    """A supplier's promise that a target depends on, with the times it commits to."""

    promise: str
    acknowledge: Duration | None
    resolve: Duration | None
    deadline: Deadline | None
    by: RelativeDue | None = None


class Target(Struct, eq=False):
    """A standard's timed promise: how fast one kind of request is acknowledged or resolved."""

    id: str
    request: str
    priority: str | None
    acknowledge: Duration | None
    resolve: Duration | None
    deadline: Deadline | None
    external: External | None
    index: int
    objective: float | None = None  # share of requests that must meet it, in percent
    # What a target may set for itself; svcstd.terms.terms_of says what applies.
    by: RelativeDue | None = None
    calendar_id: str | None = None
    escalation: list[EscalationLevel] | None = None  # None: the standard's ladder
    pauses: list[Pause] | None = None  # None: the standard's pauses


class Commitment(Struct, eq=False):
    """A promise of a standard that is not a timed target ("we publish the rota each Friday")."""

    id: str
    text: str
    deadline: Deadline | None
    within: Duration | None
    index: int


class Communication(Struct, eq=False):
    """What a provider tells its customers, how often, on which channel and to whom."""

    id: str
    what: str
    cadence: Cadence
    channel: str | None
    audience: str | None
    index: int


class EscalationLevel(Struct, eq=False):
    """One rung of an escalation ladder: after how long, to which role and how."""

    after: Duration
    to_id: str
    how: str | None
    index: int
    to: Role | None = None
    ladder: JsonPath = ("escalation",)  # where its ladder is written (a target's own, or not)


class Feedback(Struct, eq=False):
    """How a standard asks its customers for feedback, how often, and who owns it."""

    method: str
    cadence: Cadence
    owner_id: str | None
    owner: Role | None = None


class Review(Struct, eq=False):
    """How often a document is reviewed, when it last was and by whom."""

    cadence: Cadence
    last: str
    by_id: str | None


class Standard(Document, eq=False):
    """An internal service standard: what a provider team promises its customer teams."""

    title: str = ""
    title_id: str | None = None
    summary: str | None = None
    provider_id: str = ""
    customer_ids: list[str] | None = None  # None means every team
    owner_id: str = ""
    topic_names: list[str] = field(default_factory=list)
    channel_ids: list[str] = field(default_factory=list)
    hours: str | None = None
    targets: list[Target] = field(default_factory=list)
    commitments: list[Commitment] = field(default_factory=list)
    communication: list[Communication] = field(default_factory=list)
    escalation: list[EscalationLevel] = field(default_factory=list)
    pauses: list[Pause] = field(default_factory=list)
    feedback: Feedback | None = None
    review: Review | None = None
    status: str = "active"
    version: str = ""
    effective: str = ""
    supersedes_id: str | None = None
    related_sop_ids: list[str] = field(default_factory=list)
    provider: Team | None = None
    owner: Role | None = None
    channels: list[Channel] = field(default_factory=list)
    related_sops: list[Sop] = field(default_factory=list)

    def customers(self, org: Organisation) -> list[Team]:
        """The customer teams; 'all' means every team but the provider."""
        if self.customer_ids is None:
            return [t for t in org.teams.values() if t.id != self.provider_id]
        return [org.teams[i] for i in self.customer_ids if i in org.teams]


class Step(Struct, eq=False):
    """One step of an SOP: who does it, within how long, and to whom the work is handed."""

    id: str
    role_id: str
    action: str
    within: Duration | None
    handoff_id: str | None
    index: int
    role: Role | None = None
    handoff: Role | None = None
    serves: str | None = None  # "standard/target" this step delivers (docs/chains.md)
    deadline: Deadline | None = None  # recurring work: done by this deadline


class RaciRow(Struct, eq=False):
    """One activity of an SOP's RACI chart, with the roles Responsible, Accountable, Consulted
    and Informed."""

    activity: str
    responsible: list[str]
    accountable: list[str]
    consulted: list[str]
    informed: list[str]
    index: int


class Sop(Document, eq=False):
    """A standard operating procedure: its purpose, SIPOC, steps and RACI chart."""

    title: str = ""
    title_id: str | None = None
    owner_id: str = ""
    status: str = "active"
    version: str | None = None
    effective: str | None = None
    purpose: str = ""
    scope: str | None = None
    trigger: str | None = None
    sipoc: dict[str, list[str]] = field(default_factory=dict)
    steps: list[Step] = field(default_factory=list)
    raci: list[RaciRow] = field(default_factory=list)
    related_standard_ids: list[str] = field(default_factory=list)
    review: Review | None = None
    owner: Role | None = None


class Waiver(Document, eq=False):
    """An approved, dated exception to one lint rule for one document."""

    rule: str = ""
    document_id: str = ""
    reason: str = ""
    expires: str = ""
    approver_id: str = ""


class Scores(Struct, eq=False):
    """One customer team's answers in a feedback period: how many gave each score 1-5."""

    customer_id: str
    counts: tuple[int, int, int, int, int]
    index: int

    @property
    def responses(self) -> int:
        return sum(self.counts)

    @property
    def mean(self) -> float | None:
        total = self.responses
        return sum(n * (i + 1) for i, n in enumerate(self.counts)) / total if total else None

    @property
    def low_share(self) -> float | None:
        """The share of answers that scored 1 or 2."""
        total = self.responses
        return (self.counts[0] + self.counts[1]) / total if total else None


def pooled(scores: Iterable[Scores], customer_id: str = "") -> Scores:
    """Several teams' answers counted together, as one."""
    counts = [0, 0, 0, 0, 0]
    for s in scores:
        counts = [a + b for a, b in zip(counts, s.counts, strict=True)]
    return Scores(customer_id, (counts[0], counts[1], counts[2], counts[3], counts[4]), -1)


class FeedbackResults(Document, eq=False):
    """The answers of one feedback period of one standard, per customer team."""

    standard_id: str = ""
    period: str = ""
    start: str = ""
    end: str = ""
    collected: str | None = None
    origin: str | None = None  # the export it was imported from
    results: list[Scores] = field(default_factory=list)
    comments: list[tuple[str, str]] = field(default_factory=list)  # (customer team, text)
    standard: Standard | None = None

    @property
    def overall(self) -> Scores:
        return pooled(self.results)


class Action(Document, eq=False):
    """'You said, we did': what a provider does about feedback, by when, and how it ended."""

    standard_id: str = ""
    answers_id: str | None = None
    said: str = ""
    will_do: str = ""
    owner_id: str = ""
    due: str = ""
    status: str = "open"
    closed: str | None = None
    outcome: str | None = None
    standard: Standard | None = None
    owner: Role | None = None


class Organisation(Struct):
    """Every valid document, indexed by id and cross-linked."""

    config: Config
    teams: dict[str, Team] = field(default_factory=dict)
    roles: dict[str, Role] = field(default_factory=dict)
    standards: dict[str, Standard] = field(default_factory=dict)
    sops: dict[str, Sop] = field(default_factory=dict)
    waivers: dict[str, Waiver] = field(default_factory=dict)
    feedback: dict[str, FeedbackResults] = field(default_factory=dict)
    actions: dict[str, Action] = field(default_factory=dict)
    channels: dict[str, Channel] = field(default_factory=dict)

    def _groups(self) -> tuple[dict[str, Any], ...]:
        return (
            self.teams,
            self.roles,
            self.standards,
            self.sops,
            self.waivers,
            self.feedback,
            self.actions,
        )

    def documents(self) -> Iterable[Document]:
        """All documents in a stable order: teams, roles, standards, SOPs, waivers, feedback,
        actions."""
        for group in self._groups():
            yield from group.values()

    def get(self, ident: str) -> Document | None:
        for group in self._groups():
            if ident in group:
                return group[ident]  # type: ignore[no-any-return]
        return None

    def feedback_of(self, standard_id: str) -> list[FeedbackResults]:
        """A standard's feedback periods, oldest first."""
        found = [f for f in self.feedback.values() if f.standard_id == standard_id]
        return sorted(found, key=lambda f: (f.end, f.start))

    def actions_of(self, standard_id: str) -> list[Action]:
        """The actions taken on a standard's feedback, by due date."""
        found = [a for a in self.actions.values() if a.standard_id == standard_id]
        return sorted(found, key=lambda a: (a.due, a.id))

    def topics(self) -> Iterable[Topic]:
        for role in self.roles.values():
            yield from role.topics
