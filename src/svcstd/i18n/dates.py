"""Long dates ('1 March 2026', '1 Maret 2026') from CLDR data that Babel extracted once.

Babel is the source of the wording: ``python -m svcstd.i18n.dates`` asks it for each
language's long date pattern and month names and writes them to ``dates.json``, which ships
with svcstd like the compiled message catalogs. Reading that small file instead of calling
Babel at run time saves every command that prints a date about 0.1 s: loading Babel's locale
data (en_GB merges three CLDR files) cost more than the rest of building the handbook's view.
The tests compare :func:`long_date` with Babel's ``format_date`` on every day of a leap year
and a common year in each language, and fail when ``dates.json`` is stale.
"""

from __future__ import annotations

import json
import sys
from datetime import date
from functools import cache
from typing import Any

from svcstd.resources import PACKAGE

# svcstd's languages and the CLDR locale whose conventions each follows.
LOCALES = {"en": "en_GB", "id": "id_ID"}
# The pattern fields a long date may use: day, wide month name, year. Babel's pattern for
# each language is checked against them when the table is made.
_FIELDS = frozenset({"d", "MMMM", "y"})
_TABLE = PACKAGE / "i18n" / "dates.json"  # shipped beside this module


@cache
def _table() -> dict[str, Any]:
    text = _TABLE.read_text(encoding="utf-8")
    table: dict[str, Any] = json.loads(text)
    return table


def long_date(day: date, lang: str) -> str:
    """``day`` in the language's long form, as Babel's ``format_date(format="long")`` has it."""
    entry = _table().get(lang) or _table()["en"]
    fields = {"d": str(day.day), "MMMM": entry["months"][day.month - 1], "y": str(day.year)}
    return str(entry["format"]) % fields


def generate() -> dict[str, Any]:
    """The table, freshly from Babel (a development step, like compiling the catalogs)."""
    from babel import Locale
    from babel.dates import get_date_format

    table: dict[str, Any] = {}
    for lang, locale in LOCALES.items():
        pattern = get_date_format("long", locale=locale)
        # Babel's %-style form of the pattern, '%(d)s %(MMMM)s %(y)s' (read through vars():
        # Babel's type hints give the attribute's name to a method as well).
        text: str = vars(pattern)["format"]
        fields = {piece.split(")s", 1)[0] for piece in text.split("%(")[1:]}
        unknown = fields - _FIELDS
        if unknown:
            raise ValueError(f"{locale}: the long date uses fields svcstd cannot fill: {unknown}")
        months = Locale.parse(locale).months["format"]["wide"]
        table[lang] = {
            "locale": locale,
            "pattern": pattern.pattern,
            "format": text,
            "months": [months[m] for m in range(1, 13)],
        }
    return table


def main() -> None:
    """Write dates.json beside this module from Babel's data."""
    target = _TABLE
    text = json.dumps(generate(), ensure_ascii=False, indent=2) + "\n"
    with open(str(target), "w", encoding="utf-8") as out:
        out.write(text)
    sys.stdout.write(f"wrote {target}\n")


if __name__ == "__main__":
    main()
