"""What ``svcstd lint`` keeps between runs under ``.svcstd-cache/``, and when it may reuse it.

Three layers, each keyed on exactly what its result depends on:

* per file (``lint-files.json``), keyed on the file's content (its git blob id):
  loader, schema and document-rule findings, and a digest of what the
  organisation-wide stage reads from the file (the prose-free projection, see
  :mod:`.prose`, with positions and schema validity);
* the organisation-wide findings (same file), keyed on every file's name and digest
  and the date: reused when no file changed anything those rules can see;
* the finished report (``lint-report.json``), keyed on every file's name and
  content, the date and ``--strict``: a run where nothing changed only prints it.

Every key also holds a *salt*: the svcstd version and code, the schemas and the
configuration, so a cache from other settings is simply not found. The files are
verified on read (:mod:`svcstd.cachefile`); whatever cannot be believed is
computed again, and the results are the same with or without a cache.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from msgspec import Struct, field

from svcstd.cachefile import cache_path, code_salt, read_json, write_json
from svcstd.findings import Finding, finding_from_row, finding_to_row

if TYPE_CHECKING:
    from svcstd.lint.scan import FileScan

REPORT_FILE = "lint-report.json"
FILES_FILE = "lint-files.json"


def salt(config_raw: bytes) -> str:
    """What every cached lint result depends on besides the files: code, schemas, settings."""
    return hashlib.sha256(code_salt().encode() + config_raw).hexdigest()


def key_of(*parts: Any) -> str:
    return hashlib.sha256(json.dumps(parts, separators=(",", ":")).encode()).hexdigest()


# ---------------------------------------------------------------- per file and organisation


class OrgResult(Struct):
    """The organisation-wide stage's output: its findings and the waivers it found."""

    key: str
    findings: list[Finding]
    waivers: list[tuple[str, dict[str, Any], list[int]]]  # (file, data, marks) of each waiver


class LintState(Struct):
    """Per-file scans by blob id, and the last organisation-wide result."""

    files: dict[str, dict[str, Any]] = field(default_factory=dict)
    org: OrgResult | None = None

    def entry(self, blob: str) -> dict[str, Any] | None:
        return self.files.get(blob)

    def remember(self, scan: FileScan) -> None:
        if scan.blob:  # an unreadable file has no blob id and is read again next time
            self.files[scan.blob] = entry_of(scan)


def entry_of(scan: FileScan) -> dict[str, Any]:
    return {
        "docs": [[d.id, d.kind, d.valid] for d in scan.docs],
        "findings": [finding_to_row(f) for f in scan.findings],
        "digest": scan.digest,
        "suppressions": scan.suppressions,
        "coverage": scan.coverage,
    }


def entry_findings(file: str, entry: dict[str, Any]) -> list[Finding]:
    return [finding_from_row(file, raw) for raw in entry["findings"]]


def read_state(root: Path, salt_: str) -> LintState | None:
    raw = read_json(cache_path(root, FILES_FILE), salt_)
    try:
        return _state_from_json(raw)
    except (KeyError, TypeError, ValueError, IndexError):
        return None  # a file we did not write this way: start again


def _state_from_json(raw: Any) -> LintState | None:
    if not isinstance(raw, dict) or not isinstance(raw.get("files"), dict):
        return None
    state = LintState(raw["files"])
    org = raw.get("org")
    if isinstance(org, dict):
        state.org = OrgResult(
            str(org["key"]),
            [finding_from_row(f[0], f[1:]) for f in org["findings"]],
            [(str(w[0]), dict(w[1]), list(w[2])) for w in org["waivers"]],
        )
    return state


def write_state(root: Path, salt_: str, state: LintState, live: set[str]) -> None:
    """Store the state, keeping only the files that exist now (``live`` blob ids)."""
    org = state.org
    body: dict[str, Any] = {"files": {b: e for b, e in state.files.items() if b in live}}
    if org is not None:
        body["org"] = {
            "key": org.key,
            "findings": [[f.file, *finding_to_row(f)] for f in org.findings],
            "waivers": [list(w) for w in org.waivers],
        }
    write_json(cache_path(root, FILES_FILE), salt_, body)


# ---------------------------------------------------------------- the finished report


class WaiverNote(Struct, frozen=True):
    """What a report says about the waiver that waived a finding."""

    id: str
    expires: str
    reason: str


def report_to_json(report: Any) -> dict[str, Any]:
    return {
        "findings": [[f.file, *finding_to_row(f)] for f in report.findings],
        "documents": dict(report.documents),
        "coverage": report.coverage,
        "files": report.files,
        "suppressed": [[[f.file, *finding_to_row(f)], why] for f, why in report.suppressed],
        "waived": [
            [[f.file, *finding_to_row(f)], [w.id, w.expires, w.reason]] for f, w in report.waived
        ],
    }


def report_parts(raw: dict[str, Any]) -> dict[str, Any]:
    """The fields of a LintReport read back from :func:`report_to_json`."""

    def finding(x: list[Any]) -> Finding:
        return finding_from_row(x[0], x[1:])

    return {
        "findings": [finding(x) for x in raw["findings"]],
        "documents": Counter({str(k): int(v) for k, v in raw["documents"].items()}),
        "coverage": {str(k): [int(n) for n in v] for k, v in raw.get("coverage", {}).items()},
        "files": [str(x) for x in raw["files"]],
        "suppressed": [(finding(x), str(why)) for x, why in raw["suppressed"]],
        "waived": [(finding(x), WaiverNote(*map(str, w))) for x, w in raw["waived"]],
    }


def read_report(root: Path, key: str) -> dict[str, Any] | None:
    raw = read_json(cache_path(root, REPORT_FILE), key)
    try:
        return report_parts(raw) if isinstance(raw, dict) else None
    except (KeyError, TypeError, ValueError, IndexError):
        return None


def write_report(root: Path, key: str, report: Any) -> None:
    write_json(cache_path(root, REPORT_FILE), key, report_to_json(report))


def report_exists(root: Path) -> bool:
    return cache_path(root, REPORT_FILE).is_file()
