"""Feedback and actions in a diff: a new survey period is a score change (the standard's mean
before -> after), an action is opened or closed; neither is a list of changed fields.

The differ reads only the files that changed, so a new period's predecessor may sit in a file
that did not change: each side's score history therefore comes from the per-file summaries
(:func:`contribution`), which every diff builds for the whole side anyway.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from svcstd.feedback.matrix import shown_mean
from svcstd.model import Action, Document, FeedbackResults, Scores

# One period of one standard as the history keeps it: (end, start, period, counts 1-5).
Period = tuple[str, str, str, list[int]]
History = dict[str, list[Period]]  # standard id -> its periods, oldest first
Raw = tuple[tuple[str | int, ...], str, Any, Any, str]

SCORE_CLASSES = ("score changed", "action opened", "action closed")
ACTION_END_FIELDS = ("status", "closed", "outcome")  # reported together as "action closed"


def contribution(doc: FeedbackResults) -> dict[str, Any]:
    """What the score history needs from a feedback document (plain JSON, cached per file)."""
    return {
        "standard": doc.standard_id,
        "period": doc.period,
        "start": doc.start,
        "end": doc.end,
        "counts": list(doc.overall.counts),
    }


def history_of(contributions: Iterable[dict[str, Any]]) -> History:
    """Every standard's periods, oldest first, from the feedback contributions of one side."""
    history: History = {}
    for c in contributions:
        if c.get("kind") == "feedback" and "counts" in c:
            period = (str(c["end"]), str(c["start"]), str(c["period"]), list(c["counts"]))
            history.setdefault(str(c["standard"]), []).append(period)
    for periods in history.values():
        periods.sort(key=lambda p: (p[0], p[1]))
    return history


def score_text(period: Period | None, minimum: int) -> str | None:
    """'3.8 in 2026-10 (9 responses)', or 'too few responses in 2026-10 (3)'; no mean under
    the minimum, as everywhere else."""
    if period is None:
        return None
    scores = Scores("", (period[3][0], period[3][1], period[3][2], period[3][3], period[3][4]), -1)
    n, mean = scores.responses, shown_mean(scores, minimum)
    if mean is None:
        return f"too few responses in {period[2]} ({n})"
    return f"{mean:.1f} in {period[2]} ({n} responses)"


def feedback_changes(
    old: Document | None, new: Document | None, histories: tuple[History, History], minimum: int
) -> Iterator[Raw]:
    """A feedback period added, re-imported or removed, as the standard's score before -> after.

    A new period is compared with the period before it (on the new side, else the old side's
    latest): "the standard's mean before -> after".
    """
    doc = new or old
    assert isinstance(doc, FeedbackResults)
    before_history, after_history = histories
    key = (doc.end, doc.start)
    if old is None:
        earlier = [p for p in after_history.get(doc.standard_id, []) if (p[0], p[1]) < key]
        previous = earlier[-1] if earlier else _latest(before_history, doc.standard_id)
        after = _period(doc)
        yield _score(doc, score_text(previous, minimum), score_text(after, minimum), "new period")
    elif new is None:
        assert isinstance(old, FeedbackResults)
        yield (
            ("score",),
            f"score of {doc.standard_id}",
            score_text(_period(old), minimum),
            None,
            ("removed"),
        )
    else:
        assert isinstance(old, FeedbackResults) and isinstance(new, FeedbackResults)
        b, a = score_text(_period(old), minimum), score_text(_period(new), minimum)
        if old.overall.counts != new.overall.counts and b != a:
            yield _score(doc, b, a, "counted again")


def _score(doc: FeedbackResults, before: str | None, after: str | None, why: str) -> Raw:
    return ("score",), f"score of {doc.standard_id} ({why})", before, after, "score changed"


def _period(doc: FeedbackResults) -> Period:
    return (doc.end, doc.start, doc.period, list(doc.overall.counts))


def _latest(history: History, standard_id: str) -> Period | None:
    periods = history.get(standard_id)
    return periods[-1] if periods else None


def action_changes(old: Document | None, new: Document | None) -> Iterator[Raw]:
    """An action opened (added open) or closed (added closed, or its status left 'open')."""
    if new is None:
        return
    assert isinstance(new, Action)
    was_open = isinstance(old, Action) and old.status == "open"
    if old is None and new.status == "open":
        yield ("status",), _what(new), None, _due(new), "action opened"
    elif new.status != "open" and (old is None or was_open):
        yield ("status",), _what(new), _ending(old), _ending(new), "action closed"


def _what(action: Action) -> str:
    # The standard and the start of what will be done: enough to recognise the action.
    text = " ".join(action.will_do.split())
    return f"{action.standard_id} \N{EM DASH} {text if len(text) <= 70 else text[:69] + '…'}"


def _due(action: Action) -> str:
    return f"open, due {action.due}, owner {action.owner_id}"


def _ending(action: Document | None) -> str | None:
    if not isinstance(action, Action):
        return None
    if action.status == "open":
        return _due(action)
    outcome = f": {action.outcome}" if action.outcome else ""
    return f"{action.status} {action.closed or ''}".rstrip() + outcome
