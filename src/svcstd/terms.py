"""What applies to one target: the calendar its time is counted on, its escalation, its pauses.

A target may name its own ``calendar``, ``escalation`` ladder and ``pauses``; what it
does not set comes from its standard. A standard without ``hours`` counts on its
provider team's service hours, then on the default calendar (docs/format.md). Every
consumer (lint rules, chains and impact, whois, the handbook, measure) asks here, so
that all of them agree on which clock a target runs on.
"""

from __future__ import annotations

from msgspec import Struct

from svcstd.model import Calendar, EscalationLevel, Organisation, Pause, Standard, Target


class Terms(Struct, frozen=True):
    """The calendar, escalation ladder and pauses that apply to one target (or a standard)."""

    calendar_name: str
    calendar: Calendar | None  # None when the name is not a configured calendar
    escalation: list[EscalationLevel]
    pauses: list[Pause]
    own_calendar: bool = False  # the target names its calendar itself
    own_escalation: bool = False
    own_pauses: bool = False

    @property
    def pausable(self) -> bool:
        """True when some condition is declared under which the clock may stop."""
        return bool(self.pauses)


def standard_calendar_name(org: Organisation, std: Standard) -> str:
    """The name of the calendar a standard's business time is counted on."""
    provider_hours = std.provider.service_hours if std.provider else None
    return std.hours or provider_hours or org.config.default_calendar


def terms_of(org: Organisation, std: Standard, target: Target | None = None) -> Terms:
    """What applies to ``target`` of ``std``; with no target, what the standard itself sets."""
    own_calendar = target is not None and target.calendar_id is not None
    name = target.calendar_id if target and target.calendar_id else None
    name = name or standard_calendar_name(org, std)
    ladder = target.escalation if target else None
    pauses = target.pauses if target else None
    return Terms(
        calendar_name=name,
        calendar=org.config.calendars.get(name),
        escalation=std.escalation if ladder is None else ladder,
        pauses=std.pauses if pauses is None else pauses,
        own_calendar=own_calendar,
        own_escalation=ladder is not None,
        own_pauses=pauses is not None,
    )
