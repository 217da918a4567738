"""Every dated obligation of the organisation: who acts on it, when, and which standard says so.

* a target with a recurring deadline: the provider team acts, the standard's owner answers;
* a commitment with a deadline: every customer team acts (it is what they owe the provider);
* a review falling due: the reviewer (review.by, else the owner) in the provider team;
* the next edition of the handbook: everyone.

Filtering by team keeps what that team acts on; by role, what that role owns
or reviews, and the commitments of the team it leads (docs/calendar.md).
"""

from __future__ import annotations

from datetime import date

from msgspec import Struct

from svcstd.durations import Deadline
from svcstd.edition.schedule import add_cadence
from svcstd.i18n import translator, wording
from svcstd.model import Calendar, Organisation, Role, Standard
from svcstd.terms import terms_of


class Obligation(Struct, frozen=True):
    """One dated obligation: a recurring deadline or a single day."""

    key: str  # stable identity inside the organisation, e.g. hr-payroll/target/salary-payment
    summary: str
    description: str
    standard: Standard | None
    owner: Role | None
    teams: frozenset[str]  # the teams that act on it; empty means everyone
    roles: frozenset[str]  # the roles that own or review it
    calendar: Calendar | None
    deadline: Deadline | None = None
    on: date | None = None


def collect(org: Organisation, next_edition: date | None) -> list[Obligation]:
    """Every obligation of the organisation's active standards, then the next edition."""
    found: list[Obligation] = []
    for std in sorted(org.standards.values(), key=lambda s: s.id):
        if std.status != "active":
            continue
        found.extend(_targets(org, std))
        found.extend(_commitments(org, std))
        review = _review(org, std)
        if review is not None:
            found.append(review)
    if next_edition is not None:
        found.append(_edition(org, next_edition))
    return found


def select(
    obligations: list[Obligation], org: Organisation, team: str | None, role: str | None
) -> list[Obligation]:
    """The obligations a team acts on, or a role owns (and its team's commitments when it leads)."""
    led = {t.id for t in org.teams.values() if role is not None and t.lead_id == role}

    def wanted(o: Obligation) -> bool:
        if team is not None and o.teams and team not in o.teams:
            return False
        owned = role in o.roles or bool(o.teams & led)
        return role is None or not o.teams or owned

    return [o for o in obligations if wanted(o)]


def calendar_of(org: Organisation, std: Standard) -> Calendar | None:
    """The calendar the standard's deadlines fall on: its hours, else its provider's."""
    return terms_of(org, std).calendar


# Calendar entries are written in the configuration's language: one feed serves a whole team.
def _deadline_line(org: Organisation, deadline: Deadline) -> str:
    words = wording.deadline(deadline, org.config.language)
    return translator(org.config.language).gettext("Deadline: {deadline}").format(deadline=words)


def _owner_line(org: Organisation, std: Standard) -> str:
    title = std.owner.title if std.owner else std.owner_id
    tr = translator(org.config.language)
    standard = tr.gettext("Standard: {id} ({title}), version {version}").format(
        id=std.id, title=std.title, version=std.version
    )
    owner = tr.gettext("Owner: {role}").format(role=f"{title} ({std.owner_id})")
    return f"{standard}\n{owner}"


def _targets(org: Organisation, std: Standard) -> list[Obligation]:
    found = []
    for t in std.targets:
        deadline = t.deadline or (t.external.deadline if t.external else None)
        if deadline is None:
            continue
        found.append(
            Obligation(
                key=f"{std.id}/target/{t.id}",
                summary=f"{std.title}: {_words(t.id)}",
                description=f"{t.request}\n{_deadline_line(org, deadline)}\n"
                f"{_owner_line(org, std)}",
                standard=std,
                owner=std.owner,
                teams=frozenset({std.provider_id}),
                roles=frozenset({std.owner_id}),
                calendar=terms_of(org, std, t).calendar,
                deadline=deadline,
            )
        )
    return found


def _commitments(org: Organisation, std: Standard) -> list[Obligation]:
    provider = std.provider.name if std.provider else std.provider_id
    customers = frozenset(t.id for t in std.customers(org))
    found = []
    for c in std.commitments:
        if c.deadline is None:
            continue  # 'within' a time of a request: no fixed day to put in a calendar
        found.append(
            Obligation(
                key=f"{std.id}/commitment/{c.id}",
                summary=translator(org.config.language)
                .gettext("{what} due to {provider}")
                .format(what=_words(c.id).capitalize(), provider=provider),
                description=f"{c.text}\n{_deadline_line(org, c.deadline)}\n{_owner_line(org, std)}",
                standard=std,
                owner=std.owner,
                teams=customers,
                roles=frozenset(),
                calendar=calendar_of(org, std),
                deadline=c.deadline,
            )
        )
    return found


def _review(org: Organisation, std: Standard) -> Obligation | None:
    if std.review is None:
        return None
    try:
        due = add_cadence(date.fromisoformat(std.review.last), std.review.cadence)
    except ValueError:
        return None  # an unreadable review.last is lint's finding, not a calendar entry
    reviewer = std.review.by_id or std.owner_id
    tr = translator(org.config.language)
    return Obligation(
        key=f"{std.id}/review",
        summary=tr.gettext("Review due: {title}").format(title=std.title),
        description=tr.gettext(
            "Review the standard with its customers ({cadence} after {date}), then record it: "
            "{command}"
        ).format(
            cadence=wording.cadence(std.review.cadence, org.config.language),
            date=std.review.last,
            command=f"svcstd attest {std.id} --as {reviewer}",
        )
        + f"\n{_owner_line(org, std)}",
        standard=std,
        owner=org.roles.get(reviewer),
        teams=frozenset({std.provider_id}),
        roles=frozenset({std.owner_id, reviewer}),
        calendar=calendar_of(org, std),
        on=due,
    )


def _edition(org: Organisation, due: date) -> Obligation:
    _ = translator(org.config.language).gettext
    summary = _("Next edition of the {organisation} handbook")
    description = _("The handbook's next edition is due: {command}")
    return Obligation(
        key="edition",
        summary=summary.format(organisation=org.config.organisation),
        description=description.format(command="svcstd publish"),
        standard=None,
        owner=None,
        teams=frozenset(),
        roles=frozenset(),
        calendar=org.config.calendar(None),
        on=due,
    )


def _words(ident: str) -> str:
    return ident.replace("-", " ")
