"""JSON Schema validation of documents, with errors rewritten for people who are not programmers.

Two validators, one schema: jsonschema-rs (compiled, in Rust) answers "is this
document valid?" for every document, hundreds of times faster than the
pure-Python jsonschema; only documents it rejects go through jsonschema, whose
detailed errors carry the paths and keywords that the messages below need.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Mapping
from functools import cache
from typing import TYPE_CHECKING, Any

from msgspec import Struct

from svcstd.findings import Finding, JsonPath, Severity, format_path
from svcstd.kinds import KINDS
from svcstd.loader import SourceDocument
from svcstd.resources import data_dir
from svcstd.suggest import did_you_mean

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import ValidationError
    from jsonschema_rs import Validator as FastValidator

_TYPE_WORDS = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "array": "a list",
    "object": "a mapping of 'key: value' lines",
    "null": "nothing",
}


def schema_text(name: str) -> str:
    """The raw JSON text of one schema file (``team``, ``common``, ``config``…)."""
    return (data_dir("schemas") / f"{name}.schema.json").read_text(encoding="utf-8")


@cache
def fast_validator(name: str) -> FastValidator:
    """The compiled validator for one schema; common.schema.json is served from the package."""
    import jsonschema_rs

    common = json.loads(schema_text("common"))

    def retrieve(uri: str) -> Any:
        if uri.endswith("/common.schema.json"):
            return common
        raise ValueError(f"svcstd's schemas refer to nothing outside the package: {uri}")

    return jsonschema_rs.Draft202012Validator(
        json.loads(schema_text(name)),
        retriever=retrieve,
        validate_formats=True,
        base_uri=f"file:///svcstd/schemas/{name}.schema.json",
    )


@cache
def validator(name: str) -> Draft202012Validator:
    """The detailed validator for one schema, built once; $refs resolve from the package."""
    from jsonschema import Draft202012Validator
    from referencing import Registry, Resource

    common = Resource.from_contents(json.loads(schema_text("common")))
    registry: Registry[Any] = Registry().with_resource("common.schema.json", common)
    return Draft202012Validator(
        json.loads(schema_text(name)),
        registry=registry,
        format_checker=Draft202012Validator.FORMAT_CHECKER,
    )


@cache
def _id_form() -> re.Pattern[str]:
    return re.compile(json.loads(schema_text("common"))["$defs"]["id"]["pattern"])


def is_id(value: str) -> bool:
    """True when value has the form of an id (common.schema.json's ``$defs/id``)."""
    return len(value) <= 64 and _id_form().match(value) is not None


def validate_document(doc: SourceDocument, source: str | None = None) -> list[Finding]:
    """Schema findings for one document, located at the offending key or value.

    ``source`` is the file's text, when the caller has it: hints quote a value as the
    author wrote it (``2.50``, not the number YAML made of it). Without it, the file
    is read again only if such a hint needs it.
    """
    kind = doc.data.get("kind")
    if kind not in KINDS:
        return [_kind_finding(doc, kind)]
    return list(iter_schema_findings(doc, str(kind), source))


def iter_schema_findings(
    doc: SourceDocument, schema_name: str, source: str | None = None
) -> Iterator[Finding]:
    """Translate every schema error of doc against the named schema into findings."""
    if fast_validator(schema_name).is_valid(doc.data):
        return
    errors = sorted(
        validator(schema_name).iter_errors(doc.data), key=lambda e: list(map(str, e.path))
    )
    subject = Subject(doc, source)
    seen: set[JsonPath] = set()
    for error in errors:
        yield from _translate(subject, error, seen)


class Subject(Struct):
    """The document being explained, and its source text once something needed it."""

    doc: SourceDocument
    source: str | None = None

    def written(self, path: JsonPath, value: object) -> str:
        """The scalar at path as the author typed it, when it reads back as value."""
        line, col = self.doc.where(path)
        lines = self._lines()
        if 0 < line <= len(lines):
            match = _PLAIN_SCALAR.match(lines[line - 1], col - 1)
            if match and _reads_as(match.group(), value):
                return match.group()
        return _yaml_text(value)

    def _lines(self) -> list[str]:
        if self.source is None:
            try:
                with open(self.doc.file, encoding="utf-8", errors="replace") as file:
                    self.source = file.read()
            except OSError:
                self.source = ""
        return self.source.splitlines()


# A plain (unquoted) YAML scalar in block or flow style: numbers, booleans, dates.
_PLAIN_SCALAR = re.compile(r"[^\s,\[\]{}#]+")


def _reads_as(text: str, value: object) -> bool:
    """True when YAML reads text as value: the text found is really the value's source."""
    import yaml

    try:
        parsed = yaml.safe_load(text)
    except yaml.YAMLError:
        return False
    return type(parsed) is type(value) and parsed == value


def _kind_finding(doc: SourceDocument, kind: object) -> Finding:
    if kind is None:
        line, col = doc.where(())
        message, hint = (
            "missing 'kind'",
            f"start the file with 'kind:' and one of: {', '.join(KINDS)}",
        )
    else:
        line, col = doc.where(("kind",))
        message = f"kind: {kind!r} is not a document kind"
        hint = did_you_mean(str(kind), KINDS) or f"use one of: {', '.join(KINDS)}"
    return Finding(doc.file, line, col, "schema/kind", Severity.ERROR, message, hint, ("kind",))


# The last resort, so that no schema finding goes without a hint.
FORMAT_HINT = "the fields and the form of each: svcstd docs format"


def _translate(subject: Subject, error: ValidationError, seen: set[JsonPath]) -> Iterator[Finding]:
    doc = subject.doc
    path: JsonPath = tuple(error.absolute_path)
    explain = _EXPLAIN.get(str(error.validator), _explain_generic)
    for sub_path, message, hint, at_key in explain(error, subject):
        full = path + sub_path
        line, col = doc.where(full, key=at_key)
        if not at_key:
            # One finding per value: a value breaking two keywords (its pattern and its
            # length, say) is one mistake, told by the first. Missing and unknown
            # fields are reported at keys, each its own finding.
            if full in seen:
                continue
            seen.add(full)
        where = format_path(full)
        text = f"{where}: {message}" if where else message
        hint = hint or _schema_of(error).get("description") or FORMAT_HINT
        yield Finding(doc.file, line, col, "schema/invalid", Severity.ERROR, text, hint, full)


Explanation = tuple[JsonPath, str, str | None, bool]


def _schema_of(error: ValidationError) -> Mapping[str, Any]:
    # jsonschema types it Mapping | bool | Unset, but every keyword error comes from a
    # mapping schema: the boolean schema `false` and the Unset sentinel carry no keywords.
    return error.schema if isinstance(error.schema, Mapping) else {}


def _values_of(error: ValidationError) -> list[Any]:
    # The lists of enum, anyOf and oneOf; typed Any | Unset because other keywords differ.
    return error.validator_value if isinstance(error.validator_value, list) else []


def _explain_additional(error: ValidationError, subject: Subject) -> Iterator[Explanation]:
    allowed = sorted(_schema_of(error).get("properties", {}))
    patterns = [re.compile(p) for p in _schema_of(error).get("patternProperties", {})]
    fields = error.instance if isinstance(error.instance, Mapping) else {}
    for name in sorted(set(fields) - set(allowed)):
        if any(p.search(name) for p in patterns):
            continue  # another language of a language map, e.g. 'jv' or 'pt-BR'
        hint = did_you_mean(name, allowed) or did_you_mean(name.lower(), allowed)
        if patterns:
            hint = hint or "the keys of a language map are language codes: en, id, pt-BR…"
        hint = hint or f"allowed fields: {', '.join(allowed)}"
        yield (name,), f"unknown field {name!r}", hint, True


def _explain_required(error: ValidationError, subject: Subject) -> Iterator[Explanation]:
    missing = error.message.split("'")[1] if "'" in error.message else str(error.validator_value)
    yield (), f"missing required field {missing!r}", f"add '{missing}:' here", True


def _explain_type(error: ValidationError, subject: Subject) -> Iterator[Explanation]:
    wanted = error.validator_value
    wanted_word = (
        _TYPE_WORDS.get(wanted, str(wanted)) if isinstance(wanted, str) else "another type"
    )
    got = error.instance
    hint = f"write {wanted_word} here"
    if wanted == "string" and isinstance(got, int | float | bool):
        written = subject.written(tuple(error.absolute_path), got)
        hint = f"put the value in quotes: '{written}'"
    elif wanted == "boolean" and isinstance(got, str):
        hint = "write true or false"
    elif wanted in ("array", "object") and isinstance(_schema_of(error).get("description"), str):
        hint = f"write {wanted_word}: {_schema_of(error)['description']}"
    yield (), f"expected {wanted_word}, got {_describe(got)}", hint, False


def _explain_pattern(error: ValidationError, subject: Subject) -> Iterator[Explanation]:
    custom = _schema_of(error).get("x-message")
    if custom:
        hint = _id_hint(error) if error.validator_value == _id_form().pattern else None
        message = f"{json.dumps(error.instance, ensure_ascii=False)} {custom}"
        yield (), message, hint or _schema_of(error).get("description"), False
    else:
        yield (
            (),
            f"{error.instance!r} does not have the expected form",
            _schema_of(error).get("description"),
            False,
        )


def _id_hint(error: ValidationError) -> str | None:
    """For an id being defined, the expected form made from what was written
    ('Admin Invoicing' -> 'admin-invoicing'); for a reference, what it must name."""
    path = tuple(error.absolute_path)
    if not path or path[-1] != "id":
        # A made-up id would name nothing: a reference must name an id that exists.
        return "name an existing id here: lower-case words joined by hyphens"
    words = re.findall(r"[a-z0-9]+", str(error.instance).lower())
    while words and not words[0][0].isalpha():
        words.pop(0)
    candidate = "-".join(words)[:64].rstrip("-")
    return f"write it as {candidate!r}" if candidate and is_id(candidate) else None


def _explain_enum(error: ValidationError, subject: Subject) -> Iterator[Explanation]:
    options = [str(o) for o in _values_of(error)]
    hint = did_you_mean(str(error.instance), options) or f"use one of: {', '.join(options)}"
    yield (), f"{error.instance!r} is not one of the allowed values", hint, False


def _explain_const(error: ValidationError, subject: Subject) -> Iterator[Explanation]:
    yield (
        (),
        f"must be {error.validator_value!r}, not {error.instance!r}",
        f"write {error.validator_value!r}",
        False,
    )


def _explain_alternatives(error: ValidationError, subject: Subject) -> Iterator[Explanation]:
    branch = _branch_of(error)
    if branch is not None:
        # One alternative has the value's type (a list or a mapping, say): what is wrong
        # inside that one is the useful message, not "a mapping is not allowed here".
        inner = tuple(branch.absolute_path)[len(error.absolute_path) :]
        explain = _EXPLAIN.get(str(branch.validator), _explain_generic)
        for sub_path, message, hint, at_key in explain(branch, subject):
            yield inner + sub_path, message, hint, at_key
        return
    description = _schema_of(error).get("description")
    if error.validator == "anyOf" and all("required" in s for s in _values_of(error)):
        names = [s["required"][0] for s in _values_of(error)]
        yield (), f"needs at least one of: {', '.join(names)}", f"add '{names[0]}:'", False
        return
    yield (), f"{_describe(error.instance)} is not allowed here", description, False


_PY_TYPES: dict[str, type | tuple[type, ...]] = {
    "object": dict,
    "array": list,
    "string": str,
    "integer": int,
    "number": (int, float),
    "boolean": bool,
}


def _branch_of(error: ValidationError) -> ValidationError | None:
    """The error inside the only alternative whose type the value has, if there is one.

    A number or true/false where text is expected (a plain string or a language map)
    is explained as the text alternative: the fix is quoting the value.
    """
    from jsonschema.exceptions import best_match

    alternatives = _values_of(error)
    fits = [
        i
        for i, alternative in enumerate(alternatives)
        if isinstance(alternative, dict)
        and isinstance(error.instance, _PY_TYPES.get(str(alternative.get("type")), ()))
    ]
    if not fits and isinstance(error.instance, int | float | bool):
        fits = [
            i
            for i, alternative in enumerate(alternatives)
            if isinstance(alternative, dict) and alternative.get("type") == "string"
        ]
    if len(fits) != 1:
        return None
    inner = [e for e in error.context or () if list(e.relative_schema_path)[:1] == fits]
    return best_match(inner) if inner else None


def _explain_size(error: ValidationError, subject: Subject) -> Iterator[Explanation]:
    if error.validator in ("minItems", "minProperties"):
        yield (), "must not be empty", "add at least one item, or remove the field", False
    elif error.validator == "minLength":
        yield (), "must not be empty", "write a value, or remove the field", False
    elif error.validator == "uniqueItems":
        yield (), "lists the same item twice", "remove the repeated item", False
    else:
        limit = error.validator_value
        yield (
            (),
            f"is too long ({error.message})",
            f"shorten it to at most {limit} characters",
            False,
        )


def _explain_generic(error: ValidationError, subject: Subject) -> Iterator[Explanation]:
    yield (), error.message, _schema_of(error).get("description"), False


_EXPLAIN: dict[str, Callable[[ValidationError, Subject], Iterator[Explanation]]] = {
    "additionalProperties": _explain_additional,
    "required": _explain_required,
    "type": _explain_type,
    "pattern": _explain_pattern,
    "format": _explain_pattern,
    "enum": _explain_enum,
    "const": _explain_const,
    "oneOf": _explain_alternatives,
    "anyOf": _explain_alternatives,
    "minItems": _explain_size,
    "minLength": _explain_size,
    "minProperties": _explain_size,
    "uniqueItems": _explain_size,
    "maxLength": _explain_size,
}


def _describe(value: object) -> str:
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return "nothing" if value is None else type(value).__name__


def _yaml_text(value: object) -> str:
    return str(value).lower() if isinstance(value, bool) else str(value)
