"""Translations of a document: which texts lack a language, and the coverage per language.

Read from the raw data of one document, with the text fields taken from the schemas
(:func:`svcstd.text.iter_texts`), so that a new text field is counted without a
change here. The deprecated ``title_id``/``name_id`` count as the Indonesian version
of ``title``/``name`` while they last.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from svcstd.text import LEGACY_FIELDS, iter_texts, translations, with_legacy

# The kinds whose texts a reader of the handbook reads. Feedback comments are kept as
# the respondent wrote them and waivers are for maintainers: neither is translated.
TRANSLATED_KINDS = ("team", "role", "standard", "sop", "action")

Path = tuple[Any, ...]


def text_languages(
    data: Mapping[str, Any], kind: str, default: str
) -> Iterator[tuple[Path, set[str]]]:
    """Every text field of a document with the languages it is written in."""
    legacy = {(field,): old for old, (field, _) in LEGACY_FIELDS.items() if old in data}
    for path, value in iter_texts(data, kind):
        if path in legacy:
            value = with_legacy(data, legacy[path], default)
        yield path, set(translations(value, default))


def missing_translations(
    data: Mapping[str, Any], kind: str, languages: list[str], default: str
) -> list[tuple[Path, list[str]]]:
    """The text fields lacking one of ``languages``, each with the languages it lacks."""
    if kind not in TRANSLATED_KINDS:
        return []
    found = []
    for path, written in text_languages(data, kind, default):
        lacking = [code for code in languages if code not in written]
        if lacking:
            found.append((path, lacking))
    return found


def coverage(
    data: Mapping[str, Any], kind: str, languages: list[str], default: str
) -> dict[str, list[int]]:
    """Per language: [text fields written in it, text fields] of one document."""
    counts = {code: [0, 0] for code in languages}
    if kind not in TRANSLATED_KINDS or len(languages) < 2:
        return {}
    for _, written in text_languages(data, kind, default):
        for code in languages:
            counts[code][0] += code in written
            counts[code][1] += 1
    return counts


def add_coverage(total: dict[str, list[int]], part: Mapping[str, list[int]]) -> None:
    """Add one document's (or file's) coverage to a running total."""
    for code, (translated, fields) in part.items():
        into = total.setdefault(code, [0, 0])
        into[0] += translated
        into[1] += fields


def coverage_summary(total: Mapping[str, list[int]]) -> dict[str, dict[str, Any]]:
    """The coverage as the JSON report shows it: fields translated, fields, and the share."""
    return {
        code: {
            "translated": translated,
            "total": fields,
            "percent": round(100 * translated / fields, 1) if fields else 100.0,
        }
        for code, (translated, fields) in sorted(total.items())
    }
