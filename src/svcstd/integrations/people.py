"""``svcstd import people``: compare an HR export with the roles' holders and propose changes.

The HR system is the authority on who is employed, in which job and until
when; svcstd is the authority on roles. So the import proposes holder changes
(new starters, leavers, movers) that ``--write`` can apply, and lists what
only a person can decide (people with no role, managers that contradict
``reports_to``, holders missing from the export) as lines to review.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

from msgspec import Struct

from svcstd.errors import UsageError
from svcstd.integrations.plan import Change, Plan, relative
from svcstd.model import Organisation, Role
from svcstd.text import all_versions

FIELDS = (
    "employee_id",
    "name",
    "email",
    "job_title",
    "department",
    "manager_id",
    "employment",
    "start",
    "end",
)
REQUIRED = ("employee_id", "name", "email", "job_title", "department")
EMPLOYMENT = ("permanent", "temporary", "contractor")
MAX_ROWS = 1_000_000


class Employee(Struct, frozen=True):
    """One row of the HR export, mapped onto svcstd's vocabulary."""

    row: int
    employee_id: str
    name: str
    email: str
    job_title: str
    department: str
    manager_id: str
    employment: str | None
    start: date | None
    end: date | None

    def employed_on(self, day: date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or self.end >= day)


class Source(Struct):
    """A named HR export format from svcstd.yaml (integrations.people.sources)."""

    columns: dict[str, str]
    date_format: str | None
    employment: dict[str, str]
    teams: dict[str, str]
    roles: list[dict[str, str]]

    @classmethod
    def from_config(cls, settings: dict[str, Any]) -> Source:
        return cls(
            {**{f: f for f in FIELDS}, **settings.get("columns", {})},
            settings.get("date_format"),
            {k.casefold(): v for k, v in settings.get("employment", {}).items()},
            {k.casefold(): v for k, v in settings.get("teams", {}).items()},
            list(settings.get("roles", [])),
        )


def source_settings(org: Organisation, name: str | None) -> Source:
    """The named source's mapping, or the generic format's when no name is given."""
    sources = org.config.source.data.get("integrations", {}).get("people", {}).get("sources", {})
    if name is None:
        return Source.from_config({})
    if name not in sources:
        known = ", ".join(sorted(sources)) or "none is configured"
        raise UsageError(
            f"unknown people source {name!r} (known: {known})",
            "add it under integrations.people.sources in svcstd.yaml, or leave out --source "
            "to read the generic format (svcstd docs hr-import)",
        )
    settings = sources[name]
    for i, rule in enumerate(settings.get("roles", [])):
        if rule["role"] not in org.roles:
            raise UsageError(
                f"svcstd.yaml: integrations.people.sources.{name}.roles[{i}] names "
                f"{rule['role']!r}, which is no role",
                "give the id of a role (svcstd whois --role ID shows one)",
            )
    for department, team in settings.get("teams", {}).items():
        if team not in org.teams:
            raise UsageError(
                f"svcstd.yaml: integrations.people.sources.{name}.teams.{department} names "
                f"{team!r}, which is no team",
                "give the id of a team",
            )
    return Source.from_config(settings)


def read_export(path: Path, source: Source, plan: Plan) -> list[Employee]:
    """Every usable row; a row that cannot be read becomes a 'review' line naming its row."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            missing = [
                source.columns[f]
                for f in REQUIRED
                if source.columns[f] not in (reader.fieldnames or [])
            ]
            if missing:
                raise UsageError(
                    f"{path}: the export has no column {', '.join(repr(m) for m in missing)}",
                    "name the columns under integrations.people.sources.<name>.columns "
                    "in svcstd.yaml, and pass --source NAME",
                )
            return list(_employees(path, reader, source, plan))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise UsageError(f"cannot read {path}: {exc}", "export the HR data as UTF-8 CSV") from None


def _employees(
    path: Path, reader: csv.DictReader[str], source: Source, plan: Plan
) -> Iterator[Employee]:
    for number, row in enumerate(reader, start=2):  # row 1 holds the column names
        if number > MAX_ROWS:
            raise UsageError(f"{path} has more than {MAX_ROWS} rows", "split the export")
        plan.read += 1
        value = {f: (row.get(source.columns[f]) or "").strip() for f in FIELDS}
        try:
            yield Employee(
                number,
                value["employee_id"],
                value["name"],
                value["email"],
                value["job_title"],
                value["department"],
                value["manager_id"],
                _employment(value["employment"], source),
                _date(value["start"], source.date_format),
                _date(value["end"], source.date_format),
            )
        except ValueError as exc:
            plan.add(Change("review", "", "", f"row {number}", f"{path.name}, row {number}: {exc}"))


def _employment(text: str, source: Source) -> str | None:
    if not text:
        return None
    mapped = source.employment.get(text.casefold(), text.casefold())
    if mapped not in EMPLOYMENT:
        raise ValueError(
            f"employment type {text!r} is not one of {', '.join(EMPLOYMENT)} "
            "(map it under integrations.people.sources.<name>.employment)"
        )
    return mapped


def _date(text: str, fmt: str | None) -> date | None:
    if not text:
        return None
    try:
        return datetime.strptime(text, fmt).date() if fmt else date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{text!r} is not a date in the form {fmt or 'YYYY-MM-DD'}") from None


class Matcher:
    """Department → team and job title → role, by the source's rules, then by name."""

    def __init__(self, org: Organisation, source: Source) -> None:
        self.org, self.source = org, source
        # An HR export may name departments in any language the team's name is written in.
        self.team_by_name = {
            n.casefold(): t.id for t in org.teams.values() for n in all_versions(t.name)
        }
        self.team_by_name.update({t.id.casefold(): t.id for t in org.teams.values()})

    def team(self, department: str) -> str | None:
        key = department.casefold()
        return self.source.teams.get(key) or self.team_by_name.get(key)

    def role(self, person: Employee) -> Role | None:
        for rule in self.source.roles:
            if rule["job_title"].casefold() != person.job_title.casefold():
                continue
            if rule.get("department", person.department).casefold() == person.department.casefold():
                return self.org.roles.get(rule["role"])
        team = self.team(person.department)
        job = person.job_title.casefold()
        titled = [
            r
            for r in self.org.roles.values()
            if job in (t.casefold() for t in all_versions(r.title))
        ]
        in_team = [r for r in titled if r.team_id == team]
        candidates = in_team or titled
        return candidates[0] if candidates else None


def build_plan(org: Organisation, root: Path, path: Path, source: Source, as_of: date) -> Plan:
    """The reviewable plan: what the HR export says that the roles' holders do not."""
    plan = Plan(source=f"HR export {path.name} as of {as_of}")
    employees = read_export(path, source, plan)
    held = _holdings(org)
    matcher = Matcher(org, source)
    by_id = {e.employee_id: e for e in employees if e.employee_id}
    unmatched: dict[tuple[str, str], list[Employee]] = {}
    for person in employees:
        roles = held.get(person.email.casefold(), [])
        if person.employed_on(as_of) and matcher.role(person) is None and not roles:
            unmatched.setdefault((person.job_title, person.department), []).append(person)
            continue
        _plan_person(org, root, person, matcher, roles, as_of, plan)
        _plan_manager(org, root, person, matcher, by_id, as_of, plan)
    _plan_roleless(plan, unmatched)
    exported = {e.email.casefold() for e in employees}
    for email, roles in sorted(held.items()):
        if email not in exported:
            role = roles[0]
            name = next(h.name for h in role.holders if h.email.casefold() == email)
            plan.add(
                Change(
                    "review",
                    role.id,
                    relative(root, role.file),
                    email,
                    f"{name} holds {role.id!r} but is not in the HR export",
                )
            )
    return plan


def _plan_roleless(plan: Plan, unmatched: dict[tuple[str, str], list[Employee]]) -> None:
    # One line per job title and department: 40 cooks are one decision, not 40.
    for (title, department), group in sorted(unmatched.items()):
        names = ", ".join(p.name for p in group[:3]) + (", …" if len(group) > 3 else "")
        plan.add(
            Change(
                "review",
                "",
                "",
                f"{title} / {department}",
                f"{len(group)} employed as {title!r} in {department!r} match no role ({names})",
            )
        )


def _holdings(org: Organisation) -> dict[str, list[Role]]:
    held: dict[str, list[Role]] = {}
    for role in org.roles.values():
        for holder in role.holders:
            held.setdefault(holder.email.casefold(), []).append(role)
    return held


def _plan_person(
    org: Organisation,
    root: Path,
    person: Employee,
    matcher: Matcher,
    roles: list[Role],
    as_of: date,
    plan: Plan,
) -> None:
    if not person.employed_on(as_of):
        for role in roles:
            left = f"left on {person.end}" if person.end else f"starts on {person.start}"
            _remove(root, role, person, f"{person.name} {left}: remove as a holder", plan)
        return
    new_role = matcher.role(person)
    if new_role is None:
        plan.add(
            Change(
                "review",
                roles[0].id if roles else "",
                "",
                person.email,
                f"{person.name} is now {person.job_title!r} in {person.department!r}, "
                "which matches no role",
            )
        )
        return
    if new_role not in roles:
        plan.add(_add(root, new_role, person))
        moved = f"{person.name} moved to {new_role.id!r}: remove as a holder"
        for old in roles:
            _remove(root, old, person, moved, plan)
        return
    _plan_until(root, new_role, person, plan)


def _add(root: Path, role: Role, person: Employee) -> Change:
    value: dict[str, Any] = {
        "name": person.name,
        "email": person.email,
        "employment": person.employment or "permanent",
    }
    if person.end and value["employment"] != "permanent":
        value["until"] = person.end.isoformat()
    detail = f"add {person.name} <{person.email}> ({value['employment']}) as a holder"
    return Change("add-holder", role.id, relative(root, role.file), person.email, detail, value)


def _remove(root: Path, role: Role, person: Employee, detail: str, plan: Plan) -> None:
    last = len(role.holders) == 1
    suffix = "; the role becomes vacant" if last else ""
    plan.add(
        Change(
            "remove-holder",
            role.id,
            relative(root, role.file),
            person.email,
            detail + suffix,
            {"email": person.email, "vacant": last},
        )
    )


def _plan_until(root: Path, role: Role, person: Employee, plan: Plan) -> None:
    holder = next(h for h in role.holders if h.email.casefold() == person.email.casefold())
    end = person.end.isoformat() if person.end else None
    if holder.employment != "permanent" and end and holder.until != end:
        plan.add(
            Change(
                "end-holder",
                role.id,
                relative(root, role.file),
                person.email,
                f"{person.name}'s engagement ends on {end} "
                f"(svcstd says {holder.until or 'nothing'})",
                {"email": person.email, "until": end},
            )
        )


def _plan_manager(
    org: Organisation,
    root: Path,
    person: Employee,
    matcher: Matcher,
    by_id: dict[str, Employee],
    as_of: date,
    plan: Plan,
) -> None:
    manager = by_id.get(person.manager_id)
    role = matcher.role(person)
    if (
        manager is None
        or role is None
        or not person.employed_on(as_of)
        or role.reports_to_id is None
    ):
        return
    manager_role = matcher.role(manager)
    if manager_role is not None and manager_role.id != role.reports_to_id:
        plan.add(
            Change(
                "review",
                role.id,
                relative(root, role.file),
                person.email,
                f"HR says {person.name} reports to {manager.name} ({manager_role.id}); "
                f"{role.id} reports_to {role.reports_to_id}",
            )
        )
