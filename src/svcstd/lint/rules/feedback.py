"""Feedback rules: surveys on time, low scores answered with an action, actions kept, no
personal data in stored comments."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

from svcstd.feedback.matrix import min_responses
from svcstd.feedback.summary import survey_due
from svcstd.findings import Finding, JsonPath, Severity
from svcstd.lint.context import LintContext
from svcstd.lint.registry import rule
from svcstd.model import FeedbackResults, Scores
from svcstd.text import versions


@rule(
    "feedback/unanswered-low-score",
    Severity.WARNING,
    "A low feedback score has no action answering it.",
    """
    Asking internal customers how a service is doing only helps when a poor
    answer leads somewhere. A feedback period whose mean score is under
    'mean_below' (default 3.5 of 5), or in which more than 'low_share_above'
    (default 0.25) of the answers scored 1 or 2, needs at least one action
    document whose 'answers' names it: what you heard, what you will do, who and
    by when (or why it was dropped). Periods with fewer answers than
    feedback.min_responses (default 5) are not judged: one angry answer is not a
    trend.""",
    options={"mean_below": 3.5, "low_share_above": 0.25},
)
def unanswered_low_score(ctx: LintContext) -> Iterator[Finding]:
    mean_below = float(ctx.option("feedback/unanswered-low-score", "mean_below"))
    share_above = float(ctx.option("feedback/unanswered-low-score", "low_share_above"))
    minimum = min_responses(ctx.org)
    answered = {a.answers_id for a in ctx.org.actions.values()}
    for results in ctx.org.feedback.values():
        scores = results.overall
        if results.id in answered or scores.responses < minimum:
            continue
        why = _low(scores, mean_below, share_above)
        if why:
            yield ctx.finding(
                "feedback/unanswered-low-score",
                results,
                ("results",),
                f"{results.standard_id} scored {why} in {results.period} "
                f"({scores.responses} answers) and no action answers it",
                f"write an action with 'answers: {results.id}' saying what you heard and "
                "what you will do (svcstd docs feedback)",
                key=True,
            )


def _low(scores: Scores, mean_below: float, share_above: float) -> str | None:
    mean, share = scores.mean, scores.low_share
    if mean is not None and mean < mean_below:
        return f"a mean of {mean:.2f}, under {mean_below}"
    if share is not None and share > share_above:
        return f"1 or 2 in {share:.0%} of answers, over {share_above:.0%}"
    return None


@rule(
    "feedback/action-overdue",
    Severity.WARNING,
    "An action on feedback is past its due date and still open.",
    """
    An action is a promise to the internal customers who complained. Once its
    due date has passed (judged as of --as-of, default today) it must be marked
    done or dropped, with the day and the outcome, or given a new due date that
    its owner can keep.""",
)
def action_overdue(ctx: LintContext) -> Iterator[Finding]:
    for action in ctx.org.actions.values():
        if action.status == "open" and date.fromisoformat(action.due) < ctx.as_of:
            days = (ctx.as_of - date.fromisoformat(action.due)).days
            yield ctx.finding(
                "feedback/action-overdue",
                action,
                ("due",),
                f"action {action.id} was due on {action.due} and is still open "
                f"({days} days overdue)",
                "set status: done (or dropped) with closed: and outcome:, or a new due date",
            )


@rule(
    "feedback/survey-overdue",
    Severity.WARNING,
    "A standard's feedback survey is overdue by its own cadence.",
    """
    Each standard says how often its customers are asked ('feedback.cadence').
    The next survey is due one cadence after the last answer counted (the
    latest feedback file's 'collected' day, else its last day). A standard with
    no results yet counts from its 'effective' date, once the repository holds
    any feedback results at all: until the first import, svcstd does not track
    surveys. Draft and retired standards are not checked.""",
)
def survey_overdue(ctx: LintContext) -> Iterator[Finding]:
    for std in ctx.org.standards.values():
        survey = survey_due(ctx.org, std)
        if survey is None or std.feedback is None:
            continue
        since, due = survey.last, survey.due
        if due < ctx.as_of:
            yield ctx.finding(
                "feedback/survey-overdue",
                std,
                ("feedback", "cadence"),
                f"the {std.feedback.cadence.text} survey of {std.id} was due on {due} "
                f"(last answers {since}); {(ctx.as_of - due).days} days overdue",
                "run the survey and import its answers: svcstd feedback import FILE",
            )


# An e-mail address, or a phone number: eight or more digits, allowing spaces, dots,
# dashes and brackets between them and a leading +.
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
_PHONE = re.compile(r"(?<![\w])\+?\d(?:[\s.()-]*\d){7,}(?![\w])")


@rule(
    "feedback/personal-data",
    Severity.ERROR,
    "A stored feedback comment contains an e-mail address or a phone number.",
    """
    Survey comments are stored only to show what customers said, never who said
    it. An e-mail address or phone number in a comment identifies a person (often
    the respondent) and must be removed from the feedback file; the import never
    copies the respondent's own name or address from the export's columns.""",
    scope="document",
    kinds=("feedback",),
)
def personal_data(ctx: LintContext) -> Iterator[Finding]:
    for results in ctx.org.feedback.values():
        for i in range(len(results.comments)):
            for path, text in versions(results.data, ("comments", i, "text")):
                yield from _personal(ctx, results, path, text)


def _personal(
    ctx: LintContext, results: FeedbackResults, path: JsonPath, text: str
) -> Iterator[Finding]:
    found = _EMAIL.search(text) or _PHONE.search(text)
    if found:
        what = "an e-mail address" if "@" in found.group(0) else "a phone number"
        yield ctx.finding(
            "feedback/personal-data",
            results,
            path,
            f"the comment contains {what}",
            "remove it from the comment (keep what was said, not who said it)",
        )
