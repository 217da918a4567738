"""Chain rules: hand-offs that feed an external promise must fit inside it, and never loop.

The graph and the arithmetic live in svcstd.chains, shared with ``svcstd impact``;
these rules only turn its verdicts into findings.
"""

from __future__ import annotations

from collections.abc import Iterator

from svcstd.chains.budget import Verdict, describe_leg
from svcstd.chains.graph import ChainGraph, build_graph, served_target
from svcstd.chains.impact import amount
from svcstd.chains.verdicts import loops, verdicts
from svcstd.durations import DEFAULT_WORKING_HOURS_PER_WEEK
from svcstd.findings import Finding, Severity
from svcstd.lint.context import LintContext
from svcstd.lint.registry import rule


def _graph(ctx: LintContext) -> ChainGraph:
    graph: ChainGraph = ctx.memo("chains.graph", lambda: build_graph(ctx.org))
    return graph


@rule(
    "chains/unknown-target",
    Severity.ERROR,
    "A step serves a standard or target that does not exist.",
    """
    A step's 'serves: STANDARD/TARGET' ties it to the target it delivers, so that
    chain budgets and 'svcstd impact' can follow the work to the promise it
    ends in. A name that does not resolve silently drops the step from every
    chain; write an existing standard id and one of its target ids.""",
)
def unknown_target(ctx: LintContext) -> Iterator[Finding]:
    for sop in ctx.org.sops.values():
        for step in sop.steps:
            if not step.serves:
                continue
            std, target = served_target(ctx.org, step)
            if std is None:
                what, hint = "no standard", "write an existing standard id before the slash"
            elif target is None:
                what = f"no target in {std.id}"
                hint = "targets of it: " + ", ".join(t.id for t in std.targets)
            else:
                continue
            yield ctx.finding(
                "chains/unknown-target",
                sop,
                ("steps", step.index, "serves"),
                f"step {step.id!r} serves {step.serves!r}, but there is {what}",
                hint,
            )


@rule(
    "chains/over-budget",
    Severity.ERROR,
    "A chain of hand-offs takes longer than the external promise it ends in.",
    """
    Following each step's hand-off (and hand-offs into linked SOPs), the worst
    case of every hop is added up on its own calendar; when the chain reaches a
    step that serves a target with an external promise, the total must fit in
    that promise. Each hop can meet its own target while the chain misses the
    customer's: shorten a hop, or change what is promised. The finding is
    placed at the hop that tips the chain over and names every hop with its
    time. See docs/chains.md.""",
)
def over_budget(ctx: LintContext) -> Iterator[Finding]:
    reported: dict[tuple[str, str], Verdict] = {}
    for verdict in verdicts(_graph(ctx)):
        tip = verdict.tipping
        if tip is None or tip.hop is None:
            continue
        key = (verdict.promise_hop.key, tip.hop.key)
        if key not in reported or verdict.total > reported[key].total:
            reported[key] = verdict
    for verdict in reported.values():
        tip = verdict.tipping
        assert tip is not None and tip.hop is not None
        yield ctx.finding(
            "chains/over-budget",
            tip.hop.sop,
            ("steps", tip.hop.step.index, "within"),
            _message(verdict),
            "shorten a hop of the chain, or promise the customer more time",
        )


def _message(v: Verdict) -> str:
    end = v.promise_hop
    target = f"{end.standard.id}/{end.target.id}" if end.standard and end.target else end.key
    hops = " -> ".join(describe_leg(leg) for leg in v.legs)
    return (
        f"the chain to the external promise of {target} ({v.promise}) takes "
        f"{amount(v.total, v.unit)}, {amount(v.total - v.allowed, v.unit)} over: {hops}"
    )


@rule(
    "chains/cycle",
    Severity.ERROR,
    "Hand-offs lead back to a step already in the chain.",
    """
    A loop of hand-offs (A hands to B, B hands back to A's SOP) has no end, so
    no promise can be judged along it and work can circle between teams with
    nobody finishing it. Break the loop: end one SOP without a hand-off, or hand
    off to a role whose steps close the work.""",
)
def cycle(ctx: LintContext) -> Iterator[Finding]:
    for loop in loops(_graph(ctx)):
        last = loop[-1]
        where = ("steps", last.step.index, "handoff")
        path = " -> ".join(h.key for h in [*loop, loop[0]])
        yield ctx.finding(
            "chains/cycle",
            last.sop,
            where,
            f"hand-offs loop back: {path}",
            "end the loop with a step that hands off to nobody",
        )


# A deadline recurring on a longer period cannot feed one on a shorter period.
_PERIODS = ("daily", "weekly", "monthly")


@rule(
    "chains/step-deadline",
    Severity.ERROR,
    "A step's deadline falls after the deadline of the target it serves.",
    """
    Recurring work is written on the step as a deadline ('deadline: monthly on
    day 20'), and 'serves: STANDARD/TARGET' names the target it feeds. The step
    must be done before the target it feeds is due: overtime sheets in by the
    20th feed payroll on the 25th; sheets due on the 26th cannot. Both deadlines
    are compared within their period (the day of the month, of the week, the time
    of day); a step that recurs less often than the target it feeds (monthly
    feeding a daily target) cannot keep it either.""",
)
def step_deadline(ctx: LintContext) -> Iterator[Finding]:
    for sop in ctx.org.sops.values():
        for step in sop.steps:
            _, target = served_target(ctx.org, step)
            if step.deadline is None or target is None or target.deadline is None:
                continue
            mine, feeds = step.deadline, target.deadline
            rank, fed = _PERIODS.index(mine.period), _PERIODS.index(feeds.period)
            if rank > fed or (rank == fed and mine.position > feeds.position):
                yield ctx.finding(
                    "chains/step-deadline",
                    sop,
                    ("steps", step.index, "deadline"),
                    f"step {step.id!r} is due {mine}, after the target it serves, "
                    f"{step.serves}, is due ({feeds})",
                    "move the step's deadline before the target's, or serve another target",
                )


@rule(
    "chains/step-longer-than-target",
    Severity.ERROR,
    "A step may take longer than the target it serves allows.",
    """
    A step that serves a target ('serves: STANDARD/TARGET') delivers it, so the
    time the step may take ('within') must fit inside the target's resolve time:
    an SOP step of 28 minutes cannot deliver an 18-minute kitchen target. Business
    time is compared on the target's calendar (svcstd.terms).""",
)
def step_longer_than_target(ctx: LintContext) -> Iterator[Finding]:
    for sop in ctx.org.sops.values():
        for step in sop.steps:
            std, target = served_target(ctx.org, step)
            if std is None or target is None or step.within is None or target.resolve is None:
                continue
            calendar = ctx.calendar_of(std, target)
            week = calendar.hours_per_week if calendar else DEFAULT_WORKING_HOURS_PER_WEEK
            if step.within.elapsed_minutes(week) > target.resolve.elapsed_minutes(week):
                yield ctx.finding(
                    "chains/step-longer-than-target",
                    sop,
                    ("steps", step.index, "within"),
                    f"step {step.id!r} may take {step.within}, longer than the target it "
                    f"serves, {step.serves}, allows ({target.resolve})",
                    "shorten the step, or serve a target with a longer resolve time",
                )
