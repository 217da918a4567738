"""Bilingual text: a field written as a plain string or as a language map, and the one
resolver that decides which language a reader sees.

Every human-readable field of every kind (the schema's ``$defs/text``) is either a
plain string, written in the configuration's ``language``, or a language map such as
``{en: Payroll, id: Penggajian}``. :func:`resolve` is the only place that chooses
among the languages; its order (docs/format.md, "Bilingual fields") is

1. the reader's language;
2. the configuration's ``language``;
3. the first language written in the map.

The typed model stores such fields as :class:`Text`: a ``str`` whose value is the text
in the configuration's language (so code that only needs "the text" keeps working),
carrying every translation for the code that asks for a language.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}(-[A-Z]{2})?$")

# The deprecated one-field-per-language form: a title and its Indonesian twin.
LEGACY_FIELDS: dict[str, tuple[str, str]] = {"title_id": ("title", "id"), "name_id": ("name", "id")}


@dataclass(frozen=True)
class Localised:
    """A text as one reader sees it: the words, their language, and whether they fell back."""

    text: str
    lang: str
    fallback: bool = False


class Text(str):
    """A text in the configuration's language that also carries its other languages."""

    translations: dict[str, str]
    language: str

    def __new__(cls, translations: Mapping[str, str], language: str) -> Text:
        chosen = _choose(translations, language, language)
        obj = super().__new__(cls, chosen[1] if chosen else "")
        obj.translations = dict(translations)
        obj.language = language
        return obj

    def __reduce__(self) -> tuple[Any, ...]:
        # Texts travel through caches and worker processes; keep their languages.
        return (Text, (self.translations, self.language))

    def get(self, lang: str) -> str | None:
        """The text written in exactly this language, or None (no fallback)."""
        return self.translations.get(lang)


class Shown(str):
    """A resolved text on its way to a page: the words, with their language and whether
    they fell back from the page's language (so HTML can mark them with ``lang``)."""

    lang: str
    fallback: bool

    def __new__(cls, localised: Localised) -> Shown:
        obj = super().__new__(cls, localised.text)
        obj.lang, obj.fallback = localised.lang, localised.fallback
        return obj

    def __reduce__(self) -> tuple[Any, ...]:
        return (Shown, (Localised(str(self), self.lang, self.fallback),))


def translations(value: object, default: str) -> dict[str, str]:
    """Every language a raw or typed text is written in: a plain string is in ``default``."""
    if isinstance(value, Text):
        return dict(value.translations)
    if isinstance(value, str):
        return {default: value} if value else {}
    if isinstance(value, Mapping):
        return {str(k): v for k, v in value.items() if isinstance(v, str) and v}
    return {}


def resolve(value: object, lang: str | None, default: str) -> Localised:
    """The text a reader of ``lang`` sees: their language, then ``default``, then any present.

    ``value`` is a plain string (written in ``default``), a language map, a
    :class:`Text`, or None (which resolves to an empty text in ``lang``).
    """
    wanted = lang or default
    if isinstance(value, Text):
        default = value.language
    chosen = _choose(translations(value, default), wanted, default)
    if chosen is None:
        return Localised("", wanted)
    return Localised(chosen[1], chosen[0], chosen[0] != wanted)


def _choose(texts: Mapping[str, str], wanted: str, default: str) -> tuple[str, str] | None:
    for code in (wanted, default):
        if texts.get(code):
            return code, texts[code]
    return next(iter(texts.items()), None)


def localised(value: object, lang: str | None, default: str) -> str:
    """Just the words of :func:`resolve`."""
    return resolve(value, lang, default).text


def every_language(value: object, default: str = "") -> str:
    """All translations of a text joined by spaces: what a search in any language matches."""
    return " ".join(dict.fromkeys(translations(value, default).values()))


def make_text(value: object, language: str) -> Text | None:
    """The typed form of a raw text field, or None when the field is absent or empty."""
    texts = translations(value, language)
    return Text(texts, language) if texts else None


def is_language_map(value: object) -> bool:
    """True for a mapping written as a text: language codes to strings."""
    return isinstance(value, Mapping) and all(
        isinstance(k, str) and LANGUAGE_CODE.match(k) for k in value
    )


# --- which fields are texts: read from the schemas, the one description of the format ---

TextPath = tuple[str, ...]  # field names; "[]" steps into every item of a list, "*" every key


def text_paths(schema_name: str) -> tuple[TextPath, ...]:
    """The paths of every text field a document kind (or ``config``) can hold."""
    return _TEXT_PATHS.get(schema_name) or _collect(schema_name)


_TEXT_PATHS: dict[str, tuple[TextPath, ...]] = {}


def _collect(schema_name: str) -> tuple[TextPath, ...]:
    import json

    from svcstd.schema import schema_text

    found: list[TextPath] = []
    _walk(json.loads(schema_text(schema_name)), (), found)
    _TEXT_PATHS[schema_name] = tuple(found)
    return _TEXT_PATHS[schema_name]


def _walk(node: object, path: TextPath, found: list[TextPath]) -> None:
    if not isinstance(node, Mapping):
        return
    ref = str(node.get("$ref", ""))
    if ref.endswith("/$defs/text"):
        found.append(path)
        return
    if ref.endswith("/$defs/text-list"):
        found.append((*path, "[]"))
        return
    for name, sub in node.get("properties", {}).items():
        _walk(sub, (*path, name), found)
    _walk(node.get("items"), (*path, "[]"), found)
    _walk(node.get("additionalProperties"), (*path, "*"), found)
    for keyword in ("oneOf", "anyOf"):
        for alternative in node.get(keyword, []):
            _walk(alternative, path, found)


def iter_texts(data: Mapping[str, Any], schema_name: str) -> Iterator[tuple[tuple[Any, ...], Any]]:
    """Every text field present in a document's data, with its JSON path, in schema order."""
    for pattern in text_paths(schema_name):
        yield from _expand(data, pattern, ())


def _expand(
    node: Any, rest: TextPath, at: tuple[Any, ...]
) -> Iterator[tuple[tuple[Any, ...], Any]]:
    if not rest:
        if isinstance(node, str) or is_language_map(node):
            yield at, node
        return
    head, tail = rest[0], rest[1:]
    if head == "[]" and isinstance(node, list):
        for i, item in enumerate(node):
            yield from _expand(item, tail, (*at, i))
    elif head == "*" and isinstance(node, Mapping):
        for key, item in node.items():
            yield from _expand(item, tail, (*at, key))
    elif isinstance(node, Mapping) and head in node:
        yield from _expand(node[head], tail, (*at, head))


def localise_data(data: dict[str, Any], schema_name: str, language: str) -> dict[str, Any]:
    """A copy of a document's data with every text field a :class:`Text`.

    The deprecated ``title_id``/``name_id`` still count: they become the Indonesian
    entry of ``title``/``name`` unless that map already has one.
    """
    out: dict[str, Any] = _copy_containers(data)
    for path, value in list(iter_texts(data, schema_name)):
        _set(out, path, make_text(value, language) or value)
    for legacy, (field, code) in LEGACY_FIELDS.items():
        extra, base = data.get(legacy), out.get(field)
        if isinstance(extra, str) and extra and isinstance(base, Text) and not base.get(code):
            out[field] = Text({**base.translations, code: extra}, language)
    return out


def _copy_containers(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _copy_containers(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_copy_containers(v) for v in value]
    return value


def _set(root: Any, path: tuple[Any, ...], value: Any) -> None:
    node = root
    for segment in path[:-1]:
        node = node[segment]
    node[path[-1]] = value
