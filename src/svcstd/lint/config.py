"""The ``rules:`` section of svcstd.yaml: severities, disabled rules, per-path overrides, options.

A setting that names no rule, or a severity that does not exist, is a ConfigError
(exit 2): a misspelt rule id would otherwise silently switch nothing off.
"""

from __future__ import annotations

from fnmatch import fnmatch
from typing import Any

from msgspec import Struct, field

from svcstd.errors import ConfigError
from svcstd.findings import Severity
from svcstd.lint.registry import RULES
from svcstd.suggest import did_you_mean

DISABLED = None  # what severity_for returns for a switched-off rule


class Override(Struct):
    """Settings that apply to files matching one of ``paths`` (globs relative to the root)."""

    paths: list[str]
    severity: dict[str, Severity] = field(default_factory=dict)
    disable: set[str] = field(default_factory=set)

    def matches(self, rel: str) -> bool:
        return any(fnmatch(rel, p) or fnmatch(rel, f"*/{p}") for p in self.paths)


class LintConfig(Struct):
    """Rule settings resolved against the registry."""

    severity: dict[str, Severity] = field(default_factory=dict)
    disable: set[str] = field(default_factory=set)
    overrides: list[Override] = field(default_factory=list)
    options: dict[str, dict[str, Any]] = field(default_factory=dict)
    strict: bool = False

    def severity_for(self, rule_id: str, rel: str, found: Severity) -> Severity | None:
        """The severity a finding of ``rule_id`` in file ``rel`` gets, or None when disabled."""
        rule = RULES.get(rule_id)
        severity = (rule.strict if rule and self.strict and rule.strict else None) or found
        disabled = rule_id in self.disable
        severity = self.severity.get(rule_id, severity)
        for override in self.overrides:
            if override.matches(rel):
                disabled = disabled or rule_id in override.disable
                severity = override.severity.get(rule_id, severity)
        return DISABLED if disabled else severity

    def option(self, rule_id: str, name: str) -> Any:
        """A rule option: the configured value, else the rule's default."""
        return self.options.get(rule_id, {}).get(name, RULES[rule_id].options[name])


def parse_lint_config(rules: dict[str, Any], strict: bool = False) -> LintConfig:
    """Read and check the ``rules:`` mapping of the configuration."""
    enable = set(_rule_ids(rules.get("enable", []), "rules.enable"))
    # A rule that is off by default stays off unless rules.enable names it.
    dormant = {r.id for r in RULES.values() if not r.default_on and r.id not in enable}
    return LintConfig(
        severity=_severities(rules.get("severity", {}), "rules.severity"),
        disable=set(_rule_ids(rules.get("disable", []), "rules.disable")) | dormant,
        overrides=[_override(o, i) for i, o in enumerate(rules.get("overrides", []))],
        options=_options(rules.get("options", {})),
        strict=strict,
    )


def _override(data: dict[str, Any], i: int) -> Override:
    where = f"rules.overrides[{i}]"
    return Override(
        list(data["paths"]),
        _severities(data.get("severity", {}), f"{where}.severity"),
        set(_rule_ids(data.get("disable", []), f"{where}.disable")),
    )


def _rule_ids(ids: list[str], where: str) -> list[str]:
    for rule_id in ids:
        if rule_id not in RULES:
            hint = did_you_mean(rule_id, RULES) or "run 'svcstd rules' to list the rule ids"
            raise ConfigError(f"svcstd.yaml: {where}: unknown rule {rule_id!r}", hint)
    return ids


def _severities(data: dict[str, str], where: str) -> dict[str, Severity]:
    _rule_ids(list(data), where)
    out = {}
    for rule_id, text in data.items():
        try:
            out[rule_id] = Severity.parse(str(text))
        except ValueError as exc:
            raise ConfigError(
                f"svcstd.yaml: {where}.{rule_id}: {exc}", "write error, warning or info"
            ) from None
    return out


def _options(data: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    _rule_ids(list(data), "rules.options")
    for rule_id, values in data.items():
        known = RULES[rule_id].options
        for name in values:
            if name not in known:
                hint = (
                    did_you_mean(name, known)
                    or f"options of {rule_id}: {', '.join(known) or 'none'}"
                )
                raise ConfigError(
                    f"svcstd.yaml: rules.options.{rule_id}: unknown option {name!r}", hint
                )
            _check_type(rule_id, name, values[name], known[name])
    return data


def _check_type(rule_id: str, name: str, value: Any, default: Any) -> None:
    # Options take the form of their default (a number, a list, a mapping of lists…).
    if isinstance(value, bool) != isinstance(default, bool) or not isinstance(value, type(default)):
        raise ConfigError(
            f"svcstd.yaml: rules.options.{rule_id}.{name}: expected "
            f"{type(default).__name__}, got {value!r}",
            f"the default is {default!r}",
        )
