"""Checking one file on its own: the part of lint that depends on nothing else.

For each file, :func:`scan_file` parses it, validates every document against its
schema, runs the document-scope rules on it alone, and projects its documents for
the organisation-wide rules (:mod:`.prose`). The result is keyed on the file's
content, so it is what the cache keeps (:mod:`.state`), and it is computed in
parallel when many files need it (:func:`scan_files`).
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import sys
from array import array
from collections.abc import Callable, Iterator
from datetime import date
from multiprocessing.connection import Connection
from typing import Any, TypeVar

from msgspec import Struct, field

from svcstd.build import build_organisation
from svcstd.cachefile import blob_id
from svcstd.findings import Finding
from svcstd.lint.config import LintConfig
from svcstd.lint.context import LintContext
from svcstd.lint.i18n import add_coverage, coverage
from svcstd.lint.pack import ScannedDoc, record_of
from svcstd.lint.prose import project
from svcstd.lint.registry import RULES, Rule
from svcstd.loader import SourceDocument, load_bytes, unreadable
from svcstd.model import Config
from svcstd.references import IdIndex
from svcstd.schema import validate_document

T = TypeVar("T")
U = TypeVar("U")

# Below this many files to scan, starting worker processes costs more than it saves.
PARALLEL_FROM = 400
CHUNK = 100


class FileScan(Struct):
    """What one file's content gives on its own."""

    blob: str  # the content's git blob id: the cache key
    docs: list[ScannedDoc] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)  # loader, schema, document rules
    digest: str = ""  # of everything the organisation-wide stage reads from this file
    suppressions: bool = False  # holds an inline 'svcstd:' comment
    record: bytes = b""  # the docs as the pack keeps them (lint/pack.py), made in the worker
    # Per language: [text fields written in it, text fields] (lint/i18n.py), for the summary.
    coverage: dict[str, list[int]] = field(default_factory=dict)


class Settings(Struct, frozen=True):
    """What scanning depends on besides the file: the configuration and the rule settings."""

    config: Config
    lint: LintConfig


def scan_file(path: str, display: str, settings: Settings) -> FileScan:
    """Read and check one file on its own."""
    try:
        with open(path, "rb") as source:
            raw = source.read()
    except OSError as exc:  # never cached (no blob id): it is read again next time
        return FileScan("", findings=[unreadable(display, exc)], digest=_digest([]))
    scan = FileScan(blob_id(raw), suppressions=b"svcstd:" in raw)
    result = load_bytes(raw, display)
    scan.findings.extend(result.findings)
    valid = []
    text: str | None = None
    for doc in result.documents:
        if text is None:
            text = raw.decode("utf-8", errors="replace")  # for hints quoting the source
        problems = validate_document(doc, text)
        scan.findings.extend(problems)
        scan.docs.append(_scanned(doc, valid=not problems))
        if not problems:
            valid.append(doc)
    scan.findings.extend(_document_rules(settings, valid))
    config = settings.config
    for doc in valid:
        kind = str(doc.data.get("kind"))
        add_coverage(scan.coverage, coverage(doc.data, kind, config.languages, config.language))
    scan.digest = _digest(scan.docs)
    scan.record = record_of(scan.blob, scan.docs)
    return scan


def _scanned(doc: SourceDocument, valid: bool) -> ScannedDoc:
    ident, kind = doc.data.get("id"), doc.data.get("kind")
    return ScannedDoc(
        ident if isinstance(ident, str) else None,
        kind if isinstance(kind, str) else None,
        valid,
        json.dumps(project(doc.data), ensure_ascii=False, separators=(",", ":")).encode(),
        array("i", doc.marks),
    )


def _document_rules(settings: Settings, valid: list[SourceDocument]) -> list[Finding]:
    """Findings of the document-scope rules, each document checked on its own."""
    out: list[Finding] = []
    for doc in valid:
        rules = _rules_for(settings, str(doc.data.get("kind")))
        if not rules:
            continue
        org, _ = build_organisation(settings.config, [doc])  # build findings: organisation stage
        # The date is left out on purpose: a document rule's findings are cached per
        # file content, so they may not change from one day to the next.
        context = LintContext(None, IdIndex(), org, date.min, settings.lint)  # type: ignore[arg-type]
        for rule in rules:
            out.extend(rule.check(context))  # type: ignore[misc]
    return out


def _rules_for(settings: Settings, kind: str) -> list[Rule]:
    return [
        r
        for r in RULES.values()
        if r.scope == "document"
        and kind in r.kinds
        and r.check
        and r.id not in settings.lint.disable
    ]


def _digest(docs: list[ScannedDoc]) -> str:
    digest = hashlib.sha1(usedforsecurity=False)
    for d in docs:
        digest.update(b"%d:%d:%d:" % (d.valid, len(d.body), len(d.marks)))
        digest.update(d.body)
        digest.update(d.marks.tobytes())
    return digest.hexdigest()


# ---------------------------------------------------------------- many files at once

_SETTINGS: Settings | None = None  # what forked workers inherit


def scan_files(jobs: list[tuple[str, str]], settings: Settings) -> Iterator[FileScan]:
    """Scan (path, display) pairs in order, in worker processes when there are many."""
    workers = _worker_count(len(jobs))
    if workers <= 1:
        yield from (scan_file(path, shown, settings) for path, shown in jobs)
        return
    global _SETTINGS
    _SETTINGS = settings
    _flush_before_fork()
    chunks = [jobs[i : i + CHUNK] for i in range(0, len(jobs), CHUNK)]
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        for scans in pool.imap(_scan_chunk, chunks):
            yield from scans


def _scan_chunk(jobs: list[tuple[str, str]]) -> list[FileScan]:
    assert _SETTINGS is not None  # set before the pool forked
    return [scan_file(path, shown, _SETTINGS) for path, shown in jobs]


def _worker_count(files: int) -> int:
    if files < PARALLEL_FROM or "fork" not in multiprocessing.get_all_start_methods():
        return 1  # fork is what makes workers cheap; elsewhere scanning stays in-process
    return min(os.cpu_count() or 1, 8)


def run_beside(aside: Callable[[], T], here: Callable[[], U], parallel: bool) -> tuple[T, U]:
    """``aside()`` in a forked process while this one runs ``here()``; one after the other
    when not parallel or where fork is missing. The child inherits the data it reads."""
    if not parallel or _worker_count(PARALLEL_FROM) <= 1:
        return aside(), here()
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_answer, args=(aside, send), daemon=True)
    _flush_before_fork()
    child.start()
    send.close()
    try:
        mine = here()
        try:
            theirs: T = receive.recv()
        except EOFError:  # the child ended without an answer (it failed): do it here
            theirs = aside()
    finally:
        receive.close()
        child.join()
    return theirs, mine


def _answer(func: Callable[[], Any], send: Connection) -> None:
    send.send(func())
    send.close()


def _flush_before_fork() -> None:
    # A forked child flushes the streams it inherited when it ends: anything still in
    # this process's buffers would be written twice.
    sys.stdout.flush()
    sys.stderr.flush()
