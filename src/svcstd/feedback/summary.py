"""What a standard's customers said and what its provider did about it: the figures every
output shows (handbook, whois, digest, due, diff), computed once so that they agree.

The small-numbers rule lives here for all of them: a score from fewer than
``feedback.min_responses`` answers has no mean, only a response count.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from msgspec import Struct

from svcstd.edition.schedule import add_cadence
from svcstd.feedback.matrix import min_responses, shown_mean
from svcstd.model import Action, FeedbackResults, Organisation, Scores, Standard, pooled

PERIODS_SHOWN = 4  # the handbook's chart shows this many of the latest periods
RECENT = timedelta(days=90)  # a done or dropped action stays "recent" this long after closing


class PeriodScore(Struct, frozen=True):
    """One feedback period's score: the mean, or no mean when too few answered."""

    feedback_id: str
    period: str
    start: str
    end: str
    responses: int
    mean: float | None  # None when too few answered (or nobody)

    @property
    def too_few(self) -> bool:
        return self.mean is None

    def as_dict(self) -> dict[str, Any]:
        """The JSON shape: mean rounded to two places, null when too few answered."""
        return {
            "feedback": self.feedback_id,
            "period": self.period,
            "start": self.start,
            "end": self.end,
            "responses": self.responses,
            "mean": round(self.mean, 2) if self.mean is not None else None,
            "too_few": self.too_few,
        }


def score(results: FeedbackResults, scores: Scores, minimum: int) -> PeriodScore:
    """A period's score from some of its answers, under the small-numbers rule."""
    shown = shown_mean(scores, minimum)
    return PeriodScore(
        results.id, results.period, results.start, results.end, scores.responses, shown
    )


class StandardFeedback(Struct, frozen=True):
    """A standard's latest scores and the actions its provider took on them."""

    standard_id: str
    minimum: int
    periods: tuple[PeriodScore, ...]  # oldest first, at most PERIODS_SHOWN
    open: tuple[Action, ...]  # by due date
    recent: tuple[Action, ...]  # done or dropped within RECENT of the day asked about

    @property
    def latest(self) -> PeriodScore | None:
        return self.periods[-1] if self.periods else None

    @property
    def empty(self) -> bool:
        return not (self.periods or self.open or self.recent)


def is_overdue(action: Action, as_of: date) -> bool:
    """An open action whose due day has passed."""
    due = _day(action.due)
    return action.status == "open" and due is not None and due < as_of


def standard_feedback(
    org: Organisation, standard_id: str, as_of: date | None, keep: int = PERIODS_SHOWN
) -> StandardFeedback:
    """The standard's last ``keep`` periods and its open and recently closed actions.

    Without ``as_of`` every closed action counts as recent (whois has no date to judge by).
    """
    minimum = min_responses(org)
    periods = [score(r, r.overall, minimum) for r in org.feedback_of(standard_id)]
    actions = org.actions_of(standard_id)
    return StandardFeedback(
        standard_id,
        minimum,
        tuple(periods[-keep:]) if keep else (),
        tuple(a for a in actions if a.status == "open"),
        tuple(
            sorted(
                (a for a in actions if a.status != "open" and _recent(a, as_of)),
                key=lambda a: (a.closed or "", a.id),
                reverse=True,
            )
        ),
    )


def _recent(action: Action, as_of: date | None) -> bool:
    closed = _day(action.closed)
    if as_of is None or closed is None:
        return True
    return as_of - RECENT <= closed <= as_of


def _day(text: str | None) -> date | None:
    try:
        return date.fromisoformat(str(text)) if text else None
    except ValueError:
        return None


def action_dict(action: Action, as_of: date | None = None) -> dict[str, Any]:
    """An action as plain data (JSON and view models); ``overdue`` only when a day is given."""
    data: dict[str, Any] = {
        "id": action.id,
        "standard": action.standard_id,
        "answers": action.answers_id,
        "said": action.said,
        "will_do": action.will_do,
        "owner": action.owner_id,
        "due": action.due,
        "status": action.status,
        "closed": action.closed,
        "outcome": action.outcome,
    }
    if as_of is not None:
        data["overdue"] = is_overdue(action, as_of)
    return data


class CustomerScore(Struct, frozen=True):
    """What one customer team said about one standard in its latest period."""

    standard_id: str
    score: PeriodScore
    actions: tuple[Action, ...]  # open, or closed recently, answering feedback this team gave


def customer_feedback(
    org: Organisation, customer_id: str, as_of: date | None
) -> list[CustomerScore]:
    """Per standard the team answered about: its own score in the standard's latest period,
    and the provider's actions on the periods it took part in."""
    minimum = min_responses(org)
    found: list[CustomerScore] = []
    for std_id in sorted(org.standards):
        history = org.feedback_of(std_id)
        mine = [(r, s) for r in history for s in r.results if s.customer_id == customer_id]
        if not mine:
            continue
        answered = {r.id for r, _ in mine}
        latest = history[-1]
        own = [s for s in latest.results if s.customer_id == customer_id]
        shown = score(latest, pooled(own), minimum)
        acts = tuple(
            a
            for a in org.actions_of(std_id)
            if (a.answers_id in answered or a.answers_id is None)
            and (a.status == "open" or _recent(a, as_of))
        )
        found.append(CustomerScore(std_id, shown, acts))
    return found


class SurveyDue(Struct, frozen=True):
    """When a standard's customers were last asked and when they are next due to be."""

    standard_id: str
    last: date  # the last answer counted, else the standard's effective date
    due: date


def survey_due(org: Organisation, std: Standard) -> SurveyDue | None:
    """The next survey of an active standard, one feedback.cadence after the last answers.

    None when surveys are not tracked: the standard is draft or retired, has no feedback
    cadence, or the repository holds no feedback results at all yet (tracking starts with
    the first import). lint's feedback/survey-overdue and ``svcstd due`` both ask this.
    """
    if not org.feedback or std.status != "active" or std.feedback is None:
        return None
    periods = org.feedback_of(std.id)
    if periods:
        newest = max(periods, key=lambda p: p.collected or p.end)
        since = _day(newest.collected or newest.end)
    else:
        since = _day(std.effective)
    if since is None:
        return None
    return SurveyDue(std.id, since, add_cadence(since, std.feedback.cadence))
