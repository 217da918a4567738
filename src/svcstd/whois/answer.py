"""The answer to 'who owns this?': plain data, the same for text and ``--json``.

Every function here turns model objects into dicts of strings, numbers, lists and
None, in the documented structure of docs/whois.md; the text renderer reads the
same dicts, so both outputs always say the same thing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from msgspec import Struct, field

from svcstd import model as m
from svcstd.contact import how_to_ask
from svcstd.durations import Deadline, Duration
from svcstd.terms import terms_of
from svcstd.topics import topic_keys
from svcstd.whois.index import Entry
from svcstd.whois.rank import Match

Json = dict[str, Any]


class Subject(Struct):
    """What a matched entry is about: the topic, its owner, and the documents around it."""

    topic: m.Topic | None
    role: m.Role | None
    team: m.Team | None
    standards: list[m.Standard] = field(default_factory=list)
    sops: list[m.Sop] = field(default_factory=list)


# ---------------------------------------------------------------- resolving a match


def _topic_subject(org: m.Organisation, e: Entry) -> Subject:
    role = org.roles[e.ref]
    topic = next(t for t in role.topics if t.name == e.topic)
    return Subject(topic, role, role.team, covering(org, [topic]))


def _role_subject(org: m.Organisation, e: Entry) -> Subject:
    role = org.roles[e.ref]
    owned = [s for s in _live(org) if s.owner is role]
    return Subject(None, role, role.team, _unique([*covering(org, role.topics), *owned]))


def _team_subject(org: m.Organisation, e: Entry) -> Subject:
    team = org.teams[e.ref]
    return Subject(None, team.lead, team, [s for s in _live(org) if s.provider is team])


def _standard_subject(org: m.Organisation, e: Entry) -> Subject:
    std = org.standards[e.ref]
    topics = [t for t in org.topics() if _covers(std, t)]
    return Subject(topics[0] if topics else None, std.owner, std.provider, [std])


def _sop_subject(org: m.Organisation, e: Entry) -> Subject:
    sop = org.sops[e.ref]
    related = [org.standards[i] for i in sop.related_standard_ids if i in org.standards]
    role = sop.owner
    return Subject(None, role, role.team if role else None, related, [sop])


_SUBJECTS: dict[str, Callable[[m.Organisation, Entry], Subject]] = {
    "topic": _topic_subject,
    "synonym": _topic_subject,
    "role": _role_subject,
    "responsibility": _role_subject,
    "team": _team_subject,
    "standard": _standard_subject,
    "sop": _sop_subject,
}


def subject_of(org: m.Organisation, entry: Entry) -> Subject:
    """The topic, owner and documents a matched entry leads to."""
    return _SUBJECTS[entry.kind](org, entry)


def _live(org: m.Organisation) -> list[m.Standard]:
    return [s for s in org.standards.values() if s.status != "retired"]


def _keys(topics: Iterable[m.Topic]) -> set[str]:
    return {key for topic in topics for term in topic.terms() for key in topic_keys(term)}


def _names_any(std: m.Standard, keys: set[str]) -> bool:
    return any(not keys.isdisjoint(topic_keys(name)) for name in std.topic_names)


def _covers(std: m.Standard, topic: m.Topic) -> bool:
    return _names_any(std, _keys([topic]))


def covering(org: m.Organisation, topics: list[m.Topic]) -> list[m.Standard]:
    """The live standards covering any of these topics, active ones first."""
    keys = _keys(topics)  # once, not once per standard: the handbook asks for every topic
    found = [s for s in _live(org) if _names_any(s, keys)]
    return sorted(found, key=lambda s: (s.status != "active", s.id))


def _unique(items: list[Any]) -> list[Any]:
    return list(dict.fromkeys(items))


# ---------------------------------------------------------------- plain data


def calendar_json(org: m.Organisation, name: str | None) -> Json | None:
    """A business calendar by id: its days, hours and description."""
    cal = org.config.calendars.get(name or "")
    if cal is None:
        return None
    return {
        "id": cal.id,
        "days": list(cal.days),
        "hours": cal.hours,
        "description": cal.description,
    }


def holder_json(h: m.Holder) -> Json:
    return {"name": h.name, "email": h.email, "employment": h.employment, "until": h.until}


def role_json(role: m.Role) -> Json:
    """A role with its holders: enough to contact it."""
    return {
        "id": role.id,
        "title": role.title,
        "title_id": role.title_id,
        "team": role.team_id,
        "vacant": is_vacant(role),
        "holders": [holder_json(h) for h in role.holders],
    }


def is_vacant(role: m.Role) -> bool:
    return role.vacant or not role.holders


def team_json(team: m.Team) -> Json:
    return {"id": team.id, "name": team.name, "name_id": team.name_id, "lead": team.lead_id}


def channel_json(org: m.Organisation, ch: m.Channel) -> Json:
    hours = ch.hours or ch.team.service_hours or org.config.default_calendar
    return {
        "id": ch.id,
        "type": ch.type,
        "address": ch.address,
        "note": ch.note,
        "team": ch.team.id,
        "hours": calendar_json(org, hours),
    }


def _text(value: Duration | Deadline | None) -> str | None:
    return None if value is None else value.text


def target_json(org: m.Organisation, std: m.Standard, t: m.Target) -> Json:
    """A target with what applies to it (svcstd.terms): own calendar, ladder, pauses."""
    terms = terms_of(org, std, t)
    return {
        "id": t.id,
        "request": t.request,
        "priority": t.priority,
        "acknowledge": _text(t.acknowledge),
        "resolve": _text(t.resolve),
        "deadline": _text(t.deadline),
        "by": relative_json(t.by),
        # Only what differs from the standard: the standard's own appear once, beside it.
        "calendar": calendar_json(org, terms.calendar_name) if terms.own_calendar else None,
        "escalation": [escalation_json(x) for x in terms.escalation]
        if terms.own_escalation
        else None,
        "pauses": [pause_json(p) for p in terms.pauses] if terms.own_pauses else None,
    }


def relative_json(by: m.RelativeDue | None) -> Json | None:
    """A date-relative target as written, with its wording in each language."""
    if by is None:
        return None
    from svcstd.relative import words

    return {
        "relative_to": by.relative_to,
        "day_offset": by.day_offset,
        "business_days": by.business_days,
        "at": by.at,
        "cutoff": by.cutoff,
        "words": {lang: words(by, lang) for lang in ("en", "id")},
    }


def pause_json(p: m.Pause) -> Json:
    """When a clock stops, the commitment it waits for, and the desk statuses that mean it."""
    return {"while": p.while_, "customer_commitment": p.commitment_id, "statuses": p.statuses}


def commitment_json(std: m.Standard, c: m.Commitment) -> Json:
    return {
        "standard": std.id,
        "id": c.id,
        "text": c.text,
        "deadline": _text(c.deadline),
        "within": _text(c.within),
    }


def escalation_json(level: m.EscalationLevel) -> Json:
    to = role_json(level.to) if level.to else {"id": level.to_id, "title": None, "holders": []}
    return {"after": _text(level.after), "to": to, "how": level.how}


def sop_json(sop: m.Sop) -> Json:
    return {"id": sop.id, "title": sop.title, "title_id": sop.title_id, "owner": sop.owner_id}


def standard_json(org: m.Organisation, std: m.Standard) -> Json:
    """A standard as the asker needs it: targets, their commitments, the escalation ladder."""
    hours = terms_of(org, std).calendar_name
    return {
        "id": std.id,
        "title": std.title,
        "title_id": std.title_id,
        "status": std.status,
        "version": std.version,
        "provider": std.provider_id,
        "owner": std.owner_id,
        "hours": calendar_json(org, hours),
        "pauses": [pause_json(p) for p in std.pauses],
        "targets": [target_json(org, std, t) for t in std.targets],
        "commitments": [commitment_json(std, c) for c in std.commitments],
        "escalation": [escalation_json(level) for level in std.escalation],
        "related_sops": [s.id for s in std.related_sops],
        "feedback": feedback_json(org, std),
    }


def feedback_json(org: m.Organisation, std: m.Standard) -> Json:
    """The last score (no mean under feedback.min_responses) and the open actions."""
    from svcstd.feedback.summary import action_dict, standard_feedback

    found = standard_feedback(org, std.id, None, keep=1)
    return {
        "min_responses": found.minimum,
        "last": found.latest.as_dict() if found.latest else None,
        "open_actions": [action_dict(a) for a in found.open],
    }


def topic_json(topic: m.Topic) -> Json:
    return {
        "name": topic.name,
        "description": topic.description,
        "synonyms": {lang: list(words) for lang, words in topic.synonyms.items()},
    }


def match_json(match: Match) -> Json:
    e = match.entry
    return {
        "kind": e.kind,
        "term": e.term,
        "language": e.language,
        "ref": e.ref,
        "topic": e.topic,
        "how": match.how,
        "score": match.score,
    }


# ---------------------------------------------------------------- the answer


def _channels(org: m.Organisation, s: Subject) -> list[m.Channel]:
    return how_to_ask(s.standards, s.team)


def topic_channels(org: m.Organisation, topic: m.Topic) -> list[m.Channel]:
    """How to ask about a topic: what whois answers, and what the topic directory lists."""
    return how_to_ask(covering(org, [topic]), topic.owner.team)


def _sops(org: m.Organisation, s: Subject) -> list[m.Sop]:
    ids = {std.id for std in s.standards}
    linked = [sop for std in s.standards for sop in std.related_sops]
    citing = [sop for sop in org.sops.values() if ids & set(sop.related_standard_ids)]
    return [sop for sop in _unique([*s.sops, *linked, *citing]) if sop.status != "retired"]


def _escalation(s: Subject) -> list[Json]:
    """The first covering standard's ladder; without one, the owner's manager."""
    for std in s.standards:
        if std.escalation:
            return [escalation_json(level) for level in std.escalation]
    boss = s.role.reports_to if s.role else None
    return [{"after": None, "to": role_json(boss), "how": None}] if boss else []


def answer_json(org: m.Organisation, match: Match) -> Json:
    """Everything the asker needs about the best match, as documented in docs/whois.md."""
    s = subject_of(org, match.entry)
    return {
        "topic": topic_json(s.topic) if s.topic else None,
        "owner": role_json(s.role) if s.role else None,
        "vacant": s.role is None or is_vacant(s.role),
        "deputy": role_json(s.role.deputy) if s.role and s.role.deputy else None,
        "team": team_json(s.team) if s.team else None,
        "channels": [channel_json(org, c) for c in _channels(org, s)],
        "standards": [standard_json(org, std) for std in s.standards],
        "commitments": [commitment_json(std, c) for std in s.standards for c in std.commitments],
        "escalation": _escalation(s),
        "sops": [sop_json(sop) for sop in _sops(org, s)],
    }
