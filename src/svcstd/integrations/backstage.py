"""Backstage's software catalog: teams as Groups, people as Users, standards as Components.

Backstage has no notion of a role, so each User carries the svcstd roles it
holds in the ``svcstd/roles`` annotation; that is what lets ``import backstage``
read its own export back with no change. Entities follow the catalog format
of ``backstage.io/v1alpha1`` (docs/backstage.md).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from msgspec import Struct, field

from svcstd.errors import UsageError
from svcstd.integrations.plan import Change, Plan, relative
from svcstd.model import Holder, Organisation, Role, Standard, Team

API_VERSION = "backstage.io/v1alpha1"
ROLES_ANNOTATION = "svcstd/roles"
EMPLOYMENT_ANNOTATION = "svcstd/employment"
ID_ANNOTATION = "svcstd/id"

# Backstage's own limits on entity names and tags (its KubernetesValidatorFunctions).
NAME_RE = re.compile(r"^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$")
TAG_RE = re.compile(r"^[a-z0-9:+#]+(-[a-z0-9:+#]+)*$")
MAX_NAME = 63

# A standard's status, as Backstage's lifecycle vocabulary says it.
LIFECYCLE = {"draft": "experimental", "active": "production", "retired": "deprecated"}


def entity_name(text: str) -> str:
    """``text`` turned into a valid Backstage entity name (letters, digits, - _ .)."""
    name = re.sub(r"[^A-Za-z0-9_.-]+", "-", text).strip("-_.")[:MAX_NAME].rstrip("-_.")
    return name or "unnamed"


def tag(text: str) -> str | None:
    """A topic as a Backstage tag ("PMS access" → "pms-access"), or None if it cannot be one."""
    candidate = re.sub(r"[^a-z0-9:+#]+", "-", text.lower()).strip("-")
    return (
        candidate if candidate and len(candidate) <= MAX_NAME and TAG_RE.match(candidate) else None
    )


class Person(Struct):
    """One person as Backstage sees them: every role they hold, in every team."""

    name: str
    email: str
    employment: str
    roles: list[Role] = field(default_factory=list)


def people(org: Organisation) -> dict[str, Person]:
    """Every current holder, keyed by e-mail (lower case), with the roles they hold."""
    found: dict[str, Person] = {}
    for role in org.roles.values():
        for holder in role.holders:
            person = found.setdefault(
                holder.email.lower(), Person(holder.name, holder.email, holder.employment)
            )
            person.roles.append(role)
    return found


def user_names(persons: Iterable[Person]) -> dict[str, str]:
    """E-mail → a unique entity name (the address's local part, numbered on a clash)."""
    names: dict[str, str] = {}
    taken: set[str] = set()
    for person in sorted(persons, key=lambda p: p.email.lower()):
        base = entity_name(person.email.split("@", 1)[0])
        name, n = base, 2
        while name in taken:
            suffix = f"-{n}"
            name, n = base[: MAX_NAME - len(suffix)] + suffix, n + 1
        taken.add(name)
        names[person.email.lower()] = name
    return names


def export_entities(org: Organisation) -> list[dict[str, Any]]:
    """Groups, then Users, then Components, each sorted by name: the same org, the same bytes."""
    persons = people(org)
    names = user_names(persons.values())
    members: dict[str, set[str]] = {}
    for email, person in persons.items():
        for role in person.roles:
            members.setdefault(role.team_id, set()).add(names[email])
    groups = [_group(team, sorted(members.get(team.id, ()))) for team in org.teams.values()]
    users = [_user(persons[email], names[email]) for email in persons]
    components = [_component(std) for std in org.standards.values()]
    by_name = lambda entity: entity["metadata"]["name"]  # noqa: E731
    return [
        *sorted(groups, key=by_name),
        *sorted(users, key=by_name),
        *sorted(components, key=by_name),
    ]


def _group(team: Team, members: list[str]) -> dict[str, Any]:
    spec: dict[str, Any] = {"type": "department", "profile": {"displayName": team.name}}
    email = next((c.address for c in team.channels if c.type == "email"), None)
    if email:
        spec["profile"]["email"] = email
    if team.parent_id:
        spec["parent"] = entity_name(team.parent_id)
    spec["children"] = sorted(entity_name(child.id) for child in team.children)
    spec["members"] = members
    return _entity("Group", team.id, team.name, team.mission, spec)


def _user(person: Person, name: str) -> dict[str, Any]:
    roles = sorted({role.id for role in person.roles})
    teams = sorted({entity_name(role.team_id) for role in person.roles})
    entity = _entity(
        "User",
        name,
        None,
        None,
        {"profile": {"displayName": person.name, "email": person.email}, "memberOf": teams},
    )
    entity["metadata"]["annotations"] = {
        ROLES_ANNOTATION: ",".join(roles),
        EMPLOYMENT_ANNOTATION: person.employment,
    }
    return entity


def _component(std: Standard) -> dict[str, Any]:
    spec = {
        "type": "internal-service",
        "lifecycle": LIFECYCLE.get(std.status, "production"),
        "owner": f"group:{entity_name(std.provider_id)}",
    }
    entity = _entity("Component", std.id, std.title, std.summary, spec)
    tags = sorted({t for t in (tag(name) for name in std.topic_names) if t})
    if tags:
        entity["metadata"]["tags"] = tags
    return entity


def _entity(
    kind: str, ident: str, title: str | None, description: str | None, spec: dict[str, Any]
) -> dict[str, Any]:
    metadata: dict[str, Any] = {"name": entity_name(ident)}
    if title:
        metadata["title"] = title
    if description:
        metadata["description"] = " ".join(description.split())
    if kind != "User":
        metadata["annotations"] = {ID_ANNOTATION: ident}
    return {"apiVersion": API_VERSION, "kind": kind, "metadata": metadata, "spec": spec}


def dump_entities(entities: list[dict[str, Any]]) -> str:
    """One multi-document YAML stream, as Backstage reads a catalog-info.yaml."""
    import yaml

    return "".join(
        "---\n" + yaml.safe_dump(e, sort_keys=False, allow_unicode=True, width=100)
        for e in entities
    )


# ---- import -------------------------------------------------------------------------------

MAX_CATALOG_BYTES = 64 * 1024 * 1024


def read_entities(path: Path) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every entity mapping in a catalog file, or in the .yaml/.yml files of a folder."""
    files = (
        sorted(p for p in path.rglob("*") if p.suffix in (".yaml", ".yml"))
        if path.is_dir()
        else [path]
    )
    for file in files:
        yield from ((str(file), entity) for entity in _load_stream(file))


def _load_stream(file: Path) -> Iterator[dict[str, Any]]:
    import yaml

    if file.stat().st_size > MAX_CATALOG_BYTES:
        raise UsageError(f"{file} is larger than {MAX_CATALOG_BYTES // 2**20} MiB", "split it")
    try:
        # The C safe loader builds no objects from tags and shares aliased values.
        docs = list(yaml.load_all(file.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{file}:{mark.line + 1}:{mark.column + 1}" if mark else str(file)
        raise UsageError(
            f"{where}: not a readable Backstage catalog file ({_first_line(exc)})",
            "give a catalog-info.yaml as Backstage reads it",
        ) from None
    yield from (doc for doc in docs if isinstance(doc, dict))


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


def import_plan(org: Organisation, root: Path, path: Path) -> Plan:
    """What Backstage's Groups and Users say that the standards do not (a plan, not edits)."""
    plan = Plan(source=f"Backstage catalog {path}")
    groups: dict[str, dict[str, Any]] = {}
    users: list[dict[str, Any]] = []
    for _, entity in read_entities(path):
        kind = entity.get("kind")
        if kind not in ("Group", "User"):
            continue
        plan.read += 1
        name = str((entity.get("metadata") or {}).get("name", ""))
        (users.append(entity) if kind == "User" else groups.__setitem__(name, entity))
    _plan_groups(org, root, groups, plan)
    _plan_users(org, root, users, set(groups), plan)
    return plan


def _plan_groups(
    org: Organisation, root: Path, groups: dict[str, dict[str, Any]], plan: Plan
) -> None:
    teams = {entity_name(t.id): t for t in org.teams.values()}
    for name, group in sorted(groups.items()):
        team = teams.get(name)
        if team is None:
            plan.add(Change("review", "", "", name, f"Backstage group {name!r} has no svcstd team"))
            continue
        parent = (group.get("spec") or {}).get("parent")
        ours = entity_name(team.parent_id) if team.parent_id else None
        if parent != ours:
            plan.add(
                Change(
                    "review",
                    team.id,
                    relative(root, team.file),
                    name,
                    f"Backstage puts {name!r} under {parent!r}; svcstd under {ours!r}",
                )
            )


def _plan_users(
    org: Organisation, root: Path, users: list[dict[str, Any]], groups: set[str], plan: Plan
) -> None:
    current = people(org)
    seen: set[str] = set()
    for user in users:
        profile = (user.get("spec") or {}).get("profile") or {}
        email = str(profile.get("email") or "").strip()
        if not email:
            continue
        seen.add(email.lower())
        annotations = (user.get("metadata") or {}).get("annotations") or {}
        roles = [r for r in str(annotations.get(ROLES_ANNOTATION, "")).split(",") if r]
        name = str(profile.get("displayName") or email)
        employment = str(annotations.get(EMPLOYMENT_ANNOTATION) or "permanent")
        _plan_user_roles(
            org,
            root,
            current.get(email.lower()),
            Holder(name, email, employment, None, -1),
            roles,
            plan,
        )
    for email, person in sorted(current.items()):
        in_scope = [r for r in person.roles if entity_name(r.team_id) in groups]
        if email not in seen and in_scope:
            role = in_scope[0]
            plan.add(
                Change(
                    "review",
                    role.id,
                    relative(root, role.file),
                    person.email,
                    f"{person.name} holds {role.id!r} but is not in Backstage",
                )
            )


def _plan_user_roles(
    org: Organisation,
    root: Path,
    person: Person | None,
    holder: Holder,
    roles: list[str],
    plan: Plan,
) -> None:
    held = {r.id for r in person.roles} if person else set()
    if not roles and not held:
        plan.add(Change("review", "", "", holder.email, f"{holder.name} holds no svcstd role"))
    for role_id in roles:
        role = org.roles.get(role_id)
        if role is None:
            plan.add(Change("review", role_id, "", holder.email, f"unknown role {role_id!r}"))
        elif role_id not in held:
            plan.add(
                Change(
                    "add-holder",
                    role.id,
                    relative(root, role.file),
                    holder.email,
                    f"add {holder.name} <{holder.email}> as a holder",
                    {"name": holder.name, "email": holder.email, "employment": holder.employment},
                )
            )
