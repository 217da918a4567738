"""``svcstd attest``: a holder of the reviewing role confirms that documents are still true.

The confirmation is data: review.last moves to the day, review.attested says
who (git user.email), when, and which commit they read; it is committed on its
own, so ``lifecycle/unattested-review`` can check the author against the role.
"""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path
from typing import Any

from msgspec import Struct

from svcstd.errors import UsageError
from svcstd.model import Organisation, Role, Sop, Standard


class Attestation(Struct, frozen=True):
    """What was confirmed: the document, the role it was confirmed as, and the file."""

    doc: Standard | Sop
    role: Role
    path: Path


def plan(org: Organisation, ids: list[str], as_role: str | None, email: str) -> list[Attestation]:
    """Check every id before writing anything: a reviewed document, a role the user holds."""
    out = []
    for ident in dict.fromkeys(ids):  # each once, in the order given
        doc = org.standards.get(ident) or org.sops.get(ident)
        if doc is None:
            from svcstd.suggest import did_you_mean

            known = [*org.standards, *org.sops]
            raise UsageError(
                f"{ident!r} is not a standard or SOP",
                did_you_mean(ident, known) or "give the id of a standard or SOP",
            )
        if doc.review is None:
            raise UsageError(f"{ident} has no review block", "add review: {cadence, last} first")
        out.append(Attestation(doc, _role(org, doc, as_role, email), Path(doc.file)))
    return out


def _role(org: Organisation, doc: Standard | Sop, as_role: str | None, email: str) -> Role:
    assert doc.review is not None
    role_id = as_role or doc.review.by_id or doc.owner_id
    role = org.roles.get(role_id)
    if role is None:
        raise UsageError(f"unknown role {role_id!r}", "give --as the id of a role")
    if email.casefold() not in {h.email.casefold() for h in role.holders}:
        holders = ", ".join(f"{h.name} <{h.email}>" for h in role.holders) or "nobody"
        raise UsageError(
            f"you ({email}) do not hold {role.id!r}, so you cannot confirm {doc.id}",
            f"ask a holder ({holders}), or give --as a role you hold; git's user.email "
            "must be the address the role lists",
        )
    return role


def write(item: Attestation, day: date, email: str, commit: str, as_role: str | None) -> None:
    """Record the confirmation in the document's review block (a minimal YAML edit)."""
    from svcstd.integrations.edits import round_trip_yaml

    text = item.path.read_text(encoding="utf-8")
    yaml = round_trip_yaml(text)
    data = yaml.load(text)
    review: Any = data["review"]
    review["last"] = day
    if as_role:
        review["by"] = as_role
    # A second date object: one shared object would be written as a YAML anchor and alias.
    review["attested"] = {"by": email, "date": date.fromordinal(day.toordinal()), "commit": commit}
    out = io.StringIO()
    yaml.dump(data, out)
    from svcstd.writer import write_text

    write_text(item.path, out.getvalue())
