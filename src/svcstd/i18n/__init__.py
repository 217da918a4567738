"""Interface language: gettext message catalogs shipped with svcstd (see docs/translating.md).

Code writes English text and asks the catalog of the reader's language for it::

    _ = translator(lang).gettext
    _("Owner")                                        # "Penanggung jawab" in Indonesian
    translator(lang).ngettext("{n} response", "{n} responses", n).format(n=n)

Text defined before a language is known (tables of statuses, headings) is marked with
``N_()`` so ``pybabel extract`` finds it, and translated where it is shown. Only the
standard library is used here: every command may import this module cheaply.
"""

from __future__ import annotations

import gettext
from functools import cache

from svcstd.errors import UsageError
from svcstd.resources import PACKAGE

DOMAIN = "svcstd"
# The interface languages with a catalog in src/svcstd/locale; English is the source language.
LANGUAGES = ("en", "id")


def N_(message: str) -> str:
    """Mark ``message`` for extraction without translating it yet."""
    return message


def check_language(lang: str) -> str:
    """``lang`` when svcstd speaks it; otherwise a usage error naming the ones it does."""
    if lang in LANGUAGES:
        return lang
    from svcstd.suggest import did_you_mean

    hint = did_you_mean(lang, LANGUAGES) or f"use one of: {', '.join(LANGUAGES)}"
    raise UsageError(f"unknown language {lang!r}", hint)


@cache
def translator(lang: str) -> gettext.NullTranslations:
    """The compiled catalog of ``lang`` (``gettext``, ``ngettext``, ``pgettext`` on it)."""
    check_language(lang)
    path = PACKAGE / "locale" / lang / "LC_MESSAGES" / f"{DOMAIN}.mo"
    # The .mo files are committed and shipped in the wheel; a missing one is a packaging bug.
    with path.open("rb") as handle:
        return gettext.GNUTranslations(handle)
