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
from functools import cache
from typing import Any

from msgspec import Struct

LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}(-[A-Z]{2})?$")

# The deprecated one-field-per-language form: a title and its Indonesian twin.
LEGACY_FIELDS: dict[str, tuple[str, str]] = {"title_id": ("title", "id"), "name_id": ("name", "id")}


class Localised(Struct, frozen=True):
    """A text as one reader sees it: the words, their language, and whether they fell back."""

    text: str
    lang: str
    fallback: bool = False


class Text(str):
    """A text that also carries its other languages. Its ``str`` value is the text in the
    configuration's language, or, in a model built for a reader, in the reader's (with
    the usual fallback)."""

    translations: dict[str, str]
    language: str  # the configuration's language
    reader: str | None  # the reader's language the str value is in, when one was asked for

    def __new__(
        cls, translations: Mapping[str, str], language: str, reader: str | None = None
    ) -> Text:
        chosen = _choose(translations, reader or language, language)
        obj = super().__new__(cls, chosen[1] if chosen else "")
        obj.translations = dict(translations)
        obj.language, obj.reader = language, reader
        return obj

    def __reduce__(self) -> tuple[Any, ...]:
        # Texts travel through caches and worker processes; keep their languages.
        return (Text, (self.translations, self.language, self.reader))

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


def _register_with_yaml() -> None:
    # Model texts reach YAML writers (exports, imported feedback) as plain strings: in the
    # language they read in, like str() and json.dumps give them.
    import yaml

    for kind in (Text, Shown):
        yaml.SafeDumper.add_representer(kind, yaml.representer.SafeRepresenter.represent_str)


_register_with_yaml()


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
    if isinstance(value, Text):
        default = value.language  # a Text knows the configuration's language itself
    wanted = lang or default
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


def all_versions(value: object) -> list[str]:
    """The text in every language it is written in, the one it reads as first: what a name
    is matched against (a form or an HR export may use any of them)."""
    return list(dict.fromkeys([str(value), *translations(value, "").values()]))


def every_language(value: object, default: str = "") -> str:
    """All translations of a text joined by spaces: what a search in any language matches."""
    return " ".join(dict.fromkeys(translations(value, default).values()))


Located = tuple[tuple[Any, ...], str]  # a JSON path and the text found there


def versions(data: Mapping[str, Any], path: tuple[Any, ...]) -> Iterator[Located]:
    """Each language version of the text at ``path`` in a document's raw data, with the
    path of that version: rules that read prose check every language, and point at it."""
    value: Any = data
    for segment in path:
        try:
            value = value[segment]
        except (KeyError, IndexError, TypeError):
            return
    if isinstance(value, str):
        yield path, value
    elif is_language_map(value):
        for code, words in value.items():
            if isinstance(words, str):
                yield (*path, code), words


def localise_tree(data: Any, lang: str, default: str) -> Any:
    """A copy of plain data (dicts, lists, scalars) with every :class:`Text` in it resolved
    for a reader of ``lang``: how an answer built from the model speaks the reader's language."""
    if isinstance(data, Text):
        return resolve(data, lang, default).text
    if isinstance(data, dict):
        return {k: localise_tree(v, lang, default) for k, v in data.items()}
    if isinstance(data, list | tuple):
        return [localise_tree(v, lang, default) for v in data]
    return data


def make_text(value: object, language: str, reader: str | None = None) -> Text | None:
    """The typed form of a raw text field, or None when the field is absent or empty."""
    texts = translations(value, language)
    return Text(texts, language, reader) if texts else None


def is_language_map(value: object) -> bool:
    """True for a mapping written as a text: language codes to strings."""
    return isinstance(value, Mapping) and all(
        isinstance(k, str) and LANGUAGE_CODE.match(k) and isinstance(v, str)
        for k, v in value.items()
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
    schema = json.loads(schema_text(schema_name))
    _walk(schema, (), found, schema)
    _TEXT_PATHS[schema_name] = tuple(found)
    return _TEXT_PATHS[schema_name]


def _walk(node: object, path: TextPath, found: list[TextPath], root: Mapping[str, Any]) -> None:
    if not isinstance(node, Mapping):
        return
    ref = str(node.get("$ref", ""))
    if ref.endswith("/$defs/text"):
        found.append(path)
        return
    if ref.endswith("/$defs/text-list"):
        found.append((*path, "[]"))
        return
    if ref.startswith("#/$defs/"):  # a shape the schema defines once and uses twice
        _walk(root.get("$defs", {}).get(ref.rsplit("/", 1)[-1]), path, found, root)
    for name, sub in node.get("properties", {}).items():
        _walk(sub, (*path, name), found, root)
    _walk(node.get("items"), (*path, "[]"), found, root)
    _walk(node.get("additionalProperties"), (*path, "*"), found, root)
    for keyword in ("oneOf", "anyOf"):
        for alternative in node.get(keyword, []):
            _walk(alternative, path, found, root)


def is_text_path(schema_name: str, path: tuple[Any, ...]) -> bool:
    """True when ``path`` (list items by position or by key) is a text field of the kind."""
    return any(
        len(pattern) == len(path)
        and all(p in ("[]", "*") or p == str(q) for p, q in zip(pattern, path, strict=True))
        for pattern in text_paths(schema_name)
    )


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


def localise_data(
    data: dict[str, Any], schema_name: str, language: str, reader: str | None = None
) -> dict[str, Any]:
    """A copy of a document's data with every text field a :class:`Text` (whose str value
    is in the reader's language when one is given).

    The deprecated ``title_id``/``name_id`` still count: they become the Indonesian
    entry of ``title``/``name`` unless that map already has one.
    """
    out: dict[str, Any] = _localised(data, _text_trie(schema_name), language, reader)
    for legacy, (field, _) in LEGACY_FIELDS.items():
        if legacy in data and field in data:
            merged = with_legacy(data, legacy, language)
            out[field] = make_text(merged, language, reader) or out[field]
    return out


def with_legacy(data: Mapping[str, Any], legacy: str, language: str) -> Any:
    """The text of ``title`` (or ``name``) with its deprecated ``title_id`` folded in, as a
    language map: what the old form meant, and what ``svcstd lint --fix`` writes.

    The old form showed ``title_id`` to Indonesian readers and ``title`` to everyone
    else, so a plain title becomes the configuration's language, or English when that
    is Indonesian itself. A map that already has an Indonesian entry keeps it.
    """
    field, code = LEGACY_FIELDS[legacy]
    base, extra = data.get(field), data.get(legacy)
    if not isinstance(extra, str) or not extra:
        return base
    if isinstance(base, str):
        return {(language if language != code else "en"): base, code: extra}
    if isinstance(base, Mapping):
        return {**base, code: base.get(code) or extra}
    return base


# A trie of a kind's text paths: each step's key ("[]", "*" or a field name) leads to the
# steps below it, and _LEAF marks where a whole text stands.
_Trie = dict[object, Any]
_LEAF = object()


@cache
def _text_trie(schema_name: str) -> _Trie:
    trie: _Trie = {}
    for pattern in text_paths(schema_name):
        node = trie
        for step in pattern:
            node = node.setdefault(step, {})
        node[_LEAF] = True
    return trie


def _localised(node: Any, trie: _Trie, language: str, reader: str | None) -> Any:
    """A copy of ``node``'s containers with the texts the trie points at made Text: one walk
    over the document instead of a copy and then a walk per text path."""
    if _LEAF in trie and (isinstance(node, str) or is_language_map(node)):
        return make_text(node, language, reader) or node
    if isinstance(node, dict):
        every = trie.get("*")
        return {k: _localised_or_copied(v, _step(trie.get(k), every), language, reader)
                for k, v in node.items()}  # fmt: skip
    if isinstance(node, list):
        items = trie.get("[]")
        return [_localised_or_copied(v, items, language, reader) for v in node]
    return node


def _localised_or_copied(node: Any, trie: _Trie | None, language: str, reader: str | None) -> Any:
    return _copy_containers(node) if trie is None else _localised(node, trie, language, reader)


def _step(named: _Trie | None, every: _Trie | None) -> _Trie | None:
    """The trie below a key that both its own name and "*" may lead into."""
    if named is None or every is None:
        return named or every
    merged = {**every, **named}
    for key in every.keys() & named.keys():
        if key is not _LEAF:
            merged[key] = _step(named[key], every[key])
    return merged


def _copy_containers(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _copy_containers(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_copy_containers(v) for v in value]
    return value
