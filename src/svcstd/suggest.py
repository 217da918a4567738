"""Did-you-mean suggestions for misspelt ids, fields and values."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def did_you_mean(word: str, options: Iterable[str]) -> str | None:
    """'did you mean X?' for the closest option, or None when nothing is close."""
    close = difflib.get_close_matches(word, list(options), n=1, cutoff=0.75)
    return f"did you mean {close[0]!r}?" if close else None
