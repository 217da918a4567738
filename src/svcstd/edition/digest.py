"""``svcstd digest``: per internal-customer team, what to expect, what they owe, what changed."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from msgspec import Struct, field

from svcstd.contact import channel_by_reference, channel_text, standard_channels
from svcstd.diff.engine import Change
from svcstd.diff.report import DiffResult, change_line
from svcstd.diff.select import compare_sides
from svcstd.diff.sides import folder_side, revision_side
from svcstd.edition.due import contacts
from svcstd.edition.workspace import Workspace, environ_date, local_date, moment_of
from svcstd.errors import UsageError
from svcstd.feedback.summary import CustomerScore, customer_feedback, is_overdue
from svcstd.i18n import translator, wording
from svcstd.i18n.terms import ACTION_STATUS, CHANGE, KIND, term
from svcstd.model import (
    Action,
    Channel,
    Commitment,
    Communication,
    Organisation,
    Standard,
    Target,
    Team,
)
from svcstd.safetext import markdown_text, visible
from svcstd.suggest import did_you_mean
from svcstd.text import localised

if TYPE_CHECKING:
    from email.headerregistry import Address

    from git import Repo

    from svcstd.measure.figures import Figures, Origin, Tally, TargetFigures


class TeamDigest(Struct):
    """One team's restatement: the standards serving it and what changed for it."""

    team: Team
    standards: list[Standard]
    changes: list[Change] | None  # None: no previous edition to compare with
    since: str | None
    commitments: list[tuple[Standard, Commitment]] = field(default_factory=list)
    # Per standard the team rated: its own latest score and the provider's actions on it.
    feedback: list[CustomerScore] = field(default_factory=list)
    as_of: date | None = None
    lang: str = "en"  # the language of the interface text (svcstd.i18n)
    # Per measured standard serving the team: each promise's figures and the team's own share.
    measured: list[tuple[Standard, list[tuple[TargetFigures, Tally | None]]]] = field(
        default_factory=list
    )


def customer_teams(org: Organisation) -> list[Team]:
    """Teams that are the customer of at least one standard in force, by id."""
    ids = {t.id for s in _in_force(org) for t in s.customers(org)}
    return [org.teams[i] for i in sorted(ids)]


def _in_force(org: Organisation) -> list[Standard]:
    return [s for s in org.standards.values() if s.status != "retired"]


def build_digests(
    org: Organisation,
    diff: DiffResult | None,
    team_id: str | None,
    as_of: date | None = None,
    lang: str | None = None,
    figures: Figures | None = None,
) -> list[TeamDigest]:
    """The digest of one team (team_id) or of every customer team; ``as_of`` decides which
    closed actions are recent and which open ones overdue; ``lang`` defaults to the
    configuration's language; ``figures`` (svcstd measure results) say how the providers
    kept their promises."""
    if team_id is not None and team_id not in org.teams:
        hint = (
            did_you_mean(team_id, list(org.teams)) or "svcstd whois or the teams/ folder lists them"
        )
        raise UsageError(f"unknown team {team_id!r}", hint)
    teams = [org.teams[team_id]] if team_id else customer_teams(org)
    digests = [_digest(org, team, diff, as_of) for team in teams]
    for digest in digests:
        digest.lang = lang or org.config.language
    if figures is not None:
        for digest in digests:
            digest.measured = _measured(digest, figures)
    return digests


def _measured(
    digest: TeamDigest, figures: Figures
) -> list[tuple[Standard, list[tuple[TargetFigures, Tally | None]]]]:
    """The measured promises of the standards serving the team, with the team's own share."""
    found = []
    for std in digest.standards:
        rows = [
            (f, next((t for t in f.teams if t.label == digest.team.id and t.judged), None))
            for f in figures.of_standard(std.id)
            if f.total.judged
        ]
        if rows:
            found.append((std, rows))
    return found


def _digest(
    org: Organisation, team: Team, diff: DiffResult | None, as_of: date | None
) -> TeamDigest:
    serving = sorted((s for s in _in_force(org) if team in s.customers(org)), key=lambda s: s.id)
    changes = None
    if diff is not None:
        changes = [c for c in diff.changes if team.id in c.impact or c.impact == ("all",)]
    digest = TeamDigest(team, serving, changes, diff.before if diff else None)
    digest.commitments = [(s, c) for s in serving for c in s.commitments]
    digest.feedback, digest.as_of = customer_feedback(org, team.id, as_of), as_of
    return digest


def render_markdown(digest: TeamDigest, org: Organisation, edition: str) -> str:
    """The digest as Markdown, in the digest's language."""
    # The digest's own lines hold no HTML, image or link, so the policy the handbook
    # applies to each text field can be applied to the whole: author text can then
    # neither run HTML, fetch an image, link to javascript: nor reach a terminal raw.
    return markdown_text(_digest_text(digest, org, edition)) + "\n"


def render_plain(digest: TeamDigest, org: Organisation, edition: str) -> str:
    """The digest as the plain text of an email: the Markdown's lines, read as they are.

    A text/plain body is never rendered as HTML, so ``<`` stays ``<`` (an owner's address
    reads "Teguh Santoso <teguh@…>", not "&lt;teguh@…&gt;"); control characters are still
    shown visibly.
    """
    return visible(_digest_text(digest, org, edition)) + "\n"


def _digest_text(digest: TeamDigest, org: Organisation, edition: str) -> str:
    _ = translator(digest.lang).gettext
    title = _("What {team} can expect").format(team=digest.team.name)
    lines = [f"# {title} — {edition}", ""]
    lines += _changes_part(digest)
    lines += ["## " + _("The standards that serve you"), ""]
    if not digest.standards:
        lines += [_("No service standard names your team as a customer."), ""]
    for std in digest.standards:
        lines += _standard_part(std, org, digest.lang)
    lines += ["## " + _("What you commit to in return"), ""]
    lines += [f"- {_commitment(s, c, digest.lang)}" for s, c in digest.commitments] or [
        "- " + _("Nothing is asked of you.")
    ]
    lines += _measured_part(digest)
    lines += _feedback_part(digest, org)
    return "\n".join(lines).rstrip()


def _measured_part(digest: TeamDigest) -> list[str]:
    """How the team's providers kept their promises, from svcstd measure results."""
    from svcstd.edition.measured import kept_line

    if not digest.measured:
        return []
    _ = translator(digest.lang).gettext
    lines = ["", "## " + _("How your providers kept their promises"), ""]
    for std, rows in digest.measured:
        origins: list[Origin] = list(dict.fromkeys(f.origin for f, _team in rows))
        where = "; ".join(
            _("requests opened {start} to {stop}, from {exports}").format(
                start=o.start or "…", stop=o.stop or "…", exports=", ".join(o.exports)
            )
            for o in origins
        )
        title = localised(std.title, digest.lang, digest.lang)
        lines += [f"**{title}** ({std.id}), {where}:", ""]
        lines += [f"- {kept_line(std, f, team, digest.lang)}" for f, team in rows]
        lines.append("")
    return lines


def _feedback_part(digest: TeamDigest, org: Organisation) -> list[str]:
    """What the team's providers heard from it (its own answers only) and what they did."""
    if not digest.feedback:
        return []
    tr = translator(digest.lang)
    _ = tr.gettext
    lines = ["", "## " + _("You said, they did"), ""]
    for found in digest.feedback:
        std = org.standards[found.standard_id]
        provider = std.provider.name if std.provider else std.provider_id
        s = found.score
        count = tr.ngettext("{n} response", "{n} responses", s.responses).format(n=s.responses)
        if s.responses == 0:
            said = _("nobody from your team answered this time")
        elif s.mean is None:
            said = _("too few responses from your team to show a score ({n})")
        else:
            said = _("your team's score {score} of 5 ({count})")
        score = wording.number(s.mean or 0, digest.lang)
        said = said.format(count=count, n=s.responses, score=score)
        line = _("- **{title}** ({id}), from {provider}, {period}: {said}")
        lines.append(
            line.format(title=std.title, id=std.id, provider=provider, period=s.period, said=said)
        )
        lines += [f"  - {_action_line(a, org, digest)}" for a in found.actions]
    return [*lines, ""]


def _action_line(a: Action, org: Organisation, digest: TeamDigest) -> str:
    _, lang = translator(digest.lang).gettext, digest.lang
    owner = org.roles[a.owner_id].title if a.owner_id in org.roles else a.owner_id
    if a.status == "open":
        late = digest.as_of is not None and is_overdue(a, digest.as_of)
        line = _("open, overdue: {action} ({owner}, due {date})") if late else None
        line = line or _("open: {action} ({owner}, due {date})")
        return line.format(action=a.will_do, owner=owner, date=a.due)
    status = term(ACTION_STATUS, a.status, lang)
    closed = f" {a.closed}" if a.closed else ""
    outcome = f" — {a.outcome}" if a.outcome else ""
    return f"{status}{closed}: {a.will_do}{outcome}"


def _changes_part(digest: TeamDigest) -> list[str]:
    lang = digest.lang
    _ = translator(lang).gettext
    if digest.changes is None:
        first = _("This is the first edition: everything below is new.")
        return ["## " + _("What changed"), "", first, ""]
    since = _("What changed for you since {since}").format(since=digest.since)
    head = [f"## {since}", ""]
    if not digest.changes:
        return [*head, _("Nothing changed for you."), ""]
    return [
        *head,
        *(
            f"- **{term(CHANGE, c.change, lang)}** — {term(KIND, c.kind, lang)} {c.id}: "
            f"{change_line(c)}"
            for c in digest.changes
        ),
        "",
    ]


def _standard_part(std: Standard, org: Organisation, lang: str) -> list[str]:
    _ = translator(lang).gettext
    provider = std.provider.name if std.provider else std.provider_id
    owner = std.owner.title if std.owner else std.owner_id
    heading = _("{title} ({id}), from {provider}")
    lines = [f"### {heading.format(title=std.title, id=std.id, provider=provider)}", ""]
    if std.summary:
        lines += [std.summary, ""]
    reach = "; ".join(contacts(std.owner, lang)) or _("no contact")
    lines += [_("Owner: {role}").format(role=f"{owner} — {reach}")]
    hours = std.hours or (std.provider.service_hours if std.provider else None)
    if hours:
        lines.append(_("Service hours: {hours}").format(hours=_hours(hours, org, lang)))
    lines += ["", _("How to reach them:"), ""]
    lines += [
        f"- {_channel(c, lang)}" + (f" — {_hours(c.hours, org, lang)}" if c.hours else "")
        for c in standard_channels(std)
    ] or ["- " + _("No channel is named.")]
    if std.communication:
        lines += ["", _("When you hear from them:"), ""]
        lines += [f"- {_communication(c, org, lang)}" for c in std.communication]
    lines += ["", _("What to expect:"), ""]
    lines += [f"- {_target(t, lang)}" for t in std.targets] or [
        "- " + _("No measurable target yet.")
    ]
    lines += ["", _("If a request is stuck:"), ""]
    step = _("{level}. after {duration}: {role}")
    lines += [
        step.format(
            level=lv.index + 1,
            duration=wording.duration(lv.after, lang),
            role=_role(lv.to, lv.to_id, lang),
        )
        for lv in std.escalation
    ]
    return [*lines, ""]


def _channel(c: Channel, lang: str) -> str:
    return channel_text(c, lang)


def _hours(name: str, org: Organisation, lang: str) -> str:
    cal = org.config.calendars.get(name)
    if cal is None:
        return name
    return f"{wording.hours(cal.days, cal.hours, lang)} ({name})"


def _communication(c: Communication, org: Organisation, lang: str) -> str:
    """'Reminder of the deadline — monthly — email: hr@example.org — Heads of department'."""
    via = channel_by_reference(org, c.channel)
    parts = [c.what, wording.cadence(c.cadence, lang), _channel(via, lang) if via else c.channel]
    return " — ".join(" ".join(p.split()) for p in [*parts, c.audience] if p)


def _target(t: Target, lang: str) -> str:
    _ = translator(lang).gettext
    parts = [
        _("acknowledged within {duration}").format(duration=wording.duration(t.acknowledge, lang))
        if t.acknowledge
        else "",
        _("resolved within {duration}").format(duration=wording.duration(t.resolve, lang))
        if t.resolve
        else "",
        _("done {deadline}").format(deadline=wording.deadline(t.deadline, lang))
        if t.deadline
        else "",
    ]
    if t.by is not None:  # a time fixed per request: "by 10:00 on the next business day"
        from svcstd.relative import words

        parts.append(words(t.by))
    label = f"{t.request}" + (f" [{t.priority}]" if t.priority else "")
    said = ", ".join(p for p in parts if p) or _("no target")
    return f"{label}: {said} ({t.id})"


def _role(role: object, role_id: str, lang: str) -> str:
    from svcstd.model import Role

    if not isinstance(role, Role):
        return role_id
    return f"{role.title} ({'; '.join(contacts(role, lang))})"


def _commitment(std: Standard, c: Commitment, lang: str) -> str:
    when = wording.deadline(c.deadline, lang) if c.deadline else wording.within(c.within, lang)
    text = f"{c.text} — {when}" if when else c.text
    return translator(lang).gettext("{text} (for {standard})").format(text=text, standard=std.title)


def recipients(team: Team) -> list[tuple[str, str]]:
    """Whom a team's digest goes to, as (name, address): its lead's holders, else its channels."""
    people = [(h.name, h.email) for h in (team.lead.holders if team.lead else [])]
    return people or [("", c.address) for c in team.channels if c.type == "email"]


def render_eml(
    digest: TeamDigest, org: Organisation, edition: str, when: datetime, sender: str
) -> bytes:
    """The digest as an RFC 5322 message: UTF-8 text, a Date from the edition, never the clock."""
    from email.message import EmailMessage
    from email.policy import SMTP
    from email.utils import format_datetime

    msg = EmailMessage(policy=SMTP)
    try:
        msg["From"] = sender_address(sender)
        to = [_address(entry) for entry in recipients(digest.team)]
        if to:
            msg["To"] = to
    except ValueError as exc:  # the email package's own refusal of a header value
        raise UsageError(f"cannot address the digest of team {digest.team.id!r}: {exc}") from None
    subject = (
        translator(digest.lang)
        .gettext("{organisation}: what {team} can expect ({edition})")
        .format(organisation=org.config.organisation, team=digest.team.name, edition=edition)
    )
    msg["Subject"] = header_text(subject)
    msg["Date"] = format_datetime(when)
    msg["Message-ID"] = f"<{header_text(edition)}.{digest.team.id}@svcstd.invalid>"
    msg.set_content(render_plain(digest, org, edition), charset="utf-8")
    return msg.as_bytes()


def header_text(text: str) -> str:
    """A free-text header value on one line: line breaks and control characters shown, not obeyed.

    A team name "HR\\r\\nBcc: x" would otherwise start a new header of its own. Breaks become
    spaces; everything else goes through the one neutraliser every writer uses.
    """
    return visible(text.replace("\r", " ").replace("\n", " "))


def sender_address(text: str) -> Address:
    """The --from value as exactly one address, or a usage error saying why it is not."""
    from email.policy import SMTP

    hint = "give one address, e.g. --from 'Service standards <standards@example.org>'"
    if any(unicodedata.category(ch) == "Cc" for ch in text):
        raise UsageError(f"--from {text!r} contains a line break or control character", hint)
    header = SMTP.header_factory("From", text)  # the email package's own address parser
    found = list(getattr(header, "addresses", ()))
    if header.defects or len(found) != 1 or "@" not in found[0].addr_spec:
        raise UsageError(f"--from {text!r} is not exactly one e-mail address", hint)
    address: Address = found[0]
    return address


def _address(entry: tuple[str, str]) -> Address:
    from email.headerregistry import Address

    name, addr = entry
    if any(unicodedata.category(ch) == "Cc" for ch in addr):
        raise ValueError(f"the address {addr!r} contains a control character")
    return Address(display_name=header_text(name), addr_spec=addr)


Renderer = Callable[[TeamDigest, Organisation, str, datetime, str], bytes]
FORMATS: dict[str, tuple[str, Renderer]] = {
    "md": (".md", lambda d, org, ed, _when, _sender: render_markdown(d, org, ed).encode("utf-8")),
    "eml": (".eml", render_eml),
}


class DigestRun(Struct):
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
    """Write one file per team into out, all of them or none; return the paths."""
    from svcstd.writer import ensure_folder, write_files

    suffix, render = FORMATS[fmt]
    files = [
        (out / f"{digest.team.id}{suffix}", render(digest, ws.org, run.edition, run.when, sender))
        for digest in digests
    ]
    ensure_folder(out, "choose another --out folder")
    write_files(files, "choose another --out folder")
    return [path for path, _ in files]
