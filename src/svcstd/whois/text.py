"""What people type: normalised as topics are (:mod:`svcstd.topics`), without the filler words."""

from __future__ import annotations

from svcstd.topics import normalise

# Words that say nothing about the subject; dropped from queries, never from terms.
_ENGLISH = "a an the of for to and or my our who whom what about with in on at"
_INDONESIAN = "yang dan atau untuk ke di dari tentang siapa apa"
STOPWORDS = frozenset(f"{_ENGLISH} {_INDONESIAN}".split())

__all__ = ["STOPWORDS", "normalise", "query_words"]


def query_words(normalised: str) -> list[str]:
    """The words of a normalised query that carry meaning (all of them if all are stopwords)."""
    words = normalised.split()
    meaningful = [w for w in words if w not in STOPWORDS]
    return meaningful or words
