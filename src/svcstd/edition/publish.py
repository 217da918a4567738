"""``svcstd publish``: cut an edition — a changelog entry, a commit holding it, an annotated tag.

The edition id is ``<tag_prefix><YYYY-MM-DD>`` (the date from ``--as-of``, else
the date of the commit being published, in the configured time zone); a second
edition on the same day gets ``.2``, ``.3``… appended.

Publishing is a transaction: the changelog is written to a temporary file and
renamed into place, committed, and the tag is created last. If any step fails,
the tag is deleted, the branch is moved back and CHANGELOG.md is restored, so
nothing of the failed edition remains. A run killed outright (power cut,
``kill -9``) is settled by the next run through the journal
(:mod:`svcstd.edition.journal`): finished when its commit exists, else undone.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import tempfile
from datetime import date, datetime
from pathlib import Path

from msgspec import Struct

from svcstd.diff.report import DiffResult, render_markdown
from svcstd.diff.sides import Side, empty_side, revision_side
from svcstd.edition import journal
from svcstd.edition.schedule import next_edition_due
from svcstd.edition.workspace import Workspace, edition_date, local_date, moment_of
from svcstd.errors import ConfigError, SvcstdError
from svcstd.i18n import N_, translator
from svcstd.i18n.terms import CHANGE, term
from svcstd.writer import ensure_folder, new_folder_mode, write_text

CHANGELOG = "CHANGELOG.md"
CHANGELOG_HEADER = "# Changelog\n\nEach edition of the service standards, newest first.\n"


class Plan(Struct):
    """Everything an edition will be, computed before anything is written."""

    edition: str
    when: datetime
    day: date
    previous: str | None
    diff: DiffResult
    entry: str
    lang: str = "en"  # of the messages and the handbook; the changelog keeps the configuration's


class Outcome(Struct):
    """What publish did (or would do), for the command to print."""

    message: str
    plan: Plan | None = None
    published: bool = False


def plan_edition(
    ws: Workspace, as_of: date | None, if_due: bool, lang: str | None = None
) -> Outcome:
    """Decide whether an edition is due and changed, and prepare it; write nothing.

    ``lang`` is the language of the messages and of the rendered handbook (default: the
    configuration's); the changelog, one file for every edition, stays in the configuration's.
    """
    from svcstd import git

    lang = lang or ws.config.language
    _ = translator(lang).gettext

    repo = ws.need_repo()
    head = git.head_sha(repo)
    if git.is_dirty(repo, ws.folder):
        raise SvcstdError(
            f"{ws.folder}/ has uncommitted changes; an edition is cut from a commit",
            "commit (or stash) the changes, then publish again",
        )
    previous = git.latest_edition(repo, ws.prefix)
    if previous is not None and previous.sha == head:
        done = _("Nothing to publish: {edition} is already the current commit.")
        return Outcome(done.format(edition=previous.tag))
    when = moment_of(as_of, ws.config) if as_of else git.commit_date(repo, head)
    day = local_date(when, ws.config)
    if if_due and previous is not None:
        due = next_edition_due(edition_date(previous, ws.config), ws.config)
        if due is not None and day < due:
            later = _("Not due: the next edition after {edition} is due on {date}.")
            return Outcome(later.format(edition=previous.tag, date=due.isoformat()))
    before = _side(ws, previous.tag if previous else None)
    after = revision_side(repo, head, ws.folder, f"{head[:10]}")
    diff = _diff(before, after)
    if previous is not None and not diff.changes:
        same = _("Nothing to publish: no change in meaning since {edition}.")
        return Outcome(same.format(edition=previous.tag))
    edition = _edition_id(ws.prefix + day.isoformat(), [e.tag for e in git.editions(repo, "")])
    git.check_tag_name(repo, edition)
    output_folder(ws)  # a bad publication.output is reported before anything is written
    plan = Plan(edition, when, day, previous.tag if previous else None, diff, "", lang)
    plan.entry = changelog_entry(plan, after, ws.config.language)
    return Outcome(_("Edition {edition}").format(edition=edition), plan)


def _side(ws: Workspace, tag: str | None) -> Side:
    if tag is None:
        return empty_side("nothing")
    return revision_side(ws.need_repo(), tag, ws.folder, tag)


def _diff(before: Side, after: Side) -> DiffResult:
    from svcstd.diff.select import compare_sides

    return compare_sides(before, after)


def _edition_id(base: str, existing: list[str]) -> str:
    name, n = base, 1
    while name in existing:
        n += 1
        name = f"{base}.{n}"
    return name


def changelog_entry(plan: Plan, after: Side, lang: str = "en") -> str:
    """The Markdown entry of one edition: what changed, for whom."""
    _ = translator(lang).gettext
    head = f"## {plan.edition} ({plan.day.isoformat()})\n\n"
    if plan.previous is None:
        org = after.org
        assert org is not None
        counts = ", ".join(
            _(name) + f": {len(g)}"
            for name, g in (
                (N_("teams"), org.teams),
                (N_("roles"), org.roles),
                (N_("standards"), org.standards),
                (N_("SOPs"), org.sops),
            )
        )
        return head + _("The first edition: {counts}.").format(counts=counts) + "\n"
    summary = ", ".join(f"{n} {term(CHANGE, cls, lang)}" for cls, n in plan.diff.summary().items())
    since = _("Changes since {edition} ({summary}):").format(edition=plan.previous, summary=summary)
    return head + since + "\n\n" + render_markdown(plan.diff, 3)


def with_entry(existing: str | None, entry: str) -> str:
    """The changelog with entry inserted as the newest, under the header."""
    if not existing or not existing.startswith("# "):
        return CHANGELOG_HEADER + "\n" + entry + ("\n" + existing if existing else "")
    first_entry = existing.find("\n## ")
    if first_entry < 0:
        return existing.rstrip("\n") + "\n\n" + entry
    return existing[: first_entry + 1] + entry + "\n" + existing[first_entry + 1 :]


def publish(ws: Workspace, plan: Plan, handbook: list[str] | None = None) -> list[str]:
    """Write the changelog (and the handbook), commit and tag, all or nothing; return paths.

    A journal (svcstd.edition.journal) records the edition first, so that a run
    killed at any point is finished or undone by the next one.
    """
    from svcstd import git

    repo = ws.need_repo()
    changelog = ws.root / CHANGELOG
    output = output_folder(ws) if handbook else None
    folder = edition_folder(ws, plan.edition) if output is not None else None
    paths = [str(ws.folder / CHANGELOG)]
    if folder is not None:
        paths.append(str(ws.folder / folder.relative_to(ws.root)))
    record = journal.Journal(
        plan.edition,
        git.head_sha(repo),
        paths,
        str(ws.folder / CHANGELOG),
        str(folder.relative_to(ws.root)) if folder is not None else None,
        output is not None and output.exists(),
        f"{plan.edition}\n\n{plan.entry}",
        plan.when.isoformat(),
    )
    journal.start(repo, record)
    try:
        old = changelog.read_text(encoding="utf-8") if changelog.exists() else None
        write_text(changelog, with_entry(old, plan.entry), "check the folder's permissions")
        if folder is not None and handbook:
            render_into(ws, plan, folder, handbook)
        sha = git.commit_paths(repo, paths, record.commit_message(), plan.when)
        git.create_tag(repo, plan.edition, sha, record.tag_message, plan.when)
    except BaseException:
        journal.undo(ws, record)
        raise
    journal.finish(repo)
    return paths


def output_folder(ws: Workspace) -> Path | None:
    """publication.output as a folder inside the standards folder; None when it is not set.

    Anything else (an absolute path, one climbing out with '..', one inside .git)
    is a configuration error: publish writes, commits and may remove what is there.
    """
    output = ws.config.publication.get("output")
    if not output:
        return None
    text = str(output)
    relative = Path(text)
    root = ws.root.resolve()
    folder = (ws.root / relative).resolve()
    inside = not relative.is_absolute() and folder != root and folder.is_relative_to(root)
    if not inside or ".git" in relative.parts:
        raise ConfigError(
            f"publication.output {text!r} in svcstd.yaml is not a folder inside the standards "
            f"folder {ws.root}",
            "give a relative path such as 'editions' (no '..', not absolute, not .git)",
        )
    return ws.root / relative


def edition_folder(ws: Workspace, edition: str) -> Path | None:
    """<publication.output>/<edition> inside the standards folder; None when no output is set."""
    output = output_folder(ws)
    if output is None:
        return None
    folder = output / edition
    if folder.exists() or folder.is_symlink():
        raise SvcstdError(f"{folder} already exists", "remove it, or publish under another date")
    return folder


ARCHIVE_PDF_STANDARD = "a-2b"


def render_into(ws: Workspace, plan: Plan, folder: Path, formats: list[str]) -> None:
    """Render the handbook beside folder, then rename it into place: never a half-written folder."""
    from svcstd.render.handbook import RenderRequest, render_handbook

    ensure_folder(folder.parent, "fix publication.output in svcstd.yaml")
    staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", dir=folder.parent))
    try:
        os.chmod(staging, new_folder_mode())  # mkdtemp makes it private; the edition is not
        # An edition is the record of what was agreed: its PDF is archival PDF/A-2b.
        request = RenderRequest(
            ws.root, formats, staging, lang=plan.lang, as_of=plan.day, edition=plan.edition,
            pdf_standard=ARCHIVE_PDF_STANDARD,
        )  # fmt: skip
        render_handbook(request)
        # The teams' obligations calendars, to subscribe to beside the handbook (docs/calendar.md).
        from svcstd.obligations.build import write_team_feeds

        write_team_feeds(ws.org, staging / "calendar", plan.day)
        staging.rename(folder)
    finally:
        if staging.exists():
            shutil.rmtree(staging)


def handbook_formats(ws: Workspace, text: str) -> list[str] | None:
    """The handbook formats to render into the edition folder, or None to skip rendering."""
    names = [n.strip() for n in text.split(",") if n.strip() and n.strip() != "none"]
    if not names or not ws.config.publication.get("output"):
        return None
    if importlib.util.find_spec("svcstd.render.handbook") is None:
        return None  # an installation without the renderer still publishes
    return names
