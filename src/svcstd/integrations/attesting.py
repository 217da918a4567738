"""Running ``svcstd attest``: check everything, edit the review blocks, commit them alone."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from svcstd import git
from svcstd.errors import UsageError
from svcstd.integrations import attest
from svcstd.pipeline import load


def run_attest(ids: list[str], as_role: str | None, on: str | None, path: Path) -> str:
    """Attest every id, or none: all checks run before the first file is written."""
    loaded = load(path)
    repo = git.open_repo(loaded.repo.root)
    git.require_commits(repo)
    email = git.user_email(repo)
    items = attest.plan(loaded.org, ids, as_role, email)
    dirty = git.has_changes(repo, [i.path for i in items])
    if dirty:
        raise UsageError(
            f"{', '.join(str(p) for p in dirty)} has uncommitted changes",
            "commit or stash them first, so the attestation is a commit of its own",
        )
    day = _day(on, loaded.org.config.timezone)
    for item in items:
        assert item.doc.review is not None
        if day.isoformat() < item.doc.review.last:
            raise UsageError(
                f"{item.doc.id} was last reviewed on {item.doc.review.last}, after {day}",
                "give --on a day on or after the last review",
            )
    head = git.head_sha(repo)
    for item in items:
        attest.write(item, day, email, head, as_role)
    top = Path(repo.working_tree_dir or ".").resolve()
    rels = [i.path.resolve().relative_to(top).as_posix() for i in items]
    roles = sorted({i.role.id for i in items})
    message = f"attest: {', '.join(i.doc.id for i in items)} still true (as {', '.join(roles)})"
    sha = git.commit_paths(repo, rels, message, None)
    return f"attested {len(items)} document(s) on {day} in commit {sha[:10]}: {message}"


def _day(on: str | None, timezone: str) -> date:
    if on is not None:
        try:
            return date.fromisoformat(on)
        except ValueError:
            raise UsageError(f"--on {on!r} is not a date", "write it as YYYY-MM-DD") from None
    from svcstd.clock import today

    # The organisation's day, not the machine's: 21:00 UTC is already tomorrow in Jakarta.
    return today(timezone)
