"""Rules that read the git history, not only the files: off unless rules.enable names them.

They run after the cached stages on every lint (their answer changes with new
commits even when no file does), through :mod:`svcstd.lint.history`.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from svcstd.findings import Finding, Severity
from svcstd.lint.context import LintContext
from svcstd.lint.registry import RULES, rule
from svcstd.model import Sop, Standard

UNATTESTED = "lifecycle/unattested-review"


@rule(
    UNATTESTED,
    Severity.WARNING,
    "A review date was moved forward by someone who does not hold the reviewing role.",
    """
    Moving 'review.last' forward says "the owner looked at this and it is still
    true". The rule checks that claim against git: the commit that last changed
    the line must be authored (by e-mail address) by a holder of the reviewing
    role ('review.by', else the owner). A holder confirms with 'svcstd attest
    ID', which records who, when and which commit in the review block, in a
    commit of its own. A line that only appeared with the document is not a
    review. Off by default (it reads the history of every reviewed file): switch
    it on with 'rules: {enable: [lifecycle/unattested-review]}'. A shallow clone
    gives one finding asking for the full history.""",
    scope="history",
    default_on=False,
)
def unattested_review(ctx: LintContext) -> Iterator[Finding]:
    from svcstd import git
    from svcstd.errors import SvcstdError

    try:
        repo = git.open_repo(ctx.repo.root)
    except SvcstdError:
        return  # not under git: there is no history to check
    if git.is_shallow(repo):
        yield Finding(
            ctx.repo.config.file,
            1,
            1,
            UNATTESTED,
            RULES[UNATTESTED].severity,
            "the git history is shallow, so who moved each review date cannot be checked",
            git.UNSHALLOW_HINT + " (in GitHub Actions: actions/checkout with fetch-depth: 0)",
            (),
        )
        return
    reviewed: list[Standard | Sop] = [*ctx.org.standards.values(), *ctx.org.sops.values()]
    for doc in reviewed:
        finding = _check(ctx, repo, doc)
        if finding is not None:
            yield finding


def _check(ctx: LintContext, repo: object, doc: Standard | Sop) -> Finding | None:
    from svcstd import git

    if doc.review is None:
        return None
    line, _ = doc.where(("review", "last"))
    origin = git.blame_line(repo, Path(doc.file), line)  # type: ignore[arg-type]
    if origin is None:
        return None
    before = _review_last(git.file_before(repo, origin.sha, Path(doc.file)))  # type: ignore[arg-type]
    if before is None or before >= doc.review.last:
        return None  # written with the document, or moved back: not a claim of review
    role_id = doc.review.by_id or doc.owner_id
    role = ctx.org.roles.get(role_id)
    holders = {h.email.casefold(): h.name for h in role.holders} if role else {}
    if origin.email.casefold() in holders:
        return None
    who = ", ".join(holders.values()) or "nobody holds it"
    commit = "not committed yet" if origin.sha == git.NOT_COMMITTED else f"commit {origin.sha[:10]}"
    return ctx.finding(
        UNATTESTED,
        doc,
        ("review", "last"),
        f"review.last moved from {before} to {doc.review.last} by {origin.email} ({commit}), "
        f"who does not hold the reviewing role {role_id!r}",
        f"ask a holder of {role_id} ({who}) to confirm it: svcstd attest {doc.id}",
    )


def _review_last(raw: bytes | None) -> str | None:
    """review.last in an earlier version of the file, if it had one."""
    if raw is None:
        return None
    from svcstd.loader import load_text

    loaded = load_text(raw.decode("utf-8", errors="replace"), "<before>")
    data = loaded.documents[0].data if loaded.documents else {}
    review = data.get("review") if isinstance(data, dict) else None
    last = review.get("last") if isinstance(review, dict) else None
    return str(last) if last is not None else None
