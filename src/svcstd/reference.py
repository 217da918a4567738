"""Reference documentation generated from the schemas and the rule registry, so it cannot drift.

``python -m svcstd.reference`` rewrites the generated sections of docs/format.md and
docs/rules.md in place; a test fails when they are out of date.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from svcstd.resources import data_dir

BEGIN = "<!-- BEGIN GENERATED: {name} -->"
END = "<!-- END GENERATED: {name} -->"
SCHEMAS = ("config", "team", "role", "standard", "sop", "waiver", "feedback", "action")


def _load(name: str) -> dict[str, Any]:
    schema: dict[str, Any] = json.loads(
        (data_dir("schemas") / f"{name}.schema.json").read_text(encoding="utf-8")
    )
    return schema


def _resolve(node: dict[str, Any], common: dict[str, Any]) -> dict[str, Any]:
    ref = node.get("$ref")
    if not ref:
        return node
    target = common["$defs"][ref.rsplit("/", 1)[-1]]
    return {**target, **{k: v for k, v in node.items() if k != "$ref"}}


def _type_word(node: dict[str, Any], common: dict[str, Any]) -> str:
    ref = str(node.get("$ref", ""))
    if ref:
        return ref.rsplit("/", 1)[-1]
    if "const" in node:
        return f"`{node['const']}`"
    if "enum" in node:
        return " \\| ".join(f"`{v}`" for v in node["enum"])
    if "oneOf" in node:
        return " or ".join(_type_word(o, common) for o in node["oneOf"])
    kind = node.get("type", "any")
    if kind == "array":
        return f"list of {_type_word(node.get('items', {}), common)}"
    return {"string": "text", "object": "mapping", "boolean": "true/false"}.get(
        str(kind), str(kind)
    )


def _rows(node: dict[str, Any], common: dict[str, Any], prefix: str) -> Iterator[str]:
    node = _resolve(node, common)
    required = set(node.get("required", ()))
    for name, prop in node.get("properties", {}).items():
        path = f"{prefix}{name}"
        full = _resolve(prop, common)
        flag = "yes" if name in required else ""
        desc = prop.get("description") or full.get("description", "")
        yield f"| `{path}` | {_type_word(prop, common)} | {flag} | {desc} |"
        child = full.get("items") if full.get("type") == "array" else full
        child = _resolve(child or {}, common)
        if child.get("type") == "object" and "properties" in child:
            sep = "[]." if full.get("type") == "array" else "."
            yield from _rows(child, common, f"{path}{sep}")
        extra = full.get("additionalProperties")
        if isinstance(extra, dict) and "properties" in extra:
            yield from _rows(extra, common, f"{path}.<name>.")


def schema_reference() -> str:
    """Markdown tables of every field of every kind, from the schemas' descriptions."""
    common = _load("common")
    parts = []
    for name in SCHEMAS:
        schema = _load(name)
        title = "svcstd.yaml (configuration)" if name == "config" else f"kind: {name}"
        parts.append(f"### {title}\n\n{schema['description']}\n")
        parts.append("| field | type | required | meaning |\n|---|---|---|---|")
        # A schema's own $defs (a shape used twice in it) resolve like the common ones.
        scope = {"$defs": {**common["$defs"], **schema.get("$defs", {})}}
        parts.extend(_rows(schema, scope, ""))
        parts.append("")
    parts.append("### Value types\n\n| type | form |\n|---|---|")
    for def_name, d in common["$defs"].items():
        if d.get("type") != "object":
            parts.append(f"| {def_name} | {d['description']} |")
    return "\n".join(parts) + "\n"


def rules_reference() -> str:
    """A Markdown section per rule, from the registry's explanations."""
    from svcstd.lint.registry import load_rules

    RULES = load_rules()

    parts = ["| rule | default severity | what it checks |", "|---|---|---|"]
    parts += [
        f"| `{r.id}` | {r.severity}{'' if r.default_on else ' (off by default)'} | {r.summary} |"
        for r in RULES.values()
    ]
    for r in RULES.values():
        parts.append(f"\n#### `{r.id}`\n\n{r.explanation}")
    return "\n".join(parts) + "\n"


GENERATORS = {
    "docs/format.md": ("fields", schema_reference),
    "docs/rules.md": ("rules", rules_reference),
}


def replace_section(text: str, name: str, body: str) -> str:
    """Replace what stands between the BEGIN/END markers named ``name``."""
    begin, end = BEGIN.format(name=name), END.format(name=name)
    head, _, rest = text.partition(begin)
    _, _, tail = rest.partition(end)
    return f"{head}{begin}\n{body}{end}{tail}"


def main(root: Path) -> int:
    """Rewrite every generated section under root; return 0."""
    for rel, (name, generate) in GENERATORS.items():
        path = root / rel
        path.write_text(
            replace_section(path.read_text(encoding="utf-8"), name, generate()), encoding="utf-8"
        )
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(".")))
