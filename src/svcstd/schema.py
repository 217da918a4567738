"""JSON Schema validation of documents, with errors rewritten for people who are not programmers.

Two validators, one schema: jsonschema-rs (compiled, in Rust) answers "is this
document valid?" for every document, hundreds of times faster than the
pure-Python jsonschema; only documents it rejects go through jsonschema, whose
detailed errors carry the paths and keywords that the messages below need.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping
from functools import cache
from typing import TYPE_CHECKING, Any

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


def validate_document(doc: SourceDocument) -> list[Finding]:
    """Schema findings for one document, located at the offending key or value."""
    kind = doc.data.get("kind")
    if kind not in KINDS:
        return [_kind_finding(doc, kind)]
    return list(iter_schema_findings(doc, str(kind)))


def iter_schema_findings(doc: SourceDocument, schema_name: str) -> Iterator[Finding]:
    """Translate every schema error of doc against the named schema into findings."""
    if fast_validator(schema_name).is_valid(doc.data):
        return
    errors = sorted(
        validator(schema_name).iter_errors(doc.data), key=lambda e: list(map(str, e.path))
    )
    for error in errors:
        yield from _translate(doc, error)


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


def _translate(doc: SourceDocument, error: ValidationError) -> Iterator[Finding]:
    path: JsonPath = tuple(error.absolute_path)
    explain = _EXPLAIN.get(str(error.validator), _explain_generic)
    for sub_path, message, hint, at_key in explain(error):
        full = path + sub_path
        line, col = doc.where(full, key=at_key)
        where = format_path(full)
        text = f"{where}: {message}" if where else message
        yield Finding(doc.file, line, col, "schema/invalid", Severity.ERROR, text, hint, full)


Explanation = tuple[JsonPath, str, str | None, bool]


def _schema_of(error: ValidationError) -> Mapping[str, Any]:
    # jsonschema types it Mapping | bool | Unset, but every keyword error comes from a
    # mapping schema: the boolean schema `false` and the Unset sentinel carry no keywords.
    return error.schema if isinstance(error.schema, Mapping) else {}


def _values_of(error: ValidationError) -> list[Any]:
    # The lists of enum, anyOf and oneOf; typed Any | Unset because other keywords differ.
    return error.validator_value if isinstance(error.validator_value, list) else []


def _explain_additional(error: ValidationError) -> Iterator[Explanation]:
    allowed = sorted(_schema_of(error).get("properties", {}))
    fields = error.instance if isinstance(error.instance, Mapping) else {}
    for name in sorted(set(fields) - set(allowed)):
        hint = did_you_mean(name, allowed) or f"allowed fields: {', '.join(allowed)}"
        yield (name,), f"unknown field {name!r}", hint, True


def _explain_required(error: ValidationError) -> Iterator[Explanation]:
    missing = error.message.split("'")[1] if "'" in error.message else str(error.validator_value)
    yield (), f"missing required field {missing!r}", f"add '{missing}:' here", True


def _explain_type(error: ValidationError) -> Iterator[Explanation]:
    wanted = error.validator_value
    wanted_word = (
        _TYPE_WORDS.get(wanted, str(wanted)) if isinstance(wanted, str) else "another type"
    )
    got = error.instance
    hint = None
    if wanted == "string" and isinstance(got, int | float | bool):
        hint = f"put the value in quotes: '{_yaml_text(got)}'"
    elif wanted == "boolean" and isinstance(got, str):
        hint = "write true or false"
    yield (), f"expected {wanted_word}, got {_describe(got)}", hint, False


def _explain_pattern(error: ValidationError) -> Iterator[Explanation]:
    custom = _schema_of(error).get("x-message")
    if custom:
        yield (), f"{json.dumps(error.instance, ensure_ascii=False)} {custom}", None, False
    else:
        yield (
            (),
            f"{error.instance!r} does not have the expected form",
            _schema_of(error).get("description"),
            False,
        )


def _explain_enum(error: ValidationError) -> Iterator[Explanation]:
    options = [str(o) for o in _values_of(error)]
    hint = did_you_mean(str(error.instance), options) or f"use one of: {', '.join(options)}"
    yield (), f"{error.instance!r} is not one of the allowed values", hint, False


def _explain_const(error: ValidationError) -> Iterator[Explanation]:
    yield (), f"must be {error.validator_value!r}, not {error.instance!r}", None, False


def _explain_alternatives(error: ValidationError) -> Iterator[Explanation]:
    description = _schema_of(error).get("description")
    if error.validator == "anyOf" and all("required" in s for s in _values_of(error)):
        names = [s["required"][0] for s in _values_of(error)]
        yield (), f"needs at least one of: {', '.join(names)}", f"add '{names[0]}:'", False
        return
    yield (), f"{_describe(error.instance)} is not allowed here", description, False


def _explain_size(error: ValidationError) -> Iterator[Explanation]:
    if error.validator in ("minItems", "minProperties"):
        yield (), "must not be empty", "add at least one item, or remove the field", False
    elif error.validator == "minLength":
        yield (), "must not be empty", "write a value, or remove the field", False
    elif error.validator == "uniqueItems":
        yield (), "lists the same item twice", "remove the repeated item", False
    else:
        yield (), f"is too long ({error.message})", None, False


def _explain_generic(error: ValidationError) -> Iterator[Explanation]:
    yield (), error.message, _schema_of(error).get("description"), False


_EXPLAIN: dict[str, Callable[[ValidationError], Iterator[Explanation]]] = {
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
