"""The model rules, one module per family; importing this package registers them all."""

from svcstd.lint.rules import (  # noqa: F401  (imported to register their rules)
    calendars,
    chains,
    coverage,
    feedback,
    history,
    i18n,
    lifecycle,
    organisation,
    ownership,
    people,
    sops,
    targets,
    text,
)
