"""Coverage rules: where work crosses from one team to another, a standard covers the hand-off."""

from __future__ import annotations

from collections.abc import Iterator

from svcstd.findings import Finding, Severity
from svcstd.lint.context import LintContext
from svcstd.lint.registry import rule
from svcstd.model import Organisation


def covered_pairs(org: Organisation) -> set[frozenset[str]]:
    """Pairs of teams with an active standard between them, in either direction."""
    pairs: set[frozenset[str]] = set()
    for std in org.standards.values():
        if std.status == "active":
            pairs.update(frozenset((std.provider_id, t.id)) for t in std.customers(org))
    return pairs


def invalid_pairs(ctx: LintContext) -> set[frozenset[str]]:
    """Team pairs named by standards that failed validation (and so are not in the model).

    Their schema findings come first; a coverage warning on top would only be noise.
    """
    pairs: set[frozenset[str]] = set()
    for doc in ctx.repo.documents:
        d = doc.data
        if d.get("kind") != "standard" or d.get("id") in ctx.org.standards:
            continue
        customers = d.get("customers")
        teams = list(ctx.org.teams) if customers == "all" else customers
        if isinstance(d.get("provider"), str) and isinstance(teams, list):
            pairs.update(frozenset((d["provider"], str(t))) for t in teams)
    return pairs


@rule(
    "coverage/handoff-without-standard",
    Severity.WARNING,
    "An SOP hands work to another team with no service standard between them.",
    """
    A hand-off from a role in one team to a role in another is where work falls
    through the cracks: the receiving team has not agreed how fast it will act,
    and the sending team has nobody to escalate to. Each such hand-off in an
    active SOP needs an active service standard between the two teams (either
    team the provider, the other among its customers, or customers: all).""",
)
def handoff_without_standard(ctx: LintContext) -> Iterator[Finding]:
    pairs = covered_pairs(ctx.org) | invalid_pairs(ctx)
    for sop in ctx.org.sops.values():
        if sop.status != "active":
            continue
        for step in sop.steps:
            if step.role is None or step.handoff is None:
                continue
            src, dst = step.role.team_id, step.handoff.team_id
            if src != dst and frozenset((src, dst)) not in pairs:
                yield ctx.finding(
                    "coverage/handoff-without-standard",
                    sop,
                    ("steps", step.index, "handoff"),
                    f"step {step.id!r} hands work from {src!r} to {dst!r}, but no "
                    "active standard is agreed between these teams",
                    f"write a service standard between {dst!r} and {src!r}, or "
                    "add the team to an existing one's customers",
                )
