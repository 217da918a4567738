"""People rules: every role is staffed or marked vacant, deputies differ, e-mails are real."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from datetime import date

from svcstd.findings import Finding, Severity
from svcstd.lint.context import LintContext
from svcstd.lint.registry import rule
from svcstd.model import Holder, Role

# Stricter than the schema's shape check: no dots at the ends or twice in a row, domain
# labels of letters, digits and inner hyphens, and a top-level domain of letters.
_LOCAL = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
EMAIL_RE = re.compile(rf"^{_LOCAL}@(?:{_LABEL}\.)+[A-Za-z]{{2,63}}$")


@rule(
    "people/no-holder",
    Severity.WARNING,
    "A role has no holder and is not marked vacant.",
    """
    People look up a role to find the person to talk to. A role with no 'holders'
    must say so with 'vacant: true' (and a role marked vacant must not list
    holders), so that a missing person is a visible, deliberate state rather than
    a forgotten update.""",
)
def no_holder(ctx: LintContext) -> Iterator[Finding]:
    for role in ctx.org.roles.values():
        if not role.holders and not role.vacant:
            yield ctx.finding(
                "people/no-holder",
                role,
                ("id",),
                f"role {role.id!r} has no holders and is not marked vacant",
                "add the holders, or write 'vacant: true'",
            )
        elif role.holders and role.vacant:
            yield ctx.finding(
                "people/no-holder",
                role,
                ("vacant",),
                f"role {role.id!r} is marked vacant but lists holders",
                "remove 'vacant: true' or the holders",
            )


@rule(
    "people/deputy-is-self",
    Severity.ERROR,
    "A role is its own deputy.",
    """
    The deputy stands in when the role's holders are away, so it must be a
    different role; naming the role itself leaves nobody to stand in.""",
)
def deputy_is_self(ctx: LintContext) -> Iterator[Finding]:
    for role in ctx.org.roles.values():
        if role.deputy_id == role.id:
            yield ctx.finding(
                "people/deputy-is-self",
                role,
                ("deputy",),
                f"role {role.id!r} names itself as its deputy",
                "name the role that stands in, usually the one it reports to",
            )


@rule(
    "people/email",
    Severity.ERROR,
    "A holder's e-mail address is malformed.",
    """
    Holders' e-mail addresses appear in the handbook and in 'svcstd whois'
    answers, where people copy them. Beyond the schema's basic shape, the address
    must have no leading, trailing or doubled dots, a domain made of letters,
    digits and hyphens, and a top-level domain of letters.""",
)
def email(ctx: LintContext) -> Iterator[Finding]:
    for role in ctx.org.roles.values():
        for holder in role.holders:
            if not EMAIL_RE.match(holder.email):
                yield ctx.finding(
                    "people/email",
                    role,
                    ("holders", holder.index, "email"),
                    f"{holder.name}'s e-mail {holder.email!r} is not well formed",
                    "write it as name@domain.tld, e.g. dewi@hotel.example",
                )


@rule(
    "people/too-many-roles",
    Severity.WARNING,
    "A person holds more roles than the limit.",
    """
    One person holding many roles is a single point of failure and usually means
    the data was copied without being updated. The person is identified by e-mail
    address (case does not matter); the limit is the option 'max_roles' (default
    3).""",
    options={"max_roles": 3},
)
def too_many_roles(ctx: LintContext) -> Iterator[Finding]:
    limit = int(ctx.option("people/too-many-roles", "max_roles"))
    held: dict[str, list[tuple[Role, Holder]]] = defaultdict(list)
    for role in ctx.org.roles.values():
        for holder in role.holders:
            held[holder.email.casefold()].append((role, holder))
    for places in held.values():
        if len(places) > limit:
            role, holder = places[limit]
            names = ", ".join(r.id for r, _ in places)
            yield ctx.finding(
                "people/too-many-roles",
                role,
                ("holders", holder.index, "email"),
                f"{holder.name} holds {len(places)} roles ({names}); the limit is {limit}",
                "hand some roles to other people, or raise "
                "rules.options.people/too-many-roles.max_roles",
            )


@rule(
    "people/holder-ended",
    Severity.WARNING,
    "A holder's engagement has ended.",
    """
    Temporary staff and contractors carry an 'until' date, the last day of their
    engagement. After it, the person is still listed as the one to ask, but has
    left. Remove the holder (and mark the role vacant if nobody replaces them), or
    extend the date if the engagement was renewed.""",
)
def holder_ended(ctx: LintContext) -> Iterator[Finding]:
    for role in ctx.org.roles.values():
        for holder in role.holders:
            if holder.until and date.fromisoformat(holder.until) < ctx.as_of:
                yield ctx.finding(
                    "people/holder-ended",
                    role,
                    ("holders", holder.index, "until"),
                    f"{holder.name}'s engagement as {role.id!r} ended on {holder.until}",
                    "remove the holder, or extend 'until' if the engagement was renewed",
                )
