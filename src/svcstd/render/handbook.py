"""One render run: load once, build the view once, write every requested format atomically."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from msgspec import Struct, field

from svcstd.errors import UsageError
from svcstd.git import HeadLookup
from svcstd.i18n import check_language, translator
from svcstd.pipeline import collector_paused
from svcstd.render.changes import changes_since
from svcstd.render.edition import commit_of, edition_date
from svcstd.render.formats import FORMATS, Format, Settings
from svcstd.render.load import load_organisation
from svcstd.render.templating import Templates
from svcstd.render.view import Options, build_handbook
from svcstd.repository import find_root
from svcstd.suggest import did_you_mean
from svcstd.writer import ensure_folder, write_files

if TYPE_CHECKING:
    from concurrent.futures import Future

    from svcstd.measure.figures import Figures
    from svcstd.model import Organisation

DEFAULT_OUT = Path("handbook")


class RenderRequest(Struct):
    """What the user asked for."""

    path: Path
    formats: list[str]
    out: Path = DEFAULT_OUT
    lang: str | None = None
    team: str | None = None
    as_of: date | None = None
    edition: str | None = None
    templates: Path | None = None
    since: str | None = None  # include what changed since this revision or folder
    pdf_standard: str | None = None  # a-2b or ua-1: see svcstd.render.pdf.PDF_STANDARDS
    measured: list[Path] = field(default_factory=list)  # svcstd measure results (JSON)


def parse_formats(text: str) -> list[str]:
    """'html,pdf' → ['html', 'pdf'], each checked against the registry."""
    names = [n.strip().lower() for n in text.split(",") if n.strip()]
    for name in names:
        if name not in FORMATS:
            hint = did_you_mean(name, FORMATS) or f"use one or more of: {', '.join(FORMATS)}"
            raise UsageError(f"unknown format {name!r}", hint)
    if not names:
        raise UsageError("no format given", f"use one or more of: {', '.join(FORMATS)}")
    return list(dict.fromkeys(names))


def output_name(fmt: Format, lang: str, default_lang: str, team: str | None) -> str:
    """handbook.html; handbook.id.html in a non-default language; handbook-<team>… for one team."""
    stem = f"handbook-{team}" if team else "handbook"
    return f"{stem}{'' if lang == default_lang else '.' + lang}{fmt.suffix}"


Progress = Callable[[str], None]


def render_handbook(
    request: RenderRequest, progress: Progress | None = None, notes: list[str] | None = None
) -> list[Path]:
    """Render every requested format; nothing is written until all of them rendered."""
    with collector_paused():  # the model and the view live until the files are written
        return _render_formats(request, progress, notes)


def _render_formats(
    request: RenderRequest, progress: Progress | None, notes: list[str] | None
) -> list[Path]:
    formats = [FORMATS[name] for name in parse_formats(",".join(request.formats))]
    settings = Settings(check_pdf_standard(request.pdf_standard))
    root = find_root(request.path)
    with HeadLookup(root) as head:  # git log runs on another core while the files load
        loaded = load_organisation(root)
    org = loaded.org
    lang = request.lang or org.config.language
    check_language(lang)
    if loaded.skipped and notes is not None:
        notes.append(skipped_note(loaded.skipped, lang))
    if request.team is not None and request.team not in org.teams:
        hint = did_you_mean(request.team, org.teams) or "use a team id from the teams folder"
        raise UsageError(f"unknown team {request.team!r}", hint)
    commit = commit_of(head, org.config.timezone)
    options = Options(
        lang, edition_date(request.as_of, commit, org), commit, request.edition, request.team
    )
    if request.since is not None:
        options.changes = changes_since(loaded.root, request.since)
    options.measured = measured_figures(request.measured, org, loaded.root)
    templates = Templates(request.templates, lang)
    handbook = build_handbook(org, options)
    if handbook.fallbacks and notes is not None:
        notes.append(fallback_note(handbook.fallbacks, lang))

    def render(fmt: Format) -> bytes:
        with _user_templates(templates.overrides):
            return fmt.render(handbook, templates, settings)

    def prepare(fmt: Format) -> Callable[[], bytes]:
        assert fmt.prepare is not None
        with _user_templates(templates.overrides):
            return fmt.prepare(handbook, templates, settings)

    rendered: list[tuple[Path, bytes]] = []
    with _started(prepare, formats) as started:
        for fmt in formats:
            if progress:
                progress(fmt.name)
            name = output_name(fmt, lang, org.config.language, request.team)
            output = started[fmt.name].result() if fmt.name in started else render(fmt)
            rendered.append((request.out / name, output))
    ensure_folder(request.out, "choose another --out folder")
    write_files(rendered, "choose another --out folder")
    return [path for path, _ in rendered]


def skipped_note(skipped: int, lang: str) -> str:
    """The note on files left out of the handbook, in the handbook's language."""
    return (
        translator(lang)
        .ngettext(
            "{n} file fails to load or to match the schema and is left out of the handbook; "
            "run 'svcstd lint' to see why",
            "{n} files fail to load or to match the schema and are left out of the handbook; "
            "run 'svcstd lint' to see why",
            skipped,
        )
        .format(n=skipped)
    )


def measured_figures(given: list[Path], org: Organisation, root: Path) -> Figures | None:
    """The figures of --measured, else of measure.results in svcstd.yaml; None without either."""
    settings = org.config.source.data.get("measure") or {}
    if not given and not settings.get("results"):
        return None  # most handbooks: the figures module need not even be loaded
    from svcstd.measure.figures import figures_for

    return figures_for(given, settings, root)


@contextmanager
def _started(
    prepare: Callable[[Format], Callable[[], bytes]], formats: list[Format]
) -> Iterator[dict[str, Future[bytes]]]:
    """The formats typeset outside Python, started in the background when others render beside
    them: each one's Python part here, first, and the rest in a worker thread.

    A failure there is raised again by ``result()`` in the caller's thread, so it meets the
    same error handling as any other format's.
    """
    background = [f for f in formats if f.prepare] if len(formats) > 1 else []
    if not background:
        yield {}
        return
    from concurrent.futures import ThreadPoolExecutor

    jobs = {f.name: prepare(f) for f in background}
    with ThreadPoolExecutor(max_workers=len(jobs), thread_name_prefix="render") as pool:
        yield {name: pool.submit(job) for name, job in jobs.items()}


def fallback_note(fallbacks: dict[str, int], lang: str) -> str:
    """The summary of texts shown in another language than the handbook's."""
    tr = translator(lang)
    total = sum(fallbacks.values())
    each = (tr.gettext("{n} in {language}").format(n=n, language=c) for c, n in fallbacks.items())
    note = tr.ngettext(
        "{n} text has no '{lang}' translation and is shown in another language ({shown}); "
        "the rule i18n/missing-translation lists it",
        "{n} texts have no '{lang}' translation and are shown in another language ({shown}); "
        "the rule i18n/missing-translation lists them",
        total,
    )
    return note.format(n=total, lang=lang, shown=", ".join(each))


def check_pdf_standard(name: str | None) -> str | None:
    """The PDF standard in Typst's spelling, or a usage error naming the ones on offer."""
    from svcstd.render.pdf import PDF_STANDARDS

    if name is None or name.strip().lower() in PDF_STANDARDS:
        return None if name is None else name.strip().lower()
    choices = ", ".join(f"{k} ({v})" for k, v in PDF_STANDARDS.items())
    hint = did_you_mean(name, PDF_STANDARDS) or f"use one of: {choices}"
    raise UsageError(f"unknown PDF standard {name!r}", hint)


@contextmanager
def _user_templates(overrides: Path | None) -> Iterator[None]:
    """A broken override template is the user's to fix (exit 2), not a crash."""
    try:
        yield
    except Exception as exc:
        # Only a format that used Jinja2 has imported it, and only Jinja2 raises its errors.
        jinja2 = sys.modules.get("jinja2")
        if overrides is None or jinja2 is None or not isinstance(exc, jinja2.TemplateError):
            raise
        line = getattr(exc, "lineno", None)
        where = (
            f" ({getattr(exc, 'filename', None) or getattr(exc, 'name', '?')}:{line})"
            if line
            else ""
        )
        raise UsageError(
            f"a template in {overrides} failed{where}: {exc}",
            "fix the template, or remove it to use the built-in one",
        ) from None
