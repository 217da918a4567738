"""Organisation rules: the org chart and the reporting lines are trees with one root."""

from __future__ import annotations

from collections.abc import Iterator

from svcstd.findings import Finding, Severity
from svcstd.lint.context import LintContext
from svcstd.lint.registry import rule
from svcstd.lint.rules._util import find_cycles
from svcstd.model import Role


@rule(
    "organisation/team-cycle",
    Severity.ERROR,
    "Team parents form a loop.",
    """
    The teams' 'parent' fields must form a tree: following parents from any team
    must end at the root team. A loop (a team that is, through its parents, its own
    parent) makes the org chart undrawable and the escalation path endless. The
    finding names every team in the loop; change the parent of one of them.""",
)
def team_cycle(ctx: LintContext) -> Iterator[Finding]:
    for loop in find_cycles(ctx.org.teams.values(), lambda t: t.parent, lambda t: t.id):
        chain = " → ".join(t.id for t in [*loop, loop[0]])
        yield ctx.finding(
            "organisation/team-cycle",
            loop[0],
            ("parent",),
            f"team parents form a loop: {chain}",
            "one team in the loop must have a parent outside it",
        )


@rule(
    "organisation/role-cycle",
    Severity.ERROR,
    "Role reporting lines form a loop.",
    """
    The roles' 'reports_to' fields must form a tree that ends at the top of the
    organisation. A loop (a role that, through its managers, reports to itself)
    leaves nobody to escalate to. The finding names every role in the loop; change
    the 'reports_to' of one of them.""",
)
def role_cycle(ctx: LintContext) -> Iterator[Finding]:
    for loop in find_cycles(ctx.org.roles.values(), lambda r: r.reports_to, lambda r: r.id):
        chain = " → ".join(r.id for r in [*loop, loop[0]])
        yield ctx.finding(
            "organisation/role-cycle",
            loop[0],
            ("reports_to",),
            f"reporting lines form a loop: {chain}",
            "one role in the loop must report to a role outside it",
        )


@rule(
    "organisation/single-root",
    Severity.ERROR,
    "There is not exactly one root team.",
    """
    Exactly one team, the top of the org chart, has no 'parent'. Two teams without
    a parent split the organisation into unconnected charts, usually because a
    'parent' line was forgotten. Each root team is reported; give all but the real
    top team a parent.""",
)
def single_root(ctx: LintContext) -> Iterator[Finding]:
    roots = sorted((t for t in ctx.org.teams.values() if t.parent_id is None), key=lambda t: t.id)
    if len(roots) < 2:
        return
    for team in roots:
        others = ", ".join(t.id for t in roots if t is not team)
        yield ctx.finding(
            "organisation/single-root",
            team,
            ("id",),
            f"team {team.id!r} has no parent, and neither has {others}",
            "only the top team of the organisation omits 'parent'",
        )


@rule(
    "organisation/lead-in-team",
    Severity.ERROR,
    "A team's lead role belongs to another team.",
    """
    The 'lead' of a team must be a role of that team (its 'team' field names the
    team). Otherwise the org chart shows somebody else's role at the head of the
    team, and questions to the team lead go to the wrong department.""",
)
def lead_in_team(ctx: LintContext) -> Iterator[Finding]:
    for team in ctx.org.teams.values():
        lead: Role | None = team.lead
        if lead is not None and lead.team_id != team.id:
            yield ctx.finding(
                "organisation/lead-in-team",
                team,
                ("lead",),
                f"lead {lead.id!r} belongs to team {lead.team_id!r}, not {team.id!r}",
                f"choose a role of {team.id!r} as lead, or move {lead.id!r} into this team",
            )
