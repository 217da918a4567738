"""Reverse lookups: what a role or a team owns, provides and receives; the topic directory."""

from __future__ import annotations

from svcstd import model as m
from svcstd.errors import UsageError
from svcstd.whois.answer import (
    Json,
    channel_json,
    covering,
    role_json,
    sop_json,
    team_json,
    topic_json,
)
from svcstd.whois.text import normalise


def _standard_brief(std: m.Standard) -> Json:
    customers = "all" if std.customer_ids is None else list(std.customer_ids)
    return {
        "id": std.id,
        "title": std.title,
        "title_id": std.title_id,
        "status": std.status,
        "provider": std.provider_id,
        "owner": std.owner_id,
        "customers": customers,
    }


def _receives(std: m.Standard, team_id: str) -> bool:
    if std.status == "retired" or std.provider_id == team_id:
        return False
    return std.customer_ids is None or team_id in std.customer_ids


def _lookup(group: dict[str, m.Role] | dict[str, m.Team], ident: str, what: str) -> None:
    if ident not in group:
        from rapidfuzz import fuzz, process

        near = process.extractOne(ident, list(group), scorer=fuzz.WRatio, score_cutoff=75)
        hint = f"did you mean {near[0]!r}?" if near else f"'svcstd whois --list' shows the {what}s"
        raise UsageError(f"unknown {what} {ident!r}", hint)


def role_report(org: m.Organisation, role_id: str) -> Json:
    """Everything one role owns (topics, standards, SOPs), provides and receives."""
    _lookup(org.roles, role_id, "role")
    role = org.roles[role_id]
    live = [s for s in org.standards.values() if s.status != "retired"]
    return {
        "role": role_json(role),
        "team": team_json(role.team) if role.team else None,
        "reports_to": role.reports_to_id,
        "deputy": role_json(role.deputy) if role.deputy else None,
        "owns": {
            "topics": [topic_json(t) for t in role.topics],
            "standards": [_standard_brief(s) for s in live if s.owner is role],
            "sops": [sop_json(s) for s in org.sops.values() if s.owner is role],
        },
        "provides": {
            "standards": [_standard_brief(s) for s in covering(org, role.topics)],
            "steps": [
                _step_json(sop, st)
                for sop in org.sops.values()
                for st in sop.steps
                if st.role is role
            ],
            "escalation": [
                {"standard": s.id, "after": str(level.after)}
                for s in live
                for level in s.escalation
                if level.to is role
            ],
            "deputy_for": [r.id for r in org.roles.values() if r.deputy is role],
        },
        "receives": {
            "standards": [_standard_brief(s) for s in live if _receives(s, role.team_id)],
            "handoffs": [
                _step_json(sop, st)
                for sop in org.sops.values()
                for st in sop.steps
                if st.handoff is role
            ],
        },
    }


def _step_json(sop: m.Sop, step: m.Step) -> Json:
    return {
        "sop": sop.id,
        "sop_title": sop.title,
        "step": step.id,
        "role": step.role_id,
        "action": step.action,
        "within": None if step.within is None else str(step.within),
        "handoff": step.handoff_id,
    }


def team_report(org: m.Organisation, team_id: str) -> Json:
    """Everything one team's roles own, the standards it provides and those it receives."""
    _lookup(org.teams, team_id, "team")
    team = org.teams[team_id]
    live = [s for s in org.standards.values() if s.status != "retired"]
    return {
        "team": team_json(team),
        "lead": role_json(team.lead) if team.lead else None,
        "roles": [role_json(r) for r in team.roles],
        "channels": [channel_json(org, c) for c in team.channels],
        "owns": {
            "topics": [{**topic_json(t), "owner": r.id} for r in team.roles for t in r.topics],
            "sops": [sop_json(s) for s in org.sops.values() if s.owner and s.owner.team is team],
        },
        "provides": {"standards": [_standard_brief(s) for s in live if s.provider is team]},
        "receives": {"standards": [_standard_brief(s) for s in live if _receives(s, team.id)]},
    }


def directory(org: m.Organisation) -> list[Json]:
    """Every topic, A to Z with its owner and team."""
    rows = [
        {
            **topic_json(t),
            "owner": t.owner.id,
            "owner_title": t.owner.title,
            "owner_title_id": t.owner.title_id,
            "team": t.owner.team_id,
            "team_name": t.owner.team.name if t.owner.team else None,
            "team_name_id": t.owner.team.name_id if t.owner.team else None,
        }
        for t in org.topics()
    ]
    return sorted(rows, key=lambda r: (normalise(r["name"]), r["owner"]))
