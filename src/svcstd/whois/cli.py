"""What ``svcstd whois`` does once its options are parsed: pick the lookup, print, exit code."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from svcstd.errors import EXIT_FINDINGS, EXIT_OK, UsageError
from svcstd.repository import find_root
from svcstd.suggest import did_you_mean
from svcstd.whois.catalogue import Catalogue
from svcstd.whois.labels import LABELS, labels
from svcstd.whois.load import load_catalogue
from svcstd.whois.render import (
    render_directory,
    render_result,
    render_role_report,
    render_team_report,
)
from svcstd.whois.reverse import directory, role_report, team_report
from svcstd.whois.search import whois

# The version of the documented --json structure (docs/whois.md); raised only when a
# key is removed or changes meaning, never when one is added.
JSON_FORMAT = 1


@dataclass(frozen=True)
class Request:
    """The parsed command line of one whois run."""

    query: str
    as_json: bool = False
    show_all: bool = False
    role: str | None = None
    team: str | None = None
    directory: bool = False
    lang: str = "en"


def _check(request: Request) -> None:
    if request.lang not in LABELS:
        hint = did_you_mean(request.lang, LABELS) or f"use one of: {', '.join(LABELS)}"
        raise UsageError(f"unknown language {request.lang!r}", hint)
    modes = [bool(request.query.strip()), bool(request.role), bool(request.team), request.directory]
    if sum(modes) != 1:
        raise UsageError(
            "give exactly one of: a QUERY, --role ROLE_ID, --team TEAM_ID or --list",
            "e.g. svcstd whois payroll",
        )


# Each lookup returns (data for --json, text renderer, exit code).
Lookup = tuple[Any, Callable[[Any, str], str], int]


def _lookup(catalogue: Catalogue, request: Request) -> Lookup:
    if request.role:
        return role_report(catalogue.organisation(), request.role), render_role_report, EXIT_OK
    if request.team:
        return team_report(catalogue.organisation(), request.team), render_team_report, EXIT_OK
    if request.directory:
        rows = directory(catalogue.organisation())
        return {"topics": rows}, lambda d, lang: render_directory(d["topics"], lang), EXIT_OK
    result = whois(catalogue, request.query, request.show_all)
    code = EXIT_FINDINGS if result["status"] == "no-match" else EXIT_OK
    return result, render_result, code


def run_whois(path: Path, request: Request, use_cache: bool = True) -> int:
    """Answer one whois request on stdout; return the exit code."""
    _check(request)
    catalogue = load_catalogue(find_root(path), use_cache)
    data, render, code = _lookup(catalogue, request)
    if request.as_json:
        document = {"format": JSON_FORMAT, **data}
        sys.stdout.write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(render(data, request.lang))
    if catalogue.skipped:
        print(f"note: {catalogue.skipped} {labels(request.lang)['skipped']}", file=sys.stderr)
    return code
