"""``svcstd rules [RULE]``: list the lint rules, or explain one."""

from __future__ import annotations

from typing import Annotated

import typer

from svcstd.errors import EXIT_OK, UsageError

ORDER = 25


def command(
    rule: Annotated[
        str | None, typer.Argument(help="A rule id, e.g. ownership/topic-multiple-owners.")
    ] = None,
    format: Annotated[
        str, typer.Option("--format", "-f", help="Output format: text or json.")
    ] = "text",
) -> None:
    """List every lint rule with its default severity, or explain one rule.

    Severities can be changed, and rules switched off, in the rules: section of
    svcstd.yaml; see: svcstd docs lint.
    """
    if format not in ("text", "json"):
        raise UsageError(f"unknown format {format!r}", "use text or json")
    if rule is not None:
        raise typer.Exit(explain_rule(rule, format))
    raise typer.Exit(list_rules(format))


def list_rules(fmt: str = "text") -> int:
    """Print every rule: id, default severity, summary."""
    from svcstd.lint.registry import load_rules

    RULES = load_rules()

    if fmt == "json":
        return _print_json([_as_dict(r) for r in RULES.values()])
    width = max(len(r) for r in RULES)
    for r in RULES.values():
        off = "" if r.default_on else " (off by default: rules.enable)"
        typer.echo(f"{r.id:<{width}}  {r.severity!s:<7}  {r.summary}{off}")
    typer.echo(f"\n{len(RULES)} rules. 'svcstd rules RULE' explains one.")
    return EXIT_OK


def explain_rule(rule_id: str, fmt: str = "text") -> int:
    """Print one rule's explanation; an unknown id is a usage error with a suggestion."""
    import textwrap

    from svcstd.lint.registry import load_rules

    RULES = load_rules()
    from svcstd.suggest import did_you_mean

    rule = RULES.get(rule_id)
    if rule is None:
        hint = did_you_mean(rule_id, RULES) or "run 'svcstd rules' to list the rule ids"
        raise UsageError(f"unknown rule {rule_id!r}", hint)
    if fmt == "json":
        return _print_json(_as_dict(rule))
    notes = [str(rule.severity)]
    notes += ["error with --strict"] if rule.strict else []
    notes += [] if rule.default_on else ["off unless rules.enable lists it"]
    typer.echo(f"{rule.id} ({', '.join(notes)})")
    typer.echo(f"{rule.summary}\n")
    typer.echo(textwrap.fill(rule.explanation, width=80))
    for name, default in rule.options.items():
        typer.echo(f"\noption {name} (rules.options.{rule.id}.{name}), default: {default}")
    return EXIT_OK


def _as_dict(rule: object) -> dict[str, object]:
    from svcstd.lint.registry import Rule

    assert isinstance(rule, Rule)
    return {
        "id": rule.id,
        "severity": str(rule.severity),
        "summary": rule.summary,
        "explanation": rule.explanation,
        "options": rule.options,
        "default_on": rule.default_on,
    }


def _print_json(data: object) -> int:
    import json

    typer.echo(json.dumps(data, indent=2, ensure_ascii=False))
    return EXIT_OK
