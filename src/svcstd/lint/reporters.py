"""Reporters turn a LintReport into text for a person or a machine; chosen by --format.

Each reporter is a function ``(report, out, color)``; REPORTERS maps format names to them.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from collections.abc import Callable, Iterator
from itertools import groupby
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import quote

from svcstd.findings import Finding, Severity
from svcstd.i18n import N_, translator
from svcstd.lint.engine import LintReport
from svcstd.lint.registry import RULES, load_rules
from svcstd.safetext import visible

_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}
_SEVERITY = {
    Severity.ERROR: N_("error"),
    Severity.WARNING: N_("warning"),
    Severity.INFO: N_("info"),
}


def report_json(report: LintReport, out: TextIO, color: bool) -> None:
    """The documented JSON structure: findings plus a summary, suppressions and waivers."""
    body = {
        "findings": [f.to_dict() for f in report.findings],
        "summary": report.summary(),
        "suppressed": [{**f.to_dict(), "reason": reason} for f, reason in report.suppressed],
        "waived": [
            {**f.to_dict(), "waiver": w.id, "expires": w.expires, "reason": w.reason}
            for f, w in report.waived
        ],
    }
    out.write(json.dumps(body, indent=2, ensure_ascii=False) + "\n")


def report_text(report: LintReport, out: TextIO, color: bool) -> None:
    """Findings grouped by file, each with the source line and a caret, then a summary."""
    from rich.console import Console
    from rich.markup import escape as escape_markup

    def escape(text: str) -> str:  # rich markup escaped, control characters made visible
        return escape_markup(visible(text))

    console = Console(
        file=out,
        no_color=not color,
        highlight=False,
        soft_wrap=True,
        force_terminal=color,
        emoji=False,
    )
    _ = translator(report.lang).gettext
    hint = _("hint:")
    for file, group in groupby(report.findings, key=lambda f: f.file):
        console.print(f"[bold]{escape(file)}[/]")
        for f in group:
            style, severity = _STYLE[f.severity], _(_SEVERITY[f.severity])
            console.print(
                f"  {f.line}:{f.column}  [{style}]{severity}[/]  {escape(f.message)}"
                f"  [dim]({f.rule})[/]"
            )
            for text in _excerpt(report, f):
                console.print(f"[dim]{escape(text)}[/]")
            if f.hint:
                console.print(f"      [dim]{hint}[/] {escape(f.hint)}")
    console.print(_summary_line(report))
    for text in _exceptions(report):
        console.print(escape(text))


def _excerpt(report: LintReport, f: Finding) -> list[str]:
    source = report.source_line(f.file, f.line)
    if source is None or not source.strip():
        return []
    gutter = f"{f.line:>7} | "
    # The caret goes under the character as shown, after escapes have widened the line.
    shown_column = len(visible(source[: f.column - 1])) + 1
    caret = " " * (len(gutter) - 2) + "| " + " " * (shown_column - 1) + "^"
    return [gutter + source.rstrip(), caret]


def _exceptions(report: LintReport) -> Iterator[str]:
    """The summary's list of inline suppressions and waivers, so exceptions stay visible."""
    _ = translator(report.lang).gettext
    if report.suppressed:
        yield _("suppressed inline:")
        for f, reason in report.suppressed:
            yield f"  {f.file}:{f.line}  {f.rule}  -- {reason}"
    if report.waived:
        yield _("waived:")
        for f, w in report.waived:
            waiver = _("by {waiver} (until {date})").format(waiver=w.id, date=w.expires)
            yield f"  {f.file}:{f.line}  {f.rule}  {waiver}"


# Each severity's count as literal ngettext calls, so that pybabel finds both forms.
_COUNTS: dict[Severity, Callable[[Any, int], str]] = {
    Severity.ERROR: lambda tr, n: tr.ngettext("{n} error", "{n} errors", n),
    Severity.WARNING: lambda tr, n: tr.ngettext("{n} warning", "{n} warnings", n),
    Severity.INFO: lambda tr, n: tr.ngettext("{n} info", "{n} infos", n),
}


def _summary_line(report: LintReport) -> str:
    """'8 documents checked: 2 errors, 1 warning, 0 infos', in the report's language."""
    tr = translator(report.lang)
    docs = sum(report.documents.values())
    counts = [
        _COUNTS[s](tr, report.count(s)).format(n=report.count(s))
        for s in sorted(Severity, reverse=True)
    ]
    verdict = tr.gettext("clean") if not report.findings else ", ".join(counts)
    extra = []
    if report.suppressed:
        extra.append(tr.gettext("{n} suppressed").format(n=len(report.suppressed)))
    if report.waived:
        extra.append(tr.gettext("{n} waived").format(n=len(report.waived)))
    line = tr.ngettext("{n} document checked: {verdict}", "{n} documents checked: {verdict}", docs)
    return line.format(n=docs, verdict=verdict) + (f" ({', '.join(extra)})" if extra else "")


# GitHub workflow commands: https://docs.github.com/actions/reference/workflow-commands
_GITHUB_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def _gh_data(text: str) -> str:
    # The log viewer shows the message as terminal text: no escape sequence reaches it.
    return visible(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def _gh_property(text: str) -> str:
    return _gh_data(text).replace(":", "%3A").replace(",", "%2C")


def report_github(report: LintReport, out: TextIO, color: bool) -> None:
    """One ``::error file=…,line=…,col=…,title=…::message`` annotation per finding."""
    for f in report.findings:
        props = (
            f"file={_gh_property(f.file)},line={f.line},col={f.column},title={_gh_property(f.rule)}"
        )
        message = f.message + (f"\nhint: {f.hint}" if f.hint else "")
        out.write(f"::{_GITHUB_LEVEL[f.severity]} {props}::{_gh_data(message)}\n")
    out.write(_summary_line(report) + "\n")


_SARIF_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
# Report paths are relative to this base (lint.gather); GitHub code scanning maps it to
# the checked-out repository.
SARIF_BASE_ID = "%SRCROOT%"
# The partialFingerprints key; bump the version when what it hashes changes.
FINGERPRINT_KEY = "svcstdFinding/v1"
# GitHub code scanning shows rules tagged "security" with this score (0-10). Only the
# YAML checks that stop hostile input qualify; the rest are about the standards' content.
_SECURITY_SEVERITY = {"yaml/tag": "6.0", "yaml/alias-bomb": "5.0", "yaml/alias-loop": "5.0"}


def sarif_log(report: LintReport) -> dict[str, Any]:
    """The report as a SARIF 2.1.0 log, with every rule's explanation as metadata."""
    from svcstd import __version__

    rule_ids = list(load_rules())
    fingerprints = _fingerprints(report)
    results = [_sarif_result(f, rule_ids, fingerprints) for f in report.findings]
    results += [
        _sarif_result(f, rule_ids, fingerprints, "inSource", reason)
        for f, reason in report.suppressed
    ]
    results += [
        _sarif_result(f, rule_ids, fingerprints, "external", f"waiver {w.id}: {w.reason}")
        for f, w in report.waived
    ]
    driver = {
        "name": "svcstd",
        "version": __version__,
        "rules": [_sarif_rule(RULES[r]) for r in rule_ids],
    }
    run: dict[str, Any] = {"tool": {"driver": driver}}
    if report.base is not None:
        run["originalUriBaseIds"] = {SARIF_BASE_ID: {"uri": report.base.as_uri().rstrip("/") + "/"}}
    run |= {"columnKind": "unicodeCodePoints", "results": results}
    return {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}


def _sarif_rule(rule: Any) -> dict[str, Any]:
    tags = [rule.family] + (["security"] if rule.id in _SECURITY_SEVERITY else [])
    properties: dict[str, Any] = {"tags": tags, "precision": "very-high"}
    if rule.id in _SECURITY_SEVERITY:
        properties["security-severity"] = _SECURITY_SEVERITY[rule.id]
    return {
        "id": rule.id,
        "name": "".join(w.capitalize() for w in rule.id.replace("/", "-").split("-")),
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.explanation},
        "help": {"text": rule.explanation, "markdown": _rule_help(rule)},
        "defaultConfiguration": {"level": _SARIF_LEVEL[rule.severity]},
        "properties": properties,
    }


def _rule_help(rule: Any) -> str:
    """The help GitHub shows beside an alert: what the rule checks and where to read more."""
    return (
        f"**{rule.summary}**\n\n{rule.explanation}\n\n"
        f"Default severity: {rule.severity}. Explain it locally with "
        f"`svcstd lint --explain {rule.id}`; the rules and how to configure or waive "
        "them: `svcstd docs rules`."
    )


def _fingerprints(report: LintReport) -> dict[Finding, str]:
    """A fingerprint per finding that survives lines moving: rule, file and field path.

    Line numbers are left out on purpose, so a line inserted above a finding does not
    make code scanning close the alert and open a new one. Findings sharing rule, file
    and field path are told apart by their order in the file (as GitHub's own
    ``primaryLocationLineHash`` counts repeats).
    """
    seen: Counter[str] = Counter()
    out: dict[Finding, str] = {}
    everything = [*report.findings, *(f for f, _ in report.suppressed)]
    everything += [f for f, _ in report.waived]
    for f in sorted(everything):
        digest = hashlib.sha256("\0".join((f.rule, f.file, f.field_path)).encode()).hexdigest()
        out[f] = f"{digest[:32]}:{seen[digest]}"
        seen[digest] += 1
    return out


def _sarif_result(
    f: Finding,
    rule_ids: list[str],
    fingerprints: dict[Finding, str],
    kind: str | None = None,
    justification: str = "",
) -> dict[str, Any]:
    artifact: dict[str, Any] = {"uri": _uri(f.file)}
    if not Path(f.file).is_absolute():
        artifact["uriBaseId"] = SARIF_BASE_ID
    location = {
        "physicalLocation": {
            "artifactLocation": artifact,
            "region": {"startLine": f.line, "startColumn": f.column},
        }
    }
    result: dict[str, Any] = {
        "ruleId": f.rule,
        "level": _SARIF_LEVEL[f.severity],
        "message": {"text": f.message + (f" (hint: {f.hint})" if f.hint else "")},
        "locations": [location],
        "partialFingerprints": {FINGERPRINT_KEY: fingerprints[f]},
    }
    if f.rule in rule_ids:
        result["ruleIndex"] = rule_ids.index(f.rule)
    if kind:
        result["suppressions"] = [{"kind": kind, "justification": justification}]
    return result


def _uri(file: str) -> str:
    path = Path(file)
    return path.as_uri() if path.is_absolute() else quote(path.as_posix())


def report_sarif(report: LintReport, out: TextIO, color: bool) -> None:
    """SARIF 2.1.0 for GitHub code scanning and other SARIF viewers."""
    out.write(json.dumps(sarif_log(report), indent=2, ensure_ascii=False) + "\n")


def report_junit(report: LintReport, out: TextIO, color: bool) -> None:
    """JUnit XML for Jenkins (xunit junit-10.xsd) and GitLab: one test case per file.

    A file fails only with findings at or above --fail-level, so the test report
    agrees with lint's exit code; the others are listed in the case's
    ``<system-out>``. Lint does not time single files: every ``time`` is 0, which
    keeps the report the same from one run to the next.
    """
    import xml.etree.ElementTree as ET

    by_file: dict[str, list[Finding]] = {}
    for f in report.findings:
        by_file.setdefault(f.file, []).append(f)
    files = sorted(set(report.files) | set(by_file))
    failing = {
        file: [f for f in by_file.get(file, []) if f.severity >= report.fail_level]
        for file in files
    }
    failed = sum(1 for file in files if failing[file])
    counts = {"tests": str(len(files)), "failures": str(failed), "errors": "0"}
    suites = ET.Element("testsuites", {"name": "svcstd lint", **counts, "time": "0"})
    suite = ET.SubElement(
        suites, "testsuite", {"name": "svcstd lint", **counts, "skipped": "0", "time": "0"}
    )
    _junit_properties(ET.SubElement(suite, "properties"), report)
    for file in files:
        case = ET.SubElement(
            suite,
            "testcase",
            name=_xml_safe(file),
            classname=_xml_safe(_classname(file)),
            time="0",
        )
        if failing[file]:
            _junit_failure(ET.SubElement(case, "failure"), failing[file], report.fail_level)
        below = [f for f in by_file.get(file, []) if f.severity < report.fail_level]
        if below:
            ET.SubElement(case, "system-out").text = "\n".join(_plain(f) for f in below)
    ET.indent(suites)
    out.write(ET.tostring(suites, encoding="unicode", xml_declaration=True) + "\n")


def _junit_properties(properties: Any, report: LintReport) -> None:
    """The fail level and the count per severity, so a reader sees why the suite passed."""
    import xml.etree.ElementTree as ET

    values = {"fail-level": str(report.fail_level)}
    values |= {f"{s}s": str(report.count(s)) for s in sorted(Severity, reverse=True)}
    for name, value in values.items():
        ET.SubElement(properties, "property", name=name, value=value)


def _junit_failure(failure: Any, findings: list[Finding], level: Severity) -> None:
    failure.set("type", findings[0].rule)
    failure.set(
        "message",
        _xml_safe(f"{len(findings)} finding(s) at or above {level}: {findings[0].message}"),
    )
    failure.text = "\n".join(_plain(f) for f in findings)


def _classname(file: str) -> str:
    parent = Path(file).parent.as_posix()
    return "svcstd." + (parent.replace("/", ".") if parent != "." else "root")


def _plain(f: Finding) -> str:
    hint = f" (hint: {f.hint})" if f.hint else ""
    return _xml_safe(f"{f.file}:{f.line}:{f.column}: {f.severity}: {f.message} [{f.rule}]{hint}")


# Characters XML 1.0 cannot hold at all, even escaped; a hostile file name or value
# must not make the report unparseable.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_safe(text: str) -> str:
    return _XML_ILLEGAL.sub("\ufffd", text)


Reporter = Callable[[LintReport, TextIO, bool], None]
REPORTERS: dict[str, Reporter] = {
    "text": report_text,
    "json": report_json,
    "github": report_github,
    "sarif": report_sarif,
    "junit": report_junit,
}
