"""What ``svcstd whois`` does once its options are parsed: pick the lookup, print, exit code."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from msgspec import Struct

from svcstd.errors import EXIT_FINDINGS, EXIT_OK, UsageError
from svcstd.i18n import check_language, translator
from svcstd.repository import find_root
from svcstd.safetext import visible
from svcstd.text import localise_tree
from svcstd.whois.catalogue import Catalogue
from svcstd.whois.load import load_catalogue

# The version of the documented --json structure (docs/whois.md); raised only when a
# key is removed or changes meaning, never when one is added.
JSON_FORMAT = 1


class Request(Struct, frozen=True):
    """The parsed command line of one whois run."""

    query: str
    as_json: bool = False
    show_all: bool = False
    role: str | None = None
    team: str | None = None
    directory: bool = False
    lang: str | None = None  # None: the configuration's language


def _check(request: Request) -> None:
    if request.lang is not None:
        check_language(request.lang)
    modes = [bool(request.query.strip()), bool(request.role), bool(request.team), request.directory]
    if sum(modes) != 1:
        raise UsageError(
            "give exactly one of: a QUERY, --role ROLE_ID, --team TEAM_ID or --list",
            "e.g. svcstd whois payroll",
        )


# Each lookup returns (data for --json, text renderer, exit code).
Lookup = tuple[Any, Callable[[Any, str], str], int]


def _lookup(catalogue: Catalogue, request: Request) -> Lookup:
    # Imported here, not at the top: a question never needs the reverse lookups, and
    # --json never needs the text renderer; every module spared is start-up time saved.
    if request.role or request.team or request.directory:
        return _report(catalogue, request)
    from svcstd.whois.search import whois

    result = whois(catalogue, request.query, request.show_all)
    code = EXIT_FINDINGS if result["status"] == "no-match" else EXIT_OK
    return result, _render_result, code


def _report(catalogue: Catalogue, request: Request) -> Lookup:
    from svcstd.whois import render as r
    from svcstd.whois.reverse import directory, role_report, team_report

    org = catalogue.organisation()  # a report reads every document
    if request.role:
        return role_report(org, request.role), r.render_role_report, EXIT_OK
    if request.team:
        return team_report(org, request.team), r.render_team_report, EXIT_OK
    rows = directory(org)
    return {"topics": rows}, lambda d, lang: r.render_directory(d["topics"], lang), EXIT_OK


def _render_result(result: Any, lang: str) -> str:
    from svcstd.whois.render import render_result

    return render_result(result, lang)


def run_whois(path: Path, request: Request, use_cache: bool = True) -> int:
    """Answer one whois request on stdout; return the exit code."""
    _check(request)
    catalogue = load_catalogue(find_root(path), use_cache)
    lang = check_language(request.lang or catalogue.config.language)
    data, render, code = _lookup(catalogue, request)
    # The answer holds the authors' texts as written; the reader gets their language.
    data = localise_tree(data, lang, catalogue.config.language)
    if request.as_json:
        document = {"format": JSON_FORMAT, **data}
        sys.stdout.write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(visible(render(data, lang)))
    if catalogue.skipped:
        note = translator(lang).ngettext(
            "note: {n} document could not be read and was skipped; run 'svcstd lint'",
            "note: {n} documents could not be read and were skipped; run 'svcstd lint'",
            catalogue.skipped,
        )
        print(note.format(n=catalogue.skipped), file=sys.stderr)
    return code
