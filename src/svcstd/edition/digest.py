"""``svcstd digest``: per internal-customer team, what to expect, what they owe, what changed."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from svcstd.diff.engine import Change
from svcstd.diff.report import DiffResult, change_line
from svcstd.diff.select import compare_sides
from svcstd.diff.sides import folder_side, revision_side
from svcstd.edition.due import contacts
from svcstd.edition.workspace import Workspace, environ_date, local_date, moment_of
from svcstd.errors import UsageError
from svcstd.model import Commitment, Organisation, Standard, Target, Team
from svcstd.safetext import markdown_text, visible
from svcstd.suggest import did_you_mean

if TYPE_CHECKING:
    from git import Repo


@dataclass
class TeamDigest:
    """One team's restatement: the standards serving it and what changed for it."""

    team: Team
    standards: list[Standard]
    changes: list[Change] | None  # None: no previous edition to compare with
    since: str | None
    commitments: list[tuple[Standard, Commitment]] = field(default_factory=list)


def customer_teams(org: Organisation) -> list[Team]:
    """Teams that are the customer of at least one standard in force, by id."""
    ids = {t.id for s in _in_force(org) for t in s.customers(org)}
    return [org.teams[i] for i in sorted(ids)]


def _in_force(org: Organisation) -> list[Standard]:
    return [s for s in org.standards.values() if s.status != "retired"]


def build_digests(
    org: Organisation, diff: DiffResult | None, team_id: str | None
) -> list[TeamDigest]:
    """The digest of one team (team_id) or of every customer team."""
    if team_id is not None and team_id not in org.teams:
        hint = (
            did_you_mean(team_id, list(org.teams)) or "svcstd whois or the teams/ folder lists them"
        )
        raise UsageError(f"unknown team {team_id!r}", hint)
    teams = [org.teams[team_id]] if team_id else customer_teams(org)
    return [_digest(org, team, diff) for team in teams]


def _digest(org: Organisation, team: Team, diff: DiffResult | None) -> TeamDigest:
    serving = sorted((s for s in _in_force(org) if team in s.customers(org)), key=lambda s: s.id)
    changes = None
    if diff is not None:
        changes = [c for c in diff.changes if team.id in c.impact or c.impact == ("all",)]
    digest = TeamDigest(team, serving, changes, diff.before if diff else None)
    digest.commitments = [(s, c) for s in serving for c in s.commitments]
    return digest


def render_markdown(digest: TeamDigest, org: Organisation, edition: str) -> str:
    """The digest as Markdown (also the body of the email)."""
    lines = [f"# What {digest.team.name} can expect — {edition}", ""]
    lines += _changes_part(digest)
    lines += ["## The standards that serve you", ""]
    if not digest.standards:
        lines += ["No service standard names your team as a customer.", ""]
    for std in digest.standards:
        lines += _standard_part(std, org)
    lines += ["## What you commit to in return", ""]
    lines += [f"- {_commitment(s, c)}" for s, c in digest.commitments] or [
        "- Nothing is asked of you."
    ]
    # The digest's own lines hold no HTML, image or link, so the policy the handbook
    # applies to each text field can be applied to the whole: author text can then
    # neither run HTML, fetch an image, link to javascript: nor reach a terminal raw.
    return markdown_text("\n".join(lines).rstrip()) + "\n"


def _changes_part(digest: TeamDigest) -> list[str]:
    if digest.changes is None:
        return ["## What changed", "", "This is the first edition: everything below is new.", ""]
    head = [f"## What changed for you since {digest.since}", ""]
    if not digest.changes:
        return [*head, "Nothing changed for you.", ""]
    return [
        *head,
        *(f"- **{c.change}** — {c.kind} {c.id}: {change_line(c)}" for c in digest.changes),
        "",
    ]


def _standard_part(std: Standard, org: Organisation) -> list[str]:
    provider = std.provider.name if std.provider else std.provider_id
    owner = std.owner.title if std.owner else std.owner_id
    lines = [f"### {std.title} ({std.id}), from {provider}", ""]
    if std.summary:
        lines += [std.summary, ""]
    lines += [f"Owner: {owner} — {'; '.join(contacts(std.owner)) or 'no contact'}"]
    if std.hours:
        lines.append(f"Service hours: {_hours(std.hours, org)}")
    lines += ["", "How to reach them:", ""]
    lines += [
        f"- {c.type}: {c.address}" + (f" ({c.hours})" if c.hours else "") for c in std.channels
    ]
    lines += ["", "What to expect:", ""]
    lines += [f"- {_target(t)}" for t in std.targets] or ["- No measurable target yet."]
    lines += ["", "If a request is stuck:", ""]
    lines += [
        f"{lv.index + 1}. after {lv.after}: {_role(lv.to, lv.to_id)}" for lv in std.escalation
    ]
    return [*lines, ""]


def _hours(name: str, org: Organisation) -> str:
    cal = org.config.calendars.get(name)
    if cal is None:
        return name
    week = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
    first, last = week.index(cal.days[0]), week.index(cal.days[-1])
    consecutive = list(week[first : last + 1]) == list(cal.days)
    days = (
        f"{cal.days[0]}-{cal.days[-1]}"
        if consecutive and len(cal.days) > 2
        else ", ".join(cal.days)
    )
    return f"{days} {cal.hours} ({name})"


def _target(t: Target) -> str:
    parts = [
        f"{label} {value}"
        for label, value in (
            ("acknowledged within", t.acknowledge),
            ("resolved within", t.resolve),
            ("done", t.deadline.text if t.deadline else None),
        )
        if value is not None
    ]
    label = f"{t.request}" + (f" [{t.priority}]" if t.priority else "")
    return f"{label}: {', '.join(parts) or 'no target'} ({t.id})"


def _role(role: object, role_id: str) -> str:
    from svcstd.model import Role

    if not isinstance(role, Role):
        return role_id
    return f"{role.title} ({'; '.join(contacts(role))})"


def _commitment(std: Standard, c: Commitment) -> str:
    when = c.deadline.text if c.deadline else (f"within {c.within}" if c.within else "")
    return f"{c.text}" + (f" — {when}" if when else "") + f" (for {std.title})"


def recipients(team: Team) -> list[str]:
    """Whom a team's digest goes to: its lead's holders, else its email channels."""
    people = [f"{h.name} <{h.email}>" for h in (team.lead.holders if team.lead else [])]
    return people or [c.address for c in team.channels if c.type == "email"]


def render_eml(
    digest: TeamDigest, org: Organisation, edition: str, when: datetime, sender: str
) -> bytes:
    """The digest as an RFC 5322 message: UTF-8 text, a Date from the edition, never the clock."""
    from email.message import EmailMessage
    from email.policy import SMTP
    from email.utils import format_datetime

    msg = EmailMessage(policy=SMTP)
    msg["From"] = sender
    to = recipients(digest.team)
    if to:
        msg["To"] = ", ".join(to)
    subject = f"{org.config.organisation}: what {digest.team.name} can expect ({edition})"
    msg["Subject"] = visible(subject)  # a mail client shows it as it would the body
    msg["Date"] = format_datetime(when)
    msg["Message-ID"] = f"<{edition}.{digest.team.id}@svcstd.invalid>"
    msg.set_content(render_markdown(digest, org, edition), charset="utf-8")
    return msg.as_bytes()


Renderer = Callable[[TeamDigest, Organisation, str, datetime, str], bytes]
FORMATS: dict[str, tuple[str, Renderer]] = {
    "md": (".md", lambda d, org, ed, _when, _sender: render_markdown(d, org, ed).encode("utf-8")),
    "eml": (".eml", render_eml),
}


@dataclass
class DigestRun:
    """What the digests describe: the edition, its moment and the diff since the previous one."""

    edition: str
    when: datetime
    diff: DiffResult | None


def prepare(ws: Workspace, as_of: date | None) -> DigestRun:
    """The edition described (HEAD's tag, else the date) and the changes since the one before."""
    from svcstd import git

    repo = ws.repo if ws.repo is not None and git.has_commits(ws.repo) else None
    head = git.head_sha(repo) if repo else None
    when = _moment(ws, repo, head, as_of)
    if repo is None or head is None:
        return DigestRun(local_date(when, ws.config).isoformat(), when, None)
    # A clean HEAD that carries an edition tag *is* that edition: compare with the one before.
    dirty = git.is_dirty(repo, ws.folder)
    current = [] if dirty else [e.tag for e in git.editions(repo, ws.prefix) if e.sha == head]
    label = current[-1] if current else local_date(when, ws.config).isoformat()
    previous = git.latest_edition(repo, ws.prefix, before_sha=None if dirty else head)
    if previous is None:
        return DigestRun(label, when, None)
    before = revision_side(repo, previous.tag, ws.folder, previous.tag)
    return DigestRun(label, when, compare_sides(before, folder_side(ws.root, "this edition")))


def _moment(ws: Workspace, repo: Repo | None, head: str | None, as_of: date | None) -> datetime:
    from svcstd import git

    if as_of is not None:
        return moment_of(as_of, ws.config)
    if repo is not None and head is not None:
        return git.commit_date(repo, head)
    found = environ_date()
    if found is None:
        raise UsageError(
            "no date for the digest: not a git repository with commits",
            "give --as-of YYYY-MM-DD (or set SOURCE_DATE_EPOCH)",
        )
    return found


def write_digests(
    ws: Workspace, run: DigestRun, digests: list[TeamDigest], fmt: str, out: Path, sender: str
) -> list[Path]:
    """Write one file per team into out (each atomically); return the paths."""
    from svcstd.edition.publish import write_atomic_bytes

    suffix, render = FORMATS[fmt]
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for digest in digests:
        path = out / f"{digest.team.id}{suffix}"
        write_atomic_bytes(path, render(digest, ws.org, run.edition, run.when, sender))
        written.append(path)
    return written
