"""Adding up a chain against the promise at its end, in comparable minutes.

Consecutive hops on the same business calendar are added in business minutes and
turned into worst-case wall-clock time together (two half-days are one day, not two
Friday evenings). When every hop and the promise count business time on one
calendar, the chain is compared in business minutes; otherwise in wall-clock
minutes: the chain at its worst against the promise at its shortest (business time
never passes faster than the clock).
"""

from __future__ import annotations

from collections.abc import Callable

from msgspec import Struct

from svcstd.chains.clock import describe, is_round_the_clock, worst_case_minutes
from svcstd.chains.graph import Hop
from svcstd.durations import Duration
from svcstd.model import Calendar

ELAPSED = "elapsed"


class Leg(Struct, frozen=True):
    """What one hop (or a delay, when ``hop`` is None) adds to a chain."""

    hop: Hop | None
    minutes: float  # business minutes when ``clock`` names a calendar, else wall-clock
    clock: str
    calendar: Calendar | None

    @property
    def label(self) -> str:
        if self.hop is None:
            return f"delay {describe(self.minutes)}"
        within = self.hop.step.within
        return f"{self.hop.key} {within}" if within else f"{self.hop.key} (no time given)"


def leg_of(hop: Hop) -> Leg:
    """A hop's leg; a step without ``within`` adds nothing (lint says nothing about it here)."""
    return _leg(hop, hop.step.within, hop.calendar)


def delay_leg(minutes: float) -> Leg:
    """A wall-clock delay inserted into a chain (``svcstd impact --late``)."""
    return Leg(None, minutes, ELAPSED, None)


def _leg(hop: Hop | None, duration: Duration | None, calendar: Calendar | None) -> Leg:
    if duration is None:
        return Leg(hop, 0.0, ELAPSED, None)
    if not duration.business or is_round_the_clock(calendar) or calendar is None:
        minutes = duration.elapsed_minutes() if calendar is None else duration.minutes
        return Leg(hop, minutes, ELAPSED, None)
    return Leg(hop, duration.minutes, calendar.id, calendar)


class Verdict(Struct, frozen=True):
    """A chain judged against its end promise: totals in one unit, and the tipping hop."""

    legs: list[Leg]
    promise_hop: Hop
    promise: Duration
    total: float
    allowed: float
    unit: str  # "minutes" or "business minutes on CALENDAR"
    running: list[float]  # the total after each leg, in ``unit``

    @property
    def slack(self) -> float:
        return self.allowed - self.total

    @property
    def misses(self) -> bool:
        return self.total > self.allowed

    @property
    def tipping(self) -> Leg | None:
        """The first leg after which the chain no longer fits its promise."""
        return next(
            (leg for leg, t in zip(self.legs, self.running, strict=True) if t > self.allowed), None
        )


def judge(legs: list[Leg], promise_hop: Hop) -> Verdict:
    """Add ``legs`` up against the external promise of the target ``promise_hop`` serves."""
    promise = promise_hop.promise
    assert promise is not None
    promise_leg = _leg(None, promise, promise_hop.calendar)
    clocks = {leg.clock for leg in legs if leg.minutes}
    if promise_leg.clock != ELAPSED and clocks <= {promise_leg.clock}:
        running = _running(legs, lambda ls: sum(leg.minutes for leg in ls))
        unit = f"business minutes on {promise_leg.clock}"
    else:
        running = _running(legs, _worst_total)
        unit = "minutes"
    total = running[-1] if running else 0.0
    return Verdict(legs, promise_hop, promise, total, promise_leg.minutes, unit, running)


def _running(legs: list[Leg], total_of: Callable[[list[Leg]], float]) -> list[float]:
    return [float(total_of(legs[: i + 1])) for i in range(len(legs))]


def _worst_total(legs: list[Leg]) -> float:
    """Wall-clock worst case: runs of legs on one business calendar are taken together."""
    total = 0.0
    i = 0
    while i < len(legs):
        j = i
        while j + 1 < len(legs) and legs[j + 1].clock == legs[i].clock:
            j += 1
        run = sum(leg.minutes for leg in legs[i : j + 1])
        if legs[i].clock == ELAPSED:
            total += run
        else:
            total += worst_case_minutes(Duration(run, True, ""), legs[i].calendar)
        i = j + 1
    return total


def describe_leg(leg: Leg) -> str:
    """A leg as a message names it: the step, its written time and its worst case."""
    if leg.hop is None or leg.clock == ELAPSED:
        return leg.label
    worst = worst_case_minutes(Duration(leg.minutes, True, ""), leg.calendar)
    return f"{leg.label} (up to {describe(worst)} on {leg.clock})"
