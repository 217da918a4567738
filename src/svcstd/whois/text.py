"""Normalising what people type, so that case, accents, punctuation and spacing do not matter."""

from __future__ import annotations

import re
import unicodedata

# Words that say nothing about the subject; dropped from queries, never from terms.
_ENGLISH = "a an the of for to and or my our who whom what about with in on at"
_INDONESIAN = "yang dan atau untuk ke di dari tentang siapa apa"
STOPWORDS = frozenset(f"{_ENGLISH} {_INDONESIAN}".split())


_NOT_ALNUM = re.compile(r"[^0-9a-z]+")


def normalise(text: str) -> str:
    """Lower-case, accent-free, punctuation-free text with single spaces."""
    text = str(text)
    if text.isascii():  # the common case, ten times faster than the general one
        return _NOT_ALNUM.sub(" ", text.lower()).strip()
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    cleaned = "".join(c if c.isalnum() else " " for c in plain)
    return " ".join(cleaned.split())


def query_words(normalised: str) -> list[str]:
    """The words of a normalised query that carry meaning (all of them if all are stopwords)."""
    words = normalised.split()
    meaningful = [w for w in words if w not in STOPWORDS]
    return meaningful or words
