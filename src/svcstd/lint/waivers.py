"""Waivers: dated exceptions kept in the data, applied to findings by rule and document."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date

from svcstd.findings import Finding
from svcstd.lint.registry import RULES
from svcstd.model import Waiver


def active_waivers(waivers: Iterable[Waiver], as_of: date) -> list[Waiver]:
    """Waivers still in force on ``as_of`` (the expiry day itself included)."""
    return [w for w in waivers if date.fromisoformat(w.expires) >= as_of]


def waiver_for(finding: Finding, doc_id: str | None, waivers: list[Waiver]) -> Waiver | None:
    """The waiver covering a finding in the document ``doc_id``, if any."""
    for waiver in waivers:
        if waiver.rule == finding.rule and waiver.document_id == doc_id:
            return waiver
    return None


def unused(waivers: list[Waiver], used: set[str]) -> Iterator[Finding]:
    """A finding for every waiver in force that waived nothing."""
    rule = RULES["lifecycle/waiver-unused"]
    for waiver in waivers:
        if waiver.id in used:
            continue
        known = waiver.rule in RULES
        why = (
            f"no {waiver.rule} finding on {waiver.document_id!r}"
            if known
            else f"{waiver.rule!r} is not a rule id"
        )
        line, column = waiver.where(("rule",))
        yield Finding(
            waiver.file,
            line,
            column,
            rule.id,
            rule.severity,
            f"waiver {waiver.id!r} waives nothing: {why}",
            "delete the waiver, or correct its rule or document",
            ("rule",),
        )
