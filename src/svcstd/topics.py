"""When two ways of writing a topic are the same topic: one rule for lint, whois and the handbook.

"Forklift.", "Fork Lift", "fork-lift" and "forklifts" are one topic; so are
"gaji", "gajinya" and "penggajian". A text is first normalised (case, accents,
punctuation and spacing do not matter), then each word is reduced to its stem by
the Snowball stemmer of every supported language, and the stems are joined
without spaces. The result is one *key* per language ("en:forklift",
"id:forklift"); two texts are the same topic when they share a key.

Each language is applied to the whole text on its own, never one stemmer after
the other: the Indonesian stemmer reads "performance" as per-formance, and
chaining it after the English one would make "forms" a match for "performance
review". Keys carry their language for the same reason.

The ownership lint rule, the whois index and the handbook's topic directory all
compare topics through this module, so they cannot disagree about what counts
as one topic.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import cache, lru_cache
from typing import Any

# Language code → the Snowball algorithm that stems it (PyStemmer's names).
STEMMERS = {"en": "english", "id": "indonesian"}

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


@cache
def _stemmer(language: str) -> Any:
    # Imported on first use: commands that never compare topics do not pay for it.
    import Stemmer  # type: ignore[import-not-found]  # a C extension without type stubs

    return Stemmer.Stemmer(STEMMERS[language])


def stem_words(words: list[str]) -> tuple[str, ...]:
    """The words stemmed in each language of STEMMERS, in its order, as space-separated text."""
    return tuple(" ".join(_stemmer(lang).stemWords(words)) for lang in STEMMERS)


def stems(normalised: str) -> tuple[str, ...]:
    """A normalised text stemmed in each language of STEMMERS (see :func:`stem_words`)."""
    return stem_words(normalised.split())


def keys_of_stems(forms: Iterable[str]) -> frozenset[str]:
    """The topic keys of a text already stemmed by :func:`stems`."""
    return frozenset(
        f"{lang}:{form.replace(' ', '')}"
        for lang, form in zip(STEMMERS, forms, strict=True)
        if form
    )


@lru_cache(maxsize=1 << 16)  # standards name the topics roles own: the same texts again
def topic_keys(text: str) -> frozenset[str]:
    """Every key a text is known by as a topic ("en:forklift", "id:forklift")."""
    return keys_of_stems(stems(normalise(text)))


def same_topic(a: str, b: str) -> bool:
    """Whether two texts name the same topic."""
    return not topic_keys(a).isdisjoint(topic_keys(b))
