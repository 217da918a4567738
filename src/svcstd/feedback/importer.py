"""``svcstd feedback import``: survey exports (CSV) counted into feedback files, per period.

Only the mapped columns are read, so the names and e-mail addresses that form
tools add to every export are never copied; comments are kept only when the
configuration says so. A row that cannot be counted is reported with its row
and column, never dropped silently.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from msgspec import Struct, field

from svcstd.errors import UsageError
from svcstd.feedback.periods import Period, period_of
from svcstd.model import Organisation
from svcstd.text import all_versions

FIELDS = ("submitted", "standard", "customer_team", "score", "comment")
MAX_ROWS = 1_000_000


class Preset(Struct, frozen=True):
    """What a form tool's export looks like: its timestamp column and date formats."""

    columns: dict[str, str]
    date_formats: tuple[str, ...]


# Google Forms and Microsoft Forms name the timestamp themselves; the question
# columns are the form's own, so a source maps them in svcstd.yaml.
PRESETS: dict[str, Preset] = {
    "generic": Preset({}, ()),
    "google-forms": Preset({"submitted": "Timestamp"}, ("%m/%d/%Y %H:%M:%S", "%Y/%m/%d %H:%M:%S")),
    "microsoft-forms": Preset(
        {"submitted": "Completion time"}, ("%m/%d/%y %H:%M:%S", "%m/%d/%Y %H:%M:%S")
    ),
}


class Source(Struct):
    """A survey export format: columns, answer values and how timestamps are written."""

    columns: dict[str, str]
    values: dict[str, dict[str, Any]]
    date_formats: tuple[str, ...]
    standard: str | None

    @classmethod
    def from_config(cls, settings: dict[str, Any]) -> Source:
        preset = PRESETS[settings.get("preset", "generic")]
        fmt = settings.get("date_format")
        return cls(
            {**{f: f for f in FIELDS}, **preset.columns, **settings.get("columns", {})},
            {
                k: {str(a).casefold(): v for a, v in m.items()}
                for k, m in settings.get("values", {}).items()
            },
            (fmt,) if fmt else preset.date_formats,
            settings.get("standard"),
        )


class RowProblem(Struct, frozen=True):
    """A row that was not counted, and why (row 1 is the header)."""

    row: int
    column: str
    message: str


class Tally(Struct):
    """One standard's answers in one period."""

    standard: str
    period: Period
    counts: dict[str, list[int]] = field(default_factory=dict)  # team -> five counts
    comments: list[tuple[str, str]] = field(default_factory=list)
    collected: date | None = None

    def add(self, team: str, score: int, day: date, comment: str | None) -> None:
        self.counts.setdefault(team, [0, 0, 0, 0, 0])[score - 1] += 1
        self.collected = max(self.collected or day, day)
        if comment:
            self.comments.append((team, comment))


class ImportResult(Struct):
    """Every period counted, and every row that was not."""

    tallies: dict[tuple[str, str], Tally] = field(default_factory=dict)
    problems: list[RowProblem] = field(default_factory=list)
    rows: int = 0


def source_settings(org: Organisation, name: str | None) -> Source:
    """The named source (feedback.sources.NAME), a preset's name, or the generic format."""
    sources = org.config.source.data.get("feedback", {}).get("sources", {})
    if name is None or (name in PRESETS and name not in sources):
        return Source.from_config({"preset": name or "generic"})
    if name not in sources:
        known = ", ".join(sorted({*sources, *PRESETS}))
        raise UsageError(
            f"unknown feedback source {name!r} (known: {known})",
            "add it under feedback.sources in svcstd.yaml (svcstd docs feedback)",
        )
    return Source.from_config(sources[name])


def read_export(org: Organisation, path: Path, source: Source, keep_comments: bool) -> ImportResult:
    """Count every row of the export into its standard's period."""
    result = ImportResult()
    zone = ZoneInfo(org.config.timezone)
    names = _names(org)
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            _check_columns(path, list(reader.fieldnames or []), source)
            for number, row in enumerate(reader, start=2):
                if number > MAX_ROWS:
                    raise UsageError(f"{path} has more than {MAX_ROWS} rows", "split the export")
                result.rows += 1
                _count(org, names, row, number, source, zone, keep_comments, result)
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise UsageError(f"cannot read {path}: {exc}", "export the answers as UTF-8 CSV") from None
    return result


def _check_columns(path: Path, header: list[str], source: Source) -> None:
    needed = ["submitted", "customer_team", "score"] + ([] if source.standard else ["standard"])
    missing = [source.columns[f] for f in needed if source.columns[f] not in header]
    if missing:
        raise UsageError(
            f"{path}: the export has no column {', '.join(repr(m) for m in missing)}",
            "name the form's questions under feedback.sources.<name>.columns in svcstd.yaml "
            "and pass --source NAME",
        )


def _count(
    org: Organisation,
    names: dict[str, dict[str, str]],
    row: dict[str, str],
    number: int,
    source: Source,
    zone: ZoneInfo,
    keep_comments: bool,
    result: ImportResult,
) -> None:
    try:
        standard, team, score, day = _interpret(org, names, row, source, zone)
    except _RowError as exc:
        result.problems.append(RowProblem(number, exc.column, exc.message))
        return
    std = org.standards[standard]
    cadence = std.feedback.cadence if std.feedback else None
    period = period_of(day, cadence)
    tally = result.tallies.setdefault((standard, period.name), Tally(standard, period))
    comment = (row.get(source.columns["comment"]) or "").strip() if keep_comments else None
    tally.add(team, score, day, comment or None)


class _RowError(Exception):
    def __init__(self, column: str, message: str) -> None:
        super().__init__(message)
        self.column, self.message = column, message


def _interpret(
    org: Organisation,
    names: dict[str, dict[str, str]],
    row: dict[str, str],
    source: Source,
    zone: ZoneInfo,
) -> tuple[str, str, int, date]:
    standard = source.standard or _mapped(row, source, "standard", names["standard"])
    if standard not in org.standards:
        raise _RowError(source.columns["standard"], f"{standard!r} is no standard")
    team = _mapped(row, source, "customer_team", names["customer_team"])
    if team not in org.teams:
        raise _RowError(source.columns["customer_team"], f"{team!r} is no team")
    if team == org.standards[standard].provider_id:
        raise _RowError(
            source.columns["customer_team"], f"{team!r} provides {standard}; it cannot rate itself"
        )
    return standard, team, _score(row, source), _day(row, source, zone)


def _mapped(row: dict[str, str], source: Source, name: str, names: dict[str, str]) -> str:
    """The id an answer stands for: the configured value, an id, or a team name / title."""
    text = (row.get(source.columns[name]) or "").strip()
    key = text.casefold()
    return str(source.values.get(name, {}).get(key) or names.get(key) or text)


def _names(org: Organisation) -> dict[str, dict[str, str]]:
    return {
        # A form may name standards and teams in any language they are written in.
        "standard": {
            n.casefold(): s.id for s in org.standards.values() for n in all_versions(s.title)
        },
        "customer_team": {
            n.casefold(): t.id for t in org.teams.values() for n in all_versions(t.name)
        },
    }


def _score(row: dict[str, str], source: Source) -> int:
    text = (row.get(source.columns["score"]) or "").strip()
    value = source.values.get("score", {}).get(text.casefold(), text)
    try:
        score = int(value)
    except (TypeError, ValueError):
        score = 0
    if not 1 <= score <= 5:
        raise _RowError(
            source.columns["score"],
            f"{text!r} is not a score from 1 to 5 (map answer texts under values.score)",
        )
    return score


def _day(row: dict[str, str], source: Source, zone: ZoneInfo) -> date:
    text = (row.get(source.columns["submitted"]) or "").strip()
    for parse in _parsers(source.date_formats):
        try:
            moment = parse(text)
        except ValueError:
            continue
        # No offset: the organisation's own time; with one: the same moment there.
        local = moment.replace(tzinfo=zone) if moment.tzinfo is None else moment.astimezone(zone)
        day: date = local.date()
        return day
    raise _RowError(
        source.columns["submitted"],
        f"{text!r} is not a time in the form {' or '.join(source.date_formats) or 'ISO 8601'}",
    )


def _parsers(formats: tuple[str, ...]) -> Iterator[Any]:
    for fmt in formats:
        yield lambda text, fmt=fmt: datetime.strptime(text, fmt)
    yield datetime.fromisoformat


class Counts(list[int]):
    """Five counts, written on one line in the feedback file."""


def feedback_id(standard: str, period: Period) -> str:
    return f"{standard}-{period.slug}"


def document(tally: Tally, origin: str) -> dict[str, Any]:
    """The feedback file's data, in the order people read it."""
    data: dict[str, Any] = {
        "kind": "feedback",
        "id": feedback_id(tally.standard, tally.period),
        "standard": tally.standard,
        "period": tally.period.name,
        "start": tally.period.start,
        "end": tally.period.end,
        "collected": tally.collected,
        "source": origin,
        "results": [
            {"customer": team, "scores": Counts(counts)}
            for team, counts in sorted(tally.counts.items())
        ],
    }
    if tally.comments:
        data["comments"] = [{"customer": t, "text": c} for t, c in sorted(tally.comments)]
    return {k: v for k, v in data.items() if v is not None}


def by_standard(result: ImportResult) -> dict[str, list[Tally]]:
    grouped: dict[str, list[Tally]] = defaultdict(list)
    for tally in result.tallies.values():
        grouped[tally.standard].append(tally)
    return grouped
