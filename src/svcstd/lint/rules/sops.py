"""SOP rules: steps are uniquely named and the RACI matrix names who answers for each activity.

That each step's role, hand-off, owner and SIPOC supplier or customer exists is the
reference check's job (refs/unknown-reference), so it is not repeated here.
"""

from __future__ import annotations

from collections.abc import Iterator

from svcstd.findings import Finding, Severity
from svcstd.lint.context import LintContext
from svcstd.lint.registry import rule


@rule(
    "sops/duplicate-step-id",
    Severity.ERROR,
    "Two steps of an SOP share an id.",
    """
    Step ids are how the RACI matrix, 'svcstd diff' and people refer to a step
    ('step create-login'), so each must be unique within its SOP. Rename one of
    the steps; do not reuse an id for a different step.""",
)
def duplicate_step_id(ctx: LintContext) -> Iterator[Finding]:
    for sop in ctx.org.sops.values():
        first: dict[str, int] = {}
        for step in sop.steps:
            if step.id in first:
                yield ctx.finding(
                    "sops/duplicate-step-id",
                    sop,
                    ("steps", step.index, "id"),
                    f"step id {step.id!r} is also step {first[step.id] + 1}",
                    "give every step its own id",
                )
            first.setdefault(step.id, step.index)


@rule(
    "sops/raci-accountable",
    Severity.ERROR,
    "A RACI row does not have exactly one Accountable role.",
    """
    In a RACI matrix exactly one role is Accountable for each activity: the one
    who answers for the outcome. None means nobody answers for it; two means each
    will assume the other does.""",
)
def raci_accountable(ctx: LintContext) -> Iterator[Finding]:
    for sop in ctx.org.sops.values():
        for row in sop.raci:
            if len(row.accountable) != 1:
                who = ", ".join(row.accountable) or "none"
                yield ctx.finding(
                    "sops/raci-accountable",
                    sop,
                    ("raci", row.index, "accountable"),
                    f"activity {row.activity!r} has {len(row.accountable)} "
                    f"accountable roles ({who}); it needs exactly one",
                    "keep one accountable role; move the others to responsible or consulted",
                )


@rule(
    "sops/raci-responsible",
    Severity.ERROR,
    "A RACI row has no Responsible role.",
    """
    Every activity in the RACI matrix needs at least one Responsible role, the
    one that does the work; otherwise the activity is owned but never done.""",
)
def raci_responsible(ctx: LintContext) -> Iterator[Finding]:
    for sop in ctx.org.sops.values():
        for row in sop.raci:
            if not row.responsible:
                yield ctx.finding(
                    "sops/raci-responsible",
                    sop,
                    ("raci", row.index, "responsible"),
                    f"activity {row.activity!r} has no responsible role",
                    "name the role that does the work",
                )
