"""The checking itself, for the files the report cache could not answer for.

Each file on its own first (:mod:`.scan`), reusing the per-file cache; then the
organisation-wide stage on the prose-free projection (ids, references, the model,
organisation-scope rules), reused when no file changed anything it reads; then
inline suppressions, waivers and the configured severities, always.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

from msgspec.structs import replace

from svcstd.build import build_config, build_organisation
from svcstd.findings import Finding
from svcstd.kinds import KINDS
from svcstd.lint import state as st
from svcstd.lint import suppressions as sup
from svcstd.lint import waivers as wv
from svcstd.lint.config import LintConfig, parse_lint_config
from svcstd.lint.context import LintContext
from svcstd.lint.engine import LintReport
from svcstd.lint.i18n import add_coverage
from svcstd.lint.pack import ScannedDoc, docs_of, read_pack, write_pack
from svcstd.lint.registry import load_rules
from svcstd.lint.scan import PARALLEL_FROM, FileScan, Settings, run_beside, scan_files
from svcstd.lint.tree import Tree
from svcstd.loader import SourceDocument
from svcstd.model import Organisation, Waiver
from svcstd.pipeline import check_config, collector_paused, reference_findings
from svcstd.references import build_index
from svcstd.repository import Repository, load_config, relative_file

RULES = load_rules()


def check_tree(tree: Tree, salt: str, as_of: date, strict: bool, use_cache: bool) -> LintReport:
    """Lint every file of the tree; keep what can be reused next time when use_cache."""
    with collector_paused():
        return _check_tree(tree, salt, as_of, strict, use_cache)


def _check_tree(tree: Tree, salt: str, as_of: date, strict: bool, use_cache: bool) -> LintReport:
    config_doc = load_config(tree.root)
    state = st.read_state(tree.root, salt) if use_cache else None
    if state is None:  # a stored state was written for this very configuration, checked then
        check_config(config_doc)
        state = st.LintState()
    settings = Settings(
        build_config(config_doc), parse_lint_config(config_doc.data.get("rules") or {}, strict)
    )
    entries = _entries(tree, state, settings, as_of, salt, use_cache)
    report = _finish(tree, entries, state.org, settings, as_of)
    if use_cache:
        st.write_state(tree.root, salt, state, set(tree.blobs()))
    return report


def _entries(
    tree: Tree, state: st.LintState, settings: Settings, as_of: date, salt: str, use_cache: bool
) -> list[dict[str, Any]]:
    """Every file's cache entry, scanning the files the cache does not hold; also makes sure
    ``state.org`` is the organisation-wide result for the files as they are now."""
    everything = list(range(len(tree.rels)))
    if state.org is None or not state.files:
        scans = _scan(tree, everything, settings, state)  # nothing to reuse: one pass
    else:
        blobs = tree.blobs()
        missing = [i for i in everything if state.entry(blobs[i]) is None]
        scans = _scan(tree, missing, settings, state)
    entries = [_entry_of(state, tree, i, scans) for i in everything]
    key = st.key_of(
        salt, as_of.isoformat(), list(zip(tree.names, (e["digest"] for e in entries), strict=True))
    )
    if state.org is None or state.org.key != key:
        docs, records = _documents(tree, scans, settings, state, salt)
        state.org = organisation_stage(tree, docs, settings, as_of, key)
        if use_cache:  # one record per content: two files may hold the same
            kept = zip(tree.blobs(), records, strict=True)
            write_pack(tree.root, salt, {blob: record for blob, record in kept if blob})
    return entries


def _documents(
    tree: Tree, scans: dict[int, FileScan], settings: Settings, state: st.LintState, salt: str
) -> tuple[list[list[ScannedDoc]], list[bytes]]:
    """Every file's projected documents (scanned this run, kept in the pack, or scanned now),
    and their pack records."""
    everything = range(len(tree.rels))
    pack = read_pack(tree.root, salt) if len(scans) < len(tree.rels) else {}
    rest = [i for i in everything if i not in scans and tree.blobs()[i] not in pack]
    scans.update(_scan(tree, rest, settings, state))
    docs, records = [], []
    for i in everything:
        scan = scans.get(i)
        record = scan.record if scan else pack[tree.blobs()[i]]
        docs.append(scan.docs if scan else docs_of(record))
        records.append(record)
    return docs, records


def _scan(
    tree: Tree, which: list[int], settings: Settings, state: st.LintState
) -> dict[int, FileScan]:
    scans = dict(zip(which, scan_files(tree.jobs(which), settings), strict=True))
    for i, scan in scans.items():
        tree.learn(i, scan.blob)
        state.remember(scan)
    return scans


def _entry_of(
    state: st.LintState, tree: Tree, i: int, scans: dict[int, FileScan]
) -> dict[str, Any]:
    scan = scans.get(i)
    if scan is not None and not scan.blob:
        return st.entry_of(scan)  # an unreadable file: never cached, so made here
    # Scanned files were remembered in the same JSON form: one path onwards either way.
    entry = state.entry(tree.blobs()[i])
    assert entry is not None  # files without an entry were scanned above
    return entry


def organisation_stage(
    tree: Tree, docs: list[list[ScannedDoc]], settings: Settings, as_of: date, key: str
) -> st.OrgResult:
    """References, the model and every organisation-scope rule, on the prose-free projection."""
    sources, valid = [], []
    for name, scanned in zip(tree.names, docs, strict=True):
        for d in scanned:
            sources.append(SourceDocument(name, d.data(), d.marks))
            if d.valid:
                valid.append(sources[-1])
    repo = Repository(tree.root, settings.config.source, sources)
    index = build_index(sources, list(settings.config.calendars))

    def model_findings() -> tuple[Organisation, list[Finding]]:
        org, found = build_organisation(settings.config, valid)
        context = LintContext(repo, index, org, as_of, settings.lint)
        for rule in RULES.values():
            if rule.check and rule.scope == "organisation" and rule.id not in settings.lint.disable:
                found.extend(rule.check(context))
        return org, found

    # The reference check and the model are independent: on a large repository they run
    # side by side, one in a forked process (the files' scan has just freed both cores).
    references, (org, findings) = run_beside(
        partial(reference_findings, sources, index), model_findings, len(sources) >= PARALLEL_FROM
    )
    findings += references
    waivers = [(w.file, w.data, list(w.source.marks)) for w in org.waivers.values()]
    return st.OrgResult(key, findings, waivers)


def _finish(
    tree: Tree,
    entries: list[dict[str, Any]],
    org: st.OrgResult | None,
    settings: Settings,
    as_of: date,
) -> LintReport:
    """Suppressions, waivers and configured severities over every finding: the report."""
    assert org is not None  # _entries made sure of it
    raw = [
        f for name, e in zip(tree.names, entries, strict=True) for f in st.entry_findings(name, e)
    ]
    raw += org.findings
    kinds = Counter(d[1] for e in entries for d in e["docs"] if d[1] in KINDS)
    report = LintReport(tree.root, [], kinds, sorted(tree.names))
    for e in entries:
        add_coverage(report.coverage, e.get("coverage", {}))
    marked = [name for name, e in zip(tree.names, entries, strict=True) if e["suppressions"]]
    disable = settings.lint.disable
    kept = _apply_suppressions(report, sorted(set(raw)), disable, marked)
    doc_ids = {
        name: str(d[0]) for name, e in zip(tree.names, entries, strict=True) for d in e["docs"]
    }
    kept = _apply_waivers(report, kept, _waivers(settings, org), doc_ids, as_of, disable)
    report.findings = sorted(set(_configure(kept, settings.lint, tree.root)))
    return report


def _waivers(settings: Settings, org: st.OrgResult) -> list[Waiver]:
    docs = [SourceDocument(file, data, marks) for file, data, marks in org.waivers]
    return list(build_organisation(settings.config, docs)[0].waivers.values())


def _apply_suppressions(
    report: LintReport, findings: list[Finding], disabled: set[str], marked: list[str]
) -> list[Finding]:
    """Apply the inline suppressions of the files that have any (``marked``)."""
    comments = [s for file in marked for s in sup.parse_suppressions(file, report.lines(file))]
    valid = {(s.file, s.target): s for s in comments if sup.is_valid(s)}
    kept = []
    for f in findings:
        s = valid.get((f.file, f.line))
        if s is not None and f.rule in s.rules:
            s.used.add(f.rule)
            report.suppressed.append((f, s.reason))
        else:
            kept.append(f)
    for s in comments:
        kept.extend(sup.problems(s))
        kept.extend(sup.unused(s, disabled))
    return kept


def _apply_waivers(
    report: LintReport,
    findings: list[Finding],
    waivers: list[Waiver],
    doc_ids: dict[str, str],
    as_of: date,
    disabled: set[str],
) -> list[Finding]:
    active = wv.active_waivers(waivers, as_of)
    kept, used = [], set()
    for f in findings:
        waiver = wv.waiver_for(f, doc_ids.get(f.file), active)
        if waiver is None:
            kept.append(f)
        else:
            used.add(waiver.id)
            report.waived.append((f, st.WaiverNote(waiver.id, waiver.expires, waiver.reason)))
    # A rule switched off everywhere never ran, so a waiver of it is not "unused".
    return kept + list(wv.unused([w for w in active if w.rule not in disabled], used))


def _configure(findings: list[Finding], config: LintConfig, root: Path) -> list[Finding]:
    """Apply configured severities and disabled rules (globally and per path)."""
    rel: dict[str, str] = {}
    out = []
    for f in findings:
        if f.file not in rel:
            rel[f.file] = relative_file(f.file, root)
        severity = config.severity_for(f.rule, rel[f.file], f.severity)
        if severity is not None:
            out.append(f if severity == f.severity else replace(f, severity=severity))
    return out
