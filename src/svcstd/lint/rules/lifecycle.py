"""Lifecycle rules: reviews happen on time, active documents point at live ones, waivers expire."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from svcstd.durations import Cadence, DateOutOfRange, add_cadence
from svcstd.findings import Finding, JsonPath, Severity
from svcstd.lint.context import LintContext
from svcstd.lint.registry import rule
from svcstd.model import Document, Organisation, Sop, Standard


def next_review(last: date, cadence: Cadence) -> date:
    """The day a review is next due: calendar months for month-based cadences, else days."""
    return add_cadence(last, cadence)


def _reviewed(org: Organisation) -> Iterator[Standard | Sop]:
    yield from org.standards.values()
    yield from org.sops.values()


@rule(
    "lifecycle/review-overdue",
    Severity.WARNING,
    "A document's review is overdue.",
    """
    Standards and SOPs are restated on a schedule so that expectations do not
    drift: each names a review cadence and the date of its last review. A review
    that is past due (judged as of --as-of, default today) is a warning, and an
    error with --strict, which CI can use on the publication branch. Retired
    documents are not reviewed.""",
    strict=Severity.ERROR,
)
def review_overdue(ctx: LintContext) -> Iterator[Finding]:
    for doc in _reviewed(ctx.org):
        if doc.status == "retired" or doc.review is None:
            continue
        try:
            due = next_review(date.fromisoformat(doc.review.last), doc.review.cadence)
        except DateOutOfRange as exc:
            # The schema bounds dates and cadences so that this cannot happen to a
            # valid document; should the bounds ever widen, it stays a finding.
            yield ctx.finding(
                "lifecycle/review-overdue",
                doc,
                ("review", "last"),
                f"cannot tell when the review is due: {exc}",
                "write review.last as a real date and a shorter cadence",
            )
            continue
        if due < ctx.as_of:
            yield ctx.finding(
                "lifecycle/review-overdue",
                doc,
                ("review", "last"),
                f"review was due on {due} ({doc.review.cadence.text} after "
                f"{doc.review.last}); {(ctx.as_of - due).days} days overdue",
                "review the document with its customers and set review.last "
                "to the date of the review",
            )


def _references(doc: Standard | Sop) -> Iterator[tuple[JsonPath, str]]:
    if isinstance(doc, Standard):
        for i, sid in enumerate(doc.related_sop_ids):
            yield ("related_sops", i), sid
    else:
        for i, sid in enumerate(doc.related_standard_ids):
            yield ("related_standards", i), sid


@rule(
    "lifecycle/refers-to-retired",
    Severity.WARNING,
    "An active document refers to a retired standard or SOP.",
    """
    An active standard or SOP that lists a retired one among its related SOPs or
    standards sends readers to a procedure or promise that is no longer in force.
    Point it at the document that replaced the retired one, or remove the
    reference. ('supersedes' naturally names a retired standard and is not
    checked.)""",
)
def refers_to_retired(ctx: LintContext) -> Iterator[Finding]:
    for doc in _reviewed(ctx.org):
        if doc.status != "active":
            continue
        for path, ident in _references(doc):
            target = ctx.org.get(ident)
            if isinstance(target, Standard | Sop) and target.status == "retired":
                yield ctx.finding(
                    "lifecycle/refers-to-retired",
                    doc,
                    path,
                    f"{ident!r} is retired",
                    _replacement_hint(ctx.org, target),
                )


def _replacement_hint(org: Organisation, retired: Document) -> str:
    for std in org.standards.values():
        if std.supersedes_id == retired.id:
            return f"refer to {std.id!r}, which supersedes it"
    return "remove the reference or point it at the document now in force"


@rule(
    "lifecycle/effective-in-future",
    Severity.WARNING,
    "An active document's effective date is still to come.",
    """
    'status: active' says a document is in force, but its 'effective' date says
    it is not yet. Until that date, mark it 'draft' (and keep the version in force
    active), so that nobody is held to a promise that has not started.""",
)
def effective_in_future(ctx: LintContext) -> Iterator[Finding]:
    for doc in _reviewed(ctx.org):
        if (
            doc.status == "active"
            and doc.effective
            and date.fromisoformat(doc.effective) > ctx.as_of
        ):
            yield ctx.finding(
                "lifecycle/effective-in-future",
                doc,
                ("effective",),
                f"{doc.kind} {doc.id!r} is active but takes effect on {doc.effective}",
                "set 'status: draft' until the effective date",
            )


@rule(
    "lifecycle/waiver-expired",
    Severity.ERROR,
    "A waiver is past its expiry date.",
    """
    A waiver is a dated exception: after its 'expires' date it no longer applies,
    the finding it waived is reported again, and the waiver itself is an error so
    that the exception is either fixed or consciously renewed (with a new expiry
    and approver) rather than forgotten.""",
)
def waiver_expired(ctx: LintContext) -> Iterator[Finding]:
    for waiver in ctx.org.waivers.values():
        if date.fromisoformat(waiver.expires) < ctx.as_of:
            yield ctx.finding(
                "lifecycle/waiver-expired",
                waiver,
                ("expires",),
                f"waiver {waiver.id!r} for {waiver.rule} on {waiver.document_id!r} "
                f"expired on {waiver.expires}",
                "fix the finding and delete the waiver, or renew it with a new expiry date",
            )
